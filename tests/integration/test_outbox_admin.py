"""An operator's outbox: listed, counted, and failed messages sent again once the settings are
fixed — on a real ledger (SQLite, and PostgreSQL in CI) and a real SMTP server on loopback."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from ledger import outbox_admin
from ledger.audit import Actor
from ledger.db import transaction
from ledger.models import AuditEntry, OutboxMessage
from ledger.outbox_admin import OutboxAdminError, counts, list_messages, plan_requeue, requeue
from tasks import steps
from tests.conftest import SmtpServer, at

Sessions = sessionmaker[Session]
DAY = date(2024, 1, 8)
HORIZON = date(2025, 12, 31)
MONTHLY = "tn-bc-dan-van-thang"
REFUSED = {
    "vanphong@hnd.tayninh.example": "550 5.1.1 Mailbox unavailable",
    "vanphong@ldld.tayninh.example": "550 5.1.1 Mailbox unavailable",
    "vanphong@mttq.tayninh.example": "553 5.1.3 Bad recipient address syntax",
}


def failed_three(sessions: Sessions, smtp: SmtpServer) -> dict[str, int]:
    """January's 20 monthly reports opened and sent; three refused for good. Their ids."""
    steps.open_tasks(sessions, DAY, at(DAY), HORIZON, {"periodic-report"})
    smtp.handler.refuse.update(REFUSED)
    log = asyncio.run(steps.deliver(sessions, smtp.settings, at(DAY, 9)))
    # No channel is left for them: reported as unreachable too.
    assert log.counts == {"sent": 17, "failed": 3, "unreachable-recipients": 3}
    smtp.handler.refuse.clear()
    smtp.received.clear()
    with transaction(sessions) as session:
        rows = session.execute(
            select(OutboxMessage.recipient, OutboxMessage.id).where(
                OutboxMessage.status == "failed"
            )
        )
        return dict(rows.all())


def statuses(sessions: Sessions, ids: list[int]) -> dict[int, tuple[str, int, str | None]]:
    with transaction(sessions) as session:
        rows = session.execute(
            select(
                OutboxMessage.id,
                OutboxMessage.status,
                OutboxMessage.attempts,
                OutboxMessage.last_error,
            ).where(OutboxMessage.id.in_(ids))
        )
        return {i: (s, a, e) for i, s, a, e in rows}


def fallback_of(session: Session, original: int, status: str) -> int:
    """A Zalo message another channel's fallback queued for a failed e-mail."""
    row = OutboxMessage(
        dedupe_key=f"fallback:{original}",
        stage="open",
        channel="zalo-zns",
        recipient="84987654321",
        subject="Đề nghị gửi báo cáo",
        body_text="…",
        status=status,
        next_attempt_at=at(DAY, 9),
        created_at=at(DAY, 9),
        kind="notice",
        fallback_from_id=original,
    )
    session.add(row)
    session.flush()
    return row.id


def test_failed_messages_are_sent_again_and_one_whose_task_was_handed_in_is_cancelled(
    demo_ledger: Sessions, smtp_server: SmtpServer
) -> None:
    failed = failed_three(demo_ledger, smtp_server)
    steps.record_submission(
        demo_ledger, at(DAY, 10), DAY, MONTHLY, "tn-hnd", "2024-01", "5-BC/HND", at(DAY, 10),
        None, None,
    )  # fmt: skip
    actor = Actor("cli:outbox-retry", at(DAY, 11))
    with transaction(demo_ledger) as session:
        done = requeue(session, actor)
    hnd, ldld, mttq = (failed[a] for a in sorted(REFUSED))
    assert done.requeued == sorted([ldld, mttq])
    assert done.cancelled == [hnd]
    assert done.fallen_back == []
    assert statuses(demo_ledger, [hnd, ldld, mttq]) == {
        hnd: ("cancelled", 1, "550 5.1.1 Mailbox unavailable"),
        ldld: ("pending", 0, None),
        mttq: ("pending", 0, None),
    }
    with transaction(demo_ledger) as session:
        audits = session.execute(
            select(AuditEntry.entity_id, AuditEntry.action, AuditEntry.before, AuditEntry.after)
            .where(AuditEntry.entity == "outbox", AuditEntry.actor == "cli:outbox-retry")
            .order_by(AuditEntry.entity_id)
        ).all()
        next_attempts = set(
            session.scalars(
                select(OutboxMessage.next_attempt_at).where(OutboxMessage.id.in_([ldld, mttq]))
            )
        )
    assert next_attempts == {datetime.fromisoformat("2024-01-08T04:00:00+00:00")}
    assert sorted(audits, key=lambda a: int(a[0])) == sorted(
        [
            (
                str(ldld),
                "retry",
                {"status": "failed", "attempts": 1, "last_error": "550 5.1.1 Mailbox unavailable"},
                {"status": "pending", "attempts": 0},
            ),
            (
                str(mttq),
                "retry",
                {
                    "status": "failed",
                    "attempts": 1,
                    "last_error": "553 5.1.3 Bad recipient address syntax",
                },
                {"status": "pending", "attempts": 0},
            ),
            (
                str(hnd),
                "cancel",
                {"status": "failed", "attempts": 1, "last_error": "550 5.1.1 Mailbox unavailable"},
                {"status": "cancelled"},
            ),
        ],
        key=lambda a: int(a[0]),
    )
    # The server takes them now: the next delivery sends the two, and only them.
    log = asyncio.run(steps.deliver(demo_ledger, smtp_server.settings, at(DAY, 11)))
    assert log.counts == {"sent": 2}
    assert sorted(r for m in smtp_server.received for r in m.rcpt_tos) == [
        "vanphong@ldld.tayninh.example",
        "vanphong@mttq.tayninh.example",
    ]
    with transaction(demo_ledger) as session:
        again = requeue(session, actor)
    assert again.nothing


def test_sent_and_missing_messages_asked_for_by_id_are_left_alone_and_named(
    demo_ledger: Sessions, smtp_server: SmtpServer
) -> None:
    failed = failed_three(demo_ledger, smtp_server)
    with transaction(demo_ledger) as session:
        sent = session.scalar(
            select(OutboxMessage.id).where(
                OutboxMessage.recipient == "vanphong@hnct.tayninh.example"
            )
        )
        assert sent is not None
        ldld = failed["vanphong@ldld.tayninh.example"]
        done = requeue(session, Actor("op", at(DAY, 11)), ids=[sent, ldld, 999_999])
    assert done.requeued == [ldld]
    assert done.not_eligible == {sent: "sent", 999_999: "missing"}
    assert statuses(demo_ledger, [sent])[sent][0] == "sent"


@pytest.mark.parametrize("status", ["sent", "cancelled", "held", "sending", "nonsense"])
def test_a_status_that_is_never_sent_again_is_refused(demo_ledger: Sessions, status: str) -> None:
    with pytest.raises(OutboxAdminError), transaction(demo_ledger) as session:
        requeue(session, Actor("op", at(DAY)), status=(status,))


def test_a_message_whose_fate_is_unknown_is_sent_again_only_when_asked(
    demo_ledger: Sessions, smtp_server: SmtpServer
) -> None:
    failed = failed_three(demo_ledger, smtp_server)
    lost = failed["vanphong@mttq.tayninh.example"]
    with transaction(demo_ledger) as session:
        session.execute(
            update(OutboxMessage).where(OutboxMessage.id == lost).values(status="unknown")
        )
    with transaction(demo_ledger) as session:
        first = requeue(session, Actor("op", at(DAY, 11)))
    assert lost not in first.requeued
    assert len(first.requeued) == 2
    with transaction(demo_ledger) as session:
        second = requeue(session, Actor("op", at(DAY, 11)), status=(), include_unknown=True)
    assert second.requeued == [lost]
    assert statuses(demo_ledger, [lost])[lost][:2] == ("pending", 0)


def test_a_message_another_channel_took_over_is_not_sent_again_unless_that_one_failed_too(
    demo_ledger: Sessions, smtp_server: SmtpServer
) -> None:
    failed = failed_three(demo_ledger, smtp_server)
    hnd = failed["vanphong@hnd.tayninh.example"]
    ldld = failed["vanphong@ldld.tayninh.example"]
    with transaction(demo_ledger) as session:
        fallback_of(session, hnd, "sent")
        fallback_of(session, ldld, "failed")
    with transaction(demo_ledger) as session:
        done = requeue(session, Actor("op", at(DAY, 11)), channel="email")
    assert done.fallen_back == [hnd]
    assert done.requeued == sorted([ldld, failed["vanphong@mttq.tayninh.example"]])
    assert statuses(demo_ledger, [hnd])[hnd][0] == "failed"


def test_a_channel_narrows_the_retry_to_its_messages(
    demo_ledger: Sessions, smtp_server: SmtpServer
) -> None:
    failed = failed_three(demo_ledger, smtp_server)
    with transaction(demo_ledger) as session:
        zalo = fallback_of(session, failed["vanphong@hnd.tayninh.example"], "failed")
    with transaction(demo_ledger) as session:
        done = requeue(session, Actor("op", at(DAY, 11)), channel="zalo-zns")
    assert done.requeued == [zalo]
    assert {s for s, _, _ in statuses(demo_ledger, list(failed.values())).values()} == {"failed"}


def test_many_messages_are_re_queued_in_chunks_of_one_statement_each(
    demo_ledger: Sessions, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    failed = failed_three(demo_ledger, smtp_server)
    monkeypatch.setattr(outbox_admin, "CHUNK", 2)
    with transaction(demo_ledger) as session:
        planned = plan_requeue(session, ids=list(failed.values()))
        done = requeue(session, Actor("op", at(DAY, 11)), ids=list(failed.values()))
    assert planned.requeued == done.requeued == sorted(failed.values())
    assert {s for s, _, _ in statuses(demo_ledger, done.requeued).values()} == {"pending"}


def test_the_outbox_lists_newest_first_and_counts_per_channel_and_status(
    demo_ledger: Sessions, smtp_server: SmtpServer
) -> None:
    failed = failed_three(demo_ledger, smtp_server)
    with transaction(demo_ledger) as session:
        rows = list_messages(session, status="failed")
        two = list_messages(session, limit=2)
        by_task = list_messages(session, task_id=rows[0].task_id)
        zalo = list_messages(session, channel="zalo-zns")
        later = list_messages(session, since=at(DAY, 12))
        found = counts(session)
    assert [r.id for r in rows] == sorted(failed.values(), reverse=True)
    assert {r.recipient: r.last_error for r in rows} == REFUSED
    assert {(r.status, r.attempts, r.channel, r.kind) for r in rows} == {
        ("failed", 1, "email", "notice")
    }
    assert len(two) == 2
    assert two[0].id > two[1].id
    assert [r.id for r in by_task] == [rows[0].id]
    assert zalo == later == []
    assert found == {("email", "failed"): 3, ("email", "sent"): 17}
