"""The ledger's tables: SQLAlchemy 2 typed models. The migrations create them; keep both in step.

Idempotency lives in constraints: one occurrence per (obligation, key); one task per
(occurrence, step, unit) — that is, per (obligation, occurrence, step, unit); one notice per
(task, stage); one outbox message per dedupe key (task, stage, channel, recipient). Instants are
UTC (`DateTime(timezone=True)`); business dates are plain dates in Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from ledger.statuses import OutboxKind as OutboxKind
from ledger.statuses import OutboxStatus as OutboxStatus
from ledger.statuses import TaskStatus as TaskStatus


def _in(column: str, values: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class UtcDateTime(TypeDecorator[datetime]):
    """An aware instant stored in UTC; SQLite keeps no zone, so it is restored on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the ledger stores aware instants only (got a naive datetime)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, datetime: UtcDateTime()}


class CatalogueDocument(Base):
    """One loaded catalogue document (plan, workdays, festivals) as validated JSON."""

    __tablename__ = "catalogue_documents"

    id: Mapped[str] = mapped_column(String(63), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    file: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    tracking_from: Mapped[date | None] = mapped_column(Date)
    loaded_at: Mapped[datetime]


class Unit(Base):
    __tablename__ = "units"

    code: Mapped[str] = mapped_column(String(63), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("units.code"))
    supervisor_code: Mapped[str | None] = mapped_column(ForeignKey("units.code"))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    email: Mapped[str | None] = mapped_column(String(320))
    zalo_phone: Mapped[str | None] = mapped_column(String(16))
    head_name: Mapped[str | None] = mapped_column(Text)
    head_title: Mapped[str | None] = mapped_column(Text)
    head_email: Mapped[str | None] = mapped_column(String(320))
    head_zalo_phone: Mapped[str | None] = mapped_column(String(16))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    document_id: Mapped[str] = mapped_column(ForeignKey("catalogue_documents.id"))
    updated_at: Mapped[datetime]


class Obligation(Base):
    """An obligation as loaded; `version` grows when its spec changes."""

    __tablename__ = "obligations"

    id: Mapped[str] = mapped_column(String(63), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("catalogue_documents.id"))
    version: Mapped[int] = mapped_column(Integer)
    spec_hash: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    family: Mapped[str] = mapped_column(String(32))
    period_kind: Mapped[str | None] = mapped_column(String(16))  # report periods only
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime]
    retired_at: Mapped[datetime | None]


class OccurrenceStatus(StrEnum):
    SCHEDULED = "scheduled"  # as the catalogue dates it
    MOVED = "moved"  # rescheduled by an operator: its anchor is not the catalogue's any more
    CANCELLED = "cancelled"  # called off by an operator, with a reason


class Occurrence(Base):
    """One occurrence of an obligation: a report period, a quarter's meeting, a ceremony …"""

    __tablename__ = "occurrences"
    __table_args__ = (
        UniqueConstraint("obligation_id", "key", name="uq_occurrence_key"),
        CheckConstraint(_in("status", OccurrenceStatus), name="ck_occurrence_status"),
        Index("ix_occurrences_anchor", "anchor"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    obligation_id: Mapped[str] = mapped_column(ForeignKey("obligations.id"))
    key: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(Text)
    family: Mapped[str] = mapped_column(String(32))
    anchor: Mapped[date] = mapped_column(Date)  # what its steps are dated from, as it stands
    planned_anchor: Mapped[date] = mapped_column(Date)  # as the catalogue dates it
    window_start: Mapped[date | None] = mapped_column(Date)  # a report's data window
    window_end: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PolicySnapshot(Base):
    """A chase and escalation policy as a task opened under it: one row per distinct policy."""

    __tablename__ = "policy_snapshots"
    __table_args__ = (UniqueConstraint("digest", name="uq_policy_snapshot_digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of the canonical JSON of `spec`
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]


class Task(Base):
    """One step of one occurrence, owed by one unit."""

    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("occurrence_id", "step_id", "unit_code", name="uq_task_step"),
        CheckConstraint(_in("status", TaskStatus), name="ck_task_status"),
        CheckConstraint("escalation_level >= 0", name="ck_task_escalation_level"),
        CheckConstraint("window_start <= window_end", name="ck_task_window"),
        CheckConstraint("opens_on <= due_on", name="ck_task_opens_before_due"),
        Index("ix_tasks_status_due_on", "status", "due_on"),
        Index("ix_tasks_unit_code", "unit_code"),
        Index("ix_tasks_status_opens_on", "status", "opens_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id"))
    obligation_id: Mapped[str] = mapped_column(ForeignKey("obligations.id"))
    family: Mapped[str] = mapped_column(String(32))
    step_id: Mapped[str] = mapped_column(String(32))
    step_kind: Mapped[str] = mapped_column(String(32))
    unit_code: Mapped[str] = mapped_column(ForeignKey("units.code"))
    occurrence_key: Mapped[str] = mapped_column(String(32))
    occurrence_label: Mapped[str] = mapped_column(Text)
    window_start: Mapped[date | None] = mapped_column(Date)
    window_end: Mapped[date | None] = mapped_column(Date)
    opens_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(24))
    obligation_version: Mapped[int] = mapped_column(Integer)
    opened_on: Mapped[date | None] = mapped_column(Date)
    acknowledged_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]  # when the step was recorded done
    done_on: Mapped[date | None] = mapped_column(Date)  # the day a meeting or visit was held
    document_ref: Mapped[str | None] = mapped_column(Text)  # or the minutes' number
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    # The chase and escalation policy the task opened under (NULL: opened before snapshots
    # existed, it follows the catalogue's policy).
    policy_id: Mapped[int | None] = mapped_column(ForeignKey("policy_snapshots.id"))
    submitted_file: Mapped[str | None] = mapped_column(Text)  # the file handed in, if any
    closed_on: Mapped[date | None] = mapped_column(Date)  # waived or cancelled on
    status_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class TaskNotice(Base):
    """A stage of a task's chase (open, before-3, overdue-1, escalate-2 …): at most once."""

    __tablename__ = "task_notices"
    __table_args__ = (UniqueConstraint("task_id", "stage", name="uq_notice_stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    stage: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[date] = mapped_column(Date)  # the day the stage fell due
    as_of: Mapped[date] = mapped_column(Date)  # the day it was decided
    outcome: Mapped[str] = mapped_column(String(16))  # queued | superseded | no-address
    created_at: Mapped[datetime]


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("dedupe_key", name="uq_outbox_dedupe_key"),
        CheckConstraint(_in("status", OutboxStatus), name="ck_outbox_status"),
        CheckConstraint(_in("kind", OutboxKind), name="ck_outbox_kind"),
        Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),
        Index("ix_outbox_digest_id", "digest_id"),
        Index("ix_outbox_message_id", "message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dedupe_key: Mapped[str] = mapped_column(String(255))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    stage: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(320))
    recipient_name: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    # Who holds the claim (`ledger.claims.Owner`): the next run hands back a dead owner's.
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    last_error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(255))  # the provider's id
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    kind: Mapped[str] = mapped_column(String(16), default=OutboxKind.NOTICE.value)
    # A Zalo template's parameters; an e-mail's attachment (file name and path).
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)  # an e-mail serialised when queued
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)  # goes at once, not in a digest
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))
    # The recipient's next channels, in order, should this one fail for good.
    fallbacks: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    fallback_from_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))
    delivered_at: Mapped[datetime | None]  # when the provider said it reached the phone


class ChannelToken(Base):
    """A channel's rotating credentials (Zalo's OA token pair): one row per channel.

    Zalo's refresh token is single-use: the new pair is committed here before the new access
    token is used, and a refresh holds this row's lock, so two processes never spend the same
    refresh token (see `ledger.credentials`).
    """

    __tablename__ = "channel_tokens"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    access_token: Mapped[str] = mapped_column(Text)
    refresh_token: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime]
    broken_at: Mapped[datetime | None]  # the chain broke: an OA admin must authorise again
    broken_reason: Mapped[str | None] = mapped_column(Text)


class DeliveryEvent(Base):
    """A provider's delivery report (a Zalo webhook), kept once however often it arrives."""

    __tablename__ = "delivery_events"
    __table_args__ = (UniqueConstraint("provider", "event_key", name="uq_delivery_event"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider: Mapped[str] = mapped_column(String(16))
    event_key: Mapped[str] = mapped_column(String(255))
    event: Mapped[str] = mapped_column(String(64))
    message_id: Mapped[str | None] = mapped_column(String(255))
    tracking_id: Mapped[str | None] = mapped_column(String(255))
    occurred_at: Mapped[datetime | None]
    received_at: Mapped[datetime]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditEntry(Base):
    """Append-only: the migrations add triggers that refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    as_of: Mapped[date | None] = mapped_column(Date)
    actor: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(32))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)


class PlanningStamp(Base):
    """What the planner last reconciled, per family (`*`: every family at once).

    A daily run whose catalogue (`fingerprint`), horizon and planning starts are covered by a
    stamp has nothing to reconcile: the expansion depends on nothing else, so the run skips
    re-reading its planning window and costs what changes that day (see `ledger.planning`).
    """

    __tablename__ = "planning_stamps"

    scope: Mapped[str] = mapped_column(String(255), primary_key=True)  # families, sorted
    fingerprint: Mapped[str] = mapped_column(String(64))
    horizon_end: Mapped[date] = mapped_column(Date)
    starts: Mapped[dict[str, Any]] = mapped_column(JSON)  # plan id → first anchor planned (ISO)
    planned_at: Mapped[datetime]


class LinkUse(Base):
    """A signed link already used: its second use is a replay, refused."""

    __tablename__ = "link_uses"

    token_id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the token
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    action: Mapped[str] = mapped_column(String(16))
    used_at: Mapped[datetime]
    client: Mapped[str | None] = mapped_column(String(64))


class FeedToken(Base):
    """A calendar feed's token (stored hashed), for one unit or `office`; revocable."""

    __tablename__ = "feed_tokens"
    __table_args__ = (
        UniqueConstraint("token_hash", name="uq_feed_token_hash"),
        Index("ix_feed_tokens_scope", "scope"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scope: Mapped[str] = mapped_column(String(63))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class IssuedDocumentStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    REJECTED = "rejected"
    SENT = "sent"


class IssuedDocument(Base):
    """A document the office issues (the monthly compliance bulletin): once per plan and period."""

    __tablename__ = "issued_documents"
    __table_args__ = (
        UniqueConstraint("plan_id", "kind", "period", name="uq_issued_document"),
        CheckConstraint(_in("status", IssuedDocumentStatus), name="ck_issued_document_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(String(63))
    kind: Mapped[str] = mapped_column(String(32))  # compliance-bulletin
    period: Mapped[str] = mapped_column(String(16))  # YYYY-MM
    status: Mapped[str] = mapped_column(String(16))
    number: Mapped[str | None] = mapped_column(String(64))  # "Số 12-TB/BDVTU", at approval
    as_of: Mapped[date] = mapped_column(Date)  # the day its figures stand on
    files: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # format → path
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # its counts
    approved_by: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class FieldDay(Base):
    """A day a specialist went to a commune of their area (seed 003, IV.2: "đi cơ sở")."""

    __tablename__ = "field_days"
    __table_args__ = (
        UniqueConstraint("specialist_code", "commune_code", "day", name="uq_field_day"),
        Index("ix_field_days_day", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    specialist_code: Mapped[str] = mapped_column(ForeignKey("units.code"))
    commune_code: Mapped[str] = mapped_column(String(63))
    day: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime]
