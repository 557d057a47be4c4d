"""Chase and escalation: which notice a task gets on which day — pure decisions.

A task's notices are *stages*, each sent at most once (the ledger keeps one row per task and
stage): `open`, reminders before the deadline (`before-7`, `before-3`, `before-1`, `due-day`),
reminders after it (`overdue-1` … every N working days, at most M), and escalations
(`escalate-1` to the unit's head, `escalate-2` to the supervising unit …).

An escalation policy is a *ladder*, as incident tools model one: ordered levels, each with a
delay in working days, an audience (the unit's officer, its head, the supervising unit, the
standing committee), a condition — the task is not yet acknowledged (counted from the day it
opened) or not yet submitted (counted from its deadline) — and a bounded repeat (`escalate-2`,
then `escalate-2-r2`, `escalate-2-r3` … every N working days, at most M times in all). Each
stage fires at most once per task; acknowledging stops the levels of the first condition,
submitting (or a waiver) stops them all. A task keeps the policy it opened under (a snapshot,
`policy_spec` / `policy_from_spec`): changing the catalogue's ladder does not rewrite the history
of a task already open.

Nobody is chased on a day off: a reminder that would fall on one moves back to the previous
working day, and two reminders that land on the same day become one (the nearer the deadline).
After missed days (downtime, a late first run), only the latest reminder due is sent and the
earlier ones are marked superseded — a unit gets one message saying where it stands, not a
burst; every escalation level due is sent, as each has its own audience.

Catching up has a bound, `CATCH_UP`: a stage that fell due longer ago than that is history — it
is neither sent nor recorded, and a task whose stages have all fallen behind the window is not
even read (`last_stage_offset` and `earliest_due` turn the window into a bound on deadlines, so
the ledger selects the few tasks that can still be told something, whatever its age).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from calendars.workdays import WorkCalendar

# How far back a run catches up missed stages: a stage that fell due on or after `as_of - CATCH_UP`
# is still decided (sent, or superseded by a later reminder); an older one is left alone. A month:
# the runs are meant to catch up after up to 30 days of downtime (one message per task saying where
# it stands, not a flood), and the day of the run makes 31; it is also far longer than any stretch
# of days off (Tết: about ten), so the first working day after a holiday misses nothing. A
# reminder or an escalation older than that would be stale news — and sending it would make the
# daily cost grow with the ledger's age, as every unsubmitted task ever opened would stay a
# candidate.
CATCH_UP = timedelta(days=31)


class StageKind(StrEnum):
    OPEN = "open"
    REMIND = "remind"
    OVERDUE = "overdue"
    ESCALATE = "escalate"
    MOVED = "moved"  # the occurrence was rescheduled: its units are told the new dates


class Audience(StrEnum):
    UNIT = "unit"  # the responsible unit's own address (its officer in charge)
    HEAD = "head"  # the head of the responsible unit
    SUPERVISOR = "supervisor"  # the unit that supervises it
    STANDING = "standing-committee"  # the plan's standing committee (Ban Thường vụ, Thường trực)


class Condition(StrEnum):
    """What keeps an escalation level armed."""

    NOT_ACKNOWLEDGED = "not-acknowledged"  # the unit has not said "đã nhận": from the opening
    NOT_SUBMITTED = "not-submitted"  # the step is not done: from the deadline


@dataclass(frozen=True, order=True)
class Stage:
    on: date
    name: str
    kind: StageKind
    level: int = 0
    audience: Audience = Audience.UNIT
    days: int = 0  # days before the deadline, or working days after it (or the opening)
    urgent: bool = False  # goes at once, outside office hours and any digest
    condition: Condition = Condition.NOT_SUBMITTED  # an escalation's: what stops it

    @property
    def is_reminder(self) -> bool:
        return self.kind in (StageKind.REMIND, StageKind.OVERDUE)


@dataclass(frozen=True)
class ChasePolicy:
    before_due: tuple[int, ...] = (7, 3, 1, 0)  # calendar days before the deadline
    every: int = 2  # working days between reminders after the deadline
    max_after: int = 3  # at most this many reminders after the deadline


@dataclass(frozen=True)
class EscalationLevel:
    level: int
    after: int  # working days after the deadline (after the opening: not acknowledged)
    notify: Audience
    urgent: bool = False  # sent at once, not in the recipient's digest of the day
    when: Condition = Condition.NOT_SUBMITTED
    every: int = 0  # repeated every so many working days (0: once) …
    times: int = 1  # … this many times in all, the first included

    def offsets(self) -> list[int]:
        """Working days after its anchor of each firing: the first, then the repeats."""
        if self.every <= 0:
            return [self.after]
        return [self.after + self.every * k for k in range(self.times)]

    def stage_names(self) -> list[str]:
        """Its firings' stage names, in order: `escalate-N`, then `escalate-N-r2` …"""
        first = f"escalate-{self.level}"
        return [first] + [f"{first}-r{k}" for k in range(2, len(self.offsets()) + 1)]


@dataclass(frozen=True)
class EscalationPolicy:
    levels: tuple[EscalationLevel, ...] = (
        EscalationLevel(1, 3, Audience.HEAD),
        EscalationLevel(2, 7, Audience.SUPERVISOR),
    )


def open_stage(opens_on: date) -> Stage:
    return Stage(opens_on, "open", StageKind.OPEN)


def reminder_stages(
    opens_on: date, due_on: date, policy: ChasePolicy, calendar: WorkCalendar
) -> list[Stage]:
    """Reminders before and after the deadline, each on a working day, in date order."""
    by_day: dict[date, Stage] = {}
    for days in sorted(set(policy.before_due), reverse=True):
        on = calendar.previous_working_day(due_on - timedelta(days=days))
        if on <= opens_on:
            continue  # the opening notice already says it
        name = "due-day" if days == 0 else f"before-{days}"
        by_day[on] = Stage(on, name, StageKind.REMIND, days=days)  # nearer deadline wins
    stages = sorted(by_day.values())
    for k in range(1, policy.max_after + 1):
        days = policy.every * k
        on = calendar.add_working_days(due_on, days)
        stages.append(Stage(on, f"overdue-{k}", StageKind.OVERDUE, days=days))
    return stages


def escalation_stages(
    due_on: date,
    policy: EscalationPolicy,
    calendar: WorkCalendar,
    opened_on: date | None = None,
) -> list[Stage]:
    """Every firing of every level: `escalate-N`, then its repeats `escalate-N-r2` …

    A level for "not submitted" counts its working days from the deadline; one for "not
    acknowledged" from the day the task opened (`opened_on`, the deadline's opening day when
    not given).
    """
    stages = []
    for level in sorted(policy.levels, key=lambda lv: lv.level):
        anchor = due_on
        if level.when is Condition.NOT_ACKNOWLEDGED:
            anchor = opened_on if opened_on is not None else due_on
        for name, offset in zip(level.stage_names(), level.offsets(), strict=True):
            stages.append(
                Stage(
                    calendar.add_working_days(anchor, offset),
                    name,
                    StageKind.ESCALATE,
                    level=level.level,
                    audience=level.notify,
                    days=offset,
                    urgent=level.urgent,
                    condition=level.when,
                )
            )
    return stages


def armed(stages: Iterable[Stage], acknowledged: bool) -> list[Stage]:
    """The stages still armed: an acknowledged task drops the levels for "not acknowledged"."""
    if not acknowledged:
        return list(stages)
    return [s for s in stages if s.condition is not Condition.NOT_ACKNOWLEDGED]


def policy_spec(chase: ChasePolicy, escalation: EscalationPolicy) -> dict[str, Any]:
    """The policies as a task's snapshot keeps them: plain JSON, canonical (sorted levels)."""
    return {
        "chase": {**asdict(chase), "before_due": sorted(chase.before_due)},
        # The enums are StrEnums: they are their values, in JSON as anywhere.
        "escalation": [asdict(lv) for lv in sorted(escalation.levels, key=lambda lv: lv.level)],
    }


def policy_from_spec(spec: dict[str, Any]) -> tuple[ChasePolicy, EscalationPolicy]:
    """The policies of a snapshot made by `policy_spec`."""
    chase = spec["chase"]
    levels = tuple(
        EscalationLevel(**{**lv, "notify": Audience(lv["notify"]), "when": Condition(lv["when"])})
        for lv in spec["escalation"]
    )
    return (
        ChasePolicy(**{**chase, "before_due": tuple(chase["before_due"])}),
        EscalationPolicy(levels),
    )


def unacknowledged_stages(spec: dict[str, Any]) -> set[str]:
    """The stage names of a snapshot's levels for "not acknowledged", repeats included."""
    _, escalation = policy_from_spec(spec)
    return {
        name
        for level in escalation.levels
        if level.when is Condition.NOT_ACKNOWLEDGED
        for name in level.stage_names()
    }


def policy_digest(spec: dict[str, Any]) -> str:
    """A snapshot's identity: the sha256 of its canonical JSON."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def last_stage_offset(
    chase: ChasePolicy, escalation: EscalationPolicy, kinds: Collection[StageKind]
) -> int:
    """Working days after the deadline on which a task's last stage of `kinds` falls.

    Reminders before the deadline fall on it or before (0); the overdue reminders end after
    `every * max_after` working days; escalations at their last level's `after`. The opening
    notice is not tied to the deadline (a task may open late) and counts for nothing here.
    """
    offsets = [0]
    if StageKind.OVERDUE in kinds:
        offsets.append(chase.every * chase.max_after)
    if StageKind.ESCALATE in kinds:
        # A level for "not acknowledged" counts from the opening, on or before the deadline.
        offsets += [max(level.offsets()) for level in escalation.levels]
    return max(offsets)


def catch_up_since(as_of: date) -> date:
    """The first day of the catch-up window of a run on `as_of`: older stages are history."""
    return as_of - CATCH_UP


def earliest_due(since: date, offset: int, calendar: WorkCalendar) -> date:
    """The earliest deadline whose stage `offset` working days after it falls on or after `since`.

    `add_working_days(due, offset) >= since` holds exactly when `due >= earliest_due(...)`:
    the stage lands on `since` or later unless `offset` working days fit strictly between the
    deadline and `since`. Every stage of a task falls on or before its last one, so a task due
    earlier has nothing left inside the window.
    """
    return calendar.add_working_days(since, -offset)


@dataclass(frozen=True)
class Decision:
    send: list[Stage]
    superseded: list[Stage]


def stages_due(
    stages: Iterable[Stage], done: set[str], as_of: date, since: date | None = None
) -> Decision:
    """What to send on `as_of` given the stages already done (sent or superseded).

    With `since` (see `catch_up_since`), a stage that fell due before it is left alone: neither
    sent nor superseded — it stays unrecorded, as it would for a task the ledger no longer reads.
    """
    pending = sorted(
        s
        for s in stages
        if s.on <= as_of and s.name not in done and (since is None or s.on >= since)
    )
    reminders = [s for s in pending if s.is_reminder]
    send = [s for s in pending if not s.is_reminder and s.kind is not StageKind.ESCALATE]
    superseded: list[Stage] = []
    if reminders:
        send.append(reminders[-1])
        superseded = reminders[:-1]
    # Every level due is sent (each has its own audience), but of one level's repeats only the
    # latest: after missed days its audience hears once where things stand.
    by_level: dict[int, list[Stage]] = {}
    for stage in pending:
        if stage.kind is StageKind.ESCALATE:
            by_level.setdefault(stage.level, []).append(stage)
    for firings in by_level.values():
        send.append(firings[-1])
        superseded += firings[:-1]
    return Decision(sorted(send), sorted(superseded))
