"""A plan's `bulletin:` section: valid ones load, bad values are refused at their FILE:LINE."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from obligations.loader import load_catalogue
from obligations.yamlsrc import CatalogueError
from tests.unit.obligations.test_loader import PLAN, line_of, write

BULLETIN = """\
bulletin:
  format: party
  issuer: bdv
  superior: TỈNH ỦY THỬ NGHIỆM
  issuer_line: BAN DÂN VẬN
  symbol: TB/BDVTU
  place: Thử Nghiệm
  signer: {authority: K/T TRƯỞNG BAN, title: PHÓ TRƯỞNG BAN, name: Nguyễn Văn B}
  recipients:
    - {unit: tu, note: (b/c)}
    - {unit: mttq, note: (p/h)}
    - {name: Lưu Văn thư Ban Dân vận Tỉnh ủy}
"""


def load(tmp_path: Path, text: str) -> Path:
    return write(tmp_path, "plan.yaml", text)


def test_a_plan_with_a_bulletin_loads_with_its_defaults(tmp_path: Path) -> None:
    catalogue = load_catalogue([load(tmp_path, PLAN + BULLETIN)])
    (plan,) = catalogue.plans
    spec = plan.bulletin
    assert spec is not None
    assert spec.format == "party"
    assert spec.families == ("periodic-report",)
    assert spec.day is None
    assert [r.unit for r in spec.recipients] == ["tu", "mttq", None]
    assert spec.signer.authority == "K/T TRƯỞNG BAN"


def test_a_plan_without_a_bulletin_stores_the_json_it_stored_before() -> None:
    from obligations.schema import PlanDoc

    plan = PlanDoc.model_validate({"kind": "plan", "id": "p", "title": "T", "owner": "bdv"})
    assert "bulletin" not in plan.model_dump(mode="json")


CASES = [
    (
        "unknown-format",
        ("format: party", "format: decree"),
        "format: decree",
        r"'party' or 'state'",
    ),
    ("unknown-issuer", ("issuer: bdv", "issuer: bdx"), "issuer: bdx", r"issuer 'bdx' is not a"),
    (
        "party-symbol-with-a-number",
        ("symbol: TB/BDVTU", "symbol: 12-TB/BDVTU"),
        "symbol: 12-TB/BDVTU",
        r"not a party document's symbol",
    ),
    (
        "state-format-with-a-party-symbol",
        ("format: party", "format: state"),
        "symbol: TB/BDVTU\n",
        r"not a state document's symbol \(like 'TB-UBND'",
    ),
    (
        "unknown-recipient",
        ("{unit: mttq, note: (p/h)}", "{unit: mtq, note: (p/h)}"),
        "{unit: mtq",
        r"recipient 'mtq' is not a declared unit",
    ),
    (
        "recipient-with-nothing",
        ("{name: Lưu Văn thư Ban Dân vận Tỉnh ủy}", "{note: (b/c)}"),
        "{note: (b/c)}",
        r"needs 'unit', 'email' or at least 'name'",
    ),
    (
        "unknown-obligation",
        ("  place: Thử Nghiệm\n", "  place: Thử Nghiệm\n  obligations: [bc-nam]\n"),
        "obligations: [bc-nam]",
        r"obligation 'bc-nam' is not one of this plan's obligations",
    ),
    (
        "day-out-of-range",
        ("  place: Thử Nghiệm\n", "  place: Thử Nghiệm\n  day: 31\n"),
        "day: 31",
        r"28",
    ),
    (
        "summary-with-an-unknown-field",
        ("  place: Thử Nghiệm\n", "  place: Thử Nghiệm\n  summary: Tháng {thang}\n"),
        "summary: Tháng",
        r"summary may use only \{month\} and \{year\}",
    ),
    (
        "unknown-key",
        ("  place: Thử Nghiệm\n", "  place: Thử Nghiệm\n  singer: x\n"),
        "singer: x",
        r"singer",
    ),
]


@pytest.mark.parametrize(
    ("old_new", "fragment", "reason"), [pytest.param(*c[1:], id=c[0]) for c in CASES]
)
def test_a_bad_bulletin_is_refused_at_its_file_line_with_a_reason(
    tmp_path: Path, old_new: tuple[str, str], fragment: str, reason: str
) -> None:
    old, new = old_new
    text = PLAN + BULLETIN.replace(old, new, 1)
    assert text != PLAN + BULLETIN
    path = load(tmp_path, text)
    with pytest.raises(CatalogueError) as raised:
        load_catalogue([path])
    issues = [i for i in raised.value.issues if re.search(reason, i.message)]
    assert issues, [str(i) for i in raised.value.issues]
    expected = line_of(text, fragment)
    assert (issues[0].file, issues[0].line) == (str(path), expected), str(issues[0])


def test_the_tay_ninh_plan_declares_its_party_bulletin() -> None:
    root = Path(__file__).resolve().parents[3]
    catalogue = load_catalogue(
        [
            root / "plans" / "tay-ninh-2024.yaml",
            *sorted((root / "plans" / "calendar").glob("*.yaml")),
        ]
    )
    (plan,) = catalogue.plans
    spec = plan.bulletin
    assert spec is not None
    assert (spec.format, spec.issuer, spec.symbol) == ("party", "tn-bdv", "TB/BDVTU")
    assert spec.superior == "TỈNH ỦY TÂY NINH"
