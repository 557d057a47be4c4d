"""Festival dates from plans/calendar/festivals.yaml, pinned to literal days.

Where the dates come from (each was checked before it was written here, never copied from the
code's output):
- seed 003 (Kế hoạch 100-KH/BDVTU, Tây Ninh, 16/01/2024) for 2024;
- docs/research/festivals.md (§1 table, §3 festival by festival);
- lunar dates: the Vietnamese lunar calendar as computed by lunar_vn (Hồ Ngọc Đức's algorithm,
  UTC+7, an implementation independent of calendars.lunar), day by day for 2019–2030;
- Khmer overrides: Cambodia's official Pchum Ben / Water Festival / Khmer New Year days
  (holidays package, KH), which the YAML cites;
- Easter: the Western computus list in festivals.md §3.11;
- Katê, Ramưwan, Ramadan: the published dates listed in festivals.md §3.13–3.15.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from calendars.festivals import Festival, festivals_in_year, to_ical
from calendars.lunar import leap_month, month_length

D = date
# (festival id, start, end, ceremony) — ceremony differs from start only for the eve rules.
Row = tuple[str, date, date, date]


def row(fid: str, start: date, end: date | None = None, ceremony: date | None = None) -> Row:
    return fid, start, end or start, ceremony or start


def table(festivals: list[Festival], year: int) -> list[Row]:
    return [
        (d.festival.id, d.occurrence.start, d.occurrence.end, d.occurrence.ceremony)
        for d in festivals_in_year(festivals, year)
    ]


def by_id(festivals: list[Festival], fid: str) -> Festival:
    return next(f for f in festivals if f.id == fid)


# ------------------------------------------------------------------ 1. seed 003, year 2024


def test_every_festival_date_of_seed_003_is_what_the_catalogue_gives_for_2024(
    festivals: list[Festival],
) -> None:
    days = {d.festival.id: d.occurrence for d in festivals_in_year(festivals, 2024)}
    # "Báo cáo nhanh … Tết Nguyên đán Giáp Thìn 2024": mùng 1 = 10/02/2024
    assert days["tet-nguyen-dan"].start == D(2024, 2, 10)
    # "tổ chức đoàn dự Đại lễ Đức Chí Tôn … (ngày 17/02/2024)": the ceremony is on mùng 8
    assert days["dai-le-duc-chi-ton"].ceremony == D(2024, 2, 17)
    assert days["dai-le-duc-chi-ton"].start == D(2024, 2, 18)  # 9/1 Giáp Thìn
    # "Tết cổ truyền Chol Chnam Thmay (ngày 14 – 16/4/2024)"
    chol = days["chol-chnam-thmay"]
    assert (chol.start, chol.end) == (D(2024, 4, 14), D(2024, 4, 16))
    # "Đại lễ Phật đản PL 2568 – DL 2024 (ngày 22/5/2024)"
    assert days["phat-dan"].start == D(2024, 5, 22)
    # "Dự lễ Vu Lan … (ngày 18/8/2024)"
    assert days["vu-lan"].start == D(2024, 8, 18)
    # "Đại lễ Hội Yến Diêu Trì Cung năm 2024 (ngày 17/9/2024)"
    assert days["hoi-yen-dieu-tri-cung"].start == D(2024, 9, 17)
    # Sene Dolta "29/8 – 01/9 âm lịch": month 8 of Giáp Thìn has 30 days, so three days
    sene = days["sene-dolta"]
    assert (sene.start, sene.end) == (D(2024, 10, 1), D(2024, 10, 3))
    # "Đại lễ 100 năm Hoằng khai Đại đạo, ngày 15/11/2024"
    assert days["khai-dao-cao-dai"].start == D(2024, 11, 15)
    # "thăm, chúc mừng chức sắc Công giáo và Tin Lành … lễ Giáng sinh (ngày 24/12/2024)"
    assert days["giang-sinh"].ceremony == D(2024, 12, 24)
    assert days["giang-sinh"].start == D(2024, 12, 25)


# ------------------------------------------------------------------ 2. every festival, 2025–2030

FESTIVALS_BY_YEAR: dict[int, list[Row]] = {
    2025: [
        row("tet-nguyen-dan", D(2025, 1, 29)),  # 6150/TB-BLĐTBXH: mùng 1 = 29/01/2025
        row("dai-le-duc-chi-ton", D(2025, 2, 6), ceremony=D(2025, 2, 5)),  # 9/1 Ất Tỵ
        row("ramuwan", D(2025, 2, 26), D(2025, 2, 28)),  # Ninh Thuận, daibieunhandan.vn
        row("chol-chnam-thmay", D(2025, 4, 14), D(2025, 4, 16)),  # vietnamplus.vn
        row("phuc-sinh", D(2025, 4, 20)),
        row("phat-dan", D(2025, 5, 12)),  # phatsuonline.vn 12/5/2025
        row("khai-dao-hoa-hao", D(2025, 6, 13)),  # 18/5 Ất Tỵ
        row("vu-lan", D(2025, 9, 6)),  # 15/7 Ất Tỵ, after the leap 6th month
        row("sene-dolta", D(2025, 9, 21), D(2025, 9, 23)),  # override: Pchum Ben 21–23/9
        row("hoi-yen-dieu-tri-cung", D(2025, 10, 6)),  # vnexpress programme, 15/8 Ất Tỵ
        row("kate", D(2025, 10, 20), D(2025, 10, 22)),  # thanhnien.vn 13/10/2025
        row("ok-om-bok", D(2025, 11, 4), D(2025, 11, 5)),  # override: boat race 4–5/11
        row("khai-dao-cao-dai", D(2025, 12, 4)),  # 15/10 Ất Tỵ falls in December
        row("giang-sinh", D(2025, 12, 25), ceremony=D(2025, 12, 24)),
    ],
    2026: [
        row("dan-sanh-huynh-giao-chu", D(2026, 1, 13)),  # 25/11 Ất Tỵ (festivals.md §3.12)
        row("ramuwan", D(2026, 2, 16), D(2026, 2, 18)),  # Khánh Hòa, vietnamplus.vn
        row("tet-nguyen-dan", D(2026, 2, 17)),  # 9441/TB-BNV: mùng 1 = 17/02/2026
        row("dai-le-duc-chi-ton", D(2026, 2, 25), ceremony=D(2026, 2, 24)),  # §3.2
        row("phuc-sinh", D(2026, 4, 5)),
        row("chol-chnam-thmay", D(2026, 4, 14), D(2026, 4, 16)),
        row("phat-dan", D(2026, 5, 31)),  # 15/4 Bính Ngọ
        row("khai-dao-hoa-hao", D(2026, 7, 2)),  # 18/5 Bính Ngọ
        row("vu-lan", D(2026, 8, 27)),  # 15/7 Bính Ngọ
        row("hoi-yen-dieu-tri-cung", D(2026, 9, 25)),  # 15/8 Bính Ngọ
        row("sene-dolta", D(2026, 10, 10), D(2026, 10, 12)),  # override: Pchum Ben 10–12/10
        row("khai-dao-cao-dai", D(2026, 11, 23)),  # §3.4: Mon 23/11/2026
        row("ok-om-bok", D(2026, 11, 23), D(2026, 11, 24)),  # override: Water Festival 23–24/11
        row("giang-sinh", D(2026, 12, 25), ceremony=D(2026, 12, 24)),
    ],
    2027: [
        row("dan-sanh-huynh-giao-chu", D(2027, 1, 2)),  # 25/11 Bính Ngọ
        row("tet-nguyen-dan", D(2027, 2, 6)),  # 10065/VPCP-KGVX: mùng 1 on Sat 06/02/2027
        row("dai-le-duc-chi-ton", D(2027, 2, 14), ceremony=D(2027, 2, 13)),
        row("phuc-sinh", D(2027, 3, 28)),
        row("chol-chnam-thmay", D(2027, 4, 14), D(2027, 4, 16)),
        row("phat-dan", D(2027, 5, 20)),
        row("khai-dao-hoa-hao", D(2027, 6, 22)),
        row("vu-lan", D(2027, 8, 16)),
        row("hoi-yen-dieu-tri-cung", D(2027, 9, 15)),
        row("sene-dolta", D(2027, 9, 29), D(2027, 10, 1)),  # override: Pchum Ben 29/9–1/10
        row("khai-dao-cao-dai", D(2027, 11, 12)),
        row("ok-om-bok", D(2027, 11, 12), D(2027, 11, 13)),  # override: Water Festival
        row("dan-sanh-huynh-giao-chu", D(2027, 12, 22)),  # 25/11 Đinh Mùi: two in 2027
        row("giang-sinh", D(2027, 12, 25), ceremony=D(2027, 12, 24)),
    ],
    2028: [
        row("tet-nguyen-dan", D(2028, 1, 26)),
        row("dai-le-duc-chi-ton", D(2028, 2, 3), ceremony=D(2028, 2, 2)),
        row("chol-chnam-thmay", D(2028, 4, 14), D(2028, 4, 16)),  # no override (§3.7)
        row("phuc-sinh", D(2028, 4, 16)),
        row("phat-dan", D(2028, 5, 9)),
        row("khai-dao-hoa-hao", D(2028, 6, 10)),  # 18/5 of the regular month (leap 5th follows)
        row("vu-lan", D(2028, 9, 3)),
        row("sene-dolta", D(2028, 9, 17), D(2028, 9, 19)),  # override: Pchum Ben 17–19/9
        row("hoi-yen-dieu-tri-cung", D(2028, 10, 3)),
        row("ok-om-bok", D(2028, 10, 31), D(2028, 11, 1)),  # override: Water Festival
        row("khai-dao-cao-dai", D(2028, 11, 30)),
        row("giang-sinh", D(2028, 12, 25), ceremony=D(2028, 12, 24)),
        # no Đản sanh in 2028: 25/11 Đinh Mùi is 22/12/2027, 25/11 Mậu Thân is 09/01/2029
    ],
    2029: [
        row("dan-sanh-huynh-giao-chu", D(2029, 1, 9)),
        row("tet-nguyen-dan", D(2029, 2, 13)),
        row("dai-le-duc-chi-ton", D(2029, 2, 21), ceremony=D(2029, 2, 20)),
        row("phuc-sinh", D(2029, 4, 1)),
        row("chol-chnam-thmay", D(2029, 4, 14), D(2029, 4, 16)),
        row("phat-dan", D(2029, 5, 27)),
        row("khai-dao-hoa-hao", D(2029, 6, 29)),
        row("vu-lan", D(2029, 8, 24)),
        row("hoi-yen-dieu-tri-cung", D(2029, 9, 22)),
        row("sene-dolta", D(2029, 10, 6), D(2029, 10, 8)),  # the rule; = Pchum Ben 6–8/10
        row("ok-om-bok", D(2029, 11, 19), D(2029, 11, 20)),  # the rule; = Water Festival
        row("khai-dao-cao-dai", D(2029, 11, 20)),
        row("giang-sinh", D(2029, 12, 25), ceremony=D(2029, 12, 24)),
        row("dan-sanh-huynh-giao-chu", D(2029, 12, 29)),
    ],
    2030: [
        row("tet-nguyen-dan", D(2030, 2, 2)),  # Vietnam (UTC+7); China has 3/2/2030
        row("dai-le-duc-chi-ton", D(2030, 2, 10), ceremony=D(2030, 2, 9)),
        row("chol-chnam-thmay", D(2030, 4, 14), D(2030, 4, 16)),
        row("phuc-sinh", D(2030, 4, 21)),
        row("phat-dan", D(2030, 5, 16)),
        row("khai-dao-hoa-hao", D(2030, 6, 18)),
        row("vu-lan", D(2030, 8, 13)),
        row("hoi-yen-dieu-tri-cung", D(2030, 9, 12)),
        row("sene-dolta", D(2030, 9, 25), D(2030, 9, 27)),  # override: Pchum Ben 25–27/9
        row("ok-om-bok", D(2030, 11, 8), D(2030, 11, 9)),  # override: Water Festival
        row("khai-dao-cao-dai", D(2030, 11, 10)),
        row("dan-sanh-huynh-giao-chu", D(2030, 12, 19)),
        row("giang-sinh", D(2030, 12, 25), ceremony=D(2030, 12, 24)),
    ],
}


@pytest.mark.parametrize("year", sorted(FESTIVALS_BY_YEAR))
def test_the_festivals_of_a_year_are_exactly_the_listed_days(
    festivals: list[Festival], year: int
) -> None:
    assert table(festivals, year) == FESTIVALS_BY_YEAR[year]


@pytest.mark.parametrize(
    ("fid", "years_with_data"),
    [
        ("kate", {2020, 2021, 2022, 2023, 2024, 2025}),
        ("ramuwan", {2024, 2025, 2026}),
        ("ramadan-cham-islam", {2022, 2023, 2024}),
    ],
)
def test_published_date_festivals_give_nothing_in_the_years_without_a_published_date(
    festivals: list[Festival], fid: str, years_with_data: set[int]
) -> None:
    festival = by_id(festivals, fid)
    found = {year for year in range(2015, 2036) if festival.occurrences(year)}
    assert found == years_with_data


def test_kate_pins_the_published_three_days_of_each_year(festivals: list[Festival]) -> None:
    kate = by_id(festivals, "kate")
    spans = [(o.start, o.end) for y in range(2020, 2026) for o in kate.occurrences(y)]
    # festivals.md §3.13: Ninh Thuận / Bình Thuận announcements
    assert spans == [
        (D(2020, 10, 15), D(2020, 10, 17)),
        (D(2021, 10, 4), D(2021, 10, 6)),
        (D(2022, 10, 23), D(2022, 10, 25)),
        (D(2023, 10, 13), D(2023, 10, 15)),
        (D(2024, 10, 1), D(2024, 10, 3)),
        (D(2025, 10, 20), D(2025, 10, 22)),
    ]


def test_ramadan_pins_the_published_first_days(festivals: list[Festival]) -> None:
    ramadan = by_id(festivals, "ramadan-cham-islam")
    starts = [o.start for y in range(2020, 2031) for o in ramadan.occurrences(y)]
    # festivals.md §3.15: An Giang Islamic Representative Board
    assert starts == [D(2022, 4, 2), D(2023, 3, 23), D(2024, 3, 11)]


# ------------------------------------------------------------------ 5. surprising cases


def test_phat_dan_2020_falls_in_the_regular_fourth_month_not_the_leap_one(
    festivals: list[Festival],
) -> None:
    assert leap_month(2020) == 4
    (occ,) = by_id(festivals, "phat-dan").occurrences(2020)
    # 15/4 Canh Tý = 07/05/2020; 15 of the leap 4th month would be 06/06/2020 (lunar_vn)
    assert occ.start == D(2020, 5, 7)


def test_festivals_after_the_leap_second_month_of_2023_keep_their_regular_month(
    festivals: list[Festival],
) -> None:
    assert leap_month(2023) == 2
    days = {d.festival.id: d.occurrence.start for d in festivals_in_year(festivals, 2023)}
    # festivals.md §3.5: the Prime Minister's visit to chùa Quán Sứ on 02/06/2023 (15/4)
    assert days["phat-dan"] == D(2023, 6, 2)
    assert days["vu-lan"] == D(2023, 8, 30)  # 15/7 Quý Mão


def test_vu_lan_2025_is_a_month_later_because_of_the_leap_sixth_month(
    festivals: list[Festival],
) -> None:
    assert leap_month(2025) == 6
    (occ,) = by_id(festivals, "vu-lan").occurrences(2025)
    assert occ.start == D(2025, 9, 6)  # festivals.md §3.6; lunar_vn: 15/7 Ất Tỵ


def test_sene_dolta_rule_gives_two_days_when_the_eighth_month_has_29_days(
    festivals: list[Festival],
) -> None:
    sene = by_id(festivals, "sene-dolta")
    # Tân Sửu 2021: month 8 has 29 days (lunar_vn has no 30/8 that year)
    assert month_length(2021, 8) == 29
    (ruled,) = sene.rule.occurrences(2021)
    assert (ruled.start, ruled.end) == (D(2021, 10, 5), D(2021, 10, 6))  # 29/8 and 1/9
    # … and the data's override keeps the festival's three days (Pchum Ben 5–7/10/2021)
    (kept,) = sene.occurrences(2021)
    assert (kept.start, kept.end) == (D(2021, 10, 5), D(2021, 10, 7))


def test_sene_dolta_rule_gives_three_days_when_the_eighth_month_has_30_days(
    festivals: list[Festival],
) -> None:
    sene = by_id(festivals, "sene-dolta")
    assert month_length(2023, 8) == 30
    (occ,) = sene.occurrences(2023)  # no override in 2023
    # angiang.gov.vn: "13, 14 và 15/10/2023 (nhằm 29, 30/8 và 01/9 ÂL)"
    assert (occ.start, occ.end) == (D(2023, 10, 13), D(2023, 10, 15))


def test_every_year_in_which_the_sene_dolta_rule_is_short_has_a_three_day_override(
    festivals: list[Festival],
) -> None:
    sene = by_id(festivals, "sene-dolta")
    short = [y for y in range(2020, 2031) if month_length(y, 8) == 29]
    assert short == [2021, 2025, 2026, 2027, 2028, 2030]  # festivals.md §4
    for year in short:
        (occ,) = sene.occurrences(year)
        assert (occ.end - occ.start).days == 2, year
        assert any(o.year == year for o in sene.overrides), year


def test_dan_sanh_huynh_giao_chu_is_twice_in_2024_and_absent_in_2023_and_2025(
    festivals: list[Festival],
) -> None:
    # festivals.md §3.12, the lunar-year trap: 25/11 falls in December or January
    dan_sanh = by_id(festivals, "dan-sanh-huynh-giao-chu")
    assert dan_sanh.occurrences(2023) == []
    assert [o.start for o in dan_sanh.occurrences(2024)] == [D(2024, 1, 6), D(2024, 12, 25)]
    assert dan_sanh.occurrences(2025) == []


def test_an_override_replaces_the_rule_only_in_its_own_year(festivals: list[Festival]) -> None:
    chol = by_id(festivals, "chol-chnam-thmay")
    # 2020: 13–16/4 (TTXVN, Kiên Giang); the years around it keep the rule's 14–16/4
    assert [(o.start, o.end) for o in chol.occurrences(2020)] == [(D(2020, 4, 13), D(2020, 4, 16))]
    assert [(o.start, o.end) for o in chol.occurrences(2021)] == [(D(2021, 4, 14), D(2021, 4, 16))]
    assert [(o.start, o.end) for o in chol.occurrences(2019)] == [(D(2019, 4, 14), D(2019, 4, 16))]


# ------------------------------------------------------------------ outputs


def test_the_json_of_a_festival_day_names_the_ceremony_and_the_rule(
    festivals: list[Festival],
) -> None:
    (chi_ton,) = [
        d for d in festivals_in_year(festivals, 2024) if d.festival.id == "dai-le-duc-chi-ton"
    ]
    assert chi_ton.as_json() == {
        "id": "dai-le-duc-chi-ton",
        "name": "Đại lễ Đức Chí Tôn",
        "religion": "Cao Đài",
        "start": "2024-02-18",
        "end": "2024-02-18",
        "ceremony": "2024-02-17",
        "rule": "yearly on lunar 9/1 eve",
    }


def test_the_ical_file_has_all_day_events_with_an_exclusive_end_and_a_stable_uid(
    festivals: list[Festival],
) -> None:
    days = festivals_in_year(festivals, 2024)
    stamp = datetime(2024, 1, 16, 1, 0, tzinfo=UTC)
    first = to_ical(days, calendar_name="Lễ trọng 2024", stamp=stamp)
    assert first == to_ical(days, calendar_name="Lễ trọng 2024", stamp=stamp)
    text = first.decode("utf-8").replace("\r\n ", "")  # unfold long lines
    # Chol Chnam Thmay 14–16/4/2024: DTEND is the day after the last day
    assert "UID:chol-chnam-thmay-2024-04-14@dondoc" in text
    assert "DTSTART;VALUE=DATE:20240414\r\nDTEND;VALUE=DATE:20240417" in text
    assert "Cử hành lễ: 17/02/2024" in text  # Đức Chí Tôn, on the eve
    assert text.count("BEGIN:VEVENT") == len(days)
