"""Working days of the civil service, 2020–2026, pinned to the published decisions.

Every literal list below is the year-by-year table of docs/research/workdays-2020-2026.md §3
(weekdays off, make-up Saturdays, and the document that grants each), which cites the
decisions by number; the weekday of each date was checked against the Gregorian calendar.
"""

from __future__ import annotations

from datetime import date

import pytest

from calendars.workdays import Shift, WorkCalendar

D = date

# ------------------------------------------------------------------ weekdays off, year by year

WEEKDAYS_OFF: dict[int, list[date]] = {
    # 2020 (Labour Code 2012): Tết Canh Tý 23–29/1 (văn bản 4544); Giỗ Tổ Thu 2/4; 30/4; 1/5;
    # Quốc khánh 2/9 only — no adjacent day before the 2019 Code.
    2020: [
        D(2020, 1, 1),
        D(2020, 1, 23), D(2020, 1, 24), D(2020, 1, 27), D(2020, 1, 28), D(2020, 1, 29),
        D(2020, 4, 2),
        D(2020, 4, 30), D(2020, 5, 1),
        D(2020, 9, 2),
    ],
    # 2021: Tết Tân Sửu 10–16/2 (4875/TB-LĐTBXH); Giỗ Tổ Wed 21/4; 1/5 on Sat → Mon 3/5;
    # Quốc khánh 2/9 + 3/9.
    2021: [
        D(2021, 1, 1),
        D(2021, 2, 10), D(2021, 2, 11), D(2021, 2, 12), D(2021, 2, 15), D(2021, 2, 16),
        D(2021, 4, 21),
        D(2021, 4, 30), D(2021, 5, 3),
        D(2021, 9, 2), D(2021, 9, 3),
    ],
    # 2022: 1/1 on Sat → Mon 3/1; Tết Nhâm Dần 31/1–4/2 (245/VPCP-KGVX); Giỗ Tổ Sun 10/4 →
    # Mon 11/4; 30/4–1/5 on Sat–Sun → 2–3/5; Quốc khánh 1/9 + 2/9.
    2022: [
        D(2022, 1, 3),
        D(2022, 1, 31), D(2022, 2, 1), D(2022, 2, 2), D(2022, 2, 3), D(2022, 2, 4),
        D(2022, 4, 11),
        D(2022, 5, 2), D(2022, 5, 3),
        D(2022, 9, 1), D(2022, 9, 2),
    ],
    # 2023: 1/1 on Sun → Mon 2/1; Tết Quý Mão 20–26/1 (5034/TB-LĐTBXH); 1/5 Mon; Giỗ Tổ
    # (Sat 29/4) and 30/4 (Sun) → 2–3/5; Quốc khánh Fri 1/9 + Mon 4/9.
    2023: [
        D(2023, 1, 2),
        D(2023, 1, 20), D(2023, 1, 23), D(2023, 1, 24), D(2023, 1, 25), D(2023, 1, 26),
        D(2023, 5, 1), D(2023, 5, 2), D(2023, 5, 3),
        D(2023, 9, 1), D(2023, 9, 4),
    ],
    # 2024: Tết Giáp Thìn 8–14/2 (5015/TB-LĐTBXH); Giỗ Tổ Thu 18/4; Mon 29/4 swapped for
    # Sat 4/5 (2450/VPCP-KGVX); 30/4, 1/5; Quốc khánh 2/9 + 3/9.
    2024: [
        D(2024, 1, 1),
        D(2024, 2, 8), D(2024, 2, 9), D(2024, 2, 12), D(2024, 2, 13), D(2024, 2, 14),
        D(2024, 4, 18),
        D(2024, 4, 29), D(2024, 4, 30), D(2024, 5, 1),
        D(2024, 9, 2), D(2024, 9, 3),
    ],
    # 2025: Tết Ất Tỵ 27–31/1 (6150/TB-BLĐTBXH, 8726/VPCP-KGVX); Giỗ Tổ Mon 7/4; 30/4, 1/5,
    # Fri 2/5 swapped for Sat 26/4; Quốc khánh 1/9 + 2/9.
    2025: [
        D(2025, 1, 1),
        D(2025, 1, 27), D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31),
        D(2025, 4, 7),
        D(2025, 4, 30), D(2025, 5, 1), D(2025, 5, 2),
        D(2025, 9, 1), D(2025, 9, 2),
    ],
    # 2026: 1/1 and Fri 2/1 swapped for Sat 10/1 (12729/VPCP-KGVX); Tết Bính Ngọ 16–20/2
    # (9441/TB-BNV); Giỗ Tổ Sun 26/4 → Mon 27/4; 30/4, 1/5 without a swap (3383/BNV-CVL);
    # Mon 31/8 swapped for Sat 22/8, 1/9 + 2/9 (9441/TB-BNV); Ngày Văn hóa Việt Nam Tue 24/11
    # (28/2026/QH16, 10065/VPCP-KGVX).
    2026: [
        D(2026, 1, 1), D(2026, 1, 2),
        D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20),
        D(2026, 4, 27),
        D(2026, 4, 30), D(2026, 5, 1),
        D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2),
        D(2026, 11, 24),
    ],
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(WEEKDAYS_OFF))
def test_the_weekdays_off_of_a_year_are_the_published_ones(cal: WorkCalendar, year: int) -> None:
    assert [info.day for info in cal.days_off(year)] == WEEKDAYS_OFF[year]


@pytest.mark.parametrize("year", sorted(WEEKDAYS_OFF))
def test_every_other_weekday_of_the_year_is_a_working_day(cal: WorkCalendar, year: int) -> None:
    off = set(WEEKDAYS_OFF[year])
    day = D(year, 1, 1)
    while day.year == year:
        if day.weekday() < 5:
            assert cal.is_working_day(day) is (day not in off), day
        day = D.fromordinal(day.toordinal() + 1)


# ------------------------------------------------------------------ make-up Saturdays and swaps

MAKE_UP_SATURDAYS: dict[int, list[tuple[date, date]]] = {  # working Saturday → the day it pays
    2020: [],
    2021: [],
    2022: [],
    2023: [],
    2024: [(D(2024, 5, 4), D(2024, 4, 29))],  # 2450/VPCP-KGVX
    2025: [(D(2025, 4, 26), D(2025, 5, 2))],  # 6150/TB-BLĐTBXH, 8726/VPCP-KGVX
    2026: [(D(2026, 1, 10), D(2026, 1, 2)), (D(2026, 8, 22), D(2026, 8, 31))],  # 12729, 9441
}


@pytest.mark.parametrize("year", sorted(MAKE_UP_SATURDAYS))
def test_the_make_up_saturdays_of_a_year_are_the_published_ones(
    cal: WorkCalendar, year: int
) -> None:
    expected = MAKE_UP_SATURDAYS[year]
    assert [info.day for info in cal.make_up_days(year)] == [saturday for saturday, _ in expected]
    for saturday, paid_back in expected:
        assert saturday.weekday() == 5
        assert cal.is_working_day(saturday)
        assert not cal.is_working_day(paid_back)


def test_the_swapped_days_carry_their_partner_in_the_decision(cal: WorkCalendar) -> None:
    decided = {day.day: day.replaces for decision in cal.decisions for day in decision.days}
    assert decided[D(2024, 4, 29)] == D(2024, 5, 4)
    assert decided[D(2024, 5, 4)] == D(2024, 4, 29)
    assert decided[D(2025, 5, 2)] == D(2025, 4, 26)
    assert decided[D(2025, 4, 26)] == D(2025, 5, 2)
    assert decided[D(2026, 1, 2)] == D(2026, 1, 10)
    assert decided[D(2026, 1, 10)] == D(2026, 1, 2)
    assert decided[D(2026, 8, 31)] == D(2026, 8, 22)
    assert decided[D(2026, 8, 22)] == D(2026, 8, 31)


def test_the_2026_new_year_swap_exists_only_because_of_the_decision() -> None:
    # The holidays package does not know 12729/VPCP-KGVX (research §5.1): without the
    # catalogue's decisions Fri 2/1/2026 would be a working day and Sat 10/1 a day off.
    bare = WorkCalendar()
    assert bare.is_working_day(D(2026, 1, 2))
    assert not bare.is_working_day(D(2026, 1, 10))


def test_ngay_van_hoa_viet_nam_2026_is_one_day_without_a_swap(cal: WorkCalendar) -> None:
    # 10065/VPCP-KGVX: Tue 24/11 only; Mon 23/11 works, Sat 28/11 is not a make-up day
    assert not cal.is_working_day(D(2026, 11, 24))
    assert cal.is_working_day(D(2026, 11, 23))
    assert not cal.is_working_day(D(2026, 11, 28))


def test_no_swap_around_30_april_2026(cal: WorkCalendar) -> None:
    # 3383/BNV-CVL: Tue 28 and Wed 29/4/2026 stay working days
    assert cal.is_working_day(D(2026, 4, 28))
    assert cal.is_working_day(D(2026, 4, 29))


# ------------------------------------------------------------------ info(): reasons and sources


@pytest.mark.parametrize(
    ("day", "working", "reason", "source"),
    [
        (D(2024, 5, 4), True, "Làm bù cho thứ Hai 29/4/2024", "Công văn 2450/VPCP-KGVX"),
        (
            D(2024, 4, 29),
            False,
            "Nghỉ hoán đổi dịp 30/4 – 01/5 (thứ Hai)",
            "Công văn 2450/VPCP-KGVX",
        ),
        (D(2025, 4, 26), True, "Làm bù cho thứ Sáu 02/5/2025", "Thông báo 6150/TB-BLĐTBXH"),
        (
            D(2025, 5, 2),
            False,
            "Nghỉ hoán đổi dịp 30/4 – 01/5 (thứ Sáu)",
            "Thông báo 6150/TB-BLĐTBXH",
        ),
        (D(2026, 1, 10), True, "Làm bù cho thứ Sáu 02/01/2026", "Công văn 12729/VPCP-KGVX"),
        (
            D(2026, 1, 2),
            False,
            "Nghỉ hoán đổi dịp Tết Dương lịch (thứ Sáu)",
            "Công văn 12729/VPCP-KGVX",
        ),
        (D(2026, 8, 22), True, "Làm bù cho thứ Hai 31/8/2026", "Thông báo 9441/TB-BNV"),
        (D(2026, 8, 31), False, "Nghỉ hoán đổi dịp Quốc khánh (thứ Hai)", "Thông báo 9441/TB-BNV"),
        (
            D(2026, 2, 16),
            False,
            "Nghỉ Tết Nguyên đán Bính Ngọ (29 tháng Chạp Ất Tỵ)",
            "Thông báo 9441/TB-BNV",
        ),
        (
            D(2024, 2, 13),
            False,
            "Nghỉ bù mùng 1 Tết trùng thứ Bảy 10/02/2024",
            "Thông báo 5015/TB-LĐTBXH",
        ),
        (D(2023, 9, 4), False, "Nghỉ bù Quốc khánh 02/9 trùng thứ Bảy", "Thông báo 5034/TB-LĐTBXH"),
        (
            D(2022, 2, 4),
            False,
            "Nghỉ Tết Nguyên đán Nhâm Dần (mùng 4 Tết)",
            "Công văn 245/VPCP-KGVX",
        ),
        (
            D(2021, 9, 3),
            False,
            "Nghỉ Quốc khánh (ngày liền kề sau 02/9)",
            "Thông báo 4875/TB-LĐTBXH",
        ),
        (
            D(2026, 11, 24),
            False,
            "Ngày Văn hóa Việt Nam (nghỉ 01 ngày, không hoán đổi)",
            "Công văn 10065/VPCP-KGVX",
        ),
    ],
)
def test_info_gives_the_reason_and_the_decision_of_a_decided_day(
    cal: WorkCalendar, day: date, working: bool, reason: str, source: str
) -> None:
    info = cal.info(day)
    assert (info.day, info.working, info.reason, info.source) == (day, working, reason, source)


def test_info_marks_the_2020_tet_source_as_unverified(cal: WorkCalendar) -> None:
    # research §6: only the number 4544 is known, not the full symbol
    source = cal.info(D(2020, 1, 23)).source
    assert source is not None
    assert source.startswith("unverified:")
    assert "4544" in source


def test_info_names_the_weekend_and_the_ordinary_working_day(cal: WorkCalendar) -> None:
    assert cal.info(D(2026, 3, 7)).reason == "Thứ Bảy"
    assert cal.info(D(2026, 3, 8)).reason == "Chủ nhật"
    ordinary = cal.info(D(2026, 3, 9))
    assert (ordinary.working, ordinary.reason, ordinary.source) == (True, "Ngày làm việc", None)


def test_info_cites_the_labour_code_for_a_statutory_day(cal: WorkCalendar) -> None:
    hung_kings = cal.info(D(2025, 4, 7))  # 10/3 Ất Tỵ, not restated by any decision
    assert not hung_kings.working
    assert hung_kings.source == "holidays (Bộ luật Lao động 2019, Điều 112)"


def test_info_cites_the_2012_labour_code_for_a_statutory_day_of_2020(cal: WorkCalendar) -> None:
    # The 2019 Code took effect on 1/1/2021; in 2020 the holidays were those of
    # Bộ luật Lao động 2012, Điều 115 (research §1, which is also why 2020 has no 3/9).
    hung_kings = cal.info(D(2020, 4, 2))
    assert hung_kings.source == "holidays (Bộ luật Lao động 2012, Điều 115)"


# ------------------------------------------------------------------ arithmetic across Tết and swaps


def test_add_working_days_jumps_over_tet_giap_thin(cal: WorkCalendar) -> None:
    # off Thu 8 – Wed 14/2/2024 (5015/TB-LĐTBXH)
    assert cal.add_working_days(D(2024, 2, 7), 1) == D(2024, 2, 15)
    assert cal.add_working_days(D(2024, 2, 15), -1) == D(2024, 2, 7)


def test_add_working_days_jumps_over_tet_binh_ngo(cal: WorkCalendar) -> None:
    # off Sat 14 – Sun 22/2/2026 (9441/TB-BNV)
    assert cal.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert cal.add_working_days(D(2026, 2, 12), 3) == D(2026, 2, 24)


def test_add_working_days_counts_a_make_up_saturday(cal: WorkCalendar) -> None:
    # Fri 26/4/2024 → Thu 2/5, Fri 3/5, Sat 4/5 (made up), Mon 6/5
    assert cal.add_working_days(D(2024, 4, 26), 1) == D(2024, 5, 2)
    assert cal.add_working_days(D(2024, 4, 26), 3) == D(2024, 5, 4)
    assert cal.add_working_days(D(2024, 4, 26), 4) == D(2024, 5, 6)
    # Fri 25/4/2025 → Sat 26/4/2025 is the next working day
    assert cal.add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)
    # Tue 29/4/2025 → 30/4, 1/5, 2/5 off, 3–4/5 weekend → Mon 5/5
    assert cal.add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)
    assert cal.add_working_days(D(2025, 5, 5), -1) == D(2025, 4, 29)


def test_add_zero_working_days_keeps_the_day_even_if_it_is_off(cal: WorkCalendar) -> None:
    assert cal.add_working_days(D(2026, 2, 17), 0) == D(2026, 2, 17)


def test_working_days_between_counts_the_swapped_saturday_and_not_the_swapped_monday(
    cal: WorkCalendar,
) -> None:
    # (Fri 26/4, Mon 6/5/2024]: Thu 2/5, Fri 3/5, Sat 4/5, Mon 6/5
    assert cal.working_days_between(D(2024, 4, 26), D(2024, 5, 6)) == 4
    # (Thu 24/4, Mon 5/5/2025]: Fri 25/4, Sat 26/4, Mon 28/4, Tue 29/4, Mon 5/5
    assert cal.working_days_between(D(2025, 4, 24), D(2025, 5, 5)) == 5
    # (Wed 31/12/2025, Mon 12/1/2026]: 5–9/1, Sat 10/1, Mon 12/1
    assert cal.working_days_between(D(2025, 12, 31), D(2026, 1, 12)) == 7


def test_working_days_between_is_how_late_a_task_is_across_tet(cal: WorkCalendar) -> None:
    # due Fri 13/2/2026, done Mon 23/2: one working day late; the other way round, -1
    assert cal.working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1
    assert cal.working_days_between(D(2026, 2, 23), D(2026, 2, 13)) == -1
    assert cal.working_days_between(D(2026, 2, 13), D(2026, 2, 13)) == 0


def test_nth_working_day_of_month(cal: WorkCalendar) -> None:
    assert cal.nth_working_day_of_month(2026, 2, 1) == D(2026, 2, 2)  # Mon; Tết starts 14/2
    assert cal.nth_working_day_of_month(2026, 2, 10) == D(2026, 2, 13)  # last before Tết
    assert cal.nth_working_day_of_month(2026, 2, 11) == D(2026, 2, 23)  # first after Tết
    assert cal.nth_working_day_of_month(2026, 2, -1) == D(2026, 2, 27)
    assert cal.nth_working_day_of_month(2025, 5, 1) == D(2025, 5, 5)  # 1–2/5 off, 3–4 weekend
    assert cal.nth_working_day_of_month(2024, 5, 1) == D(2024, 5, 2)
    assert cal.nth_working_day_of_month(2024, 5, 3) == D(2024, 5, 4)  # the make-up Saturday
    assert cal.nth_working_day_of_month(2026, 1, 1) == D(2026, 1, 5)  # 1–2/1 off
    assert cal.nth_working_day_of_month(2026, 1, 6) == D(2026, 1, 10)  # the make-up Saturday
    assert cal.nth_working_day_of_month(2026, 8, -1) == D(2026, 8, 28)  # Mon 31/8 is off


def test_nth_working_day_of_month_refuses_a_day_the_month_does_not_have(
    cal: WorkCalendar,
) -> None:
    # February 2026: 20 weekdays, 5 of them Tết → 15 working days
    assert cal.nth_working_day_of_month(2026, 2, 15) == D(2026, 2, 27)
    with pytest.raises(ValueError, match="fewer than 16 working days"):
        cal.nth_working_day_of_month(2026, 2, 16)
    with pytest.raises(ValueError, match="fewer than 16 working days"):
        cal.nth_working_day_of_month(2026, 2, -16)
    with pytest.raises(ValueError, match="counts from 1"):
        cal.nth_working_day_of_month(2026, 2, 0)


# ------------------------------------------------------------------ shifting a deadline


def test_a_deadline_on_the_last_day_off_of_tet_moves_to_the_first_working_day_after(
    cal: WorkCalendar,
) -> None:
    assert cal.shift(D(2024, 2, 14)) == D(2024, 2, 15)  # Wed 14/2/2024, last day off
    assert cal.shift(D(2026, 2, 22), Shift.NEXT) == D(2026, 2, 23)  # Sun 22/2/2026


def test_a_deadline_that_must_stay_before_a_date_moves_back_before_tet(
    cal: WorkCalendar,
) -> None:
    assert cal.shift(D(2024, 2, 14), Shift.PREVIOUS) == D(2024, 2, 7)
    assert cal.shift(D(2026, 2, 20), "previous") == D(2026, 2, 13)


def test_shift_keeps_a_working_day_and_none_keeps_any_day(cal: WorkCalendar) -> None:
    assert cal.shift(D(2024, 5, 4), Shift.PREVIOUS) == D(2024, 5, 4)  # make-up Saturday
    assert cal.shift(D(2026, 2, 17), Shift.NONE) == D(2026, 2, 17)


def test_next_and_previous_working_day_exclusive(cal: WorkCalendar) -> None:
    assert cal.next_working_day(D(2026, 2, 13), inclusive=False) == D(2026, 2, 23)
    assert cal.previous_working_day(D(2026, 2, 23), inclusive=False) == D(2026, 2, 13)
    assert cal.next_working_day(D(2026, 2, 13)) == D(2026, 2, 13)
