"""Reporting periods: Decree 09/2019 windows, Vietnamese labels, Party terms.

Windows: Decree 09/2019/NĐ-CP, Art. 12 (docs/vietnamese-rules.md) — a period's data runs
from the 15th of the month before its first month to the 14th of its last month; the 9-month
window (15/12 – 14/9) is the provinces' addition (e.g. Khánh Hòa 01/2023/QĐ-UBND). Labels are
those of the seeds ("Báo cáo quý I/2024", "6 tháng đầu năm 2024", "9 tháng", "tháng 3/2024").
"""

from __future__ import annotations

from datetime import date

import pytest

from calendars.periods import (
    DECREE_09,
    PartyTerm,
    Period,
    PeriodError,
    PeriodKind,
    Window,
    periods_between,
)

D = date
M, Q, H, N, Y = (
    PeriodKind.MONTHLY,
    PeriodKind.QUARTERLY,
    PeriodKind.HALF_YEARLY,
    PeriodKind.NINE_MONTHS,
    PeriodKind.YEARLY,
)


# ------------------------------------------------------------------ Decree 09 windows


@pytest.mark.parametrize(
    ("kind", "key", "start", "end"),
    [
        # monthly: 15th of the previous month → 14th
        (M, "2026-01", D(2025, 12, 15), D(2026, 1, 14)),
        (M, "2026-03", D(2026, 2, 15), D(2026, 3, 14)),
        (M, "2024-03", D(2024, 2, 15), D(2024, 3, 14)),  # leap February changes nothing
        (M, "2026-12", D(2026, 11, 15), D(2026, 12, 14)),
        # quarterly: 15th of the month before the quarter → 14th of its last month
        (Q, "2026-Q1", D(2025, 12, 15), D(2026, 3, 14)),
        (Q, "2026-Q2", D(2026, 3, 15), D(2026, 6, 14)),
        (Q, "2026-Q3", D(2026, 6, 15), D(2026, 9, 14)),
        (Q, "2026-Q4", D(2026, 9, 15), D(2026, 12, 14)),
        # 6-month: 15/12 previous year – 14/6; second half 15/6 – 14/12
        (H, "2026-H1", D(2025, 12, 15), D(2026, 6, 14)),
        (H, "2026-H2", D(2026, 6, 15), D(2026, 12, 14)),
        # 9-month (provincial addition): 15/12 previous year – 14/9
        (N, "2026-9M", D(2025, 12, 15), D(2026, 9, 14)),
        # annual: 15/12 previous year – 14/12
        (Y, "2026", D(2025, 12, 15), D(2026, 12, 14)),
    ],
)
def test_decree_09_window(kind: PeriodKind, key: str, start: date, end: date) -> None:
    period = Period.parse(kind, key)
    assert period.window() == (start, end)
    assert period.window(DECREE_09) == (start, end)


@pytest.mark.parametrize(
    ("kind", "key", "label"),
    [
        (M, "2026-03", "Tháng 3/2026"),
        (M, "2026-12", "Tháng 12/2026"),
        (Q, "2026-Q1", "Quý I/2026"),
        (Q, "2026-Q2", "Quý II/2026"),
        (Q, "2026-Q3", "Quý III/2026"),
        (Q, "2026-Q4", "Quý IV/2026"),
        (H, "2026-H1", "6 tháng đầu năm 2026"),
        (H, "2026-H2", "6 tháng cuối năm 2026"),
        (N, "2026-9M", "9 tháng năm 2026"),
        (Y, "2026", "Năm 2026"),
    ],
)
def test_vietnamese_label_and_key(kind: PeriodKind, key: str, label: str) -> None:
    period = Period.parse(kind, key)
    assert period.label == label
    assert period.key == key


@pytest.mark.parametrize(
    ("kind", "key", "start", "end"),
    [
        (M, "2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        (M, "2026-02", D(2026, 2, 1), D(2026, 2, 28)),
        (Q, "2026-Q1", D(2026, 1, 1), D(2026, 3, 31)),
        (Q, "2026-Q2", D(2026, 4, 1), D(2026, 6, 30)),
        (H, "2026-H2", D(2026, 7, 1), D(2026, 12, 31)),
        (N, "2026-9M", D(2026, 1, 1), D(2026, 9, 30)),
        (Y, "2026", D(2026, 1, 1), D(2026, 12, 31)),
    ],
)
def test_calendar_span_of_a_period(kind: PeriodKind, key: str, start: date, end: date) -> None:
    period = Period.parse(kind, key)
    assert (period.start, period.end) == (start, end)
    assert period.window(Window.parse("calendar")) == (start, end)


def test_consecutive_monthly_windows_tile_the_calendar_for_every_cut_off_day() -> None:
    for cutoff in range(1, 29):
        rule = Window.parse(f"cutoff {cutoff}")
        for year in (2024, 2026):  # a leap year and a common year
            period = Period(year, M, 1)
            for _ in range(12):
                _, end = period.window(rule)
                following_start, _ = period.next().window(rule)
                assert following_start.toordinal() == end.toordinal() + 1, (cutoff, period)
                period = period.next()


def test_cut_off_28_starts_march_on_the_first_in_a_common_year() -> None:
    rule = Window.parse("cutoff 28")
    assert Period(2026, M, 2).window(rule) == (D(2026, 1, 29), D(2026, 2, 28))
    assert Period(2026, M, 3).window(rule) == (D(2026, 3, 1), D(2026, 3, 28))
    assert Period(2024, M, 3).window(rule) == (D(2024, 2, 29), D(2024, 3, 28))


# ------------------------------------------------------------------ Window.parse


def test_window_parse_forms_and_their_windows() -> None:
    q1 = Period(2026, Q, 1)
    assert Window.parse("decree-09") is DECREE_09
    assert Window.parse("  decree-09 ") is DECREE_09
    assert q1.window(Window.parse("calendar")) == (D(2026, 1, 1), D(2026, 3, 31))
    # inspection's 16th – 15th (vn-rules.md, sector variants)
    assert q1.window(Window.parse("cutoff 15")) == (D(2025, 12, 16), D(2026, 3, 15))
    # seed 003's annual report compiled in November (plans/tay-ninh-2024.yaml)
    annual = Window.parse("15/12 to 14/11")
    assert Period(2024, Y).window(annual) == (D(2023, 12, 15), D(2024, 11, 14))
    # an explicit window inside the year stays in the year
    assert Period(2024, Y).window(Window.parse("1/1 to 30/6")) == (D(2024, 1, 1), D(2024, 6, 30))


@pytest.mark.parametrize(
    "text", ["decree-09", "calendar", "cutoff 15", "cutoff 1", "15/12 to 14/11"]
)
def test_window_text_round_trips(text: str) -> None:
    assert str(Window.parse(text)) == text
    assert Window.parse(str(Window.parse(text))) == Window.parse(text)


def test_cutoff_14_is_written_as_decree_09() -> None:
    assert str(Window.parse("cutoff 14")) == "decree-09"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cutoff 29", "a cut-off day must be 1..28, not 29"),
        ("cutoff 0", "a cut-off day must be 1..28, not 0"),
        ("31/11 to 14/12", "31/11 is not a day of the year"),
        ("15/12 to 14/13", "14/13 is not a day of the year"),
        ("weekly", "unknown window 'weekly'"),
        ("decree 09", "unknown window"),
        ("15/12 - 14/11", "unknown window"),
        ("", "unknown window"),
    ],
)
def test_window_parse_refuses_bad_texts(text: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        Window.parse(text)


# ------------------------------------------------------------------ Period keys and navigation


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        (M, "2026-13"),
        (M, "2026-00"),
        (M, "2026-3"),
        (Q, "2026-Q5"),
        (Q, "2026-Q0"),
        (H, "2026-H3"),
        (N, "2026-9"),
        (Y, "26"),
        (Y, "2026-01"),
    ],
)
def test_period_parse_refuses_a_key_that_cannot_exist(kind: PeriodKind, key: str) -> None:
    with pytest.raises(PeriodError):
        Period.parse(kind, key)


def test_period_parse_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="weekly"):
        Period.parse("weekly", "2026-W01")


def test_next_and_previous_cross_the_year() -> None:
    assert Period(2025, M, 12).next() == Period(2026, M, 1)
    assert Period(2026, M, 1).previous() == Period(2025, M, 12)
    assert Period(2025, Q, 4).next() == Period(2026, Q, 1)
    assert Period(2026, H, 1).previous() == Period(2025, H, 2)
    assert Period(2026, N).next() == Period(2027, N)
    assert Period(2026, Y).previous() == Period(2025, Y)


def test_containing() -> None:
    assert Period.containing(Q, D(2026, 3, 31)) == Period(2026, Q, 1)
    assert Period.containing(Q, D(2026, 4, 1)) == Period(2026, Q, 2)
    assert Period.containing(H, D(2026, 7, 1)) == Period(2026, H, 2)
    assert Period.containing(N, D(2026, 9, 30)) == Period(2026, N)
    with pytest.raises(PeriodError, match="not in the first nine months"):
        Period.containing(N, D(2026, 10, 1))


def test_periods_between() -> None:
    assert [p.key for p in periods_between(Q, D(2025, 12, 31), D(2026, 4, 1))] == [
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
    ]
    assert [p.key for p in periods_between(N, D(2025, 10, 1), D(2026, 1, 1))] == ["2026-9M"]
    assert periods_between(M, D(2026, 3, 1), D(2026, 2, 1)) == []


# ------------------------------------------------------------------ Party terms


def test_party_terms_2020_2025_and_2025_2030() -> None:
    first = PartyTerm.parse("2020-2025")
    second = PartyTerm.parse("2025–2030")  # en dash, as documents write it
    assert (first.key, first.label) == ("2020-2025", "Nhiệm kỳ 2020–2025")
    assert (second.key, second.label) == ("2025-2030", "Nhiệm kỳ 2025–2030")
    assert first.next() == second
    assert first.end_year == 2025


def test_mid_term_of_2020_2025_is_2023_as_seed_000_schedules_it() -> None:
    # seed 000: "cấp huyện … thực hiện năm 2023 (giữa giai đoạn 2021-2023)"
    term = PartyTerm.parse("2020-2025")
    assert term.mid_term_year == 2023
    assert term.mid_term_label == "Giữa nhiệm kỳ 2020–2025"
    assert PartyTerm.parse("2025-2030").mid_term_year == 2028


def test_a_congress_year_belongs_to_the_term_it_opens() -> None:
    assert PartyTerm.of_year(2020) == PartyTerm(2020)
    assert PartyTerm.of_year(2024) == PartyTerm(2020)
    assert PartyTerm.of_year(2025) == PartyTerm(2025)  # 2025 congresses open 2025–2030
    assert PartyTerm.of_year(2030) == PartyTerm(2030)
    assert PartyTerm.of_year(2019) == PartyTerm(2015)


@pytest.mark.parametrize(
    ("key", "message"),
    [("2025-2020", "ends before it starts"), ("2020", "is not a term"), ("2020-25", "is not")],
)
def test_party_term_parse_refuses_bad_keys(key: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        PartyTerm.parse(key)
