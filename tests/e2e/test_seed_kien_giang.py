"""Seed 000 — Kiên Giang's programme of action on mass mobilisation (Chương trình hành động số
13-CTr/TU, ngày 03-8-2021) — its appendix of reviews, and a replay of the reviews through the
steps the flows run.

(a) Every item of the appendix ("Công tác sơ kết, tổng kết các văn bản của Trung ương … nhiệm kỳ
2020-2025") is pinned below literally from the seed: the directive, sơ kết or tổng kết, its years,
the unit it is given to and the deadline quarter. The catalogue (`plans/kien-giang.yaml`) must
yield exactly these reviews, each once, due on the last day of its quarter, led by that unit.

(b) Four stretches of 2021–2025 are replayed day by day (directive-reviews, chase, escalate and
delivery, with a real SMTP server on loopback), and operators record a few completions:

- sơ kết 5 năm Kết luận 120-KL/TW (Ban Dân vận Tỉnh ủy, quý II-2021), April–July 2021;
- sơ kết 5 năm Chỉ thị 14-CT/TW (Ban cán sự đảng UBND tỉnh, quý III-2022, no coordinating
  units) and sơ kết 5 năm Quyết định 99-QĐ/TW (Ban Tổ chức Tỉnh ủy, quý IV-2022: the quarter
  ends on Saturday 31/12/2022), July 2022 – January 2023;
- sơ kết 5 năm Quy định 213-QĐ/TW (Ban Tổ chức Tỉnh ủy, quý I-2025), across Tết Ất Tỵ.

The expected days were worked out by hand from a wall calendar and the policies the plan states
(steps: guidance letter 2 months before the quarter's end, opening 15 days before it is due; the
units' reports 30 days before; the consolidated report and the conference on the quarter's last
day, each opening 10 days before and not before the step it follows is due; a deadline before the
anchor that is a day off moves back to the previous working day. Reminders 7, 3, 1 and 0 days
before, moved back to a working day, the nearer one winning when two land together; after the
deadline every 2 working days, 3 times; escalations after 3 working days to the head and after 7
to the supervisor). Days off used: Giỗ Tổ 21/4/2021 (Wed); 30/4–3/5/2021 (1/5 a Saturday, made
up on Monday 3/5); 1–2/9/2022; Tết Dương lịch 2023 (1/1 a Sunday, made up on Monday 2/1/2023);
Tết Ất Tỵ 25/1–2/2/2025 (Monday 27 to Friday 31 January off). They are not read from the code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ledger.db import transaction
from ledger.models import OutboxMessage, Task, TaskNotice
from obligations.expand import expand
from obligations.loader import Catalogue, catalogue_files, load_catalogue
from tests.conftest import (
    BACKENDS,
    PLANS,
    SmtpServer,
    at,
)
from tests.e2e.replay import Done, one_task, queued, record_done, replayed_year

D = date
PLAN = "kien-giang-dan-van-2020-2025"
HORIZON = D(2025, 12, 31)
FAMILY = "directive-review"
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


# The quarters of 2021–2025 whose last day is not a working day (a weekend; no public holiday
# falls on a quarter's end), from the calendar: their reviews are due on the working day before.
LAST_WORKING_DAY = {
    D(2022, 12, 31): D(2022, 12, 30),  # Saturday → Friday
    D(2023, 9, 30): D(2023, 9, 29),  # Saturday → Friday
    D(2023, 12, 31): D(2023, 12, 29),  # Sunday → Friday
    D(2024, 3, 31): D(2024, 3, 29),  # Sunday → Friday
    D(2024, 6, 30): D(2024, 6, 28),  # Sunday → Friday
}


def quarter_end(text: str) -> date:
    """ "II-2021" (as in "hoàn thành trong quý II-2021") → 30/6/2021, its last working day."""
    roman, year = text.split("-")
    month = 3 * ROMAN[roman]
    first_of_next = D(int(year) + month // 12, month % 12 + 1, 1)
    end = first_of_next - timedelta(days=1)
    return LAST_WORKING_DAY.get(end, end)


@dataclass(frozen=True)
class Item:
    year: int  # the appendix's heading, "Năm 2021"
    number: int  # the item's number under it
    review: str  # "Sơ kết" or "Tổng kết"
    years: int
    kind: str  # Kết luận, Chỉ thị …
    code: str
    issued: date
    lead: str  # the unit the item is given to, as the catalogue names it
    quarter: str  # "II-2021"


BDV = "Ban Dân vận Tỉnh ủy Kiên Giang"
BTC = "Ban Tổ chức Tỉnh ủy Kiên Giang"
BCSD = "Ban cán sự đảng Ủy ban nhân dân tỉnh Kiên Giang"
MTTQ = "Đảng đoàn Mặt trận Tổ quốc Việt Nam tỉnh Kiên Giang"
LDLD = "Đảng đoàn Liên đoàn Lao động tỉnh Kiên Giang"

# fmt: off
APPENDIX = [
    # Năm 2021, 1: "Sơ kết 5 năm thực hiện Kết luận số 120-KL/TW, ngày 07-01-2016 của Bộ Chính trị
    # (khóa XI) … Giao Ban Dân vận Tỉnh ủy chủ trì, … hoàn thành trong quý II-2021."
    Item(2021, 1, "Sơ kết", 5, "Kết luận", "120-KL/TW", D(2016, 1, 7), BDV, "II-2021"),
    # 2: "Tổng kết 20 năm thực hiện Chỉ thị số 59-CT/TW, ngày 15-12-2000 của Bộ Chính trị (khóa
    # VIII) … Giao Đảng đoàn Hội Nông dân tỉnh chủ trì, … hoàn thành trong quý III-2021."
    Item(2021, 2, "Tổng kết", 20, "Chỉ thị", "59-CT/TW", D(2000, 12, 15),
         "Đảng đoàn Hội Nông dân tỉnh Kiên Giang", "III-2021"),
    # 3: "Tổng kết 10 năm thực hiện Chỉ thị số 43-CT/TW ngày 08-6-2010 của Ban Bí thư (khóa X) …
    # Giao Ban Thường vụ Hội Chữ thập đỏ tỉnh chủ trì, … hoàn thành trong quý III-2021."
    Item(2021, 3, "Tổng kết", 10, "Chỉ thị", "43-CT/TW", D(2010, 6, 8),
         "Ban Thường vụ Hội Chữ thập đỏ tỉnh Kiên Giang", "III-2021"),
    # 4: "Sơ kết 5 năm thực hiện Chỉ thị số 52-CT/TW, ngày 09-01-2016 của Ban Bí thư (khóa XI) …
    # Giao Đảng đoàn Liên đoàn Lao động tỉnh chủ trì, … hoàn thành trong quý III-2021."
    Item(2021, 4, "Sơ kết", 5, "Chỉ thị", "52-CT/TW", D(2016, 1, 9), LDLD, "III-2021"),
    # Năm 2022, 1: "Tổng kết 20 năm thực hiện Nghị quyết số 09-NQ/TW, ngày 08-01-2002 của Bộ Chính
    # trị (khóa IX) … Giao Đảng đoàn Hội Cựu chiến binh tỉnh chủ trì, … quý I-2022."
    Item(2022, 1, "Tổng kết", 20, "Nghị quyết", "09-NQ/TW", D(2002, 1, 8),
         "Đảng đoàn Hội Cựu chiến binh tỉnh Kiên Giang", "I-2022"),
    # 2: "Sơ kết 5 năm thực hiện Chỉ thị số 14-CT/TW, ngày 19-7-2017 của Ban Bí thư (khóa XII) …
    # Giao Ban cán sự đảng Ủy ban nhân dân tỉnh chủ trì, tham mưu thực hiện, … quý III-2022."
    Item(2022, 2, "Sơ kết", 5, "Chỉ thị", "14-CT/TW", D(2017, 7, 19), BCSD, "III-2022"),
    # 3: "Sơ kết 5 năm thực hiện Quyết định số 99-QĐ/TW, ngày 03-10-2017 của Ban Bí thư (khóa XII)
    # … Giao Ban Tổ chức Tỉnh ủy chủ trì, … hoàn thành trong quý IV-2022."
    Item(2022, 3, "Sơ kết", 5, "Quyết định", "99-QĐ/TW", D(2017, 10, 3), BTC, "IV-2022"),
    # Năm 2023, 1: "Tổng kết 20 năm thực hiện Nghị quyết số 23-NQ/TW, ngày 12-3-2003 … Giao Đảng
    # đoàn Mặt trận Tổ quốc Việt Nam tỉnh chủ trì, … hoàn thành trong quý II-2023."
    Item(2023, 1, "Tổng kết", 20, "Nghị quyết", "23-NQ/TW", D(2003, 3, 12), MTTQ, "II-2023"),
    # 2: "Tổng kết 10 năm thực hiện Nghị quyết số 25-NQ/TW, ngày 03-6-2013 …; sơ kết 5 năm thực
    # hiện Kết luận số 43-KL/TW, ngày 07-01-2019 … Giao Ban Dân vận Tỉnh ủy chủ trì, … quý II-2023."
    Item(2023, 2, "Tổng kết", 10, "Nghị quyết", "25-NQ/TW", D(2013, 6, 3), BDV, "II-2023"),
    Item(2023, 2, "Sơ kết", 5, "Kết luận", "43-KL/TW", D(2019, 1, 7), BDV, "II-2023"),
    # 3: "Tổng kết 10 năm thực hiện Kết luận số 55-KL/TW, ngày 18-01-2013 … và sơ kết 5 năm thực
    # hiện Chỉ thị số 21-CT/TW, ngày 20-01-2018 … Giao Đảng đoàn Hội Liên hiệp Phụ nữ tỉnh chủ
    # trì, … hoàn thành trong quý II-2023."
    Item(2023, 3, "Tổng kết", 10, "Kết luận", "55-KL/TW", D(2013, 1, 18),
         "Đảng đoàn Hội Liên hiệp Phụ nữ tỉnh Kiên Giang", "II-2023"),
    Item(2023, 3, "Sơ kết", 5, "Chỉ thị", "21-CT/TW", D(2018, 1, 20),
         "Đảng đoàn Hội Liên hiệp Phụ nữ tỉnh Kiên Giang", "II-2023"),
    # 4: "Tổng kết 10 năm thực hiện Quyết định số 217-QĐ/TW, ngày 12-12-2013 …; Quyết định số
    # 218-QĐ/TW, ngày 12-12-2013 … Giao Đảng đoàn Mặt trận Tổ quốc Việt Nam tỉnh chủ trì, … quý
    # IV-2023."
    Item(2023, 4, "Tổng kết", 10, "Quyết định", "217-QĐ/TW", D(2013, 12, 12), MTTQ, "IV-2023"),
    Item(2023, 4, "Tổng kết", 10, "Quyết định", "218-QĐ/TW", D(2013, 12, 12), MTTQ, "IV-2023"),
    # 5: "Tổng kết 10 năm thực hiện Kết luận số 79-KL/TW, ngày 25-12-2013 … Giao Đảng đoàn Liên
    # đoàn Lao động tỉnh chủ trì, … hoàn thành trong quý IV-2023."
    Item(2023, 5, "Tổng kết", 10, "Kết luận", "79-KL/TW", D(2013, 12, 25), LDLD, "IV-2023"),
    # 6: "Tổng kết 10 năm thực hiện Kết luận số 80-KL/TW, ngày 25-12-2013 … Giao Ban Thường vụ
    # Tỉnh Đoàn chủ trì, … hoàn thành trong quý IV-2023."
    Item(2023, 6, "Tổng kết", 10, "Kết luận", "80-KL/TW", D(2013, 12, 25),
         "Ban Thường vụ Tỉnh Đoàn Kiên Giang", "IV-2023"),
    # 7: "Sơ kết 5 năm thực hiện Quy định số 124-QĐ/TW, ngày 02-02-2018 … Giao Đảng đoàn Mặt trận
    # Tổ quốc tỉnh chủ trì, … hoàn thành trong quý II-2023." (the same Đảng đoàn as items 1, 4)
    Item(2023, 7, "Sơ kết", 5, "Quy định", "124-QĐ/TW", D(2018, 2, 2), MTTQ, "II-2023"),
    # Năm 2024, 1: "Tổng kết 10 năm thực hiện Kết luận số 97-KL/TW, ngày 15-5-2014 … Giao Ban cán
    # sự đảng Ủy ban nhân dân tỉnh tham mưu thực hiện, hoàn thành trong quý II-2024."
    Item(2024, 1, "Tổng kết", 10, "Kết luận", "97-KL/TW", D(2014, 5, 15), BCSD, "II-2024"),
    # 2: "Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW, ngày 30-10-2019 … Giao Ban cán sự đảng Ủy
    # ban nhân dân tỉnh tham mưu thực hiện, hoàn thành trong quý III-2024."
    Item(2024, 2, "Sơ kết", 5, "Kết luận", "65-KL/TW", D(2019, 10, 30), BCSD, "III-2024"),
    # 3: "Sơ kết 5 năm thực hiện Chỉ thị số 39-CT/TW, ngày 01-11-2019 … Giao Ban cán sự đảng Ủy
    # ban nhân dân tỉnh tham mưu thực hiện, hoàn thành trong quý IV-2024."
    Item(2024, 3, "Sơ kết", 5, "Chỉ thị", "39-CT/TW", D(2019, 11, 1), BCSD, "IV-2024"),
    # Năm 2025, 1: "Sơ kết 5 năm thực hiện Quy định số 213-QĐ/TW, ngày 02-01-2020 … Giao Ban Tổ
    # chức Tỉnh ủy chủ trì, … hoàn thành trong quý I-2025."
    Item(2025, 1, "Sơ kết", 5, "Quy định", "213-QĐ/TW", D(2020, 1, 2), BTC, "I-2025"),
    # 2: "Sơ kết 5 năm thực hiện Thông báo số 158-TB/TW, ngày 02-01-2020 … Giao Ban cán sự đảng
    # Ủy ban nhân dân tỉnh tham mưu thực hiện, hoàn thành trong quý I-2025."
    Item(2025, 2, "Sơ kết", 5, "Thông báo", "158-TB/TW", D(2020, 1, 2), BCSD, "I-2025"),
    # 3: "Tổng kết 10 năm thực hiện Kết luận số 114-KL/TW, ngày 14-7-2015 … Giao Ban cán sự đảng
    # Ủy ban nhân dân tỉnh tham mưu thực hiện, hoàn thành trong quý II-2025."
    Item(2025, 3, "Tổng kết", 10, "Kết luận", "114-KL/TW", D(2015, 7, 14), BCSD, "II-2025"),
    # 4: "Tổng kết 10 năm thực hiện Chỉ thị số 43-CT/TW, ngày 14-5-2015 … (Giao Ban cán sự đảng
    # Ủy ban nhân dân tỉnh tham mưu thực hiện, thời gian hoàn thành trong quý II-2025)."
    Item(2025, 4, "Tổng kết", 10, "Chỉ thị", "43-CT/TW", D(2015, 5, 14), BCSD, "II-2025"),
    # 5: "Sơ kết 5 năm thực hiện Thông báo số 160-TB/TW, ngày 15-01-2020 … (Giao Đảng Đoàn Mặt
    # trận Tổ quốc tỉnh chủ trì, … thời gian hoàn thành quý II-2025)."
    Item(2025, 5, "Sơ kết", 5, "Thông báo", "160-TB/TW", D(2020, 1, 15), MTTQ, "II-2025"),
    # 6: "Tổng kết 10 năm thực hiện Chỉ thị số 49-CT/TW, ngày 20-10-2015 … (Giao Ban Dân vận Tỉnh
    # ủy chủ trì, … thời gian hoàn thành trong quý III-2025)."
    Item(2025, 6, "Tổng kết", 10, "Chỉ thị", "49-CT/TW", D(2015, 10, 20), BDV, "III-2025"),
]
# fmt: on

# Items whose text says "phối hợp (với) các cơ quan (có) liên quan": their units' reports come
# from the district and city Party committees (chosen in the plan, as its header says).
COORDINATED = {
    (2021, 1), (2021, 2), (2021, 3), (2021, 4), (2022, 1), (2022, 3),
    (2023, 1), (2023, 2), (2023, 3), (2023, 4), (2023, 5), (2023, 6), (2023, 7),
    (2025, 1), (2025, 5), (2025, 6),
}  # fmt: skip
DISTRICTS = {
    "kg-rach-gia", "kg-ha-tien", "kg-phu-quoc", "kg-kien-luong", "kg-hon-dat", "kg-tan-hiep",
    "kg-chau-thanh", "kg-giong-rieng", "kg-go-quao", "kg-an-bien", "kg-an-minh", "kg-vinh-thuan",
    "kg-u-minh-thuong", "kg-giang-thanh", "kg-kien-hai",
}  # fmt: skip

LABEL = re.compile(r"^(Sơ kết|Tổng kết) (\d+) năm thực hiện (.+?) số (\S+?)(?:,|$)")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue([PLANS / "kien-giang.yaml", *catalogue_files(PLANS / "calendar")])


@dataclass(frozen=True)
class Review:
    review: str
    years: int
    kind: str
    code: str
    issued: date
    lead: str
    anchor: date


def reviews(catalogue: Catalogue) -> dict[str, list[tuple[Review, dict[str, set[str]]]]]:
    """Per obligation, its occurrences in 2021–2025 and the units owing each step."""
    planned = expand(catalogue, HORIZON, {PLAN: D(2021, 1, 1)}, families={FAMILY})
    found: dict[str, list[tuple[Review, dict[str, set[str]]]]] = {}
    for ob_id, items in planned.items():
        directive = catalogue.resolved[ob_id].directive
        assert directive is not None
        for item in items:
            occ = item.occurrence
            match = LABEL.match(occ.label)
            assert match, occ.label
            owing = {step.step.id: set(step.units) for step in item.steps}
            [lead] = owing["consolidated-report"]
            review = Review(
                match.group(1),
                int(match.group(2)),
                match.group(3),
                match.group(4),
                directive.issued,
                catalogue.units[lead].name,
                occ.anchor,
            )
            assert match.group(4) == directive.code
            found.setdefault(ob_id, []).append((review, owing))
    return found


def test_every_review_of_the_appendix_comes_out_once_with_its_lead_and_quarter(
    catalogue: Catalogue,
) -> None:
    expected = sorted(
        (i.review, i.years, i.kind, i.code, i.issued, i.lead, quarter_end(i.quarter))
        for i in APPENDIX
    )
    found = reviews(catalogue)
    assert all(len(occurrences) == 1 for occurrences in found.values()), found
    got = sorted(
        (r.review, r.years, r.kind, r.code, r.issued, r.lead, r.anchor)
        for [(r, _)] in found.values()
    )
    assert got == expected
    assert len(got) == 26  # 22 items, three of which review two directives each


def test_the_120_kl_tw_review_is_the_ban_dan_vans_in_the_second_quarter_of_2021(
    catalogue: Catalogue,
) -> None:
    # "Sơ kết 5 năm thực hiện Kết luận số 120-KL/TW, ngày 07-01-2016 … Giao Ban Dân vận Tỉnh ủy
    # chủ trì, … hoàn thành trong quý II-2021."
    [(review, owing)] = reviews(catalogue)["kg-so-ket-5-nam-120-kl-tw"]
    assert review == Review(
        "Sơ kết", 5, "Kết luận", "120-KL/TW", D(2016, 1, 7), BDV, D(2021, 6, 30)
    )
    assert owing == {
        "guidance-letter": {"kg-bdv"},
        "unit-reports": DISTRICTS,
        "consolidated-report": {"kg-bdv"},
        "conference": {"kg-bdv"},
    }


def test_the_units_reports_are_asked_only_where_the_appendix_says_others_take_part(
    catalogue: Catalogue,
) -> None:
    by_item = {
        (i.code, i.issued): (i.year, i.number) for i in APPENDIX
    }  # the two 43-CT/TW differ by date
    for ob_id, [(review, owing)] in reviews(catalogue).items():
        item = by_item[(review.code, review.issued)]
        lead = next(iter(owing["consolidated-report"]))
        assert owing["guidance-letter"] == {lead}, ob_id
        assert owing["conference"] == {lead}, ob_id
        if item not in COORDINATED:
            assert "unit-reports" not in owing, ob_id
        elif review.anchor < D(2025, 7, 1):
            assert owing["unit-reports"] == DISTRICTS, ob_id
        else:
            # Quý III-2025: the reports are due 31/8/2025, after district level ended (30/6/2025).
            assert owing["unit-reports"] == set(), ob_id


def test_the_two_directives_numbered_43_ct_tw_are_reviewed_as_two(catalogue: Catalogue) -> None:
    labels = {
        ob_id: (items[0][0].issued, items[0][0].anchor)
        for ob_id, items in reviews(catalogue).items()
        if items[0][0].code == "43-CT/TW"
    }
    # "Chỉ thị số 43-CT/TW ngày 08-6-2010 … quý III-2021"; "Chỉ thị số 43-CT/TW, ngày 14-5-2015
    # … quý II-2025".
    assert sorted(labels.values()) == [
        (D(2010, 6, 8), D(2021, 9, 30)),
        (D(2015, 5, 14), D(2025, 6, 30)),
    ]


# --- (b) the replay -------------------------------------------------------------------------------

STRETCHES = [
    (D(2021, 4, 12), D(2021, 7, 12)),  # 120-KL/TW: opens 14/4, last stage 9/7
    (D(2022, 7, 12), D(2022, 8, 5)),  # 14-CT/TW's guidance letter: opens 14/7, done 3/8
    (D(2022, 11, 18), D(2023, 1, 12)),  # 99-QĐ/TW: units' reports open 21/11, last stage 11/1
    (D(2025, 1, 7), D(2025, 2, 12)),  # 213-QĐ/TW: opens 9/1, last stage 11/2
]
KL120 = "kg-so-ket-5-nam-120-kl-tw"
CT14 = "kg-so-ket-5-nam-14-ct-tw"
QD99 = "kg-so-ket-5-nam-99-qd-tw"
QD213 = "kg-so-ket-5-nam-213-qd-tw"


# Operators' records, made after the day's scheduled runs (office hours).
DONE = [
    # Thành ủy Hà Tiên hands in its report of the 120-KL/TW review before the deadline.
    Done(KL120, "kg-ha-tien", "2021", "unit-reports", at(D(2021, 5, 27), 10), "45-BC/TU"),
    # The conference is held on Tue 29/6/2021, the day before the quarter ends.
    Done(KL120, "kg-bdv", "2021", "conference", at(D(2021, 6, 29), 16), None, D(2021, 6, 29)),
    # The consolidated report is handed in on the deadline itself, after that morning's reminder.
    Done(KL120, "kg-bdv", "2021", "consolidated-report", at(D(2021, 6, 30), 14), "312-BC/BDVTU"),
    # Ban cán sự đảng UBND tỉnh sends its guidance letter on 3/8/2022, after the escalation.
    Done(CT14, "kg-bcsd-ubnd", "2022", "guidance-letter", at(D(2022, 8, 3), 10), "1520/UBND-VX"),
]


def stretch_days() -> Iterator[date]:
    for first, last in STRETCHES:
        day = first
        while day <= last:
            yield day
            day += timedelta(days=1)


Replayed = tuple[sessionmaker[Session], SmtpServer]


@pytest.fixture(scope="module", params=BACKENDS)
def replayed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Replayed]:
    """The plan loaded tracking from 1/1/2021, then the four stretches replayed."""
    directory = tmp_path_factory.mktemp("kien-giang")
    files = [PLANS / "kien-giang.yaml", *catalogue_files(PLANS / "calendar")]
    days = list(stretch_days())
    with replayed_year(
        request.param, directory, files, days, HORIZON, [FAMILY],
        lambda sessions, day: record_done(sessions, day, DONE),
        start=D(2021, 1, 1), plan_at_load=True,
    ) as done:  # fmt: skip
        yield done


def notices(
    sessions: sessionmaker[Session], obligation: str, step: str, unit: str
) -> dict[str, date]:
    return queued(sessions, obligation, unit, step=step)


def task(sessions: sessionmaker[Session], obligation: str, step: str, unit: str) -> Task:
    return one_task(sessions, obligation, unit, step=step)


def test_the_120_kl_tw_guidance_letter_is_opened_chased_and_escalated_on_these_days(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # Quý II-2021 ends Wed 30/6; 2 months before is 30/4 (a holiday) → Thu 29/4; opens 15 days
    # before, Wed 14/4. Working days after 29/4: 4, 5, 6, 7, 10, 11, 12/5 (30/4–3/5 off).
    assert notices(sessions, KL120, "guidance-letter", "kg-bdv") == {
        "open": D(2021, 4, 14),
        "before-7": D(2021, 4, 22),  # Thu; the day before, 21/4, is Giỗ Tổ
        "before-3": D(2021, 4, 26),
        "before-1": D(2021, 4, 28),
        "due-day": D(2021, 4, 29),
        "overdue-1": D(2021, 5, 5),
        "escalate-1": D(2021, 5, 6),
        "overdue-2": D(2021, 5, 7),
        "overdue-3": D(2021, 5, 11),
        "escalate-2": D(2021, 5, 12),
    }
    assert task(sessions, KL120, "guidance-letter", "kg-bdv").status == "overdue"  # never sent


def test_a_district_committee_that_never_reports_on_120_kl_tw_is_chased_and_escalated(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # The units' reports: 30 days before 30/6 is Mon 31/5; opens 10 days before, Fri 21/5.
    # 3 days before (Fri 28/5) and 1 day before (Sun 30/5 → Fri 28/5) land together: one reminder.
    assert notices(sessions, KL120, "unit-reports", "kg-rach-gia") == {
        "open": D(2021, 5, 21),
        "before-7": D(2021, 5, 24),
        "before-1": D(2021, 5, 28),
        "due-day": D(2021, 5, 31),
        "overdue-1": D(2021, 6, 2),
        "escalate-1": D(2021, 6, 3),
        "overdue-2": D(2021, 6, 4),
        "overdue-3": D(2021, 6, 8),
        "escalate-2": D(2021, 6, 9),
    }


def test_a_recorded_completion_stops_the_120_kl_tw_chase(replayed: Replayed) -> None:
    sessions, _ = replayed
    # Hà Tiên handed in on Thu 27/5: nothing after the reminder of 24/5.
    assert notices(sessions, KL120, "unit-reports", "kg-ha-tien") == {
        "open": D(2021, 5, 21),
        "before-7": D(2021, 5, 24),
    }
    assert task(sessions, KL120, "unit-reports", "kg-ha-tien").status == "submitted_on_time"
    # The conference and the consolidated report open Fri 18/6 (20/6 is a Sunday) and are due
    # Wed 30/6: reminders on 23/6, 25/6 (27/6 is a Sunday), 29/6 and 30/6.
    assert notices(sessions, KL120, "conference", "kg-bdv") == {
        "open": D(2021, 6, 18),
        "before-7": D(2021, 6, 23),
        "before-3": D(2021, 6, 25),
        "before-1": D(2021, 6, 29),
    }
    conference = task(sessions, KL120, "conference", "kg-bdv")
    assert (conference.status, conference.done_on) == ("submitted_on_time", D(2021, 6, 29))
    assert notices(sessions, KL120, "consolidated-report", "kg-bdv") == {
        "open": D(2021, 6, 18),
        "before-7": D(2021, 6, 23),
        "before-3": D(2021, 6, 25),
        "before-1": D(2021, 6, 29),
        "due-day": D(2021, 6, 30),
    }
    report = task(sessions, KL120, "consolidated-report", "kg-bdv")
    assert (report.status, report.document_ref) == ("submitted_on_time", "312-BC/BDVTU")


def test_every_step_of_the_120_kl_tw_review_opened_on_its_day(replayed: Replayed) -> None:
    sessions, _ = replayed
    with transaction(sessions) as session:
        rows = session.execute(
            select(Task.step_id, Task.unit_code, Task.opened_on).where(Task.obligation_id == KL120)
        ).all()
    opened = {(step, unit): day for step, unit, day in rows}
    expected = {("guidance-letter", "kg-bdv"): D(2021, 4, 14)}
    expected |= {("unit-reports", unit): D(2021, 5, 21) for unit in DISTRICTS}
    expected |= {("consolidated-report", "kg-bdv"): D(2021, 6, 18)}
    expected |= {("conference", "kg-bdv"): D(2021, 6, 18)}
    assert opened == expected


def test_the_escalations_reach_the_head_and_the_provincial_standing_committee_by_mail(
    replayed: Replayed,
) -> None:
    sessions, smtp = replayed
    with transaction(sessions) as session:
        rows = session.execute(
            select(
                OutboxMessage.stage,
                OutboxMessage.recipient,
                OutboxMessage.status,
                OutboxMessage.subject,
            )
            .join(Task, Task.id == OutboxMessage.task_id)
            .where(Task.obligation_id == KL120, Task.step_id == "guidance-letter")
        ).all()
    sent = {stage: (recipient, status) for stage, recipient, status, _ in rows}
    assert sent["escalate-1"] == ("truongban.bdv@tinhuy.kiengiang.example", "sent")
    assert sent["escalate-2"] == ("btv@tinhuy.kiengiang.example", "sent")
    assert sent["open"] == ("bdv@tinhuy.kiengiang.example", "sent")
    assert all("Sơ kết 5 năm thực hiện Kết luận số 120-KL/TW" in s for *_, s in rows)
    received = {r for message in smtp.received for r in message.rcpt_tos}
    assert {"truongban.bdv@tinhuy.kiengiang.example", "btv@tinhuy.kiengiang.example"} <= received


def test_the_14_ct_tw_review_has_no_units_reports_and_its_late_letter_stops_the_chase(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    with transaction(sessions) as session:
        rows = session.execute(
            select(Task.step_id, Task.unit_code).where(Task.obligation_id == CT14)
        ).all()
    owed = {(step, unit) for step, unit in rows}
    assert owed == {
        ("guidance-letter", "kg-bcsd-ubnd"),
        ("consolidated-report", "kg-bcsd-ubnd"),
        ("conference", "kg-bcsd-ubnd"),
    }
    # Quý III-2022 ends Fri 30/9; 2 months before is Sat 30/7 → Fri 29/7; opens Thu 14/7.
    # Working days after 29/7: Mon 1/8, Tue 2/8, Wed 3/8. Handed in on 3/8 at 10:00, after that
    # morning's escalation to the head: nothing later.
    assert notices(sessions, CT14, "guidance-letter", "kg-bcsd-ubnd") == {
        "open": D(2022, 7, 14),
        "before-7": D(2022, 7, 22),
        "before-3": D(2022, 7, 26),
        "before-1": D(2022, 7, 28),
        "due-day": D(2022, 7, 29),
        "overdue-1": D(2022, 8, 2),
        "escalate-1": D(2022, 8, 3),
    }
    assert task(sessions, CT14, "guidance-letter", "kg-bcsd-ubnd").status == "submitted_late"


def test_the_99_qd_tw_review_of_a_quarter_ending_on_a_saturday_is_due_on_the_friday(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # Quý IV-2022 ends Saturday 31/12: "hoàn thành trong quý" means by its last working day,
    # Friday 30/12. Units' reports due 30 days before, Wednesday 30/11, opening 10 days before,
    # Sunday 20/11 → Friday 18/11; 3 days before is Sunday 27/11 → Friday 25/11; working days
    # after 30/11: 1, 2, 5, 6, 7, 8, 9/12.
    assert notices(sessions, QD99, "unit-reports", "kg-phu-quoc") == {
        "open": D(2022, 11, 18),
        "before-7": D(2022, 11, 23),
        "before-3": D(2022, 11, 25),
        "before-1": D(2022, 11, 29),
        "due-day": D(2022, 11, 30),
        "overdue-1": D(2022, 12, 2),
        "escalate-1": D(2022, 12, 5),
        "overdue-2": D(2022, 12, 6),
        "overdue-3": D(2022, 12, 8),
        "escalate-2": D(2022, 12, 9),
    }
    # The consolidated report, due Friday 30/12, opens Tuesday 20/12. After it: 1/1/2023 is a
    # Sunday and made up on Monday 2/1, so the working days are 3, 4, 5, 6, 9, 10, 11/1.
    assert notices(sessions, QD99, "consolidated-report", "kg-btc") == {
        "open": D(2022, 12, 20),
        "before-7": D(2022, 12, 23),
        "before-3": D(2022, 12, 27),
        "before-1": D(2022, 12, 29),
        "due-day": D(2022, 12, 30),
        "overdue-1": D(2023, 1, 4),
        "escalate-1": D(2023, 1, 5),
        "overdue-2": D(2023, 1, 6),
        "overdue-3": D(2023, 1, 10),
        "escalate-2": D(2023, 1, 11),
    }


def test_the_213_qd_tw_guidance_letter_is_due_before_tet_and_chased_after_it(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # Quý I-2025 ends Mon 31/3; 2 months before is Fri 31/1, in Tết (25/1–2/2) → Fri 24/1; opens
    # 15 days before, Thu 9/1. Working days after 24/1: 3, 4, 5, 6, 7, 10, 11/2.
    assert notices(sessions, QD213, "guidance-letter", "kg-btc") == {
        "open": D(2025, 1, 9),
        "before-7": D(2025, 1, 17),
        "before-3": D(2025, 1, 21),
        "before-1": D(2025, 1, 23),
        "due-day": D(2025, 1, 24),
        "overdue-1": D(2025, 2, 4),
        "escalate-1": D(2025, 2, 5),
        "overdue-2": D(2025, 2, 6),
        "overdue-3": D(2025, 2, 10),
        "escalate-2": D(2025, 2, 11),
    }


def test_nobody_is_chased_on_a_day_off_in_the_replayed_stretches(
    replayed: Replayed, catalogue: Catalogue
) -> None:
    sessions, _ = replayed
    with transaction(sessions) as session:
        days = set(session.scalars(select(TaskNotice.as_of).where(TaskNotice.outcome == "queued")))
    assert days
    assert sorted(d for d in days if not catalogue.calendar.is_working_day(d)) == []
