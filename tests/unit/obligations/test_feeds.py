"""Calendar feeds from the Tây Ninh 2024 plan (seed 003), parsed back with `icalendar`: the
lunar festivals already on their solar days, the monthly reports on their working days, alarms
on the days the chase policy reminds, UIDs that do not move, a unit's feed only its own."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from icalendar import Calendar

from notifications.feed import to_ical
from obligations.feeds import OFFICE, FeedAlarm, FeedError, FeedEvent, feed_of
from obligations.loader import Catalogue, catalogue_files, load_catalogue
from tests.conftest import PLANS

YEAR_2024 = (date(2024, 1, 1), date(2024, 12, 31))
STAMP = datetime(2024, 1, 2, 3, 4, tzinfo=UTC)


@pytest.fixture(scope="module")
def tay_ninh() -> Catalogue:
    return load_catalogue([PLANS / "tay-ninh-2024.yaml", *catalogue_files(PLANS / "calendar")])


def exported(catalogue: Catalogue, unit: str, first: date, last: date) -> Calendar:
    feed = feed_of(catalogue, unit, first, last)
    return Calendar.from_ical(to_ical(feed.events, name=feed.name, stamp=STAMP))


def events(cal: Calendar) -> list:  # type: ignore[type-arg]
    return list(cal.walk("VEVENT"))


def uid(event) -> str:  # type: ignore[no-untyped-def]
    return str(event["UID"])


def day(event) -> date:  # type: ignore[no-untyped-def]
    value = event.decoded("DTSTART")
    assert isinstance(value, date)
    assert not isinstance(value, datetime)
    return value


def test_the_feed_names_itself_and_its_time_zone(tay_ninh: Catalogue) -> None:
    cal = exported(tay_ninh, "tn-mttq", *YEAR_2024)
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    assert str(cal["X-WR-CALNAME"]) == (
        "Lịch đôn đốc – Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Tây Ninh"
    )


def test_lunar_festivals_are_on_their_solar_days_in_the_offices_feed(tay_ninh: Catalogue) -> None:
    # Tết Nguyên đán Giáp Thìn (mùng 1 tháng Giêng) = 10/02/2024 and Vu Lan (15/7 âm lịch
    # Giáp Thìn) = 18/08/2024: the Vietnamese lunar calendar as published (lịch vạn niên of the
    # Viện Khoa học Việt Nam; seed 003 gives both days), not computed here.
    by_uid = {uid(e): e for e in events(exported(tay_ninh, OFFICE, *YEAR_2024))}
    tet = by_uid["tay-ninh-2024/tn-tham-tet-nguyen-dan/2024@dondoc"]
    assert day(tet) == date(2024, 2, 10)
    assert "Tết Nguyên đán Giáp Thìn 2024" in str(tet["SUMMARY"])
    assert day(by_uid["tay-ninh-2024/tn-du-le-vu-lan/2024@dondoc"]) == date(2024, 8, 18)
    # Its visit the plan chose 10 days before Tết: 31/01/2024.
    visit = by_uid["tay-ninh-2024/tn-tham-tet-nguyen-dan/2024/visit@dondoc"]
    assert day(visit) == date(2024, 1, 31)


def test_tet_at_ty_falls_on_29_january_2025(tay_ninh: Catalogue) -> None:
    # Mùng 1 Tết Ất Tỵ = 29/01/2025: Thông báo 6150/TB-BLĐTBXH (lịch nghỉ Tết 2025).
    cal = exported(tay_ninh, OFFICE, date(2025, 1, 1), date(2025, 12, 31))
    tet = [e for e in events(cal) if uid(e) == "tay-ninh-2024/tn-tham-tet-nguyen-dan/2025@dondoc"]
    assert [day(e) for e in tet] == [date(2025, 1, 29)]


def test_the_fronts_monthly_reports_are_due_on_the_18th_or_the_next_working_day(
    tay_ninh: Catalogue,
) -> None:
    cal = exported(tay_ninh, "tn-mttq", *YEAR_2024)
    reports = sorted(
        day(e)
        for e in events(cal)
        if uid(e).startswith("tay-ninh-2024/tn-bc-dan-van-thang/") and "/report/" in uid(e)
    )
    # Seed 003: months 1, 2, 4, 5, 7, 8, 10, by the 18th. 18/2 is a Sunday, 18/4 Giỗ Tổ Hùng
    # Vương (10/3 âm lịch), 18/5 a Saturday, 18/8 a Sunday.
    assert reports == [
        date(2024, 1, 18),
        date(2024, 2, 19),
        date(2024, 4, 19),
        date(2024, 5, 20),
        date(2024, 7, 18),
        date(2024, 8, 19),
        date(2024, 10, 18),
    ]


def alarm_days(event) -> list[datetime]:  # type: ignore[no-untyped-def]
    return [a.decoded("TRIGGER") for a in event.walk("VALARM")]


def test_alarms_ring_at_730_on_the_reminder_days_moved_off_weekends_and_tet(
    tay_ninh: Catalogue,
) -> None:
    by_uid = {uid(e): e for e in events(exported(tay_ninh, "tn-mttq", *YEAR_2024))}
    january = by_uid["tay-ninh-2024/tn-bc-dan-van-thang/2024-01/report/tn-mttq@dondoc"]
    # Opens 08/01; 7, 3, 1 days before 18/01 and the day itself, 07:30 in Hà Nội = 00:30 UTC.
    assert alarm_days(january) == [
        datetime(2024, 1, d, 0, 30, tzinfo=UTC) for d in (8, 11, 15, 17, 18)
    ]
    february = by_uid["tay-ninh-2024/tn-bc-dan-van-thang/2024-02/report/tn-mttq@dondoc"]
    # Due Monday 19/02. Tết days off 08–14/02/2024 (Thông báo 7068/TB-BLĐTBXH): 7 days before
    # (12/02) moves to 07/02, the opening day itself; 3 days before is Friday 16/02, and 1 day
    # before (Sunday 18/02) moves to 16/02 too — one alarm, the nearer one.
    assert alarm_days(february) == [
        datetime(2024, 2, 7, 0, 30, tzinfo=UTC),
        datetime(2024, 2, 16, 0, 30, tzinfo=UTC),
        datetime(2024, 2, 19, 0, 30, tzinfo=UTC),
    ]
    assert [str(a["DESCRIPTION"]) for a in february.walk("VALARM")][1] == (
        "Còn 1 ngày đến hạn: Báo cáo công tác dân vận tháng (19/02/2024)"
    )


def test_uids_are_the_same_in_two_exports_and_unique_in_one(tay_ninh: Catalogue) -> None:
    feed = feed_of(tay_ninh, OFFICE, *YEAR_2024)
    first = to_ical(feed.events, name=feed.name, stamp=STAMP)
    later = feed_of(tay_ninh, OFFICE, *YEAR_2024)
    second = to_ical(later.events, name=later.name, stamp=datetime(2024, 6, 1, tzinfo=UTC))
    uids = [uid(e) for e in events(Calendar.from_ical(first))]
    assert uids == [uid(e) for e in events(Calendar.from_ical(second))]
    assert len(uids) == len(set(uids)) > 200


def test_a_units_feed_holds_only_the_steps_it_owes(tay_ninh: Catalogue) -> None:
    cal = exported(tay_ninh, "tn-hnd", *YEAR_2024)
    steps = [e for e in events(cal) if str(e["DESCRIPTION"]).startswith("Việc:")]
    assert steps
    assert all(uid(e).endswith("/tn-hnd@dondoc") for e in steps)
    assert all("(tn-hnd)" in str(e["DESCRIPTION"]) for e in steps)
    assert not any("tn-mttq" in str(e["DESCRIPTION"]) for e in events(cal))
    # The Ban's own visits are not the Farmers' Union's.
    assert not any("tn-tham-tet-nguyen-dan" in uid(e) for e in events(cal))


def test_the_office_feed_has_one_event_per_step_naming_every_owing_unit(
    tay_ninh: Catalogue,
) -> None:
    by_uid = {uid(e): e for e in events(exported(tay_ninh, "tn-bdv", *YEAR_2024))}
    january = by_uid["tay-ninh-2024/tn-bc-dan-van-thang/2024-01/report@dondoc"]
    text = str(january["DESCRIPTION"])
    assert "(tn-mttq)" in text
    assert "(tn-hnd)" in text
    assert "(tn-bdv-go-dau)" in text


def test_an_unknown_unit_is_refused_with_the_nearest_codes(tay_ninh: Catalogue) -> None:
    with pytest.raises(FeedError, match=r"'tn-mtq'.*tn-mttq"):
        feed_of(tay_ninh, "tn-mtq", *YEAR_2024)


HOSTILE = 'Báo cáo, tháng; 1\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:pwn\\n"x"\rEND:VCALENDAR\x00\x07'


def test_hostile_text_cannot_break_the_files_structure() -> None:
    alarm = FeedAlarm(datetime(2024, 1, 8, 0, 30, tzinfo=UTC), HOSTILE)
    event = FeedEvent("a/b/c@dondoc", date(2024, 1, 18), HOSTILE, HOSTILE, (HOSTILE,), (alarm,))
    data = to_ical([event], name=HOSTILE, stamp=STAMP)
    lines = data.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == 1
    assert lines.count(b"END:VEVENT") == 1
    assert lines.count(b"END:VCALENDAR") == 1
    assert lines[-2] == b"END:VCALENDAR"
    assert not any(b"\r" in line or b"\n" in line or b"\x00" in line for line in lines)
    cal = Calendar.from_ical(data)
    assert str(cal["X-WR-CALNAME"]).startswith("Báo cáo, tháng; 1 END:VEVENT BEGIN:VEVENT")
    (parsed,) = events(cal)
    assert uid(parsed) == "a/b/c@dondoc"
    expected = 'Báo cáo, tháng; 1\nEND:VEVENT\nBEGIN:VEVENT\nUID:pwn\\n"x"\nEND:VCALENDAR'
    assert str(parsed["SUMMARY"]) == expected
    assert str(parsed["DESCRIPTION"]) == expected


def test_hostile_catalogue_text_reaches_the_file_escaped(tmp_path: Path) -> None:
    plan = (PLANS / "tay-ninh-2024.yaml").read_text(encoding="utf-8")
    hostile = plan.replace(
        "name: Báo cáo công tác dân vận tháng\n",
        'name: "Báo cáo; tháng, 1\\r\\nEND:VEVENT\\r\\nBEGIN:VALARM"\n',
        1,
    )
    assert hostile != plan
    (tmp_path / "plan.yaml").write_text(hostile, encoding="utf-8")
    catalogue = load_catalogue([tmp_path / "plan.yaml", *catalogue_files(PLANS / "calendar")])
    feed = feed_of(catalogue, "tn-mttq", date(2024, 1, 1), date(2024, 1, 31))
    data = to_ical(feed.events, name=feed.name, stamp=STAMP)
    lines = data.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == lines.count(b"END:VEVENT") == len(feed.events) == 2
    summaries = {str(e["SUMMARY"]) for e in events(Calendar.from_ical(data))}
    assert "Hạn: Báo cáo; tháng, 1\nEND:VEVENT\nBEGIN:VALARM – Tháng 1/2024" in summaries


def test_alarms_ring_at_the_office_hours_start_given(tay_ninh: Catalogue) -> None:
    feed = feed_of(tay_ninh, "tn-mttq", date(2024, 1, 1), date(2024, 1, 31), alarm_at=time(8, 0))
    (january,) = [e for e in feed.events if e.uid.endswith("/2024-01/report/tn-mttq@dondoc")]
    assert january.alarms[-1].at == datetime(2024, 1, 18, 1, 0, tzinfo=UTC)  # 08:00 in Vietnam
