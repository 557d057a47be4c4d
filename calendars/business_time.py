"""Business time: instants in Asia/Ho_Chi_Minh and the business day they fall on (pendulum).

Instants are stored in UTC; the office works in Vietnamese time. Nothing here reads the
clock: `now_utc` and `today` are for the edges (commands, flows) that are allowed to.

>>> business_date(pendulum.datetime(2024, 1, 31, 17, 30, tz="UTC"))   # 00:30 on 1 February
datetime.date(2024, 2, 1)
>>> local(datetime(2024, 1, 12, 10, 0)).isoformat()   # a naive time is Vietnamese
'2024-01-12T10:00:00+07:00'
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pendulum

BUSINESS_ZONE = "Asia/Ho_Chi_Minh"
BUSINESS_TZ = pendulum.timezone(BUSINESS_ZONE)


def business_date(instant: datetime) -> date:
    """The calendar day of an aware instant in Vietnam (a plain `date`, not pendulum's)."""
    if instant.tzinfo is None:
        raise ValueError("an instant needs a time zone")
    # astimezone, not pendulum's in_timezone: a scheduled run's start time is Prefect's own
    # pendulum subclass, whose pendulum-only members are deprecated (and warn).
    there = instant.astimezone(BUSINESS_TZ)
    return date(there.year, there.month, there.day)


def local(value: datetime) -> pendulum.DateTime:
    """An instant in Vietnamese time; a naive date-time is read as Vietnamese time."""
    if value.tzinfo is None:
        return pendulum.instance(value, tz=BUSINESS_TZ)
    return pendulum.instance(value).in_timezone(BUSINESS_TZ)


def at(day: date, hour: int = 0, minute: int = 0) -> pendulum.DateTime:
    """An instant of a business day, Vietnamese time."""
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=BUSINESS_TZ)


def later(instant: datetime, delta: timedelta) -> pendulum.DateTime:
    """`instant` + `delta` as absolute time (a lease, a retry), whatever the zone's offsets."""
    return pendulum.instance(instant).add(seconds=delta.total_seconds())


def now_utc() -> pendulum.DateTime:
    """The current instant, UTC — for commands and flows only."""
    return pendulum.now("UTC")


def today() -> date:
    """Today in Vietnam — for commands only (a flow takes its run's scheduled day)."""
    return pendulum.today(tz=BUSINESS_TZ).date()
