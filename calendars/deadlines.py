"""When a periodic report is due, and when its task opens.

Deadline texts (`due:` in `plans/*.yaml`):

    day 17                       the first 17th after the data cut-off (the window's end)
    3 workdays after cutoff      the third working day after the cut-off (Civil Code art. 147)
    20/11                        a fixed day of the period's year (yearly and nine-month periods)
    before 31/10                 the day before: "trước ngày 31 tháng 10" is due 30/10

A deadline that is not a working day moves to the next working day, except `before D/M`,
which moves to the previous one so that it stays before the date; an obligation may say
otherwise (`shift: next | previous | none`).

Opening texts (`opens:`): `10 days before due`, `5 workdays before due`. A task never opens
on a day off: the day moves back to the previous working day.

>>> from calendars.periods import Period, PeriodKind
>>> from calendars.workdays import WorkCalendar
>>> rule = DueRule.parse("before 31/10")
>>> rule.deadline(Period(2021, PeriodKind.YEARLY), WorkCalendar())   # 30/10/2021 is a Saturday
datetime.date(2021, 10, 29)
"""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from calendars.periods import DECREE_09, Period, PeriodKind, Window, clamped
from calendars.workdays import Shift, WorkCalendar


class DeadlineError(ValueError):
    """A deadline or opening rule that cannot be parsed or does not fit its period."""


class DueKind(StrEnum):
    DAY_OF_MONTH = "day"
    WORKDAYS_AFTER_CUTOFF = "workdays"
    FIXED = "fixed"
    BEFORE = "before"


_ONE_PER_YEAR = (PeriodKind.YEARLY, PeriodKind.NINE_MONTHS)


@dataclass(frozen=True)
class DueRule:
    kind: DueKind
    n: int = 0  # the day of the month, or the number of working days
    day: int = 0  # for fixed / before: the day and month
    month: int = 0

    @classmethod
    def parse(cls, text: str) -> DueRule:
        words = " ".join(str(text).split()).lower()
        if m := re.fullmatch(r"day (\d{1,2})", words):
            n = int(m.group(1))
            if not 1 <= n <= 31:
                raise DeadlineError(f"day {n} is not a day of a month")
            return cls(DueKind.DAY_OF_MONTH, n=n)
        if m := re.fullmatch(r"(\d{1,2}) workdays? after cutoff", words):
            n = int(m.group(1))
            if not 1 <= n <= 60:
                raise DeadlineError("give 1..60 working days after the cut-off")
            return cls(DueKind.WORKDAYS_AFTER_CUTOFF, n=n)
        if m := re.fullmatch(r"(before )?(\d{1,2})/(\d{1,2})", words):
            day, month = int(m.group(2)), int(m.group(3))
            if not 1 <= month <= 12 or not 1 <= day <= _calendar.monthrange(2001, month)[1]:
                raise DeadlineError(f"{day}/{month} is not a day of the year")
            kind = DueKind.BEFORE if m.group(1) else DueKind.FIXED
            return cls(kind, day=day, month=month)
        raise DeadlineError(
            f"unknown deadline {text!r}: use 'day N', 'N workdays after cutoff', 'D/M' "
            "or 'before D/M'"
        )

    def __str__(self) -> str:
        if self.kind is DueKind.DAY_OF_MONTH:
            return f"day {self.n}"
        if self.kind is DueKind.WORKDAYS_AFTER_CUTOFF:
            return f"{self.n} workday{'s' if self.n > 1 else ''} after cutoff"
        prefix = "before " if self.kind is DueKind.BEFORE else ""
        return f"{prefix}{self.day}/{self.month}"

    @property
    def default_shift(self) -> Shift:
        return Shift.PREVIOUS if self.kind is DueKind.BEFORE else Shift.NEXT

    def check_period(self, kind: PeriodKind) -> None:
        """Refuse a fixed date for a period that recurs more than once a year."""
        if self.kind in (DueKind.FIXED, DueKind.BEFORE) and kind not in _ONE_PER_YEAR:
            raise DeadlineError(
                f"a fixed date ({self}) suits yearly or nine-month reports, not {kind} ones"
            )

    def nominal(self, period: Period, window_end: date, calendar: WorkCalendar) -> date:
        """The deadline before any shift."""
        self.check_period(period.kind)
        if self.kind is DueKind.DAY_OF_MONTH:
            year, month = window_end.year, window_end.month
            candidate = clamped(year, month, self.n)
            if candidate <= window_end:
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
                candidate = clamped(year, month, self.n)
            return candidate
        if self.kind is DueKind.WORKDAYS_AFTER_CUTOFF:
            return calendar.add_working_days(window_end, self.n)
        fixed = clamped(period.year, self.month, self.day)
        return fixed - timedelta(days=1) if self.kind is DueKind.BEFORE else fixed

    def deadline(
        self,
        period: Period,
        calendar: WorkCalendar,
        window: Window = DECREE_09,
        shift: Shift | None = None,
    ) -> date:
        _, window_end = window.window(period)
        nominal = self.nominal(period, window_end, calendar)
        return calendar.shift(nominal, shift or self.default_shift)


@dataclass(frozen=True)
class OpenRule:
    """How long before its deadline a task opens: calendar days or working days."""

    n: int
    workdays: bool = False

    @classmethod
    def parse(cls, text: str) -> OpenRule:
        words = " ".join(str(text).split()).lower()
        m = re.fullmatch(r"(\d{1,3}) (days?|workdays?) before due", words)
        if m is None:
            raise DeadlineError(
                f"unknown opening {text!r}: use 'N days before due' or 'N workdays before due'"
            )
        n = int(m.group(1))
        if not 0 <= n <= 180:
            raise DeadlineError("a task opens 0..180 days before its deadline")
        return cls(n, m.group(2).startswith("workday"))

    def __str__(self) -> str:
        unit = "workday" if self.workdays else "day"
        return f"{self.n} {unit}{'s' if self.n != 1 else ''} before due"

    def opens_on(self, due: date, calendar: WorkCalendar) -> date:
        if self.workdays:
            return calendar.add_working_days(due, -self.n) if self.n else due
        return calendar.previous_working_day(due - timedelta(days=self.n))


DEFAULT_OPENING = OpenRule(10)


class StepDueKind(StrEnum):
    ANCHOR = "anchor"
    BEFORE = "before"
    AFTER = "after"
    IN_MONTH = "in-month"  # by the last working day of a month counted from the anchor's


@dataclass(frozen=True)
class StepDue:
    """When a step of an obligation is due, relative to its occurrence's anchor date.

    Texts (`due:` of a step in `plans/*.yaml`):

        on anchor              the anchor itself (the meeting's day, the ceremony, the deadline)
        5 days before          calendar days before the anchor
        3 workdays before      working days before the anchor
        2 months before        the same day of the month, two months earlier (clamped)
        2 days after / 3 workdays after / 1 month after
        in the month before    by the last working day of the month before the anchor's month
        in the month           by the last working day of the anchor's own month
        in the month after     by the last working day of the month after it
        in month -3            by the last working day of the third month before (+2: after)

    The month forms are how the seeds' programmes speak: "tháng 3: xây dựng kế hoạch giám sát;
    tháng 4: tổ chức giám sát; tháng 6: thông qua kết quả" is a supervision in April with its
    plan "in the month before" and its adoption "in month +2".

    A day that is not a working day moves back to the previous working day for a step due
    before the anchor (it must stay before it) and forward for one due after it; a step on the
    anchor keeps the anchor's day (a ceremony on a Sunday is on Sunday).

    >>> StepDue.parse("3 workdays before").due(date(2024, 2, 19), WorkCalendar())   # Tết 8–14/2
    datetime.date(2024, 2, 7)
    """

    kind: StepDueKind
    n: int = 0
    workdays: bool = False
    months: bool = False

    @classmethod
    def parse(cls, text: str) -> StepDue:
        words = " ".join(str(text).split()).lower()
        if words in ("on anchor", "anchor"):
            return cls(StepDueKind.ANCHOR)
        if m := re.fullmatch(r"in (?:the month(?: (before|after))?|month ([+-]\d{1,2}))", words):
            if m.group(2) is not None:
                n = int(m.group(2))
                if n == 0 or not -24 <= n <= 24:
                    raise DeadlineError("a step is due in month -24..-1 or +1..+24 of its anchor")
            else:
                n = {None: 0, "before": -1, "after": 1}[m.group(1)]
            return cls(StepDueKind.IN_MONTH, n)
        if m := re.fullmatch(r"(\d{1,3}) (days?|workdays?|months?) (before|after)", words):
            n, unit = int(m.group(1)), m.group(2)
            limit = 12 if unit.startswith("month") else 366
            if not 1 <= n <= limit:
                raise DeadlineError(f"a step is due 1..{limit} {unit} before or after its anchor")
            kind = StepDueKind.BEFORE if m.group(3) == "before" else StepDueKind.AFTER
            return cls(kind, n, unit.startswith("workday"), unit.startswith("month"))
        raise DeadlineError(
            f"unknown step deadline {text!r}: use 'on anchor', 'N days before', "
            "'N workdays before', 'N months before', 'N days after', 'N workdays after', "
            "'N months after', 'in the month', 'in the month before', 'in the month after' or "
            "'in month -N' / 'in month +N'"
        )

    def __str__(self) -> str:
        if self.kind is StepDueKind.ANCHOR:
            return "on anchor"
        if self.kind is StepDueKind.IN_MONTH:
            words = {0: "the month", -1: "the month before", 1: "the month after"}
            return f"in {words.get(self.n, f'month {self.n:+d}')}"
        unit = "month" if self.months else "workday" if self.workdays else "day"
        return f"{self.n} {unit}{'s' if self.n != 1 else ''} {self.kind.value}"

    def due(self, anchor: date, calendar: WorkCalendar) -> date:
        if self.kind is StepDueKind.ANCHOR:
            return anchor
        if self.kind is StepDueKind.IN_MONTH:
            index = anchor.year * 12 + anchor.month - 1 + self.n
            end = clamped(index // 12, index % 12 + 1, 31)
            return calendar.previous_working_day(end)
        sign = -1 if self.kind is StepDueKind.BEFORE else 1
        if self.workdays:
            return calendar.add_working_days(anchor, sign * self.n)
        if self.months:
            index = anchor.year * 12 + anchor.month - 1 + sign * self.n
            day = clamped(index // 12, index % 12 + 1, anchor.day)
        else:
            day = anchor + timedelta(days=sign * self.n)
        return calendar.previous_working_day(day) if sign < 0 else calendar.shift(day)


ON_ANCHOR = StepDue(StepDueKind.ANCHOR)
