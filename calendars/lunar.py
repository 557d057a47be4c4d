"""The Vietnamese lunar calendar (âm lịch), solar ↔ lunar, from a generated table.

Months begin on the civil day, at UTC+7, that contains the new moon; month 11 holds the winter
solstice; a 13-month year between two months 11 repeats the number of its first month without
a principal solar term. The table (``_lunar_table.py``) is generated from precise astronomy by
``scripts/generate_lunar_table.py``; docs/lunar-calendar.md says how and how it is checked.
UTC+7 is used for every year, also before 1968 when Vietnam reckoned at UTC+8.

The surprising cases:

>>> to_lunar(date(2023, 3, 22))  # 2023 repeats the 2nd month
LunarDate(year=2023, month=2, day=1, leap=True)
>>> to_solar(2023, 2, 1, leap=True)
datetime.date(2023, 3, 22)
>>> month_length(2024, 12)  # no 30 Tết in Giáp Thìn: New Year's Eve is the 29th
29
>>> to_solar(2024, 12, 30)
Traceback (most recent call last):
...
calendars.lunar.LunarDateError: lunar 30/12/2024 does not exist: that month has 29 days
>>> new_year(2030)  # a day before the Chinese New Year (3 Feb): UTC+7, not UTC+8
datetime.date(2030, 2, 2)
>>> LunarDate(2020, 4, 1, leap=True) > LunarDate(2020, 4, 29)  # chronological order
True
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple

from calendars import _lunar_table as _table

__all__ = [
    "LUNAR_YEAR_RANGE",
    "SUPPORTED_RANGE",
    "LunarDate",
    "LunarDateError",
    "LunarMonth",
    "OutOfRangeError",
    "leap_month",
    "month_length",
    "months",
    "new_year",
    "to_lunar",
    "to_solar",
]


class LunarDateError(ValueError):
    """A lunar date that does not exist (or cannot be converted)."""


class OutOfRangeError(LunarDateError):
    """A date outside the range the generated table covers."""


class LunarDate(NamedTuple):
    """A day of the Vietnamese lunar calendar; ``leap`` marks the intercalary month.

    Ordering is chronological (a leap month follows the regular month of the same number),
    not the plain tuple order of the fields.
    """

    year: int
    month: int
    day: int
    leap: bool = False

    def _key(self) -> tuple[int, int, bool, int]:
        return (self.year, self.month, self.leap, self.day)

    def __lt__(self, other: object) -> bool:
        if isinstance(other, LunarDate):
            return self._key() < other._key()
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, LunarDate):
            return self._key() <= other._key()
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, LunarDate):
            return self._key() > other._key()
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, LunarDate):
            return self._key() >= other._key()
        return NotImplemented


class LunarMonth(NamedTuple):
    """One month of a lunar year: its number, whether it is the leap month, day 1, length."""

    year: int
    month: int
    leap: bool
    start: date
    length: int

    @property
    def end(self) -> date:
        """The last day of the month."""
        return self.start + timedelta(days=self.length - 1)


_FIRST_ORDINAL = _table.YEARS[0][0]
_DAY_COUNT = _table.END_ORDINAL - _FIRST_ORDINAL
LUNAR_YEAR_RANGE: tuple[int, int] = (_table.FIRST_YEAR, _table.LAST_YEAR)
SUPPORTED_RANGE: tuple[date, date] = (
    date.fromordinal(_FIRST_ORDINAL),
    date.fromordinal(_table.END_ORDINAL - 1),
)
_RANGE_TEXT = (
    f"{SUPPORTED_RANGE[0].isoformat()} .. {SUPPORTED_RANGE[1].isoformat()} "
    f"(lunar years {LUNAR_YEAR_RANGE[0]}..{LUNAR_YEAR_RANGE[1]})"
)

# Expanded lazily on first use: one LunarDate per day (~110,000, ~9 MB) so that to_lunar is a
# list index, and (year, month, leap) -> (ordinal of day 1, length) for the other direction.
# Two threads may both build them; the results are equal and the assignment is atomic.
_days: list[LunarDate] = []
_month_index: dict[tuple[int, int, bool], tuple[int, int]] = {}


def _year_row(year: int) -> tuple[int, int, int]:
    if not LUNAR_YEAR_RANGE[0] <= year <= LUNAR_YEAR_RANGE[1]:
        raise OutOfRangeError(
            f"lunar year {year} is outside the supported range of the Vietnamese lunar "
            f"calendar: {_RANGE_TEXT}"
        )
    return _table.YEARS[year - LUNAR_YEAR_RANGE[0]]


def _year_months(year: int) -> list[tuple[int, bool, int, int]]:
    """(month, leap, ordinal of day 1, length) for each month of the year, in order."""
    tet, leap, mask = _year_row(year)
    result: list[tuple[int, bool, int, int]] = []
    start = tet
    for month in range(1, 13):
        for is_leap in (False, True) if month == leap else (False,):
            length = 30 if mask >> len(result) & 1 else 29
            result.append((month, is_leap, start, length))
            start += length
    return result


def _build_month_index() -> dict[tuple[int, int, bool], tuple[int, int]]:
    global _month_index
    index = {
        (year, month, leap): (start, length)
        for year in range(LUNAR_YEAR_RANGE[0], LUNAR_YEAR_RANGE[1] + 1)
        for month, leap, start, length in _year_months(year)
    }
    _month_index = index
    return index


def _build_days() -> list[LunarDate]:
    global _days
    days: list[LunarDate] = []
    make = tuple.__new__
    for year in range(LUNAR_YEAR_RANGE[0], LUNAR_YEAR_RANGE[1] + 1):
        for month, leap, _start, length in _year_months(year):
            # tuple.__new__ skips NamedTuple's Python-level __new__: half the build time.
            days.extend(make(LunarDate, (year, month, day, leap)) for day in range(1, length + 1))
    _days = days
    return days


def to_lunar(d: date) -> LunarDate:
    """The lunar date of a solar (Gregorian) day.

    >>> to_lunar(date(2025, 1, 29))
    LunarDate(year=2025, month=1, day=1, leap=False)

    A ``datetime`` is refused: which day it is in Vietnam depends on its time zone.
    """
    if isinstance(d, datetime):
        raise TypeError("to_lunar takes a date; convert the datetime to Vietnam's date first")
    index = d.toordinal() - _FIRST_ORDINAL
    if 0 <= index < _DAY_COUNT:
        return (_days or _build_days())[index]
    raise OutOfRangeError(
        f"{d.isoformat()} is outside the supported range of the Vietnamese lunar calendar: "
        f"{_RANGE_TEXT}"
    )


def to_solar(year: int, month: int, day: int, leap: bool = False) -> date:
    """The solar day of a lunar date; raises LunarDateError if that date does not exist.

    >>> to_solar(2025, 8, 15)  # Tết Trung thu
    datetime.date(2025, 10, 6)
    """
    entry = (_month_index or _build_month_index()).get((year, month, leap))
    if entry is not None and 1 <= day <= entry[1]:
        return date.fromordinal(entry[0] + day - 1)
    if not all(isinstance(part, int) for part in (year, month, day)):
        raise TypeError(f"lunar year, month and day must be integers, got {(year, month, day)}")
    text = f"lunar {day}/{month}{' (leap)' if leap else ''}/{year}"
    if not 1 <= month <= 12:
        raise LunarDateError(f"{text} does not exist: a lunar month is numbered 1 to 12")
    if not 1 <= day <= 30:
        raise LunarDateError(f"{text} does not exist: a lunar month has 29 or 30 days")
    _year_row(year)  # raises OutOfRangeError
    if entry is None:
        actual = leap_month(year)
        has = f"its leap month is {actual}" if actual else "it has no leap month"
        raise LunarDateError(
            f"{text} does not exist: lunar year {year} has no leap month {month} ({has})"
        )
    raise LunarDateError(f"{text} does not exist: that month has {entry[1]} days")


def month_length(year: int, month: int, leap: bool = False) -> int:
    """29 or 30: the number of days of a lunar month.

    >>> month_length(2023, 2, leap=True)
    29
    """
    entry = (_month_index or _build_month_index()).get((year, month, leap))
    if entry is None:
        to_solar(year, month, 1, leap)  # raises the precise error
        raise AssertionError("unreachable: to_solar accepted a month missing from the index")
    return entry[1]


def leap_month(year: int) -> int | None:
    """The number of the month the lunar year repeats, or None.

    >>> leap_month(2025), leap_month(2026)
    (6, None)
    """
    return _year_row(year)[1] or None


def new_year(year: int) -> date:
    """Tết Nguyên đán: the solar day of 1/1 of the lunar year."""
    return date.fromordinal(_year_row(year)[0])


def months(year: int) -> list[LunarMonth]:
    """The months of a lunar year in order (12, or 13 with the leap month after its twin).

    >>> [(m.month, m.leap, m.length) for m in months(2023)][:4]
    [(1, False, 29), (2, False, 30), (2, True, 29), (3, False, 29)]
    """
    return [
        LunarMonth(year, month, leap, date.fromordinal(start), length)
        for month, leap, start, length in _year_months(year)
    ]


_STEMS = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
_BRANCHES = ("Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi")


def year_name(year: int) -> str:
    """The sexagenary (can chi) name of a lunar year, as Vietnamese documents write it.

    >>> year_name(2024), year_name(1984), year_name(2026)
    ('Giáp Thìn', 'Giáp Tý', 'Bính Ngọ')
    """
    return f"{_STEMS[(year + 6) % 10]} {_BRANCHES[(year + 8) % 12]}"
