"""The field day's wording (family field-coverage, kind field-day; `steps/field-day/`), pinned
literally for every stage — `notifications.render`, pure: a hand-built `Notice` in, text out.

A field day is owed by a specialist, in person ("đồng chí"), within a month: it is not a
report to send nor an event on a day, so it says "chậm nhất" the month's last working day and
asks for the day gone and the communes visited.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from notifications.messages import Notice, Recipient, TaskSummary
from notifications.render import has_own_wording, render_email
from tests.unit.notifications.test_render import Reader

OWNER = "Ban Dân vận Tỉnh ủy Tây Ninh"
SPECIALIST = Recipient("Chuyên viên Trần Thị Bích", "tranthibich.bdv@tinhuy.tayninh.example")
HEAD = Recipient("Trưởng ban Phạm Văn Dũng (Ban Dân vận Tỉnh ủy Tây Ninh)", "tb@x.example")
BAN = Recipient(OWNER, "bdv@tinhuy.tayninh.example")
# January 2024: due on its last working day, Wednesday 31/1.
TASK = TaskSummary(
    id=7,
    obligation_name="Đi cơ sở nắm tình hình tại xã, phường, thị trấn thuộc địa bàn phụ trách",
    unit_name=SPECIALIST.name,
    owner_name=OWNER,
    occurrence_label="Tháng 1/2024",
    window_start=None,
    window_end=None,
    due_on=date(2024, 1, 31),
    family="field-coverage",
    step_kind="field-day",
    step_name="Đi cơ sở nắm tình hình",
    event=True,
)
# stage → (template, days from the deadline to the run, working days late, recipient)
STAGES = {
    "open": ("open", -26, 0, SPECIALIST),
    "before-3": ("remind", -3, 0, SPECIALIST),
    "due-day": ("remind", 0, 0, SPECIALIST),
    "overdue-1": ("overdue", 2, 2, SPECIALIST),
    "escalate-1": ("escalate-head", 5, 3, HEAD),
    "escalate-2": ("escalate-supervisor", 16, 7, BAN),
    "moved-1": ("moved", -20, 0, SPECIALIST),
}

WORDING = {
    "open": (
        "[Đôn đốc] Đi cơ sở nắm tình hình – Tháng 1/2024: ít nhất 01 ngày, chậm nhất 31/01/2024",
        "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị đồng chí bố trí ít nhất 01 ngày đi cơ sở nắm tình "
        "hình tại xã, phường, thị trấn thuộc địa bàn phụ trách trong tháng 1/2024, chậm nhất thứ "
        "Tư, ngày 31/01/2024, ưu tiên nơi chưa đến trong năm, để trong năm đến được 100% xã, "
        "phường, thị trấn của địa bàn. Sau khi đi cơ sở, đề nghị báo lại ngày đi và xã, phường, "
        "thị trấn đã đến.",
    ),
    "before-3": (
        "[Nhắc lịch] Còn 3 ngày: Đi cơ sở nắm tình hình – Tháng 1/2024 (chậm nhất 31/01/2024)",
        "Còn 3 ngày nữa là hết thời hạn đi cơ sở của tháng 1/2024 (thứ Tư, ngày 31/01/2024), Ban "
        "Dân vận Tỉnh ủy Tây Ninh chưa ghi nhận ngày đi cơ sở nào của đồng chí trong tháng. Đề "
        "nghị đồng chí bố trí đi cơ sở ít nhất 01 ngày theo quy định và báo lại ngày đi, xã, "
        "phường, thị trấn đã đến. Nếu đã đi, xin vui lòng báo lại để ghi nhận.",
    ),
    "due-day": (
        "[Nhắc lịch] Hôm nay là hạn đi cơ sở tháng 1/2024: Đi cơ sở nắm tình hình",
        "Hôm nay, thứ Tư, ngày 31/01/2024, là ngày làm việc cuối cùng của tháng 1/2024, Ban Dân "
        "vận Tỉnh ủy Tây Ninh chưa ghi nhận ngày đi cơ sở nào của đồng chí trong tháng. Đề nghị "
        "đồng chí bố trí đi cơ sở ít nhất 01 ngày theo quy định và báo lại ngày đi, xã, phường, "
        "thị trấn đã đến. Nếu đã đi, xin vui lòng báo lại để ghi nhận.",
    ),
    "overdue-1": (
        "[Quá hạn] Đi cơ sở nắm tình hình – Tháng 1/2024: chưa ghi nhận ngày đi cơ sở (quá 2 ngày "
        "làm việc)",
        "Tháng 1/2024 đã kết thúc (thứ Tư, ngày 31/01/2024 là ngày làm việc cuối tháng), đến nay "
        "đã quá 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa ghi nhận ngày đi cơ sở "
        "nào của đồng chí trong tháng. Nếu đã đi, đề nghị đồng chí báo lại ngày đi và xã, phường, "
        "thị trấn đã đến; nếu chưa đi, đề nghị báo rõ lý do và bố trí đi cơ sở sớm nhất.",
    ),
    "escalate-1": (
        "[Đôn đốc] Chuyên viên Trần Thị Bích chưa đi cơ sở tháng 1/2024 (quá 3 ngày làm việc)",
        "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Chuyên viên Trần Thị Bích chưa được "
        "ghi nhận ngày đi cơ sở nào trong tháng 1/2024 (chậm nhất thứ Tư, ngày 31/01/2024); đến "
        "nay đã quá 3 ngày làm việc dù đã được nhắc. Đề nghị đồng chí quan tâm, nhắc nhở chuyên "
        "viên bố trí đi cơ sở theo quy định (ít nhất 01 ngày mỗi tháng) và báo lại kết quả.",
    ),
    "escalate-2": (
        "[Đôn đốc] Đề nghị đôn đốc Chuyên viên Trần Thị Bích: chưa đi cơ sở tháng 1/2024 (quá 7 "
        "ngày làm việc)",
        "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Chuyên viên Trần Thị Bích chưa được ghi nhận "
        "ngày đi cơ sở nào trong tháng 1/2024 (chậm nhất thứ Tư, ngày 31/01/2024); đến nay đã quá "
        "7 ngày làm việc; chuyên viên và lãnh đạo phụ trách đã được nhắc. Đề nghị xem xét, phân "
        "công lại hoặc chỉ đạo bố trí đi cơ sở để bảo đảm trong năm đến được 100% xã, phường, "
        "thị trấn của địa bàn.",
    ),
    "moved-1": (
        "[Điều chỉnh] Đi cơ sở nắm tình hình – Tháng 1/2024: thời hạn mới 31/01/2024",
        "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: thời hạn đi cơ sở của tháng 1/2024 đã được điều "
        "chỉnh, nay chậm nhất thứ Tư, ngày 31/01/2024 (lý do: lịch công tác của Ban). Đề nghị "
        "đồng chí lưu ý, bố trí lịch đi cơ sở theo thời hạn mới.",
    ),
}
REPLY = "Khi trả lời, xin ghi rõ ngày đi cơ sở và xã, phường, thị trấn đã đến."


def render(stage: str, task: TaskSummary = TASK) -> tuple[str, ...]:
    template, offset, late, recipient = STAGES[stage]
    reason = "lịch công tác của Ban" if template == "moved" else ""
    as_of = task.due_on + timedelta(days=offset)
    return render_email(Notice(template, stage, task, as_of, (recipient,), late, reason), recipient)


def test_the_field_day_has_wording_of_its_own() -> None:
    assert has_own_wording("field-day", "field-coverage")


@pytest.mark.parametrize("stage", list(STAGES))
def test_the_wording_of_every_stage_of_the_field_day(stage: str) -> None:
    subject, text, html = render(stage)
    assert subject == WORDING[stage][0]
    assert WORDING[stage][1] in text
    assert text.rstrip().endswith(REPLY)
    reader = Reader()
    reader.feed(html)
    greeting, sentence = reader.paragraphs[:2]
    assert greeting == f"Kính gửi: {STAGES[stage][3].name}"
    assert sentence == WORDING[stage][1]


@pytest.mark.parametrize("stage", list(STAGES))
def test_a_field_day_asks_for_no_report_and_no_document(stage: str) -> None:
    subject, text, _ = render(stage)
    said = (subject + text).casefold().replace("kính báo cáo đồng chí", "")
    assert "gửi báo cáo" not in said
    assert "số, ký hiệu" not in said


def test_a_specialists_name_typed_with_markup_arrives_escaped_in_the_html() -> None:
    from dataclasses import replace

    hostile = replace(TASK, unit_name="Chuyên viên <b>An</b> & Cộng sự")
    _, _, html = render("escalate-1", hostile)
    assert "<b>An</b>" not in html
    assert "&lt;b&gt;An&lt;/b&gt; &amp; Cộng sự" in html
