"""Working days of Vietnamese civil servants, and the deadline arithmetic built on them.

A day is a working day when it is Monday–Friday (Decision 188/1999/QĐ-TTg) and not a day off,
or when a published decision makes it a working day (a make-up Saturday, "ngày làm bù").
Days off are the statutory holidays of the Labour Code as the `holidays` package computes them
(observed days included), plus the days that each year's decisions add or swap. Everything
else here is built on the single predicate `WorkCalendar.is_working_day`.

Counting follows the Civil Code 2015, Art. 147: the first day of a period is not counted, so
"3 working days after the cut-off" is the third working day strictly after it.

>>> cal = WorkCalendar()
>>> cal.is_working_day(date(2024, 4, 29))   # swapped for Saturday 4 May 2024
False
>>> cal.add_working_days(date(2024, 2, 7), 1)   # Tết Giáp Thìn: off 8–14 Feb 2024
datetime.date(2024, 2, 15)
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cache, cached_property

import holidays

from calendars import lunar

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


class Shift(StrEnum):
    """What happens to a date that is not a working day."""

    NEXT = "next"  # the next working day (Civil Code art. 148; the default for deadlines)
    PREVIOUS = "previous"  # the previous working day ("trước ngày 31/10" must stay before it)
    NONE = "none"  # keep the date


@dataclass(frozen=True)
class CalendarDay:
    """One day that a published decision makes a day off or a working day."""

    day: date
    name: str
    source: str
    working: bool
    replaces: date | None = None  # for a make-up day: the weekday it pays back


@dataclass(frozen=True)
class Decision:
    """A published decision or letter on days off (e.g. "Thông báo 6150/TB-BLĐTBXH")."""

    ref: str
    days: tuple[CalendarDay, ...]
    issued: date | None = None
    title: str = ""


@dataclass(frozen=True)
class DayInfo:
    day: date
    working: bool
    reason: str
    source: str | None = None


class _LunarDates:
    """The lunar dates `holidays` asks for Vietnam's holidays, from dondoc's own table.

    The package's table of lunar dates ends in 2100 (and begins in 1901): past it, its Vietnam
    has no holiday at all — 1/1/2150 and Tết 2150 were working days — while dondoc's table,
    which agrees with it on every Tết and Giỗ Tổ of 1901–2100, spans the calendars' range.
    """

    @staticmethod
    def _on(year: int, month: int, day: int) -> tuple[date | None, bool]:
        try:
            return lunar.to_solar(year, month, day), False
        except lunar.OutOfRangeError:
            return None, False

    def lunar_new_year_date(self, year: int, calendar: object = None) -> tuple[date | None, bool]:
        return self._on(year, 1, 1)

    def hung_kings_date(self, year: int, calendar: object = None) -> tuple[date | None, bool]:
        return self._on(year, 3, 10)


_LUNAR_DATES = _LunarDates()


@cache
def _vietnam() -> Callable[..., holidays.HolidayBase]:
    """The package's rules for Vietnam (the Labour Codes, observed days, make-up days), on
    dondoc's lunar dates and over the years of its table. Made on first use: the package
    imports a country's rules only when asked, and so the commands start without them."""
    from holidays.countries.vietnam import Vietnam

    class DondocVietnam(Vietnam):
        start_year, end_year = lunar.LUNAR_YEAR_RANGE

        @property
        def _chinese_calendar(self) -> _LunarDates:
            return _LUNAR_DATES

        @_chinese_calendar.setter
        def _chinese_calendar(self, _value: object) -> None:
            pass  # the package sets its own table, which ends in 2100

    return DondocVietnam


def statutory_days_off(year: int) -> holidays.HolidayBase:
    """The statutory holidays of `year` (observed days included), by the `holidays` package's
    rules for Vietnam, on the lunar calendar of calendars/lunar.py."""
    return _vietnam()(years=year, language="vi")


@dataclass
class WorkCalendar:
    """Working days: weekends, statutory holidays and the decisions given.

    Build one from the decisions of the workdays catalogue (`plans/calendar/*.yaml`); with none,
    it knows weekends and what the `holidays` package knows.
    """

    decisions: Sequence[Decision] = ()
    use_statutory: bool = True
    _years: dict[int, tuple[dict[date, DayInfo], dict[date, DayInfo]]] = field(
        default_factory=dict, init=False, repr=False
    )

    def __post_init__(self) -> None:
        self.decisions = tuple(self.decisions)

    @cached_property
    def _decided(self) -> dict[date, CalendarDay]:
        # A later decision about the same day wins: decisions are listed in date order.
        return {day.day: day for decision in self.decisions for day in decision.days}

    def _year(self, year: int) -> tuple[dict[date, DayInfo], dict[date, DayInfo]]:
        """(days off, make-up working days) of one year, computed once."""
        cached = self._years.get(year)
        if cached is not None:
            return cached
        off: dict[date, DayInfo] = {}
        made_up: dict[date, DayInfo] = {}
        if self.use_statutory:
            statutory = statutory_days_off(year)
            # The 2019 Code is in force from 1/1/2021; before, the 2012 Code (Điều 115).
            code = "2019, Điều 112" if year >= 2021 else "2012, Điều 115"
            for day, name in statutory.items():
                off[day] = DayInfo(day, False, name, f"holidays (Bộ luật Lao động {code})")
            for day in statutory.weekend_workdays:
                if day.year == year:
                    made_up[day] = DayInfo(day, True, "Ngày làm bù", "holidays")
        for day, decided in self._decided.items():
            if day.year != year:
                continue
            info = DayInfo(day, decided.working, decided.name, decided.source)
            if decided.working:
                made_up[day] = info
                off.pop(day, None)
            else:
                off[day] = info
        self._years[year] = (off, made_up)
        return off, made_up

    def is_working_day(self, day: date) -> bool:
        off, made_up = self._year(day.year)
        if day in made_up:
            return True
        return day.weekday() < 5 and day not in off

    def info(self, day: date) -> DayInfo:
        """Whether `day` is a working day, and why, in Vietnamese."""
        off, made_up = self._year(day.year)
        if day in made_up:
            return made_up[day]
        if day in off:
            return off[day]
        if day.weekday() >= 5:
            return DayInfo(day, False, WEEKDAY_NAMES[day.weekday()])
        return DayInfo(day, True, "Ngày làm việc")

    def days_off(self, year: int) -> list[DayInfo]:
        """Weekday days off of a year, in order (weekends are implied)."""
        off, _ = self._year(year)
        return [off[d] for d in sorted(off) if d.weekday() < 5]

    def make_up_days(self, year: int) -> list[DayInfo]:
        _, made_up = self._year(year)
        return [made_up[d] for d in sorted(made_up)]

    def next_working_day(self, day: date, *, inclusive: bool = True) -> date:
        current = day if inclusive else day + timedelta(days=1)
        while not self.is_working_day(current):
            current += timedelta(days=1)
        return current

    def previous_working_day(self, day: date, *, inclusive: bool = True) -> date:
        current = day if inclusive else day - timedelta(days=1)
        while not self.is_working_day(current):
            current -= timedelta(days=1)
        return current

    def shift(self, day: date, rule: Shift | str = Shift.NEXT) -> date:
        """Move a deadline that is not a working day according to `rule`."""
        rule = Shift(rule)
        if rule is Shift.NEXT:
            return self.next_working_day(day)
        if rule is Shift.PREVIOUS:
            return self.previous_working_day(day)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (before it when negative); `day` not counted.

        With `count == 0` the result is `day` itself, working or not.
        """
        step = timedelta(days=1 if count > 0 else -1)
        current = day
        remaining = abs(count)
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end] — negative when `end` is before `start`.

        This is how late a task is: due on Friday, on the following Tuesday it is 2 working
        days overdue.
        """
        if end == start:
            return 0
        sign = 1 if end > start else -1
        low, high = (start, end) if sign > 0 else (end, start)
        total = 0
        current = low + timedelta(days=1)
        while current <= high:
            if self.is_working_day(current):
                total += 1
            current += timedelta(days=1)
        return sign * total

    def nth_working_day_of_month(self, year: int, month: int, n: int) -> date:
        """The n-th working day of a month (n = -1: the last). Raises if there is none."""
        if n == 0:
            raise ValueError("n counts from 1 (or from -1 at the end of the month)")
        if n > 0:
            found = self.add_working_days(date(year, month, 1) - timedelta(days=1), n)
        else:
            last = date(year, month, _calendar.monthrange(year, month)[1])
            found = self.add_working_days(last + timedelta(days=1), n)
        if (found.year, found.month) != (year, month):
            raise ValueError(f"{year}-{month:02d} has fewer than {abs(n)} working days")
        return found
