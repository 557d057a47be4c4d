"""The steps the flows run, as plain functions (no Prefect): each one transaction of work.

The Prefect tasks in `tasks.prefect_tasks` wrap these with retries; tests call them directly,
so what is tested is what runs. Each step returns a `StepLog` (see `tasks.runlog`): counts,
and the rows of the run's table artifact.

This is also where the ledger's decisions meet the notifications layer: a notice the ledger
decides becomes a `notifications.messages.Notice`, is rendered, and its messages are queued
by the ledger in the same transaction.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from calendars.business_time import business_date
from ledger import lifecycle, notices, policies
from ledger.audit import Actor
from ledger.db import Sessions, transaction
from ledger.links import LinkSigner
from ledger.models import Task, TaskStatus
from ledger.notices import NoticeDraft, decide, record
from ledger.planning import HISTORY, plan_tasks
from ledger.requests import request_occurrence, submit_request
from ledger.store import StoredCatalogue, read_catalogue, store_catalogue
from ledger.transitions import STATUS_LABELS, TransitionError
from notifications.channels import Channel
from notifications.config import SmtpSettings
from notifications.digest import item_of
from notifications.email import EmailChannel, OutgoingEmail, attachment_of, serialise
from notifications.messages import Notice, Recipient, RenderedMessage, TaskSummary
from notifications.render import DEFAULT_TEMPLATES, EMAIL, TemplateSet, compose, vn_date
from obligations.expand import planned_at
from obligations.loader import Catalogue, LoadedDocument, built_in_families
from obligations.model import OccurrenceDraft, Step
from obligations.policy import Audience, Condition, Stage, StageKind
from obligations.requests import FAMILY as REQUEST_FAMILY
from obligations.requests import due_of, parse_input
from obligations.schema import Deliverable
from tasks import dispatch
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
        unit, ob, label, due = (
            view.unit_name,
            view.obligation_name,
            view.occurrence_label,
            view.due_on,
        )
        step = view.step_name
        family = view.family
    else:
        unit, ob, label, due = (
            task.unit_code,
            task.obligation_id,
            task.occurrence_label,
            task.due_on,
        )
        step = task.step_id
        family = task.family
        if catalogue is not None:
            unit = catalogue.units[unit].name if unit in catalogue.units else unit
            resolved = catalogue.resolved.get(ob)
            if resolved is not None:
                ob = resolved.name
                found = resolved.step(task.step_id)
                step = found.name if found else step
    return {
        "Đơn vị": unit,
        "Loại": family_name(family, catalogue),
        "Nội dung": ob if step in ("", ob) else f"{ob} — {step}",
        "Kỳ": label,
        "Hạn gửi": vn_date(due),
        "Việc": action,
        "Gửi tới": to,
        OUTCOME: outcome,
    }


def family_name(family: str, catalogue: Catalogue | None = None) -> str:
    """A family's Vietnamese name: the catalogue's, else the built-in one, else its id."""
    if catalogue is not None and family in catalogue.families:
        return catalogue.families[family].name
    return _built_in_family_names().get(family, family)


@cache
def _built_in_family_names() -> dict[str, str]:
    # Asked once per row of a run's table (16,800 on a national day): built once.
    return {f.id: f.name for f in built_in_families().families}


def store_and_plan(
    sessions: Sessions,
    catalogue: Catalogue,
    actor: Actor,
    track_from: date,
    horizon_end: date,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Store a validated catalogue and reconcile the tasks with it, in one transaction.

    `progress` is told (obligations planned, obligations to plan) as the planning goes.
    """
    with transaction(sessions) as session:
        stored = store_catalogue(session, catalogue, actor, track_from)
        plan = plan_tasks(session, read_catalogue(session), horizon_end, actor, progress=progress)
    return {
        "documents": stored.documents,
        "obligations": stored.obligations,
        "units": stored.units,
        "planned": plan.planned,
        "rescheduled": len(plan.rescheduled),
        "cancelled": len(plan.cancelled),
        "transferred": len(plan.transferred),
        "horizon": horizon_end.isoformat(),
    }


def open_tasks(
    sessions: Sessions,
    as_of: date,
    now: datetime,
    horizon_end: date,
    families: Collection[str] | None = None,
    actor_name: str = "flow:open-tasks",
    *,
    smtp: SmtpSettings | None = None,
    links: LinkSigner | None = None,
) -> StepLog:
    """Plan ahead and reconcile with the catalogue, open what is due, queue the opening notices.

    With `families`, only the obligations of those families (each family's flow opens its own).
    """
    actor = Actor(actor_name, now, as_of)
    with transaction(sessions) as session:
        return _open_in(session, actor, horizon_end, families, smtp, links)


def _open_in(
    session: Session,
    actor: Actor,
    horizon_end: date,
    families: Collection[str] | None,
    smtp: SmtpSettings | None = None,
    links: LinkSigner | None = None,
) -> StepLog:
    log = StepLog()
    stored = read_catalogue(session)
    plan = plan_tasks(session, stored, horizon_end, actor, HISTORY, families, reuse=True)
    log.add("planned", plan.planned)
    log.add("rescheduled", len(plan.rescheduled))
    log.add("cancelled", len(plan.cancelled))
    log.add("transferred", len(plan.transferred))
    opened = lifecycle.open_due(session, actor, families)
    policies.pin(session, stored, actor, ((c.task_id, c.obligation_id, c.step_id) for c in opened))
    log.add("opened", len(opened))
    log.extend(_notices(session, stored, actor, frozenset({StageKind.OPEN}), families, smtp, links))
    return log


def request_report(
    sessions: Sessions,
    now: datetime,
    as_of: date,
    horizon_end: date,
    values: Mapping[str, Any],
    *,
    links: LinkSigner | None = None,
) -> StepLog:
    """Make an ad-hoc request (`values`: title, units, unit_tags, due, note, request_id, plan,
    requested_by) and open it at once: stored, planned, opened and its requests queued in one
    transaction. The same request made again is found, not made twice."""
    given = parse_input(values)
    actor = Actor("operator:request-report", now, as_of)
    log = StepLog()
    with transaction(sessions) as session:
        submitted = submit_request(session, given, actor)
        log.add("requested" if submitted.created else "unchanged")
        ob = submitted.obligation
        units = ", ".join(ob.units)
        outcome = "đã tạo" if submitted.created else "đã có từ trước, không tạo lại"
        log.row(
            {
                "Đơn vị": units,
                "Loại": family_name(REQUEST_FAMILY),
                "Nội dung": ob.name,
                "Kỳ": ob.label,
                "Hạn gửi": vn_date(due_of(ob)),
                "Việc": f"Yêu cầu đột xuất ({ob.id})",
                OUTCOME: outcome,
            }
        )
        log.extend(_open_in(session, actor, horizon_end, {REQUEST_FAMILY}, links=links))
    return log


def chase(
    sessions: Sessions,
    as_of: date,
    now: datetime,
    *,
    smtp: SmtpSettings | None = None,
    links: LinkSigner | None = None,
) -> StepLog:
    """Mark what is past due, and queue the reminders due today (every family)."""
    log = StepLog()
    actor = Actor("flow:chase", now, as_of)
    with transaction(sessions) as session:
        stored = read_catalogue(session)
        overdue = lifecycle.mark_overdue(session, actor)
        log.add("overdue", len(overdue))
        kinds = frozenset({StageKind.REMIND, StageKind.OVERDUE})
        log.extend(_notices(session, stored, actor, kinds, smtp=smtp, links=links))
    return log


def escalate(
    sessions: Sessions,
    as_of: date,
    now: datetime,
    *,
    smtp: SmtpSettings | None = None,
    links: LinkSigner | None = None,
) -> StepLog:
    """Queue the escalations due today (the unit's head, then its supervising unit)."""
    log = StepLog()
    actor = Actor("flow:escalate", now, as_of)
    with transaction(sessions) as session:
        stored = read_catalogue(session)
        lifecycle.mark_overdue(session, actor)
        kinds = frozenset({StageKind.ESCALATE})
        log.extend(_notices(session, stored, actor, kinds, smtp=smtp, links=links))
    return log


def template_of(stage: Stage) -> str:
    """Which message a chase stage sends (the notifications layer's template name)."""
    if stage.kind is StageKind.ESCALATE:
        if stage.condition is Condition.NOT_ACKNOWLEDGED:
            return "unacknowledged"
        return LADDER_TEMPLATE[stage.audience]
    return stage.kind.value


# A level for "not submitted", by whom it tells: the unit's officer gets the overdue wording.
LADDER_TEMPLATE = {
    Audience.UNIT: "overdue",
    Audience.HEAD: "escalate-head",
    Audience.SUPERVISOR: "escalate-supervisor",
    Audience.STANDING: "escalate-standing",
}


# The messages that carry the task's signed links: those to the unit that owes it, or to its
# head (a supervising unit or the standing committee is told, it does not answer for the unit).
UNLINKED = frozenset({"escalate-supervisor", "escalate-standing"})


def notice_of(
    draft: NoticeDraft, links: LinkSigner | None = None, now: datetime | None = None
) -> Notice:
    view = draft.task
    template = template_of(draft.stage)
    signed = None
    if links is not None and now is not None and template not in UNLINKED:
        signed = links.urls(view.id, now)
    return Notice(
        template=template,
        stage=draft.stage.name,
        task=TaskSummary(
            view.id,
            view.obligation_name,
            view.unit_name,
            view.owner_name,
            view.occurrence_label,
            view.window_start,
            view.window_end,
            view.due_on,
            view.family,
            view.step_kind,
            view.step_name,
            view.event,
        ),
        as_of=draft.as_of,
        recipients=tuple(
            Recipient(r.name, r.email, r.zalo, r.zalo_user_id, r.channels) for r in draft.recipients
        ),
        workdays_late=draft.workdays_late,
        links=signed,
    )


def _notices(
    session: Session,
    stored: StoredCatalogue,
    actor: Actor,
    kinds: frozenset[StageKind],
    families: Collection[str] | None = None,
    smtp: SmtpSettings | None = None,
    links: LinkSigner | None = None,
) -> StepLog:
    assert actor.as_of is not None
    drafts = [
        # An ad-hoc request (đột xuất) is news the day it is made: it does not wait for the
        # next day's digest.
        replace(d, urgent=True)
        if d.task.family == REQUEST_FAMILY and d.stage.kind is StageKind.OPEN
        else d
        for d in decide(session, stored, actor.as_of, kinds, families)
    ]
    log = StepLog()
    # Rendered and recorded in batches, in this one transaction: a national day's messages
    # (16,000 bodies, text and HTML) are never all in memory at once.
    for start in range(0, len(drafts), NOTICE_BATCH):
        batch = drafts[start : start + NOTICE_BATCH]
        rendered = [
            (
                d,
                []
                if d.superseded
                else messages_of(stored, d, notice_of(d, links, actor.now), smtp, actor.now),
            )
            for d in batch
        ]
        report = record(session, actor, rendered)
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


NOTICE_BATCH = 2000  # notices rendered and recorded at a time


def templates_of(stored: StoredCatalogue, obligation_id: str) -> TemplateSet:
    """The templates an obligation's messages are rendered with: its plan's own wording (its
    `notifications` section, relative to the plan file) over dondoc's."""
    resolved = stored.catalogue.resolved.get(obligation_id)
    if resolved is None or resolved.plan.notifications is None:
        return DEFAULT_TEMPLATES
    loaded, base = _plan_file(stored.catalogue, resolved.plan.id)
    return _plan_templates(loaded.id, loaded.content_hash, base, loaded.document)


def _plan_file(catalogue: Catalogue, plan_id: str) -> tuple[LoadedDocument, Path]:
    """A plan's document and the directory of its file (what its own paths are relative to)."""
    loaded = next(d for d in catalogue.documents if d.id == plan_id)
    return loaded, loaded.path.parent if loaded.path else Path(loaded.file).parent


def _plan_templates(plan_id: str, content_hash: str, base: Path, plan: Any) -> TemplateSet:
    # Keyed by the plan's content: a plan loaded again with other templates gets its own set.
    key = (plan_id, content_hash, base)
    found = _TEMPLATE_SETS.get(key)
    if found is None:
        if len(_TEMPLATE_SETS) > 256:
            _TEMPLATE_SETS.clear()
        spec = plan.model_dump(mode="json").get("notifications")
        found = _TEMPLATE_SETS[key] = TemplateSet.of(spec, base)
    return found


_TEMPLATE_SETS: dict[tuple[str, str, Path], TemplateSet] = {}


def messages_of(
    stored: StoredCatalogue,
    draft: NoticeDraft,
    notice: Notice,
    smtp: SmtpSettings | None = None,
    now: datetime | None = None,
) -> list[RenderedMessage]:
    """A notice's messages, each rendering (the fallbacks too) carrying the notice as a digest
    lists it (`payload["item"]`): a digest is built later from the stored rows. With `smtp`,
    an e-mail is serialised now, once, with the Message-ID of its dedupe key (`raw`)."""
    templates = templates_of(stored, draft.task.obligation_id)
    family = family_name(notice.task.family, stored.catalogue)
    form = form_of(stored, draft.task.obligation_id, draft.task.step_id)
    by_name = {r.name: r for r in notice.recipients}
    out = []
    for message in compose(notice, templates):
        recipient = by_name.get(message.recipient_name)
        extra: dict[str, Any] = {}
        if recipient is not None:
            extra["item"] = item_of(notice, recipient, family, templates).to_json()
        message = replace(
            _with(message, extra, form),
            fallbacks=tuple(_with(f, extra, form) for f in message.fallbacks),
        )
        if smtp is not None and message.channel == EMAIL:
            message = replace(message, raw=_serialised(smtp, draft, message, now))
        out.append(message)
    return out


def form_of(stored: StoredCatalogue, obligation_id: str, step_id: str) -> dict[str, str] | None:
    """The form a step's e-mails carry (a file beside its plan), as the outbox stores it."""
    resolved = stored.catalogue.resolved.get(obligation_id)
    step = resolved.step(step_id) if resolved else None
    if resolved is None or step is None or step.form is None:
        return None
    _, base = _plan_file(stored.catalogue, resolved.plan.id)
    path = base / step.form
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return {"name": path.name, "path": str(path.resolve()), "mime_type": kind}


def _serialised(
    smtp: SmtpSettings, draft: NoticeDraft, message: RenderedMessage, now: datetime | None
) -> bytes | None:
    key = notices.dedupe_key(draft.task.id, draft.stage.name, message)
    try:
        attachment = attachment_of(message.payload)
        mail = OutgoingEmail(
            key,
            message.address,
            message.recipient_name,
            message.subject,
            message.text,
            message.html,
            attachment,
        )
        return serialise(smtp, mail, now=now)
    except ValueError:
        # An address no server takes, a form gone since the plan was loaded: the channel says
        # so when it sends, and the run's table shows it.
        return None


def _with(
    message: RenderedMessage, extra: dict[str, Any], form: dict[str, str] | None
) -> RenderedMessage:
    payload = {**(message.payload or {}), **extra}
    if form is not None and message.channel == EMAIL:
        payload["attachment"] = form
    return replace(message, payload=payload or None)


async def deliver(
    sessions: Sessions, smtp: SmtpSettings | None, now: datetime, batch: int = dispatch.CLAIM
) -> StepLog:
    """Send what the outbox holds for e-mail, at any hour, each notice on its own; without SMTP
    settings, leave it queued. The daily flows deliver through `tasks.dispatch` with every
    channel, office hours and digests (`dondoc.wiring.dispatch`)."""
    channels: dict[str, Channel] = {EMAIL: EmailChannel(smtp)} if smtp is not None else {}
    return await dispatch.deliver(sessions, dispatch.Dispatch(channels), now, batch)


def _step_of(catalogue: Catalogue, task: Task) -> Step | None:
    resolved = catalogue.resolved.get(task.obligation_id)
    return resolved.step(task.step_id) if resolved else None


def record_submission(
    sessions: Sessions,
    now: datetime,
    as_of: date,
    obligation: str,
    unit: str,
    period: str,
    document_ref: str | None,
    submitted_at: datetime,
    step: str | None = None,
    held_on: date | None = None,
) -> StepLog:
    """Record a step done: a document handed in, or a meeting or visit held (`held_on`)."""
    log = StepLog()
    actor = Actor("operator:record-submission", now, as_of)
    with transaction(sessions) as session:
        catalogue = read_catalogue(session).catalogue
        task = lifecycle.find_task(session, obligation, unit, period, step)
        spec = _step_of(catalogue, task)
        event = spec is not None and spec.deliverable is Deliverable.EVENT
        if held_on is not None and not event:
            raise TransitionError(
                "ngày thực hiện chỉ dành cho cuộc họp, chuyến thăm; bước này nộp văn bản"
            )
        changed = lifecycle.record_done(
            session,
            actor,
            task,
            submitted_at,
            document_ref,
            needs_document=not event,
            done_on=(held_on or business_date(submitted_at)) if event else None,
        )
        status = STATUS_LABELS[TaskStatus(task.status)]
        what = task.document_ref or (vn_date(task.done_on) if task.done_on else "")
        outcome = f"{status} ({what})" if changed else "đã ghi nhận trước đó, không thay đổi"
        log.add("submitted" if changed else "unchanged")
        log.row(_task_row(task, ACTION_LABELS["submit"], outcome, catalogue=catalogue))
    return log


def acknowledge_task(
    sessions: Sessions,
    now: datetime,
    as_of: date,
    obligation: str,
    unit: str,
    period: str,
    step: str | None = None,
) -> StepLog:
    """Record that a unit received its task ("đã nhận"), told by phone or in person; the levels
    of its ladder that wait for an acknowledgement stop."""
    log = StepLog()
    actor = Actor("operator:acknowledge-task", now, as_of)
    with transaction(sessions) as session:
        catalogue = read_catalogue(session).catalogue
        task = lifecycle.find_task(session, obligation, unit, period, step)
        changed = lifecycle.acknowledge(session, actor, task)
        log.add("acknowledged" if changed else "unchanged")
        outcome = "đã nhận" if changed else "đã ghi nhận trước đó hoặc đã nộp, không thay đổi"
        log.row(_task_row(task, ACTION_LABELS["acknowledge"], outcome, catalogue=catalogue))
    return log


def waive_task(
    sessions: Sessions,
    now: datetime,
    as_of: date,
    obligation: str,
    unit: str,
    period: str,
    reason: str,
    step: str | None = None,
) -> StepLog:
    log = StepLog()
    actor = Actor("operator:waive-task", now, as_of)
    with transaction(sessions) as session:
        catalogue = read_catalogue(session).catalogue
        task = lifecycle.find_task(session, obligation, unit, period, step)
        changed = lifecycle.waive(session, actor, task, reason)
        log.add("waived" if changed else "unchanged")
        outcome = f"miễn: {reason}" if changed else "đã miễn trước đó, không thay đổi"
        log.row(_task_row(task, ACTION_LABELS["waive"], outcome, catalogue=catalogue))
    return log


def move_occurrence(
    sessions: Sessions,
    now: datetime,
    as_of: date,
    obligation: str,
    occurrence: str,
    anchor: date,
    reason: str,
    *,
    links: LinkSigner | None = None,
) -> StepLog:
    """Move one occurrence (a meeting put off): its steps move with it, and the units already
    told are told again, at once."""
    log = StepLog()
    actor = Actor("operator:reschedule-occurrence", now, as_of)
    with transaction(sessions) as session:
        stored = read_catalogue(session)
        resolved = stored.catalogue.resolved.get(obligation)
        row = lifecycle.find_occurrence(session, obligation, occurrence)
        if resolved is None:
            raise TransitionError(f"nghĩa vụ '{obligation}' không còn trong danh mục")
        draft = OccurrenceDraft(anchor, row.key, row.label)
        dated = {
            (planned.step.id, unit): (planned.opens_on, planned.due_on)
            for planned in planned_at(resolved, stored.catalogue, draft).steps
            for unit in planned.units
        }
        moved = lifecycle.move_occurrence(session, actor, row, anchor, dated, reason)
        log.add("rescheduled", len(moved))
        told = {m.task_id for m in moved if m.told}
        log.extend(_moved_notices(session, stored, actor, told, reason, links))
    return log


def cancel_occurrence(
    sessions: Sessions, now: datetime, as_of: date, obligation: str, occurrence: str, reason: str
) -> StepLog:
    """Call one occurrence off, with a reason: its tasks end, its queued mail is not sent."""
    log = StepLog()
    actor = Actor("operator:cancel-occurrence", now, as_of)
    with transaction(sessions) as session:
        row = lifecycle.find_occurrence(session, obligation, occurrence)
        cancelled = lifecycle.cancel_occurrence(session, actor, row, reason)
        log.add("called-off", len(cancelled))
        log.row(
            {
                "Nội dung": obligation,
                "Kỳ": row.label,
                "Việc": "Hủy kỳ",
                OUTCOME: f"hủy {len(cancelled)} nhiệm vụ: {reason}",
            }
        )
    return log


def cancel_request(
    sessions: Sessions, now: datetime, as_of: date, request_id: str, reason: str
) -> StepLog:
    """Call an ad-hoc request off: its one occurrence, as `cancel_occurrence` does."""
    with transaction(sessions) as session:
        key = request_occurrence(session, request_id)
    return cancel_occurrence(sessions, now, as_of, request_id, key, reason)


def _moved_notices(
    session: Session,
    stored: StoredCatalogue,
    actor: Actor,
    task_ids: set[int],
    reason: str,
    links: LinkSigner | None = None,
) -> StepLog:
    """Tell the units of moved tasks their new dates: a notice `moved-N`, once per move."""
    log = StepLog()
    if not task_ids:
        return log
    assert actor.as_of is not None
    drafts = notices.moved(session, stored, actor.as_of, task_ids)
    rendered = [
        (
            draft,
            messages_of(stored, draft, replace(notice_of(draft, links, actor.now), reason=reason)),
        )
        for draft in drafts
    ]
    report = record(session, actor, rendered)
    log.add("queued", len(report.queued))
    log.add("messages", report.messages)
    messages = {id(d): m for d, m in rendered}
    for draft in report.queued:
        ids = report.message_ids.get((draft.task.id, draft.stage.name), ())
        to = ", ".join(m.address for m in messages[id(draft)])
        log.row(_task_row(draft, ACTION_LABELS["moved"], OUTCOME_LABELS["queued"], to), ids)
    return log
