"""Recurrence rules: every text form, canonical printing, errors, and literal occurrences.

Sources of the literal dates: seed 000 (Chương trình hành động 13-CTr/TU, the directive reviews
"hoàn thành trong quý …"), seed 003 (Tây Ninh 2024), the decisions in workdays-vn.yaml (which
name the lunar day of each Tết day off), lunar_vn (Hồ Ngọc Đức's algorithm, independent of
calendars.lunar) for lunar dates, and the Gregorian calendar for weekdays.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calendars import recurrence
from calendars.recurrence import (
    AnniversaryRule,
    EasterRule,
    LunarYearlyRule,
    Occurrence,
    OnceRule,
    PeriodicRule,
    Rule,
    RuleError,
    SolarYearlyRule,
    bind_calendar,
    parse_rule,
)
from calendars.workdays import WorkCalendar

D = date


def starts(occurrences: list[Occurrence]) -> list[date]:
    return [o.start for o in occurrences]


# ------------------------------------------------------------------ the text forms

DOCSTRING_FORMS = [
    ("monthly on day 20", PeriodicRule),
    ("monthly on workday 5", PeriodicRule),
    ("quarterly on day 20 of month 3", PeriodicRule),
    ("half-yearly on workday 5 of month 1", PeriodicRule),
    ("yearly on workday 5 of month 1", PeriodicRule),
    ("yearly on 31/10", SolarYearlyRule),
    ("yearly on 24/12 to 25/12", SolarYearlyRule),
    ("yearly on 25/12 eve", SolarYearlyRule),
    ("twice-yearly on 1/7 and 1/12", SolarYearlyRule),
    ("yearly on lunar 15/7", LunarYearlyRule),
    ("yearly on lunar 9/1 eve", LunarYearlyRule),
    ("yearly on lunar 29/8 to 1/9", LunarYearlyRule),
    ("yearly on lunar 15/4 for 3 days", LunarYearlyRule),
    ("yearly on easter", EasterRule),
    ("every 5 years after 2019-10-30 due in quarter +1", AnniversaryRule),
    ("years 3, 5, 10, 20 after 2021-07-20 due in quarter", AnniversaryRule),
    ("once on 2024-11-15 to 2024-11-17 and 2025-11-04", OnceRule),
    ("once in 2021-Q3", OnceRule),
    ("once in 2024-06", OnceRule),
]


def test_the_docstring_lists_exactly_these_forms() -> None:
    assert recurrence.__doc__ is not None
    block = recurrence.__doc__.split("The texts (canonical forms):")[1].split("Surprising")[0]
    listed = [re.split(r"\s{2,}", line.strip())[0] for line in block.splitlines() if line.strip()]
    assert listed == [text for text, _ in DOCSTRING_FORMS]


@pytest.mark.parametrize(("text", "kind"), DOCSTRING_FORMS)
def test_every_docstring_form_parses_and_prints_itself(
    text: str, kind: type[Rule], cal: WorkCalendar
) -> None:
    rule = parse_rule(text, cal)
    assert isinstance(rule, kind)
    assert str(rule) == text
    assert parse_rule(str(rule), cal) == rule


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("yearly on day 31 of month 10", "yearly on 31/10"),
        ("Yearly  On Lunar 15/07", "yearly on lunar 15/7"),
        ("monthly on day 05", "monthly on day 5"),
        ("every 5 years after 2019-10-30 due in quarter +0",
         "every 5 years after 2019-10-30 due in quarter"),
        ("years 3,5,10 after 2021-07-20", "years 3, 5, 10 after 2021-07-20"),
        ("once in 2021-q3", "once in 2021-Q3"),
        ("once on 2024-11-15 to 2024-11-15", "once on 2024-11-15"),
        ("yearly on 15/4 for 3 days", "yearly on 15/4 for 3 days"),
        ("  twice-yearly   on 1/6 and 1/11 ", "twice-yearly on 1/6 and 1/11"),
    ],
)  # fmt: skip
def test_str_is_canonical(text: str, canonical: str) -> None:
    assert str(parse_rule(text)) == canonical


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is not a rule"),
        ("daily", "is not a rule"),
        ("monthly on day 32", "day number must be 1..31"),
        ("monthly on day 0", "day number must be 1..31"),
        ("monthly on day -1", "count days from the end of a month with 'workday -1'"),
        ("monthly on workday 24", "day number must be 1..23"),
        ("quarterly on day 20", "say which month of the quarterly period"),
        ("monthly on day 20 of month 1", "a monthly rule has no 'of month'"),
        ("quarterly on day 20 of month 4", "a quarterly rule has months 1..3"),
        ("half-yearly on day 20 of month 7", "a half-yearly rule has months 1..6"),
        ("yearly on 31/2", "31/2 is not a day of the year"),
        ("yearly on 1/13", "1/13 is not a day of the year"),
        ("yearly on 1/12 and 1/7", "list the dates in calendar order"),
        ("twice-yearly on 1/7", "a twice-yearly rule has exactly two dates"),
        ("twice-yearly on 1/3 and 1/6 and 1/9", "exactly two dates"),
        ("yearly on 1/7 and 1/12 to 3/12", "a span applies to a single date"),
        ("yearly on 1/7 for 367 days", "a span lasts 1..366 days"),
        ("yearly on lunar 31/7", "31/7 is not a lunar date"),
        ("yearly on lunar 15/13", "15/13 is not a lunar date"),
        ("yearly on lunar 15/7 to 10/7", "the span ends before it starts"),
        ("yearly on lunar 15/7 to 15/7", "the span ends before it starts"),
        ("yearly on lunar 15/4 for 61 days", "a lunar span lasts 1..60 days"),
        ("every 0 years after 2019-10-30", "every N years needs 1 <= N <= 100"),
        ("every 101 years after 2019-10-30", "every N years needs 1 <= N <= 100"),
        ("years 5, 3 after 2019-10-30", "once each, increasing"),
        ("years 5, 5 after 2019-10-30", "once each, increasing"),
        ("years 0 after 2019-10-30", "once each, increasing, from 1"),
        ("years 5 after 2019-02-30", "2019-02-30 is not a date"),
        ("every 5 years after 2019-10-30 due in quarter +9", "between -4 and +8"),
        ("every 5 years after 2019-10-30 due in quarter -5", "between -4 and +8"),
        ("once on 2024-11-17 to 2024-11-15", "2024-11-15 is before 2024-11-17"),
        ("once on 2025-01-01 and 2024-01-01", "once each, in order"),
        ("once on 2024-01-01 and 2024-01-01", "once each, in order"),
        ("once on 2024-13-01", "2024-13-01 is not a date"),
        ("once in 2021-Q5", "is not a rule"),
        ("yearly on lunar", "is not a rule"),
    ],
)
def test_bad_texts_get_a_clear_rule_error(text: str, message: str) -> None:
    with pytest.raises(RuleError, match=re.escape(message)):
        parse_rule(text)


def test_a_rule_error_is_a_value_error() -> None:
    assert issubclass(RuleError, ValueError)


def test_dates_that_coincide_in_a_common_year_are_refused() -> None:
    # 29/2 falls on 28/2 in common years: two rounds would start on the same day
    with pytest.raises(RuleError, match="same day"):
        parse_rule("twice-yearly on 28/2 and 29/2")
    with pytest.raises(RuleError, match="same day"):
        parse_rule("yearly on 1/7 and 1/7")


# ------------------------------------------------------------------ anniversaries (seeds 000, 003)


def test_nghi_quyet_23_twenty_years_is_due_in_quarter_ii_2023() -> None:
    # seed 000: "Tổng kết 20 năm thực hiện Nghị quyết số 23-NQ/TW, ngày 12-3-2003 …
    # hoàn thành trong quý II-2023"
    rule = parse_rule("years 20 after 2003-03-12 due in quarter +1")
    assert rule.between(D(2000, 1, 1), D(2040, 12, 31)) == [
        Occurrence(D(2023, 3, 12), D(2023, 3, 12), D(2023, 3, 12), "2023", D(2023, 6, 30), "20 năm")
    ]


def test_ket_luan_120_five_years_is_due_in_quarter_ii_2021() -> None:
    # seed 000: "Sơ kết 5 năm thực hiện Kết luận số 120-KL/TW, ngày 07-01-2016 … quý II-2021"
    (occ,) = parse_rule("years 5 after 2016-01-07 due in quarter +1").occurrences(2021)
    assert (occ.start, occ.due, occ.label) == (D(2021, 1, 7), D(2021, 6, 30), "5 năm")


@pytest.mark.parametrize(
    ("text", "anniversary", "deadline"),
    [
        # Chỉ thị 59-CT/TW, 15-12-2000, tổng kết 20 năm: quý III-2021
        ("years 20 after 2000-12-15 due in quarter +3", D(2020, 12, 15), D(2021, 9, 30)),
        # Chỉ thị 43-CT/TW, 08-6-2010, tổng kết 10 năm: quý III-2021
        ("years 10 after 2010-06-08 due in quarter +5", D(2020, 6, 8), D(2021, 9, 30)),
        # Kết luận 65-KL/TW, 30-10-2019, sơ kết 5 năm: quý III-2024, before the anniversary
        ("years 5 after 2019-10-30 due in quarter -1", D(2024, 10, 30), D(2024, 9, 30)),
        # Quy định 213-QĐ/TW, 02-01-2020, sơ kết 5 năm: quý I-2025, the same quarter
        ("years 5 after 2020-01-02 due in quarter", D(2025, 1, 2), D(2025, 3, 31)),
    ],
)
def test_seed_000_directive_reviews(text: str, anniversary: date, deadline: date) -> None:
    (occ,) = parse_rule(text).occurrences(anniversary.year)
    assert (occ.start, occ.due) == (anniversary, deadline)


def test_chi_thi_05_three_years_falls_on_20_july_2024() -> None:
    # seed 003: "Báo cáo sơ kết 03 năm thực hiện Chỉ thị số 05-CT/TU, ngày 20/7/2021" (tháng 8)
    rule = parse_rule("years 3, 5, 10 after 2021-07-20 due in quarter")
    found = rule.between(D(2021, 1, 1), D(2035, 12, 31))
    assert [(o.start, o.due, o.label) for o in found] == [
        (D(2024, 7, 20), D(2024, 9, 30), "3 năm"),
        (D(2026, 7, 20), D(2026, 9, 30), "5 năm"),
        (D(2031, 7, 20), D(2031, 9, 30), "10 năm"),
    ]


def test_every_five_years_repeats_with_its_due_quarter() -> None:
    rule = parse_rule("every 5 years after 2019-10-30 due in quarter +1")
    found = rule.between(D(2020, 1, 1), D(2035, 12, 31))
    assert [(o.start, o.due, o.label) for o in found] == [
        (D(2024, 10, 30), D(2025, 3, 31), "5 năm"),
        (D(2029, 10, 30), D(2030, 3, 31), "10 năm"),
        (D(2034, 10, 30), D(2035, 3, 31), "15 năm"),
    ]
    assert rule.after(D(2024, 10, 30)) == found[1]
    assert rule.before(D(2024, 10, 30)) is None


def test_an_anniversary_without_due_quarter_has_no_deadline() -> None:
    (occ,) = parse_rule("years 3 after 2021-07-20").occurrences(2024)
    assert occ.due is None


def test_an_anniversary_of_29_february_falls_on_28_february_in_common_years() -> None:
    rule = parse_rule("years 1, 4 after 2024-02-29")
    assert starts(rule.between(D(2024, 1, 1), D(2029, 1, 1))) == [D(2025, 2, 28), D(2028, 2, 29)]


# ------------------------------------------------------------------ one-off dates


def test_once_in_2021_q3_is_the_quarter_with_its_last_day_as_deadline() -> None:
    # seed 000: "tổ chức 02 lớp bồi dưỡng … (hoàn thành trong quý III-2021)"
    rule = parse_rule("once in 2021-Q3")
    assert rule.between(D(2020, 1, 1), D(2030, 1, 1)) == [
        Occurrence(
            D(2021, 7, 1), D(2021, 9, 30), D(2021, 7, 1), "2021-Q3", D(2021, 9, 30), "Quý III/2021"
        )
    ]
    assert rule.occurrences(2022) == []
    assert rule.after(D(2021, 7, 1)) is None
    assert rule.after(D(2021, 7, 1), inc=True) is not None


def test_once_in_2022_q1() -> None:
    # seed 000: "… cho cán bộ của cấp mình (hoàn thành trong quý I-2022)"
    (occ,) = parse_rule("once in 2022-Q1").occurrences(2022)
    assert (occ.start, occ.end, occ.due) == (D(2022, 1, 1), D(2022, 3, 31), D(2022, 3, 31))


def test_once_on_lists_its_spans() -> None:
    rule = parse_rule("once on 2024-11-15 to 2024-11-17 and 2025-11-04")
    assert [(o.start, o.end, o.key) for o in rule.between(D(2024, 1, 1), D(2025, 12, 31))] == [
        (D(2024, 11, 15), D(2024, 11, 17), "2024-11-15"),
        (D(2025, 11, 4), D(2025, 11, 4), "2025-11-04"),
    ]
    assert rule.occurrences(2026) == []


# ------------------------------------------------------------------ solar rules


def test_twice_yearly_campaign_rounds() -> None:
    # seed 003: "ra quân làm công tác dân vận đợt 1/2024" planned in June, "đợt 2/2024" in November
    rule = parse_rule("twice-yearly on 1/6 and 1/11")
    assert [(o.start, o.key, o.label) for o in rule.occurrences(2024)] == [
        (D(2024, 6, 1), "2024-1", "đợt 1"),
        (D(2024, 11, 1), "2024-2", "đợt 2"),
    ]
    assert rule.after(D(2024, 6, 1)) == rule.occurrences(2024)[1]
    assert rule.after(D(2024, 11, 1)) == rule.occurrences(2025)[0]


def test_29_february_falls_on_28_february_in_common_years() -> None:
    rule = parse_rule("yearly on 29/2")
    assert starts(rule.occurrences(2023)) == [D(2023, 2, 28)]
    assert starts(rule.occurrences(2024)) == [D(2024, 2, 29)]
    assert starts(rule.occurrences(2100)) == [D(2100, 2, 28)]  # not a leap year


def test_a_monthly_day_is_clamped_to_the_end_of_a_short_month() -> None:
    by_month = {o.key: o.start for o in parse_rule("monthly on day 31").occurrences(2026)}
    assert by_month["2026-02"] == D(2026, 2, 28)
    assert by_month["2026-04"] == D(2026, 4, 30)
    assert by_month["2026-12"] == D(2026, 12, 31)
    assert parse_rule("monthly on day 29").occurrences(2024)[1].start == D(2024, 2, 29)
    assert parse_rule("monthly on day 29").occurrences(2026)[1].start == D(2026, 2, 28)


def test_quarterly_on_a_day_of_the_third_month() -> None:
    rule = parse_rule("quarterly on day 20 of month 3")
    assert [(o.start, o.key) for o in rule.occurrences(2026)] == [
        (D(2026, 3, 20), "2026-Q1"),
        (D(2026, 6, 20), "2026-Q2"),
        (D(2026, 9, 20), "2026-Q3"),
        (D(2026, 12, 20), "2026-Q4"),
    ]


def test_solar_spans_and_eves() -> None:
    (christmas,) = parse_rule("yearly on 25/12 eve").occurrences(2024)
    assert (christmas.start, christmas.ceremony) == (D(2024, 12, 25), D(2024, 12, 24))
    (span,) = parse_rule("yearly on 24/12 to 25/12").occurrences(2024)
    assert (span.start, span.end) == (D(2024, 12, 24), D(2024, 12, 25))
    (crossing,) = parse_rule("yearly on 30/12 to 2/1").occurrences(2026)
    assert (crossing.start, crossing.end) == (D(2026, 12, 30), D(2027, 1, 2))
    (three,) = parse_rule("yearly on 14/4 for 3 days").occurrences(2024)
    assert (three.start, three.end) == (D(2024, 4, 14), D(2024, 4, 16))


def test_easter() -> None:
    # festivals.md §3.11
    rule = parse_rule("yearly on easter")
    found = rule.between(D(2020, 1, 1), D(2026, 12, 31))
    assert starts(found) == [
        D(2020, 4, 12),
        D(2021, 4, 4),
        D(2022, 4, 17),
        D(2023, 4, 9),
        D(2024, 3, 31),
        D(2025, 4, 20),
        D(2026, 4, 5),
    ]


# ------------------------------------------------------------------ lunar rules


def test_the_docstring_example_dai_le_duc_chi_ton_2024() -> None:
    occ = parse_rule("yearly on lunar 9/1 eve").after(D(2024, 1, 1))
    assert occ is not None
    assert (occ.start, occ.ceremony) == (D(2024, 2, 18), D(2024, 2, 17))  # seed 003: 17/02/2024


def test_a_lunar_rule_in_2023_uses_the_regular_second_month_not_the_leap_one() -> None:
    # lunar_vn: 15/2 Quý Mão = 06/03/2023; 15 of the leap 2nd month = 05/04/2023
    assert starts(parse_rule("yearly on lunar 15/2").occurrences(2023)) == [D(2023, 3, 6)]


def test_phat_dan_2020_falls_in_the_regular_fourth_month_not_the_leap_one() -> None:
    assert starts(parse_rule("yearly on lunar 15/4").occurrences(2020)) == [D(2020, 5, 7)]


def test_lunar_day_30_in_a_29_day_month_falls_on_the_29th() -> None:
    rule = parse_rule("yearly on lunar 30/12")
    # workdays-vn.yaml names the days: 09/02/2024 = 30 Chạp Quý Mão (a 30-day month);
    # 28/01/2025 = 29 Chạp Giáp Thìn and 16/02/2026 = 29 Chạp Ất Tỵ (29-day months, Tết next day)
    assert starts(rule.occurrences(2024)) == [D(2024, 2, 9)]
    assert starts(rule.occurrences(2025)) == [D(2025, 1, 28)]
    assert starts(rule.occurrences(2026)) == [D(2026, 2, 16)]


def test_a_lunar_span_ending_on_day_1_of_the_next_month_is_two_days_after_a_short_month() -> None:
    rule = parse_rule("yearly on lunar 29/8 to 1/9")
    (short,) = rule.occurrences(2021)  # month 8 of Tân Sửu has 29 days
    assert (short.start, short.end) == (D(2021, 10, 5), D(2021, 10, 6))
    (full,) = rule.occurrences(2024)  # seed 003: 29/8 – 1/9 âm lịch = 1–3/10/2024
    assert (full.start, full.end) == (D(2024, 10, 1), D(2024, 10, 3))


def test_a_lunar_span_ending_on_day_30_of_a_short_month_ends_on_the_29th() -> None:
    (occ,) = parse_rule("yearly on lunar 15/8 to 30/8").occurrences(2021)
    assert (occ.start, occ.end) == (D(2021, 9, 21), D(2021, 10, 5))


def test_a_lunar_span_may_cross_into_the_next_lunar_year() -> None:
    # ông Công ông Táo (23 Chạp) to mùng 7 Tết: lunar_vn 23/12 Ất Tỵ = 10/02/2026,
    # 7/1 Bính Ngọ = 23/02/2026
    rule = parse_rule("yearly on lunar 23/12 to 7/1")
    (occ,) = rule.occurrences(2026)
    assert (occ.start, occ.end) == (D(2026, 2, 10), D(2026, 2, 23))


def test_lunar_for_n_days() -> None:
    (occ,) = parse_rule("yearly on lunar 15/4 for 3 days").occurrences(2024)
    assert (occ.start, occ.end) == (D(2024, 5, 22), D(2024, 5, 24))


def test_a_lunar_date_of_the_eleventh_month_may_fall_twice_or_never_in_a_solar_year() -> None:
    rule = parse_rule("yearly on lunar 25/11")
    assert starts(rule.occurrences(2023)) == []
    assert starts(rule.occurrences(2024)) == [D(2024, 1, 6), D(2024, 12, 25)]
    assert rule.after(D(2024, 1, 6)) == rule.occurrences(2024)[1]
    assert rule.before(D(2024, 12, 25)) == rule.occurrences(2024)[0]


def test_a_lunar_rule_stops_at_the_end_of_the_supported_range() -> None:
    rule = parse_rule("yearly on lunar 15/8")
    assert rule.after(D(2200, 12, 31)) is None
    assert rule.before(D(1899, 6, 1)) is None


# ------------------------------------------------------------------ working-day rules


def test_a_workday_rule_needs_a_calendar() -> None:
    rule = parse_rule("monthly on workday 5")
    with pytest.raises(RuleError, match="needs a working-day calendar"):
        rule.occurrences(2026)


def test_monthly_first_working_day_of_2026(cal: WorkCalendar) -> None:
    rule = parse_rule("monthly on workday 1", cal)
    # 1–2/1 off (12729/VPCP-KGVX); 1/5 off; 1–2/9 off (9441/TB-BNV); the rest first weekdays
    assert starts(rule.occurrences(2026)) == [
        D(2026, 1, 5),
        D(2026, 2, 2),
        D(2026, 3, 2),
        D(2026, 4, 1),
        D(2026, 5, 4),
        D(2026, 6, 1),
        D(2026, 7, 1),
        D(2026, 8, 3),
        D(2026, 9, 3),
        D(2026, 10, 1),
        D(2026, 11, 2),
        D(2026, 12, 1),
    ]


def test_a_workday_rule_may_fall_on_a_make_up_saturday(cal: WorkCalendar) -> None:
    # May 2024: 1/5 off, Thu 2, Fri 3, Sat 4 (made up, 2450/VPCP-KGVX)
    may = parse_rule("monthly on workday 3", cal).occurrences(2024)[4]
    assert (may.key, may.start) == ("2024-05", D(2024, 5, 4))
    # January 2026: Mon 5 – Fri 9, Sat 10 (made up, 12729/VPCP-KGVX)
    january = parse_rule("monthly on workday 6", cal).occurrences(2026)[0]
    assert january.start == D(2026, 1, 10)


def test_the_last_working_day_of_august_2026_is_friday_28(cal: WorkCalendar) -> None:
    august = parse_rule("monthly on workday -1", cal).occurrences(2026)[7]
    assert (august.key, august.start) == ("2026-08", D(2026, 8, 28))  # Mon 31/8 swapped off


def test_quarterly_half_yearly_and_yearly_workday_rules(cal: WorkCalendar) -> None:
    quarterly = parse_rule("quarterly on workday 1 of month 1", cal)
    assert [(o.key, o.start) for o in quarterly.occurrences(2026)] == [
        ("2026-Q1", D(2026, 1, 5)),
        ("2026-Q2", D(2026, 4, 1)),
        ("2026-Q3", D(2026, 7, 1)),
        ("2026-Q4", D(2026, 10, 1)),
    ]
    half = parse_rule("half-yearly on workday 5 of month 1", cal)
    assert [(o.key, o.start) for o in half.occurrences(2026)] == [
        ("2026-H1", D(2026, 1, 9)),
        ("2026-H2", D(2026, 7, 7)),
    ]
    yearly = parse_rule("yearly on workday 5 of month 1", cal)
    assert [(o.key, o.start) for o in yearly.occurrences(2026)] == [("2026", D(2026, 1, 9))]
    # February 2024: Thu 1, Fri 2, Mon 5, Tue 6, Wed 7, then Tết until 14/2
    feb = parse_rule("yearly on workday 6 of month 2", cal).occurrences(2024)
    assert starts(feb) == [D(2024, 2, 15)]


def test_bind_calendar_gives_a_workday_rule_its_calendar(cal: WorkCalendar) -> None:
    unbound = parse_rule("monthly on workday 1")
    bound = bind_calendar(unbound, cal)
    assert bound == unbound  # the calendar is not part of the rule's identity
    assert bound.occurrences(2026)[0].start == D(2026, 1, 5)
    solar = parse_rule("yearly on 31/10")
    assert bind_calendar(solar, cal) is solar


# ------------------------------------------------------------------ after / before / between


def test_after_before_and_inclusive_bounds() -> None:
    rule = parse_rule("monthly on day 20")
    assert rule.after(D(2026, 3, 20)) == Occurrence.day(D(2026, 4, 20), "2026-04")
    assert rule.after(D(2026, 3, 20), inc=True) == Occurrence.day(D(2026, 3, 20), "2026-03")
    assert rule.before(D(2026, 3, 20)) == Occurrence.day(D(2026, 2, 20), "2026-02")
    assert rule.before(D(2026, 3, 20), inc=True) == Occurrence.day(D(2026, 3, 20), "2026-03")
    assert rule.after(D(2025, 12, 25)) == Occurrence.day(D(2026, 1, 20), "2026-01")
    assert starts(rule.between(D(2026, 3, 20), D(2026, 5, 20))) == [
        D(2026, 3, 20),
        D(2026, 4, 20),
        D(2026, 5, 20),
    ]
    assert starts(rule.between(D(2026, 3, 20), D(2026, 5, 20), inc=False)) == [D(2026, 4, 20)]
    assert rule.between(D(2026, 5, 20), D(2026, 3, 20)) == []


# ------------------------------------------------------------------ property: every kind of rule

_DAY_MONTH = st.tuples(st.integers(1, 12), st.integers(1, 31)).filter(
    lambda mm_dd: mm_dd[1] <= (29 if mm_dd[0] == 2 else 30 if mm_dd[0] in (4, 6, 9, 11) else 31)
)


def _dm(month_day: tuple[int, int]) -> str:
    return f"{month_day[1]}/{month_day[0]}"


@st.composite
def periodic_texts(draw: st.DrawFn) -> str:
    kind, months = draw(
        st.sampled_from([("monthly", 1), ("quarterly", 3), ("half-yearly", 6), ("yearly", 12)])
    )
    if draw(st.booleans()):
        anchor = f"workday {draw(st.integers(1, 12) | st.integers(-12, -1))}"
    else:
        anchor = f"day {draw(st.integers(1, 31 if kind != 'yearly' else 28))}"
    within = "" if kind == "monthly" else f" of month {draw(st.integers(1, months))}"
    return f"{kind} on {anchor}{within}"


def _span(draw: st.DrawFn, lunar: bool) -> str:
    choice = draw(st.sampled_from(["", "to", "for"]))
    if choice == "to":
        if lunar:
            return f" to {draw(st.integers(1, 30))}/{draw(st.integers(1, 12))}"
        return f" to {_dm(draw(_DAY_MONTH))}"
    if choice == "for":
        return f" for {draw(st.integers(1, 60 if lunar else 366))} days"
    return ""


@st.composite
def solar_texts(draw: st.DrawFn) -> str:
    count = draw(st.integers(1, 3))
    dates = sorted(draw(st.sets(_DAY_MONTH, min_size=count, max_size=count)))
    if (2, 28) in dates and (2, 29) in dates:
        dates.remove((2, 29))
    twice = len(dates) == 2 and draw(st.booleans())
    head = "twice-yearly" if twice else "yearly"
    text = f"{head} on " + " and ".join(_dm(d) for d in dates)
    if len(dates) == 1:
        text += _span(draw, lunar=False)
    return text + (" eve" if draw(st.booleans()) else "")


@st.composite
def lunar_texts(draw: st.DrawFn) -> str:
    day, month = draw(st.integers(1, 30)), draw(st.integers(1, 12))
    span = _span(draw, lunar=True)
    if span.startswith(" to "):
        end_day, end_month = (int(x) for x in span[4:].split("/"))
        if end_month == month and end_day <= day:
            span = ""
    return f"yearly on lunar {day}/{month}{span}" + (" eve" if draw(st.booleans()) else "")


@st.composite
def anniversary_texts(draw: st.DrawFn) -> str:
    origin = draw(st.dates(D(1950, 1, 1), D(2030, 12, 31)))
    if draw(st.booleans()):
        head = f"every {draw(st.integers(1, 100))} years"
    else:
        years = sorted(draw(st.sets(st.integers(1, 100), min_size=1, max_size=4)))
        head = "years " + ", ".join(map(str, years))
    text = f"{head} after {origin.isoformat()}"
    offset = draw(st.none() | st.integers(-4, 8))
    if offset is not None:
        text += " due in quarter" + (f" {offset:+d}" if offset else "")
    return text


@st.composite
def once_texts(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return f"once in {draw(st.integers(1990, 2040))}-Q{draw(st.integers(1, 4))}"
    firsts = sorted(draw(st.sets(st.dates(D(2000, 1, 1), D(2040, 12, 31)), min_size=1, max_size=4)))
    parts = []
    for first in firsts:
        length = draw(st.integers(0, 10))
        last = first + timedelta(days=length)
        parts.append(first.isoformat() if not length else f"{first} to {last}")
    return "once on " + " and ".join(parts)


RULE_TEXTS = st.one_of(
    periodic_texts(),
    solar_texts(),
    lunar_texts(),
    anniversary_texts(),
    once_texts(),
    st.just("yearly on easter"),
)
WINDOWS = st.tuples(st.dates(D(1995, 1, 1), D(2040, 12, 31)), st.integers(0, 5 * 366))


PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY_SETTINGS
@given(text=RULE_TEXTS)
def test_every_rule_round_trips_through_its_text(text: str, cal: WorkCalendar) -> None:
    rule = parse_rule(text, cal)
    again = parse_rule(str(rule), cal)
    assert again == rule
    assert str(again) == str(rule)


def _walk_after(rule: Rule, first: date, last: date) -> list[Occurrence]:
    found = []
    occ = rule.after(first, inc=True)
    while occ is not None and occ.start <= last:
        found.append(occ)
        occ = rule.after(occ.start)
    return found


def _walk_before(rule: Rule, first: date, last: date) -> list[Occurrence]:
    found = []
    occ = rule.before(last, inc=True)
    while occ is not None and occ.start >= first:
        found.append(occ)
        occ = rule.before(occ.start)
    return found[::-1]


@PROPERTY_SETTINGS
@given(text=RULE_TEXTS, window=WINDOWS)
def test_between_after_and_before_agree(
    text: str, window: tuple[date, int], cal: WorkCalendar
) -> None:
    rule = parse_rule(text, cal)
    first, length = window
    last = first + timedelta(days=length)
    found = rule.between(first, last)
    assert all(first <= o.start <= last for o in found)
    assert all(a.start < b.start for a, b in itertools.pairwise(found))
    assert _walk_after(rule, first, last) == found
    assert _walk_before(rule, first, last) == found
    assert rule.between(first, last, inc=False) == [o for o in found if first < o.start < last]
    for occ in found:
        assert occ in rule.occurrences(occ.start.year)
        assert occ.start <= occ.end
