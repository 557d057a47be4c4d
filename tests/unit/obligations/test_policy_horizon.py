"""The catch-up window: how far back a run still decides stages, and which deadlines that reaches.

Dates are on the civil-service calendar of 2024 (`plans/calendar/workdays-vn.yaml`): 1/1 off;
Tết Giáp Thìn off 8–14/2. The stages of a January monthly report due Thu 18/1/2024 are the
ones the end-to-end year pins: before-7 11/1, before-3 15/1, before-1 17/1, due-day 18/1,
overdue-1 22/1, escalate-1 23/1, overdue-2 24/1, overdue-3 26/1, escalate-2 29/1.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from calendars.workdays import WorkCalendar
from obligations.loader import load_catalogue
from obligations.policy import (
    CATCH_UP,
    Audience,
    ChasePolicy,
    EscalationLevel,
    EscalationPolicy,
    Stage,
    StageKind,
    catch_up_since,
    earliest_due,
    last_stage_offset,
    stages_due,
)

ROOT = Path(__file__).resolve().parents[3]
CHASE = frozenset({StageKind.REMIND, StageKind.OVERDUE})
ESCALATE = frozenset({StageKind.ESCALATE})
REMIND, OVERDUE, ESCALATION = StageKind.REMIND, StageKind.OVERDUE, StageKind.ESCALATE
HEAD, SUPERVISOR = Audience.HEAD, Audience.SUPERVISOR

JANUARY = [  # the January 2024 report's stages, as the end-to-end year pins them
    Stage(date(2024, 1, 8), "open", StageKind.OPEN),
    Stage(date(2024, 1, 11), "before-7", REMIND, days=7),
    Stage(date(2024, 1, 15), "before-3", REMIND, days=3),
    Stage(date(2024, 1, 17), "before-1", REMIND, days=1),
    Stage(date(2024, 1, 18), "due-day", REMIND),
    Stage(date(2024, 1, 22), "overdue-1", OVERDUE, days=2),
    Stage(date(2024, 1, 24), "overdue-2", OVERDUE, days=4),
    Stage(date(2024, 1, 26), "overdue-3", OVERDUE, days=6),
    Stage(date(2024, 1, 23), "escalate-1", ESCALATION, level=1, audience=HEAD, days=3),
    Stage(date(2024, 1, 29), "escalate-2", ESCALATION, level=2, audience=SUPERVISOR, days=7),
]
TOLD = {"open", "before-7"}  # what a unit heard before the ledger stopped running on 11/1


def names(stages: list[Stage]) -> list[str]:
    return [s.name for s in stages]


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return load_catalogue([ROOT / "plans" / "calendar" / "workdays-vn.yaml"]).calendar


def test_the_window_is_a_month_of_calendar_days() -> None:
    assert timedelta(days=31) == CATCH_UP
    assert catch_up_since(date(2024, 2, 26)) == date(2024, 1, 26)
    assert catch_up_since(date(2024, 3, 1)) == date(2024, 1, 30)  # 2024 is a leap year


def test_the_default_chase_ends_six_working_days_after_the_deadline() -> None:
    assert last_stage_offset(ChasePolicy(), EscalationPolicy(), CHASE) == 6


def test_the_default_escalation_ends_seven_working_days_after_the_deadline() -> None:
    assert last_stage_offset(ChasePolicy(), EscalationPolicy(), ESCALATE) == 7


def test_every_kind_together_ends_at_the_latest_of_them() -> None:
    chase = ChasePolicy(every=3, max_after=4)
    escalation = EscalationPolicy((EscalationLevel(1, 5, Audience.HEAD),))
    assert last_stage_offset(chase, escalation, frozenset(StageKind)) == 12
    assert last_stage_offset(chase, escalation, ESCALATE) == 5


def test_reminders_before_the_deadline_and_the_opening_end_on_the_deadline() -> None:
    assert last_stage_offset(ChasePolicy(), EscalationPolicy(), {StageKind.REMIND}) == 0
    assert last_stage_offset(ChasePolicy(), EscalationPolicy(), {StageKind.OPEN}) == 0


def test_a_chase_without_overdue_reminders_and_no_escalation_end_on_the_deadline() -> None:
    assert last_stage_offset(ChasePolicy(every=5, max_after=0), EscalationPolicy(()), CHASE) == 0
    assert last_stage_offset(ChasePolicy(), EscalationPolicy(()), ESCALATE) == 0


def test_a_stage_on_the_deadline_reaches_back_to_the_first_day_of_the_window(
    cal: WorkCalendar,
) -> None:
    assert earliest_due(date(2024, 1, 23), 0, cal) == date(2024, 1, 23)


def test_six_working_days_before_tuesday_23_january_is_monday_15_january(
    cal: WorkCalendar,
) -> None:
    # Due 15/1: overdue-3 on 16, 17, 18, 19, 22, 23/1 — inside; due Fri 12/1: 22/1 — outside.
    assert earliest_due(date(2024, 1, 23), 6, cal) == date(2024, 1, 15)


def test_a_window_opening_on_a_saturday_counts_the_working_days_before_it(
    cal: WorkCalendar,
) -> None:
    # Sat 27/1: the January report (due 18/1) has overdue-3 on 26/1, escalate-2 on 29/1.
    assert earliest_due(date(2024, 1, 27), 6, cal) == date(2024, 1, 19)
    assert earliest_due(date(2024, 1, 27), 7, cal) == date(2024, 1, 18)


def test_tet_stretches_the_reach_of_a_window_over_its_days_off(cal: WorkCalendar) -> None:
    # 7 working days before Mon 19/2/2024: 16, 15, 7, 6, 5, 2, 1/2 (8–14/2 is Tết).
    assert earliest_due(date(2024, 2, 19), 7, cal) == date(2024, 2, 1)


def test_a_deadline_is_reached_exactly_when_its_last_stage_falls_inside_the_window(
    cal: WorkCalendar,
) -> None:
    days = [date(2023, 12, 1) + timedelta(days=n) for n in range(120)]  # over New Year and Tết
    for since in days[40:]:
        for offset in (0, 1, 2, 3, 6, 7, 10):
            bound = earliest_due(since, offset, cal)
            for due in days:
                inside = cal.add_working_days(due, offset) >= since
                assert inside == (due >= bound), (since, offset, due)


def test_without_a_window_every_missed_stage_is_caught_up_as_before() -> None:
    decision = stages_due(JANUARY, TOLD, date(2024, 2, 27))
    assert names(decision.send) == ["escalate-1", "overdue-3", "escalate-2"]
    assert names(decision.superseded) == [
        "before-3",
        "before-1",
        "due-day",
        "overdue-1",
        "overdue-2",
    ]


def test_after_a_month_of_downtime_the_last_reminder_and_the_escalations_are_caught_up() -> None:
    # Down from 12/1 to 25/2: the window of Mon 26/2 starts on 26/1, the day of overdue-3.
    decision = stages_due(JANUARY, TOLD, date(2024, 2, 26), since=date(2024, 1, 26))
    assert names(decision.send) == ["overdue-3", "escalate-2"]
    assert names(decision.superseded) == []  # the earlier ones are behind the window: left alone


def test_a_stage_a_day_behind_the_window_is_neither_sent_nor_superseded() -> None:
    # Tue 27/2: the window starts on 27/1; only escalate-2 (29/1) is inside it.
    decision = stages_due(JANUARY, TOLD, date(2024, 2, 27), since=date(2024, 1, 27))
    assert names(decision.send) == ["escalate-2"]
    assert names(decision.superseded) == []


def test_inside_the_window_the_decision_is_the_one_without_a_window() -> None:
    # Down from 12/1 to 4/2: everything missed is inside the window of Mon 5/2 (from 5/1).
    with_window = stages_due(JANUARY, TOLD, date(2024, 2, 5), since=date(2024, 1, 5))
    assert with_window == stages_due(JANUARY, TOLD, date(2024, 2, 5))
    assert names(with_window.send) == ["escalate-1", "overdue-3", "escalate-2"]


def test_three_years_on_nothing_is_left_to_send() -> None:
    decision = stages_due(JANUARY, TOLD, date(2027, 1, 11), since=date(2026, 12, 11))
    assert (decision.send, decision.superseded) == ([], [])
