"""Catalogue × time window → the occurrences, steps and tasks that should exist. Pure.

An occurrence is planned when its anchor (a report's deadline, a meeting's day, a ceremony, a
review's deadline) falls in the window and its obligation is in force then; each of its steps
is owed by the units its owner names that exist on the step's due date (units merge and
dissolve: a district commission dissolved on 30/6/2025 owes nothing due after that day, and what
a merged commission owed after its merger its successor owes). A task is one (obligation,
occurrence, step, unit).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from obligations.loader import Catalogue, Resolved
from obligations.model import (
    OccurrenceDraft,
    PlannedStep,
    occurrences,
    plan_occurrence,
    step_owners,
)


@dataclass(frozen=True)
class PlannedOccurrence:
    obligation_id: str
    family: str
    occurrence: OccurrenceDraft
    steps: tuple[PlannedStep, ...]


@dataclass(frozen=True, order=True)
class PlannedTask:
    """One task, flat: what `dondoc preview` lists and the tests read."""

    due_on: date
    obligation_id: str
    occurrence_key: str
    step_id: str
    unit_code: str
    occurrence_label: str
    opens_on: date
    anchor: date
    window_start: date | None
    window_end: date | None
    step_kind: str
    step_name: str
    family: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return self.obligation_id, self.occurrence_key, self.step_id, self.unit_code


def expand_obligation(
    resolved: Resolved, catalogue: Catalogue, first: date, last: date
) -> list[PlannedOccurrence]:
    """The occurrences of one obligation whose anchor is in [first, last], with their steps."""
    ob = resolved.spec
    owing = step_owners(resolved.steps, ob, resolved.plan, catalogue.units.values())
    calendar = catalogue.calendar
    found = []
    for occ in occurrences(
        ob,
        resolved.source,
        calendar,
        first,
        last,
        festival=resolved.festival,
        directive=resolved.directive,
    ):
        steps = plan_occurrence(occ, resolved.steps, owing, calendar, units=catalogue.units)
        found.append(PlannedOccurrence(ob.id, resolved.family.id, occ, tuple(steps)))
    return found


def planned_at(resolved: Resolved, catalogue: Catalogue, occ: OccurrenceDraft) -> PlannedOccurrence:
    """One occurrence of an obligation with its steps dated from `occ`'s anchor (an occurrence
    an operator moved)."""
    owing = step_owners(resolved.steps, resolved.spec, resolved.plan, catalogue.units.values())
    steps = plan_occurrence(occ, resolved.steps, owing, catalogue.calendar, units=catalogue.units)
    return PlannedOccurrence(resolved.spec.id, resolved.family.id, occ, tuple(steps))


def expand(
    catalogue: Catalogue,
    last: date,
    tracking_from: dict[str, date],
    families: Collection[str] | None = None,
) -> dict[str, list[PlannedOccurrence]]:
    """Every obligation's occurrences from its plan's tracking start up to `last`.

    `tracking_from` gives, per plan id, the first anchor dondoc tracks: a plan loaded in
    November does not open a backlog of the year's earlier reports. `families` limits the
    expansion to obligations of those families.
    """
    planned: dict[str, list[PlannedOccurrence]] = {}
    for ob_id, resolved in catalogue.resolved.items():
        if families is not None and resolved.family.id not in families:
            continue
        first = tracking_from.get(resolved.plan.id)
        if first is None:
            continue
        planned[ob_id] = expand_obligation(resolved, catalogue, first, last)
    return planned


def tasks_of(planned: Iterable[PlannedOccurrence]) -> Iterator[PlannedTask]:
    """The tasks of planned occurrences: one per step and unit that owes it."""
    for item in planned:
        occ = item.occurrence
        start, end = occ.window if occ.window else (None, None)
        for step in item.steps:
            for unit in step.units:
                yield PlannedTask(
                    step.due_on,
                    item.obligation_id,
                    occ.key,
                    step.step.id,
                    unit,
                    occ.label,
                    step.opens_on,
                    occ.anchor,
                    start,
                    end,
                    step.step.kind,
                    step.step.name,
                    item.family,
                )
