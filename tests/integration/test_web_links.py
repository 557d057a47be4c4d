"""The signed links' endpoint on a real uvicorn on loopback, over a real ledger (SQLite and
PostgreSQL), with the Tây Ninh plan (seed 003): its monthly report of the Front (tn-mttq) to the
Ban Dân vận, month 1/2024, due on the 18th."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from icalendar import Calendar
from sqlalchemy import select

from dondoc.settings import LinkSettings, Settings
from dondoc.web import WebServer, create_app
from ledger.audit import Actor
from ledger.db import Sessions, transaction
from ledger.links import LinkRefused, LinkSigner, redeem, verify
from ledger.models import AuditEntry, LinkUse, OutboxMessage, Task
from ledger.store import store_catalogue
from obligations.loader import catalogue_files, load_catalogue
from tasks import steps
from tests.conftest import PLANS, at, demo_catalogue_files

SECRET = b"the office's link secret, for tests"
MONTHLY = "tn-bc-dan-van-thang"
FRONT = "tn-mttq"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def tay_ninh(sessions: Sessions, links: LinkSigner | None = None) -> None:
    """Seed 003's plan with the calendars, tracked from 1/1/2024, its January tasks opened."""
    files = [PLANS / "tay-ninh-2024.yaml", *catalogue_files(PLANS / "calendar")]
    start = date(2024, 1, 1)
    with transaction(sessions) as session:
        store_catalogue(session, load_catalogue(files), Actor("test:load", at(start), start), start)
    day = date(2024, 1, 10)
    steps.open_tasks(sessions, day, at(day), date(2024, 12, 31), links=links)


def task_of(sessions: Sessions, key: str = "2024-01", unit: str = FRONT) -> Task:
    with transaction(sessions) as session:
        return session.scalars(
            select(Task).where(
                Task.obligation_id == MONTHLY, Task.unit_code == unit, Task.occurrence_key == key
            )
        ).one()


@pytest.fixture
def served(sessions: Sessions, tmp_path: Path) -> Iterator[tuple[str, Sessions, Clock, LinkSigner]]:
    tay_ninh(sessions)
    clock = Clock(at(date(2024, 1, 15), 9))
    settings = Settings(home=tmp_path, links=LinkSettings(uploads_dir=tmp_path / "up"))
    signer = LinkSigner(SECRET, "http://127.0.0.1", 60)
    app = create_app(sessions, settings, clock=clock, signer=signer)
    with WebServer(app, port=0) as server:
        yield server.url, sessions, clock, signer


def path_of(url: str) -> str:
    return url.removeprefix("http://127.0.0.1")


def audit_rows(sessions: Sessions, entity: str) -> list[AuditEntry]:
    with transaction(sessions) as session:
        return list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
            )
        )


def test_the_january_report_of_the_front_is_due_on_the_18th_as_the_plan_says(
    served: tuple[str, Sessions, Clock, LinkSigner],
) -> None:
    _, sessions, _, _ = served
    task = task_of(sessions)
    assert (task.due_on, task.status) == (date(2024, 1, 18), "open")


def test_opening_the_acknowledge_link_shows_the_task_and_changes_nothing(
    served: tuple[str, Sessions, Clock, LinkSigner],
) -> None:
    base, sessions, clock, signer = served
    task = task_of(sessions)
    url = base + path_of(signer.url(task.id, "acknowledge", clock()))
    for _ in range(3):  # a mail scanner, a Zalo preview, the clerk
        answer = httpx.get(url)
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/html")
        assert "Báo cáo công tác dân vận tháng" in answer.text
        assert "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Tây Ninh" in answer.text
        assert "18/01/2024" in answer.text
        assert 'method="post"' in answer.text
    assert task_of(sessions).status == "open"
    with transaction(sessions) as session:
        assert session.scalars(select(LinkUse)).all() == []


def test_posting_the_acknowledge_form_acknowledges_once_and_refuses_the_replay(
    served: tuple[str, Sessions, Clock, LinkSigner],
) -> None:
    base, sessions, clock, signer = served
    task = task_of(sessions)
    url = base + path_of(signer.url(task.id, "acknowledge", clock()))
    token = url.split("?t=")[1]
    first = httpx.post(url.split("?")[0], data={"t": token})
    assert first.status_code == 200
    assert "đã nhận nhiệm vụ" in first.text
    after = task_of(sessions)
    assert after.status == "acknowledged"
    assert after.acknowledged_at == clock().astimezone(UTC)
    second = httpx.post(url.split("?")[0], data={"t": token})
    assert second.status_code == 410
    assert "đã được dùng một lần" in second.text
    shown = httpx.get(url)  # the spent link, opened again
    assert shown.status_code == 410
    assert "đã được dùng một lần" in shown.text
    acknowledged = [r for r in audit_rows(sessions, "task") if r.action == "acknowledge"]
    assert [(r.entity_id, r.actor) for r in acknowledged] == [(str(task.id), "link:acknowledge")]
    refused = audit_rows(sessions, "link")
    assert [(r.entity_id, r.action, r.after["code"]) for r in refused] == [  # type: ignore[index]
        (str(task.id), "refuse", "used"),  # the second POST
        (str(task.id), "refuse", "used"),  # the page opened again
    ]


def test_tampered_expired_cross_task_and_cross_action_links_are_refused_and_audited(
    served: tuple[str, Sessions, Clock, LinkSigner],
    caplog: pytest.LogCaptureFixture,
) -> None:
    base, sessions, clock, signer = served
    task = task_of(sessions)
    other = task_of(sessions, "2024-02")  # the same unit's next month
    ack = signer.token(task.id, "acknowledge", clock())
    tampered = ack[:20] + ("A" if ack[20] != "A" else "B") + ack[21:]
    old = signer.token(task.id, "acknowledge", datetime(2023, 10, 1, tzinfo=UTC))
    wrong_task = signer.token(other.id, "acknowledge", clock())
    wrong_action = signer.token(task.id, "submit", clock())
    cases = [
        (tampered, 403, "không hợp lệ", "tampered"),
        (old, 410, "hết hạn", "expired"),
        (wrong_task, 403, "không thuộc nhiệm vụ", "task"),
        (wrong_action, 403, "không dùng cho thao tác này", "action"),
    ]
    page = f"{base}/nhiem-vu/{task.id}/da-nhan"
    for token, status, said, _ in cases:
        for answer in (httpx.get(page, params={"t": token}), httpx.post(page, data={"t": token})):
            assert answer.status_code == status, said
            assert said in answer.text
    assert task_of(sessions).status == "open"
    codes = [r.after["code"] for r in audit_rows(sessions, "link")]  # type: ignore[index]
    assert codes == [code for *_, code in cases for _ in (0, 1)]
    assert sum("signed link refused" in r.getMessage() for r in caplog.records) == 8
    unknown = signer.token(999999, "acknowledge", clock())
    missing = httpx.get(f"{base}/nhiem-vu/999999/da-nhan", params={"t": unknown})
    assert missing.status_code == 404
    assert "Không tìm thấy nhiệm vụ" in missing.text
    assert httpx.get(f"{base}/nhiem-vu/abc/da-nhan", params={"t": ack}).status_code == 404


def test_a_late_report_submitted_by_link_counts_for_its_own_month_with_its_file(
    served: tuple[str, Sessions, Clock, LinkSigner], tmp_path: Path
) -> None:
    base, sessions, clock, signer = served
    task = task_of(sessions)
    url = signer.url(task.id, "submit", clock())
    clock.now = at(date(2024, 2, 2), 10)  # the January report, two weeks late, in February
    form = httpx.get(base + path_of(url))
    assert form.status_code == 200
    assert 'name="so"' in form.text
    assert 'type="file"' in form.text
    token = url.split("?t=")[1]
    answer = httpx.post(
        f"{base}/nhiem-vu/{task.id}/da-nop",
        data={"t": token, "so": "12-BC/MTTQ-BTT"},
        files={"tep": ("Báo cáo tháng 1 / ../x.pdf", b"%PDF-1.4 report", "application/pdf")},
    )
    assert answer.status_code == 200, answer.text
    assert "muộn hạn" in answer.text
    assert "Tháng 1/2024" in answer.text
    done = task_of(sessions)
    assert (done.status, done.document_ref, done.occurrence_key) == (
        "submitted_late",
        "12-BC/MTTQ-BTT",
        "2024-01",
    )
    assert done.submitted_at == datetime(2024, 2, 2, 3, 0, tzinfo=UTC)
    assert task_of(sessions, "2024-02").status in ("planned", "open")  # February untouched
    assert done.submitted_file is not None
    stored = Path(done.submitted_file)
    assert stored.parent == tmp_path / "up" / str(task.id)
    assert re.fullmatch(r"\d{8}T\d{6}-x\.pdf", stored.name)
    assert stored.read_bytes() == b"%PDF-1.4 report"
    actions = [r.action for r in audit_rows(sessions, "task") if r.entity_id == str(task.id)]
    assert actions[-2:] == ["submit", "attach"]


def test_a_submission_without_its_number_is_refused_and_the_link_stays_usable(
    served: tuple[str, Sessions, Clock, LinkSigner],
) -> None:
    base, sessions, clock, signer = served
    task = task_of(sessions)
    token = signer.token(task.id, "submit", clock())
    page = f"{base}/nhiem-vu/{task.id}/da-nop"
    empty = httpx.post(page, data={"t": token, "so": "  "})
    assert empty.status_code == 409
    assert "số, ký hiệu văn bản" in empty.text
    done = httpx.post(page, data={"t": token, "so": "03-BC/MTTQ"})
    assert done.status_code == 200
    assert "đúng hạn" in done.text
    assert task_of(sessions).status == "submitted_on_time"


def test_an_oversized_file_is_refused(
    served: tuple[str, Sessions, Clock, LinkSigner],
) -> None:
    base, sessions, clock, signer = served
    task = task_of(sessions)
    token = signer.token(task.id, "submit", clock())
    big = b"x" * (20 * 1024 * 1024 + 1)
    answer = httpx.post(
        f"{base}/nhiem-vu/{task.id}/da-nop",
        data={"t": token, "so": "04-BC/MTTQ"},
        files={"tep": ("big.pdf", big, "application/pdf")},
        timeout=60,
    )
    assert answer.status_code == 413
    assert task_of(sessions).status == "open"


def test_two_clicks_racing_on_the_server_make_one_acknowledgement(
    served: tuple[str, Sessions, Clock, LinkSigner],
) -> None:
    base, sessions, clock, signer = served
    task = task_of(sessions)
    token = signer.token(task.id, "acknowledge", clock())
    start = threading.Barrier(2)
    codes: list[int] = []

    def click() -> None:
        start.wait()
        answer = httpx.post(f"{base}/nhiem-vu/{task.id}/da-nhan", data={"t": token})
        codes.append(answer.status_code)

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200, 410]


def test_two_transactions_spending_one_token_at_once_let_exactly_one_commit(
    sessions: Sessions,
) -> None:
    # The ledger's key decides, not the task's lock: each thread holds its transaction open
    # after spending, so the other must wait on it (PostgreSQL's index, SQLite's writer lock).
    tay_ninh(sessions)
    task = task_of(sessions)
    now = at(date(2024, 1, 15), 9)
    token = LinkSigner(SECRET, "http://x", 60).token(task.id, "acknowledge", now)
    claims = verify(SECRET, token, task.id, "acknowledge", now)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def spend() -> None:
        start.wait()
        try:
            with transaction(sessions) as session:
                redeem(session, claims, token, now)
                threading.Event().wait(0.3)
            outcomes.append("spent")
        except LinkRefused as refused:
            outcomes.append(refused.code)

    threads = [threading.Thread(target=spend) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["spent", "used"]
    with transaction(sessions) as session:
        assert len(session.scalars(select(LinkUse)).all()) == 1


def test_the_health_page_answers(served: tuple[str, Sessions, Clock, LinkSigner]) -> None:
    base, *_ = served
    assert httpx.get(f"{base}/suc-khoe").text == "ok"


def test_the_links_of_a_queued_opening_lead_to_its_own_task(
    sessions: Sessions, tmp_path: Path
) -> None:
    signer = LinkSigner(SECRET, "http://127.0.0.1", 60)
    tay_ninh(sessions, signer)
    task = task_of(sessions)
    with transaction(sessions) as session:
        (message,) = session.scalars(
            select(OutboxMessage).where(OutboxMessage.task_id == task.id)
        ).all()
    ack = re.findall(r"http://127\.0\.0\.1/nhiem-vu/\d+/da-nhan\?t=[\w-]+", message.body_text)
    submit = re.findall(r"http://127\.0\.0\.1/nhiem-vu/\d+/da-nop\?t=[\w-]+", message.body_text)
    assert len(ack) == len(submit) == 1
    assert f"/nhiem-vu/{task.id}/" in ack[0]
    assert message.body_html is not None
    assert f'href="{ack[0]}"' in message.body_html
    settings = Settings(home=tmp_path)
    clock = Clock(at(date(2024, 1, 11), 8))
    app = create_app(sessions, settings, clock=clock, signer=signer)
    with WebServer(app, port=0) as server:
        url = server.url + path_of(ack[0])
        assert httpx.get(url).status_code == 200
        answer = httpx.post(url.split("?")[0], data={"t": url.split("?t=")[1]})
        assert answer.status_code == 200
    assert task_of(sessions).status == "acknowledged"


def test_dondoc_web_serves_the_page_until_stopped(tmp_path: Path) -> None:
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "PREFECT_"))}
    env["DONDOC_HOME"] = str(tmp_path)
    env["DONDOC_LINKS__BASE_URL"] = f"http://127.0.0.1:{port}"

    def dondoc(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "dondoc", *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    # The same endpoint serves the calendar feeds: a unit's address issued before it started.
    dondoc("plan", "load", *[str(p) for p in demo_catalogue_files()])
    feed = dondoc("feed-token", "issue", "tn-mttq").strip()
    assert re.fullmatch(rf"http://127\.0\.0\.1:{port}/lich/[\w-]+\.ics", feed)
    process = subprocess.Popen(
        [sys.executable, "-m", "dondoc", "web", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith(f"Trang ghi nhận tại http://127.0.0.1:{port} ")
        assert httpx.get(f"http://127.0.0.1:{port}/suc-khoe", timeout=10).text == "ok"
        calendar = httpx.get(feed, timeout=30)
        assert calendar.status_code == 200
        assert calendar.headers["content-type"].startswith("text/calendar")
        assert Calendar.from_ical(calendar.content).get("X-WR-CALNAME")
        wrong = httpx.get(f"http://127.0.0.1:{port}/lich/khong-phai-ma-that.ics", timeout=10)
        assert wrong.status_code == 404
        secret = tmp_path / "link-secret"
        assert secret.stat().st_mode & 0o777 == 0o600
        assert len(secret.read_text()) >= 32
    finally:
        process.send_signal(signal.SIGINT)
        deadline = time.monotonic() + 20
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
