"""When a message may go out: inside office hours on a working day, Vietnam time — pure.

A reminder queued on a Sunday, at night or during Tết waits for the next working morning: a
provincial committee's clerk reads it at the start of the day, not at 22:00 on a holiday.
Instants are UTC (aware); office hours are read in the business timezone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BUSINESS_TZ = "Asia/Ho_Chi_Minh"
LOOK_AHEAD = 400  # days searched for a working day: far beyond any run of days off


@dataclass(frozen=True)
class OfficeHours:
    start: time = time(7, 30)
    end: time = time(17, 0)
    tz: str = BUSINESS_TZ

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError("office hours end after they start")
        ZoneInfo(self.tz)  # an unknown zone is refused here, not at the first message


def _local(now_utc: datetime, hours: OfficeHours) -> datetime:
    if now_utc.tzinfo is None or now_utc.utcoffset() is None:
        raise ValueError("give an aware instant (UTC), not a naive one")
    return now_utc.astimezone(ZoneInfo(hours.tz))


def in_office_hours(
    now_utc: datetime,
    is_working_day: Callable[[date], bool],
    hours: OfficeHours = OfficeHours(),
) -> bool:
    """Whether `now_utc` falls inside office hours on a working day (the end excluded)."""
    local = _local(now_utc, hours)
    return is_working_day(local.date()) and hours.start <= local.time() < hours.end


def next_send_at(
    now_utc: datetime,
    is_working_day: Callable[[date], bool],
    hours: OfficeHours = OfficeHours(),
) -> datetime:
    """`now_utc` itself inside office hours on a working day; else the start of the next
    office hours (later the same working day, or the next working day's), in UTC."""
    if in_office_hours(now_utc, is_working_day, hours):
        return now_utc.astimezone(UTC)
    zone = ZoneInfo(hours.tz)
    local = _local(now_utc, hours)
    day = local.date()
    if local.time() >= hours.start:  # today's hours are over (or today is a day off)
        day += timedelta(days=1)
    for _ in range(LOOK_AHEAD):
        if is_working_day(day):
            return datetime.combine(day, hours.start, zone).astimezone(UTC)
        day += timedelta(days=1)
    raise ValueError(f"no working day within {LOOK_AHEAD} days of {local.date().isoformat()}")
