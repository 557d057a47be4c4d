"""Seed 003's "Chương trình công tác năm 2024" item by item: `dondoc preview --from 2024-01-01
--to 2024-12-31` of Tây Ninh's catalogue puts every item in the month the seed gives, owed by the
unit the seed gives.

The programme is the Ban Dân vận Tỉnh ủy's own, so the Ban owes its items, except the reports of
the units a supervision names ("đối với Ban Thường vụ Thị uỷ Hoà Thành, …"), which those units owe.
The items are read from a verbatim copy of the seed (tests/fixtures); the table below,
written by hand from the seed, says which catalogue step each item is — and the few items that are
not dated obligations, and why. Every item of the fixture must be in exactly one of the two.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dondoc.cli import app
from tests.conftest import PLANS

SEED = Path(__file__).parents[1] / "fixtures" / "seed-003-plan-and-programme.txt"
BDV = "tn-bdv"


@dataclass(frozen=True)
class Item:
    month: int
    line: int  # in the seed
    text: str


def programme_items() -> Iterator[Item]:
    """The programme's items: each "- …" line under "N. Tháng M", until the closing paragraph.

    One line of the seed holds two items ("… (nếu có). - Thông báo …", tháng 10): it is split.
    """
    month = 0
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = lines.index("CHƯƠNG TRÌNH CÔNG TÁC")  # the plan's own text comes before
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.startswith("Trên đây là chương trình"):
            return
        if heading := re.match(r"(\d{1,2})\. Tháng (\d{1,2})", line):
            assert int(heading.group(1)) == int(heading.group(2))
            month = int(heading.group(2))
            continue
        if month and line.startswith("- "):
            for part in re.split(r"(?<=\.) - ", line[2:]):
                yield Item(month, number, part.strip())


# (month, the item's first words, the catalogue steps it is, the units that owe them).
Steps = tuple[tuple[str, str], ...]
EXPECTED: list[tuple[int, str, Steps, frozenset[str]]] = []


def expect(month: int, start: str, *steps: tuple[str, str], units: set[str] | None = None) -> None:
    EXPECTED.append((month, start, steps, frozenset(units or {BDV})))


BCD37 = "tn-bcd37-hop-quy-{}".format
TET = "tn-tham-tet-nguyen-dan"
MONTHLY = ("tn-bdv-bc-thang", "report")
NOTICE = ("tn-bdv-thong-bao-thong-tin-bao-cao", "report")
GS06 = "tn-giam-sat-3-nam-06-ct-tu"
KT08 = "tn-kiem-tra-08-da-tu"
GS05 = "tn-giam-sat-3-nam-05-ct-tu"
GSQCDC = "tn-giam-sat-dan-chu-co-so-2024"
RA_QUAN = "tn-ra-quan-dan-van"
PLANNING = ("plan", "decision", "guidance")
TEAM = "Xây dựng kế hoạch giám sát; quyết định thành lập đoàn giám sát; hướng dẫn báo cáo "
CAMPAIGN = "Phối hợp Ban Dân vận BCH Quân sự tỉnh tham mưu Ban Chỉ đạo Quy chế dân chủ và công tác "

# Tháng 01
expect(1, "Mời Thường trực Tỉnh uỷ dự Hội nghị toàn quốc", ("tn-moi-du-hoi-nghi-toan-quoc", "task"))
expect(1, "Mời Thường trực Tỉnh uỷ thăm, chúc Tết Nguyên đán", (TET, "visit"))
expect(1, "Xây dựng Kế hoạch phối hợp giữa Ban Dân vận", ("tn-ke-hoach-phoi-hop-dan-van", "task"))
expect(1, "Kế hoạch tổ chức đoàn thăm, chúc mừng các tổ chức tôn giáo", (TET, "plan"))
expect(1, "Kế hoạch xây dựng và thực hiện QCDC", ("tn-ke-hoach-qcdc", "task"))
expect(1, "Báo cáo công tác dân vận tháng 01/2024", MONTHLY)
expect(1, "Báo cáo cung cấp văn bản chỉ đạo", ("tn-bc-van-ban-qcdc-nam-truoc", "task"))
expect(
    1, "Báo cáo việc thực hiện pháp luật về dân chủ trực tiếp", ("tn-bc-dan-chu-truc-tiep", "task")
)
expect(
    1,
    "Chương trình làm việc của Thường trực Ban Chỉ đạo 37",
    ("tn-chuong-trinh-bcd37-2024", "task"),
)
expect(1, "Tham mưu tổ chức Hội nghị tổng kết, khen thưởng", ("tn-tong-ket-ra-quan-nam", "task"))
expect(1, "Tổ chức Hội nghị cán bộ, công chức", ("tn-hoi-nghi-can-bo-cong-chuc", "task"))
expect(1, "Thông báo tình hình thông tin báo cáo", NOTICE)
# Tháng 02
expect(2, "Báo cáo nhanh tình hình Nhân dân trước, trong và sau Tết", (TET, "quick-report"))
expect(2, "Báo cáo công tác dân vận tháng 02/2024", MONTHLY)
expect(
    2,
    "Phối hợp các ngành liên quan tổ chức đoàn dự Đại lễ Đức Chí Tôn",
    ("tn-du-le-duc-chi-ton", "visit"),
)
expect(2, "Thông báo tình hình thông tin báo cáo", NOTICE)
# Tháng 3
expect(
    3,
    TEAM + "03 năm thực hiện Chỉ thị số 06-CT/TU",
    *((GS06, s) for s in PLANNING),
)
expect(3, "Tham mưu Thường trực Tỉnh uỷ họp Ban Chỉ đạo định kỳ quý I", (BCD37(1), "meeting"))
expect(3, "Báo cáo quý I/2024", ("tn-bdv-bc-quy", "report"))
expect(3, "Báo cáo kết quả thực hiện Chuyên đề năm 2024", ("tn-bc-chuyen-de-2024", "task"))
expect(
    3,
    "Tham mưu Ban Chỉ đạo 37 tỉnh Báo cáo kết quả hoạt động",
    (BCD37(1), "activity-report"),
    (BCD37(1), "budget-request"),
)
expect(3, "Tham mưu Ban Chỉ đạo 30 họp định kỳ", ("tn-bcd30-hop-quy-1", "meeting"))
expect(3, "Thông báo tình hình thông tin báo cáo", NOTICE)
# Tháng 4
expect(4, "Tổ chức giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU", (GS06, "supervision"))
expect(
    4,
    "Tổ chức giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU",
    (GS06, "unit-reports"),
    units={"tn-hoa-thanh", "tn-chau-thanh", "tn-dd-hnd"},
)
expect(
    4,
    "Xây dựng kế hoạch kiểm tra; quyết định thành lập đoàn kiểm tra",
    *((KT08, s) for s in PLANNING),
)
expect(
    4,
    "Báo cáo kết quả theo dõi, giám sát các nội dung sau Hội nghị tiếp xúc",
    ("tn-bc-theo-doi-sau-doi-thoai", "task"),
)
expect(
    4, "Thăm già làng, người uy tín tiêu biểu dân tộc Khmer", ("tn-tham-chol-chnam-thmay", "visit")
)
expect(4, "Thông báo tình hình thông tin báo cáo", NOTICE)
# Tháng 5
expect(5, "Tổ chức kiểm tra việc thực hiện Đề án số 08-ĐA/TU", (KT08, "supervision"))
expect(
    5,
    "Tổ chức kiểm tra việc thực hiện Đề án số 08-ĐA/TU",
    (KT08, "unit-reports"),
    units={"tn-dd-ldld", "tn-go-dau"},
)
expect(
    5,
    "Kế hoạch thăm, chúc mừng chức sắc Phật giáo",
    ("tn-tham-phat-dan", "plan"),
    ("tn-tham-phat-dan", "visit"),
)
expect(5, "Báo cáo công tác dân vận tháng 5/2024", MONTHLY)
expect(5, "Thông báo tình hình thông tin báo cáo", NOTICE)
# Tháng 6
expect(
    6,
    "Công văn chỉ đạo sơ kết 03 năm thực hiện Chỉ thị số 05-CT/TU",
    ("tn-so-ket-3-nam-05-ct-tu", "guidance-letter"),
)
expect(6, "Thông qua kết quả giám sát 03 năm thực hiện Chỉ thị số 06-CT/TU", (GS06, "adoption"))
expect(
    6,
    "Báo cáo kết quả công tác dân vận; thực hiện dân chủ ở cơ sở 6 tháng",
    ("tn-bdv-bc-6-thang", "standing-report"),
)
expect(
    6, "Tham mưu Thường trực Tỉnh uỷ họp Ban Chỉ đạo 37 tỉnh định kỳ quý II", (BCD37(2), "meeting")
)
expect(
    6,
    TEAM + "kết quả 03 năm thực hiện Chỉ thị số 05-CT/TU",
    *((GS05, s) for s in PLANNING),
)
expect(6, "Báo cáo 6 tháng đầu năm 2024", ("tn-bdv-bc-6-thang", "report"))
expect(
    6,
    "Tham mưu Ban Chỉ đạo 37 tỉnh kết quả hoạt động của Ban Chỉ đạo 6 tháng",
    (BCD37(2), "activity-report"),
    (BCD37(2), "budget-request"),
)
expect(
    6,
    CAMPAIGN + "vận động quần chúng tỉnh kế hoạch ra quân",
    (RA_QUAN, "plan"),
)
expect(6, "Thông báo tình hình thông tin báo cáo", NOTICE)
# Tháng 7
expect(
    7,
    "Cho ý kiến văn kiện Đại hội đại biểu Mặt trận Tổ quốc",
    ("tn-y-kien-van-kien-dai-hoi-mttq-x", "task"),
)
expect(
    7,
    "Công văn chỉ đạo sơ kết 03 năm thực hiện Quyết định số 23-QĐ/TW",
    ("tn-so-ket-3-nam-23-qd-tw", "guidance-letter"),
)
expect(
    7,
    "Công văn chỉ đạo sơ kết 03 năm thực hiện Chỉ thị số 06-CT/TU",
    ("tn-so-ket-3-nam-06-ct-tu", "guidance-letter"),
)
expect(
    7,
    TEAM + "kết quả lãnh đạo, chỉ đạo việc thực hiện Quy chế dân chủ",
    *((GSQCDC, s) for s in PLANNING),
)
expect(7, "Thông qua kết quả kiểm tra việc thực hiện Đề án số 08-ĐA/TU", (KT08, "adoption"))
expect(
    7, "Kế hoạch tổ chức đoàn chức sắc tôn giáo, dân tộc", ("tn-doan-chuc-sac-tham-quan", "plan")
)
expect(7, "Tổ chức giám sát kết quả 03 năm thực hiện Chỉ thị số 05-CT/TU", (GS05, "supervision"))
expect(
    7,
    "Tổ chức giám sát kết quả 03 năm thực hiện Chỉ thị số 05-CT/TU",
    (GS05, "unit-reports"),
    units={"tn-tan-bien"},
)
expect(
    7,
    CAMPAIGN + "vận động quần chúng tỉnh kế hoạch dự lễ ra quân",
    (RA_QUAN, "attendance-plan"),
    (RA_QUAN, "launch"),
)
expect(7, "Lập dự toán kinh phí Ban Chỉ đạo 37 tỉnh năm 2025", (BCD37(2), "budget-estimate"))
expect(7, "Báo cáo công tác dân vận tháng 7/2024", MONTHLY)
expect(7, "Thông báo tình hình thông tin báo cáo", NOTICE)
# Tháng 8
expect(
    8,
    "Báo cáo sơ kết 03 năm thực hiện Quyết định số 23-QĐ/TW",
    ("tn-so-ket-3-nam-23-qd-tw", "consolidated-report"),
)
expect(
    8,
    "Báo cáo sơ kết 03 năm thực hiện Chỉ thị số 05-CT/TU",
    ("tn-so-ket-3-nam-05-ct-tu", "consolidated-report"),
)
expect(
    8,
    "Báo cáo sơ kết 03 năm thực hiện Chỉ thị số 06-CT/TU",
    ("tn-so-ket-3-nam-06-ct-tu", "consolidated-report"),
)
expect(
    8,
    "Công văn chỉ đạo tổng kết 10 năm thực hiện Kết luận số 102-KL/TW",
    ("tn-tong-ket-10-nam-102-kl-tw", "guidance-letter"),
)
expect(
    8,
    "Công văn chỉ đạo sơ kết 05 năm thực hiện Kết luận số 65-KL/TW",
    ("tn-so-ket-5-nam-65-kl-tw", "guidance-letter"),
)
expect(
    8,
    "Tổ chức giám sát việc lãnh đạo, chỉ đạo việc thực hiện Quy chế dân chủ",
    (GSQCDC, "supervision"),
)
expect(
    8,
    "Tổ chức giám sát việc lãnh đạo, chỉ đạo việc thực hiện Quy chế dân chủ",
    (GSQCDC, "unit-reports"),
    units={"tn-trang-bang", "tn-tan-chau"},
)
expect(8, "Báo cáo kết quả phối hợp ra quân làm công tác dân vận đợt 1/2024", (RA_QUAN, "report"))
expect(8, "Báo cáo công tác dân vận tháng 8/2024", MONTHLY)
expect(8, "Tổ chức đoàn chức sắc tôn giáo, dân tộc", ("tn-doan-chuc-sac-tham-quan", "event"))
expect(8, "Dự lễ Vu Lan", ("tn-du-le-vu-lan", "visit"))
expect(8, "Thông báo tình hình thông tin báo cáo", NOTICE)
# Tháng 9
expect(
    9,
    "Báo cáo tổng kết 10 năm thực hiện Kết luận số 102-KL/TW",
    ("tn-tong-ket-10-nam-102-kl-tw", "consolidated-report"),
)
expect(9, "Kế hoạch tổ chức Hội nghị tiếp xúc, đối thoại", ("tn-hoi-nghi-doi-thoai", "plan"))
expect(9, "Tham mưu Thường trực Tỉnh ủy họp Ban Chỉ đạo định kỳ quý III", (BCD37(3), "meeting"))
expect(
    9, "Thông qua kết quả giám sát kết quả 03 năm thực hiện Chỉ thị số 05-CT/TU", (GS05, "adoption")
)
expect(
    9,
    "Kế hoạch thăm, chúc mừng chức sắc Cao Đài nhân dịp Đại lễ Hội Yến",
    ("tn-tham-hoi-yen-dieu-tri-cung", "plan"),
)
expect(
    9,
    "Kế hoạch thăm, chúc mừng già làng, người uy tín, tiêu biểu dân tộc Khmer",
    ("tn-tham-sene-dolta", "plan"),
)
expect(
    9,
    "Phối hợp các ngành liên quan tổ chức đoàn dự Đại lễ Hội Yến",
    ("tn-tham-hoi-yen-dieu-tri-cung", "visit"),
)
expect(
    9,
    "Báo cáo kết quả theo dõi, giám sát các nội dung sau Hội nghị tiếp xúc",
    ("tn-bc-theo-doi-sau-doi-thoai", "task"),
)
expect(9, "Báo cáo 9 tháng", ("tn-bdv-bc-9-thang", "report"), (BCD37(3), "activity-report"))
expect(9, "Thông báo tình hình thông tin báo cáo", NOTICE)
# Tháng 10
expect(
    10,
    "Báo cáo sơ kết 05 năm thực hiện Kết luận số 65-KL/TW",
    ("tn-so-ket-5-nam-65-kl-tw", "consolidated-report"),
)
expect(
    10,
    "Công văn chỉ đạo sơ kết 05 năm thực hiện Chỉ thị số 39-CT/TW",
    ("tn-so-ket-5-nam-39-ct-tw", "guidance-letter"),
)
expect(
    10,
    "Thông qua kết quả giám sát việc lãnh đạo, chỉ đạo việc thực hiện Quy chế dân chủ",
    (GSQCDC, "adoption"),
)
expect(
    10,
    "Tổ chức các hoạt động kỷ niệm 94 năm Ngày truyền thống",
    ("tn-ngay-truyen-thong-dan-van", "event"),
)
expect(10, "Xây dựng kế hoạch kiểm tra, chấm điểm thi đua", ("tn-cham-diem-thi-dua", "plan"))
expect(
    10,
    "Văn bản đề nghị cấp kinh phí hoạt động của Ban Chỉ đạo 37 tỉnh quý IV",
    (BCD37(3), "budget-request"),
)
expect(10, "Thông báo tình hình thông tin báo cáo", NOTICE)
# Tháng 11
expect(
    11,
    "Báo cáo sơ kết 05 năm thực hiện Chỉ thị số 39-CT/TW",
    ("tn-so-ket-5-nam-39-ct-tw", "consolidated-report"),
)
expect(
    11,
    "Báo cáo kết quả công tác dân vận; thực hiện dân chủ ở cơ sở năm 2024",
    ("tn-bdv-bc-nam", "standing-report"),
)
expect(11, "Báo cáo tổng kết năm", ("tn-bdv-bc-nam", "report"))
expect(
    11,
    "Báo cáo tình hình thực hiện công tác tôn giáo, dân tộc năm 2024",
    (BCD37(4), "activity-report"),
)
expect(
    11,
    "Tham mưu lãnh đạo ban đôn đốc, nhắc nhở các ngành về chấm điểm thi đua",
    ("tn-cham-diem-thi-dua", "sector-reminder"),
)
expect(11, "Tổ chức đoàn kiểm tra, chấm điểm thi đua", ("tn-cham-diem-thi-dua", "event"))
expect(
    11,
    "Phối hợp các ngành liên quan tổ chức đoàn dự Đại lễ kỷ niệm 100 năm Ngày Hoàng khai",
    ("tn-du-le-khai-dao-cao-dai", "visit"),
)
expect(
    11,
    CAMPAIGN + "vận động quần chúng tỉnh kế hoạch ra quân",
    (RA_QUAN, "plan"),
)
expect(
    11,
    "Thực hiện hồ sơ đề nghị công nhận cơ quan Ban Dân vận Tỉnh ủy",
    ("tn-ho-so-an-toan-antt", "task"),
)
# Tháng 12
expect(12, "Tham mưu Thường trực Tỉnh ủy họp Ban Chỉ đạo định kỳ quý IV", (BCD37(4), "meeting"))
expect(12, "Các báo cáo năm 2024", ("tn-cac-bao-cao-nam", "task"))
expect(
    12,
    "Kế hoạch thăm, chúc mừng chức sắc Công giáo và Tin Lành",
    ("tn-tham-giang-sinh", "plan"),
    ("tn-tham-giang-sinh", "visit"),
)
expect(
    12,
    CAMPAIGN + "vận động quần chúng tỉnh kế hoạch dự lễ ra quân",
    (RA_QUAN, "attendance-plan"),
    (RA_QUAN, "launch"),
)
expect(12, "Nhận xét, đánh giá tập thể, cá nhân cán bộ", ("tn-danh-gia-can-bo-cuoi-nam", "task"))
expect(12, "Tổng hợp kết quả chấm điểm thi đua", ("tn-cham-diem-thi-dua", "report"))
expect(
    12,
    "Chương trình công tác năm 2025 của Thường trực Ban Chỉ đạo 37",
    (BCD37(4), "work-programme"),
)

# Items that are not dated obligations: the Ban acts on them when they arise (an ad-hoc request
# when someone must report).
CONDITIONAL = "Tham mưu Thường trực Tỉnh uỷ xử lý, giải quyết những vấn đề phức tạp phát sinh"
NOT_SCHEDULED = {
    (2, "Không có."): "the month's advisory section is empty",
    **{
        (m, CONDITIONAL): "conditional: only if a complex issue arises (nếu có)"
        for m in (2, 5, 8, 10, 11)
    },
}


def _same(text: str) -> str:
    # The seed spells "uỷ" and "ủy" both ways, sometimes in one line.
    return text.replace("uỷ", "ủy").replace("Uỷ", "Ủy").replace("oà", "òa")


def _matches(item: Item, month: int, start: str) -> bool:
    return item.month == month and _same(item.text).startswith(_same(start))


@pytest.fixture(scope="module")
def preview_rows() -> list[dict[str, str]]:
    files = [str(PLANS / "tay-ninh-2024.yaml"), *map(str, sorted(PLANS.glob("calendar/*.yaml")))]
    result = CliRunner().invoke(
        app, ["preview", "--from", "2024-01-01", "--to", "2024-12-31", "--json", *files]
    )
    assert result.exit_code == 0, result.output
    rows: list[dict[str, str]] = json.loads(result.output)
    return rows


def test_the_fixture_holds_the_seeds_whole_programme() -> None:
    items = list(programme_items())
    # Counted by hand in the seed (tháng 02's "Không có." included; one line of tháng 10 holds
    # two items).
    per_month = [sum(1 for item in items if item.month == m) for m in range(1, 13)]
    assert per_month == [12, 6, 7, 5, 6, 9, 11, 12, 10, 8, 10, 7]


def test_every_item_of_the_programme_is_either_a_catalogue_step_or_said_not_to_be_one() -> None:
    for item in programme_items():
        expected = [e for e in EXPECTED if _matches(item, e[0], e[1])]
        unscheduled = [key for key in NOT_SCHEDULED if _matches(item, *key)]
        assert expected or unscheduled, f"line {item.line}: {item.text[:80]}"
        assert not (expected and unscheduled), item
    for month, start, _, _ in EXPECTED:
        assert any(_matches(item, month, start) for item in programme_items()), (month, start)


@pytest.mark.parametrize(
    ("month", "start", "steps", "units"),
    EXPECTED,
    ids=[f"{m:02d}-{s[:40]}-{sorted(u)[0]}" for m, s, _, u in EXPECTED],
)
def test_each_item_of_the_programme_is_previewed_in_its_month_for_its_owner(
    preview_rows: list[dict[str, str]],
    month: int,
    start: str,
    steps: Steps,
    units: frozenset[str],
) -> None:
    for obligation, step in steps:
        found = [r for r in preview_rows if r["obligation"] == obligation and r["step"] == step]
        in_month = {r["unit"] for r in found if r["due_on"].startswith(f"2024-{month:02d}-")}
        assert in_month == units, (
            obligation,
            step,
            sorted((r["due_on"], r["unit"]) for r in found),
        )
