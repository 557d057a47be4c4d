"""What an operator does with the outbox: look at it, and send failed messages again.

A message fails for good when a channel cannot work (a wrong SMTP password, a Zalo app secret
not yet set): once the settings are fixed, `requeue` puts the failed messages back in the
queue, as new — except those whose task was done, waived or cancelled since (cancelled
instead: a reminder of a report already handed in is worse than none), and those another
channel has taken over (the recipient was reached, or is being reached, by the fallback).
Plain functions over a session; the caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.orm import Session, aliased

from ledger.audit import Actor, AuditRow, audit_many
from ledger.claims import Liveness, judge
from ledger.models import OutboxMessage, Task
from ledger.statuses import OutboxStatus
from ledger.transitions import OPENED

S = OutboxStatus
# An operator may send again what failed or was left pending; `unknown` only on purpose (it
# may have reached the phone already). The rest is done, on its way, or inside a digest.
REQUEUEABLE = frozenset({S.FAILED, S.UNKNOWN, S.PENDING})
UNTOUCHABLE = frozenset({S.SENT, S.CANCELLED, S.HELD, S.SENDING})
# A fallback in these statuses has not reached, and will not reach, the recipient.
_FALLBACK_GAVE_UP = (S.FAILED.value, S.CANCELLED.value)
CHUNK = 5_000  # ids per UPDATE … WHERE id IN (…): well under SQLite's 32,766 variables


class OutboxAdminError(ValueError):
    """A request the outbox cannot honour; the message says what to ask instead."""


@dataclass(frozen=True)
class MessageRow:
    id: int
    channel: str
    recipient: str
    recipient_name: str | None
    subject: str
    status: str
    attempts: int
    last_error: str | None
    next_attempt_at: datetime
    sent_at: datetime | None
    delivered_at: datetime | None
    kind: str
    message_id: str | None
    task_id: int | None = None
    created_at: datetime | None = None
    claimed_at: datetime | None = None
    claimed_by: str | None = None  # the delivery run holding it (`ledger.claims.Owner`)


_COLUMNS = (
    OutboxMessage.id,
    OutboxMessage.channel,
    OutboxMessage.recipient,
    OutboxMessage.recipient_name,
    OutboxMessage.subject,
    OutboxMessage.status,
    OutboxMessage.attempts,
    OutboxMessage.last_error,
    OutboxMessage.next_attempt_at,
    OutboxMessage.sent_at,
    OutboxMessage.delivered_at,
    OutboxMessage.kind,
    OutboxMessage.message_id,
    OutboxMessage.task_id,
    OutboxMessage.created_at,
    OutboxMessage.claimed_at,
    OutboxMessage.claimed_by,
)


def list_messages(
    session: Session,
    *,
    status: str | Iterable[str] | None = None,
    channel: str | None = None,
    task_id: int | None = None,
    since: datetime | None = None,
    limit: int = 50,
) -> list[MessageRow]:
    """The outbox's messages, newest first, filtered by status(es), channel, task, creation."""
    query = select(*_COLUMNS).order_by(OutboxMessage.id.desc()).limit(limit)
    if status is not None:
        statuses = [status] if isinstance(status, str) else list(status)
        query = query.where(OutboxMessage.status.in_(statuses))
    if channel is not None:
        query = query.where(OutboxMessage.channel == channel)
    if task_id is not None:
        query = query.where(OutboxMessage.task_id == task_id)
    if since is not None:
        query = query.where(OutboxMessage.created_at >= since)
    return [MessageRow(**row._asdict()) for row in session.execute(query)]


def holders(session: Session, rows: Iterable[MessageRow]) -> dict[str, Liveness]:
    """Whether the runs holding the messages being sent are alive, judged as the next delivery
    run judges them (`ledger.claims.judge`), once per run."""
    claimed = {r.claimed_by for r in rows if r.status == OutboxStatus.SENDING and r.claimed_by}
    return {owner: judge(session, owner) for owner in sorted(claimed)}


def counts(session: Session) -> dict[tuple[str, str], int]:
    """Messages per (channel, status), in channel then status order."""
    rows = session.execute(
        select(OutboxMessage.channel, OutboxMessage.status, func.count())
        .group_by(OutboxMessage.channel, OutboxMessage.status)
        .order_by(OutboxMessage.channel, OutboxMessage.status)
    )
    return {(channel, status): n for channel, status, n in rows}


@dataclass(frozen=True)
class Candidate:
    """A message a re-queue picked, with what decides its fate."""

    id: int
    channel: str
    recipient: str
    recipient_name: str | None
    subject: str
    status: str
    attempts: int
    last_error: str | None
    task_status: str | None  # None: not a task's message (a digest, an alert)
    fallen_back: bool  # another channel's message carries it and has not given up


@dataclass
class Requeued:
    """What a re-queue did (or, from `plan_requeue`, would do)."""

    requeued: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)  # the task was closed since
    fallen_back: list[int] = field(default_factory=list)  # left alone: a fallback carries it
    not_eligible: dict[int, str] = field(default_factory=dict)  # id asked for → its status
    messages: dict[int, Candidate] = field(default_factory=dict)

    @property
    def nothing(self) -> bool:
        return not (self.requeued or self.cancelled or self.fallen_back)


def _statuses(status: Sequence[str] | str, include_unknown: bool) -> set[str]:
    wanted = {status} if isinstance(status, str) else set(status)
    if include_unknown:
        wanted.add(S.UNKNOWN.value)
    for value in wanted:
        if value not in {s.value for s in S}:
            raise OutboxAdminError(
                f"'{value}' is not an outbox status: give one of "
                f"{', '.join(sorted(s.value for s in REQUEUEABLE))}"
            )
        if value in UNTOUCHABLE:
            raise OutboxAdminError(
                f"messages in status '{value}' are never sent again: only "
                f"{', '.join(sorted(s.value for s in REQUEUEABLE))} messages can be"
            )
    if not wanted:
        raise OutboxAdminError("say which messages to send again: failed, unknown or pending")
    return wanted


def plan_requeue(
    session: Session,
    *,
    ids: Iterable[int] | None = None,
    channel: str | None = None,
    status: Sequence[str] | str = (S.FAILED.value,),
    include_unknown: bool = False,
    lock: bool = False,
) -> Requeued:
    """What `requeue` would do now, without changing anything."""
    wanted = _statuses(status, include_unknown)
    asked = sorted(set(ids)) if ids is not None else None
    fallback = aliased(OutboxMessage)
    carried = exists().where(
        and_(
            fallback.fallback_from_id == OutboxMessage.id,
            fallback.status.not_in(_FALLBACK_GAVE_UP),
        )
    )
    query = (
        select(
            OutboxMessage.id,
            OutboxMessage.channel,
            OutboxMessage.recipient,
            OutboxMessage.recipient_name,
            OutboxMessage.subject,
            OutboxMessage.status,
            OutboxMessage.attempts,
            OutboxMessage.last_error,
            Task.status,
            carried,
        )
        .outerjoin(Task, Task.id == OutboxMessage.task_id)
        .where(OutboxMessage.status.in_(wanted))
        .order_by(OutboxMessage.id)
    )
    if channel is not None:
        query = query.where(OutboxMessage.channel == channel)
    if lock:  # PostgreSQL: a worker's claim waits until this transaction ends
        query = query.with_for_update(of=OutboxMessage)
    plan = Requeued()
    for chunk in _chunks(asked) if asked is not None else [None]:
        part = query if chunk is None else query.where(OutboxMessage.id.in_(chunk))
        for row in session.execute(part):
            candidate = Candidate(*row[:9], fallen_back=bool(row[9]))
            plan.messages[candidate.id] = candidate
            if candidate.task_status is not None and candidate.task_status not in OPENED:
                plan.cancelled.append(candidate.id)
            elif candidate.fallen_back:
                plan.fallen_back.append(candidate.id)
            else:
                plan.requeued.append(candidate.id)
    if asked is not None:
        left = [i for i in asked if i not in plan.messages]
        for chunk in _chunks(left):
            query_ = select(OutboxMessage.id, OutboxMessage.status)
            found = dict(session.execute(query_.where(OutboxMessage.id.in_(chunk))).all())
            plan.not_eligible.update({i: found.get(i, "missing") for i in chunk})
    return plan


def requeue(
    session: Session,
    actor: Actor,
    *,
    ids: Iterable[int] | None = None,
    channel: str | None = None,
    status: Sequence[str] | str = (S.FAILED.value,),
    include_unknown: bool = False,
) -> Requeued:
    """Put failed messages back in the queue, as new; cancel those whose task was closed since.

    status → pending, attempts → 0, next_attempt_at → now, claimed_at and last_error cleared;
    each change has its audit row (entity "outbox", action "retry" or "cancel") keeping the
    status and the last error it replaced. Sent, cancelled, held and sending messages are never
    touched. `ids` and `channel` narrow the choice; `include_unknown` adds the messages whose
    fate is unknown (they may have arrived: a re-send may be a duplicate).
    """
    plan = plan_requeue(
        session,
        ids=ids,
        channel=channel,
        status=status,
        include_unknown=include_unknown,
        lock=True,
    )
    wanted = sorted({c.status for c in plan.messages.values()})
    done = Requeued(
        fallen_back=plan.fallen_back, not_eligible=plan.not_eligible, messages=plan.messages
    )
    for chunk in _chunks(plan.requeued):
        done.requeued += session.scalars(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(chunk), OutboxMessage.status.in_(wanted))
            .values(
                status=S.PENDING,
                attempts=0,
                next_attempt_at=actor.now,
                claimed_at=None,
                last_error=None,
            )
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        ).all()
    for chunk in _chunks(plan.cancelled):
        done.cancelled += session.scalars(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(chunk), OutboxMessage.status.in_(wanted))
            .values(status=S.CANCELLED, claimed_at=None)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        ).all()
    done.requeued.sort()
    done.cancelled.sort()
    rows = [_audit(plan.messages[i], "retry", S.PENDING, None) for i in done.requeued]
    rows += [
        _audit(plan.messages[i], "cancel", S.CANCELLED, f"task {plan.messages[i].task_status}")
        for i in done.cancelled
    ]
    audit_many(session, actor, rows)
    if done.requeued or done.cancelled:
        session.expire_all()  # the UPDATEs bypassed any loaded rows
    return done


def _audit(c: Candidate, action: str, to: str, reason: str | None) -> AuditRow:
    before = {"status": c.status, "attempts": c.attempts, "last_error": c.last_error}
    after: dict[str, Any] = {"status": str(to)}
    if to == S.PENDING:
        after["attempts"] = 0
    return AuditRow("outbox", c.id, action, before, after, reason)


def _chunks(ids: Sequence[int] | None) -> list[list[int]]:
    values = list(ids or ())
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]
