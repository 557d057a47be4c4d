"""Catalogue × time window → the tasks that should exist. Pure: no database, no clock.

A task exists for every (obligation, unit, period) whose deadline falls in the window, when the
obligation is in force on that deadline and the unit exists on it (units merge and dissolve:
a district commission dissolved on 30/6/2025 owes nothing due after that day).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from calendars.periods import PERIODS_PER_YEAR, Period
from calendars.workdays import WorkCalendar
from obligations.loader import Catalogue
from obligations.schema import ObligationSpec, PlanDoc, UnitSpec


@dataclass(frozen=True, order=True)
class PlannedTask:
    due_on: date
    obligation_id: str
    unit_code: str
    period_key: str
    period_label: str
    window_start: date
    window_end: date
    opens_on: date

    @property
    def key(self) -> tuple[str, str, str]:
        return self.obligation_id, self.unit_code, self.period_key


def _periods(ob: ObligationSpec, first_year: int, last_year: int) -> Iterator[Period]:
    for year in range(first_year, last_year + 1):
        for index in range(1, PERIODS_PER_YEAR[ob.period] + 1):
            if ob.only is None or index in ob.only:
                yield Period(year, ob.period, index)


def in_force(ob: ObligationSpec, day: date) -> bool:
    return (ob.valid_from is None or ob.valid_from <= day) and (
        ob.valid_to is None or day <= ob.valid_to
    )


def expand_obligation(
    ob: ObligationSpec,
    units: list[UnitSpec],
    calendar: WorkCalendar,
    first_due: date,
    last_due: date,
) -> list[PlannedTask]:
    """The tasks of one obligation whose deadline is in [first_due, last_due]."""
    found = []
    # A period's deadline can fall in the next year (a December report due in January).
    for period in _periods(ob, first_due.year - 1, last_due.year):
        window_start, window_end = ob.window.window(period)
        due = ob.due.deadline(period, calendar, ob.window, ob.effective_shift)
        if not first_due <= due <= last_due or not in_force(ob, due):
            continue
        opens = min(ob.opens.opens_on(due, calendar), due)
        for unit in units:
            if unit.valid_on(due):
                found.append(
                    PlannedTask(
                        due,
                        ob.id,
                        unit.code,
                        period.key,
                        period.label,
                        window_start,
                        window_end,
                        opens,
                    )
                )
    return found


def expand(
    catalogue: Catalogue,
    last_due: date,
    tracking_from: dict[str, date],
) -> dict[str, list[PlannedTask]]:
    """Every obligation's tasks due from its plan's tracking start up to `last_due`.

    `tracking_from` gives, per plan id, the first deadline dondoc tracks: a plan loaded in
    November does not open a backlog of the year's earlier reports.
    """
    calendar = catalogue.calendar
    planned: dict[str, list[PlannedTask]] = {}
    plan: PlanDoc
    for ob_id, (plan, ob) in catalogue.obligations.items():
        first = tracking_from.get(plan.id)
        if first is None:
            continue
        planned[ob_id] = expand_obligation(ob, catalogue.units_of(ob), calendar, first, last_due)
    return planned
