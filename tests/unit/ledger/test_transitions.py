"""The state machine of a task — `ledger.transitions`, plain values, no database.

Times: Vietnam is UTC+7 all year (no summer time), so 16:59 UTC is 23:59 the same day in Vietnam
and 17:00 UTC is midnight of the next day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ledger import transitions
from ledger.statuses import TaskStatus
from ledger.transitions import (
    Standing,
    TaskFacts,
    TransitionError,
    check,
    standing_on,
    status_on,
    submission_status,
)

D = date
S = TaskStatus
ALL_STATUSES = [
    "planned",
    "open",
    "acknowledged",
    "submitted_on_time",
    "submitted_late",
    "overdue",
    "waived",
    "cancelled",
]
# The diagram of ledger/transitions.py, written out: action → the statuses it may start from.
ALLOWED = {
    "open": {"planned"},
    "acknowledge": {"open", "overdue"},
    "overdue": {"open", "acknowledged"},
    "submit": {"planned", "open", "acknowledged", "overdue"},
    "waive": {"planned", "open", "acknowledged", "overdue"},
    "cancel": {"planned", "open", "acknowledged", "overdue"},
}
LABELS = {
    "planned": "chưa đến hạn mở",
    "open": "đang thực hiện",
    "acknowledged": "đã nhận",
    "submitted_on_time": "đã nộp đúng hạn",
    "submitted_late": "đã nộp trễ hạn",
    "overdue": "quá hạn",
    "waived": "được miễn",
    "cancelled": "đã hủy",
}


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# ------------------------------------------------------------------------------------ check

ALLOWED_PAIRS = [(a, s) for a in ALLOWED for s in ALL_STATUSES if s in ALLOWED[a]]
REFUSED_PAIRS = [(a, s) for a in ALLOWED for s in ALL_STATUSES if s not in ALLOWED[a]]


def test_the_tables_cover_every_action_from_every_status() -> None:
    assert len(ALLOWED_PAIRS) == 1 + 2 + 2 + 4 + 4 + 4
    assert len(ALLOWED_PAIRS) + len(REFUSED_PAIRS) == 6 * 8
    assert sorted(ALL_STATUSES) == sorted(s.value for s in TaskStatus)
    assert sorted(transitions.ALLOWED) == sorted(ALLOWED)  # no action left out of these tests


@pytest.mark.parametrize(("action", "status"), ALLOWED_PAIRS)
def test_an_allowed_transition_passes_the_check(action: str, status: str) -> None:
    check(action, status)  # raises if refused


@pytest.mark.parametrize(("action", "status"), REFUSED_PAIRS)
def test_a_refused_transition_says_why_in_vietnamese(action: str, status: str) -> None:
    with pytest.raises(TransitionError) as refused:
        check(action, status)
    assert str(refused.value) == (
        f"không thể thực hiện '{action}' với nhiệm vụ đang ở trạng thái '{LABELS[status]}'"
    )


def test_a_submitted_task_cannot_be_submitted_again_nor_waived() -> None:
    with pytest.raises(TransitionError, match="'đã nộp đúng hạn'"):
        check("submit", "submitted_on_time")
    with pytest.raises(TransitionError, match="'đã nộp trễ hạn'"):
        check("waive", "submitted_late")


def test_an_unknown_status_is_an_error_not_a_refusal() -> None:
    with pytest.raises(ValueError, match="'closed' is not a valid TaskStatus"):
        check("open", "closed")


# ------------------------------------------------------------------------ submission_status


def test_a_report_handed_in_at_23_59_vietnamese_time_on_the_deadline_day_is_on_time() -> None:
    assert submission_status(utc(2024, 1, 18, 16, 59), D(2024, 1, 18)) == S.SUBMITTED_ON_TIME


def test_a_report_handed_in_at_midnight_vietnamese_time_after_the_deadline_day_is_late() -> None:
    # 17:00 UTC on the 18th is 00:00 on the 19th in Vietnam, although it is still the 18th in UTC.
    assert submission_status(utc(2024, 1, 18, 17, 0), D(2024, 1, 18)) == S.SUBMITTED_LATE


def test_a_report_handed_in_before_the_deadline_day_is_on_time() -> None:
    assert submission_status(utc(2024, 1, 12, 3), D(2024, 1, 18)) == S.SUBMITTED_ON_TIME


def test_early_morning_in_vietnam_on_the_deadline_day_is_the_previous_day_in_utc() -> None:
    # 00:30 on the 19th in Vietnam is 17:30 UTC on the 18th: late for a deadline of the 18th.
    assert submission_status(utc(2024, 1, 18, 17, 30), D(2024, 1, 18)) == S.SUBMITTED_LATE
    # …and on time for a deadline of the 19th.
    assert submission_status(utc(2024, 1, 18, 17, 30), D(2024, 1, 19)) == S.SUBMITTED_ON_TIME


def test_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="an instant needs a time zone"):
        submission_status(datetime(2024, 1, 18, 10), D(2024, 1, 18))  # noqa: DTZ001


# ---------------------------------------------------------------- status_on and standing_on

# The January 2024 monthly report of the demo plan: opens Mon 8/1, due Thu 18/1.
OPENS, DUE = D(2024, 1, 8), D(2024, 1, 18)


def january(
    status: TaskStatus, submitted_at: datetime | None = None, closed_on: date | None = None
) -> TaskFacts:
    return TaskFacts(status, OPENS, DUE, submitted_at, closed_on)


def on(facts: TaskFacts, day: date) -> tuple[TaskStatus, str | None]:
    return status_on(facts, day), standing_on(facts, day)


def test_an_open_task_is_planned_before_its_opening_open_to_its_deadline_overdue_after() -> None:
    facts = january(S.OPEN)
    assert on(facts, D(2024, 1, 7)) == (S.PLANNED, None)
    assert on(facts, D(2024, 1, 8)) == (S.OPEN, Standing.OPEN_IN_TIME)
    assert on(facts, D(2024, 1, 18)) == (S.OPEN, Standing.OPEN_IN_TIME)
    assert on(facts, D(2024, 1, 19)) == (S.OVERDUE, Standing.OVERDUE)


def test_a_task_stored_as_overdue_was_open_on_the_days_up_to_its_deadline() -> None:
    facts = january(S.OVERDUE)
    assert on(facts, D(2024, 1, 5)) == (S.PLANNED, None)
    assert on(facts, D(2024, 1, 15)) == (S.OPEN, Standing.OPEN_IN_TIME)
    assert on(facts, D(2024, 1, 22)) == (S.OVERDUE, Standing.OVERDUE)


def test_a_task_never_opened_stays_planned_and_is_not_counted() -> None:
    facts = january(S.PLANNED)
    assert on(facts, D(2024, 1, 10)) == (S.PLANNED, None)
    assert on(facts, D(2024, 1, 25)) == (S.PLANNED, None)


def test_an_acknowledged_task_counts_as_open_in_time_until_its_deadline() -> None:
    facts = january(S.ACKNOWLEDGED)
    assert on(facts, D(2024, 1, 7)) == (S.PLANNED, None)
    assert on(facts, D(2024, 1, 10)) == (S.ACKNOWLEDGED, Standing.OPEN_IN_TIME)
    assert on(facts, D(2024, 1, 19)) == (S.OVERDUE, Standing.OVERDUE)


def test_a_task_submitted_on_time_was_open_before_and_done_on_time_from_that_day() -> None:
    facts = january(S.SUBMITTED_ON_TIME, utc(2024, 1, 12, 3), D(2024, 1, 12))  # 10:00 in Vietnam
    assert on(facts, D(2024, 1, 7)) == (S.PLANNED, None)
    assert on(facts, D(2024, 1, 11)) == (S.OPEN, Standing.OPEN_IN_TIME)
    assert on(facts, D(2024, 1, 12)) == (S.SUBMITTED_ON_TIME, Standing.DONE_ON_TIME)
    assert on(facts, D(2024, 12, 31)) == (S.SUBMITTED_ON_TIME, Standing.DONE_ON_TIME)


def test_a_task_submitted_late_was_overdue_until_the_day_it_came_in() -> None:
    facts = january(S.SUBMITTED_LATE, utc(2024, 1, 23, 3), D(2024, 1, 23))
    assert on(facts, D(2024, 1, 18)) == (S.OPEN, Standing.OPEN_IN_TIME)
    assert on(facts, D(2024, 1, 22)) == (S.OVERDUE, Standing.OVERDUE)
    assert on(facts, D(2024, 1, 23)) == (S.SUBMITTED_LATE, Standing.DONE_LATE)
    assert on(facts, D(2024, 2, 1)) == (S.SUBMITTED_LATE, Standing.DONE_LATE)


def test_a_submission_at_23_59_in_vietnam_counts_on_the_deadline_day_itself() -> None:
    facts = january(S.SUBMITTED_ON_TIME, utc(2024, 1, 18, 16, 59), D(2024, 1, 18))
    assert on(facts, D(2024, 1, 17)) == (S.OPEN, Standing.OPEN_IN_TIME)
    assert on(facts, D(2024, 1, 18)) == (S.SUBMITTED_ON_TIME, Standing.DONE_ON_TIME)


def test_a_submission_at_midnight_in_vietnam_leaves_the_deadline_day_open_and_is_late() -> None:
    facts = january(S.SUBMITTED_LATE, utc(2024, 1, 18, 17, 0), D(2024, 1, 19))
    assert on(facts, D(2024, 1, 18)) == (S.OPEN, Standing.OPEN_IN_TIME)
    assert on(facts, D(2024, 1, 19)) == (S.SUBMITTED_LATE, Standing.DONE_LATE)


def test_a_report_handed_in_before_its_task_opened_is_on_time_from_that_day() -> None:
    facts = january(S.SUBMITTED_ON_TIME, utc(2024, 1, 5, 2), D(2024, 1, 5))
    assert on(facts, D(2024, 1, 4)) == (S.PLANNED, None)
    assert on(facts, D(2024, 1, 5)) == (S.SUBMITTED_ON_TIME, Standing.DONE_ON_TIME)


def test_a_task_waived_on_its_opening_day_counts_as_waived_from_then_on() -> None:
    # The demo year waives Hội Người cao tuổi's February 2024 report on 7/2, the day it opened
    # (due Mon 19/2: 18/2 is a Sunday).
    facts = TaskFacts(S.WAIVED, D(2024, 2, 7), D(2024, 2, 19), None, D(2024, 2, 7))
    assert on(facts, D(2024, 2, 6)) == (S.PLANNED, None)
    assert on(facts, D(2024, 2, 7)) == (S.WAIVED, Standing.WAIVED)
    assert on(facts, D(2024, 2, 20)) == (S.WAIVED, Standing.WAIVED)


def test_a_task_waived_after_its_deadline_was_overdue_until_the_waiver() -> None:
    facts = january(S.WAIVED, closed_on=D(2024, 1, 24))
    assert on(facts, D(2024, 1, 10)) == (S.OPEN, Standing.OPEN_IN_TIME)
    assert on(facts, D(2024, 1, 23)) == (S.OVERDUE, Standing.OVERDUE)
    assert on(facts, D(2024, 1, 24)) == (S.WAIVED, Standing.WAIVED)


def test_a_cancelled_task_is_not_counted_from_the_day_it_was_cancelled() -> None:
    facts = january(S.CANCELLED, closed_on=D(2024, 1, 10))
    assert on(facts, D(2024, 1, 9)) == (S.OPEN, Standing.OPEN_IN_TIME)
    assert on(facts, D(2024, 1, 10)) == (S.CANCELLED, None)
    assert on(facts, D(2024, 1, 30)) == (S.CANCELLED, None)


def test_the_standings_are_the_four_counts_and_waived() -> None:
    assert (
        Standing.DONE_ON_TIME,
        Standing.DONE_LATE,
        Standing.OPEN_IN_TIME,
        Standing.OVERDUE,
        Standing.WAIVED,
    ) == ("done_on_time", "done_late", "open_in_time", "overdue", "waived")
