"""A plan's field coverage (`field_coverage`): its areas, communes and specialists, checked at
their lines, and the pure coverage of a year (obligations/field_coverage.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from obligations.field_coverage import charge, find_specialist, year_coverage
from obligations.loader import catalogue_files, load_catalogue
from obligations.schema import UnitKind
from obligations.yamlsrc import CatalogueError
from tests.conftest import PLANS

# Lines: 11 field_coverage, 21 area huyen-b, 24 its commune b-1, 26 and 30 the specialists
# cv-an and cv-binh, 33 the areas cv-binh covers.
PLAN = """\
kind: plan
id: thu
title: Kế hoạch thử nghiệm
owner: ban
units:
  - code: ban
    name: Ban Dân vận
    kind: party-commission
    email: ban@x.example
    head: {name: Trưởng ban A, email: head@x.example}
field_coverage:
  obligation: di-co-so
  rule: monthly on workday -1
  valid_from: 2024-01-01
  areas:
    - code: huyen-a
      name: Huyện A
      communes:
        - {code: a-1, name: Xã A1}
        - {code: a-2, name: Xã A2}
    - code: huyen-b
      name: Huyện B
      communes:
        - {code: b-1, name: Xã B1}
  specialists:
    - code: cv-an
      name: Chuyên viên An
      email: an@x.example
      areas: [huyen-a]
    - code: cv-binh
      name: Chuyên viên Bình
      email: binh@x.example
      areas: [huyen-b]
"""


def load(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_catalogue([path, *catalogue_files(PLANS / "calendar")])
    except CatalogueError as error:
        return [f"{i.line}: {i.message}" for i in error.issues]
    return []


def test_the_specialists_are_units_of_the_plan_and_owe_the_field_day(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    catalogue = load_catalogue([path, *catalogue_files(PLANS / "calendar")])
    an = catalogue.units["cv-an"]
    assert (an.kind, an.parent, an.supervisor, an.email) == (
        UnitKind.SPECIALIST,
        "ban",
        "ban",
        "an@x.example",
    )
    assert an.head is not None
    assert an.head.email == "head@x.example"
    duty = catalogue.resolved["di-co-so"]
    assert duty.family.id == "field-coverage"
    assert [step.id for step in duty.steps] == ["field-day"]
    assert duty.spec.units == ("cv-an", "cv-binh")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("areas: [huyen-b]", "areas: [huyen-c]"),
            "33: there is no area 'huyen-c' in field_coverage.areas (the areas: huyen-a, huyen-b)",
        ),
        (
            ("areas: [huyen-b]", "communes: [b-9]"),
            "33: there is no commune 'b-9' in any area of field_coverage.areas",
        ),
        (
            ("areas: [huyen-b]", "areas: [huyen-b, huyen-a]"),
            "33: commune 'a-1' is already in the charge of specialist 'cv-an': a commune has one "
            "specialist",
        ),
        (
            ("{code: b-1, name: Xã B1}", "{code: a-2, name: Xã B1}"),
            "24: commune 'a-2' is already listed in area 'huyen-a'",
        ),
        (
            ("      email: binh@x.example\n", ""),
            "30: unit 'cv-binh' owes 'di-co-so' but has no e-mail or Zalo",
        ),
        (
            ("      areas: [huyen-b]\n", ""),
            "30: field_coverage.specialists.1: a specialist covers 'areas' and/or 'communes'",
        ),
    ],
    ids=[
        "unknown-area",
        "unknown-commune",
        "commune-in-two-charges",
        "commune-listed-twice",
        "specialist-without-address",
        "specialist-covering-nothing",
    ],
)
def test_a_bad_field_coverage_is_refused_at_its_line(
    tmp_path: Path, edit: tuple[str, str], expected: str
) -> None:
    assert expected in load(tmp_path, PLAN.replace(*edit))


def test_a_specialist_code_that_is_a_unit_already_is_refused(tmp_path: Path) -> None:
    issues = load(tmp_path, PLAN.replace("code: cv-binh", "code: ban"))
    assert "30: unit 'ban' is declared twice" in issues


def test_the_tay_ninh_plan_covers_its_2024_districts() -> None:
    catalogue = load_catalogue([PLANS / "tay-ninh-2024.yaml", *catalogue_files(PLANS / "calendar")])
    (plan,) = catalogue.plans
    assert plan.field_coverage is not None
    areas = {a.code: len(a.communes) for a in plan.field_coverage.areas}
    # Counts from the sources named in the plan; Tân Châu's list is partial (3 of its 12).
    assert areas == {
        "tp-tay-ninh": 10,
        "hoa-thanh": 8,
        "trang-bang": 10,
        "tan-bien": 10,
        "tan-chau": 3,
        "duong-minh-chau": 11,
        "chau-thanh": 15,
        "ben-cau": 9,
        "go-dau": 9,
    }
    found = find_specialist(catalogue.plans, "tn-cv-tran-thi-bich")
    assert found is not None
    assert len(charge(found[1], found[2])) == 19  # Trảng Bàng and Gò Dầu


def test_a_years_coverage_counts_communes_visited_and_months_ended_without_a_day(
    tmp_path: Path,
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    (plan,) = load_catalogue([path]).plans
    assert plan.field_coverage is not None
    an = plan.field_coverage.specialists[0]
    days = [
        ("a-1", date(2024, 1, 9)),
        ("a-1", date(2024, 3, 4)),
        ("b-1", date(2024, 4, 2)),  # outside the charge: the month's day, not the coverage
        ("a-1", date(2023, 12, 1)),  # another year
    ]
    found = year_coverage(plan.field_coverage, an, days, 2024, date(2024, 5, 31))
    assert found.visited == {"a-1": (date(2024, 1, 9), date(2024, 3, 4))}
    assert [c.code for c in found.not_visited] == ["a-2"]
    assert found.percent == 50.0
    assert found.months_without == (2, 5)  # May has ended on 31/5; June has not
