"""Chase and escalation stages on real Vietnamese working days — `obligations.policy`, pure.

The calendar is `plans/calendar/workdays-vn.yaml` through the real loader. What it says of the
days used below (and docs/research/workdays-2020-2026.md §3 restates):
- Tết Giáp Thìn: Thu 8/2 – Wed 14/2/2024 off (Thông báo 5015/TB-LĐTBXH; Công văn 8662/VPCP-KGVX:
  8, 9, 12/2 and 13–14/2 in lieu of mùng 1–2 falling on Sat 10 and Sun 11/2);
- Giỗ Tổ Hùng Vương, 10/3 âm lịch = Thu 18/4/2024 (statutory, Bộ luật Lao động 2019 Điều 112);
- Mon 29/4/2024 off, swapped with Saturday 4/5/2024, a working day (Công văn 2450/VPCP-KGVX);
  Tue 30/4 and Wed 1/5 statutory.
Every expected date was counted by hand on a 2024 wall calendar, not computed by the code.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from calendars.workdays import WorkCalendar
from obligations.loader import catalogue_files, load_catalogue
from obligations.policy import (
    Audience,
    ChasePolicy,
    Condition,
    EscalationLevel,
    EscalationPolicy,
    Stage,
    StageKind,
    armed,
    escalation_stages,
    last_stage_offset,
    open_stage,
    policy_digest,
    policy_from_spec,
    policy_spec,
    reminder_stages,
    stages_due,
    unacknowledged_stages,
)

ROOT = Path(__file__).resolve().parents[3]
D = date
DEFAULT_CHASE = ChasePolicy()  # 7, 3, 1, 0 days before; then every 2 working days, 3 times
DEFAULT_ESCALATION = EscalationPolicy()  # 3 working days late: head; 7: supervisor


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return load_catalogue(catalogue_files(ROOT / "plans" / "calendar")).calendar


def named(stages: list[Stage]) -> list[tuple[str, date]]:
    return [(s.name, s.on) for s in stages]


def all_stages(opens_on: date, due_on: date, cal: WorkCalendar) -> list[Stage]:
    return [
        open_stage(opens_on),
        *reminder_stages(opens_on, due_on, DEFAULT_CHASE, cal),
        *escalation_stages(due_on, DEFAULT_ESCALATION, cal),
    ]


# ------------------------------------------------------------------------ the calendar itself


def test_the_calendar_used_here_has_the_2024_days_off_these_tests_rely_on(
    cal: WorkCalendar,
) -> None:
    off = [D(2024, 2, d) for d in (8, 9, 12, 13, 14)] + [
        D(2024, 4, 18),
        D(2024, 4, 29),
        D(2024, 4, 30),
        D(2024, 5, 1),
    ]
    assert [d for d in off if cal.is_working_day(d)] == []
    assert cal.is_working_day(D(2024, 5, 4))  # the make-up Saturday
    assert cal.is_working_day(D(2024, 2, 7))  # the last working day before Tết
    assert cal.is_working_day(D(2024, 2, 15))  # the first one after


# ------------------------------------------------------------------------ before the deadline


def test_a_january_report_is_reminded_7_3_1_and_0_days_before_its_deadline(
    cal: WorkCalendar,
) -> None:
    # Opens Mon 8/1, due Thu 18/1/2024: 11/1 (Thu), 15/1 (Mon), 17/1 (Wed), 18/1 — all working.
    stages = reminder_stages(D(2024, 1, 8), D(2024, 1, 18), DEFAULT_CHASE, cal)
    before = [s for s in stages if s.kind is StageKind.REMIND]
    assert named(before) == [
        ("before-7", D(2024, 1, 11)),
        ("before-3", D(2024, 1, 15)),
        ("before-1", D(2024, 1, 17)),
        ("due-day", D(2024, 1, 18)),
    ]
    assert [s.days for s in before] == [7, 3, 1, 0]
    assert {s.audience for s in before} == {Audience.UNIT}


def test_a_reminder_that_falls_on_a_holiday_moves_back_to_the_working_day_before(
    cal: WorkCalendar,
) -> None:
    # April 2024: due Fri 19/4 (the 18th is Giỗ Tổ); before-1 would be 18/4 → Wed 17/4.
    stages = reminder_stages(D(2024, 4, 9), D(2024, 4, 19), DEFAULT_CHASE, cal)
    assert named([s for s in stages if s.kind is StageKind.REMIND]) == [
        ("before-7", D(2024, 4, 12)),
        ("before-3", D(2024, 4, 16)),
        ("before-1", D(2024, 4, 17)),
        ("due-day", D(2024, 4, 19)),
    ]


def test_a_reminder_falling_on_a_weekend_moves_back_to_friday(cal: WorkCalendar) -> None:
    # Due Mon 22/1/2024 with a single reminder 1 day before: Sun 21/1 → Fri 19/1.
    stages = reminder_stages(D(2024, 1, 5), D(2024, 1, 22), ChasePolicy((1,), 2, 0), cal)
    assert named(stages) == [("before-1", D(2024, 1, 19))]


def test_two_reminders_on_the_same_day_become_one_the_nearer_the_deadline(
    cal: WorkCalendar,
) -> None:
    # February 2024: due Sun 18/2 → Mon 19/2; opens 7/2 (9/2 is Tết). before-3 is Fri 16/2 and
    # before-1 (Sun 18/2) moves back to Fri 16/2: one reminder, the one nearer the deadline.
    # before-7 (Mon 12/2, Tết) moves back to 7/2, the opening day: the opening notice says it.
    stages = reminder_stages(D(2024, 2, 7), D(2024, 2, 19), DEFAULT_CHASE, cal)
    assert named([s for s in stages if s.kind is StageKind.REMIND]) == [
        ("before-1", D(2024, 2, 16)),
        ("due-day", D(2024, 2, 19)),
    ]


def test_no_reminder_is_planned_on_or_before_the_opening_day(cal: WorkCalendar) -> None:
    # A task that opens Wed 17/1 for a deadline of Thu 18/1: before-7 and before-3 (11/1, 15/1)
    # are before it, before-1 is the opening day itself; only the deadline's own reminder stays.
    stages = reminder_stages(D(2024, 1, 17), D(2024, 1, 18), ChasePolicy(max_after=0), cal)
    assert named(stages) == [("due-day", D(2024, 1, 18))]


def test_a_task_opening_on_its_deadline_gets_no_reminder_before_it(cal: WorkCalendar) -> None:
    stages = reminder_stages(D(2024, 1, 18), D(2024, 1, 18), ChasePolicy(max_after=0), cal)
    assert stages == []


# ------------------------------------------------------------------------- after the deadline


def test_after_the_deadline_a_reminder_every_2_working_days_at_most_3(cal: WorkCalendar) -> None:
    # Due Thu 18/1/2024: Fri 19 and Mon 22 (2), Tue 23 and Wed 24 (4), Thu 25 and Fri 26 (6).
    stages = reminder_stages(D(2024, 1, 8), D(2024, 1, 18), DEFAULT_CHASE, cal)
    after = [s for s in stages if s.kind is StageKind.OVERDUE]
    assert named(after) == [
        ("overdue-1", D(2024, 1, 22)),
        ("overdue-2", D(2024, 1, 24)),
        ("overdue-3", D(2024, 1, 26)),
    ]
    assert [s.days for s in after] == [2, 4, 6]
    assert all(s.is_reminder for s in after)


def test_overdue_reminders_count_working_days_across_the_april_holidays(
    cal: WorkCalendar,
) -> None:
    # Due Fri 19/4/2024: 22, 23 (2); 24, 25 (4); 26/4, then 29/4–1/5 off, Thu 2/5 (6).
    stages = reminder_stages(D(2024, 4, 9), D(2024, 4, 19), DEFAULT_CHASE, cal)
    assert named([s for s in stages if s.kind is StageKind.OVERDUE]) == [
        ("overdue-1", D(2024, 4, 23)),
        ("overdue-2", D(2024, 4, 25)),
        ("overdue-3", D(2024, 5, 2)),
    ]


def test_overdue_reminders_step_over_tet(cal: WorkCalendar) -> None:
    # Due Wed 7/2/2024, the last working day before Tết: Thu 8 – Wed 14/2 off, so the first
    # two working days after it are Thu 15 and Fri 16/2.
    stages = reminder_stages(D(2024, 1, 26), D(2024, 2, 7), ChasePolicy((), 2, 1), cal)
    assert named(stages) == [("overdue-1", D(2024, 2, 16))]


def test_another_policy_every_3_working_days_at_most_twice(cal: WorkCalendar) -> None:
    # Due Thu 18/1/2024: 19, 22, 23 (3) → 23/1; 24, 25, 26 (6) → 26/1; and no third one.
    policy = ChasePolicy(before_due=(), every=3, max_after=2)
    stages = reminder_stages(D(2024, 1, 8), D(2024, 1, 18), policy, cal)
    assert named(stages) == [("overdue-1", D(2024, 1, 23)), ("overdue-2", D(2024, 1, 26))]
    assert reminder_stages(D(2024, 1, 8), D(2024, 1, 18), ChasePolicy((), 2, 0), cal) == []


# -------------------------------------------------------------------------------- escalation


def test_escalation_goes_to_the_head_after_3_and_the_supervisor_after_7_working_days(
    cal: WorkCalendar,
) -> None:
    # Due Thu 18/1/2024: 19, 22, 23 → Tue 23/1 (3); 24, 25, 26, 29 → Mon 29/1 (7).
    stages = escalation_stages(D(2024, 1, 18), DEFAULT_ESCALATION, cal)
    assert [(s.name, s.on, s.level, s.audience, s.days) for s in stages] == [
        ("escalate-1", D(2024, 1, 23), 1, Audience.HEAD, 3),
        ("escalate-2", D(2024, 1, 29), 2, Audience.SUPERVISOR, 7),
    ]
    assert {s.kind for s in stages} == {StageKind.ESCALATE}
    assert not any(s.is_reminder for s in stages)


def test_the_supervisor_escalation_of_april_lands_before_the_make_up_saturday(
    cal: WorkCalendar,
) -> None:
    # Due Fri 19/4/2024: 22, 23, 24 → 24/4 (3); 25, 26, 2/5, 3/5 → Fri 3/5 (7); the make-up
    # Saturday 4/5 would have been the 8th.
    stages = escalation_stages(D(2024, 4, 19), DEFAULT_ESCALATION, cal)
    assert named(stages) == [("escalate-1", D(2024, 4, 24)), ("escalate-2", D(2024, 5, 3))]


def test_the_make_up_saturday_counts_as_a_working_day_late(cal: WorkCalendar) -> None:
    # Due Fri 3/5/2024: the next working day is Saturday 4/5 (làm bù), then Mon 6/5.
    policy = EscalationPolicy((EscalationLevel(1, 1, Audience.HEAD),))
    assert named(escalation_stages(D(2024, 5, 3), policy, cal)) == [("escalate-1", D(2024, 5, 4))]


def test_escalation_levels_come_out_in_level_order_whatever_order_they_are_given(
    cal: WorkCalendar,
) -> None:
    policy = EscalationPolicy(
        (
            EscalationLevel(3, 10, Audience.SUPERVISOR),
            EscalationLevel(1, 1, Audience.HEAD),
            EscalationLevel(2, 5, Audience.SUPERVISOR),
        )
    )
    # Due Thu 18/1/2024: 1 → Fri 19/1; 5 → Thu 25/1; 10 → Thu 1/2.
    stages = escalation_stages(D(2024, 1, 18), policy, cal)
    assert [(s.name, s.on, s.audience) for s in stages] == [
        ("escalate-1", D(2024, 1, 19), Audience.HEAD),
        ("escalate-2", D(2024, 1, 25), Audience.SUPERVISOR),
        ("escalate-3", D(2024, 2, 1), Audience.SUPERVISOR),
    ]


# ---------------------------------------------------------------------------- what is due when


def test_on_a_day_with_nothing_planned_nothing_is_sent(cal: WorkCalendar) -> None:
    stages = all_stages(D(2024, 1, 8), D(2024, 1, 18), cal)
    decision = stages_due(stages, {"open"}, D(2024, 1, 10))
    assert (decision.send, decision.superseded) == ([], [])


def test_each_day_sends_its_own_stage_when_every_run_happened(cal: WorkCalendar) -> None:
    stages = all_stages(D(2024, 1, 8), D(2024, 1, 18), cal)
    assert named(stages_due(stages, set(), D(2024, 1, 8)).send) == [("open", D(2024, 1, 8))]
    done = {"open", "before-7", "before-3", "before-1"}
    decision = stages_due(stages, done, D(2024, 1, 18))
    assert named(decision.send) == [("due-day", D(2024, 1, 18))]
    assert decision.superseded == []


def test_a_stage_already_done_is_not_sent_again(cal: WorkCalendar) -> None:
    stages = all_stages(D(2024, 1, 8), D(2024, 1, 18), cal)
    assert stages_due(stages, {"open", "before-7"}, D(2024, 1, 12)).send == []


def test_after_missed_days_only_the_latest_reminder_is_sent_the_others_superseded(
    cal: WorkCalendar,
) -> None:
    # Runs stopped after the opening on 8/1 and came back on Tue 23/1: overdue-1 (22/1) stands
    # for the four reminders before it; escalate-1 is due that very day.
    stages = all_stages(D(2024, 1, 8), D(2024, 1, 18), cal)
    decision = stages_due(stages, {"open"}, D(2024, 1, 23))
    assert named(decision.send) == [("overdue-1", D(2024, 1, 22)), ("escalate-1", D(2024, 1, 23))]
    assert named(decision.superseded) == [
        ("before-7", D(2024, 1, 11)),
        ("before-3", D(2024, 1, 15)),
        ("before-1", D(2024, 1, 17)),
        ("due-day", D(2024, 1, 18)),
    ]


def test_after_missed_days_every_escalation_level_due_is_sent(cal: WorkCalendar) -> None:
    # Back on Mon 29/1 having sent only the opening and before-7: the head (23/1) and the
    # supervisor (29/1) each get theirs; of the reminders only overdue-3 (26/1) goes.
    stages = all_stages(D(2024, 1, 8), D(2024, 1, 18), cal)
    decision = stages_due(stages, {"open", "before-7"}, D(2024, 1, 29))
    assert named(decision.send) == [
        ("escalate-1", D(2024, 1, 23)),
        ("overdue-3", D(2024, 1, 26)),
        ("escalate-2", D(2024, 1, 29)),
    ]
    assert named(decision.superseded) == [
        ("before-3", D(2024, 1, 15)),
        ("before-1", D(2024, 1, 17)),
        ("due-day", D(2024, 1, 18)),
        ("overdue-1", D(2024, 1, 22)),
        ("overdue-2", D(2024, 1, 24)),
    ]


def test_a_first_run_long_after_the_opening_sends_the_opening_with_the_latest_reminder(
    cal: WorkCalendar,
) -> None:
    # Nothing done at all, first run on Wed 17/1: the opening (not a reminder) is sent, and of
    # the three reminders due only before-1.
    stages = all_stages(D(2024, 1, 8), D(2024, 1, 18), cal)
    decision = stages_due(stages, set(), D(2024, 1, 17))
    assert named(decision.send) == [("open", D(2024, 1, 8)), ("before-1", D(2024, 1, 17))]
    assert named(decision.superseded) == [
        ("before-7", D(2024, 1, 11)),
        ("before-3", D(2024, 1, 15)),
    ]


def test_a_superseded_stage_counts_as_done_and_is_not_superseded_twice(cal: WorkCalendar) -> None:
    stages = all_stages(D(2024, 1, 8), D(2024, 1, 18), cal)
    done = {"open", "before-7", "before-3", "before-1", "due-day", "overdue-1", "escalate-1"}
    decision = stages_due(stages, done, D(2024, 1, 24))
    assert named(decision.send) == [("overdue-2", D(2024, 1, 24))]
    assert decision.superseded == []


# ------------------------------------------------------------------------- escalation ladders

LADDER = EscalationPolicy(
    (
        EscalationLevel(1, 2, Audience.UNIT, when=Condition.NOT_ACKNOWLEDGED),
        EscalationLevel(2, 1, Audience.HEAD, every=2, times=3),
        EscalationLevel(3, 10, Audience.STANDING, urgent=True),
    )
)


def test_a_not_acknowledged_level_counts_from_the_opening_and_the_others_from_the_deadline(
    cal: WorkCalendar,
) -> None:
    # Opened Wed 7/2/2024, due Mon 19/2 (18/2 is a Sunday). Tết: 8–14/2 off. Not acknowledged
    # 2 working days after the opening: Thu 15/2, Fri 16/2 → 16/2. Late 1 working day: Tue 20/2,
    # again every 2: Thu 22/2, Mon 26/2; 10 working days late: 20–23, 26/2–1/3, Mon 4/3.
    stages = escalation_stages(D(2024, 2, 19), LADDER, cal, opened_on=D(2024, 2, 7))
    assert [(s.name, s.on, s.audience, s.condition) for s in stages] == [
        ("escalate-1", D(2024, 2, 16), Audience.UNIT, Condition.NOT_ACKNOWLEDGED),
        ("escalate-2", D(2024, 2, 20), Audience.HEAD, Condition.NOT_SUBMITTED),
        ("escalate-2-r2", D(2024, 2, 22), Audience.HEAD, Condition.NOT_SUBMITTED),
        ("escalate-2-r3", D(2024, 2, 26), Audience.HEAD, Condition.NOT_SUBMITTED),
        ("escalate-3", D(2024, 3, 4), Audience.STANDING, Condition.NOT_SUBMITTED),
    ]
    assert [s.name for s in stages if s.urgent] == ["escalate-3"]


def test_an_acknowledged_task_keeps_only_the_levels_for_not_submitted(cal: WorkCalendar) -> None:
    stages = escalation_stages(D(2024, 2, 19), LADDER, cal, opened_on=D(2024, 2, 7))
    assert [s.name for s in armed(stages, acknowledged=True)] == [
        "escalate-2",
        "escalate-2-r2",
        "escalate-2-r3",
        "escalate-3",
    ]
    assert armed(stages, acknowledged=False) == stages


def test_after_missed_days_a_level_sends_only_its_latest_repeat_and_every_other_level(
    cal: WorkCalendar,
) -> None:
    stages = escalation_stages(D(2024, 2, 19), LADDER, cal, opened_on=D(2024, 2, 7))
    # Nothing ran from 16/2 to Mon 4/3: level 1 and level 3 are sent, and of level 2's three
    # firings only the last; the two before it are superseded.
    decision = stages_due(stages, {"open"}, D(2024, 3, 4))
    assert [s.name for s in decision.send] == ["escalate-1", "escalate-2-r3", "escalate-3"]
    assert [s.name for s in decision.superseded] == ["escalate-2", "escalate-2-r2"]


def test_a_repeat_counts_its_firings_the_first_included_and_the_bound_holds() -> None:
    level = EscalationLevel(2, 1, Audience.HEAD, every=2, times=3)
    assert level.offsets() == [1, 3, 5]
    assert EscalationLevel(1, 4, Audience.HEAD).offsets() == [4]
    # The horizon of the catch-up bound reaches the last repeat.
    assert last_stage_offset(ChasePolicy(), LADDER, {StageKind.ESCALATE}) == 10
    short = EscalationPolicy((level,))
    assert last_stage_offset(ChasePolicy((0,), 1, 0), short, {StageKind.ESCALATE}) == 5


def test_a_snapshot_gives_back_its_policies_and_names_its_unacknowledged_stages() -> None:
    chase = ChasePolicy((7, 3, 1, 0), 2, 3)
    spec = policy_spec(chase, LADDER)
    assert policy_from_spec(spec) == (ChasePolicy((0, 1, 3, 7), 2, 3), LADDER)
    assert policy_digest(spec) == policy_digest(
        policy_spec(ChasePolicy((0, 1, 3, 7), 2, 3), LADDER)
    )
    assert policy_digest(spec) != policy_digest(policy_spec(chase, DEFAULT_ESCALATION))
    assert unacknowledged_stages(spec) == {"escalate-1"}
    twice = EscalationPolicy(
        (EscalationLevel(1, 1, Audience.UNIT, when=Condition.NOT_ACKNOWLEDGED, every=1, times=2),)
    )
    assert unacknowledged_stages(policy_spec(chase, twice)) == {"escalate-1", "escalate-1-r2"}
