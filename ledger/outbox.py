"""The notification outbox: claim messages to send, settle what happened to them.

A message is claimed (status `sending`, in its own committed transaction) before it is sent and
settled after, so two workers never send the same row: the claim is a conditional UPDATE over
rows picked with `FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite serialises writers). If a
worker dies between sending and settling, its claim expires after a lease and the message is
sent again with the same Message-ID — the one case of at-least-once, which the receiving side
can recognise. Retryable failures back off; permanent ones are kept as `failed` and reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from calendars.business_time import later
from ledger.audit import Actor, AuditRow, audit_many
from ledger.models import OutboxMessage, OutboxStatus

LEASE = timedelta(minutes=15)
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Claimed:
    id: int
    dedupe_key: str
    channel: str
    recipient: str
    recipient_name: str | None
    subject: str
    body_text: str
    body_html: str | None
    attempts: int


@dataclass(frozen=True)
class Outcome:
    id: int
    ok: bool
    permanent: bool
    error: str | None
    message_id: str | None


def backoff(attempts: int) -> timedelta:
    """5 minutes, doubling, at most 6 hours."""
    delay: timedelta = timedelta(minutes=5) * 2 ** max(attempts - 1, 0)
    return min(delay, timedelta(hours=6))


def release_expired(session: Session, now: datetime) -> int:
    rows = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_at < later(now, -LEASE),
        )
        .values(status=OutboxStatus.PENDING, claimed_at=None)
        .returning(OutboxMessage.id)
    ).all()
    return len(rows)


def claim(session: Session, now: datetime, channel: str, limit: int = 200) -> list[Claimed]:
    """Claim up to `limit` due messages of a channel for this worker."""
    release_expired(session, now)
    # Pick in a materialized CTE: PostgreSQL may run an IN (… LIMIT … SKIP LOCKED) subquery
    # more than once and so claim more than `limit` rows.
    picked = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.channel == channel,
            OutboxMessage.next_attempt_at <= now,
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("picked")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    rows = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(select(picked.c.id)),
            OutboxMessage.status == OutboxStatus.PENDING,  # re-checked after a lock wait
        )
        .values(status=OutboxStatus.SENDING, claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .returning(
            OutboxMessage.id,
            OutboxMessage.dedupe_key,
            OutboxMessage.channel,
            OutboxMessage.recipient,
            OutboxMessage.recipient_name,
            OutboxMessage.subject,
            OutboxMessage.body_text,
            OutboxMessage.body_html,
            OutboxMessage.attempts,
        )
    ).all()
    return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)


def settle(session: Session, actor: Actor, outcomes: Sequence[Outcome]) -> dict[str, int]:
    """Mark what happened to claimed messages; only rows still claimed are touched."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    audit_rows: list[AuditRow] = []
    for outcome in outcomes:
        row = session.get(OutboxMessage, outcome.id, with_for_update=True)
        if row is None or row.status != OutboxStatus.SENDING:
            continue
        row.claimed_at = None
        row.message_id = outcome.message_id or row.message_id
        if outcome.ok:
            row.status, row.sent_at, row.last_error = OutboxStatus.SENT, actor.now, None
            counts["sent"] += 1
            continue
        row.last_error = outcome.error
        if outcome.permanent or row.attempts >= MAX_ATTEMPTS:
            row.status = OutboxStatus.FAILED
            counts["failed"] += 1
            audit_rows.append(
                AuditRow(
                    "outbox",
                    row.id,
                    "fail",
                    None,
                    {"status": "failed", "to": row.recipient},
                    outcome.error,
                )
            )
        else:
            row.status, row.next_attempt_at = (
                OutboxStatus.PENDING,
                later(actor.now, backoff(row.attempts)),
            )
            counts["retry"] += 1
    audit_many(session, actor, audit_rows)
    return counts
