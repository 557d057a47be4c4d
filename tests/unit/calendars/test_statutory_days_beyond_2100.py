"""The statutory days off over the whole range of the calendars, 1900–2199.

The `holidays` package keeps its own table of lunar dates for 1901–2100 only: outside it, its
Vietnam had no holiday at all, and 1/1/2150 or Tết 2150 were working days in dondoc, whose
calendars (and catalogue dates) run to 2199. `statutory_days_off` keeps the package's rules on
dondoc's lunar table (found by tests/unit/properties/test_calendar_properties.py).
"""

from __future__ import annotations

from datetime import date

import holidays

from calendars.workdays import WorkCalendar, statutory_days_off


def test_new_year_tet_and_national_day_2150_are_days_off() -> None:
    calendar = WorkCalendar()
    # Tết Canh Ngọ 2150 is 29/1/2150 (calendars/lunar.py); 30 Tết is the 28th.
    for day in (date(2150, 1, 1), date(2150, 1, 28), date(2150, 1, 29), date(2150, 9, 2)):
        assert not calendar.is_working_day(day), day
    assert calendar.info(date(2150, 1, 29)).reason == "Tết Nguyên Đán"
    assert calendar.info(date(2150, 4, 7)).reason == "Ngày Giỗ Tổ Hùng Vương"  # lunar 10/3


def test_tet_1900_is_off_though_the_packages_table_begins_in_1901() -> None:
    assert statutory_days_off(1900).get(date(1900, 1, 31)) == "Tết Nguyên Đán"


def test_where_the_package_knows_the_year_its_days_off_are_unchanged() -> None:
    for year in range(1901, 2101, 3):
        ours = statutory_days_off(year)
        theirs = holidays.country_holidays("VN", years=year, language="vi")
        assert sorted(ours.items()) == sorted(theirs.items()), year
        assert sorted(ours.weekend_workdays) == sorted(theirs.weekend_workdays), year
