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
