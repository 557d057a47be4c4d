"""State changes of tasks and occurrences, each with its audit row in the same transaction.

Bulk changes (open, overdue) are conditional UPDATEs — `WHERE status = 'planned'` — so two
workers running the same flow at once change each row once: PostgreSQL re-checks the condition
after waiting for the other's row lock, and SQLite serialises writers.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from calendars.business_time import business_date
from ledger.audit import Actor, AuditRow, audit, audit_many
from ledger.models import (
    Occurrence,
    OccurrenceStatus,
    OutboxMessage,
    OutboxStatus,
    PolicySnapshot,
    Task,
    TaskStatus,
)
from ledger.transitions import ACTIVE, OPENED, TransitionError, check, done_status
from obligations.policy import unacknowledged_stages


class TaskNotFound(LookupError):
    """No task for that obligation, unit, occurrence (and step)."""


@dataclass(frozen=True)
class Changed:
    task_id: int
    obligation_id: str
    unit_code: str
    occurrence_key: str
    due_on: date
    step_id: str


def _returning() -> tuple[Any, ...]:
    return (
        Task.id,
        Task.obligation_id,
        Task.unit_code,
        Task.occurrence_key,
        Task.due_on,
        Task.step_id,
    )


def open_due(
    session: Session, actor: Actor, families: Collection[str] | None = None
) -> list[Changed]:
    """Open every planned task whose opening day has come (catching up missed days)."""
    assert actor.as_of is not None
    query = update(Task).where(Task.status == TaskStatus.PLANNED, Task.opens_on <= actor.as_of)
    if families is not None:
        query = query.where(Task.family.in_(families))
    rows = session.execute(
        query.values(status=TaskStatus.OPEN, opened_on=actor.as_of, updated_at=actor.now)
        .returning(*_returning())
        .execution_options(synchronize_session=False)
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
    """Tasks still not done the day after their deadline are overdue."""
    assert actor.as_of is not None
    rows = session.execute(
        update(Task)
        .where(
            Task.status.in_([TaskStatus.OPEN, TaskStatus.ACKNOWLEDGED]),
            Task.due_on < actor.as_of,
        )
        .values(status=TaskStatus.OVERDUE, updated_at=actor.now)
        .returning(*_returning())
        .execution_options(synchronize_session=False)
    ).all()
    changed = sorted((Changed(*row) for row in rows), key=lambda c: c.task_id)
    audit_many(
        session,
        actor,
        [AuditRow("task", c.task_id, "overdue", after={"status": "overdue"}) for c in changed],
    )
    return changed


def find_task(
    session: Session,
    obligation_id: str,
    unit_code: str,
    occurrence_key: str,
    step_id: str | None = None,
) -> Task:
    """The task, locked for update until the transaction ends.

    Without `step_id`, the unit's one step of that occurrence (a report's only step).
    """
    query = select(Task).where(
        Task.obligation_id == obligation_id,
        Task.unit_code == unit_code,
        Task.occurrence_key == occurrence_key,
    )
    if step_id is not None:
        query = query.where(Task.step_id == step_id)
    found = session.scalars(query.order_by(Task.due_on, Task.id).with_for_update()).all()
    if not found:
        step = f" bước '{step_id}'" if step_id else ""
        raise TaskNotFound(
            f"không có nhiệm vụ '{obligation_id}'{step} của đơn vị '{unit_code}' kỳ "
            f"'{occurrence_key}' (kiểm tra mã nghĩa vụ, mã đơn vị và kỳ, ví dụ 2024-03, "
            "2024-Q1, 2024)"
        )
    if len(found) > 1:
        steps = ", ".join(task.step_id for task in found)
        raise TaskNotFound(
            f"đơn vị '{unit_code}' có nhiều bước của '{obligation_id}' kỳ '{occurrence_key}' "
            f"({steps}): cho biết bước nào (--step)"
        )
    return found[0]


def cancel_active(
    session: Session, where: ColumnElement[bool], reason: str, actor: Actor
) -> list[int]:
    """Cancel the unfinished tasks `where` selects, with `reason`; their ids, in order. (A task
    already done or closed stays as it is: the guard is in the UPDATE, so a race cannot undo a
    submission.)"""
    rows = session.execute(
        update(Task)
        .where(where, Task.status.in_(ACTIVE))
        .values(
            status=TaskStatus.CANCELLED,
            status_reason=reason,
            closed_on=actor.as_of,
            updated_at=actor.now,
        )
        .returning(Task.id)
        .execution_options(synchronize_session=False)
    ).all()
    return sorted(task_id for (task_id,) in rows)


def cancel_pending_messages(
    session: Session,
    task_ids: Collection[int],
    actor: Actor,
    stages: Collection[str] | None = None,
    reason: str = "đã kết thúc",
) -> int:
    """A step done, waived or called off stops its chase: what has not gone out will not.

    With `stages`, only those stages' messages (an acknowledgement stops the escalations for
    "not acknowledged", not the reminders).
    """
    if not task_ids or (stages is not None and not stages):
        return 0
    query = update(OutboxMessage).where(
        OutboxMessage.task_id.in_(list(task_ids)),
        OutboxMessage.status == OutboxStatus.PENDING,
    )
    if stages is not None:
        query = query.where(OutboxMessage.stage.in_(sorted(stages)))
    rows = session.execute(
        query.values(status=OutboxStatus.CANCELLED)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    audit_many(
        session,
        actor,
        [
            AuditRow("outbox", r.id, "cancel", after={"status": "cancelled"}, reason=reason)
            for r in rows
        ],
    )
    return len(rows)


def record_done(
    session: Session,
    actor: Actor,
    task: Task,
    submitted_at: datetime,
    document_ref: str | None,
    *,
    needs_document: bool = True,
    done_on: date | None = None,
) -> bool:
    """Record a step done; returns whether anything changed.

    A step that delivers a document needs its number and symbol; a meeting or a visit records
    the day it was held (and, optionally, the minutes' number). Recording the same thing again
    changes nothing (an operator may re-run the action); something different for a step already
    done is refused. A report cannot be handed in before its data window opens; a late one
    counts for the period it belongs to, whatever the day it came in.
    """
    document_ref = (document_ref or "").strip() or None
    if needs_document and document_ref is None:
        raise TransitionError("cần số, ký hiệu văn bản (ví dụ 15-BC/BDVHU)")
    if task.status in (TaskStatus.SUBMITTED_ON_TIME, TaskStatus.SUBMITTED_LATE):
        same = task.document_ref == document_ref and (done_on is None or task.done_on == done_on)
        if same and (done_on is not None or task.submitted_at == submitted_at):
            return False
        assert task.submitted_at is not None
        raise TransitionError(
            f"nhiệm vụ đã được ghi nhận lúc {task.submitted_at.isoformat()} "
            f"(văn bản {task.document_ref or 'không có'}); không ghi đè"
        )
    check("submit", task.status)
    held = done_on or business_date(submitted_at)
    if task.window_start is not None and held < task.window_start:
        raise TransitionError(
            f"ngày nộp {held.isoformat()} trước kỳ báo cáo "
            f"(bắt đầu {task.window_start.isoformat()})"
        )
    before = {"status": task.status}
    task.status = done_status(held, task.due_on)
    task.submitted_at, task.document_ref, task.done_on = submitted_at, document_ref, done_on
    task.updated_at = actor.now
    session.flush()
    after: dict[str, Any] = {"status": task.status, "submitted_at": submitted_at.isoformat()}
    if document_ref:
        after["document_ref"] = document_ref
    if done_on:
        after["done_on"] = done_on.isoformat()
    audit(session, actor, "task", task.id, "submit", before=before, after=after)
    cancel_pending_messages(session, [task.id], actor)
    return True


def acknowledge(session: Session, actor: Actor, task: Task) -> bool:
    """Record that the unit received the task ("đã nhận"); returns whether anything changed.

    Acknowledging stops the escalation levels whose condition is "not acknowledged"; the
    reminders and the levels for "not submitted" go on until the task is done. Acknowledging
    again, or a task already done, changes nothing; a waived or cancelled task is refused.
    """
    if task.acknowledged_at is not None or task.status in (
        TaskStatus.SUBMITTED_ON_TIME,
        TaskStatus.SUBMITTED_LATE,
    ):
        return False
    check("acknowledge", task.status)  # planned, waived or cancelled: refused, saying why
    before = {"status": task.status}
    # An overdue task stays overdue (its lateness is a fact); an open one is now acknowledged.
    if task.status == TaskStatus.OPEN:
        task.status = TaskStatus.ACKNOWLEDGED
    task.acknowledged_at, task.updated_at = actor.now, actor.now
    session.flush()
    audit(
        session,
        actor,
        "task",
        task.id,
        "acknowledge",
        before=before,
        after={"status": task.status, "acknowledged_at": actor.now.isoformat()},
    )
    if task.policy_id is not None:
        snapshot = session.get(PolicySnapshot, task.policy_id)
        if snapshot is not None:
            cancel_pending_messages(
                session, [task.id], actor, unacknowledged_stages(snapshot.spec), "đã xác nhận"
            )
    return True


def waive(session: Session, actor: Actor, task: Task, reason: str) -> bool:
    """Excuse a unit from one task, with a reason; returns whether anything changed."""
    reason = reason.strip()
    if not reason:
        raise TransitionError("cần nêu lý do miễn")
    if task.status == TaskStatus.WAIVED:
        if task.status_reason == reason:
            return False
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
    cancel_pending_messages(session, [task.id], actor)
    return True


def find_occurrence(session: Session, obligation_id: str, key: str) -> Occurrence:
    """The occurrence, locked for update until the transaction ends."""
    found = session.scalars(
        select(Occurrence)
        .where(Occurrence.obligation_id == obligation_id, Occurrence.key == key)
        .with_for_update()
    ).one_or_none()
    if found is None:
        raise TaskNotFound(
            f"không có kỳ '{key}' của nghĩa vụ '{obligation_id}' (kiểm tra mã nghĩa vụ và kỳ; "
            "`dondoc preview` liệt kê các kỳ)"
        )
    return found


@dataclass(frozen=True)
class Moved:
    """A task an occurrence's move re-dated; `told` when its unit had already been told."""

    task_id: int
    told: bool


def move_occurrence(
    session: Session,
    actor: Actor,
    occurrence: Occurrence,
    anchor: date,
    dated: dict[tuple[str, str], tuple[date, date]],
    reason: str,
) -> list[Moved]:
    """Move an occurrence to a new anchor; its unfinished tasks take the new dates.

    `dated` gives, per (step, unit), the new (opens_on, due_on). Tasks already opened keep
    being chased on their new dates, and their units are to be told again (`told`).
    """
    reason = reason.strip()
    if not reason:
        raise TransitionError("cần nêu lý do đổi ngày")
    if occurrence.status == OccurrenceStatus.CANCELLED:
        raise TransitionError(f"kỳ '{occurrence.key}' đã bị hủy: {occurrence.reason}")
    if occurrence.anchor == anchor:
        return []
    before = {"anchor": occurrence.anchor.isoformat(), "status": occurrence.status}
    occurrence.anchor, occurrence.status = anchor, OccurrenceStatus.MOVED
    occurrence.reason, occurrence.updated_at = reason, actor.now
    audit(
        session,
        actor,
        "occurrence",
        occurrence.id,
        "move",
        before=before,
        after={"anchor": anchor.isoformat(), "status": "moved"},
        reason=reason,
    )
    moved: list[Moved] = []
    audit_rows: list[AuditRow] = []
    tasks = session.scalars(
        select(Task)
        .where(Task.occurrence_id == occurrence.id, Task.status.in_(ACTIVE))
        .with_for_update()
    ).all()
    for task in tasks:
        dates = dated.get((task.step_id, task.unit_code))
        if dates is None or (task.opens_on, task.due_on) == dates:
            continue
        told = TaskStatus(task.status) in OPENED
        old = {"opens_on": task.opens_on.isoformat(), "due_on": task.due_on.isoformat()}
        if told:  # it opened already: that stays the day it opened
            dates = (min(task.opens_on, dates[1]), dates[1])
            if (task.opens_on, task.due_on) == dates:
                continue
        task.opens_on, task.due_on = dates
        if told and task.status == TaskStatus.OVERDUE and task.due_on >= (actor.as_of or anchor):
            task.status = TaskStatus.OPEN  # the new deadline is not past
        task.updated_at = actor.now
        audit_rows.append(
            AuditRow(
                "task",
                task.id,
                "reschedule",
                old,
                {"opens_on": dates[0].isoformat(), "due_on": dates[1].isoformat()},
                reason,
            )
        )
        moved.append(Moved(task.id, told))
    session.flush()
    audit_many(session, actor, audit_rows)
    return moved


def cancel_occurrence(
    session: Session, actor: Actor, occurrence: Occurrence, reason: str
) -> list[int]:
    """Call an occurrence off: its unfinished tasks are cancelled, their queued mail too."""
    reason = reason.strip()
    if not reason:
        raise TransitionError("cần nêu lý do hủy")
    if occurrence.status == OccurrenceStatus.CANCELLED:
        if occurrence.reason == reason:
            return []
        raise TransitionError(f"kỳ '{occurrence.key}' đã bị hủy: {occurrence.reason}")
    before = {"status": occurrence.status}
    occurrence.status, occurrence.reason = OccurrenceStatus.CANCELLED, reason
    occurrence.updated_at = actor.now
    audit(
        session,
        actor,
        "occurrence",
        occurrence.id,
        "cancel",
        before=before,
        after={"status": "cancelled"},
        reason=reason,
    )
    ids = cancel_active(session, Task.occurrence_id == occurrence.id, reason, actor)
    audit_many(
        session,
        actor,
        [AuditRow("task", i, "cancel", None, {"status": "cancelled"}, reason) for i in ids],
    )
    cancel_pending_messages(session, ids, actor)
    return ids
