"""`dondoc plan import` of the seeds' own texts: seed 000's appendix of reviews, seed 003's
month-by-month programme (tests/fixtures/, whole files, prose included)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from dondoc.cli import app
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
SEED_000 = FIXTURES / "seed-000-programme-and-appendix.txt"
SEED_003 = FIXTURES / "seed-003-plan-and-programme.txt"
CALENDAR = [str(p) for p in sorted((ROOT / "plans" / "calendar").glob("*.yaml"))]
runner = CliRunner()

# Seed 000's appendix, read item by item: (line, directive key, issued, review, years, lead,
# deadline quarter, the quarter's last working day). Items 2023.2, 2023.3 and 2023.4 name two
# directives each; 43-CT/TW is two directives (2010 and 2015), so each has an id.
APPENDIX = [
    (136, "120-KL/TW", "2016-01-07", "so-ket", 5, "kg-bdv", "2021-Q2", "2021-06-30"),
    (138, "59-CT/TW", "2000-12-15", "tong-ket", 20, "kg-dd-hnd", "2021-Q3", "2021-09-30"),
    (140, "43-ct-tw-2010", "2010-06-08", "tong-ket", 10, "kg-btv-hctd", "2021-Q3", "2021-09-30"),
    (142, "52-CT/TW", "2016-01-09", "so-ket", 5, "kg-dd-ldld", "2021-Q3", "2021-09-30"),
    (146, "09-NQ/TW", "2002-01-08", "tong-ket", 20, "kg-dd-hccb", "2022-Q1", "2022-03-31"),
    (148, "14-CT/TW", "2017-07-19", "so-ket", 5, "kg-bcsd-ubnd", "2022-Q3", "2022-09-30"),
    (150, "99-QĐ/TW", "2017-10-03", "so-ket", 5, "kg-btc", "2022-Q4", "2022-12-30"),
    (156, "23-NQ/TW", "2003-03-12", "tong-ket", 20, "kg-dd-mttq", "2023-Q2", "2023-06-30"),
    (158, "25-NQ/TW", "2013-06-03", "tong-ket", 10, "kg-bdv", "2023-Q2", "2023-06-30"),
    (158, "43-KL/TW", "2019-01-07", "so-ket", 5, "kg-bdv", "2023-Q2", "2023-06-30"),
    (160, "55-KL/TW", "2013-01-18", "tong-ket", 10, "kg-dd-hlhpn", "2023-Q2", "2023-06-30"),
    (160, "21-CT/TW", "2018-01-20", "so-ket", 5, "kg-dd-hlhpn", "2023-Q2", "2023-06-30"),
    (162, "217-QĐ/TW", "2013-12-12", "tong-ket", 10, "kg-dd-mttq", "2023-Q4", "2023-12-29"),
    (162, "218-QĐ/TW", "2013-12-12", "tong-ket", 10, "kg-dd-mttq", "2023-Q4", "2023-12-29"),
    (164, "79-KL/TW", "2013-12-25", "tong-ket", 10, "kg-dd-ldld", "2023-Q4", "2023-12-29"),
    (166, "80-KL/TW", "2013-12-25", "tong-ket", 10, "kg-btv-tinh-doan", "2023-Q4", "2023-12-29"),
    (170, "124-QĐ/TW", "2018-02-02", "so-ket", 5, "kg-dd-mttq", "2023-Q2", "2023-06-30"),
    (174, "97-KL/TW", "2014-05-15", "tong-ket", 10, "kg-bcsd-ubnd", "2024-Q2", "2024-06-28"),
    (176, "65-KL/TW", "2019-10-30", "so-ket", 5, "kg-bcsd-ubnd", "2024-Q3", "2024-09-30"),
    (178, "39-CT/TW", "2019-11-01", "so-ket", 5, "kg-bcsd-ubnd", "2024-Q4", "2024-12-31"),
    (182, "213-QĐ/TW", "2020-01-02", "so-ket", 5, "kg-btc", "2025-Q1", "2025-03-31"),
    (184, "158-TB/TW", "2020-01-02", "so-ket", 5, "kg-bcsd-ubnd", "2025-Q1", "2025-03-31"),
    (186, "114-KL/TW", "2015-07-14", "tong-ket", 10, "kg-bcsd-ubnd", "2025-Q2", "2025-06-30"),
    (188, "43-ct-tw-2015", "2015-05-14", "tong-ket", 10, "kg-bcsd-ubnd", "2025-Q2", "2025-06-30"),
    (192, "160-TB/TW", "2020-01-15", "so-ket", 5, "kg-dd-mttq", "2025-Q2", "2025-06-30"),
    (196, "49-CT/TW", "2015-10-20", "tong-ket", 10, "kg-bdv", "2025-Q3", "2025-09-30"),
]


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def seed_000(cli: CliRunner, tmp_path: Path) -> tuple[dict[str, Any], str, Path]:
    out = tmp_path / "seed-000.yaml"
    code, _, listed = invoke(
        "plan", "import", str(SEED_000), "-o", str(out), "--owner", "kg-bdv", "--id", "kg-import"
    )
    assert code == 0, listed
    return yaml.safe_load(out.read_text(encoding="utf-8")), listed, out


@pytest.fixture
def seed_003(cli: CliRunner, tmp_path: Path) -> tuple[dict[str, Any], str, Path]:
    out = tmp_path / "seed-003.yaml"
    code, _, listed = invoke("plan", "import", str(SEED_003), "-o", str(out), "--id", "tn-import")
    assert code == 0, listed
    return yaml.safe_load(out.read_text(encoding="utf-8")), listed, out


def test_every_item_of_seed_000s_appendix_becomes_its_directive_and_review(
    seed_000: tuple[dict[str, Any], str, Path],
) -> None:
    plan, _, _ = seed_000
    directives = {d.get("id") or d["code"]: d for d in plan["directives"]}
    found = sorted(
        (
            int(re.search(r":(\d+) ", ob["source"]).group(1)),  # type: ignore[union-attr]
            ob["directive"],
            directives[ob["directive"]]["issued"],
            ob["review"]["kind"],
            ob["review"]["years"],
            ob["lead"],
            ob["review"]["due"],
        )
        for ob in plan["obligations"]
    )
    assert found == sorted(row[:7] for row in APPENDIX)
    assert plan["owner"] == "kg-bdv"
    assert directives["43-ct-tw-2010"]["code"] == directives["43-ct-tw-2015"]["code"] == "43-CT/TW"
    assert directives["99-QĐ/TW"]["issuer"] == "Ban Bí thư (khóa XII)"
    assert directives["99-QĐ/TW"]["title"].startswith("ban hành hướng dẫn khung")
    assert directives["99-QĐ/TW"]["title"].endswith("tự chuyển hóa trong nội bộ")  # 2 pages
    assert directives["158-TB/TW"]["kind"] == "Thông báo"


def test_seed_000s_prose_is_listed_line_by_line_and_the_appendix_items_are_not(
    seed_000: tuple[dict[str, Any], str, Path],
) -> None:
    _, listed, _ = seed_000
    lines = {int(m) for m in re.findall(r"seed-000[^:]*:(\d+): ", listed)}
    assert {3, 8, 124, 131, 132, 200} <= lines
    assert not lines & {row[0] for row in APPENDIX}
    assert not lines & {152, 168, 190, 194, 198}  # the items' second lines and pages


def test_seed_000s_catalogue_passes_plan_check_and_previews_the_seeds_quarters_and_leads(
    seed_000: tuple[dict[str, Any], str, Path],
) -> None:
    _, _, out = seed_000
    code, checked, problems = invoke("plan", "check", str(out), *CALENDAR)
    assert code == 0, problems
    assert "plan kg-import: 12 units, 26 obligations" in checked
    code, shown, problems = invoke(
        "preview", "--from", "2021-01-01", "--to", "2025-12-31", "--json", str(out), *CALENDAR
    )
    assert code == 0, problems
    rows = json.loads(shown)
    consolidated = {
        (r["directive"], r["due_on"], r["unit"]) for r in rows if r["step"] == "consolidated-report"
    }
    code_of = {"43-ct-tw-2010": "43-CT/TW", "43-ct-tw-2015": "43-CT/TW"}  # the preview shows codes
    assert consolidated == {(code_of.get(row[1], row[1]), row[7], row[5]) for row in APPENDIX}


def _programme_items(path: Path) -> list[tuple[int, int]]:
    """(line, month) of every item of seed 003's programme, as a reader counts them."""
    items: list[tuple[int, int]] = []
    month = 0
    inside = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() == "CHƯƠNG TRÌNH CÔNG TÁC":
            inside = True
        elif inside and line.startswith("Trên đây là"):
            break
        elif inside and (m := re.match(r"^\d+\. Tháng (\d+)", line)):
            month = int(m.group(1))
        elif inside and month and line.startswith("- "):
            items += [(number, month)] * (1 + line.count(". - "))
    return items


def test_seed_003s_programme_loses_no_item_each_is_imported_in_its_month_or_listed(
    seed_003: tuple[dict[str, Any], str, Path],
) -> None:
    plan, listed, _ = seed_003
    items = _programme_items(SEED_003)
    assert len(items) == 103  # 102 lines, one of which holds two items
    listed_lines = {int(m) for m in re.findall(r"seed-003[^:]*:(\d+): (?!note)", listed)}
    imported: dict[int, set[int]] = {}
    for ob in plan["obligations"]:
        for line, month in re.findall(r"\.txt:(\d+) \(tháng (\d+)\)", ob["source"]):
            imported.setdefault(int(line), set()).add(int(month))
    for line, month in items:
        assert month in imported.get(line, set()) or line in listed_lines, line
    # Listed: nothing this month, the conditional items, and the names it could not map.
    assert {195, 202, 240, 250, 332, 377, 403} <= listed_lines
    assert re.search(r":270: 'đồng chí Phó Bí thư Huyện uỷ, Chủ tịch UBND huyện' names", listed)
    assert re.search(r":373: 'Ban Dân vận các huyện, thị, Thành uỷ' names a group", listed)
    assert 377 in imported  # the line's second item, "- Thông báo tình hình …"


def test_seed_003s_programme_gives_its_supervisions_reviews_visits_and_tasks(
    seed_003: tuple[dict[str, Any], str, Path],
) -> None:
    plan, _, out = seed_003
    assert plan["owner"] == "tn-bdv"  # the letterhead: TỈNH ỦY TÂY NINH / BAN DÂN VẬN
    by_family: dict[str, list[dict[str, Any]]] = {}
    for ob in plan["obligations"]:
        by_family.setdefault(ob["family"], []).append(ob)
    supervisions = {ob["rule"]: ob for ob in by_family["supervision"]}
    # Chỉ thị 06-CT/TU: plan in March, supervision in April, adoption in June (lines 209, 224, 260).
    six = supervisions["once in 2024-04"]
    # "Đảng đoàn Hội Nông dân tỉnh" is a unit of the catalogue of its own (tn-dd-hnd).
    assert six["units"] == ["tn-hoa-thanh", "tn-chau-thanh", "tn-dd-hnd"]
    steps = {s["id"]: s.get("due") for s in six["steps"]}
    assert steps["plan"] == steps["decision"] == steps["guidance"] == "in the month before"
    assert steps["adoption"] == "in month +2"
    assert sorted(supervisions) == [f"once in 2024-{m}" for m in ("04", "05", "07", "08", "11")]
    reviews = {(ob["directive"], ob["review"]["due"]) for ob in by_family["directive-review"]}
    assert reviews == {
        ("05-CT/TU", "2024-08"),
        ("23-QĐ/TW", "2024-08"),
        ("1116-QĐ/TU", "2024-08"),
        ("06-CT/TU", "2024-08"),
        ("102-KL/TW", "2024-09"),
        ("158-TB/TW", "2024-09"),
        ("65-KL/TW", "2024-10"),
        ("39-CT/TW", "2024-11"),
    }
    festivals = sorted(ob["festival"] for ob in by_family["holiday-visit"])
    assert festivals == sorted(
        [
            "tet-nguyen-dan",
            "dai-le-duc-chi-ton",
            "chol-chnam-thmay",
            "phat-dan",
            "vu-lan",
            "hoi-yen-dieu-tri-cung",
            "sene-dolta",
            "khai-dao-cao-dai",
            "giang-sinh",
        ]
    )
    january = [ob for ob in by_family["task"] if ob["rule"] == "once in 2024-01"]
    assert "Báo cáo công tác dân vận tháng 01/2024" in {ob["name"] for ob in january}
    assert all(ob["lead"] == "tn-bdv" for ob in by_family["task"])
    code, _, problems = invoke("plan", "check", str(out), *CALENDAR)
    assert code == 0, problems


def test_a_text_with_no_appendix_or_programme_writes_nothing_and_says_so(
    cli: CliRunner, tmp_path: Path
) -> None:
    text = tmp_path / "prose.txt"
    text.write_text("TỈNH ỦY TÂY NINH\nBAN DÂN VẬN\n\nMột đoạn văn.\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    code, _, problems = invoke("plan", "import", str(text), "-o", str(out))
    assert code == 1
    assert "found no appendix" in problems
    assert not out.exists()


def test_an_owner_the_catalogue_does_not_know_is_refused_with_a_sentence(
    cli: CliRunner, tmp_path: Path
) -> None:
    code, _, problems = invoke("plan", "import", str(SEED_000), "--owner", "no-such-unit")
    assert code == 1
    assert "--owner no-such-unit: no unit of the catalogue has this code" in problems
