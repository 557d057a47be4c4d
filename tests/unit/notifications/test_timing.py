"""Office hours — `notifications.timing`, pure: a message waits for the next working morning,
on the working-day calendar the repository ships (plans/calendar/workdays-vn.yaml)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from calendars.workdays import WorkCalendar
from notifications.timing import OfficeHours, in_office_hours, next_send_at
from obligations.loader import load_catalogue
from tests.conftest import ROOT

VN = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return load_catalogue([ROOT / "plans" / "calendar" / "workdays-vn.yaml"]).calendar


def vn(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def test_a_sunday_morning_waits_for_monday_at_half_past_seven(calendar: WorkCalendar) -> None:
    sent = next_send_at(vn(2024, 1, 21, 10, 0), calendar.is_working_day)
    assert sent == datetime(2024, 1, 22, 0, 30, tzinfo=UTC)
    assert sent.tzinfo is UTC


def test_friday_evening_waits_for_monday(calendar: WorkCalendar) -> None:
    sent = next_send_at(vn(2024, 1, 19, 17, 30), calendar.is_working_day)
    assert sent == datetime(2024, 1, 22, 0, 30, tzinfo=UTC)


def test_tet_waits_for_the_first_working_day_after_it(calendar: WorkCalendar) -> None:
    assert not calendar.is_working_day(date(2024, 2, 14))  # the last day off of Tết Giáp Thìn
    sent = next_send_at(vn(2024, 2, 8, 9, 0), calendar.is_working_day)
    assert sent == datetime(2024, 2, 15, 0, 30, tzinfo=UTC)


def test_early_on_a_working_day_waits_for_the_office_to_open(calendar: WorkCalendar) -> None:
    sent = next_send_at(vn(2024, 1, 17, 6, 0), calendar.is_working_day)
    assert sent == datetime(2024, 1, 17, 0, 30, tzinfo=UTC)


def test_inside_office_hours_a_message_goes_now(calendar: WorkCalendar) -> None:
    now = datetime(2024, 1, 17, 3, 15, tzinfo=UTC)  # 10:15 in Vietnam
    assert in_office_hours(now, calendar.is_working_day)
    assert next_send_at(now, calendar.is_working_day) == now


def test_office_hours_end_at_five(calendar: WorkCalendar) -> None:
    assert in_office_hours(vn(2024, 1, 17, 16, 59), calendar.is_working_day)
    assert not in_office_hours(vn(2024, 1, 17, 17, 0), calendar.is_working_day)
    sent = next_send_at(vn(2024, 1, 17, 17, 0), calendar.is_working_day)
    assert sent == datetime(2024, 1, 18, 0, 30, tzinfo=UTC)


def test_a_make_up_saturday_is_a_working_day(calendar: WorkCalendar) -> None:
    assert calendar.is_working_day(date(2024, 5, 4))  # for Monday 29/4/2024
    sent = next_send_at(vn(2024, 5, 3, 18, 0), calendar.is_working_day)
    assert sent == datetime(2024, 5, 4, 0, 30, tzinfo=UTC)


def test_other_office_hours_are_kept() -> None:
    hours = OfficeHours(time(8, 0), time(11, 30))
    every_day = lambda day: True  # noqa: E731
    assert next_send_at(vn(2024, 1, 17, 12, 0), every_day, hours) == datetime(
        2024, 1, 18, 1, 0, tzinfo=UTC
    )


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_send_at(datetime(2024, 1, 17, 10, 0), lambda day: True)  # noqa: DTZ001


def test_office_hours_end_after_they_start() -> None:
    with pytest.raises(ValueError, match="end after"):
        OfficeHours(time(17, 0), time(7, 30))
