"""The days dondoc's calendars cover: the lunar table (calendars/_lunar_table.py) spans solar
1900–2199, and a date outside cannot be expanded or shifted."""

from __future__ import annotations

from datetime import date

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


def outside_calendar(day: date) -> str | None:
    """Why `day` is outside the calendars (None when it is inside)."""
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return (
        f"{day.isoformat()} is outside the calendar dondoc knows "
        f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})"
    )
