"""The lunar calendar API: pinned dates, errors, round trips.

Every literal date below was cross-checked against at least two independent references
(Hồ Ngọc Đức's algorithm via lunar_vn, his published tables via vnlunar, the holidays package's
VIETNAMESE_CALENDAR) before it was written down; test_lunar_references.py checks the whole table
against them.
"""

import itertools
import subprocess
import sys
from datetime import date, datetime, timedelta

import lunardate
import pytest
from hypothesis import given
from hypothesis import strategies as st

from calendars.lunar import (
    LUNAR_YEAR_RANGE,
    SUPPORTED_RANGE,
    LunarDate,
    LunarDateError,
    OutOfRangeError,
    leap_month,
    month_length,
    months,
    new_year,
    to_lunar,
    to_solar,
)

TET_1990_2040 = {
    1990: date(1990, 1, 27),
    1991: date(1991, 2, 15),
    1992: date(1992, 2, 4),
    1993: date(1993, 1, 23),
    1994: date(1994, 2, 10),
    1995: date(1995, 1, 31),
    1996: date(1996, 2, 19),
    1997: date(1997, 2, 7),
    1998: date(1998, 1, 28),
    1999: date(1999, 2, 16),
    2000: date(2000, 2, 5),
    2001: date(2001, 1, 24),
    2002: date(2002, 2, 12),
    2003: date(2003, 2, 1),
    2004: date(2004, 1, 22),
    2005: date(2005, 2, 9),
    2006: date(2006, 1, 29),
    2007: date(2007, 2, 17),  # China: 18 Feb
    2008: date(2008, 2, 7),
    2009: date(2009, 1, 26),
    2010: date(2010, 2, 14),
    2011: date(2011, 2, 3),
    2012: date(2012, 1, 23),
    2013: date(2013, 2, 10),
    2014: date(2014, 1, 31),
    2015: date(2015, 2, 19),
    2016: date(2016, 2, 8),
    2017: date(2017, 1, 28),
    2018: date(2018, 2, 16),
    2019: date(2019, 2, 5),
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 2),  # China: 3 Feb
    2031: date(2031, 1, 23),
    2032: date(2032, 2, 11),
    2033: date(2033, 1, 31),
    2034: date(2034, 2, 19),
    2035: date(2035, 2, 8),
    2036: date(2036, 1, 28),
    2037: date(2037, 2, 15),
    2038: date(2038, 2, 4),
    2039: date(2039, 1, 24),
    2040: date(2040, 2, 12),
}


@pytest.mark.parametrize(("year", "tet"), sorted(TET_1990_2040.items()))
def test_tet_falls_on_the_pinned_day_for_every_year_from_1990_to_2040(year: int, tet: date) -> None:
    assert new_year(year) == tet
    assert to_lunar(tet) == LunarDate(year, 1, 1, False)
    assert to_lunar(tet - timedelta(days=1)).year == year - 1


def test_tet_1985_is_21_january_a_month_before_the_chinese_new_year() -> None:
    assert new_year(1985) == date(1985, 1, 21)
    assert lunardate.LunarDate(1985, 1, 1).to_solar_date() == date(1985, 2, 20)


def test_tet_2007_is_a_day_before_the_chinese_new_year() -> None:
    assert new_year(2007) == date(2007, 2, 17)
    assert lunardate.LunarDate(2007, 1, 1).to_solar_date() == date(2007, 2, 18)


def test_tet_2030_is_a_day_before_the_chinese_new_year() -> None:
    assert new_year(2030) == date(2030, 2, 2)
    assert lunardate.LunarDate(2030, 1, 1).to_solar_date() == date(2030, 2, 3)


def test_tet_mau_than_1968_is_29_january_as_reckoned_in_the_north() -> None:
    # The South, still at UTC+8, celebrated on 30 January.
    assert new_year(1968) == date(1968, 1, 29)


@pytest.mark.parametrize(
    ("year", "leap", "first_day", "length"),
    [
        (2001, 4, date(2001, 5, 23), 29),
        (2004, 2, date(2004, 3, 21), 29),
        (2006, 7, date(2006, 8, 24), 29),
        (2009, 5, date(2009, 6, 23), 29),
        (2012, 4, date(2012, 5, 21), 29),
        (2014, 9, date(2014, 10, 24), 29),
        (2017, 6, date(2017, 7, 23), 30),
        (2020, 4, date(2020, 5, 23), 29),
        (2023, 2, date(2023, 3, 22), 29),
        (2025, 6, date(2025, 7, 25), 29),
        (2028, 5, date(2028, 6, 23), 29),
        (2031, 3, date(2031, 4, 21), 30),  # China: 22 Apr
        (2033, 11, date(2033, 12, 22), 29),
        (2036, 6, date(2036, 7, 23), 30),
    ],
)
def test_leap_years_repeat_the_pinned_month(
    year: int, leap: int, first_day: date, length: int
) -> None:
    assert leap_month(year) == leap
    assert to_solar(year, leap, 1, leap=True) == first_day
    assert to_lunar(first_day) == LunarDate(year, leap, 1, True)
    assert month_length(year, leap, leap=True) == length
    assert len(months(year)) == 13


@pytest.mark.parametrize("year", [1984, 2021, 2022, 2024, 2026, 2027, 2029, 2030, 2034])
def test_common_years_have_no_leap_month_and_twelve_months(year: int) -> None:
    assert leap_month(year) is None
    assert len(months(year)) == 12


def test_the_2033_leap_month_is_the_eleventh_as_in_the_chinese_calendar() -> None:
    # The "2033 problem": the first month without a principal term comes after month 11.
    assert [(m.month, m.leap) for m in months(2033)][-3:] == [(11, False), (11, True), (12, False)]


def test_giap_thin_2024_has_no_thirtieth_of_the_twelfth_month() -> None:
    assert month_length(2024, 12) == 29
    assert to_lunar(date(2025, 1, 28)) == LunarDate(2024, 12, 29)  # New Year's Eve
    with pytest.raises(LunarDateError, match="that month has 29 days"):
        to_solar(2024, 12, 30)


def test_a_thirty_day_month_accepts_its_thirtieth_day() -> None:
    assert month_length(2023, 12) == 30
    assert to_solar(2023, 12, 30) == date(2024, 2, 9)
    assert to_lunar(date(2024, 2, 9)) == LunarDate(2023, 12, 30)


@pytest.mark.parametrize(
    ("solar", "lunar_date"),
    [
        (date(2025, 4, 7), LunarDate(2025, 3, 10)),  # Giỗ Tổ Hùng Vương
        (date(2025, 5, 12), LunarDate(2025, 4, 15)),  # Phật đản
        (date(2025, 9, 6), LunarDate(2025, 7, 15)),  # Vu Lan
        (date(2025, 10, 6), LunarDate(2025, 8, 15)),  # Trung thu
        (date(2026, 4, 26), LunarDate(2026, 3, 10)),
        (date(2023, 4, 19), LunarDate(2023, 2, 29, True)),  # last day of the leap month
        (date(2023, 4, 20), LunarDate(2023, 3, 1)),
        (date(1900, 1, 1), LunarDate(1899, 12, 1)),
        (date(2199, 12, 31), LunarDate(2199, 11, 14)),
        (date(1945, 9, 2), LunarDate(1945, 7, 26)),
        (date(1975, 4, 30), LunarDate(1975, 3, 20)),
    ],
)
def test_conversions_match_pinned_pairs_in_both_directions(
    solar: date, lunar_date: LunarDate
) -> None:
    assert to_lunar(solar) == lunar_date
    assert to_solar(*lunar_date) == solar


def test_the_supported_range_covers_1900_to_2199_in_whole_lunar_years() -> None:
    assert SUPPORTED_RANGE[0] <= date(1900, 1, 1)
    assert SUPPORTED_RANGE[1] >= date(2199, 12, 31)
    assert SUPPORTED_RANGE[0] == new_year(LUNAR_YEAR_RANGE[0])
    last = months(LUNAR_YEAR_RANGE[1])[-1]
    assert SUPPORTED_RANGE[1] == last.end
    assert to_lunar(SUPPORTED_RANGE[0]) == LunarDate(LUNAR_YEAR_RANGE[0], 1, 1)
    assert to_lunar(SUPPORTED_RANGE[1]) == LunarDate(LUNAR_YEAR_RANGE[1], 12, last.length)


@pytest.mark.parametrize(
    "outside", [SUPPORTED_RANGE[0] - timedelta(days=1), SUPPORTED_RANGE[1] + timedelta(days=1)]
)
def test_a_solar_date_outside_the_range_is_refused_with_the_range_in_the_message(
    outside: date,
) -> None:
    with pytest.raises(OutOfRangeError, match=SUPPORTED_RANGE[0].isoformat()):
        to_lunar(outside)


@pytest.mark.parametrize("year", [LUNAR_YEAR_RANGE[0] - 1, LUNAR_YEAR_RANGE[1] + 1, 1066])
def test_a_lunar_year_outside_the_range_is_refused_everywhere(year: int) -> None:
    for call in (
        lambda: to_solar(year, 1, 1),
        lambda: month_length(year, 1),
        lambda: leap_month(year),
        lambda: new_year(year),
        lambda: months(year),
    ):
        with pytest.raises(OutOfRangeError, match=r"lunar years 1899\.\.2200"):
            call()


def test_out_of_range_errors_are_lunar_date_errors_and_value_errors() -> None:
    assert issubclass(OutOfRangeError, LunarDateError)
    assert issubclass(LunarDateError, ValueError)


@pytest.mark.parametrize(
    ("year", "month", "day", "leap", "message"),
    [
        (2024, 13, 1, False, "numbered 1 to 12"),
        (2024, 0, 1, False, "numbered 1 to 12"),
        (2024, 1, 0, False, "29 or 30 days"),
        (2024, 1, 31, False, "29 or 30 days"),
        (2024, 4, 1, True, "it has no leap month"),
        (2025, 4, 1, True, "its leap month is 6"),
        (2023, 2, 30, True, "that month has 29 days"),
    ],
)
def test_an_impossible_lunar_date_is_refused_with_the_reason(
    year: int, month: int, day: int, leap: bool, message: str
) -> None:
    with pytest.raises(LunarDateError, match=message) as raised:
        to_solar(year, month, day, leap)
    assert not isinstance(raised.value, OutOfRangeError)


def test_month_length_refuses_a_leap_month_the_year_does_not_have() -> None:
    with pytest.raises(LunarDateError, match="no leap month 5"):
        month_length(2024, 5, leap=True)


def test_a_datetime_is_refused_because_its_day_depends_on_the_time_zone() -> None:
    with pytest.raises(TypeError, match="date"):
        to_lunar(datetime(2025, 1, 29, 20, 0))  # noqa: DTZ001 - the point is the refusal


def test_months_tile_the_year_from_tet_to_the_next_tet() -> None:
    for year in range(LUNAR_YEAR_RANGE[0], LUNAR_YEAR_RANGE[1]):
        ms = months(year)
        assert ms[0].start == new_year(year)
        for before, after in itertools.pairwise(ms):
            assert before.end + timedelta(days=1) == after.start
        assert ms[-1].end + timedelta(days=1) == new_year(year + 1)
        assert [m.month for m in ms if not m.leap] == list(range(1, 13))
        assert {m.length for m in ms} <= {29, 30}


def test_every_day_of_the_range_follows_the_day_before() -> None:
    day = SUPPORTED_RANGE[0]
    previous = to_lunar(day)
    while day < SUPPORTED_RANGE[1]:
        day += timedelta(days=1)
        current = to_lunar(day)
        if current.day == 1:
            assert previous.day == month_length(previous.year, previous.month, previous.leap)
            assert current > previous
        else:
            assert current == previous._replace(day=previous.day + 1)
        previous = current


def test_every_solar_day_of_the_range_round_trips() -> None:
    first = SUPPORTED_RANGE[0].toordinal()
    for ordinal in range(first, SUPPORTED_RANGE[1].toordinal() + 1):
        d = date.fromordinal(ordinal)
        assert to_solar(*to_lunar(d)) == d


@given(st.dates(min_value=SUPPORTED_RANGE[0], max_value=SUPPORTED_RANGE[1]))
def test_any_solar_date_in_range_round_trips(d: date) -> None:
    assert to_solar(*to_lunar(d)) == d


@st.composite
def lunar_dates(draw: st.DrawFn) -> LunarDate:
    year = draw(st.integers(*LUNAR_YEAR_RANGE))
    month = draw(st.sampled_from(months(year)))
    day = draw(st.integers(1, month.length))
    return LunarDate(year, month.month, day, month.leap)


@given(lunar_dates())
def test_any_valid_lunar_date_round_trips(lunar_date: LunarDate) -> None:
    assert to_lunar(to_solar(*lunar_date)) == lunar_date


@given(lunar_dates(), lunar_dates())
def test_lunar_dates_order_like_their_solar_days(a: LunarDate, b: LunarDate) -> None:
    assert (a < b) == (to_solar(*a) < to_solar(*b))
    assert (a >= b) == (to_solar(*a) >= to_solar(*b))


def test_a_leap_month_sorts_after_its_regular_twin() -> None:
    days = [LunarDate(2020, 5, 1), LunarDate(2020, 4, 2, True), LunarDate(2020, 4, 29)]
    assert sorted(days) == [days[2], days[1], days[0]]


def test_importing_the_module_builds_no_lookup_table() -> None:
    probe = (
        "import calendars.lunar as l; "
        "assert not l._days and not l._month_index; "
        "l.to_lunar(l.SUPPORTED_RANGE[0]); assert len(l._days) > 100000"
    )
    subprocess.run([sys.executable, "-c", probe], check=True)
