"""The notification outbox, for every channel: claim messages to send, settle what happened.

A message is claimed (status `sending`, in its own committed transaction, under its run's
owner) before it is sent and settled after, so two workers never send the same row: the claim
is a conditional UPDATE over rows picked with `FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite
serialises writers). If a worker dies between sending and settling, the next run hands its
claims back as soon as it can prove the worker gone (`ledger.claims`), else after a lease, and
the message is sent again with the same key (e-mail's Message-ID, Zalo's tracking_id) — the
one case of at-least-once, which the receiving side can recognise. Channels settle each
message as the provider answers it, before sending on (`tasks.dispatch`), so that window is one
message per connection wide, not one batch.

What a channel says decides what happens (`notifications.channels.Delivery`):

    sent      sent, with the provider's id
    retry     a passing fault: back off, at most MAX_ATTEMPTS times, then as `failed`
    failed    for good on this channel: the recipient's next channel gets the message
              (`fallbacks`); with none left, it is kept `failed` and the office told
    config    the channel cannot work (credentials, billing): left pending, attempt not
              counted, the office alerted; nothing is lost while someone fixes the settings
    unknown   handed over, the answer lost (a timeout): kept `unknown` until the provider's
              delivery report settles it, or RECONCILE_AFTER passes — then sent again, same key
"""

from __future__ import annotations

import functools
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Connection,
    Table,
    Update,
    and_,
    bindparam,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, sessionmaker

from calendars.business_time import later
from ledger.audit import Actor, AuditRow, audit_many
from ledger.claims import Liveness, engine_of, judge
from ledger.db import transaction
from ledger.models import DeliveryEvent, OutboxKind, OutboxMessage, OutboxStatus
from ledger.sql import insert_ignoring_duplicates

LEASE = timedelta(minutes=15)
# Seconds: the longest a settled answer waits for the disk (see `Recorder`).
SYNC_EVERY = 0.02
MAX_ATTEMPTS = 8
# A message whose answer was lost waits this long for the provider's delivery report before it
# is sent again: Zalo's webhook comes within seconds when it comes at all.
RECONCILE_AFTER = timedelta(minutes=30)
# A channel that cannot work (a refused login) is tried again after this, not at the backoff's
# pace: the operator fixes the settings, and `dondoc outbox retry` need not be run.
CONFIG_PAUSE = timedelta(minutes=15)


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
    kind: str = OutboxKind.NOTICE.value
    payload: dict[str, Any] | None = None
    raw: bytes | None = None
    task_id: int | None = None


# What a channel said of one message (notifications.channels' Delivery and Category values:
# the ledger knows them as the strings they are, not the notifications layer's types).
SENT, RETRY, FAILED, CONFIG, UNKNOWN = "sent", "retry", "failed", "config", "unknown"
UNAVAILABLE = "unavailable"  # the category of a provider that could not be reached at all


class Report(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def delivery(self) -> str: ...
    @property
    def provider_id(self) -> str | None: ...
    @property
    def error(self) -> str | None: ...
    @property
    def category(self) -> str | None: ...


@dataclass(frozen=True)
class Settlement:
    id: int
    delivery: str
    provider_id: str | None = None
    error: str | None = None
    category: str | None = None


@dataclass
class Settled:
    """What settling did: counts, the fallbacks queued, the recipients no channel reaches."""

    counts: dict[str, int] = field(default_factory=lambda: {"sent": 0, "retry": 0, "failed": 0})
    fallbacks: dict[int, int] = field(default_factory=dict)  # failed id → the new row's id
    unreachable: list[int] = field(default_factory=list)  # failed, with no channel left
    config: list[tuple[int, str]] = field(default_factory=list)  # (id, reason): channel broken
    config_category: str | None = None  # why the first of them was refused

    def add(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


def backoff(attempts: int) -> timedelta:
    """5 minutes, doubling, at most 6 hours."""
    delay: timedelta = timedelta(minutes=5) * 2 ** max(attempts - 1, 0)
    return min(delay, timedelta(hours=6))


def release_expired(session: Session, now: datetime) -> int:
    """Hand back the claims of runs that are over: at once those of an owner provably dead
    (`ledger.claims`), after the lease those of an owner nothing can vouch for (another host's
    process on SQLite, a claim written before owners were); a live owner's, never."""
    owners = session.scalars(
        select(OutboxMessage.claimed_by)
        .where(OutboxMessage.status == OutboxStatus.SENDING)
        .distinct()
    ).all()
    dead: list[str] = []
    unknown: list[str] = []
    for owner in owners:
        if owner is None:
            continue
        state = judge(session, owner)
        if state is Liveness.DEAD:
            dead.append(owner)
        elif state is Liveness.UNKNOWN:
            unknown.append(owner)
    lapsed = OutboxMessage.claimed_at < later(now, -LEASE)
    whose: list[ColumnElement[bool]] = [OutboxMessage.claimed_by.is_(None) & lapsed]
    if dead:
        whose.append(OutboxMessage.claimed_by.in_(dead))
    if unknown:
        whose.append(OutboxMessage.claimed_by.in_(unknown) & lapsed)
    rows = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENDING, or_(*whose))
        .values(status=OutboxStatus.PENDING, claimed_at=None, claimed_by=None)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    return len(rows)


def release_unknown(session: Session, now: datetime) -> list[int]:
    """Messages whose answer was lost and no delivery report came: pending again, same key."""
    rows = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.UNKNOWN,
            OutboxMessage.claimed_at < later(now, -RECONCILE_AFTER),
        )
        .values(status=OutboxStatus.PENDING, claimed_at=None, claimed_by=None, next_attempt_at=now)
        .returning(OutboxMessage.id)
    ).all()
    return [row.id for row in rows]


def claim(
    session: Session,
    now: datetime,
    channel: str,
    limit: int = 200,
    *,
    urgent_only: bool = False,
    owner: str | None = None,
) -> list[Claimed]:
    """Claim up to `limit` due messages of a channel for this worker (outside office hours,
    `urgent_only`: only those marked to go at once). `owner` (`ledger.claims.Claimer`): the run
    claiming, written into each row so that the next run can tell when it is gone."""
    release_expired(session, now)
    conditions = [
        OutboxMessage.status == OutboxStatus.PENDING,
        OutboxMessage.channel == channel,
        OutboxMessage.next_attempt_at <= now,
    ]
    if urgent_only:
        conditions.append(OutboxMessage.urgent.is_(True))
    # Pick in a materialized CTE: PostgreSQL may run an IN (… LIMIT … SKIP LOCKED) subquery
    # more than once and so claim more than `limit` rows.
    picked = (
        select(OutboxMessage.id)
        .where(*conditions)
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
        .values(
            status=OutboxStatus.SENDING,
            claimed_at=now,
            claimed_by=owner,
            attempts=OutboxMessage.attempts + 1,
        )
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
            OutboxMessage.kind,
            OutboxMessage.payload,
            OutboxMessage.raw,
            OutboxMessage.task_id,
        )
    ).all()
    return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)


def settle(
    session: Session,
    actor: Actor,
    results: Sequence[Report],
    digests: Collection[int] | None = None,
    owner: str | None = None,
) -> Settled:
    """Mark what happened to claimed messages; only rows still claimed (by `owner`, when
    given: a claim handed back and taken by another run is that run's) are touched.

    `digests`: which of them are digests, when the caller knows (it claimed them); else read."""
    settled = Settled()
    audit_rows: list[AuditRow] = []
    sent = [r for r in results if r.delivery == SENT]
    sent_digests = _settle_sent(session, actor, sent, settled, digests, owner)
    for result in results:
        if result.delivery == SENT:
            continue
        row = session.get(OutboxMessage, result.id, with_for_update=True)
        if row is None or row.status != OutboxStatus.SENDING:
            continue
        if owner is not None and row.claimed_by != owner:
            continue
        row.message_id = result.provider_id or row.message_id
        delivery = result.delivery
        row.last_error = result.error
        row.claimed_by = None
        if delivery == UNKNOWN:
            # Kept claimed: the lease does not release it; `release_unknown` or a delivery
            # report does.
            row.status, row.claimed_at = OutboxStatus.UNKNOWN, actor.now
            settled.add("unknown")
            continue
        row.claimed_at = None
        if delivery == CONFIG:
            row.status = OutboxStatus.PENDING
            row.attempts = max(row.attempts - 1, 0)  # not the message's fault
            row.next_attempt_at = later(actor.now, CONFIG_PAUSE)
            settled.add("held-config")
            settled.config.append((row.id, result.error or ""))
            settled.config_category = settled.config_category or result.category
            continue
        if delivery == RETRY and result.category == UNAVAILABLE:
            row.status = OutboxStatus.PENDING
            row.attempts = max(row.attempts - 1, 0)  # the provider was down, not the message
            row.next_attempt_at = later(actor.now, CONFIG_PAUSE)
            settled.add("retry")
            continue
        if delivery == RETRY and row.attempts < MAX_ATTEMPTS:
            row.status = OutboxStatus.PENDING
            row.next_attempt_at = later(actor.now, backoff(row.attempts))
            settled.add("retry")
            continue
        row.status = OutboxStatus.FAILED
        settled.add("failed")
        audit_rows.append(
            AuditRow(
                "outbox",
                row.id,
                "fail",
                None,
                {"status": "failed", "to": row.recipient, "channel": row.channel},
                result.error,
            )
        )
        new_id = _fall_back(session, actor, row)
        if new_id is not None:
            settled.fallbacks[row.id] = new_id
            settled.add("fallback")
        elif row.kind != OutboxKind.ALERT:
            settled.unreachable.append(row.id)
    if sent_digests:
        # The items gathered into a digest went out with it.
        items = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.digest_id.in_(sent_digests),
                OutboxMessage.status == OutboxStatus.HELD,
            )
            .values(status=OutboxStatus.SENT, sent_at=actor.now)
            .returning(OutboxMessage.id, OutboxMessage.digest_id)
            .execution_options(synchronize_session=False)
        ).all()
        audit_rows += [
            AuditRow("outbox", i.id, "sent", None, {"status": "sent", "digest": i.digest_id})
            for i in items
        ]
    audit_many(session, actor, audit_rows)
    return settled


class Recorder:
    """Commits settlements group by group for a delivery run (`tasks.dispatch`), each before
    the channel goes on with the connections that reported them.

    Each commit reaches the database at once — a killed worker loses none of the answers it was
    told — but waits for the disk only every SYNC_EVERY seconds: a commit that waits for the
    disk is an fsync (≈ 3.5 ms on the machines measured), and every connection waits for it.
    A crash of the machine or of the database server itself may so lose the answers of the
    last SYNC_EVERY, whose messages go again under the same key. SQLite: WAL with `synchronous`
    NORMAL between the synced commits, on a connection of the recorder's own (the setting
    cannot change inside a transaction); PostgreSQL: `synchronous_commit` off between them.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        engine = engine_of(sessions)
        self.connection: Connection | None = None
        self._driver: Any = None
        self._restore: Any = None
        self._synced = float("-inf")
        if engine.dialect.name == "sqlite":
            self.connection = engine.connect()
            self._driver = self.connection.connection.driver_connection
            self._restore = self._driver.execute("PRAGMA synchronous").fetchone()[0]

    def settle(
        self,
        actor: Actor,
        results: Sequence[Report],
        digests: Collection[int] | None = None,
        owner: str | None = None,
    ) -> Settled:
        durable = time.monotonic() - self._synced >= SYNC_EVERY
        if self.connection is None:
            with transaction(self.sessions) as session:
                if not durable:
                    session.execute(text("SET LOCAL synchronous_commit TO OFF"))
                settled = settle(session, actor, results, digests, owner)
        else:
            self._driver.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            with Session(bind=self.connection) as session, session.begin():
                settled = settle(session, actor, results, digests, owner)
        if durable:
            self._synced = time.monotonic()
        return settled

    def close(self) -> None:
        if self.connection is None:
            return
        try:
            self._driver.execute(f"PRAGMA synchronous={self._restore}")
        finally:
            self.connection.close()


def move_to_fallback(
    session: Session, actor: Actor, channel: str, reason: str, usable: Collection[str]
) -> int:
    """A channel with no settings: its pending messages that have another channel among
    `usable` (the configured ones) go to the first of them now (the original kept as
    `cancelled`, with the reason); the rest wait for the settings."""
    rows = session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.channel == channel,
            OutboxMessage.fallbacks.is_not(None),
        )
        .with_for_update(skip_locked=True)
    ).all()
    moved = 0
    cancelled: list[AuditRow] = []
    for row in rows:
        following = list(row.fallbacks or [])
        while following and following[0]["channel"] not in usable:
            following.pop(0)  # not configured either: no use moving there
        if not following:
            continue
        row.fallbacks = following
        new_id = _fall_back(session, actor, row)
        if new_id is not None:
            row.status, row.last_error = OutboxStatus.CANCELLED, reason
            after = {"status": "cancelled", "fallback": new_id}
            cancelled.append(AuditRow("outbox", row.id, "cancel", None, after, reason))
            moved += 1
    audit_many(session, actor, cancelled)
    return moved


@functools.cache
def _sent_update(owned: bool) -> Update:
    """The UPDATE that settles sent messages (built once: a delivery commits it hundreds of
    times a second, and building it cost more than running it). Core, not the ORM: an
    executemany, each row guarded by its claim (`owned`: and by its claimer)."""
    table = OutboxMessage.__table__
    assert isinstance(table, Table)
    guard = [table.c.id == bindparam("b_id"), table.c.status == OutboxStatus.SENDING.value]
    if owned:
        guard.append(table.c.claimed_by == bindparam("b_owner"))
    return (
        table.update()
        .where(*guard)
        .values(
            status=OutboxStatus.SENT.value,
            sent_at=bindparam("b_now"),
            claimed_at=None,
            claimed_by=None,
            last_error=None,
            message_id=func.coalesce(bindparam("b_provider"), table.c.message_id),
        )
    )


def _settle_sent(
    session: Session,
    actor: Actor,
    sent: Sequence[Report],
    settled: Settled,
    digests: Collection[int] | None,
    owner: str | None = None,
) -> list[int]:
    """The messages sent, set-based (the hot path: one statement per batch, not a row load
    each); returns the digests among them, whose items went out with them."""
    if not sent:
        return []
    result = session.connection().execute(
        _sent_update(owner is not None),
        [
            {"b_id": r.id, "b_provider": r.provider_id, "b_now": actor.now, "b_owner": owner}
            for r in sent
        ],
    )
    settled.add("sent", max(result.rowcount, 0))
    done = list(sent)
    if result.rowcount != len(sent):  # some were no longer ours (a lease ran out): not those
        mine = set(
            session.scalars(
                select(OutboxMessage.id).where(
                    OutboxMessage.id.in_([r.id for r in sent]),
                    OutboxMessage.status == OutboxStatus.SENT,
                    OutboxMessage.sent_at == actor.now,
                )
            )
        )
        done = [r for r in sent if r.id in mine]
    audit_many(
        session,
        actor,
        [AuditRow("outbox", r.id, "sent", None, _sent(r.provider_id)) for r in done],
    )
    if digests is not None:
        return [r.id for r in sent if r.id in digests]
    return list(
        session.scalars(
            select(OutboxMessage.id).where(
                OutboxMessage.id.in_([r.id for r in sent]),
                OutboxMessage.kind == OutboxKind.DIGEST,
            )
        )
    )


def _fall_back(session: Session, actor: Actor, row: OutboxMessage) -> int | None:
    """Queue a failed message on the recipient's next channel; its id, or None with none left.

    A digest that failed falls back item by item: each item is queued on its own next channel,
    and the next digest run gathers them there.
    """
    if row.kind == OutboxKind.DIGEST:
        items = session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.digest_id == row.id, OutboxMessage.status == OutboxStatus.HELD
            )
        ).all()
        first: int | None = None
        audit_many(
            session,
            actor,
            [
                AuditRow("outbox", i.id, "fail", None, {"status": "failed", "digest": row.id},
                         row.last_error)
                for i in items
            ],
        )  # fmt: skip
        for item in items:
            item.status = OutboxStatus.FAILED
            item.last_error = row.last_error
            new_id = _fall_back(session, actor, item)
            first = first if first is not None else new_id
        return first
    rest = list(row.fallbacks or [])
    if not rest:
        return None
    following, rest = rest[0], rest[1:]
    values = {
        "dedupe_key": _fallback_key(row, following),
        "task_id": row.task_id,
        "stage": row.stage,
        "channel": following["channel"],
        "recipient": following["address"],
        "recipient_name": row.recipient_name,
        "subject": following.get("subject", row.subject),
        "body_text": following.get("text", row.body_text),
        "body_html": following.get("html"),
        "payload": following.get("payload"),
        "status": OutboxStatus.PENDING.value,
        "attempts": 0,
        "next_attempt_at": actor.now,
        "created_at": actor.now,
        "kind": row.kind,
        "urgent": row.urgent,
        "fallbacks": rest or None,
        "fallback_from_id": row.id,
    }
    inserted = insert_ignoring_duplicates(
        session, OutboxMessage.__tablename__, [values], ["dedupe_key"], ["id"]
    )
    if inserted:
        return int(inserted[0].id)
    existing = session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == values["dedupe_key"])
    )
    return int(existing) if existing is not None else None


def _fallback_key(row: OutboxMessage, following: dict[str, Any]) -> str:
    # The key the notice would have had on that channel: queued twice, it is one row.
    head, _, _ = row.dedupe_key.rpartition(f":{row.channel}:")
    base = head if head else row.dedupe_key
    return f"{base}:{following['channel']}:{str(following['address']).lower()}"[:255]


@dataclass(frozen=True)
class DeliveryReport:
    """A provider's word that a message reached its recipient (a Zalo webhook)."""

    provider: str
    event_key: str  # the same report twice has the same key
    event: str
    message_id: str | None
    tracking_id: str | None
    delivered_at: datetime | None
    payload: dict[str, Any]


def record_delivery(
    session: Session, report: DeliveryReport, now: datetime, tracked: dict[str, int] | None = None
) -> bool:
    """Keep a delivery report once; mark its message delivered (and sent, if its answer was
    lost). `tracked`: tracking id → outbox id, for a report that names only the tracking id.
    True when this report was new."""
    inserted = insert_ignoring_duplicates(
        session,
        DeliveryEvent.__tablename__,
        [
            {
                "provider": report.provider,
                "event_key": report.event_key,
                "event": report.event,
                "message_id": report.message_id,
                "tracking_id": report.tracking_id,
                "occurred_at": report.delivered_at,
                "received_at": now,
                "payload": report.payload,
            }
        ],
        ["provider", "event_key"],
        ["id"],
    )
    if not inserted:
        return False
    which = []
    if report.message_id:
        which.append(OutboxMessage.message_id == report.message_id)
    if report.tracking_id and tracked and report.tracking_id in tracked:
        which.append(OutboxMessage.id == tracked[report.tracking_id])
    if not which:
        return True
    target = or_(*which)
    delivered = report.delivered_at or now
    found = session.execute(
        update(OutboxMessage)
        .where(target, OutboxMessage.status == OutboxStatus.UNKNOWN)
        .values(
            status=OutboxStatus.SENT,
            sent_at=delivered,
            claimed_at=None,
            claimed_by=None,
            last_error=None,
        )
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    reached = session.execute(
        update(OutboxMessage)
        .where(target, OutboxMessage.delivered_at.is_(None))
        .values(delivered_at=delivered, message_id=report.message_id or OutboxMessage.message_id)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    after = {"delivered_at": delivered.isoformat(), "event": report.event}
    audit_many(
        session,
        Actor(f"webhook:{report.provider}", now),
        [AuditRow("outbox", r.id, "sent", None, _sent(report.message_id)) for r in found]
        + [AuditRow("outbox", r.id, "delivered", None, after) for r in reached],
    )
    return True


def _sent(provider_id: str | None) -> dict[str, Any]:
    return {"status": "sent", "message_id": provider_id} if provider_id else {"status": "sent"}


def unknown_by_tracking(
    session: Session, channels: Collection[str], tracking: Any
) -> dict[str, int]:
    """tracking id → outbox id of the channels' messages whose answer was lost (`tracking`:
    the function that makes a message's tracking id from its dedupe key)."""
    rows = session.execute(
        select(OutboxMessage.id, OutboxMessage.dedupe_key).where(
            and_(
                OutboxMessage.status == OutboxStatus.UNKNOWN,
                OutboxMessage.channel.in_(list(channels)),
            )
        )
    ).all()
    return {tracking(key): id_ for id_, key in rows}


def queue_alert(
    session: Session,
    actor: Actor,
    kind: str,
    day: date,
    subject: str,
    text: str,
    html: str | None,
    recipients: Sequence[tuple[str, str]],
) -> list[int]:
    """Queue an alert to the office (once per kind and day): (name, e-mail address) each."""
    rows = [
        {
            "dedupe_key": f"alert:{kind}:{day.isoformat()}:{address.lower()}"[:255],
            "task_id": None,
            "stage": f"alert-{kind}"[:32],
            "channel": "email",
            "recipient": address,
            "recipient_name": name,
            "subject": subject,
            "body_text": text,
            "body_html": html,
            "status": OutboxStatus.PENDING.value,
            "attempts": 0,
            "next_attempt_at": actor.now,
            "created_at": actor.now,
            "kind": OutboxKind.ALERT.value,
            "urgent": True,
            "payload": None,
            "fallbacks": None,
            "fallback_from_id": None,
        }
        for name, address in recipients
    ]
    inserted = insert_ignoring_duplicates(
        session, OutboxMessage.__tablename__, rows, ["dedupe_key"], ["id"]
    )
    return [row.id for row in inserted]
