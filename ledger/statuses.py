"""The statuses of a task and of an outbox message: plain enums, cheap to import (the read
models and the state machine need them without the ORM)."""

from __future__ import annotations

from enum import StrEnum


class TaskStatus(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    SUBMITTED_ON_TIME = "submitted_on_time"
    SUBMITTED_LATE = "submitted_late"
    OVERDUE = "overdue"
    WAIVED = "waived"
    CANCELLED = "cancelled"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # permanently: another channel or an operator must act
    CANCELLED = "cancelled"  # the task was submitted or waived before it went out
    HELD = "held"  # gathered into a digest (`digest_id`): it goes out, or not, with it
    UNKNOWN = "unknown"  # handed over but the answer was lost: reconciled before any resend


class OutboxKind(StrEnum):
    NOTICE = "notice"  # one item of a task's chase, to one recipient on one channel
    DIGEST = "digest"  # a recipient's items of a day, gathered into one message
    ALERT = "alert"  # to the office: a channel that cannot work until someone acts
    DOCUMENT = "document"  # an issued document (the monthly bulletin) sent to its recipients
