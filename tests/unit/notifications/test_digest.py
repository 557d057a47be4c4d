"""A day's digest — `notifications.digest`, pure: one message gathering what a recipient is told
that day, across families, grouped and ordered; and the alerts to the office."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import pytest

from notifications.digest import DigestItem, item_of, render_alert, render_digest
from notifications.messages import Notice, Recipient, TaskSummary
from notifications.render import TemplateSet
from notifications.zalo_templates import ZaloTemplate
from tests.unit.notifications.test_render import ESCAPED, HOSTILE

D = date
DAY = D(2024, 1, 17)  # a Wednesday
UNIT = Recipient("Ban Dân vận Huyện ủy Gò Dầu", "bdv@godau.tayninh.example")
OWNER = "Ban Dân vận Tỉnh ủy Tây Ninh"


def task(task_id: int, name: str, due: date, **more: object) -> TaskSummary:
    base = TaskSummary(
        task_id, name, UNIT.name, OWNER, "Tháng 1/2024", None, None, due, "task", "report", name
    )
    return replace(base, **more)  # type: ignore[arg-type]


ITEMS = [
    item_of(
        Notice(
            "overdue",
            "overdue-1",
            task(43, "Báo cáo tình hình tôn giáo", D(2024, 1, 15)),
            DAY,
            (UNIT,),
            2,
        ),
        UNIT,
        "Nhiệm vụ theo chương trình công tác",
    ),
    item_of(
        Notice("open", "open", task(44, "Kế hoạch thăm, chúc mừng", D(2024, 1, 26)), DAY, (UNIT,)),
        UNIT,
        "Thăm, chúc mừng",
    ),
    item_of(
        Notice(
            "remind",
            "before-1",
            task(42, "Báo cáo công tác dân vận tháng", D(2024, 1, 18)),
            DAY,
            (UNIT,),
        ),
        UNIT,
    ),
    item_of(Notice("open", "open", task(45, "Báo cáo quý", D(2024, 1, 22)), DAY, (UNIT,)), UNIT),
]


def test_the_subject_counts_the_items_and_the_late_ones() -> None:
    message = render_digest(UNIT.name, ITEMS[:3], DAY, "email")
    assert message is not None
    assert message.subject == "Tổng hợp việc cần làm ngày 17/01/2024: 3 việc (1 quá hạn)"
    on_time = render_digest(UNIT.name, ITEMS[1:], DAY, "email")
    assert on_time is not None
    assert on_time.subject == "Tổng hợp việc cần làm ngày 17/01/2024: 3 việc"


def test_the_text_groups_the_items_each_by_deadline() -> None:
    message = render_digest(UNIT.name, ITEMS, DAY, "email", address=UNIT.email or "")
    assert message is not None
    assert (message.channel, message.address) == ("email", "bdv@godau.tayninh.example")
    assert message.text == (
        "Kính gửi: Ban Dân vận Huyện ủy Gò Dầu\n"
        "\n"
        "Ban Dân vận Tỉnh ủy Tây Ninh tổng hợp các việc cần quý đơn vị lưu ý ngày 17/01/2024: "
        "4 việc, trong đó 1 việc quá hạn.\n"
        "\n"
        "Việc mới giao (2):\n"
        "1. Báo cáo quý – Tháng 1/2024 (Ban Dân vận Huyện ủy Gò Dầu; mã 45): thời hạn thứ Hai, "
        "ngày 22/01/2024\n"
        "2. Kế hoạch thăm, chúc mừng – Tháng 1/2024 (Ban Dân vận Huyện ủy Gò Dầu; mã 44): thời "
        "hạn thứ Sáu, ngày 26/01/2024\n"
        "\n"
        "Sắp đến hạn (1):\n"
        "1. Báo cáo công tác dân vận tháng – Tháng 1/2024 (Ban Dân vận Huyện ủy Gò Dầu; mã 42): "
        "còn 1 ngày, thời hạn thứ Năm, ngày 18/01/2024\n"
        "\n"
        "Quá hạn (1):\n"
        "1. Báo cáo tình hình tôn giáo – Tháng 1/2024 (Ban Dân vận Huyện ủy Gò Dầu; mã 43): "
        "thời hạn thứ Hai, ngày 15/01/2024, quá hạn 2 ngày làm việc\n"
        "\n"
        "Đề nghị quý đơn vị khẩn trương thực hiện. Việc nào đã hoàn thành, xin vui lòng bỏ qua; "
        "khi trả lời hoặc gửi văn bản, xin ghi rõ mã nhiệm vụ và số, ký hiệu văn bản.\n"
        "\n"
        "Trân trọng./.\n"
        "\n"
        "--\n"
        "Thư tổng hợp gửi tự động từ hệ thống đôn đốc (mã nhiệm vụ 45, 44, 42, 43).\n"
    )


def test_a_digest_after_a_downtime_lists_each_task_once_as_it_stands_on_the_digests_day() -> None:
    # Delivery was down from Monday 8/1/2024: the monthly report's opening and its reminders
    # of the 11th (7 days left) and the 17th (1 day left) all wait for Thursday the 18th —
    # in any order: fallen back from Zalo, they were queued as Zalo's answers came.
    report = task(42, "Báo cáo công tác dân vận tháng", D(2024, 1, 18))
    waiting = [
        item_of(Notice("remind", "before-7", report, D(2024, 1, 11), (UNIT,)), UNIT),
        item_of(Notice("remind", "before-1", report, D(2024, 1, 17), (UNIT,)), UNIT),
        item_of(Notice("open", "open", report, D(2024, 1, 8), (UNIT,)), UNIT),
        ITEMS[1],  # another task: its own line
    ]
    message = render_digest(UNIT.name, waiting, D(2024, 1, 18), "email")
    assert message is not None
    assert message.subject == "Tổng hợp việc cần làm ngày 18/01/2024: 2 việc"
    lines = [line for line in message.text.splitlines() if line[:1].isdigit()]
    assert lines == [
        "1. Kế hoạch thăm, chúc mừng – Tháng 1/2024 (Ban Dân vận Huyện ủy Gò Dầu; mã 44): thời "
        "hạn thứ Sáu, ngày 26/01/2024",
        "1. Báo cáo công tác dân vận tháng – Tháng 1/2024 (Ban Dân vận Huyện ủy Gò Dầu; mã 42): "
        "hôm nay là thời hạn",
    ]
    # Put off from the 17th to a day after the deadline, it says the deadline has passed.
    put_off = render_digest(UNIT.name, [waiting[1], ITEMS[1]], D(2024, 1, 19), "email")
    assert put_off is not None
    assert (
        "(Ban Dân vận Huyện ủy Gò Dầu; mã 42): thời hạn thứ Năm, ngày 18/01/2024, đã qua 1 ngày"
        in put_off.text
    )


def test_an_escalation_counts_as_late_and_says_so() -> None:
    head = Recipient("Trưởng ban Thái Minh Đức (Ban Dân vận Huyện ủy Gò Dầu)", "tb@example.org")
    late = Notice("escalate-head", "escalate-1", task(43, "Báo cáo quý", D(2024, 1, 12)), DAY,
                  (head,), 3)  # fmt: skip
    message = render_digest(head.name, [item_of(late, head)], DAY, "email")
    assert message is not None
    assert message.subject == "Tổng hợp việc cần làm ngày 17/01/2024: 1 việc (1 quá hạn)"
    assert (
        "Quá hạn (1):\n"
        "1. Báo cáo quý – Tháng 1/2024 (Ban Dân vận Huyện ủy Gò Dầu; mã 43): thời hạn thứ Sáu, "
        "ngày 12/01/2024, quá hạn 3 ngày làm việc; đơn vị đã được nhắc, kính báo cáo đồng chí "
        "để chỉ đạo\n"
    ) in message.text


class Items(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self.tags: set[str] = set()
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "li":
            self._in = True
            self.items.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = self._in and tag != "li"

    def handle_data(self, data: str) -> None:
        if self._in:
            self.items[-1] += data


def test_the_html_part_escapes_the_catalogues_text() -> None:
    hostile = item_of(
        Notice("open", "open", task(7, f"Báo cáo {HOSTILE}", D(2024, 1, 26)), DAY, (UNIT,)), UNIT
    )
    message = render_digest(f"Đồng chí {HOSTILE}", [hostile], DAY, "email")
    assert message is not None
    assert message.html is not None
    assert "<script" not in message.html.lower()
    assert f"Kính gửi: <strong>Đồng chí {ESCAPED}</strong>" in message.html
    reader = Items()
    reader.feed(message.html)
    assert reader.tags <= {"html", "head", "meta", "title", "body", "p", "strong", "ol", "li", "hr"}
    assert reader.items == [
        f"Báo cáo {HOSTILE} – Tháng 1/2024 (Ban Dân vận Huyện ủy Gò Dầu; mã 7): thời hạn thứ "
        "Sáu, ngày 26/01/2024"
    ]
    assert f"Đồng chí {HOSTILE}" in message.text  # the text part keeps it as typed


def test_an_item_is_kept_as_json_and_read_back() -> None:
    stored = [item.to_json() for item in ITEMS]
    assert stored[0] == {
        "template": "overdue",
        "family": "task",
        "family_name": "Nhiệm vụ theo chương trình công tác",
        "subject": "[Quá hạn] Báo cáo tình hình tôn giáo – Tháng 1/2024: quá hạn 2 ngày làm việc",
        "summary": "Báo cáo tình hình tôn giáo",
        "unit_name": "Ban Dân vận Huyện ủy Gò Dầu",
        "occurrence_label": "Tháng 1/2024",
        "due_on": "2024-01-15",
        "workdays_late": 2,
        "task_id": 43,
        "owner_name": "Ban Dân vận Tỉnh ủy Tây Ninh",
        "event": False,
        "as_of": "2024-01-17",
    }
    assert [DigestItem.from_json(data) for data in stored] == ITEMS
    assert ITEMS[2].family_name == "task"  # no name given: the family's id


def test_a_zns_digest_fills_the_registered_digest_template() -> None:
    registered = TemplateSet(
        None,
        (("digest", ZaloTemplate("401", (("so_viec", 3), ("so_qua_han", 3), ("noi_dung", 40),
                                         ("han_nop", 10)))),),
    )  # fmt: skip
    message = render_digest(UNIT.name, ITEMS, DAY, "zalo-zns", registered, "84912345678")
    assert message is not None
    assert message.payload == {
        "template_id": "401",
        "template_data": {
            "so_viec": "4",
            "so_qua_han": "1",
            "noi_dung": "Báo cáo quý; Kế hoạch thăm, chúc mừng;…",  # 38 + "…" (the space cut)
            "han_nop": "15/01/2024",
        },
    }
    assert message.text.startswith("Kính gửi: Ban Dân vận Huyện ủy Gò Dầu\n\nTổng hợp việc")
    assert render_digest(UNIT.name, ITEMS, DAY, "zalo-zns") is None  # nothing registered


def test_a_long_oa_digest_leaves_out_its_last_lines_and_counts_them() -> None:
    many = [
        item_of(Notice("open", "open", task(100 + n, "Báo cáo " + "dài " * 20, D(2024, 2, 1)),
                       DAY, (UNIT,)), UNIT)
        for n in range(40)
    ]  # fmt: skip
    message = render_digest(UNIT.name, many, DAY, "zalo-oa")
    assert message is not None
    assert len(message.text) <= 2000
    shown = message.text.count("\n- Báo cáo")
    assert 0 < shown < 40
    assert f"… và {40 - shown} việc khác" in message.text


def test_a_digest_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one item"):
        render_digest(UNIT.name, [], DAY, "email")


def test_an_alert_says_what_to_do() -> None:
    subject, text, html = render_alert("zalo-token", "Zalo từ chối mã làm mới <refresh>.", DAY)
    assert subject == "[Cảnh báo dondoc] Kết nối Zalo OA đã mất hiệu lực (17/01/2024)"
    assert text == (
        "Kết nối Zalo OA đã mất hiệu lực.\n"
        "\n"
        "Zalo từ chối mã làm mới <refresh>.\n"
        "\n"
        "Cần làm: Quản trị viên Zalo OA của cơ quan cần đăng nhập và cấp quyền lại cho ứng dụng "
        "dondoc. Cho đến khi đó, tin Zalo không được gửi; các đơn vị có địa chỉ khác được gửi "
        "qua kênh đó.\n"
        "\n"
        "--\n"
        "Cảnh báo gửi tự động từ hệ thống đôn đốc ngày 17/01/2024 (zalo-token).\n"
    )
    assert "<p>Zalo từ chối mã làm mới &lt;refresh&gt;.</p>" in html


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("smtp-auth", "DONDOC_SMTP__PASSWORD"),
        ("zalo-quota", "hạn mức"),
        ("no-channel", "dondoc plan load"),
        ("something-else", "Cảnh báo của hệ thống đôn đốc"),
    ],
)
def test_every_alert_names_its_remedy(kind: str, says: str) -> None:
    subject, text, _ = render_alert(kind, "Lý do.", DAY)
    assert says in subject + text
