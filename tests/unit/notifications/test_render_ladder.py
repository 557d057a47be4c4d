"""The ladder's own rungs — "not yet acknowledged" and the standing committee — rendered, pure.

Both are worded once for every step (email/steps/_generic); pinned literally here, and the
catalogue's names escaped in their HTML part as in every other template.
"""

from __future__ import annotations

from datetime import date

import pytest

from notifications.digest import GROUP_OF, LATE, NEW
from notifications.messages import Notice, Recipient, TaskSummary
from notifications.render import LADDER_TEMPLATES, render_email, zns_values
from notifications.zalo_templates import FILLED
from tests.unit.notifications.test_render import HOSTILE, HOSTILE_RECIPIENT, HOSTILE_TASK

D = date
TASK = TaskSummary(
    id=42,
    obligation_name="Báo cáo công tác dân vận tháng",
    unit_name="Ủy ban MTTQ Việt Nam tỉnh Tây Ninh",
    owner_name="Ban Dân vận Tỉnh ủy Tây Ninh",
    occurrence_label="Tháng 1/2024",
    window_start=D(2023, 12, 15),
    window_end=D(2024, 1, 14),
    due_on=D(2024, 1, 18),  # a Thursday
)
UNIT = Recipient("Ủy ban MTTQ Việt Nam tỉnh Tây Ninh", "vanphong@mttq.tayninh.example")
COMMITTEE = Recipient("Thường trực Tỉnh ủy Tây Ninh", "thuongtruc@tinhuy.tayninh.example")


def test_a_unit_that_has_not_acknowledged_is_asked_to_confirm_it_received_the_task() -> None:
    notice = Notice("unacknowledged", "escalate-1", TASK, D(2024, 1, 10), (UNIT,))
    subject, text, _ = render_email(notice, UNIT)
    assert subject == (
        "[Đôn đốc] Đề nghị xác nhận đã nhận: Báo cáo công tác dân vận tháng – Tháng 1/2024 "
        "(thời hạn 18/01/2024)"
    )
    assert (
        "Ban Dân vận Tỉnh ủy Tây Ninh đã giao “Báo cáo công tác dân vận tháng” – Tháng 1/2024, "
        "thời hạn thứ Năm, ngày 18/01/2024, nhưng đến nay chưa nhận được xác nhận của Ủy ban "
        "MTTQ Việt Nam tỉnh Tây Ninh." in " ".join(text.split())
    )


def test_the_standing_committee_is_told_how_late_and_who_was_told_before() -> None:
    notice = Notice("escalate-standing", "escalate-4", TASK, D(2024, 2, 1), (COMMITTEE,), 10)
    subject, text, _ = render_email(notice, COMMITTEE)
    assert subject == (
        "[Báo cáo] Ủy ban MTTQ Việt Nam tỉnh Tây Ninh chưa thực hiện Báo cáo công tác dân vận "
        "tháng – Tháng 1/2024 (quá hạn 10 ngày làm việc)"
    )
    text = " ".join(text.split())
    assert (
        "đã quá hạn 10 ngày làm việc; đơn vị, người đứng đầu và cơ quan chỉ đạo đã được nhắc"
        in text
    )
    assert zns_values(notice, COMMITTEE)["so_ngay"] == "10"


@pytest.mark.parametrize("template", LADDER_TEMPLATES)
def test_the_catalogues_names_are_escaped_in_the_ladders_html(template: str) -> None:
    recipient = HOSTILE_RECIPIENT
    notice = Notice(template, "escalate-1", HOSTILE_TASK, D(2024, 1, 25), (recipient,), 5)
    _, text, html = render_email(notice, recipient)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html
    assert HOSTILE in text  # the plain text keeps the name as written


def test_the_ladders_rungs_have_a_digest_group_and_zalo_parameters() -> None:
    assert GROUP_OF["unacknowledged"] == NEW
    assert GROUP_OF["escalate-standing"] == LATE
    assert set(LADDER_TEMPLATES) <= set(FILLED)
