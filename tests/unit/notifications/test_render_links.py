"""The signed links in messages: each task's own two, in the e-mail (text and HTML), the Zalo
OA text and the digest; none where the notice has none."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser

from ledger.links import LinkSigner
from notifications.digest import item_of, render_digest
from notifications.messages import Notice, Recipient, TaskSummary
from notifications.render import compose, render_email

SIGNER = LinkSigner(b"k", "https://dondoc.tayninh.example", 60)
NOW = datetime(2024, 1, 10, 1, 0, tzinfo=UTC)
UNIT = Recipient("Ủy ban MTTQ tỉnh Tây Ninh", "vp@mttq.tayninh.example", zalo_user_id="4711")


def notice(task_id: int, unit: str = UNIT.name, linked: bool = True) -> Notice:
    task = TaskSummary(
        task_id,
        "Báo cáo công tác dân vận tháng",
        unit,
        "Ban Dân vận Tỉnh ủy Tây Ninh",
        "Tháng 1/2024",
        date(2023, 12, 15),
        date(2024, 1, 14),
        date(2024, 1, 18),
    )
    links = SIGNER.urls(task_id, NOW) if linked else None
    return Notice("open", "open", task, date(2024, 1, 10), (UNIT,), links=links)


class Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [v or "" for k, v in attrs if tag == "a" and k == "href"]


def hrefs(html: str) -> list[str]:
    parser = Hrefs()
    parser.feed(html)
    return parser.found


def test_each_units_copy_carries_its_own_tasks_links() -> None:
    for task_id in (101, 102, 103):  # rendered once, copied per unit
        one = notice(task_id, f"Đơn vị {task_id}")
        ack, submit = one.links or ("", "")
        (message,) = compose(one)
        assert f"Xác nhận đã nhận nhiệm vụ: {ack}" in message.text
        assert f"Báo đã hoàn thành (ghi số văn bản, gửi kèm tệp nếu có): {submit}" in message.text
        assert message.html is not None
        assert hrefs(message.html) == [ack, submit]
        assert f"/nhiem-vu/{task_id}/da-nhan?t=" in ack
        (oa,) = message.fallbacks
        assert ack in oa.text
        assert submit in oa.text
        assert (message.subject, message.text, message.html) == render_email(one, UNIT)


def test_a_notice_without_links_says_nothing_of_them() -> None:
    (message,) = compose(notice(7, linked=False))
    assert "nhiem-vu" not in message.text
    assert "Xác nhận đã nhận" not in message.text
    assert message.html is not None
    assert hrefs(message.html) == []


def test_a_digest_lists_each_tasks_links_under_its_line() -> None:
    items = [item_of(notice(n), UNIT) for n in (201, 202)]
    plain = [item_of(notice(203, linked=False), UNIT)]
    message = render_digest(UNIT.name, items + plain, date(2024, 1, 10), "email")
    assert message is not None
    assert message.html is not None
    expected = [url for item in items for url in (item.acknowledge_url, item.submit_url)]
    assert hrefs(message.html) == expected
    for item in items:
        assert f"Đã nhận: {item.acknowledge_url}" in message.text
        assert f"Đã hoàn thành: {item.submit_url}" in message.text
    assert "/nhiem-vu/203/" not in message.text
    stored = replace(items[0])
    assert type(stored).from_json(stored.to_json()) == stored  # kept with the outbox row
    oa = render_digest(UNIT.name, items, date(2024, 1, 10), "zalo-oa")
    assert oa is not None
    assert items[1].submit_url in oa.text
