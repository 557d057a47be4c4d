"""Mergers of units: who owes a merged unit's steps (pure), and the catalogue's refusals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from obligations.expand import expand, tasks_of
from obligations.loader import catalogue_files, load_catalogue
from obligations.model import owing_on
from obligations.schema import UnitKind, UnitSpec
from obligations.yamlsrc import CatalogueError

D = date
ROOT = Path(__file__).resolve().parents[3]


def unit(code: str, **fields: object) -> UnitSpec:
    return UnitSpec.model_validate(
        {"code": code, "name": code, "kind": UnitKind.PARTY_COMMISSION, **fields}
    )


# Tây Ninh's and Long An's commissions merged on 1/7/2025; a later merger passes it on again.
UNITS = {
    u.code: u
    for u in (
        unit("bdv-tn", valid_to=D(2025, 6, 30), merged_into="btgdv"),
        unit("bdv-la", valid_to=D(2025, 6, 30), merged_into="btgdv"),
        unit("btgdv", valid_from=D(2025, 7, 1), valid_to=D(2026, 3, 31), merged_into="ban-moi"),
        unit("ban-moi", valid_from=D(2026, 4, 1)),
        unit("bdv-huyen", valid_to=D(2025, 6, 30)),  # district level ended: no successor
    )
}


def test_a_merged_unit_owes_its_own_steps_up_to_its_last_day() -> None:
    assert owing_on(UNITS["bdv-tn"], D(2025, 6, 30), UNITS) == "bdv-tn"


def test_from_the_day_after_its_last_day_its_successor_owes() -> None:
    assert owing_on(UNITS["bdv-tn"], D(2025, 7, 1), UNITS) == "btgdv"
    assert owing_on(UNITS["bdv-la"], D(2025, 12, 31), UNITS) == "btgdv"


def test_a_successor_merged_in_turn_passes_it_on() -> None:
    assert owing_on(UNITS["bdv-tn"], D(2026, 4, 1), UNITS) == "ban-moi"


def test_a_unit_dissolved_without_successor_owes_nothing_after() -> None:
    assert owing_on(UNITS["bdv-huyen"], D(2025, 7, 1), UNITS) is None


def test_a_unit_owes_nothing_before_it_exists() -> None:
    assert owing_on(UNITS["btgdv"], D(2025, 6, 30), UNITS) is None


def successors_on(day: date) -> dict[str, str]:
    """Every merged unit whose successor owes for it on `day`: merged unit → that successor."""
    found = {code: owing_on(unit, day, UNITS) for code, unit in UNITS.items() if unit.merged_into}
    return {code: owner for code, owner in found.items() if owner not in (None, code)}


def test_the_successor_mapping_on_a_day_names_every_merged_unit() -> None:
    assert successors_on(D(2025, 7, 1)) == {"bdv-tn": "btgdv", "bdv-la": "btgdv"}
    assert successors_on(D(2026, 4, 1)) == {
        "bdv-tn": "ban-moi",
        "bdv-la": "ban-moi",
        "btgdv": "ban-moi",
    }
    assert successors_on(D(2025, 6, 30)) == {}


# --- the Tây Ninh plan: plans/tay-ninh-2024.yaml ----------------------------------------------


Owed = list[tuple[str, str, str, date]]  # (obligation, step, unit, due on)


@pytest.fixture(scope="module")
def tay_ninh_2025() -> Owed:
    files = [ROOT / "plans" / "tay-ninh-2024.yaml", *catalogue_files(ROOT / "plans" / "calendar")]
    catalogue = load_catalogue(files)
    planned = expand(catalogue, D(2025, 12, 31), {"tay-ninh-2024": D(2025, 1, 1)})
    return [
        (t.obligation_id, t.step_id, t.unit_code, t.due_on)
        for t in tasks_of(item for items in planned.values() for item in items)
        if t.occurrence_key == "2025"
    ]


def test_the_leads_steps_due_by_30_6_2025_are_the_ban_dan_vans(tay_ninh_2025: Owed) -> None:
    # The BCĐ 37's quý II meeting, Tuesday 24/6/2025, and its report a week before, 17/6.
    owed = {(ob, step): unit for ob, step, unit, _ in tay_ninh_2025}
    assert owed[("tn-bcd37-hop-quy-2", "meeting")] == "tn-bdv"
    assert owed[("tn-bcd37-hop-quy-2", "activity-report")] == "tn-bdv"


def test_the_leads_steps_due_from_1_7_2025_are_the_successors(tay_ninh_2025: Owed) -> None:
    # `lead: tn-bdv` resolves through the merger: the minutes of 24/6 are due 1/7/2025, the
    # quý III meeting is on 24/9/2025, the Vu Lan visit (rằm tháng Bảy) on 6/9/2025.
    owed = {(ob, step): unit for ob, step, unit, _ in tay_ninh_2025}
    assert owed[("tn-bcd37-hop-quy-2", "minutes")] == "tn-btgdv"
    assert owed[("tn-bcd37-hop-quy-3", "meeting")] == "tn-btgdv"
    assert owed[("tn-du-le-vu-lan", "visit")] == "tn-btgdv"
    late = {unit for _, _, unit, due in tay_ninh_2025 if due >= D(2025, 7, 1)}
    assert "tn-bdv" not in late
    assert not any(code.startswith("tn-bdv-") for code in late)  # the districts' ended


# --- refusals -------------------------------------------------------------------------------------

PLAN = """\
kind: plan
id: thu-nghiem
title: Kế hoạch thử nghiệm
owner: bdv
units:
  - code: bdv
    name: Ban Dân vận Tỉnh ủy
    kind: party-commission
    email: bdv@tinh.example
{bdv}
  - code: btgdv
    name: Ban Tuyên giáo và Dân vận Tỉnh ủy
    kind: party-commission
    email: btgdv@tinh.example
{btgdv}
"""


def refusal(tmp_path: Path, bdv: str, btgdv: str = "") -> str:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.format(bdv=bdv, btgdv=btgdv), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue([path])
    return str(caught.value)


def test_a_merger_without_a_last_day_is_refused_at_its_unit(tmp_path: Path) -> None:
    message = refusal(tmp_path, "    merged_into: btgdv")
    assert f"{tmp_path / 'plan.yaml'}:6: " in message
    assert "merged_into needs valid_to" in message


def test_an_unknown_successor_is_refused_at_its_line(tmp_path: Path) -> None:
    message = refusal(tmp_path, "    valid_to: 2025-06-30\n    merged_into: ban-tuyen-giao")
    assert f"{tmp_path / 'plan.yaml'}:11: merged_into 'ban-tuyen-giao' is not a unit" in message


def test_a_successor_not_there_on_the_merger_day_is_refused(tmp_path: Path) -> None:
    message = refusal(
        tmp_path, "    valid_to: 2025-06-30\n    merged_into: btgdv", "    valid_from: 2025-08-01"
    )
    assert f"{tmp_path / 'plan.yaml'}:11: 'btgdv' takes over from 'bdv' on 2025-07-01" in message
    assert "make 'btgdv' valid from 2025-07-01 or earlier" in message


def test_units_merged_into_each_other_are_refused(tmp_path: Path) -> None:
    message = refusal(
        tmp_path,
        "    valid_to: 2025-06-30\n    merged_into: btgdv",
        "    valid_to: 2025-07-31\n    merged_into: bdv",
    )
    assert "mergers form a cycle: bdv → btgdv → bdv" in message
