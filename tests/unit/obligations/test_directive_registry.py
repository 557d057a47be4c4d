"""A plan's directive registry when two directives share a number.

Seed 000 reviews two different directives numbered 43-CT/TW: "Chỉ thị số 43-CT/TW ngày
08-6-2010 của Ban Bí thư (khóa X) về … Hội Chữ Thập đỏ Việt Nam" and "Chỉ thị số 43-CT/TW,
ngày 14-5-2015 của Ban Bí thư (khóa XI) về … chất độc hóa học". Each is given an `id`, which
its reviews name; the occurrences still say the directive's number.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from obligations.expand import expand, tasks_of
from obligations.loader import catalogue_files, load_catalogue
from obligations.yamlsrc import CatalogueError

ROOT = Path(__file__).resolve().parents[3]

PLAN = """\
kind: plan
id: thu-nghiem-so-ket
title: Sơ kết, tổng kết thử nghiệm
owner: bdv
units:
  - code: bdv
    name: Ban Dân vận Tỉnh ủy
    kind: party-commission
    email: bdv@tinh.example
    head: {title: Trưởng ban, name: Nguyễn Văn A, email: tb@tinh.example}
    supervisor: tu
  - code: tu
    name: Thường trực Tỉnh ủy
    kind: party-committee
    email: tttu@tinh.example
directives:
  - code: 43-CT/TW
    id: 43-ct-tw-2010
    kind: Chỉ thị
    issuer: Ban Bí thư (khóa X)
    issued: 2010-06-08
    title: về tăng cường sự lãnh đạo của Đảng đối với công tác của Hội Chữ Thập đỏ Việt Nam
  - code: 43-CT/TW
    id: 43-ct-tw-2015
    kind: Chỉ thị
    issuer: Ban Bí thư (khóa XI)
    issued: 2015-05-14
    title: về công tác giải quyết hậu quả chất độc hóa học do Mỹ sử dụng trong chiến tranh
obligations:
  - id: tong-ket-43-2010
    family: directive-review
    directive: 43-ct-tw-2010
    review: {kind: tong-ket, years: 10, due: 2021-Q3}
    steps: &alone
      - {id: guidance-letter}
      - {id: unit-reports, skip: true}
      - {id: consolidated-report, after: guidance-letter}
      - {id: conference, after: guidance-letter}
  - id: tong-ket-43-2015
    family: directive-review
    directive: 43-ct-tw-2015
    review: {kind: tong-ket, years: 10, due: 2025-Q2}
    steps: *alone
"""


def refused(tmp_path: Path, text: str) -> list[tuple[int, str]]:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as raised:
        load_catalogue([path, *catalogue_files(ROOT / "plans" / "calendar")])
    return [(issue.line, issue.message) for issue in raised.value.issues]


def line_of(text: str, fragment: str, *, last: bool = False) -> int:
    index = text.rindex(fragment) if last else text.index(fragment)
    return text[:index].count("\n") + 1


def test_two_directives_with_one_number_are_told_apart_by_their_ids(tmp_path: Path) -> None:
    catalogue = load_catalogue(
        [
            _write(tmp_path, PLAN),
            *catalogue_files(ROOT / "plans" / "calendar"),
        ]
    )
    resolved = catalogue.resolved
    assert resolved["tong-ket-43-2010"].directive is not None
    assert resolved["tong-ket-43-2010"].directive.issued == date(2010, 6, 8)
    assert resolved["tong-ket-43-2015"].directive is not None
    assert resolved["tong-ket-43-2015"].directive.issued == date(2015, 5, 14)
    planned = expand(catalogue, date(2025, 12, 31), {"thu-nghiem-so-ket": date(2021, 1, 1)})
    anchors = {
        ob_id: sorted({(t.occurrence_label, t.anchor) for t in tasks_of(items)})
        for ob_id, items in planned.items()
    }
    # The label says the number the units know, not the registry's id.
    assert anchors == {
        "tong-ket-43-2010": [("Tổng kết 10 năm thực hiện Chỉ thị số 43-CT/TW", date(2021, 9, 30))],
        "tong-ket-43-2015": [("Tổng kết 10 năm thực hiện Chỉ thị số 43-CT/TW", date(2025, 6, 30))],
    }


def test_a_label_template_gives_the_directives_number_not_its_id(tmp_path: Path) -> None:
    text = PLAN.replace(
        "    directive: 43-ct-tw-2015\n",
        "    directive: 43-ct-tw-2015\n    label: 'Tổng kết {n} năm Chỉ thị {directive} (2015)'\n",
    )
    catalogue = load_catalogue(
        [_write(tmp_path, text), *catalogue_files(ROOT / "plans" / "calendar")]
    )
    planned = expand(catalogue, date(2025, 12, 31), {"thu-nghiem-so-ket": date(2021, 1, 1)})
    labels = {t.occurrence_label for t in tasks_of(planned["tong-ket-43-2015"])}
    assert labels == {"Tổng kết 10 năm Chỉ thị 43-CT/TW (2015)"}


def test_one_number_twice_without_ids_is_refused_at_the_second(tmp_path: Path) -> None:
    text = PLAN.replace("    id: 43-ct-tw-2010\n", "").replace("    id: 43-ct-tw-2015\n", "")
    issues = refused(tmp_path, text)
    line = line_of(text, "- code: 43-CT/TW", last=True)
    assert any(
        found == line and re.search(r"'43-CT/TW' is listed twice .*give each an 'id'", message)
        for found, message in issues
    ), issues


def test_a_review_naming_a_shared_number_is_told_the_ids_to_use(tmp_path: Path) -> None:
    text = PLAN.replace("directive: 43-ct-tw-2015", "directive: 43-CT/TW")
    issues = refused(tmp_path, text)
    line = line_of(text, "directive: 43-CT/TW")
    assert any(
        found == line
        and "'43-CT/TW' is not in this plan's 'directives'" in message
        and "43-ct-tw-2010, 43-ct-tw-2015" in message
        for found, message in issues
    ), issues


def test_a_directive_without_an_id_is_still_named_by_its_code(tmp_path: Path) -> None:
    text = PLAN.replace("    id: 43-ct-tw-2015\n", "").replace(
        "directive: 43-ct-tw-2015", "directive: 43-CT/TW"
    )
    catalogue = load_catalogue(
        [_write(tmp_path, text), *catalogue_files(ROOT / "plans" / "calendar")]
    )
    directive = catalogue.resolved["tong-ket-43-2015"].directive
    assert directive is not None
    assert directive.issued == date(2015, 5, 14)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path
