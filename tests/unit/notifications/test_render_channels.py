"""Rendering a notice for every channel a recipient has — `notifications.render.compose`, pure.

A recipient is written on its first channel, with the same message on its next ones as
fallbacks: e-mail as before, Zalo ZNS as an approved template's parameters (plain, each within
its registered length), Zalo OA as plain text within 2,000 characters. A province's own files
replace dondoc's, and cannot reach outside their directory.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from jinja2 import TemplateNotFound

from notifications import render
from notifications.messages import Notice, Recipient, preferred_channels
from notifications.render import (
    TemplateSet,
    compose,
    environment,
    render_email,
    render_email_fast,
    render_zalo,
)
from notifications.zalo_templates import ZaloTemplate, fill, plain, shorten
from tests.unit.notifications.test_render import TASK, notice

D = date
PHONE = "84912345678"
FOLLOWER = "4455667788"
UNIT = Recipient("Ban Dân vận Huyện ủy Gò Dầu", "bdv@godau.tayninh.example", PHONE, FOLLOWER)
REMIND = TemplateSet(
    None,
    (
        (
            "remind",
            ZaloTemplate("301002", (("don_vi", 12), ("han_nop", 10), ("so_ngay", 3), ("ky", 20))),
        ),
    ),
)


def reminder(recipient: Recipient) -> Notice:
    return notice("remind", "before-3", D(2024, 1, 15), recipient)


# ------------------------------------------------------------------------ order of channels


def test_without_a_choice_email_comes_first_then_zns_then_oa() -> None:
    assert preferred_channels("a@b.example", PHONE, FOLLOWER) == (
        ("email", "a@b.example"),
        ("zalo-zns", PHONE),
        ("zalo-oa", FOLLOWER),
    )


def test_a_recipients_own_order_is_kept_among_the_channels_it_has_an_address_for() -> None:
    assert preferred_channels(None, PHONE, FOLLOWER, ("zalo-oa", "email", "zalo-zns")) == (
        ("zalo-oa", FOLLOWER),
        ("zalo-zns", PHONE),
    )
    assert preferred_channels(None, None, None) == ()


# --------------------------------------------------------------------------------- compose


def test_the_first_channel_carries_the_next_ones_as_fallbacks() -> None:
    chooser = replace(UNIT, channels=("zalo-zns", "zalo-oa", "email"))
    (message,) = compose(replace(reminder(chooser), recipients=(chooser,)), REMIND)
    assert (message.channel, message.address) == ("zalo-zns", PHONE)
    assert message.payload == {
        "template_id": "301002",
        "template_data": {
            "don_vi": "Ban Dân vận…",
            "han_nop": "18/01/2024",
            "so_ngay": "3",
            "ky": "Tháng 1/2024",
        },
    }
    assert message.html is None
    assert message.subject == (
        "[Nhắc hạn] Còn 3 ngày: Báo cáo công tác dân vận tháng – Tháng 1/2024 (hạn 18/01/2024)"
    )
    assert [(m.channel, m.address) for m in message.fallbacks] == [
        ("zalo-oa", FOLLOWER),
        ("email", "bdv@godau.tayninh.example"),
    ]
    oa, email = message.fallbacks
    assert oa.text == message.text  # the OA text is what the outbox lists for the ZNS one
    assert (email.subject, email.text, email.html) == render_email(reminder(UNIT), UNIT)
    assert email.fallbacks == ()
    assert oa.fallbacks == ()


def test_by_default_email_leads_and_an_unregistered_zns_template_is_skipped() -> None:
    (message,) = compose(reminder(UNIT))
    assert message.channel == "email"
    assert [m.channel for m in message.fallbacks] == ["zalo-oa"]


def test_a_recipient_whose_only_channel_is_an_unregistered_zns_template_gets_nothing() -> None:
    phone_only = Recipient("Hội Người cao tuổi", None, PHONE)
    assert compose(replace(reminder(phone_only), recipients=(phone_only,))) == []


def test_the_zalo_oa_message_is_plain_text() -> None:
    subject, text = render_zalo(reminder(UNIT), UNIT)
    assert subject == (
        "[Nhắc hạn] Còn 3 ngày: Báo cáo công tác dân vận tháng – Tháng 1/2024 (hạn 18/01/2024)"
    )
    assert text == (
        "Kính gửi: Ban Dân vận Huyện ủy Gò Dầu\n"
        "\n"
        "Còn 3 ngày nữa là đến hạn gửi “Báo cáo công tác dân vận tháng” kỳ Tháng 1/2024, "
        "Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo của quý đơn vị. Đề nghị quý đơn vị "
        "khẩn trương hoàn thành và gửi đúng hạn. Nếu đã gửi, xin vui lòng bỏ qua thư này.\n"
        "\n"
        "- Nội dung: Báo cáo công tác dân vận tháng\n"
        "- Kỳ báo cáo: Tháng 1/2024\n"
        "- Số liệu: từ 15/12/2023 đến 14/01/2024\n"
        "- Thời hạn gửi: thứ Năm, ngày 18/01/2024\n"
        "\n"
        "Ban Dân vận Tỉnh ủy Tây Ninh (hệ thống đôn đốc; mã nhiệm vụ 42, before-3).\n"
        "Khi trả lời hoặc gửi báo cáo, xin ghi rõ số, ký hiệu văn bản."
    )


def test_a_zalo_oa_message_never_passes_two_thousand_characters() -> None:
    long_task = replace(TASK, obligation_name="Báo cáo " + "rất dài " * 400)
    long = Notice("open", "open", long_task, D(2024, 1, 8), (UNIT,))
    _, text = render_zalo(long, UNIT)
    assert len(text) == 2000
    assert text.endswith("…")


def test_the_copies_of_zalo_messages_are_what_rendering_each_gives() -> None:
    hostile = Recipient("Hội \ue000recipient\ue001 <b>", None, PHONE, FOLLOWER)
    one = replace(reminder(hostile), recipients=(hostile,), task=replace(TASK, id=77))
    (message,) = compose(one, REMIND)
    assert (message.subject, message.text) == render_zalo(one, hostile)
    assert message.text.startswith("Kính gửi: Hội \ue000recipient\ue001 <b>\n")


# --------------------------------------------------------------------- ZNS parameter values


def test_a_parameter_is_cut_with_an_ellipsis_inside_its_length() -> None:
    assert shorten("Ban Dân vận Huyện ủy Gò Dầu", 12) == "Ban Dân vận…"
    assert shorten("Ban Dân vận Huyện ủy Gò Dầu", 1) == "…"
    assert shorten("Gò Dầu", 6) == "Gò Dầu"


def test_a_parameter_loses_its_control_characters_and_line_breaks() -> None:
    assert plain("Hội\tNông\r\ndân\x00  tỉnh\u2028Tây Ninh") == "Hội Nông dân tỉnh Tây Ninh"
    template = ZaloTemplate("1", (("don_vi", 30), ("ly_do", 5)))
    assert fill(template, {"don_vi": "Đoàn\nThanh niên"}) == {
        "template_id": "1",
        "template_data": {"don_vi": "Đoàn Thanh niên", "ly_do": ""},
    }


def test_markup_in_a_parameter_is_sent_as_typed() -> None:
    # Zalo shows no HTML: escaping it would show "&lt;b&gt;" to the reader.
    assert plain('<b>Hội</b> & "Đoàn"') == '<b>Hội</b> & "Đoàn"'


def test_a_template_set_reads_a_plans_registrations_as_the_ledger_stores_them(
    tmp_path: Path,
) -> None:
    found = TemplateSet.of(
        {"templates": "mau", "zalo_templates": {"open": {"id": "301001", "params": {"ky": 20}}}},
        tmp_path,
    )
    assert found.overrides == (tmp_path / "mau").resolve()
    assert found.zalo_template("open") == ZaloTemplate("301001", (("ky", 20),))
    assert found.zalo_template("remind") is None
    assert TemplateSet.of(None) == TemplateSet()


# ------------------------------------------------------------------ a province's own wording


def overrides(tmp_path: Path, files: dict[str, str]) -> TemplateSet:
    for name, text in files.items():
        path = tmp_path / "mau" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return TemplateSet(tmp_path / "mau")


def test_a_provinces_file_replaces_dondocs_of_the_same_path(tmp_path: Path) -> None:
    own = overrides(
        tmp_path,
        {"email/steps/report/open.subject.txt": "[Tây Ninh] {{ task.obligation_name }} <mới>\n"},
    )
    opened = notice("open", "open", D(2024, 1, 8), UNIT)
    subject, text, html = render_email(opened, UNIT, own)
    assert subject == "[Tây Ninh] Báo cáo công tác dân vận tháng <mới>"
    assert "<title>[Tây Ninh] Báo cáo công tác dân vận tháng &lt;mới&gt;</title>" in html
    # The rest is dondoc's.
    assert text == render_email(opened, UNIT)[1]
    assert render_email(opened, UNIT)[0] == (
        "[Đôn đốc] Báo cáo công tác dân vận tháng – Tháng 1/2024: hạn gửi 18/01/2024"
    )


def test_the_fast_copies_are_kept_apart_per_template_set(tmp_path: Path) -> None:
    own = overrides(tmp_path, {"email/steps/report/open.subject.txt": "Riêng {{ task.id }}\n"})
    opened = notice("open", "open", D(2024, 1, 8), UNIT)
    render._RENDERED.clear()
    assert render_email_fast(opened, UNIT)[0].startswith("[Đôn đốc]")
    assert render_email_fast(opened, UNIT, own)[0] == "Riêng 42"
    assert render_email_fast(opened, UNIT)[0].startswith("[Đôn đốc]")
    assert len(render._RENDERED) == 2


def test_a_zalo_file_of_a_province_words_the_oa_message(tmp_path: Path) -> None:
    own = overrides(
        tmp_path, {"zalo/steps/_generic/remind.sentence.txt": "Nhắc: {{ about }}, hạn gần.\n"}
    )
    meeting = replace(TASK, step_kind="unknown-kind", window_start=None, window_end=None)
    one = Notice("remind", "before-3", meeting, D(2024, 1, 15), (UNIT,))
    _, text = render_zalo(one, UNIT, own)
    assert "\n\nNhắc: Báo cáo công tác dân vận tháng, hạn gần.\n\n" in text
    # The e-mail keeps dondoc's generic wording: the file is Zalo's only.
    assert "Nhắc:" not in render_email(one, UNIT, own)[1]


def test_an_override_cannot_reach_outside_its_directory(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("bí mật", encoding="utf-8")
    own = overrides(tmp_path, {"email/x.txt": '{% include "../../secret.txt" %}'})
    env = environment(own.key)
    with pytest.raises(TemplateNotFound):
        env.get_template("../secret.txt")
    with pytest.raises(TemplateNotFound):
        env.get_template("email/x.txt").render()


def test_a_provinces_templates_are_sandboxed(tmp_path: Path) -> None:
    from jinja2.exceptions import SecurityError

    own = overrides(
        tmp_path,
        {"email/steps/report/open.subject.txt": "{{ task.__class__.__init__.__globals__ }}\n"},
    )
    with pytest.raises(SecurityError):
        render_email(notice("open", "open", D(2024, 1, 8), UNIT), UNIT, own)
