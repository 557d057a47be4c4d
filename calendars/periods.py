"""Reporting periods, their Decree 09/2019 data windows and their Vietnamese labels.

Decree 09/2019/NĐ-CP, Art. 12 sets the data cut-off ("thời gian chốt số liệu"): a period's data
runs from the 15th of the month before the period's first month to the 14th of its last month.
The 9-month period is not in the Decree; provinces add it with the same rule (15 Dec – 14 Sep).
Sector variants (inspection: 16th – 15th) and plain calendar windows are data per obligation:
see `Window`.

>>> p = Period.parse(PeriodKind.QUARTERLY, "2026-Q1")
>>> p.label, p.window()
('Quý I/2026', (datetime.date(2025, 12, 15), datetime.date(2026, 3, 14)))
>>> Period.parse(PeriodKind.MONTHLY, "2026-03").window()
(datetime.date(2026, 2, 15), datetime.date(2026, 3, 14))
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import ClassVar

ROMAN = ("I", "II", "III", "IV")


class PeriodKind(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half-yearly"
    NINE_MONTHS = "nine-months"
    YEARLY = "yearly"


class PeriodError(ValueError):
    """A period key or window that cannot exist."""


# How many periods of each kind a year has: the one table every layer uses.
PERIODS_PER_YEAR: dict[PeriodKind, int] = {
    PeriodKind.MONTHLY: 12,
    PeriodKind.QUARTERLY: 4,
    PeriodKind.HALF_YEARLY: 2,
    PeriodKind.NINE_MONTHS: 1,
    PeriodKind.YEARLY: 1,
}


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def clamped(year: int, month: int, day: int) -> date:
    """The given day of the month, or the month's last day when the month is shorter.

    >>> clamped(2025, 2, 31), clamped(2024, 2, 31)
    (datetime.date(2025, 2, 28), datetime.date(2024, 2, 29))
    """
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: a month, a quarter, a half-year, the first nine months, a year.

    `index` is the month (1–12), the quarter (1–4) or the half (1–2); it is 1 for the
    nine-month and yearly kinds.
    """

    year: int
    kind: PeriodKind
    index: int = 1

    _KEY_PATTERNS: ClassVar[dict[PeriodKind, re.Pattern[str]]] = {
        PeriodKind.MONTHLY: re.compile(r"(\d{4})-(\d{2})"),
        PeriodKind.QUARTERLY: re.compile(r"(\d{4})-Q([1-4])"),
        PeriodKind.HALF_YEARLY: re.compile(r"(\d{4})-H([12])"),
        PeriodKind.NINE_MONTHS: re.compile(r"(\d{4})-9M()"),
        PeriodKind.YEARLY: re.compile(r"(\d{4})()"),
    }

    def __post_init__(self) -> None:
        if not 1 <= self.index <= PERIODS_PER_YEAR[self.kind]:
            raise PeriodError(f"{self.kind} period index must be 1..{PERIODS_PER_YEAR[self.kind]}")
        if not 1 <= self.year <= 9998:
            raise PeriodError(f"year {self.year} is out of range")

    @classmethod
    def parse(cls, kind: PeriodKind | str, key: str) -> Period:
        """Parse a key: `2026-03`, `2026-Q1`, `2026-H2`, `2026-9M`, `2026`."""
        kind = PeriodKind(kind)
        match = cls._KEY_PATTERNS[kind].fullmatch(key.strip())
        if match is None:
            examples = {
                PeriodKind.MONTHLY: "2026-03",
                PeriodKind.QUARTERLY: "2026-Q1",
                PeriodKind.HALF_YEARLY: "2026-H1",
                PeriodKind.NINE_MONTHS: "2026-9M",
                PeriodKind.YEARLY: "2026",
            }
            raise PeriodError(f"{key!r} is not a {kind} period key (like {examples[kind]})")
        year, index = match.groups()
        return cls(int(year), kind, int(index) if index else 1)

    @classmethod
    def containing(cls, kind: PeriodKind | str, day: date) -> Period:
        """The period of this kind whose calendar span contains `day`.

        The nine-month period only contains January–September.
        """
        kind = PeriodKind(kind)
        if kind is PeriodKind.MONTHLY:
            return cls(day.year, kind, day.month)
        if kind is PeriodKind.QUARTERLY:
            return cls(day.year, kind, (day.month - 1) // 3 + 1)
        if kind is PeriodKind.HALF_YEARLY:
            return cls(day.year, kind, 1 if day.month <= 6 else 2)
        if kind is PeriodKind.NINE_MONTHS and day.month > 9:
            raise PeriodError(f"{day.isoformat()} is not in the first nine months of its year")
        return cls(day.year, kind)

    @property
    def key(self) -> str:
        if self.kind is PeriodKind.MONTHLY:
            return f"{self.year:04d}-{self.index:02d}"
        if self.kind is PeriodKind.QUARTERLY:
            return f"{self.year:04d}-Q{self.index}"
        if self.kind is PeriodKind.HALF_YEARLY:
            return f"{self.year:04d}-H{self.index}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"{self.year:04d}-9M"
        return f"{self.year:04d}"

    @property
    def label(self) -> str:
        """The Vietnamese name used on documents: "Tháng 3/2026", "Quý I/2026" …"""
        if self.kind is PeriodKind.MONTHLY:
            return f"Tháng {self.index}/{self.year}"
        if self.kind is PeriodKind.QUARTERLY:
            return f"Quý {ROMAN[self.index - 1]}/{self.year}"
        if self.kind is PeriodKind.HALF_YEARLY:
            half = "đầu" if self.index == 1 else "cuối"
            return f"6 tháng {half} năm {self.year}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"9 tháng năm {self.year}"
        return f"Năm {self.year}"

    @property
    def first_month(self) -> tuple[int, int]:
        """(year, month) of the period's first calendar month."""
        if self.kind is PeriodKind.MONTHLY:
            return self.year, self.index
        if self.kind is PeriodKind.QUARTERLY:
            return self.year, 3 * self.index - 2
        if self.kind is PeriodKind.HALF_YEARLY:
            return self.year, 6 * self.index - 5
        return self.year, 1

    @property
    def last_month(self) -> tuple[int, int]:
        """(year, month) of the period's last calendar month."""
        if self.kind is PeriodKind.MONTHLY:
            return self.year, self.index
        if self.kind is PeriodKind.QUARTERLY:
            return self.year, 3 * self.index
        if self.kind is PeriodKind.HALF_YEARLY:
            return self.year, 6 * self.index
        if self.kind is PeriodKind.NINE_MONTHS:
            return self.year, 9
        return self.year, 12

    @property
    def start(self) -> date:
        """First day of the calendar span (1 Jan for Q1)."""
        return date(*self.first_month, 1)

    @property
    def end(self) -> date:
        """Last day of the calendar span (31 Mar for Q1)."""
        year, month = self.last_month
        return clamped(year, month, 31)

    def window(self, rule: Window | None = None) -> tuple[date, date]:
        """The data window (start, end), inclusive; Decree 09 unless `rule` says otherwise."""
        return (rule or DECREE_09).window(self)

    def next(self) -> Period:
        count = PERIODS_PER_YEAR[self.kind]
        if self.index < count:
            return Period(self.year, self.kind, self.index + 1)
        return Period(self.year + 1, self.kind, 1)

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.year, self.kind, self.index - 1)
        return Period(self.year - 1, self.kind, PERIODS_PER_YEAR[self.kind])


def periods_between(kind: PeriodKind | str, first: date, last: date) -> list[Period]:
    """Every period of `kind` whose calendar span overlaps [first, last], in order."""
    kind = PeriodKind(kind)
    if last < first:
        return []
    found: list[Period] = []
    nine = kind is PeriodKind.NINE_MONTHS
    period = Period(first.year, kind) if nine else Period.containing(kind, first)
    while period.start <= last:
        if period.end >= first:
            found.append(period)
        period = period.next()
    return found


@dataclass(frozen=True)
class Window:
    """How a period's data window is cut.

    - `decree-09` (default): from the day after `cutoff_day` (14) of the month before the
      period to `cutoff_day` of its last month;
    - `cutoff N`: the same with another day, e.g. `cutoff 15` for inspection's 16th–15th;
    - `calendar`: the calendar span (1st to the last day);
    - `D/M to D/M`: an explicit yearly window, for reports compiled before the year closes
      (e.g. `15/12 to 14/11`); the start is in the previous year when it falls after the end.
    """

    cutoff_day: int | None = 14
    explicit: tuple[int, int, int, int] | None = None  # start day, start month, end day, end month

    _EXPLICIT: ClassVar[re.Pattern[str]] = re.compile(r"(\d{1,2})/(\d{1,2}) to (\d{1,2})/(\d{1,2})")

    @classmethod
    def parse(cls, text: str) -> Window:
        words = " ".join(text.split())
        if words == "decree-09":
            return DECREE_09
        if words == "calendar":
            return cls(cutoff_day=None)
        if match := re.fullmatch(r"cutoff (\d{1,2})", words):
            day = int(match.group(1))
            if not 1 <= day <= 28:
                raise PeriodError(f"a cut-off day must be 1..28, not {day}")
            return cls(cutoff_day=day)
        if match := cls._EXPLICIT.fullmatch(words):
            sd, sm, ed, em = (int(g) for g in match.groups())
            for day, month in ((sd, sm), (ed, em)):
                if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2001, month)[1]:
                    raise PeriodError(f"{day}/{month} is not a day of the year")
            return cls(cutoff_day=None, explicit=(sd, sm, ed, em))
        raise PeriodError(
            f"unknown window {text!r}: use 'decree-09', 'calendar', 'cutoff N' or 'D/M to D/M'"
        )

    def __str__(self) -> str:
        if self.explicit is not None:
            sd, sm, ed, em = self.explicit
            return f"{sd}/{sm} to {ed}/{em}"
        if self.cutoff_day is None:
            return "calendar"
        return "decree-09" if self.cutoff_day == 14 else f"cutoff {self.cutoff_day}"

    def window(self, period: Period) -> tuple[date, date]:
        if self.explicit is not None:
            sd, sm, ed, em = self.explicit
            end = date(period.year, em, ed)
            start = date(period.year, sm, sd)
            if start > end:
                start = date(period.year - 1, sm, sd)
            return start, end
        if self.cutoff_day is None:
            return period.start, period.end
        end = clamped(*period.last_month, self.cutoff_day)
        before = _add_months(*period.first_month, -1)
        # the day after the previous window's end: with cut-off 28, 1 March in a common year
        start = clamped(*before, self.cutoff_day) + timedelta(days=1)
        return start, end


DECREE_09 = Window(cutoff_day=14)


@dataclass(frozen=True, order=True)
class PartyTerm:
    """A five-year Party term ("nhiệm kỳ"), e.g. 2020–2025.

    Congresses are held during the first and the last year, so a calendar year belongs to
    the term that *starts* in or before it: 2025 is in 2025–2030 (the congresses of 2025
    open it). The mid-term review ("sơ kết giữa nhiệm kỳ") falls in the third year: 2023 for
    2020–2025, as seed 000 schedules it ("giữa giai đoạn 2021-2023").
    """

    start_year: int
    length: int = 5

    @classmethod
    def parse(cls, key: str) -> PartyTerm:
        match = re.fullmatch(r"(\d{4})\s*[-–]\s*(\d{4})", key.strip())
        if match is None:
            raise PeriodError(f"{key!r} is not a term like 2020-2025")
        start, end = int(match.group(1)), int(match.group(2))
        if end <= start:
            raise PeriodError(f"term {key!r} ends before it starts")
        return cls(start, end - start)

    @classmethod
    def of_year(cls, year: int, first_start: int = 2020, length: int = 5) -> PartyTerm:
        """The term that contains `year`, counting terms of `length` years from `first_start`."""
        return cls(first_start + (year - first_start) // length * length, length)

    @property
    def end_year(self) -> int:
        return self.start_year + self.length

    @property
    def key(self) -> str:
        return f"{self.start_year}-{self.end_year}"

    @property
    def label(self) -> str:
        return f"Nhiệm kỳ {self.start_year}–{self.end_year}"

    @property
    def mid_term_year(self) -> int:
        return self.start_year + (self.length + 1) // 2

    @property
    def mid_term_label(self) -> str:
        return f"Giữa nhiệm kỳ {self.start_year}–{self.end_year}"

    def next(self) -> PartyTerm:
        return PartyTerm(self.end_year, self.length)
