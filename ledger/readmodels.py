"""Read models: what the ledger says about tasks and units, for commands, flows and artifacts.

Plain queries returning plain values (no rendering): `dondoc tasks`, `dondoc status` and the
flows' reports read the ledger only through here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.models import Task, Unit
from ledger.transitions import Standing, TaskFacts, standing_on, status_on
from obligations.text import vn_sort_key

STANDINGS = (
    Standing.DONE_ON_TIME,
    Standing.DONE_LATE,
    Standing.OPEN_IN_TIME,
    Standing.OVERDUE,
    Standing.WAIVED,
)


def _facts(task: Task) -> TaskFacts:
    return TaskFacts(task.status, task.opens_on, task.due_on, task.submitted_at, task.closed_on)


def task_json(task: Task, as_of: date | None) -> dict[str, Any]:
    """One task in the stable JSON shape of `dondoc tasks --json`."""
    status = status_on(_facts(task), as_of).value if as_of else task.status
    return {
        "id": task.id,
        "obligation": task.obligation_id,
        "unit": task.unit_code,
        "period_key": task.period_key,
        "period_label": task.period_label,
        "window_start": task.window_start.isoformat(),
        "window_end": task.window_end.isoformat(),
        "opens_on": task.opens_on.isoformat(),
        "due_on": task.due_on.isoformat(),
        "status": status,
        "submitted_at": task.submitted_at.isoformat() if task.submitted_at else None,
        "document_ref": task.document_ref,
        "escalation_level": task.escalation_level,
    }


def task_rows(
    session: Session,
    *,
    as_of: date | None = None,
    unit: str | None = None,
    obligation: str | None = None,
) -> list[dict[str, Any]]:
    """Tasks by deadline; with `as_of`, those opened by that day, with their status at its end."""
    query = select(Task).order_by(Task.due_on, Task.obligation_id, Task.unit_code)
    if unit:
        query = query.where(Task.unit_code == unit)
    if obligation:
        query = query.where(Task.obligation_id == obligation)
    if as_of:
        query = query.where(Task.opens_on <= as_of)
    return [task_json(task, as_of) for task in session.scalars(query)]


@dataclass(frozen=True)
class UnitStanding:
    code: str
    name: str
    counts: dict[str, int] = field(default_factory=dict)  # Standing → number of tasks


def standings(session: Session, day: date) -> list[UnitStanding]:
    """Per unit, the tasks opened by `day` in each standing at its end, in Vietnamese order."""
    names: dict[str, str] = dict(session.execute(select(Unit.code, Unit.name)).all())
    counts: dict[str, dict[str, int]] = {}
    for task in session.scalars(select(Task).where(Task.opens_on <= day)):
        standing = standing_on(_facts(task), day)
        if standing is None:
            continue
        per_unit = counts.setdefault(task.unit_code, dict.fromkeys(STANDINGS, 0))
        per_unit[standing] += 1
    rows = [UnitStanding(code, names.get(code, code), values) for code, values in counts.items()]
    return sorted(rows, key=lambda row: (vn_sort_key(row.name), row.code))
