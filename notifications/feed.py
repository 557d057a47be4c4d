"""A calendar feed as iCalendar (RFC 5545), written by the `icalendar` library. Pure.

The events are plain data (`obligations.feeds` makes them); this module only knows their
shape. Catalogue text is untrusted: the library escapes commas, semicolons, backslashes and
newlines in TEXT values and folds long lines, so a summary cannot open a property or a
component of its own; control characters other than the newline are dropped first (a bare CR
would otherwise survive as one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Protocol

from icalendar import Alarm, Calendar, Event, vDatetime

BUSINESS_ZONE = "Asia/Ho_Chi_Minh"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class AlarmData(Protocol):
    @property
    def at(self) -> datetime: ...
    @property
    def description(self) -> str: ...


class EventData(Protocol):
    @property
    def uid(self) -> str: ...
    @property
    def day(self) -> date: ...
    @property
    def summary(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def categories(self) -> Sequence[str]: ...
    @property
    def alarms(self) -> Sequence[AlarmData]: ...


def clean(text: str) -> str:
    """Text safe for a TEXT value: CRLF and CR made newlines, other control characters gone."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def to_ical(events: Sequence[EventData], *, name: str, stamp: datetime) -> bytes:
    """An iCalendar file of all-day events with their alarms.

    `stamp` (an aware instant) is the DTSTAMP RFC 5545 requires; the caller gives it so that
    the same inputs make the same file.
    """
    cal = Calendar()
    cal.add("prodid", "-//dondoc//lịch đôn đốc//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", " ".join(clean(name).split()))  # one line: not a TEXT value
    cal.add("x-wr-timezone", BUSINESS_ZONE)
    for data in events:
        event = Event()
        event.add("uid", clean(data.uid))
        event.add("dtstamp", stamp)
        event.add("dtstart", data.day)
        event.add("dtend", data.day + timedelta(days=1))  # DTEND of an all-day event is exclusive
        event.add("summary", clean(data.summary))
        event.add("description", clean(data.description))
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        if data.categories:
            event.add("categories", [clean(c) for c in data.categories])
        for alarm_data in data.alarms:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", clean(alarm_data.description))
            # An absolute trigger: the reminder day is a working day the policy chose, not a
            # fixed offset from the event.
            alarm.add("trigger", vDatetime(alarm_data.at), parameters={"VALUE": "DATE-TIME"})
            event.add_component(alarm)
        cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical
