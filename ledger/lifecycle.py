"""State changes of tasks, each with its audit row in the same transaction.

Bulk changes (open, overdue) are conditional UPDATEs — `WHERE status = 'planned'` — so two
workers running the same flow at once change each row once: PostgreSQL re-checks the condition
after waiting for the other's row lock, and SQLite serialises writers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from calendars.business_time import business_date
from ledger.audit import Actor, AuditRow, audit, audit_many
from ledger.models import OutboxMessage, OutboxStatus, Task, TaskStatus
from ledger.transitions import TransitionError, check, submission_status


class TaskNotFound(LookupError):
    """No task for that obligation, unit and period."""


@dataclass(frozen=True)
class Changed:
    task_id: int
    obligation_id: str
    unit_code: str
    period_key: str
    due_on: date


def _returning() -> tuple[Any, ...]:
    return (Task.id, Task.obligation_id, Task.unit_code, Task.period_key, Task.due_on)


def open_due(session: Session, actor: Actor) -> list[Changed]:
    """Open every planned task whose opening day has come (catching up missed days)."""
    assert actor.as_of is not None
    rows = session.execute(
        update(Task)
        .where(Task.status == TaskStatus.PLANNED, Task.opens_on <= actor.as_of)
        .values(status=TaskStatus.OPEN, opened_on=actor.as_of, updated_at=actor.now)
        .returning(*_returning())
    ).all()
    changed = sorted((Changed(*row) for row in rows), key=lambda c: c.task_id)
    audit_many(
        session,
        actor,
        [
            AuditRow("task", c.task_id, "open", {"status": "planned"}, {"status": "open"})
            for c in changed
        ],
    )
    return changed


def mark_overdue(session: Session, actor: Actor) -> list[Changed]:
    """Tasks still not submitted the day after their deadline are overdue."""
    assert actor.as_of is not None
    rows = session.execute(
        update(Task)
        .where(
            Task.status.in_([TaskStatus.OPEN, TaskStatus.ACKNOWLEDGED]),
            Task.due_on < actor.as_of,
        )
        .values(status=TaskStatus.OVERDUE, updated_at=actor.now)
        .returning(*_returning(), Task.status)
    ).all()
    changed = sorted((Changed(*row[:5]) for row in rows), key=lambda c: c.task_id)
    audit_many(
        session,
        actor,
        [AuditRow("task", c.task_id, "overdue", after={"status": "overdue"}) for c in changed],
    )
    return changed


def find_task(session: Session, obligation_id: str, unit_code: str, period_key: str) -> Task:
    """The task, locked for update until the transaction ends."""
    task = session.scalars(
        select(Task)
        .where(
            Task.obligation_id == obligation_id,
            Task.unit_code == unit_code,
            Task.period_key == period_key,
        )
        .with_for_update()
    ).one_or_none()
    if task is None:
        raise TaskNotFound(
            f"không có nhiệm vụ '{obligation_id}' của đơn vị '{unit_code}' kỳ '{period_key}' "
            "(kiểm tra mã nghĩa vụ, mã đơn vị và kỳ báo cáo, ví dụ 2024-03, 2024-Q1)"
        )
    return task


def _cancel_pending_messages(session: Session, task_id: int, actor: Actor) -> int:
    """A submission or a waiver stops the chase: what has not gone out will not go out."""
    rows = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.task_id == task_id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.CANCELLED)
        .returning(OutboxMessage.id)
    ).all()
    audit_many(
        session,
        actor,
        [
            AuditRow("outbox", r.id, "cancel", after={"status": "cancelled"}, reason="đã kết thúc")
            for r in rows
        ],
    )
    return len(rows)


def record_submission(
    session: Session,
    actor: Actor,
    obligation_id: str,
    unit_code: str,
    period_key: str,
    submitted_at: datetime,
    document_ref: str,
) -> tuple[Task, bool]:
    """Record that a unit handed in its report; returns (task, changed).

    Recording the same submission again changes nothing (an operator may re-run the action);
    a different one for a task already submitted is refused.
    """
    task = find_task(session, obligation_id, unit_code, period_key)
    document_ref = document_ref.strip()
    if not document_ref:
        raise TransitionError("cần số, ký hiệu văn bản báo cáo (ví dụ 15-BC/BDVHU)")
    if task.status in (TaskStatus.SUBMITTED_ON_TIME, TaskStatus.SUBMITTED_LATE):
        if task.submitted_at == submitted_at and task.document_ref == document_ref:
            return task, False
        assert task.submitted_at is not None
        raise TransitionError(
            f"nhiệm vụ đã được ghi nhận nộp lúc {task.submitted_at.isoformat()} "
            f"(văn bản {task.document_ref}); không ghi đè"
        )
    check("submit", task.status)
    if business_date(submitted_at) < task.window_start:
        raise TransitionError(
            f"ngày nộp {business_date(submitted_at).isoformat()} trước kỳ báo cáo "
            f"(bắt đầu {task.window_start.isoformat()})"
        )
    before = {"status": task.status}
    task.status = submission_status(submitted_at, task.due_on)
    task.submitted_at, task.document_ref, task.updated_at = submitted_at, document_ref, actor.now
    session.flush()
    audit(
        session,
        actor,
        "task",
        task.id,
        "submit",
        before=before,
        after={
            "status": task.status,
            "submitted_at": submitted_at.isoformat(),
            "document_ref": document_ref,
        },
    )
    _cancel_pending_messages(session, task.id, actor)
    return task, True


def waive(
    session: Session,
    actor: Actor,
    obligation_id: str,
    unit_code: str,
    period_key: str,
    reason: str,
) -> tuple[Task, bool]:
    """Excuse a unit from one task, with a reason; returns (task, changed)."""
    reason = reason.strip()
    if not reason:
        raise TransitionError("cần nêu lý do miễn")
    task = find_task(session, obligation_id, unit_code, period_key)
    if task.status == TaskStatus.WAIVED:
        if task.status_reason == reason:
            return task, False
        raise TransitionError(f"nhiệm vụ đã được miễn với lý do: {task.status_reason}")
    check("waive", task.status)
    before = {"status": task.status}
    task.status, task.status_reason = TaskStatus.WAIVED, reason
    task.closed_on, task.updated_at = actor.as_of, actor.now
    session.flush()
    audit(
        session,
        actor,
        "task",
        task.id,
        "waive",
        before=before,
        after={"status": "waived"},
        reason=reason,
    )
    _cancel_pending_messages(session, task.id, actor)
    return task, True
