"""The steps the flows run, as plain functions (no Prefect): each one transaction of work.

The Prefect tasks in `tasks.prefect_tasks` wrap these with retries; tests call them directly,
so what is tested is what runs. Each step returns a `StepLog` (see `tasks.runlog`): counts,
and the rows of the run's table artifact.

This is also where the ledger's decisions meet the notifications layer: a notice the ledger
decides becomes a `notifications.messages.Notice`, is rendered, and its messages are queued
by the ledger in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger import lifecycle
from ledger.audit import Actor
from ledger.db import Sessions, transaction
from ledger.models import OutboxMessage, OutboxStatus, Task, TaskStatus
from ledger.notices import NoticeDraft, decide, record
from ledger.outbox import Outcome, claim, settle
from ledger.planning import HISTORY, plan_tasks
from ledger.store import StoredCatalogue, read_catalogue, store_catalogue
from ledger.transitions import STATUS_LABELS
from notifications.config import SmtpSettings
from notifications.email import OutgoingEmail, send_batch
from notifications.messages import Notice, Recipient, TaskSummary
from notifications.render import EMAIL, compose, vn_date
from obligations.loader import Catalogue
from obligations.policy import Audience, Stage, StageKind
from tasks.runlog import ACTION_LABELS, OUTCOME, OUTCOME_LABELS, StepLog


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
        OUTCOME: outcome,
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


def template_of(stage: Stage) -> str:
    """Which message a chase stage sends (the notifications layer's template name)."""
    if stage.kind is StageKind.ESCALATE:
        return "escalate-supervisor" if stage.audience is Audience.SUPERVISOR else "escalate-head"
    return stage.kind.value


def notice_of(draft: NoticeDraft) -> Notice:
    view = draft.task
    return Notice(
        template=template_of(draft.stage),
        stage=draft.stage.name,
        task=TaskSummary(
            view.id,
            view.obligation_name,
            view.unit_name,
            view.owner_name,
            view.period_label,
            view.window_start,
            view.window_end,
            view.due_on,
        ),
        as_of=draft.as_of,
        recipients=tuple(Recipient(r.name, r.email, r.zalo) for r in draft.recipients),
        workdays_late=draft.workdays_late,
    )


def _notices(
    session: Session, stored: StoredCatalogue, actor: Actor, kinds: frozenset[StageKind]
) -> StepLog:
    assert actor.as_of is not None
    drafts = decide(session, stored, actor.as_of, kinds)
    rendered = [(draft, [] if draft.superseded else compose(notice_of(draft))) for draft in drafts]
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
            action = template_of(draft.stage)
            to = ", ".join(m.address for m in messages[id(draft)])
            label = f"{ACTION_LABELS[action]} ({draft.stage.name})"
            ids = report.message_ids.get((draft.task.id, draft.stage.name), ())
            log.row(_task_row(draft, label, OUTCOME_LABELS[outcome], to), ids)
    return log


async def deliver(
    sessions: Sessions, smtp: SmtpSettings | None, now: datetime, batch: int = 200
) -> StepLog:
    """Send what the outbox holds for e-mail; without SMTP settings, leave it queued."""
    log = StepLog()
    if smtp is None:
        with transaction(sessions) as session:
            log.waiting = set(
                session.scalars(
                    select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.PENDING)
                )
            )
        log.add("waiting", len(log.waiting))
        return log
    actor = Actor("flow:deliver", now)
    while True:
        # A message settled for retry waits for its next attempt, so this loop ends.
        with transaction(sessions) as session:
            claimed = claim(session, now, EMAIL, batch)
        if not claimed:
            break
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
            log.add(name, n)
        for c, r in zip(claimed, results, strict=True):
            if r.ok:
                outcome = OUTCOME_LABELS["sent"]
            else:
                prefix = "lỗi vĩnh viễn: " if r.permanent else "sẽ gửi lại: "
                outcome = prefix + (r.error or "")
            log.delivery(
                c.id,
                {
                    "Đơn vị": c.recipient_name or "",
                    "Nội dung": c.subject,
                    "Kỳ": "",
                    "Hạn gửi": "",
                    "Việc": ACTION_LABELS["deliver"],
                    "Gửi tới": c.recipient,
                    OUTCOME: outcome,
                },
            )
    with transaction(sessions) as session:
        later = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(
                OutboxMessage.status == OutboxStatus.PENDING,
                OutboxMessage.next_attempt_at > now,
            )
        )
    # Messages this run just put back for a retry are counted as "retry" already.
    log.add("backing-off", (later or 0) - log.counts.get("retry", 0))
    return log


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
        log.row(_task_row(task, ACTION_LABELS["submit"], outcome, catalogue=catalogue))
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
        log.row(_task_row(task, ACTION_LABELS["waive"], outcome, catalogue=catalogue))
    return log
