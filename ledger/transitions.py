"""The state machine of a task — plain functions over plain values, no database.

planned ──open──► open ──acknowledge──► acknowledged
   │               │  ╲                     │
   │               │   ╲──(past due)──► overdue
   │               ▼                        ▼
   └──────────► submitted_on_time / submitted_late     (a submission stops the chase)
planned, open, acknowledged, overdue ──► waived (by an operator) / cancelled (by the catalogue)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from calendars.business_time import business_date
from ledger.statuses import TaskStatus

S = TaskStatus
ACTIVE = frozenset({S.PLANNED, S.OPEN, S.ACKNOWLEDGED, S.OVERDUE})
OPENED = frozenset({S.OPEN, S.ACKNOWLEDGED, S.OVERDUE})  # being chased
SUBMITTED = frozenset({S.SUBMITTED_ON_TIME, S.SUBMITTED_LATE})
TERMINAL = SUBMITTED | {S.WAIVED, S.CANCELLED}

ALLOWED: dict[str, frozenset[TaskStatus]] = {
    "open": frozenset({S.PLANNED}),
    "acknowledge": frozenset({S.OPEN, S.OVERDUE}),
    "overdue": frozenset({S.OPEN, S.ACKNOWLEDGED}),
    "submit": ACTIVE,
    "waive": ACTIVE,
    "cancel": ACTIVE,
}


class TransitionError(ValueError):
    """An action that the task's status does not allow; the message says why, in Vietnamese."""


STATUS_LABELS = {
    S.PLANNED: "chưa đến hạn mở",
    S.OPEN: "đang thực hiện",
    S.ACKNOWLEDGED: "đã nhận",
    S.SUBMITTED_ON_TIME: "đã nộp đúng hạn",
    S.SUBMITTED_LATE: "đã nộp trễ hạn",
    S.OVERDUE: "quá hạn",
    S.WAIVED: "được miễn",
    S.CANCELLED: "đã hủy",
}


def check(action: str, status: str) -> None:
    """Raise `TransitionError` unless `action` is allowed from `status`."""
    allowed = ALLOWED[action]
    if TaskStatus(status) not in allowed:
        raise TransitionError(
            f"không thể thực hiện '{action}' với nhiệm vụ đang ở trạng thái "
            f"'{STATUS_LABELS[TaskStatus(status)]}'"
        )


def submission_status(submitted_at: datetime, due_on: date) -> TaskStatus:
    """On time when handed in on or before the deadline day, Vietnamese time."""
    return done_status(business_date(submitted_at), due_on)


def done_status(done_on: date, due_on: date) -> TaskStatus:
    """On time when done (handed in, held) on or before the deadline day."""
    return S.SUBMITTED_ON_TIME if done_on <= due_on else S.SUBMITTED_LATE


@dataclass(frozen=True)
class TaskFacts:
    """What the ledger knows of a task, enough to say its status on any day."""

    status: str
    opens_on: date
    due_on: date
    submitted_at: datetime | None
    closed_on: date | None


class Standing:
    """The four counts of Vietnamese task tracking (report 1270/BC-TCTTTg, 2017)."""

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OPEN_IN_TIME = "open_in_time"
    OVERDUE = "overdue"
    WAIVED = "waived"  # excused by an operator: counted apart, neither done nor owed


def status_on(facts: TaskFacts, day: date) -> TaskStatus:
    """The task's status as it stood at the end of `day`, from stored facts alone."""
    if facts.status in (S.WAIVED, S.CANCELLED) and facts.closed_on and facts.closed_on <= day:
        return TaskStatus(facts.status)
    if facts.submitted_at is not None and business_date(facts.submitted_at) <= day:
        return submission_status(facts.submitted_at, facts.due_on)
    if day < facts.opens_on or facts.status == S.PLANNED:
        return S.PLANNED
    if day > facts.due_on:
        return S.OVERDUE
    return S.ACKNOWLEDGED if facts.status == S.ACKNOWLEDGED else S.OPEN


def standing_on(facts: TaskFacts, day: date) -> str | None:
    """Which of the four counts the task falls in on `day` (None: not counted)."""
    status = status_on(facts, day)
    if status == S.SUBMITTED_ON_TIME:
        return Standing.DONE_ON_TIME
    if status == S.SUBMITTED_LATE:
        return Standing.DONE_LATE
    if status == S.OVERDUE:
        return Standing.OVERDUE
    if status in (S.OPEN, S.ACKNOWLEDGED):
        return Standing.OPEN_IN_TIME
    if status == S.WAIVED:
        return Standing.WAIVED
    return None
