"""Calendar feeds: the catalogue's occurrences and steps as plain calendar events. Pure.

A unit's feed holds each step it owes (one event on its due date) and the occurrences those
steps belong to (one event on the occurrence's anchor); the office's feed holds every
occurrence and every step of its plan, one event per step with the units that owe it (twenty
identical "báo cáo tháng" events on one day would hide the calendar). Dates come from the
expansion (`obligations.expand`): lunar festivals are already solar days here. Each step event
carries alarms on the days its chase policy reminds (`policy.reminder_stages`: the opening and
the reminders before the deadline, each moved to a working day), at the start of office hours,
Vietnamese time. Reminders after the deadline are not alarms: a calendar cannot know the step
was done.

`notifications.feed` writes these events as iCalendar.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from obligations.expand import PlannedOccurrence, expand
from obligations.loader import Catalogue, Resolved, chase_policy
from obligations.model import PlannedStep
from obligations.policy import StageKind, open_stage, reminder_stages

OFFICE = "office"  # the feed of every plan's office: everything the plan holds
BUSINESS_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
ALARM_TIME = time(7, 30)  # office hours start (notifications.timing.OfficeHours)
# Occurrences are planned by their anchor; a step can be due months before or after it.
MARGIN = timedelta(days=400)


class FeedError(ValueError):
    """A feed that cannot be made: the message says what to give instead."""


@dataclass(frozen=True)
class FeedAlarm:
    at: datetime  # aware, UTC
    description: str


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    day: date  # an all-day event: the catalogue gives days, not times
    summary: str
    description: str
    categories: tuple[str, ...] = ()
    alarms: tuple[FeedAlarm, ...] = ()


@dataclass(frozen=True)
class Feed:
    name: str
    events: tuple[FeedEvent, ...]


def alarm_instant(day: date, at: time = ALARM_TIME) -> datetime:
    """A time of a business day (the start of office hours), as a UTC instant."""
    return datetime.combine(day, at, BUSINESS_ZONE).astimezone(ZoneInfo("UTC"))


def _vn(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _unit_name(catalogue: Catalogue, code: str) -> str:
    unit = catalogue.units.get(code)
    return f"{unit.name} ({code})" if unit else code


def _alarms(
    resolved: Resolved, step: PlannedStep, catalogue: Catalogue, at: time
) -> tuple[FeedAlarm, ...]:
    policy = chase_policy(resolved.plan, step.step.chase)
    stages = [
        open_stage(step.opens_on),
        *reminder_stages(step.opens_on, step.due_on, policy, catalogue.calendar),
    ]
    alarms = []
    for stage in stages:
        if stage.kind is StageKind.OPEN:
            text = f"Mở việc: {step.step.name}, hạn {_vn(step.due_on)}"
        elif stage.kind is StageKind.REMIND:
            text = (
                f"Hôm nay là hạn: {step.step.name}"
                if stage.days == 0
                else f"Còn {stage.days} ngày đến hạn: {step.step.name} ({_vn(step.due_on)})"
            )
        else:
            continue
        alarms.append(FeedAlarm(alarm_instant(stage.on, at), text))
    return tuple(alarms)


def _occurrence_event(
    resolved: Resolved, item: PlannedOccurrence, catalogue: Catalogue
) -> FeedEvent:
    occ = item.occurrence
    lines = [
        f"Nhiệm vụ: {resolved.name}",
        f"Kỳ: {occ.label}",
        f"Kế hoạch: {resolved.plan.title}",
        f"Ngày: {_vn(occ.anchor)}",
    ]
    if occ.window:
        lines.append(f"Số liệu: {_vn(occ.window[0])} – {_vn(occ.window[1])}")
    lines += [f"- {s.step.name}: hạn {_vn(s.due_on)}" for s in item.steps if s.units]
    if resolved.spec.source:
        lines.append(f"Nguồn: {resolved.spec.source}")
    return FeedEvent(
        uid=f"{resolved.plan.id}/{item.obligation_id}/{occ.key}@dondoc",
        day=occ.anchor,
        summary=f"{resolved.name} – {occ.label}",
        description="\n".join(lines),
        categories=(resolved.family.name,),
    )


def _step_event(
    resolved: Resolved,
    item: PlannedOccurrence,
    step: PlannedStep,
    units: tuple[str, ...],
    catalogue: Catalogue,
    uid_unit: str | None,
    alarm_at: time,
) -> FeedEvent:
    occ = item.occurrence
    owners = ", ".join(_unit_name(catalogue, code) for code in units)
    lines = [
        f"Việc: {step.step.name}",
        f"Nhiệm vụ: {resolved.name}",
        f"Kỳ: {occ.label}",
        f"Kế hoạch: {resolved.plan.title}",
        f"Đơn vị thực hiện: {owners}",
        f"Mở từ: {_vn(step.opens_on)}",
        f"Hạn: {_vn(step.due_on)}",
    ]
    if resolved.spec.source:
        lines.append(f"Nguồn: {resolved.spec.source}")
    tail = f"/{uid_unit}" if uid_unit else ""
    return FeedEvent(
        uid=f"{resolved.plan.id}/{item.obligation_id}/{occ.key}/{step.step.id}{tail}@dondoc",
        day=step.due_on,
        summary=f"Hạn: {step.step.name} – {occ.label}",
        description="\n".join(lines),
        categories=(resolved.family.name,),
        alarms=_alarms(resolved, step, catalogue, alarm_at),
    )


def near_units(catalogue: Catalogue, wanted: str, n: int = 5) -> list[str]:
    """The unit codes (or names) closest to what was typed, for the error message."""
    codes = [*catalogue.units, OFFICE]
    close = difflib.get_close_matches(wanted, codes, n=n, cutoff=0.5)
    if close:
        return close
    lowered = wanted.casefold()
    return [code for code, unit in catalogue.units.items() if lowered in unit.name.casefold()][:n]


def feed_of(
    catalogue: Catalogue,
    unit: str,
    first: date,
    last: date,
    *,
    plan: str | None = None,
    alarm_at: time = ALARM_TIME,
) -> Feed:
    """A unit's feed (or the office's: `office`, or a plan's owner) of the steps due, and
    occurrences held, in [first, last]; alarms ring at `alarm_at`, Vietnamese time."""
    plans = [p for p in catalogue.plans if plan is None or p.id == plan]
    if plan is not None and not plans:
        known = ", ".join(p.id for p in catalogue.plans) or "không có"
        raise FeedError(f"Không có kế hoạch {plan!r}. Các kế hoạch đã nạp: {known}.")
    office_of = {p.id for p in plans if unit == OFFICE or p.owner == unit}
    if unit != OFFICE and unit not in catalogue.units:
        near = near_units(catalogue, unit)
        hint = f" Có phải: {', '.join(near)}?" if near else ""
        raise FeedError(
            f"Không có đơn vị {unit!r} trong danh mục.{hint} Dùng mã đơn vị, hoặc {OFFICE!r} "
            "cho lịch của cơ quan."
        )
    plan_ids = {p.id for p in plans}
    starts = dict.fromkeys(plan_ids, first - MARGIN)
    planned = expand(catalogue, last + MARGIN, starts)
    events: list[FeedEvent] = []
    for ob_id, items in sorted(planned.items()):
        resolved = catalogue.resolved[ob_id]
        office = resolved.plan.id in office_of
        for item in items:
            mine = False
            for step in item.steps:
                if not first <= step.due_on <= last or not step.units:
                    continue
                if office:
                    events.append(
                        _step_event(resolved, item, step, step.units, catalogue, None, alarm_at)
                    )
                    mine = True
                elif unit in step.units:
                    events.append(
                        _step_event(resolved, item, step, (unit,), catalogue, unit, alarm_at)
                    )
                    mine = True
            if (mine or office) and first <= item.occurrence.anchor <= last:
                events.append(_occurrence_event(resolved, item, catalogue))
    if unit == OFFICE:
        name = "Lịch đôn đốc của cơ quan"
    else:
        name = f"Lịch đôn đốc – {catalogue.units[unit].name}"
    if plan is not None:
        name += f" – {plans[0].title}"
    return Feed(name, tuple(sorted(events, key=lambda e: (e.day, e.uid))))
