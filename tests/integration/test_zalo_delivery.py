"""Zalo beside e-mail, through the dispatcher: two district commissions of Tây Ninh choose Zalo
ZNS first, then e-mail. Against the fake Zalo server and a real SMTP server, on loopback."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dondoc.webhook import WebhookServer
from ledger.audit import Actor
from ledger.credentials import LedgerTokens, seed
from ledger.db import transaction
from ledger.models import ChannelToken, OutboxMessage
from ledger.outbox import RECONCILE_AFTER
from ledger.store import read_catalogue, store_catalogue
from notifications.email import EmailChannel
from notifications.fake_zalo import FakeZalo
from notifications.timing import OfficeHours
from notifications.zalo import ZnsChannel
from obligations.loader import load_catalogue
from tasks import dispatch, steps
from tests.conftest import (
    PLANS,
    RecordingHandler,
    SmtpServer,
    at,
    demo_catalogue_files,
    plain_text,
    smtp_server_for,
)
from tests.integration.test_digests import queue_day

Sessions = sessionmaker[Session]
HORIZON = date(2025, 12, 31)
DAY = date(2024, 1, 8)  # the January reports open: 20 units, two of them on Zalo
OFFICE = ("Văn phòng Ban Dân vận", "vanphong.bdv@tinhuy.tayninh.example")
TP, HOA_THANH = "84900000101", "84900000102"  # Ban Dân vận Thành ủy Tây Ninh, Thị ủy Hòa Thành
# The ZNS templates the Tây Ninh plan registers (plans/tay-ninh-2024.yaml: notifications).
REGISTERED = {
    spec.id: dict(spec.params)
    for plan in load_catalogue(demo_catalogue_files()).plans
    if plan.notifications is not None
    for spec in plan.notifications.zalo_templates.values()
}


def zalo_plan(tmp_path: Path) -> Path:
    """The Tây Ninh plan with two of its district commissions on Zalo ZNS first."""
    text = (PLANS / "tay-ninh-2024.yaml").read_text(encoding="utf-8")
    for phone in ('zalo: "0900 000 101"', 'zalo: "0900 000 102"'):
        assert phone in text
        text = text.replace(phone, f"{phone}\n    channels: [zalo-zns, email]", 1)
    path = tmp_path / "tay-ninh-2024.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def register(fake: FakeZalo) -> None:
    for template_id, params in REGISTERED.items():
        fake.register_template(template_id, params)


@pytest.fixture
def fake() -> Iterator[FakeZalo]:
    with FakeZalo() as server:
        register(server)
        yield server


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with smtp_server_for(RecordingHandler()) as server:
        yield server


@pytest.fixture
def ledger(sessions: Sessions, tmp_path: Path, fake: FakeZalo) -> Sessions:
    files = [
        zalo_plan(tmp_path),
        *(p for p in demo_catalogue_files() if p.name != "tay-ninh-2024.yaml"),
    ]
    with transaction(sessions) as session:
        store_catalogue(
            session, load_catalogue(files), Actor("test", at(DAY), DAY), date(2024, 1, 1)
        )
        access, refresh = fake.issue_tokens()
        now = datetime.now(UTC)
        seed(session, access, refresh, now + timedelta(hours=25), now, actor="test")
    steps.open_tasks(sessions, DAY, at(DAY), HORIZON, {"periodic-report"})
    return sessions


def office_dispatch(
    sessions: Sessions, fake: FakeZalo, smtp: SmtpServer, **zalo: object
) -> dispatch.Dispatch:
    settings = fake.settings(**zalo)
    tokens = LedgerTokens(sessions, settings)
    return dispatch.Dispatch(
        {"zalo-zns": ZnsChannel(settings, tokens), "email": EmailChannel(smtp.settings)},
        office=(OFFICE,),
        alert_text=dispatch.alert_text,
    )


def use_tokens(sessions: Sessions, access: str, refresh: str) -> None:
    """The ledger's OA token pair replaced (a fake of its own for the test)."""
    with transaction(sessions) as session:
        token = session.get(ChannelToken, "zalo-oa")
        assert token is not None
        token.access_token, token.refresh_token = access, refresh


def run(sessions: Sessions, setup: dispatch.Dispatch, when: datetime) -> dict[str, int]:
    return asyncio.run(dispatch.deliver(sessions, setup, when)).counts


def rows(sessions: Sessions, *where: object) -> list[OutboxMessage]:
    with transaction(sessions) as session:
        return list(
            session.scalars(select(OutboxMessage).where(*where).order_by(OutboxMessage.id))  # type: ignore[arg-type]
        )


def mail_to(smtp: SmtpServer, address: str) -> list[str]:
    return [str(m.parsed()["Subject"]) for m in smtp.received if address in m.rcpt_tos]


def test_the_units_that_chose_zalo_get_their_opening_by_zns_and_the_others_by_email(
    ledger: Sessions, fake: FakeZalo, smtp: SmtpServer
) -> None:
    counts = run(ledger, office_dispatch(ledger, fake, smtp), at(DAY, 9))
    assert counts == {"sent": 20}
    assert sorted(s.to for s in fake.sent) == [TP, HOA_THANH]
    assert {s.template_id for s in fake.sent} == {"tn-bdv-open"}
    by_phone = {s.to: s.msg_id for s in fake.sent}
    sent = rows(ledger, OutboxMessage.channel == "zalo-zns")
    assert {(r.recipient, r.status, r.message_id) for r in sent} == {
        (TP, "sent", by_phone[TP]),
        (HOA_THANH, "sent", by_phone[HOA_THANH]),
    }
    first = fake.sent[0]
    assert first.data["ky"] == "Tháng 1/2024"
    assert first.data["han_nop"] == "18/01/2024"  # seed 003: the monthly report by the 18th
    # The two commissions got no e-mail: Zalo reached them.
    assert mail_to(smtp, "bdv@tptn.tayninh.example") == []
    assert len(smtp.received) == 18


def test_a_number_not_on_zalo_falls_back_to_email_in_the_same_run(
    ledger: Sessions, fake: FakeZalo, smtp: SmtpServer
) -> None:
    fake.not_on_zalo.add(HOA_THANH)
    counts = run(ledger, office_dispatch(ledger, fake, smtp), at(DAY, 9))
    assert counts["fallback"] == 1
    assert counts["sent"] == 20  # 1 by Zalo, 19 by e-mail: nobody is left out
    assert [s.to for s in fake.sent] == [TP]
    assert len(mail_to(smtp, "bdv@hoathanh.tayninh.example")) == 1
    (failed,) = rows(ledger, OutboxMessage.status == "failed")
    assert failed.channel == "zalo-zns"
    assert "-118" in (failed.last_error or "")
    (instead,) = rows(ledger, OutboxMessage.fallback_from_id == failed.id)
    assert (instead.channel, instead.recipient, instead.status) == (
        "email",
        "bdv@hoathanh.tayninh.example",
        "sent",
    )


def test_what_falls_back_from_zalo_after_a_downtime_goes_as_one_email_not_one_per_notice(
    ledger: Sessions, fake: FakeZalo, smtp: SmtpServer
) -> None:
    # The delivery did not run from Monday 8 to Wednesday 17 January 2024 while the daily flows
    # did: the commission of Thị ủy Hòa Thành (ZNS first, then e-mail) has its January report's
    # opening and three reminders waiting, for a number that turns out not to be on Zalo.
    fake.not_on_zalo.add(HOA_THANH)
    thursday = date(2024, 1, 18)
    day = DAY
    while day <= date(2024, 1, 17):
        queue_day(ledger, day)
        day += timedelta(days=1)
    waiting = rows(ledger, OutboxMessage.recipient == HOA_THANH)
    assert [(m.channel, m.status) for m in waiting] == [("zalo-zns", "pending")] * 4
    with transaction(ledger) as session:
        calendar = read_catalogue(session).catalogue.calendar
    settings = fake.settings()
    office = dispatch.Dispatch(
        {"zalo-zns": ZnsChannel(settings, LedgerTokens(ledger, settings)),
         "email": EmailChannel(smtp.settings)},
        office=(OFFICE,),
        timing=dispatch.office_timing(calendar.is_working_day, OfficeHours()),
        compose_digest=dispatch.digest_composer(),
        alert_text=dispatch.alert_text,
    )  # fmt: skip

    counts = run(ledger, office, at(thursday, 9))
    run(ledger, office, at(thursday, 10))  # a later run of the day sends it nothing more

    assert counts["fallback"] == 4
    # One e-mail, and in it one line for the one task, as it stands that day: its deadline.
    (mail,) = [m.parsed() for m in smtp.received if "bdv@hoathanh.tayninh.example" in m.rcpt_tos]
    assert str(mail["Subject"]) == "Tổng hợp việc cần làm ngày 18/01/2024: 1 việc"
    lines = [line for line in plain_text(mail).splitlines() if line[:1].isdigit()]
    assert len(lines) == 1
    assert lines[0].startswith("1. Báo cáo công tác dân vận tháng – Tháng 1/2024 (")
    assert lines[0].endswith("hôm nay là thời hạn")
    (digest,) = rows(ledger, OutboxMessage.digest_id.is_(None), OutboxMessage.kind == "digest",
                     OutboxMessage.recipient == "bdv@hoathanh.tayninh.example")  # fmt: skip
    assert digest.status == "sent"
    carried = rows(ledger, OutboxMessage.digest_id == digest.id)
    assert sorted(m.fallback_from_id or 0 for m in carried) == [m.id for m in waiting]
    assert {m.status for m in carried} == {"sent"}


def test_zalo_out_of_quota_keeps_its_messages_pending_and_alerts_the_office_once(
    ledger: Sessions, smtp: SmtpServer
) -> None:
    with FakeZalo(daily_quota=1) as fake:
        register(fake)
        use_tokens(ledger, *fake.issue_tokens())
        setup = office_dispatch(ledger, fake, smtp)
        run(ledger, setup, at(DAY, 9))
        run(ledger, setup, at(DAY, 9, 30))  # the next run: the alert is not sent twice
    assert len(fake.sent) == 1
    (held,) = rows(ledger, OutboxMessage.channel == "zalo-zns", OutboxMessage.status == "pending")
    assert "-115" in (held.last_error or "") or "quota" in (held.last_error or "").lower()
    alerts = mail_to(smtp, OFFICE[1])
    assert len(alerts) == 1
    assert "Zalo" in alerts[0]
    assert setup.alerts[0][0] == "zalo-quota"


def test_a_lost_answer_is_settled_by_the_delivery_webhook_and_never_resent(
    ledger: Sessions, smtp: SmtpServer
) -> None:
    webhook: WebhookServer | None = None
    with FakeZalo(slow_seconds=3) as fake:
        register(fake)
        webhook = WebhookServer(ledger, fake.settings()).start()
        fake.webhook_url = webhook.url
        use_tokens(ledger, *fake.issue_tokens())
        fake.script(TP, ["timeout"])  # Zalo takes it, and answers after the client gave up
        setup = office_dispatch(ledger, fake, smtp, timeout_seconds=1.0)
        counts = run(ledger, setup, at(DAY, 9))
        assert counts["unknown"] == 1
        deadline = time.monotonic() + 15  # Zalo answers after 3 s, then reports the delivery
        while time.monotonic() < deadline:
            (row,) = rows(ledger, OutboxMessage.recipient == TP)
            if row.status != "unknown":
                break
            time.sleep(0.1)
        assert fake.webhook_errors == []
        to_tp = next(s for s in fake.sent if s.to == TP)
        assert (row.status, row.message_id) == ("sent", to_tp.msg_id)
        assert row.delivered_at is not None
        run(ledger, setup, at(DAY, 9) + RECONCILE_AFTER + timedelta(minutes=1))
        webhook.stop()
    assert [s.to for s in fake.sent].count(TP) == 1


def test_without_a_delivery_report_a_lost_answer_is_resent_once_with_the_same_tracking_id(
    ledger: Sessions, smtp: SmtpServer
) -> None:
    with FakeZalo() as fake:
        register(fake)
        use_tokens(ledger, *fake.issue_tokens())
        fake.script(TP, ["drop"])  # taken, and the connection cut before the answer
        setup = office_dispatch(ledger, fake, smtp)
        assert run(ledger, setup, at(DAY, 9))["unknown"] == 1
        # Not resent while a report may still come …
        run(ledger, setup, at(DAY, 9, 10))
        assert [s.to for s in fake.sent].count(TP) == 1
        # … then once, under the same tracking id, so Zalo's side can tell it is the same.
        again = run(ledger, setup, at(DAY, 9) + RECONCILE_AFTER + timedelta(minutes=1))
        assert again["reconciled"] == 1
    to_tp = [s for s in fake.sent if s.to == TP]
    assert len(to_tp) == 2
    assert to_tp[0].tracking_id == to_tp[1].tracking_id
    (row,) = rows(ledger, OutboxMessage.recipient == TP)
    assert row.status == "sent"


def test_a_broken_token_chain_keeps_the_zalo_messages_and_alerts_the_office_by_email(
    ledger: Sessions, fake: FakeZalo, smtp: SmtpServer
) -> None:
    use_tokens(ledger, "expired-access", "spent-refresh")  # a chain Zalo no longer knows
    setup = office_dispatch(ledger, fake, smtp)
    counts = run(ledger, setup, at(DAY, 9))
    assert counts["sent"] == 18 + 1  # the e-mails, and the alert to the office
    assert fake.sent == []
    held = rows(ledger, OutboxMessage.channel == "zalo-zns")
    assert {r.status for r in held} == {"pending"}
    (alert,) = mail_to(smtp, OFFICE[1])
    assert "Zalo OA" in alert
    assert setup.alerts[0][0] == "zalo-token"


def test_two_dispatchers_racing_send_each_zalo_message_once(
    ledger: Sessions, fake: FakeZalo, smtp: SmtpServer
) -> None:
    results: list[dict[str, int]] = []
    start = threading.Barrier(2)

    def worker() -> None:
        setup = office_dispatch(ledger, fake, smtp)
        start.wait()
        results.append(run(ledger, setup, at(DAY, 9)))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(r.get("sent", 0) for r in results) == 20
    assert sorted(s.to for s in fake.sent) == [TP, HOA_THANH]
    recipients = [r for m in smtp.received for r in m.rcpt_tos]
    assert len(recipients) == len(set(recipients)) == 18
