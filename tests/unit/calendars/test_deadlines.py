"""Deadlines (DueRule) and openings (OpenRule) on the real working-day calendar.

Windows are Decree 09's (15th → 14th) unless a test says otherwise; the days off and make-up
Saturdays are those of docs/research/workdays-2020-2026.md §3 (e.g. Tết Giáp Thìn off 8–14/2/2024,
Tết Bính Ngọ off 14–22/2/2026, Giỗ Tổ Thu 18/4/2024, Sat 26/4/2025 and 22/8/2026 worked).
"""

from __future__ import annotations

from datetime import date

import pytest

from calendars.deadlines import (
    DEFAULT_OPENING,
    DeadlineError,
    DueKind,
    DueRule,
    OpenRule,
)
from calendars.periods import DECREE_09, Period, PeriodKind, Window
from calendars.workdays import Shift, WorkCalendar

D = date
M, Q, H, N, Y = (
    PeriodKind.MONTHLY,
    PeriodKind.QUARTERLY,
    PeriodKind.HALF_YEARLY,
    PeriodKind.NINE_MONTHS,
    PeriodKind.YEARLY,
)


def due(
    text: str,
    period: Period,
    cal: WorkCalendar,
    window: Window = DECREE_09,
    shift: Shift | None = None,
) -> date:
    return DueRule.parse(text).deadline(period, cal, window, shift)


# ------------------------------------------------------------------ day N


def test_day_18_is_the_first_18th_after_the_cut_off(cal: WorkCalendar) -> None:
    # plans/tay-ninh-2024.yaml (seed 003): "due: day 18"
    assert due("day 18", Period(2024, M, 1), cal) == D(2024, 1, 18)  # Thu
    assert due("day 18", Period(2024, H, 1), cal) == D(2024, 6, 18)  # Tue
    assert due("day 18", Period(2024, N), cal) == D(2024, 9, 18)  # Wed
    annual = Window.parse("15/12 to 14/11")  # the annual report compiled in November
    assert due("day 18", Period(2024, Y), cal, window=annual) == D(2024, 11, 18)  # Mon


def test_day_18_of_february_2024_falls_on_a_sunday_after_tet_and_moves_to_monday(
    cal: WorkCalendar,
) -> None:
    assert due("day 18", Period(2024, M, 2), cal) == D(2024, 2, 19)


def test_a_report_due_on_the_last_day_off_of_tet_moves_to_the_first_working_day_after(
    cal: WorkCalendar,
) -> None:
    # January 2024: cut-off 14/1, the first 14th after it is Wed 14/2/2024, the last day off
    assert due("day 14", Period(2024, M, 1), cal) == D(2024, 2, 15)
    # February 2026: cut-off 14/2, day 20 is Fri 20/2/2026 (mùng 4), off until Sun 22/2
    assert due("day 20", Period(2026, M, 2), cal) == D(2026, 2, 23)


def test_day_31_is_clamped_to_the_end_of_a_short_month(cal: WorkCalendar) -> None:
    assert due("day 31", Period(2026, M, 3), cal) == D(2026, 3, 31)  # Tue
    # 28/2/2026 is a Saturday: Monday 2/3
    assert due("day 31", Period(2026, M, 2), cal) == D(2026, 3, 2)


def test_day_n_after_a_calendar_window_is_in_the_following_month(cal: WorkCalendar) -> None:
    calendar_window = Window.parse("calendar")
    assert due("day 10", Period(2026, M, 3), cal, window=calendar_window) == D(2026, 4, 10)


# ------------------------------------------------------------------ N workdays after cutoff


def test_workdays_after_cutoff_jump_over_tet(cal: WorkCalendar) -> None:
    # cut-off Sat 14/2/2026; 16–20/2 off; Mon 23, Tue 24, Wed 25
    assert due("3 workdays after cutoff", Period(2026, M, 2), cal) == D(2026, 2, 25)


def test_workdays_after_cutoff_skip_the_hung_kings_day(cal: WorkCalendar) -> None:
    # cut-off Sun 14/4/2024; 15, 16, 17, (18 Giỗ Tổ), 19, 22
    assert due("3 workdays after cutoff", Period(2024, M, 4), cal) == D(2024, 4, 17)
    assert due("5 workdays after cutoff", Period(2024, M, 4), cal) == D(2024, 4, 22)


def test_workdays_after_cutoff_may_land_on_a_make_up_saturday(cal: WorkCalendar) -> None:
    # cut-off Mon 14/4/2025: 15–18, 21–25, then Sat 26/4 (6150/TB-BLĐTBXH) is the 10th
    assert due("10 workdays after cutoff", Period(2025, M, 4), cal) == D(2025, 4, 26)
    # cut-off Fri 14/8/2026: 17–21, then Sat 22/8 (9441/TB-BNV) is the 6th
    assert due("6 workdays after cutoff", Period(2026, M, 8), cal) == D(2026, 8, 22)


def test_workdays_after_a_cutoff_on_saturday(cal: WorkCalendar) -> None:
    # Q1 2026 cut-off Sat 14/3: Mon 16, Tue 17, Wed 18
    assert due("3 workdays after cutoff", Period(2026, Q, 1), cal) == D(2026, 3, 18)


# ------------------------------------------------------------------ fixed dates and "before"


def test_a_fixed_date_moves_forward_off_a_weekend(cal: WorkCalendar) -> None:
    assert due("20/11", Period(2026, Y), cal) == D(2026, 11, 20)  # Fri
    assert due("20/11", Period(2027, Y), cal) == D(2027, 11, 22)  # Sat → Mon


def test_before_31_10_is_due_30_10(cal: WorkCalendar) -> None:
    # seed 004: "báo cáo về Ủy ban nhân dân tỉnh … trước ngày 31 tháng 10"
    assert due("before 31/10", Period(2024, Y), cal) == D(2024, 10, 30)  # Wed
    assert due("before 31/10", Period(2024, N), cal) == D(2024, 10, 30)


def test_before_31_10_in_2021_moves_back_from_saturday_to_friday(cal: WorkCalendar) -> None:
    assert D(2021, 10, 30).weekday() == 5
    assert due("before 31/10", Period(2021, Y), cal) == D(2021, 10, 29)
    # 2022: 30/10 is a Sunday, 29/10 a Saturday → Fri 28/10
    assert due("before 31/10", Period(2022, Y), cal) == D(2022, 10, 28)


def test_an_obligation_may_choose_another_shift(cal: WorkCalendar) -> None:
    assert due("before 31/10", Period(2021, Y), cal, shift=Shift.NEXT) == D(2021, 11, 1)
    assert due("before 31/10", Period(2021, Y), cal, shift=Shift.NONE) == D(2021, 10, 30)
    assert due("day 18", Period(2024, M, 2), cal, shift=Shift.PREVIOUS) == D(2024, 2, 16)


def test_a_deadline_that_must_stay_before_a_date_moves_back_before_tet(
    cal: WorkCalendar,
) -> None:
    # "before 15/2" of 2024 is Wed 14/2/2024, the last day off: back to Wed 7/2
    assert due("before 15/2", Period(2024, Y), cal) == D(2024, 2, 7)
    # "before 1/2" of 2025 is Fri 31/1/2025 (mùng 3), off since Sat 25/1: back to Fri 24/1
    assert due("before 1/2", Period(2025, Y), cal) == D(2025, 1, 24)


def test_a_fixed_date_is_refused_for_a_period_that_recurs_within_the_year(
    cal: WorkCalendar,
) -> None:
    for kind, key in ((M, "2026-03"), (Q, "2026-Q1"), (H, "2026-H1")):
        with pytest.raises(DeadlineError, match="suits yearly or nine-month reports"):
            due("20/11", Period.parse(kind, key), cal)
        with pytest.raises(DeadlineError, match="suits yearly or nine-month reports"):
            due("before 31/10", Period.parse(kind, key), cal)


# ------------------------------------------------------------------ parsing


@pytest.mark.parametrize(
    ("text", "rule", "canonical"),
    [
        ("day 18", DueRule(DueKind.DAY_OF_MONTH, n=18), "day 18"),
        ("Day  18", DueRule(DueKind.DAY_OF_MONTH, n=18), "day 18"),
        ("3 workdays after cutoff", DueRule(DueKind.WORKDAYS_AFTER_CUTOFF, n=3), None),
        ("1 workday after cutoff", DueRule(DueKind.WORKDAYS_AFTER_CUTOFF, n=1), None),
        ("1 workdays after cutoff", DueRule(DueKind.WORKDAYS_AFTER_CUTOFF, n=1),
         "1 workday after cutoff"),
        ("20/11", DueRule(DueKind.FIXED, day=20, month=11), None),
        ("before 31/10", DueRule(DueKind.BEFORE, day=31, month=10), None),
        ("BEFORE 31/10", DueRule(DueKind.BEFORE, day=31, month=10), "before 31/10"),
    ],
)  # fmt: skip
def test_due_rule_forms_parse_and_print_canonically(
    text: str, rule: DueRule, canonical: str | None
) -> None:
    parsed = DueRule.parse(text)
    assert parsed == rule
    assert str(parsed) == (canonical or text)
    assert DueRule.parse(str(parsed)) == parsed


def test_only_before_moves_back_by_default() -> None:
    assert DueRule.parse("before 31/10").default_shift is Shift.PREVIOUS
    assert DueRule.parse("20/11").default_shift is Shift.NEXT
    assert DueRule.parse("day 18").default_shift is Shift.NEXT
    assert DueRule.parse("3 workdays after cutoff").default_shift is Shift.NEXT


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("day 0", "day 0 is not a day of a month"),
        ("day 32", "day 32 is not a day of a month"),
        ("0 workdays after cutoff", "1..60 working days"),
        ("61 workdays after cutoff", "1..60 working days"),
        ("31/11", "31/11 is not a day of the year"),
        ("before 30/2", "30/2 is not a day of the year"),
        ("20/13", "20/13 is not a day of the year"),
        ("end of month", "unknown deadline 'end of month'"),
        ("3 days after cutoff", "unknown deadline"),
        ("", "unknown deadline"),
    ],
)
def test_due_rule_refuses_bad_texts(text: str, message: str) -> None:
    with pytest.raises(DeadlineError, match=message):
        DueRule.parse(text)


# ------------------------------------------------------------------ OpenRule


def test_a_task_that_would_open_during_tet_opens_before_it(cal: WorkCalendar) -> None:
    # due Mon 2/3/2026; 10 days before is Fri 20/2 (off) → Fri 13/2, the last day before Tết
    assert OpenRule.parse("10 days before due").opens_on(D(2026, 3, 2), cal) == D(2026, 2, 13)
    # due Mon 23/2/2026; 5 working days before: 13, 12, 11, 10, 9 → Mon 9/2
    assert OpenRule.parse("5 workdays before due").opens_on(D(2026, 2, 23), cal) == D(2026, 2, 9)


def test_seed_003_february_report_opens_before_tet_giap_thin(cal: WorkCalendar) -> None:
    deadline = due("day 18", Period(2024, M, 2), cal)
    assert deadline == D(2024, 2, 19)
    # 10 days before is Fri 9/2/2024 (30 Chạp, off) → Wed 7/2
    assert DEFAULT_OPENING.opens_on(deadline, cal) == D(2024, 2, 7)


def test_a_task_may_open_on_a_make_up_saturday(cal: WorkCalendar) -> None:
    assert OpenRule.parse("3 days before due").opens_on(D(2024, 5, 7), cal) == D(2024, 5, 4)
    assert OpenRule.parse("3 days before due").opens_on(D(2024, 5, 6), cal) == D(2024, 5, 3)


def test_zero_before_due_opens_on_the_due_day(cal: WorkCalendar) -> None:
    assert OpenRule.parse("0 workdays before due").opens_on(D(2024, 2, 19), cal) == D(2024, 2, 19)
    assert OpenRule.parse("0 days before due").opens_on(D(2024, 2, 19), cal) == D(2024, 2, 19)


@pytest.mark.parametrize(
    ("text", "rule", "canonical"),
    [
        ("10 days before due", OpenRule(10), "10 days before due"),
        ("1 day before due", OpenRule(1), "1 day before due"),
        ("1 days before due", OpenRule(1), "1 day before due"),
        ("5 workdays before due", OpenRule(5, workdays=True), "5 workdays before due"),
        ("1 workday before due", OpenRule(1, workdays=True), "1 workday before due"),
        ("0 days before due", OpenRule(0), "0 days before due"),
    ],
)
def test_open_rule_forms(text: str, rule: OpenRule, canonical: str) -> None:
    assert OpenRule.parse(text) == rule
    assert str(rule) == canonical
    assert OpenRule.parse(str(rule)) == rule


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("181 days before due", "0..180 days"),
        ("a week before due", "unknown opening"),
        ("10 days after due", "unknown opening"),
        ("-1 days before due", "unknown opening"),
    ],
)
def test_open_rule_refuses_bad_texts(text: str, message: str) -> None:
    with pytest.raises(DeadlineError, match=message):
        OpenRule.parse(text)


def test_the_default_opening_is_ten_days_before_due() -> None:
    assert OpenRule.parse("10 days before due") == DEFAULT_OPENING
