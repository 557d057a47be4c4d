"""Digests and office hours, against a real SMTP server: one message per recipient per day,
only on working days inside office hours, and one digest after days of downtime."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ledger.audit import Actor
from ledger.db import transaction
from ledger.digests import Gathered, gather
from ledger.models import OutboxMessage, Task
from ledger.store import read_catalogue
from notifications.config import SmtpSettings
from notifications.email import EmailChannel
from notifications.timing import OfficeHours
from tasks import dispatch, steps
from tests.conftest import RecordingHandler, SmtpServer, at, plain_text, smtp_server_for

Sessions = sessionmaker[Session]
HORIZON = date(2025, 12, 31)
FAMILIES = (
    "periodic-report",
    "steering-meeting",
    "directive-review",
    "holiday-visit",
    "supervision",
    "campaign",
    "event",
    "term-milestone",
    "task",
    "ad-hoc-request",
    "field-coverage",
)
BDV = "bdv@tinhuy.tayninh.example"  # Ban Dân vận Tỉnh ủy Tây Ninh


def office(sessions: Sessions, smtp: SmtpSettings) -> dispatch.Dispatch:
    with transaction(sessions) as session:
        calendar = read_catalogue(session).catalogue.calendar
    return dispatch.Dispatch(
        {"email": EmailChannel(smtp)},
        timing=dispatch.office_timing(calendar.is_working_day, OfficeHours()),
        compose_digest=dispatch.digest_composer(),
        alert_text=dispatch.alert_text,
    )


def queue_day(sessions: Sessions, day: date) -> None:
    """What the daily deployments queue before office hours: each family opens, then the
    chase and the escalation (06:30–07:15)."""
    for family in FAMILIES:
        steps.open_tasks(sessions, day, at(day, 6, 30), HORIZON, {family}, f"flow:{family}")
    steps.chase(sessions, day, at(day, 7))
    steps.escalate(sessions, day, at(day, 7, 15))


def deliver(sessions: Sessions, setup: dispatch.Dispatch, when: datetime) -> dict[str, int]:
    return asyncio.run(dispatch.deliver(sessions, setup, when)).counts


def days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def received_by(smtp: SmtpServer, address: str) -> list[str]:
    return [str(m.parsed()["Subject"]) for m in smtp.received if address in m.rcpt_tos]


def test_three_families_items_for_one_unit_on_one_day_go_as_one_message(
    demo_ledger: Sessions,
) -> None:
    friday = date(2024, 1, 19)
    with smtp_server_for(RecordingHandler()) as smtp:
        setup = office(demo_ledger, smtp.settings)
        for day in days(date(2024, 1, 1), date(2024, 1, 18)):
            queue_day(demo_ledger, day)
            deliver(demo_ledger, setup, at(day, 7, 30))
        before = len(received_by(smtp, BDV))
        queue_day(demo_ledger, friday)
        counts = deliver(demo_ledger, setup, at(friday, 7, 30))
        # Later runs the same day send the Ban nothing more.
        deliver(demo_ledger, setup, at(friday, 10))
        deliver(demo_ledger, setup, at(friday, 16, 59))
        mine = [m for m in smtp.received if BDV in m.rcpt_tos][before:]
    assert counts["digests"] >= 1
    assert len(mine) == 1
    message = mine[0].parsed()
    text = plain_text(message)
    # On Friday 19/01/2024 the Ban hears of its monthly report (due Monday 22/01), of the plan
    # for the Tết Giáp Thìn visits to religious organisations (due 26/01) and of the January
    # tasks of its 2024 programme (due 31/01): three families, one message.
    for item in (
        "Báo cáo công tác dân vận tháng của Ban Dân vận Tỉnh ủy – Tháng 1/2024",
        "Thăm, chúc Tết các tổ chức tôn giáo nhân dịp Tết Nguyên đán",
        "Kế hoạch xây dựng và thực hiện Quy chế dân chủ ở cơ sở – Năm 2024",
    ):
        assert item in text, item
    with transaction(demo_ledger) as session:
        digest = session.scalar(
            select(OutboxMessage.id).where(
                OutboxMessage.dedupe_key == f"digest:email:{BDV}:2024-01-19"
            )
        )
        items = session.execute(
            select(OutboxMessage.status, OutboxMessage.payload).where(
                OutboxMessage.digest_id == digest
            )
        ).all()
    families = {payload["item"]["family"] for _, payload in items}
    assert {"periodic-report", "holiday-visit", "task"} <= families
    assert {status for status, _ in items} == {"sent"}  # the items went out with their digest
    count = len(items)
    assert str(message["Subject"]) == f"Tổng hợp việc cần làm ngày 19/01/2024: {count} việc"
    numbered = [line for line in text.splitlines() if line[:1].isdigit() and ". " in line]
    assert len(numbered) == count


def test_what_is_queued_after_hours_on_friday_waits_through_sunday_for_monday_0730(
    demo_ledger: Sessions,
) -> None:
    friday, sunday, monday = date(2024, 1, 19), date(2024, 1, 21), date(2024, 1, 22)
    with smtp_server_for(RecordingHandler()) as smtp:
        setup = office(demo_ledger, smtp.settings)
        for day in days(date(2024, 1, 1), date(2024, 1, 18)):
            queue_day(demo_ledger, day)
            deliver(demo_ledger, setup, at(day, 7, 30))
        sent = len(smtp.received)
        for family in FAMILIES:  # Friday's runs, late: after office hours
            steps.open_tasks(demo_ledger, friday, at(friday, 17, 30), HORIZON, {family})
        steps.chase(demo_ledger, friday, at(friday, 17, 30))
        assert deliver(demo_ledger, setup, at(friday, 17, 30)).get("sent", 0) == 0
        assert deliver(demo_ledger, setup, at(sunday, 10)).get("sent", 0) == 0
        assert deliver(demo_ledger, setup, at(monday, 7, 29)).get("sent", 0) == 0
        assert len(smtp.received) == sent
        counts = deliver(demo_ledger, setup, at(monday, 7, 30))
        monday_mail = smtp.received[sent:]
    assert counts["sent"] == len(monday_mail) > 0
    recipients = [r for m in monday_mail for r in m.rcpt_tos]
    assert len(recipients) == len(set(recipients))  # one message each


def test_after_a_ten_day_mail_outage_each_recipient_gets_one_digest(
    demo_ledger: Sessions,
) -> None:
    down = SmtpSettings(host="127.0.0.1", port=9, timeout_seconds=2)  # nothing listens there
    outage = list(days(date(2024, 1, 8), date(2024, 1, 19)))  # ten working days
    with smtp_server_for(RecordingHandler()) as smtp:
        for day in outage:
            queue_day(demo_ledger, day)
            deliver(demo_ledger, office(demo_ledger, down), at(day, 7, 30))
        assert smtp.received == []
        with transaction(demo_ledger) as session:
            waiting = session.scalar(
                select(func.count(func.distinct(OutboxMessage.recipient))).where(
                    OutboxMessage.status.in_(("pending", "held")), OutboxMessage.kind == "notice"
                )
            )
        monday = date(2024, 1, 22)
        queue_day(demo_ledger, monday)
        deliver(demo_ledger, office(demo_ledger, smtp.settings), at(monday, 7, 30))
        recipients = [r for m in smtp.received for r in m.rcpt_tos]
    assert (waiting or 0) >= 10
    assert len(recipients) == len(set(recipients))  # nobody is flooded
    assert set(recipients) >= {BDV}
    with transaction(demo_ledger) as session:
        left = session.scalar(
            select(func.count()).where(OutboxMessage.status.in_(("pending", "held")))
        )
    assert left == 0


@pytest.mark.parametrize(("hour", "minute"), [(7, 20), (17, 0), (22, 0)])
def test_an_urgent_message_goes_outside_office_hours(
    demo_ledger: Sessions, hour: int, minute: int
) -> None:
    day = date(2024, 1, 8)
    queue_day(demo_ledger, day)
    with transaction(demo_ledger) as session:
        first = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id).limit(1)).one()
        first.urgent = True
        urgent_to = first.recipient
    with smtp_server_for(RecordingHandler()) as smtp:
        counts = deliver(demo_ledger, office(demo_ledger, smtp.settings), at(day, hour, minute))
        assert [m.rcpt_tos for m in smtp.received] == [[urgent_to]]
    assert counts["sent"] == 1


def test_a_notice_queued_while_the_days_digest_is_unsent_joins_it_and_waits_once_it_is_sent(
    demo_ledger: Sessions,
) -> None:
    # Friday 19/1/2024: the Ban's three families gathered into one digest, not yet sent; then
    # a late notice for the Ban — as a Zalo message falling back to e-mail queues one.
    friday, monday = date(2024, 1, 19), date(2024, 1, 22)
    for day in days(date(2024, 1, 1), friday):
        queue_day(demo_ledger, day)
    start, next_start = at(friday, 7, 30), at(monday, 7, 30)
    compose = dispatch.digest_composer()
    key = f"digest:email:{BDV}:2024-01-19"

    def gather_at(hour: int) -> Gathered:
        with transaction(demo_ledger) as session:
            return gather(session, Actor("flow:deliver", at(friday, hour)), friday, start,
                          next_start, compose)  # fmt: skip

    def late_notice(title: str) -> int:
        """A pending e-mail notice for the Ban about another of its tasks (not in the digest):
        one of its items, retitled."""
        with transaction(demo_ledger) as session:
            digest = session.scalars(
                select(OutboxMessage).where(OutboxMessage.dedupe_key == key)
            ).one()
            held = session.scalars(
                select(OutboxMessage).where(OutboxMessage.digest_id == digest.id)
            ).all()
            model = held[0]
            owner = session.get(Task, model.task_id)
            assert owner is not None
            other = session.scalars(
                select(Task.id)
                .where(Task.unit_code == owner.unit_code, Task.id.not_in([m.task_id for m in held]))
                .order_by(Task.id.desc())
                .limit(1)
            ).one()
            assert model.payload is not None
            item = model.payload["item"] | {"summary": title, "subject": title, "task_id": other}
            late = OutboxMessage(
                dedupe_key=f"test:{title}", task_id=other, stage="remind",
                channel="email", recipient=BDV, recipient_name=model.recipient_name,
                subject=title, body_text=title, payload={"item": item}, status="pending",
                attempts=0, next_attempt_at=at(friday, 9), created_at=at(friday, 9),
                kind="notice",
            )  # fmt: skip
            session.add(late)
            session.flush()
            return late.id

    first = gather_at(8)
    assert first.digests >= 1
    late = late_notice("Báo cáo nhanh tình hình lễ hội đầu năm")
    joined = gather_at(10)
    with transaction(demo_ledger) as session:
        digest = session.scalars(select(OutboxMessage).where(OutboxMessage.dedupe_key == key)).one()
        items = session.scalars(
            select(OutboxMessage).where(OutboxMessage.digest_id == digest.id)
        ).all()
        late_row = session.get(OutboxMessage, late)
        assert late_row is not None
        assert (late_row.status, late_row.digest_id) == ("held", digest.id)
        assert "Báo cáo nhanh tình hình lễ hội đầu năm" in digest.body_text
        tasks = {item.task_id for item in items}  # a task told twice is one line
        assert digest.subject == f"Tổng hợp việc cần làm ngày 19/01/2024: {len(tasks)} việc"
        # Sent (a delivery claimed it): what comes after waits for Monday's first sending.
        digest.status, digest.sent_at = "sent", at(friday, 10, 5)
    assert (joined.joined, joined.digests, joined.deferred) == (1, 0, 0)
    later = late_notice("Báo cáo nhanh số người tham gia lễ hội")
    after = gather_at(11)
    with transaction(demo_ledger) as session:
        waiting = session.get(OutboxMessage, later)
        assert waiting is not None
        assert (waiting.status, waiting.digest_id) == ("pending", None)
        assert waiting.next_attempt_at == next_start
    assert (after.joined, after.deferred) == (0, 1)
