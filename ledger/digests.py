"""A recipient's day in one message: gather their pending notices into a digest.

Run before a delivery claims anything, in its own transaction. Per channel and recipient, the
notices due to go (not urgent) are gathered: two or more become one digest row, which the
channel sends like any message and whose items are `held` until it goes (then `sent` with it);
a single notice goes as it is. A recipient who was already sent their message today gets the
rest on the next working day — one message a day, however many flows queued for them. What
arrives while the day's digest is still unsent (a Zalo message that fell back to e-mail in the
same delivery run) joins that digest, recomposed. After days of downtime everything waiting is
gathered at once: one digest, not a flood.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from ledger.audit import Actor
from ledger.models import OutboxKind, OutboxMessage, OutboxStatus
from ledger.sql import insert_ignoring_duplicates


@dataclass(frozen=True)
class Item:
    """A pending notice as a digest reads it."""

    id: int
    recipient_name: str | None
    subject: str
    text: str
    payload: dict[str, Any] | None


@dataclass(frozen=True)
class Composed:
    subject: str
    text: str
    html: str | None
    payload: dict[str, Any] | None


# (channel, recipient name, items, day) → the digest's message; None: these items cannot be
# gathered (no digest template registered for the channel), each goes on its own
Compose = Callable[[str, str, Sequence[Item], date], Composed | None]


@dataclass
class Gathered:
    digests: int = 0
    items: int = 0
    joined: int = 0  # notices added to a digest of the day not yet sent
    deferred: int = 0  # notices put off to the next working day (their recipient had today's)
    dissolved: int = 0  # digests of earlier days never sent, gathered again into today's


def digest_key(channel: str, recipient: str, day: date) -> str:
    return f"digest:{channel}:{recipient.lower()}:{day.isoformat()}"


def gather(
    session: Session,
    actor: Actor,
    day: date,
    day_start: datetime,
    next_start: datetime,
    compose: Compose,
) -> Gathered:
    """Gather the notices due by `actor.now` into digests for business day `day` (which began,
    for the office, at `day_start`; `next_start`: when the next working day's sending begins)."""
    now = actor.now
    result = Gathered()
    result.dissolved = _dissolve_stale(session, day_start)
    rows = session.execute(
        select(
            OutboxMessage.id,
            OutboxMessage.channel,
            OutboxMessage.recipient,
            OutboxMessage.recipient_name,
            OutboxMessage.subject,
            OutboxMessage.body_text,
            OutboxMessage.payload,
            OutboxMessage.fallbacks,
        )
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.kind == OutboxKind.NOTICE,
            OutboxMessage.urgent.is_(False),
            OutboxMessage.digest_id.is_(None),
            OutboxMessage.next_attempt_at <= now,
            OutboxMessage.attempts == 0,  # a retry goes as it is: it was already gathered once
        )
        .order_by(OutboxMessage.id)
    ).all()
    if not rows:
        return result
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in rows:
        groups[(row.channel, row.recipient.lower())].append(row)
    channels = {channel for channel, _ in groups}
    told = _told_today(session, day_start, channels)
    unsent = _unsent_digests(session, day_start, channels)
    deferred: list[int] = []
    digests: list[tuple[dict[str, Any], list[int]]] = []
    for (channel, recipient), items in groups.items():
        if (channel, recipient) in told:
            deferred += [item.id for item in items]
            continue
        if (channel, recipient) in unsent:
            if _join(session, unsent[(channel, recipient)], items, day, compose):
                result.joined += len(items)
            else:  # claimed meanwhile: today's message is on its way
                deferred += [item.id for item in items]
            continue
        if len(items) < 2:
            continue
        first = items[0]
        composed = compose(
            channel,
            first.recipient_name or first.recipient,
            [_item(i) for i in items],
            day,
        )
        if composed is None:
            continue
        digests.append(
            (
                {
                    "dedupe_key": digest_key(channel, recipient, day),
                    "task_id": None,
                    "stage": "digest",
                    "channel": channel,
                    "recipient": first.recipient,
                    "recipient_name": first.recipient_name,
                    "subject": composed.subject,
                    "body_text": composed.text,
                    "body_html": composed.html,
                    "payload": composed.payload,
                    "status": OutboxStatus.PENDING.value,
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                    "kind": OutboxKind.DIGEST.value,
                    "urgent": False,
                    "fallbacks": None,
                    "fallback_from_id": None,
                },
                [item.id for item in items],
            )
        )
    if digests:
        inserted = insert_ignoring_duplicates(
            session,
            OutboxMessage.__tablename__,
            [values for values, _ in digests],
            ["dedupe_key"],
            ["id", "dedupe_key"],
        )
        by_key = {row.dedupe_key: row.id for row in inserted}
        for values, item_ids in digests:
            digest_id = by_key.get(values["dedupe_key"])
            if digest_id is None:  # another worker gathered this recipient's day first
                deferred += item_ids
                continue
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(item_ids), OutboxMessage.status == OutboxStatus.PENDING)
                .values(status=OutboxStatus.HELD, digest_id=digest_id)
                .execution_options(synchronize_session=False)
            )
            result.digests += 1
            result.items += len(item_ids)
    if deferred:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(deferred), OutboxMessage.status == OutboxStatus.PENDING)
            .values(next_attempt_at=next_start)
            .execution_options(synchronize_session=False)
        )
        result.deferred = len(deferred)
    return result


def _dissolve_stale(session: Session, day_start: datetime) -> int:
    """Digests of earlier days still unsent (the channel was down) give their items back, to be
    gathered with today's: after days of downtime, one digest, not one per day missed."""
    stale = session.scalars(
        select(OutboxMessage.id).where(
            OutboxMessage.kind == OutboxKind.DIGEST,
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.created_at < day_start,
        )
    ).all()
    if not stale:
        return 0
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.digest_id.in_(stale), OutboxMessage.status == OutboxStatus.HELD)
        .values(status=OutboxStatus.PENDING, digest_id=None, next_attempt_at=day_start)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(stale))
        .values(status=OutboxStatus.CANCELLED, last_error="gộp vào bản tổng hợp của ngày sau")
        .execution_options(synchronize_session=False)
    )
    return len(stale)


def _item(row: Any) -> Item:
    """An outbox row (its id, recipient_name, subject, body_text, payload) as a digest reads it."""
    return Item(row.id, row.recipient_name, row.subject, row.body_text, row.payload)


def _unsent_digests(
    session: Session, day_start: datetime, channels: set[str]
) -> dict[tuple[str, str], int]:
    """(channel, recipient) → the id of their digest of today that no channel took yet."""
    rows = session.execute(
        select(OutboxMessage.channel, func.lower(OutboxMessage.recipient), OutboxMessage.id).where(
            OutboxMessage.channel.in_(sorted(channels)),
            OutboxMessage.kind == OutboxKind.DIGEST.value,
            OutboxMessage.created_at >= day_start,
            OutboxMessage.status == OutboxStatus.PENDING.value,
        )
    ).all()
    return {(channel, recipient): digest_id for channel, recipient, digest_id in rows}


def _join(
    session: Session, digest_id: int, items: Sequence[Any], day: date, compose: Compose
) -> bool:
    """Add `items` to an unsent digest, recomposed with what it holds; False when a delivery
    claimed it meanwhile (its row is locked first: a claim and a join never cross)."""
    digest = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.id == digest_id, OutboxMessage.status == OutboxStatus.PENDING)
        .with_for_update()
    ).one_or_none()
    if digest is None:
        return False
    held = session.execute(
        select(
            OutboxMessage.id,
            OutboxMessage.recipient_name,
            OutboxMessage.subject,
            OutboxMessage.body_text,
            OutboxMessage.payload,
        )
        .where(OutboxMessage.digest_id == digest_id, OutboxMessage.status == OutboxStatus.HELD)
        .order_by(OutboxMessage.id)
    ).all()
    every = [_item(i) for i in [*held, *items]]
    composed = compose(digest.channel, digest.recipient_name or digest.recipient, every, day)
    if composed is None:
        return False
    digest.subject, digest.body_text = composed.subject, composed.text
    digest.body_html, digest.payload = composed.html, composed.payload
    session.flush()
    session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_([item.id for item in items]),
            OutboxMessage.status == OutboxStatus.PENDING,
        )
        .values(status=OutboxStatus.HELD, digest_id=digest_id)
        .execution_options(synchronize_session=False)
    )
    return True


def _told_today(session: Session, day_start: datetime, channels: set[str]) -> set[tuple[str, str]]:
    """(channel, recipient) already sent — or being sent — their message of the day."""
    rows = session.execute(
        select(OutboxMessage.channel, func.lower(OutboxMessage.recipient))
        .where(
            OutboxMessage.channel.in_(sorted(channels)),
            OutboxMessage.kind.in_([OutboxKind.NOTICE.value, OutboxKind.DIGEST.value]),
            OutboxMessage.urgent.is_(False),
            OutboxMessage.digest_id.is_(None),
            # A digest of today not yet out is today's message too, but one that can still
            # take more: `_unsent_digests`.
            or_(
                OutboxMessage.sent_at >= day_start,
                OutboxMessage.status.in_([OutboxStatus.SENDING.value, OutboxStatus.UNKNOWN.value]),
            ),
        )
        .distinct()
    ).all()
    return {(channel, recipient) for channel, recipient in rows}
