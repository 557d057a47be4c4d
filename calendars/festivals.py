"""Religious and ethnic festivals: each one a recurrence rule plus published exceptions.

The catalogue itself is data (`plans/calendar/festivals.yaml`, read by the obligations loader);
this module only evaluates it. A festival's date in a year is its rule's occurrence, unless an
override for that year says otherwise (a Khmer New Year announced as 13–15/4, say).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event

from calendars.recurrence import Occurrence, Rule


@dataclass(frozen=True)
class FestivalOverride:
    year: int
    start: date
    end: date
    ceremony: date | None = None
    source: str = ""


@dataclass(frozen=True)
class Festival:
    id: str
    name: str
    religion: str
    rule: Rule
    note: str = ""
    source: str = ""
    overrides: tuple[FestivalOverride, ...] = field(default=())

    def occurrences(self, year: int) -> list[Occurrence]:
        """This festival's occurrences that start in the solar `year`."""
        for override in self.overrides:
            if override.year == year:
                ceremony = override.ceremony or override.start
                return [Occurrence(override.start, override.end, ceremony, str(year))]
        return self.rule.occurrences(year)


@dataclass(frozen=True)
class FestivalDay:
    festival: Festival
    occurrence: Occurrence

    def as_json(self) -> dict[str, Any]:
        """The stable JSON shape of `dondoc calendar festivals YEAR --json`."""
        return {
            "id": self.festival.id,
            "name": self.festival.name,
            "religion": self.festival.religion,
            "start": self.occurrence.start.isoformat(),
            "end": self.occurrence.end.isoformat(),
            "ceremony": self.occurrence.ceremony.isoformat(),
            "rule": str(self.festival.rule),
        }


def festivals_in_year(festivals: list[Festival], year: int) -> list[FestivalDay]:
    """Every festival occurrence starting in `year`, by date then id."""
    days = [FestivalDay(f, occ) for f in festivals for occ in f.occurrences(year)]
    return sorted(days, key=lambda d: (d.occurrence.start, d.festival.id))


def to_ical(days: list[FestivalDay], *, calendar_name: str, stamp: datetime) -> bytes:
    """An iCalendar file of festival days, as all-day events.

    `stamp` (an aware instant) is the DTSTAMP RFC 5545 requires; the caller gives it so that
    the same inputs make the same file.
    """
    cal = Calendar()
    cal.add("prodid", "-//dondoc//lễ trọng tôn giáo, dân tộc//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", calendar_name)
    for day in days:
        occ = day.occurrence
        event = Event()
        # A stable UID lets a calendar client update the event when the file is imported again.
        event.add("uid", f"{day.festival.id}-{occ.start.isoformat()}@dondoc")
        event.add("dtstamp", stamp)
        event.add("summary", day.festival.name)
        event.add("dtstart", occ.start)
        event.add("dtend", occ.end + timedelta(days=1))  # DTEND of an all-day event is exclusive
        description = [f"Tôn giáo / dân tộc: {day.festival.religion}"]
        if occ.ceremony != occ.start:
            description.append(f"Cử hành lễ: {occ.ceremony.strftime('%d/%m/%Y')}")
        if day.festival.note:
            description.append(day.festival.note)
        event.add("description", "\n".join(description))
        event.add("categories", [day.festival.religion])
        cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical
