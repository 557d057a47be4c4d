"""An obligation, whatever its family: occurrences × steps × the units that owe each step.

Pure: no database, no clock. `resolve_steps` merges an obligation's steps with its family's;
`occurrences` yields an obligation's occurrences (a report period, a quarter's meeting, a
directive's anniversary, a festival's ceremony) with their key, Vietnamese label, anchor date
and, for reports, data window; `plan_occurrence` dates each step of one occurrence and names
the units that owe it.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from calendars import lunar
from calendars.deadlines import OpenRule, StepDue
from calendars.festivals import Festival
from calendars.periods import PERIODS_PER_YEAR, Period, PeriodKind
from calendars.recurrence import AnniversaryRule, Occurrence, Rule, bind_calendar, parse_rule
from calendars.workdays import WorkCalendar
from obligations.schema import (
    Deliverable,
    DirectiveSpec,
    FamilySpec,
    ObligationSpec,
    OccurrenceSource,
    OwnerUnits,
    PlanDoc,
    ReviewSpec,
    StepSpec,
    UnitSpec,
)

LABEL_FIELDS = frozenset(
    {"year", "period", "n", "lunar_year", "pl", "name", "festival", "directive", "round"}
)
_BUDDHIST_ERA = 544  # Phật lịch: Đại lễ Phật đản 2024 is PL 2568


class ModelError(ValueError):
    """An obligation that cannot be turned into occurrences and steps; the message says why."""


@dataclass(frozen=True)
class Step:
    """A step of an obligation, its family's defaults and its own changes merged."""

    id: str
    kind: str
    name: str
    owner: str | OwnerUnits
    due: StepDue
    opens: OpenRule
    deliverable: Deliverable
    after: str | None
    chase: str
    escalation: str
    form: str | None = None  # a file beside the plan, attached to the step's e-mails


def resolve_steps(family: FamilySpec, ob: ObligationSpec) -> tuple[Step, ...]:
    """The obligation's steps: the family's, changed, dropped or added to by its own."""
    merged: dict[str, dict[str, object]] = {
        step.id: step.model_dump(exclude_defaults=False) for step in family.steps
    }
    order = [step.id for step in family.steps]
    for own in ob.steps or ():
        given = own.model_dump(exclude_unset=True)
        if own.id in merged:
            merged[own.id].update(given)
        else:
            if own.kind is None:
                raise ModelError(
                    f"step {own.id!r} is not a step of family {family.id!r}: give its 'kind' to "
                    f"add it (the family's steps: {', '.join(order)})"
                )
            merged[own.id] = own.model_dump()
            order.append(own.id)
    steps: list[Step] = []
    kept = [step_id for step_id in order if not merged[step_id].get("skip")]
    for step_id in kept:
        spec = StepSpec.model_validate(merged[step_id])
        if spec.after is not None and spec.after not in kept:
            raise ModelError(f"step {step_id!r} waits on {spec.after!r}, which is not a step here")
        assert spec.kind is not None  # families' steps have one; added ones were checked above
        steps.append(
            Step(
                id=spec.id,
                kind=spec.kind,
                name=spec.name or ob.name or family.name,
                owner=spec.owner,
                due=spec.due,
                opens=spec.opens or ob.opens,
                deliverable=spec.deliverable,
                after=spec.after,
                chase=spec.chase or ob.chase,
                escalation=spec.escalation or ob.escalation,
                form=spec.form,
            )
        )
    if not steps:
        raise ModelError("every step of the family is skipped: an obligation needs one")
    return tuple(steps)


# --- occurrences ---------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class OccurrenceDraft:
    """One occurrence of an obligation, as the catalogue and the calendars make it."""

    anchor: date  # what the steps are dated from (a deadline, a meeting's day, a ceremony)
    key: str  # stable within the obligation: "2024-Q2", "2024", "2024-1"
    label: str  # "Quý II/2024", "Đại lễ Phật đản PL 2568 – DL 2024" …
    window: tuple[date, date] | None = None  # a report's data window


def label_fields(template: str) -> set[str]:
    """The fields a label template uses (`{year}` …), to check them when it is loaded."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def _period_label(key: str) -> str | None:
    for kind in (PeriodKind.MONTHLY, PeriodKind.QUARTERLY, PeriodKind.HALF_YEARLY):
        try:
            return Period.parse(kind, key).label
        except ValueError:
            continue
    return None


def _label(ob: ObligationSpec, default: str, *, anchor: date, start: date, **fields: object) -> str:
    if ob.label is None:
        return default
    values: dict[str, object] = {
        "year": start.year,
        "lunar_year": lunar.year_name(lunar.to_lunar(anchor).year),
        "pl": start.year + _BUDDHIST_ERA,
        "name": ob.name or "",
        "period": default,
        "n": "",
        "festival": "",
        "directive": ob.directive or "",
        "round": "",
    }
    values.update(fields)
    return ob.label.format_map(values)


def _window_years(first: date, last: date) -> range:
    # A period's deadline can fall in the next year (a December report due in January), and a
    # step can be dated months before its anchor: look one year around the window.
    return range(first.year - 1, last.year + 2)


def _periods(ob: ObligationSpec, years: range) -> Iterator[Period]:
    assert ob.period is not None
    for year in years:
        for index in range(1, PERIODS_PER_YEAR[ob.period] + 1):
            if ob.only is None or index in ob.only:
                yield Period(year, ob.period, index)


def review_anchor(review: ReviewSpec, occurrence: Occurrence) -> date:
    """The end of a review's quarter (or month), as the seeds give it; the deadline is that
    period's last working day."""
    due = review.due
    if due[:4].isdigit():
        if "-Q" in due:
            return Period.parse(PeriodKind.QUARTERLY, due).end
        return Period.parse(PeriodKind.MONTHLY, due).end
    if due.startswith("month"):
        offset = int(due.split()[1]) if " " in due else 0
        index = occurrence.start.year * 12 + occurrence.start.month - 1 + offset
        return Period(index // 12, PeriodKind.MONTHLY, index % 12 + 1).end
    assert occurrence.due is not None  # "quarter [+N]": the rule carries the quarter's end
    return occurrence.due


def review_label(review: ReviewSpec, directive: DirectiveSpec, count: int) -> str:
    """ "Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW"."""
    return f"{review.kind.label} {count} năm thực hiện {directive.kind} số {directive.code}"


def occurrences(
    ob: ObligationSpec,
    source: OccurrenceSource,
    calendar: WorkCalendar,
    first: date,
    last: date,
    *,
    festival: Festival | None = None,
    directive: DirectiveSpec | None = None,
) -> list[OccurrenceDraft]:
    """The obligation's occurrences whose anchor is in [first, last], by anchor."""
    found: list[OccurrenceDraft] = []
    years = _window_years(first, last)
    if source is OccurrenceSource.PERIOD:
        assert ob.due is not None
        for period in _periods(ob, years):
            window = ob.window.window(period)
            anchor = ob.due.deadline(period, calendar, ob.window, ob.effective_shift)
            label = _label(ob, period.label, anchor=anchor, start=period.start)
            found.append(OccurrenceDraft(anchor, period.key, label, window))
    elif source is OccurrenceSource.RULE:
        assert ob.rule is not None
        rule: Rule = bind_calendar(ob.rule, calendar)
        for year in years:
            for occ in rule.occurrences(year):
                # A rule that carries a deadline ("once in 2021-Q3", "tháng 6/2024") is due by
                # that period's last working day, as a clerk reads "hoàn thành trong quý III".
                anchor = calendar.previous_working_day(occ.due) if occ.due else occ.ceremony
                default = _period_label(occ.key) or (
                    f"{occ.label} năm {occ.start.year}".strip() if occ.label else f"Năm {occ.key}"
                )
                label = _label(ob, default, anchor=anchor, start=occ.start, round=occ.label)
                found.append(OccurrenceDraft(anchor, occ.key, label))
    elif source is OccurrenceSource.FESTIVAL:
        assert festival is not None
        for year in years:
            for occ in festival.occurrences(year):
                default = f"{festival.name} năm {occ.start.year}"
                label = _label(
                    ob, default, anchor=occ.ceremony, start=occ.start, festival=festival.name
                )
                found.append(OccurrenceDraft(occ.ceremony, occ.key, label))
    else:
        assert directive is not None
        assert ob.review is not None
        review = ob.review
        rule = parse_rule(review.rule_text(directive.issued))
        assert isinstance(rule, AnniversaryRule)
        for year in years:
            for occ in rule.occurrences(year):
                count = year - directive.issued.year
                # "Hoàn thành trong quý II": by the quarter's last working day — a deadline
                # on Sunday 30/6 is Friday 28/6, as a clerk reads it.
                anchor = calendar.previous_working_day(review_anchor(review, occ))
                default = review_label(review, directive, count)
                label = _label(
                    ob, default, anchor=anchor, start=occ.start, n=count, directive=directive.code
                )
                found.append(OccurrenceDraft(anchor, occ.key, label))
    keep = [occ for occ in found if first <= occ.anchor <= last and in_force(ob, occ.anchor)]
    return sorted(keep)


def in_force(ob: ObligationSpec, day: date) -> bool:
    return (ob.valid_from is None or ob.valid_from <= day) and (
        ob.valid_to is None or day <= ob.valid_to
    )


# --- steps of one occurrence ---------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedStep:
    step: Step
    opens_on: date
    due_on: date
    units: tuple[str, ...]  # the units that owe it, each one task


def owners(
    owner: str | OwnerUnits, ob: ObligationSpec, plan: PlanDoc, units: Iterable[UnitSpec]
) -> list[UnitSpec]:
    """The units a step's owner names, in the catalogue's order.

    A code may name a unit of any plan (a province's office owes a national report); a tag
    names only the plan's own units, so that one province's `mttq` never makes another
    province's Front owe its tasks (one plan never changes what another owns).
    """
    tags: set[str] = set()
    if owner == "lead":
        wanted = {ob.lead or plan.owner}
    elif owner == "office":
        wanted = {plan.owner}
    elif owner == "coordinating":
        wanted = set(ob.coordinating)
    elif owner == "owing":
        wanted, tags = set(ob.units), set(ob.unit_tags)
    else:
        assert isinstance(owner, OwnerUnits)
        wanted, tags = set(owner.units), set(owner.unit_tags)
    # Called per obligation and step over every unit of the catalogue (4,000 nationally):
    # no set built per unit.
    if not tags:
        return [unit for unit in units if unit.code in wanted]
    own = {unit.code for unit in plan.all_units}
    return [
        unit
        for unit in units
        if unit.code in wanted or (unit.code in own and not tags.isdisjoint(unit.tags))
    ]


def owing_on(unit: UnitSpec, day: date, units: Mapping[str, UnitSpec]) -> str | None:
    """The code of the unit that owes on `day` what `unit` owes; None when nobody does.

    The unit itself while it exists; from its merger day its successor, and that one's own
    successor if it was merged in turn; nobody before the unit was created or after it was
    dissolved (a unit that ends with no `merged_into`).
    """
    current = unit
    for _ in range(len(units) + 1):  # the loader refuses cycles; never loop on one anyway
        if current.valid_on(day):
            return current.code
        merger, successor = current.merger_day, current.merged_into
        if merger is None or successor is None or day < merger or successor not in units:
            return None
        current = units[successor]
    return None


def plan_occurrence(
    occ: OccurrenceDraft,
    steps: tuple[Step, ...],
    owing: dict[str, list[UnitSpec]],
    calendar: WorkCalendar,
    *,
    units: Mapping[str, UnitSpec],
) -> list[PlannedStep]:
    """Each step of an occurrence dated from its anchor, with the units that owe it.

    A step opens by its own rule (N days before it is due, never on a day off) but not before
    the step it waits on is due, and never after its own due date. A step is owed by the units
    that exist on its due date: a unit dissolved by then owes nothing, and one merged by then
    is replaced by its successor (`owing_on`, over the catalogue's `units`) — two merged units
    owing the same step make one task of their successor.
    """
    planned: list[PlannedStep] = []
    due_of: dict[str, date] = {}
    for step in steps:
        due = step.due.due(occ.anchor, calendar)
        opens = step.opens.opens_on(due, calendar)
        if step.after is not None:
            opens = max(opens, due_of[step.after])
        opens = min(opens, due)
        due_of[step.id] = due
        who = tuple(
            dict.fromkeys(
                code for unit in owing[step.id] if (code := owing_on(unit, due, units)) is not None
            )
        )
        planned.append(PlannedStep(step, opens, due, who))
    return planned


def step_owners(
    steps: tuple[Step, ...], ob: ObligationSpec, plan: PlanDoc, units: Iterable[UnitSpec]
) -> dict[str, list[UnitSpec]]:
    """Per step id, every unit its owner names (before validity dates are applied)."""
    pool = list(units)
    return {step.id: owners(step.owner, ob, plan, pool) for step in steps}
