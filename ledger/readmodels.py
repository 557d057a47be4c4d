"""Read models: what the ledger says about tasks and units, for commands, flows and artifacts.

Plain queries returning plain values (no rendering): `dondoc tasks`, `dondoc status` and the
flows' reports read the ledger only through here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ledger.dbapi import Reader, as_date, as_instant, as_optional_date
from ledger.transitions import Standing, TaskFacts, standing_on, status_on
from obligations.text import vn_sort_key

STANDINGS = (
    Standing.DONE_ON_TIME,
    Standing.DONE_LATE,
    Standing.OPEN_IN_TIME,
    Standing.OVERDUE,
    Standing.WAIVED,
)

_TASK_COLUMNS = (
    "id, obligation_id, unit_code, occurrence_key, occurrence_label, window_start, window_end, "
    "opens_on, due_on, status, submitted_at, document_ref, escalation_level, closed_on, "
    "step_id, step_kind, family, done_on"
)


def _facts(row: tuple[Any, ...]) -> TaskFacts:
    """(status, opens_on, due_on, submitted_at, closed_on) columns as the state machine's facts."""
    status, opens_on, due_on, submitted_at, closed_on = row
    return TaskFacts(
        status,
        as_date(opens_on),
        as_date(due_on),
        as_instant(submitted_at),
        as_optional_date(closed_on),
    )


def task_json(row: tuple[Any, ...], as_of: date | None) -> dict[str, Any]:
    """One task row (`_TASK_COLUMNS`) in the stable JSON shape of `dondoc tasks --json`.

    `period_key` and `period_label` name the task's occurrence (a report period, a quarter's
    meeting, a festival's year …): the shape of the report-only ledger, kept for its readers.
    """
    (task_id, obligation, unit, key, label, start, end, opens, due, status, submitted, ref,
     level, closed, step, step_kind, family, done_on) = row  # fmt: skip
    if as_of:
        status = status_on(_facts((status, opens, due, submitted, closed)), as_of).value
    submitted_at = as_instant(submitted)
    return {
        "id": task_id,
        "obligation": obligation,
        "unit": unit,
        "period_key": key,
        "period_label": label,
        "window_start": str(as_date(start)) if start is not None else None,
        "window_end": str(as_date(end)) if end is not None else None,
        "opens_on": str(as_date(opens)),
        "due_on": str(as_date(due)),
        "status": status,
        "submitted_at": submitted_at.isoformat() if submitted_at else None,
        "document_ref": ref,
        "escalation_level": level,
        "family": family,
        "step": step,
        "step_kind": step_kind,
        "done_on": str(as_date(done_on)) if done_on is not None else None,
    }


def task_rows(
    reader: Reader,
    *,
    as_of: date | None = None,
    unit: str | None = None,
    obligation: str | None = None,
) -> list[dict[str, Any]]:
    """Tasks by deadline; with `as_of`, those opened by that day, with their status at its end."""
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if unit:
        where.append("unit_code = ?")
        params.append(unit)
    if obligation:
        where.append("obligation_id = ?")
        params.append(obligation)
    if as_of:
        where.append("opens_on <= ?")
        params.append(as_of)
    sql = (
        f"SELECT {_TASK_COLUMNS} FROM tasks WHERE {' AND '.join(where)} "
        "ORDER BY due_on, obligation_id, unit_code, step_id"
    )
    return [task_json(row, as_of) for row in reader.rows(sql, params)]


@dataclass(frozen=True)
class UnitStanding:
    code: str
    name: str
    counts: dict[str, int] = field(default_factory=dict)  # Standing → number of tasks


def standings(reader: Reader, day: date) -> list[UnitStanding]:
    """Per unit, the tasks opened by `day` in each standing at its end, in Vietnamese order."""
    names = {str(code): str(name) for code, name in reader.rows("SELECT code, name FROM units")}
    counts: dict[str, dict[str, int]] = {}
    rows = reader.rows(
        "SELECT unit_code, status, opens_on, due_on, submitted_at, closed_on FROM tasks "
        "WHERE opens_on <= ?",
        [day],
    )
    for unit_code, *facts in rows:
        standing = standing_on(_facts(tuple(facts)), day)
        if standing is None:
            continue
        per_unit = counts.setdefault(unit_code, dict.fromkeys(STANDINGS, 0))
        per_unit[standing] += 1
    found = [UnitStanding(code, names.get(code, code), values) for code, values in counts.items()]
    return sorted(found, key=lambda row: (vn_sort_key(row.name), row.code))
