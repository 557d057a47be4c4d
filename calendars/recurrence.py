"""Recurrence rules: one small interface for every kind of date the catalogue needs.

Every rule answers `after(day, inc)`, `before(day, inc)` and `between(first, last, inc)` with
`Occurrence` values (as dateutil's rrule does), and round-trips to the text used in
`plans/*.yaml`: `parse_rule(str(rule)) == rule`.

The texts (canonical forms):

    monthly on day 20                      the 20th of every month (clamped to the month's end)
    monthly on workday 5                   the 5th working day (workday -1: the last)
    quarterly on day 20 of month 3         month 1–3 within the quarter
    half-yearly on workday 5 of month 1    month 1–6 within the half
    yearly on workday 5 of month 1
    yearly on 31/10                        a solar date (29/2 falls on 28/2 in common years)
    yearly on 24/12 to 25/12               a solar span
    yearly on 25/12 eve                    the ceremony is held on the eve (the day before)
    twice-yearly on 1/7 and 1/12           two dates a year (campaigns: đợt 1, đợt 2)
    yearly on lunar 15/7                   a Vietnamese lunar date, in the regular month
    yearly on lunar 9/1 eve                the ceremony on the eve of the lunar date
    yearly on lunar 29/8 to 1/9            a lunar span (2 or 3 days: month 8 has 29 or 30)
    yearly on lunar 15/4 for 3 days
    yearly on easter                       Western Easter Sunday
    every 5 years after 2019-10-30 due in quarter +1
    years 3, 5, 10, 20 after 2021-07-20 due in quarter
    once on 2024-11-15 to 2024-11-17 and 2025-11-04
    once in 2021-Q3                        a one-off deadline expressed as a quarter
    once in 2024-06                        or as a month ("tháng 6/2024")

Surprising cases, decided once here:

- A lunar day 30 in a year whose month has 29 days falls on the 29th (the month's last day),
  as families keep "30 Tết" on the 29th in short years.
- A lunar rule never falls in a leap month: in 2020, which has a leap 4th month, Phật đản
  (15/4) is 7 May 2020, not 15 of the leap month.
- Occurrences are ordered and selected by their `start`; the `ceremony` of an eve rule is the
  day before.

>>> rule = parse_rule("yearly on lunar 9/1 eve")
>>> occ = rule.after(date(2024, 1, 1))
>>> occ.start, occ.ceremony        # Đại lễ Đức Chí Tôn 2024, the ceremony on the night of the 8th
(datetime.date(2024, 2, 18), datetime.date(2024, 2, 17))
>>> str(parse_rule("yearly on day 31 of month 10"))
'yearly on 31/10'
"""

from __future__ import annotations

import calendar as _calendar
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from dateutil.easter import easter

from calendars import lunar
from calendars.periods import PERIODS_PER_YEAR, Period, PeriodKind, clamped
from calendars.workdays import WorkCalendar

MIN_YEAR = 1
MAX_YEAR = 9998
ANNIVERSARY_HORIZON = 100  # "every 5 years" stops after a century


class RuleError(ValueError):
    """A rule text that cannot be parsed, or a rule that cannot be evaluated."""


@dataclass(frozen=True, order=True)
class Occurrence:
    """One occurrence of a rule.

    `start`..`end` is the span (inclusive), `ceremony` the day the ceremony or visit is held,
    `due` a deadline when the rule carries one (anniversaries, quarters), `key` names the
    occurrence stably (a period key like "2024-03", or a year) and `label` says it in
    Vietnamese where there is something to say ("5 năm", "đợt 2").
    """

    start: date
    end: date
    ceremony: date
    key: str
    due: date | None = None
    label: str = ""

    @classmethod
    def day(cls, day: date, key: str, *, label: str = "", due: date | None = None) -> Occurrence:
        return cls(day, day, day, key, due, label)


class Rule(ABC):
    """The shared interface. Subclasses give the occurrences that start in a solar year."""

    @abstractmethod
    def occurrences(self, year: int) -> list[Occurrence]:
        """Occurrences whose start falls in the solar `year`, in order."""

    def year_bounds(self) -> tuple[int, int]:
        """The solar years outside which there is no occurrence."""
        return MIN_YEAR, MAX_YEAR

    def between(self, first: date, last: date, inc: bool = True) -> list[Occurrence]:
        low, high = self.year_bounds()
        found: list[Occurrence] = []
        for year in range(max(first.year, low), min(last.year, high) + 1):
            for occ in self.occurrences(year):
                inside = first <= occ.start <= last if inc else first < occ.start < last
                if inside:
                    found.append(occ)
        return found

    def after(self, day: date, inc: bool = False) -> Occurrence | None:
        low, high = self.year_bounds()
        for year in range(max(day.year, low), high + 1):
            for occ in self.occurrences(year):
                if occ.start > day or (inc and occ.start == day):
                    return occ
        return None

    def before(self, day: date, inc: bool = False) -> Occurrence | None:
        low, high = self.year_bounds()
        for year in range(min(day.year, high), low - 1, -1):
            for occ in reversed(self.occurrences(year)):
                if occ.start < day or (inc and occ.start == day):
                    return occ
        return None


def _format_dm(day: int, month: int) -> str:
    return f"{day}/{month}"


# --- periodic rules: in every month / quarter / half / year -------------------------------------

# Months in a period of each kind that recurs all year (the nine months do not).
_PERIOD_MONTHS = {
    kind: 12 // count
    for kind, count in PERIODS_PER_YEAR.items()
    if kind is not PeriodKind.NINE_MONTHS
}


@dataclass(frozen=True)
class PeriodicRule(Rule):
    """The n-th day or n-th working day of a given month of every period."""

    kind: PeriodKind
    n: int
    workday: bool = False
    month: int = 1  # month within the period (1 for monthly)
    calendar: WorkCalendar | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in _PERIOD_MONTHS:
            raise RuleError(f"no periodic rule for {self.kind}")
        if not 1 <= self.month <= _PERIOD_MONTHS[self.kind]:
            raise RuleError(f"a {self.kind} rule has months 1..{_PERIOD_MONTHS[self.kind]}")
        limit = 23 if self.workday else 31
        if self.n == 0 or not -limit <= self.n <= limit:
            raise RuleError(f"day number must be 1..{limit} or -1..-{limit}, not {self.n}")
        if not self.workday and self.n < 0:
            raise RuleError("count days from the end of a month with 'workday -1' or a day 28..31")

    def occurrences(self, year: int) -> list[Occurrence]:
        found = []
        for period in _periods_of_year(self.kind, year):
            first_year, first_month = period.first_month
            month = first_month + self.month - 1
            if self.workday:
                if self.calendar is None:
                    raise RuleError(f"'{self}' needs a working-day calendar")
                day = self.calendar.nth_working_day_of_month(first_year, month, self.n)
            else:
                day = clamped(first_year, month, self.n)
            found.append(Occurrence.day(day, period.key))
        return found

    def __str__(self) -> str:
        if self.kind is PeriodKind.YEARLY and not self.workday:
            return f"yearly on {_format_dm(self.n, self.month)}"
        anchor = f"{'workday' if self.workday else 'day'} {self.n}"
        within = "" if self.kind is PeriodKind.MONTHLY else f" of month {self.month}"
        return f"{self.kind.value} on {anchor}{within}"


def _periods_of_year(kind: PeriodKind, year: int) -> list[Period]:
    return [Period(year, kind, index) for index in range(1, PERIODS_PER_YEAR[kind] + 1)]


# --- yearly solar rules --------------------------------------------------------------------------


@dataclass(frozen=True)
class SolarYearlyRule(Rule):
    """One or more solar dates every year, optionally a span or a ceremony on the eve."""

    dates: tuple[tuple[int, int], ...]  # (day, month)
    until: tuple[int, int] | None = None
    days: int | None = None
    eve: bool = False
    twice: bool = False  # written "twice-yearly": two rounds (đợt) a year

    def __post_init__(self) -> None:
        if not self.dates:
            raise RuleError("a yearly rule needs a date")
        for day, month in (*self.dates, *([self.until] if self.until else [])):
            if not 1 <= month <= 12 or not 1 <= day <= _calendar.monthrange(2000, month)[1]:
                raise RuleError(f"{day}/{month} is not a day of the year")
        if self.twice and len(self.dates) != 2:
            raise RuleError("a twice-yearly rule has exactly two dates")
        if len(self.dates) > 1 and (self.until or self.days):
            raise RuleError("a span applies to a single date")
        if list(self.dates) != sorted(self.dates, key=lambda dm: (dm[1], dm[0])):
            raise RuleError("list the dates in calendar order")
        if len({clamped(2001, m, d) for d, m in self.dates}) != len(self.dates):
            # after() selects by start: a second occurrence on the same day would be skipped
            raise RuleError("two dates fall on the same day (29/2 is 28/2 in common years)")
        if self.days is not None and not 1 <= self.days <= 366:
            raise RuleError("a span lasts 1..366 days")

    def occurrences(self, year: int) -> list[Occurrence]:
        found = []
        for index, (day, month) in enumerate(self.dates, start=1):
            start = clamped(year, month, day)
            end = start
            if self.until is not None:
                end = clamped(year, self.until[1], self.until[0])
                if end < start:
                    end = clamped(year + 1, self.until[1], self.until[0])
            elif self.days is not None:
                end = start + timedelta(days=self.days - 1)
            ceremony = start - timedelta(days=1) if self.eve else start
            key = f"{year}-{index}" if len(self.dates) > 1 else str(year)
            label = f"đợt {index}" if len(self.dates) > 1 else ""
            found.append(Occurrence(start, end, ceremony, key, None, label))
        return found

    def __str__(self) -> str:
        head = "twice-yearly on " if self.twice else "yearly on "
        text = head + " and ".join(_format_dm(d, m) for d, m in self.dates)
        return text + _span_text(self.until, self.days, self.eve)


def _span_text(until: tuple[int, int] | None, days: int | None, eve: bool) -> str:
    text = ""
    if until is not None:
        text += f" to {_format_dm(*until)}"
    if days is not None:
        text += f" for {days} days"
    if eve:
        text += " eve"
    return text


@dataclass(frozen=True)
class EasterRule(Rule):
    """Western (Gregorian) Easter Sunday."""

    def occurrences(self, year: int) -> list[Occurrence]:
        return [Occurrence.day(easter(year), str(year))]

    def year_bounds(self) -> tuple[int, int]:
        return 1583, MAX_YEAR

    def __str__(self) -> str:
        return "yearly on easter"


# --- yearly lunar rules --------------------------------------------------------------------------


@dataclass(frozen=True)
class LunarYearlyRule(Rule):
    """A Vietnamese lunar date every lunar year, in the regular (not leap) month."""

    day: int
    month: int
    until: tuple[int, int] | None = None
    days: int | None = None
    eve: bool = False

    def __post_init__(self) -> None:
        for day, month in (self.day, self.month), *([self.until] if self.until else []):
            if not 1 <= month <= 12 or not 1 <= day <= 30:
                raise RuleError(f"{day}/{month} is not a lunar date (days 1..30, months 1..12)")
        if self.until and self.days:
            raise RuleError("give either 'to D/M' or 'for N days'")
        if self.days is not None and not 1 <= self.days <= 60:
            raise RuleError("a lunar span lasts 1..60 days")

    def year_bounds(self) -> tuple[int, int]:
        first, last = lunar.SUPPORTED_RANGE
        return first.year, last.year

    def _solar(self, lunar_year: int, day: int, month: int) -> date:
        length = lunar.month_length(lunar_year, month)
        return lunar.to_solar(lunar_year, month, min(day, length))

    def _in_lunar_year(self, lunar_year: int) -> Occurrence | None:
        try:
            start = self._solar(lunar_year, self.day, self.month)
            end = start
            if self.until is not None:
                end_year = lunar_year + (1 if self.until[1] < self.month else 0)
                end = self._solar(end_year, *self.until)
            elif self.days is not None:
                end = start + timedelta(days=self.days - 1)
        except lunar.OutOfRangeError:
            return None
        ceremony = start - timedelta(days=1) if self.eve else start
        # Keyed by the lunar year: a date late in the lunar year may fall twice in a solar one.
        return Occurrence(start, end, ceremony, str(lunar_year))

    def occurrences(self, year: int) -> list[Occurrence]:
        # A lunar date of lunar year Y falls in solar year Y or Y+1 (months 11–12 reach January).
        found = []
        for lunar_year in (year - 1, year):
            occ = self._in_lunar_year(lunar_year)
            if occ is not None and occ.start.year == year:
                found.append(occ)
        return found

    def __str__(self) -> str:
        return f"yearly on lunar {_format_dm(self.day, self.month)}" + _span_text(
            self.until, self.days, self.eve
        )


# --- anniversaries of a date ---------------------------------------------------------------------


def _add_years(day: date, years: int) -> date:
    return clamped(day.year + years, day.month, day.day)


def _quarter_end(day: date, offset: int) -> date:
    index = (day.year * 4 + (day.month - 1) // 3) + offset
    year, quarter = divmod(index, 4)
    return Period(year, PeriodKind.QUARTERLY, quarter + 1).end


@dataclass(frozen=True)
class AnniversaryRule(Rule):
    """The n-year anniversaries of a date (a directive's issue date) with an optional deadline.

    `due_quarter` = k gives a deadline at the end of the quarter k quarters after the one of
    the anniversary (0: the same quarter), as the seeds write "hoàn thành trong quý II-2023".
    """

    origin: date
    years: tuple[int, ...] = ()
    every: int | None = None
    due_quarter: int | None = None

    def __post_init__(self) -> None:
        if (self.every is None) == (not self.years):
            raise RuleError("an anniversary rule has either 'every N years' or 'years A, B, …'")
        if self.every is not None and not 1 <= self.every <= ANNIVERSARY_HORIZON:
            raise RuleError(f"every N years needs 1 <= N <= {ANNIVERSARY_HORIZON}")
        if self.years and (list(self.years) != sorted(set(self.years)) or self.years[0] < 1):
            raise RuleError("list anniversary years once each, increasing, from 1")
        if self.due_quarter is not None and not -4 <= self.due_quarter <= 8:
            raise RuleError("the due quarter offset must be between -4 and +8")

    def _counts(self) -> tuple[int, ...]:
        if self.every is not None:
            return tuple(range(self.every, ANNIVERSARY_HORIZON + 1, self.every))
        return self.years

    def year_bounds(self) -> tuple[int, int]:
        counts = self._counts()
        return self.origin.year + counts[0], self.origin.year + counts[-1]

    def occurrences(self, year: int) -> list[Occurrence]:
        count = year - self.origin.year
        if count not in self._counts():
            return []
        day = _add_years(self.origin, count)
        due = _quarter_end(day, self.due_quarter) if self.due_quarter is not None else None
        return [Occurrence.day(day, str(year), label=f"{count} năm", due=due)]

    def __str__(self) -> str:
        if self.every is not None:
            text = f"every {self.every} years after {self.origin.isoformat()}"
        else:
            text = f"years {', '.join(map(str, self.years))} after {self.origin.isoformat()}"
        if self.due_quarter is not None:
            text += " due in quarter" + (f" {self.due_quarter:+d}" if self.due_quarter else "")
        return text


# --- one-off dates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OnceRule(Rule):
    """Listed dates or spans; or one quarter or month, as a deadline ("hoàn thành trong quý
    III-2021", "tháng 6/2024"): its `due` is the period's last day."""

    spans: tuple[tuple[date, date], ...] = ()
    quarter: Period | None = None  # a quarter or a month

    def __post_init__(self) -> None:
        if bool(self.spans) == (self.quarter is not None):
            raise RuleError("a one-off rule lists dates or names one quarter or month")
        for start, end in self.spans:
            if end < start:
                raise RuleError(f"{end.isoformat()} is before {start.isoformat()}")
        starts = [s for s, _ in self.spans]
        if starts != sorted(set(starts)):
            raise RuleError("list one-off dates once each, in order")

    def occurrences(self, year: int) -> list[Occurrence]:
        if self.quarter is not None:
            q = self.quarter
            if q.start.year != year:
                return []
            return [Occurrence(q.start, q.end, q.start, q.key, q.end, q.label)]
        return [
            Occurrence(start, end, start, start.isoformat())
            for start, end in self.spans
            if start.year == year
        ]

    def year_bounds(self) -> tuple[int, int]:
        if self.quarter is not None:
            return self.quarter.year, self.quarter.year
        return self.spans[0][0].year, self.spans[-1][0].year

    def __str__(self) -> str:
        if self.quarter is not None:
            return f"once in {self.quarter.key}"
        parts = [
            s.isoformat() if s == e else f"{s.isoformat()} to {e.isoformat()}"
            for s, e in self.spans
        ]
        return "once on " + " and ".join(parts)


# --- parsing -------------------------------------------------------------------------------------

_DM = r"(\d{1,2})/(\d{1,2})"
_ISO = r"(\d{4}-\d{2}-\d{2})"
_SPAN = rf"(?: to {_DM}| for (\d{{1,3}}) days)?( eve)?"


_PERIODIC = re.compile(
    r"(monthly|quarterly|half-yearly|yearly) on (day|workday) (-?\d{1,2})(?: of month (\d{1,2}))?"
)
_SOLAR = re.compile(rf"(yearly|twice-yearly) on ({_DM}(?: and {_DM})*){_SPAN}")
_LUNAR = re.compile(rf"yearly on lunar {_DM}{_SPAN}")
_ANNIVERSARY = re.compile(
    rf"(?:every (\d{{1,3}}) years|years (\d{{1,3}}(?:, \d{{1,3}})*)) after {_ISO}"
    r"(?: due in quarter(?: ([+-]\d))?)?"
)
_ONCE_DATES = re.compile(rf"once on ({_ISO}(?: to {_ISO})?(?: and {_ISO}(?: to {_ISO})?)*)")
_ONCE_QUARTER = re.compile(r"once in (\d{4}-q[1-4])")  # texts are lower-cased before matching
_ONCE_MONTH = re.compile(r"once in (\d{4}-(?:0[1-9]|1[0-2]))")


def _iso(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RuleError(f"{text} is not a date") from None


def parse_rule(text: str, calendar: WorkCalendar | None = None) -> Rule:
    """Parse rule text (see the module docstring); raise `RuleError` saying what is wrong."""
    words = " ".join(text.replace(",", ", ").split()).replace(" ,", ",").strip().lower()
    try:
        return _parse(words, calendar)
    except (lunar.LunarDateError, ValueError) as error:
        if isinstance(error, RuleError):
            raise
        raise RuleError(f"{text!r}: {error}") from None


def _parse(words: str, calendar: WorkCalendar | None) -> Rule:
    if m := _PERIODIC.fullmatch(words):
        kind, anchor, n, month = m.groups()
        rule_kind = PeriodKind(kind)
        if rule_kind is not PeriodKind.MONTHLY and month is None:
            raise RuleError(f"{words!r}: say which month of the {kind} period ('of month M')")
        if rule_kind is PeriodKind.MONTHLY and month is not None:
            raise RuleError(f"{words!r}: a monthly rule has no 'of month'")
        if rule_kind is PeriodKind.YEARLY and anchor == "day":
            return SolarYearlyRule(((int(n), int(month)),))
        return PeriodicRule(rule_kind, int(n), anchor == "workday", int(month or 1), calendar)
    if words == "yearly on easter":
        return EasterRule()
    if m := _LUNAR.fullmatch(words):
        d, mo, ud, um, days, eve = m.groups()
        until = (int(ud), int(um)) if ud else None
        if until is not None and until[1] == int(mo) and until[0] <= int(d):
            # an end month before the start month crosses into the next lunar year; the same
            # month must end later in it
            raise RuleError(f"{words!r}: the span ends before it starts")
        return LunarYearlyRule(int(d), int(mo), until, int(days) if days else None, bool(eve))
    if m := _SOLAR.fullmatch(words):
        head, dates_text = m.group(1), m.group(2)
        dates = tuple((int(d), int(mo)) for d, mo in re.findall(_DM, dates_text))
        tail = words[m.end(2) :]
        span = re.fullmatch(_SPAN, tail)
        assert span is not None  # the outer pattern matched it
        ud, um, days, eve = span.groups()
        return SolarYearlyRule(
            dates,
            (int(ud), int(um)) if ud else None,
            int(days) if days else None,
            bool(eve),
            twice=head == "twice-yearly",
        )
    if m := _ANNIVERSARY.fullmatch(words):
        every, listed, origin, offset = m.groups()
        return AnniversaryRule(
            _iso(origin),
            tuple(int(y) for y in listed.split(", ")) if listed else (),
            int(every) if every else None,
            None if "due in quarter" not in words else int(offset or 0),
        )
    if m := _ONCE_DATES.fullmatch(words):
        spans = []
        for part in m.group(1).split(" and "):
            ends = part.split(" to ")
            spans.append((_iso(ends[0]), _iso(ends[-1])))
        return OnceRule(tuple(spans))
    if m := _ONCE_QUARTER.fullmatch(words):
        return OnceRule(quarter=Period.parse(PeriodKind.QUARTERLY, m.group(1).upper()))
    if m := _ONCE_MONTH.fullmatch(words):
        return OnceRule(quarter=Period.parse(PeriodKind.MONTHLY, m.group(1)))
    raise RuleError(f"{words!r} is not a rule (see calendars.recurrence for the forms)")


def bind_calendar(rule: Rule, calendar: WorkCalendar) -> Rule:
    """The same rule evaluated with `calendar` (only working-day rules use one)."""
    if isinstance(rule, PeriodicRule):
        return replace(rule, calendar=calendar)
    return rule
