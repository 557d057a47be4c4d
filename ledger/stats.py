"""Statistics: the Government's four counts and the on-time rate, per unit, family or period.

Which tasks: those whose deadline (`due_on`) falls in the months asked for (`start`..`end`,
first days of months, both included), counted as they stood at the end of `as_of`.

The four counts (the 2×2 matrix of Vietnamese task tracking, report 1270/BC-TCTTTg):
- `done_on_time`: handed in (or held) on or before its deadline day, by `as_of`;
- `done_late`: handed in after its deadline day, by `as_of`;
- `open_in_time`: opened, not done, its deadline not passed on `as_of`;
- `overdue`: opened, not done, its deadline passed before `as_of`.

They follow `ledger.transitions.status_on` exactly, in SQL (so `dondoc stats` agrees with
`dondoc status` and `dondoc tasks --as-of`; a test holds them equal). Not counted among the four,
and reported apart: `waived` (excused by an operator), `cancelled` (called off), `planned` (not
yet opened on `as_of`).

On-time rate = done_on_time / (done_on_time + done_late + overdue) over the tasks whose
deadline is on or before `as_of` — the share of what fell due that came in on time. A task
handed in before a deadline still to come is in `done_on_time` but not yet in the rate. None
when nothing fell due. Once a deadline has passed a task's share of the rate never changes, so a
past month's rate is the same whichever later day it is asked on.

Set-based: one GROUP BY over the tasks of the range (national scale: 250,000 a year).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from calendars.periods import Period, PeriodKind, periods_between
from ledger.dbapi import Reader

COUNTS = ("done_on_time", "done_late", "open_in_time", "overdue")
APART = ("waived", "cancelled", "planned")
GROUPINGS = ("unit", "family", "period")
GRAINS = ("month", "quarter", "year")


@dataclass
class Figures:
    """One row: a unit, a family or a period, with its counts."""

    key: str
    name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS + APART, 0))
    fell_due: int = 0  # of the four counts, the tasks whose deadline is on or before as_of
    fell_due_on_time: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts[c] for c in COUNTS)

    @property
    def on_time_rate(self) -> float | None:
        return self.fell_due_on_time / self.fell_due if self.fell_due else None

    def add(self, other: Figures) -> None:
        for name in self.counts:
            self.counts[name] += other.counts[name]
        self.fell_due += other.fell_due
        self.fell_due_on_time += other.fell_due_on_time

    def as_json(self) -> dict[str, Any]:
        rate = self.on_time_rate
        return {
            "key": self.key,
            "name": self.name,
            **{name: self.counts[name] for name in COUNTS},
            "total": self.total,
            "fell_due": self.fell_due,
            "on_time_rate": round(rate, 4) if rate is not None else None,
            **{name: self.counts[name] for name in APART},
        }


@dataclass(frozen=True)
class Scope:
    """Which tasks: deadlines in the months `start`..`end`, optionally one unit, family, plan."""

    start: date  # first day of the first month
    end: date  # first day of the last month
    unit: str | None = None
    family: str | None = None
    plan: str | None = None


_GRAIN_KINDS = {
    "month": PeriodKind.MONTHLY,
    "quarter": PeriodKind.QUARTERLY,
    "year": PeriodKind.YEARLY,
}


def period_key(month: str, grain: str) -> str:
    """`2024-04` as its month, quarter (`2024-Q2`) or year (`2024`)."""
    return Period.containing(_GRAIN_KINDS[grain], Period.parse(PeriodKind.MONTHLY, month).start).key


def period_name(key: str) -> str:
    """A period's Vietnamese name: `Tháng 04/2024`, `Quý II/2024`, `Năm 2024`."""
    if "-Q" in key:
        year, quarter = key.split("-Q")
        return f"Quý {('I', 'II', 'III', 'IV')[int(quarter) - 1]}/{year}"
    if "-" in key:
        year, month = key.split("-")
        return f"Tháng {month}/{year}"
    return f"Năm {key}"


def _standing_sql(sqlite: bool) -> str:
    """`ledger.transitions.status_on`, in SQL, as one of the counts (three `?`: as_of)."""
    # The business day of a hand-in: Vietnam has kept UTC+7, without summer time, since 1975.
    submitted_day = (
        "date(t.submitted_at, '+7 hours')"
        if sqlite
        else "CAST((t.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh') AS DATE)"
    )
    return (
        "CASE "
        "WHEN t.status IN ('waived', 'cancelled') AND t.closed_on IS NOT NULL "
        "AND t.closed_on <= ? THEN t.status "
        f"WHEN t.submitted_at IS NOT NULL AND {submitted_day} <= ? THEN "
        f"CASE WHEN {submitted_day} <= t.due_on THEN 'done_on_time' ELSE 'done_late' END "
        "WHEN t.status = 'planned' OR ? < t.opens_on THEN 'planned' "
        "WHEN ? > t.due_on THEN 'overdue' "
        "ELSE 'open_in_time' END"
    )


def _month_sql(sqlite: bool) -> str:
    return "substr(t.due_on, 1, 7)" if sqlite else "to_char(t.due_on, 'YYYY-MM')"


def figures(
    reader: Reader,
    as_of: date,
    scope: Scope,
    *,
    by: str = "unit",
    grain: str = "month",
    family_names: dict[str, str] | None = None,
) -> list[Figures]:
    """The four counts and the on-time rate per unit, family or period, as they stood on `as_of`.

    Units in Vietnamese order of their names, families by name, periods in time order; a row
    whose tasks are all still planned is left out.
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}")
    if grain not in GRAINS:
        raise ValueError(f"grain must be one of {', '.join(GRAINS)}")
    key_sql = {"unit": "t.unit_code", "family": "t.family", "period": _month_sql(reader.sqlite)}[by]
    where = ["t.due_on >= ?", "t.due_on < ?"]
    # Four `?` in the standing, one in fell_due, then the WHERE's.
    first = Period.containing(PeriodKind.MONTHLY, scope.start)
    last = Period.containing(PeriodKind.MONTHLY, scope.end)
    params: list[Any] = [as_of] * 5 + [first.start, last.next().start]
    join = ""
    if scope.unit:
        where.append("t.unit_code = ?")
        params.append(scope.unit)
    if scope.family:
        where.append("t.family = ?")
        params.append(scope.family)
    if scope.plan:
        join = "JOIN obligations o ON o.id = t.obligation_id "
        where.append("o.document_id = ?")
        params.append(scope.plan)
    sql = (
        "SELECT k, standing, fell_due, COUNT(*) FROM ("
        f"SELECT {key_sql} AS k, {_standing_sql(reader.sqlite)} AS standing, "
        "CASE WHEN t.due_on <= ? THEN 1 ELSE 0 END AS fell_due "
        f"FROM tasks t {join}WHERE {' AND '.join(where)}"
        ") counted GROUP BY k, standing, fell_due"
    )
    rows = reader.rows(sql, params)
    names = _names(reader, by, family_names or {})
    found: dict[str, Figures] = {}
    for key, standing, fell_due, n in rows:
        key = period_key(str(key), grain) if by == "period" else str(key)
        row = found.get(key)
        if row is None:
            name = period_name(key) if by == "period" else names.get(key, key)
            row = found[key] = Figures(key, name)
        row.counts[str(standing)] += int(n)
        if int(fell_due) and standing in ("done_on_time", "done_late", "overdue"):
            row.fell_due += int(n)
            if standing == "done_on_time":
                row.fell_due_on_time += int(n)
    # A row of tasks none of which is opened yet (other families, later plans) says nothing.
    return _ordered(
        [row for row in found.values() if row.counts["planned"] < sum(row.counts.values())], by
    )


def _names(reader: Reader, by: str, family_names: dict[str, str]) -> dict[str, str]:
    if by == "unit":
        return {str(code): str(name) for code, name in reader.rows("SELECT code, name FROM units")}
    if by == "family":
        return family_names
    return {}


def _ordered(rows: list[Figures], by: str) -> list[Figures]:
    if by == "period":
        return sorted(rows, key=lambda row: row.key)
    from obligations.text import vn_sort_key

    return sorted(rows, key=lambda row: (vn_sort_key(row.name), row.key))


def total(rows: list[Figures]) -> Figures:
    """All the rows added up."""
    whole = Figures("total", "Tổng cộng")
    for row in rows:
        whole.add(row)
    return whole


def trend(reader: Reader, as_of: date, scope: Scope) -> list[Figures]:
    """Month by month over the scope's range, every month listed (empty ones with zeros)."""
    found = {row.key: row for row in figures(reader, as_of, scope, by="period", grain="month")}
    result = []
    for month in periods_between(PeriodKind.MONTHLY, scope.start, scope.end):
        key = month.key
        result.append(found.get(key) or Figures(key, period_name(key)))
    return result


def report(
    reader: Reader,
    as_of: date,
    scope: Scope,
    *,
    by: str = "unit",
    grain: str = "month",
    family_names: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The figures, their total and the trend, in the JSON shape of `dondoc stats --json`."""
    rows = figures(reader, as_of, scope, by=by, grain=grain, family_names=family_names)
    return {
        "as_of": as_of.isoformat(),
        "from": f"{scope.start:%Y-%m}",
        "to": f"{scope.end:%Y-%m}",
        "by": by,
        "grain": grain,
        "filters": {"unit": scope.unit, "family": scope.family, "plan": scope.plan},
        "rows": [row.as_json() for row in rows],
        "total": total(rows).as_json(),
        "trend": [row.as_json() for row in trend(reader, as_of, scope)],
    }
