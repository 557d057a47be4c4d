"""The steps the flows run, as plain functions (no Prefect): each one transaction of work.

The Prefect tasks in `tasks` wrap these with retries; tests call them directly, so what
is tested is what runs. Each step returns a `StepLog`: counts, and the rows of the run's table
artifact (Vietnamese column names, one row per thing done).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ledger import lifecycle
from ledger.audit import Actor
from ledger.db import transaction
from ledger.models import OutboxMessage, OutboxStatus, Task, TaskStatus
from ledger.notices import NoticeDraft, decide, record
from ledger.outbox import Outcome, claim, settle
from ledger.planning import HISTORY, plan_tasks
from ledger.store import read_catalogue, store_catalogue
from ledger.transitions import STATUS_LABELS
from notifications.email import OutgoingEmail, SmtpSettings, send_batch
from notifications.render import EMAIL, compose, vn_date
from obligations.loader import Catalogue
from obligations.policy import Audience, StageKind

Sessions = sessionmaker[Session]

ACTION_LABELS = {
    "open": "Mở nhiệm vụ, gửi đề nghị",
    "remind": "Nhắc hạn",
    "overdue": "Nhắc quá hạn",
    "escalate-head": "Báo cáo người đứng đầu",
    "escalate-supervisor": "Báo cáo cơ quan chỉ đạo",
    "submit": "Ghi nhận đã nộp",
    "waive": "Miễn",
}
OUTCOME_LABELS = {
    "queued": "đã xếp gửi",
    "no-address": "KHÔNG GỬI ĐƯỢC: đơn vị chưa có địa chỉ e-mail",
}


@dataclass
class StepLog:
    counts: dict[str, int] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, counter: str, n: int = 1) -> None:
        if n:
            self.counts[counter] = self.counts.get(counter, 0) + n

    def extend(self, other: StepLog) -> StepLog:
        for key, value in other.counts.items():
            self.add(key, value)
        self.rows.extend(other.rows)
        return self


def _task_row(
    task: Task | NoticeDraft,
    action: str,
    outcome: str = "",
    to: str = "",
    catalogue: Catalogue | None = None,
) -> dict[str, Any]:
    if isinstance(task, NoticeDraft):
        view = task.task
        unit, ob, period, due = view.unit_name, view.obligation_name, view.period_label, view.due_on
    else:
        unit, ob, period, due = task.unit_code, task.obligation_id, task.period_label, task.due_on
        if catalogue is not None:
            unit = catalogue.units[unit].name if unit in catalogue.units else unit
            ob = catalogue.obligations[ob][1].name if ob in catalogue.obligations else ob
    return {
        "Đơn vị": unit,
        "Nội dung": ob,
        "Kỳ": period,
        "Hạn gửi": vn_date(due),
        "Việc": action,
        "Gửi tới": to,
        "Kết quả": outcome,
    }


def store_and_plan(
    sessions: Sessions, catalogue: Catalogue, actor: Actor, track_from: date, horizon_end: date
) -> dict[str, Any]:
    """Store a validated catalogue and reconcile the tasks with it, in one transaction."""
    with transaction(sessions) as session:
        stored = store_catalogue(session, catalogue, actor, track_from)
        plan = plan_tasks(session, read_catalogue(session), horizon_end, actor)
    return {
        "documents": stored.documents,
        "obligations": stored.obligations,
        "units": stored.units,
        "planned": len(plan.inserted),
        "rescheduled": len(plan.rescheduled),
        "cancelled": len(plan.cancelled),
        "horizon": horizon_end.isoformat(),
    }


def open_tasks(sessions: Sessions, as_of: date, now: datetime, horizon_end: date) -> StepLog:
    """Plan ahead and reconcile with the catalogue, open what is due, queue the opening notices."""
    log = StepLog()
    actor = Actor("flow:periodic-reports", now, as_of)
    with transaction(sessions) as session:
        stored = read_catalogue(session)
        plan = plan_tasks(session, stored, horizon_end, actor, look_back=HISTORY)
        log.add("planned", len(plan.inserted))
        log.add("rescheduled", len(plan.rescheduled))
        log.add("cancelled", len(plan.cancelled))
        opened = lifecycle.open_due(session, actor)
        log.add("opened", len(opened))
        log.extend(_notices(session, stored, actor, frozenset({StageKind.OPEN})))
    return log


def chase(sessions: Sessions, as_of: date, now: datetime) -> StepLog:
    """Mark what is past due, and queue the reminders due today."""
    log = StepLog()
    actor = Actor("flow:chase", now, as_of)
    with transaction(sessions) as session:
        stored = read_catalogue(session)
        overdue = lifecycle.mark_overdue(session, actor)
        log.add("overdue", len(overdue))
        kinds = frozenset({StageKind.REMIND, StageKind.OVERDUE})
        log.extend(_notices(session, stored, actor, kinds))
    return log


def escalate(sessions: Sessions, as_of: date, now: datetime) -> StepLog:
    """Queue the escalations due today (the unit's head, then its supervising unit)."""
    log = StepLog()
    actor = Actor("flow:escalate", now, as_of)
    with transaction(sessions) as session:
        stored = read_catalogue(session)
        lifecycle.mark_overdue(session, actor)
        log.extend(_notices(session, stored, actor, frozenset({StageKind.ESCALATE})))
    return log


def _notices(session: Session, stored: Any, actor: Actor, kinds: frozenset[StageKind]) -> StepLog:
    assert actor.as_of is not None
    drafts = decide(session, stored, actor.as_of, kinds)
    rendered = [(draft, compose(draft)) for draft in drafts]
    report = record(session, actor, rendered)
    log = StepLog()
    log.add("queued", len(report.queued))
    log.add("superseded", len(report.superseded))
    log.add("unreachable", len(report.unreachable))
    log.add("messages", report.messages)
    messages = {id(d): m for d, m in rendered}
    # Superseded notices are counted, not listed: after missed days they would bury the rest.
    for outcome, drafts_of in (("queued", report.queued), ("no-address", report.unreachable)):
        for draft in drafts_of:
            action = draft.stage.kind.value
            if draft.stage.kind is StageKind.ESCALATE:
                head = draft.stage.audience is Audience.HEAD
                action = "escalate-head" if head else "escalate-supervisor"
            to = ", ".join(m.address for m in messages[id(draft)])
            label = f"{ACTION_LABELS[action]} ({draft.stage.name})"
            log.rows.append(_task_row(draft, label, OUTCOME_LABELS[outcome], to))
    return log


async def deliver(
    sessions: Sessions, smtp: SmtpSettings | None, now: datetime, batch: int = 200
) -> StepLog:
    """Send what the outbox holds for e-mail; without SMTP settings, leave it queued."""
    log = StepLog()
    if smtp is None:
        with transaction(sessions) as session:
            pending = session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status == OutboxStatus.PENDING)
            )
        log.add("waiting", pending or 0)
        return log
    actor = Actor("flow:deliver", now)
    while True:
        # A message settled for retry waits for its next attempt, so this loop ends.
        with transaction(sessions) as session:
            claimed = claim(session, now, EMAIL, batch)
        if not claimed:
            return log
        mails = [
            OutgoingEmail(
                c.dedupe_key, c.recipient, c.recipient_name, c.subject, c.body_text, c.body_html
            )
            for c in claimed
        ]
        results = await send_batch(smtp, mails)
        outcomes = [
            Outcome(c.id, r.ok, r.permanent, r.error, r.message_id)
            for c, r in zip(claimed, results, strict=True)
        ]
        with transaction(sessions) as session:
            counts = settle(session, actor, outcomes)
        for name, n in counts.items():
            if n:
                log.add(name, n)
        for c, r in zip(claimed, results, strict=True):
            if not r.ok:
                log.rows.append(
                    {
                        "Gửi tới": c.recipient,
                        "Tiêu đề": c.subject,
                        "Kết quả": ("lỗi vĩnh viễn: " if r.permanent else "sẽ gửi lại: ")
                        + (r.error or ""),
                    }
                )


def record_submission(
    sessions: Sessions,
    now: datetime,
    as_of: date,
    obligation: str,
    unit: str,
    period: str,
    document_ref: str,
    submitted_at: datetime,
) -> StepLog:
    log = StepLog()
    actor = Actor("operator:record-submission", now, as_of)
    with transaction(sessions) as session:
        task, changed = lifecycle.record_submission(
            session, actor, obligation, unit, period, submitted_at, document_ref
        )
        status = STATUS_LABELS[TaskStatus(task.status)]
        outcome = (
            f"{status} ({document_ref})" if changed else "đã ghi nhận trước đó, không thay đổi"
        )
        log.add("submitted" if changed else "unchanged")
        catalogue = read_catalogue(session).catalogue
        log.rows.append(_task_row(task, ACTION_LABELS["submit"], outcome, catalogue=catalogue))
    return log


def waive_task(
    sessions: Sessions,
    now: datetime,
    as_of: date,
    obligation: str,
    unit: str,
    period: str,
    reason: str,
) -> StepLog:
    log = StepLog()
    actor = Actor("operator:waive-task", now, as_of)
    with transaction(sessions) as session:
        task, changed = lifecycle.waive(session, actor, obligation, unit, period, reason)
        log.add("waived" if changed else "unchanged")
        outcome = f"miễn: {reason}" if changed else "đã miễn trước đó, không thay đổi"
        catalogue = read_catalogue(session).catalogue
        log.rows.append(_task_row(task, ACTION_LABELS["waive"], outcome, catalogue=catalogue))
    return log
