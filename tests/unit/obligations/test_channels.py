"""A unit's channels and a plan's `notifications:` section: refused at their line when they
cannot work, kept as they were written when the ledger stores and reads them back, and absent
from the stored JSON of a plan that does not use them (its content hash stays what it was)."""

from __future__ import annotations

from pathlib import Path

import pytest

from notifications.zalo_templates import FILLED, TEMPLATE_NAMES
from obligations.loader import Catalogue, load_catalogue
from obligations.schema import NOTICE_TEMPLATES, STORED, ZALO_PARAMS, PlanDoc
from obligations.yamlsrc import CatalogueError
from tests.unit.obligations.test_loader import PLAN, line_of, write

ZNS_UNIT = """\
  - code: hnd
    name: Hội Nông dân tỉnh
    kind: socio-political
    email: hnd@tinh.example
    zalo: "0912 000 111"
    zalo_user_id: "4455667788"
    channels: [zalo-zns, email]
    tags: [monthly]
    supervisor: tu
    head: {title: Chủ tịch, name: Trần Văn B, email: ct.hnd@tinh.example}
"""
REGISTERED = """\
notifications:
  zalo_templates:
    open: {id: "301001", params: {don_vi: 30, han_nop: 10}}
    remind: {id: "301002", params: {don_vi: 30, so_ngay: 3}}
    overdue: {id: "301003", params: {don_vi: 30, so_ngay: 3}}
    moved: {id: "301004", params: {ly_do: 100}}
"""


def with_unit(unit: str, tail: str = "") -> str:
    return PLAN.replace("obligations:\n", unit + "obligations:\n") + tail


def refused(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(CatalogueError) as raised:
        load_catalogue([write(tmp_path, "plan.yaml", text)])
    return [f"{issue.line}: {issue.message}" for issue in raised.value.issues]


def test_dondoc_and_the_catalogue_name_the_same_notices_and_parameters() -> None:
    assert NOTICE_TEMPLATES == TEMPLATE_NAMES
    assert ZALO_PARAMS == FILLED


def test_a_unit_choosing_zns_with_every_notice_registered_loads(tmp_path: Path) -> None:
    catalogue = load_catalogue([write(tmp_path, "plan.yaml", with_unit(ZNS_UNIT, REGISTERED))])
    unit = catalogue.units["hnd"]
    assert unit.channels == ("zalo-zns", "email")
    assert unit.zalo_user_id == "4455667788"
    (plan,) = catalogue.plans
    assert plan.notifications is not None
    assert plan.notifications.zalo_templates["open"].id == "301001"
    assert dict(plan.notifications.zalo_templates["open"].params) == {"don_vi": 30, "han_nop": 10}


def test_a_listed_channel_without_its_address_is_refused_at_the_channels_line(
    tmp_path: Path,
) -> None:
    unit = ZNS_UNIT.replace('    zalo_user_id: "4455667788"\n', "").replace(
        "[zalo-zns, email]", "[zalo-oa, email]"
    )
    text = with_unit(unit, REGISTERED)
    assert refused(tmp_path, text) == [
        f"{line_of(text, 'channels: [zalo-oa')}: units.3.channels: channel 'zalo-oa' needs "
        "'zalo_user_id': give it, or drop the channel"
    ]


def test_an_unknown_channel_is_refused(tmp_path: Path) -> None:
    text = with_unit(ZNS_UNIT.replace("[zalo-zns, email]", "[sms]"), REGISTERED)
    (problem,) = refused(tmp_path, text)
    assert problem.startswith(f"{line_of(text, 'channels: [sms]')}: units.3.channels.0: must be")
    assert "'email', 'zalo-zns' or 'zalo-oa', not 'sms'" in problem


def test_a_zalo_user_id_is_digits(tmp_path: Path) -> None:
    text = with_unit(ZNS_UNIT.replace('"4455667788"', '"abc"'), REGISTERED)
    problems = refused(tmp_path, text)
    assert problems[0].startswith(f"{line_of(text, 'zalo_user_id')}: units.3.zalo_user_id:")


def test_a_unit_choosing_zns_without_a_template_for_a_notice_it_gets_is_refused(
    tmp_path: Path,
) -> None:
    text = with_unit(
        ZNS_UNIT,
        REGISTERED.replace('    remind: {id: "301002", params: {don_vi: 30, so_ngay: 3}}\n', ""),
    )
    assert refused(tmp_path, text) == [
        f"{line_of(text, 'channels: [zalo-zns')}: unit 'hnd' chooses zalo-zns, but no Zalo ZNS "
        "template is registered for remind, which it is sent: register them under "
        "notifications.zalo_templates, or drop zalo-zns"
    ]


def test_a_unit_choosing_zns_in_a_plan_that_registers_nothing_is_refused(tmp_path: Path) -> None:
    text = with_unit(ZNS_UNIT)
    (problem,) = refused(tmp_path, text)
    assert problem.startswith(f"{line_of(text, 'channels: [zalo-zns')}: unit 'hnd' chooses")
    assert "registered for open, remind, overdue, moved, which it is sent" in problem


def test_a_unit_with_a_zalo_number_but_no_choice_needs_no_template(tmp_path: Path) -> None:
    # E-mail comes first by default: ZNS is a fallback, skipped when nothing is registered.
    unit = ZNS_UNIT.replace("    channels: [zalo-zns, email]\n", "")
    catalogue = load_catalogue([write(tmp_path, "plan.yaml", with_unit(unit))])
    assert catalogue.units["hnd"].channels == ()


def test_a_template_for_a_message_dondoc_does_not_send_is_refused(tmp_path: Path) -> None:
    text = PLAN + 'notifications:\n  zalo_templates:\n    welcome: {id: "9", params: {}}\n'
    assert refused(tmp_path, text) == [
        f"{line_of(text, 'welcome')}: 'welcome' is not a message dondoc sends (Zalo templates "
        "are registered for: open, remind, overdue, escalate-head, escalate-supervisor, moved, "
        "unacknowledged, escalate-standing, "
        "digest, alert)"
    ]


def test_a_parameter_dondoc_does_not_fill_is_refused_at_its_line(tmp_path: Path) -> None:
    text = (
        PLAN
        + "notifications:\n  zalo_templates:\n    digest:\n      id: '77'\n"
        + "      params:\n        so_viec: 3\n        don_vi: 30\n"
    )
    assert refused(tmp_path, text) == [
        f"{line_of(text, 'don_vi')}: dondoc does not fill 'don_vi' in a 'digest' message (it "
        "fills: nguoi_nhan, ngay, so_viec, so_qua_han, noi_dung, han_nop)"
    ]


def test_a_parameter_length_is_a_positive_number(tmp_path: Path) -> None:
    text = PLAN + "notifications:\n  zalo_templates:\n    open: {id: '1', params: {don_vi: 0}}\n"
    (problem,) = refused(tmp_path, text)
    assert problem.endswith(
        "notifications.zalo_templates.open.params.don_vi: must be at least 1, not 0"
    )


def test_the_template_directory_must_exist_beside_the_plan(tmp_path: Path) -> None:
    text = PLAN + "notifications:\n  templates: mau-tay-ninh\n"
    (problem,) = refused(tmp_path, text)
    assert problem.startswith(
        f"{line_of(text, 'templates: mau')}: there is no directory 'mau-tay-ninh' beside the plan"
    )
    (tmp_path / "mau-tay-ninh").mkdir()
    (plan,) = load_catalogue([tmp_path / "plan.yaml"]).plans
    assert plan.notifications is not None
    assert plan.notifications.templates == "mau-tay-ninh"


def test_the_new_fields_survive_the_ledgers_copy(tmp_path: Path) -> None:
    catalogue = load_catalogue([write(tmp_path, "plan.yaml", with_unit(ZNS_UNIT, REGISTERED))])
    (loaded,) = catalogue.documents
    stored = Catalogue.from_specs([("plan", loaded.file, loaded.content_hash, loaded.spec_json())])
    assert stored.plans == catalogue.plans
    assert stored.units["hnd"].channels == ("zalo-zns", "email")
    assert stored.units["hnd"].zalo_user_id == "4455667788"


def test_a_plan_without_the_new_fields_stores_no_trace_of_them(tmp_path: Path) -> None:
    # The ledger hashes a document's JSON: a plan that uses none of them must hash as before.
    (loaded,) = load_catalogue([write(tmp_path, "plan.yaml", PLAN)]).documents
    spec = loaded.spec_json()
    assert "notifications" not in spec
    for unit in spec["units"]:
        assert "channels" not in unit
        assert "zalo_user_id" not in unit
    assert "channels" not in spec["units"][2]["head"]
    assert PlanDoc.model_validate(spec, context={STORED: True}) == loaded.document


def test_a_specialists_channels_are_the_units(tmp_path: Path) -> None:
    text = PLAN + (
        "field_coverage:\n"
        "  obligation: di-co-so\n"
        "  rule: 'monthly on day 10'\n"
        "  head: {name: Phó Trưởng ban Lê C, email: ptb@tinh.example}\n"
        "  areas:\n"
        "    - code: go-dau\n"
        "      name: Huyện Gò Dầu\n"
        "      communes: [{code: phuoc-dong, name: Xã Phước Đông}]\n"
        "  specialists:\n"
        "    - code: cv-an\n"
        "      name: Chuyên viên Lê An\n"
        "      zalo_user_id: '99887766'\n"
        "      email: an@tinh.example\n"
        "      channels: [zalo-oa]\n"
        "      areas: [go-dau]\n"
    )
    catalogue = load_catalogue([write(tmp_path, "plan.yaml", text)])
    assert catalogue.units["cv-an"].channels == ("zalo-oa",)
    assert catalogue.units["cv-an"].zalo_user_id == "99887766"


def test_a_head_choosing_zns_needs_the_escalations_template(tmp_path: Path) -> None:
    unit = ZNS_UNIT.replace(
        "email: ct.hnd@tinh.example}",
        "email: ct.hnd@tinh.example, zalo: '0912 000 222', channels: [zalo-zns]}",
    )
    text = with_unit(unit, REGISTERED)
    assert refused(tmp_path, text) == [
        f"{line_of(text, 'head: {title: Chủ tịch, name: Trần')}: the head of 'hnd' chooses "
        "zalo-zns, but no Zalo ZNS template is registered for escalate-head, which it is sent: "
        "register them under notifications.zalo_templates, or drop zalo-zns"
    ]
    registered = REGISTERED + '    escalate-head: {id: "301005", params: {don_vi: 30}}\n'
    load_catalogue([write(tmp_path, "plan.yaml", with_unit(unit, registered))])
