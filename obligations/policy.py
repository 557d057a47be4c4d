"""Chase and escalation: which notice a task gets on which day — pure decisions.

A task's notices are *stages*, each sent at most once (the ledger keeps one row per task and
stage): `open`, reminders before the deadline (`before-7`, `before-3`, `before-1`, `due-day`),
reminders after it (`overdue-1` … every N working days, at most M), and escalations
(`escalate-1` to the unit's head, `escalate-2` to the supervising unit …).

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

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

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
    UNIT = "unit"  # the responsible unit's own address
    HEAD = "head"  # the head of the responsible unit
    SUPERVISOR = "supervisor"  # the unit that supervises it


@dataclass(frozen=True, order=True)
class Stage:
    on: date
    name: str
    kind: StageKind
    level: int = 0
    audience: Audience = Audience.UNIT
    days: int = 0  # days before the deadline, or working days after it
    urgent: bool = False  # goes at once, outside office hours and any digest

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
    after: int  # working days overdue
    notify: Audience
    urgent: bool = False  # sent at once, not in the recipient's digest of the day


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
    due_on: date, policy: EscalationPolicy, calendar: WorkCalendar
) -> list[Stage]:
    return [
        Stage(
            calendar.add_working_days(due_on, level.after),
            f"escalate-{level.level}",
            StageKind.ESCALATE,
            level=level.level,
            audience=level.notify,
            days=level.after,
            urgent=level.urgent,
        )
        for level in sorted(policy.levels, key=lambda lv: lv.level)
    ]


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
        offsets += [level.after for level in escalation.levels]
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
    send = [s for s in pending if not s.is_reminder]
    superseded: list[Stage] = []
    if reminders:
        send.append(reminders[-1])
        superseded = reminders[:-1]
    return Decision(sorted(send), superseded)
