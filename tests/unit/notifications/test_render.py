"""Rendering notices — `notifications.render`, pure: a hand-built `Notice` in, text out.

The wording is the office's (templates under notifications/templates/email/), pinned here
literally so that a change to a letter is a change to a test. The catalogue's names are text
typed by people: in the HTML part they must arrive escaped, in every template, and the
plain-text part must keep them as written.
"""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest

from notifications.messages import Notice, Recipient, RenderedMessage, TaskSummary
from notifications.render import TEMPLATES, compose, render_email

D = date
TASK = TaskSummary(
    id=42,
    obligation_name="Báo cáo công tác dân vận tháng",
    unit_name="Ban Dân vận Huyện ủy Gò Dầu",
    owner_name="Ban Dân vận Tỉnh ủy Tây Ninh",
    occurrence_label="Tháng 1/2024",
    window_start=D(2023, 12, 15),
    window_end=D(2024, 1, 14),
    due_on=D(2024, 1, 18),  # a Thursday
)
UNIT = Recipient("Ban Dân vận Huyện ủy Gò Dầu", "bdv@godau.tayninh.example")
HEAD = Recipient(
    "Trưởng ban Thái Minh Đức (Ban Dân vận Huyện ủy Gò Dầu)",
    "truongban.bdv@godau.tayninh.example",
)
SUPERVISOR = Recipient("Huyện ủy Gò Dầu", "vanphong@godau.tayninh.example")

FACTS_AND_FOOTER = """\
- Nội dung: Báo cáo công tác dân vận tháng
- Kỳ báo cáo: Tháng 1/2024
- Số liệu: từ 15/12/2023 đến 14/01/2024
- Thời hạn gửi: thứ Năm, ngày 18/01/2024

Trân trọng./.

--
Thư gửi tự động từ hệ thống đôn đốc của Ban Dân vận Tỉnh ủy Tây Ninh (mã nhiệm vụ 42, {stage}).
Khi trả lời hoặc gửi báo cáo, xin ghi rõ số, ký hiệu văn bản.
"""


def notice(template: str, stage: str, as_of: date, recipient: Recipient, late: int = 0) -> Notice:
    return Notice(template, stage, TASK, as_of, (recipient,), late)


def text_of(greeting: str, sentence: str, stage: str) -> str:
    return f"Kính gửi: {greeting}\n\n{sentence}\n\n" + FACTS_AND_FOOTER.format(stage=stage)


# ------------------------------------------------------------------- the wording, per template


def test_the_opening_message() -> None:
    subject, text, _ = render_email(notice("open", "open", D(2024, 1, 8), UNIT), UNIT)
    assert subject == (
        "[Đôn đốc] Báo cáo công tác dân vận tháng – Tháng 1/2024: hạn gửi 18/01/2024"
    )
    assert text == (
        "Kính gửi: Ban Dân vận Huyện ủy Gò Dầu\n"
        "\n"
        "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị gửi “Báo cáo công tác dân vận tháng” "
        "kỳ Tháng 1/2024.\n"
        "\n"
        "- Nội dung: Báo cáo công tác dân vận tháng\n"
        "- Kỳ báo cáo: Tháng 1/2024\n"
        "- Số liệu: từ 15/12/2023 đến 14/01/2024\n"
        "- Thời hạn gửi: thứ Năm, ngày 18/01/2024\n"
        "\n"
        "Trân trọng./.\n"
        "\n"
        "--\n"
        "Thư gửi tự động từ hệ thống đôn đốc của Ban Dân vận Tỉnh ủy Tây Ninh "
        "(mã nhiệm vụ 42, open).\n"
        "Khi trả lời hoặc gửi báo cáo, xin ghi rõ số, ký hiệu văn bản.\n"
    )


def test_a_reminder_three_days_before_the_deadline() -> None:
    subject, text, _ = render_email(notice("remind", "before-3", D(2024, 1, 15), UNIT), UNIT)
    assert subject == (
        "[Nhắc hạn] Còn 3 ngày: Báo cáo công tác dân vận tháng – Tháng 1/2024 (hạn 18/01/2024)"
    )
    assert text == text_of(
        "Ban Dân vận Huyện ủy Gò Dầu",
        "Còn 3 ngày nữa là đến hạn gửi “Báo cáo công tác dân vận tháng” kỳ Tháng 1/2024, "
        "Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo của quý đơn vị. Đề nghị quý đơn vị "
        "khẩn trương hoàn thành và gửi đúng hạn. Nếu đã gửi, xin vui lòng bỏ qua thư này.",
        "before-3",
    )


def test_the_reminder_on_the_deadline_day_says_today() -> None:
    subject, text, _ = render_email(notice("remind", "due-day", D(2024, 1, 18), UNIT), UNIT)
    assert subject == (
        "[Nhắc hạn] Hôm nay là hạn gửi Báo cáo công tác dân vận tháng – Tháng 1/2024"
    )
    assert text == text_of(
        "Ban Dân vận Huyện ủy Gò Dầu",
        "Hôm nay là hạn gửi “Báo cáo công tác dân vận tháng” kỳ Tháng 1/2024, "
        "Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được báo cáo của quý đơn vị. Đề nghị quý đơn vị "
        "khẩn trương hoàn thành và gửi đúng hạn. Nếu đã gửi, xin vui lòng bỏ qua thư này.",
        "due-day",
    )


def test_an_overdue_reminder_counts_working_days_late() -> None:
    # Mon 22/1/2024 is the 2nd working day after Thu 18/1 (Fri 19, Mon 22).
    message = notice("overdue", "overdue-1", D(2024, 1, 22), UNIT, late=2)
    subject, text, _ = render_email(message, UNIT)
    assert subject == (
        "[Quá hạn] Báo cáo công tác dân vận tháng – Tháng 1/2024: quá hạn 2 ngày làm việc"
    )
    assert text == text_of(
        "Ban Dân vận Huyện ủy Gò Dầu",
        "“Báo cáo công tác dân vận tháng” kỳ Tháng 1/2024 có hạn gửi thứ Năm, ngày 18/01/2024; "
        "đến nay đã quá hạn 2 ngày làm việc nhưng Ban Dân vận Tỉnh ủy Tây Ninh chưa nhận được "
        "báo cáo của quý đơn vị. Đề nghị quý đơn vị gửi ngay. Nếu đã gửi, xin báo lại số, "
        "ký hiệu văn bản để ghi nhận.",
        "overdue-1",
    )


def test_the_escalation_to_the_head_of_the_unit() -> None:
    message = notice("escalate-head", "escalate-1", D(2024, 1, 23), HEAD, late=3)
    subject, text, _ = render_email(message, HEAD)
    assert subject == (
        "[Đôn đốc] Ban Dân vận Huyện ủy Gò Dầu chưa gửi Báo cáo công tác dân vận tháng – "
        "Tháng 1/2024 (quá hạn 3 ngày làm việc)"
    )
    assert text == text_of(
        "Trưởng ban Thái Minh Đức (Ban Dân vận Huyện ủy Gò Dầu)",
        "Ban Dân vận Tỉnh ủy Tây Ninh kính báo cáo đồng chí: Ban Dân vận Huyện ủy Gò Dầu chưa "
        "gửi “Báo cáo công tác dân vận tháng” kỳ Tháng 1/2024, hạn gửi thứ Năm, ngày "
        "18/01/2024, đến nay đã quá hạn 3 ngày làm việc dù đã được nhắc. Đề nghị đồng chí quan "
        "tâm, chỉ đạo bộ phận tham mưu hoàn thành và gửi báo cáo.",
        "escalate-1",
    )


def test_the_escalation_to_the_supervising_unit() -> None:
    message = notice("escalate-supervisor", "escalate-2", D(2024, 1, 29), SUPERVISOR, late=7)
    subject, text, _ = render_email(message, SUPERVISOR)
    assert subject == (
        "[Đôn đốc] Đề nghị đôn đốc Ban Dân vận Huyện ủy Gò Dầu: Báo cáo công tác dân vận tháng "
        "– Tháng 1/2024 quá hạn 7 ngày làm việc"
    )
    assert text == text_of(
        "Huyện ủy Gò Dầu",
        "Ban Dân vận Tỉnh ủy Tây Ninh thông báo: Ban Dân vận Huyện ủy Gò Dầu chưa gửi “Báo cáo "
        "công tác dân vận tháng” kỳ Tháng 1/2024, hạn gửi thứ Năm, ngày 18/01/2024, đến nay đã "
        "quá hạn 7 ngày làm việc; đơn vị và người đứng đầu đã được nhắc. Đề nghị quý cơ quan, "
        "với vai trò chỉ đạo, đôn đốc Ban Dân vận Huyện ủy Gò Dầu hoàn thành và gửi báo cáo.",
        "escalate-2",
    )


def test_the_html_part_says_the_same_as_the_text() -> None:
    _, _, html = render_email(notice("open", "open", D(2024, 1, 8), UNIT), UNIT)
    assert "<p>Kính gửi: <strong>Ban Dân vận Huyện ủy Gò Dầu</strong></p>" in html
    assert (
        "<p>Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị gửi “Báo cáo công tác dân vận "
        "tháng” kỳ Tháng 1/2024.</p>"
    ) in html
    assert "<td><strong>thứ Năm, ngày 18/01/2024</strong></td>" in html
    assert "<td>từ 15/12/2023 đến 14/01/2024</td>" in html


def test_compose_writes_one_email_per_recipient_with_an_address() -> None:
    nobody = Recipient("Hội không có thư điện tử", None, "0900 000 999")
    message = Notice("open", "open", TASK, D(2024, 1, 8), (UNIT, nobody, SUPERVISOR))
    composed = compose(message)
    assert [(m.channel, m.recipient_name, m.address) for m in composed] == [
        ("email", "Ban Dân vận Huyện ủy Gò Dầu", "bdv@godau.tayninh.example"),
        ("email", "Huyện ủy Gò Dầu", "vanphong@godau.tayninh.example"),
    ]
    subject, text, html = render_email(message, SUPERVISOR)
    assert composed[1] == RenderedMessage(
        "email", "Huyện ủy Gò Dầu", "vanphong@godau.tayninh.example", subject, text, html
    )
    assert text.startswith("Kính gửi: Huyện ủy Gò Dầu\n")


def test_a_notice_with_nobody_to_write_to_composes_nothing() -> None:
    assert compose(Notice("open", "open", TASK, D(2024, 1, 8))) == []


# --------------------------------------------------------------------------- HTML injection

HOSTILE = "<script>alert(1)</script> <b>đậm</b> & \"kép\" 'đơn'"
# How the HTML part must show it: Jinja2's autoescape (markupsafe) writes these entities.
ESCAPED = (
    "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;đậm&lt;/b&gt; &amp; &#34;kép&#34; &#39;đơn&#39;"
)
HOSTILE_TASK = TaskSummary(
    id=7,
    obligation_name=f"Báo cáo {HOSTILE}",
    unit_name=f"Ban {HOSTILE}",
    owner_name=f"Ban Dân vận {HOSTILE}",
    occurrence_label="Tháng 1/2024",
    window_start=D(2023, 12, 15),
    window_end=D(2024, 1, 14),
    due_on=D(2024, 1, 18),
)
HOSTILE_RECIPIENT = Recipient(f"Đồng chí {HOSTILE}", "x@example.org")
STAGE_OF = {
    "open": ("open", D(2024, 1, 8), 0),
    "remind": ("before-3", D(2024, 1, 15), 0),
    "overdue": ("overdue-1", D(2024, 1, 22), 2),
    "escalate-head": ("escalate-1", D(2024, 1, 23), 3),
    "escalate-supervisor": ("escalate-2", D(2024, 1, 29), 7),
    "moved": ("moved-1", D(2024, 1, 10), 0),
}
# The names each template's own sentence says (beyond the greeting, table and footer): the
# owner and the obligation; the escalations name the unit too (the supervisor's, twice).
SENTENCE_NAMES = {
    "open": ["Ban Dân vận", "Báo cáo"],
    "remind": ["Báo cáo", "Ban Dân vận"],
    "overdue": ["Báo cáo", "Ban Dân vận"],
    "escalate-head": ["Ban Dân vận", "Ban", "Báo cáo"],
    "escalate-supervisor": ["Ban Dân vận", "Ban", "Báo cáo", "Ban"],
    "moved": ["Ban Dân vận", "Báo cáo"],
}
OWN_TAGS = {"html", "head", "meta", "title", "body", "p", "strong", "table", "tr", "td", "hr"}


class Reader(HTMLParser):
    """What a mail client makes of the HTML: the elements, and the text of each paragraph."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.paragraphs: list[str] = []
        self._in_paragraph = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "p":
            self._in_paragraph = True
            self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in_paragraph = False

    def handle_data(self, data: str) -> None:
        if self._in_paragraph:
            self.paragraphs[-1] += data


def hostile(template: str) -> tuple[str, str, str]:
    stage, as_of, late = STAGE_OF[template]
    message = Notice(template, stage, HOSTILE_TASK, as_of, (HOSTILE_RECIPIENT,), late)
    return render_email(message, HOSTILE_RECIPIENT)


def test_every_template_is_tested_for_injection() -> None:
    assert sorted(STAGE_OF) == sorted(TEMPLATES)


@pytest.mark.parametrize("template", list(STAGE_OF))
def test_html_in_the_catalogues_names_is_escaped_in_the_html_part(template: str) -> None:
    _, _, html = hostile(template)
    assert "<script" not in html.lower()
    assert "<b>" not in html
    reader = Reader()
    reader.feed(html)
    assert reader.tags <= OWN_TAGS
    assert f"Kính gửi: <strong>Đồng chí {ESCAPED}</strong>" in html
    assert f"<td><strong>Báo cáo {ESCAPED}</strong></td>" in html
    assert f"hệ thống đôn đốc của Ban Dân vận {ESCAPED} (mã nhiệm vụ 7," in html
    title = html.split("<title>")[1].split("</title>")[0]
    assert f"Báo cáo {ESCAPED}" in title


@pytest.mark.parametrize("template", list(STAGE_OF))
def test_the_sentence_of_every_template_shows_the_names_as_typed_in_the_html_part(
    template: str,
) -> None:
    _, _, html = hostile(template)
    reader = Reader()
    reader.feed(html)
    greeting, sentence = reader.paragraphs[:2]
    assert greeting == f"Kính gửi: Đồng chí {HOSTILE}"
    for prefix in SENTENCE_NAMES[template]:
        assert f"{prefix} {HOSTILE}" in sentence
    source = html.split("<p>")[2].split("</p>")[0]  # the sentence as written in the HTML
    assert source.count(ESCAPED) == len(SENTENCE_NAMES[template])
    assert source.count("&lt;script&gt;") == len(SENTENCE_NAMES[template])


@pytest.mark.parametrize("template", list(STAGE_OF))
def test_the_plain_text_part_and_the_subject_keep_the_names_as_written(template: str) -> None:
    subject, text, _ = hostile(template)
    assert text.startswith(f"Kính gửi: Đồng chí {HOSTILE}\n")
    assert f"- Nội dung: Báo cáo {HOSTILE}\n" in text
    assert f"Báo cáo {HOSTILE}" in subject
    assert "&lt;" not in text + subject
    assert "&amp;" not in text + subject
    assert "&#34;" not in text + subject
