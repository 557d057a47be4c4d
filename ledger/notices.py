"""Which notices tasks get today, and recording them with their messages — atomically.

`decide` reads the ledger and the policies and says, per task, which stage to send and which to
mark superseded (see `obligations.policy`). The caller renders the messages, then
`record` inserts the notices — one per (task, stage), duplicates ignored — and, for the notices
this call inserted and no other, their outbox messages and audit rows, in one transaction.

A run reads only the tasks that can still be told something: those with a stage inside the
catch-up window (`obligations.policy.CATCH_UP`, a month). A task whose last stage fell due
before it — an unsubmitted report of years ago — is not read, so the daily cost does not grow
with the ledger's age, and it is not sent a fresh reminder about a deadline long gone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, false, func, or_, select, update
from sqlalchemy.orm import Session

from ledger.audit import Actor, AuditRow, audit_many
from ledger.models import OutboxKind, OutboxMessage, OutboxStatus, Task, TaskNotice
from ledger.policies import snapshot_policies
from ledger.sql import insert_ignoring_duplicates
from ledger.store import StoredCatalogue
from ledger.transitions import OPENED
from obligations.loader import Resolved, chase_policy, escalation_policy
from obligations.model import Step, owing_on
from obligations.policy import (
    Audience,
    ChasePolicy,
    EscalationPolicy,
    Stage,
    StageKind,
    armed,
    catch_up_since,
    earliest_due,
    escalation_stages,
    last_stage_offset,
    open_stage,
    reminder_stages,
    stages_due,
)
from obligations.schema import Deliverable, Person, UnitSpec


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str | None
    zalo: str | None
    zalo_user_id: str | None = None
    channels: tuple[str, ...] = ()  # in order of preference; empty: e-mail, then Zalo


@dataclass(frozen=True)
class TaskView:
    """What a message about a task needs to say."""

    id: int
    obligation_id: str
    obligation_name: str
    family: str
    unit_code: str
    unit_name: str
    owner_name: str
    occurrence_key: str
    occurrence_label: str
    step_id: str
    step_kind: str
    step_name: str
    event: bool  # a meeting or a visit (held on a day), not a document handed in
    window_start: date | None
    window_end: date | None
    opens_on: date
    due_on: date
    status: str
    escalation_level: int


@dataclass(frozen=True)
class NoticeDraft:
    task: TaskView
    stage: Stage
    as_of: date
    superseded: bool = False
    recipients: tuple[Recipient, ...] = ()
    workdays_late: int = 0  # working days past the deadline on `as_of`
    urgent: bool = False  # to go at once, not in the day's digest (a moved meeting)


class OutgoingMessage(Protocol):
    """A rendered message to queue with its notice (the notifications layer makes them)."""

    @property
    def channel(self) -> str: ...
    @property
    def recipient_name(self) -> str: ...
    @property
    def address(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def html(self) -> str | None: ...


def dedupe_key(task_id: int, stage: str, message: OutgoingMessage) -> str:
    """One message per (task, stage, channel, recipient), whoever queues it and however often."""
    return f"task:{task_id}:{stage}:{message.channel}:{message.address.lower()}"


@dataclass
class NoticeReport:
    queued: list[NoticeDraft] = field(default_factory=list)
    superseded: list[NoticeDraft] = field(default_factory=list)
    unreachable: list[NoticeDraft] = field(default_factory=list)  # nobody to write to
    messages: int = 0
    # (task id, stage) → the outbox rows this call queued for that notice
    message_ids: dict[tuple[int, str], tuple[int, ...]] = field(default_factory=dict)


def _recipients(
    unit: UnitSpec,
    audience: Audience,
    units: dict[str, UnitSpec],
    standing: str | None = None,
) -> list[Recipient]:
    if audience is Audience.UNIT:
        return [_recipient(unit.name, unit)]
    if audience is Audience.STANDING:
        committee = units.get(standing) if standing else None
        return [_recipient(committee.name, committee)] if committee else []
    if audience is Audience.HEAD:
        head = unit.head
        if head is None:
            return []
        name = f"{head.title} {head.name}".strip() if head.title else head.name
        return [_recipient(f"{name} ({unit.name})", head)]
    boss = units.get(unit.supervisor) if unit.supervisor else None
    return [_recipient(boss.name, boss)] if boss else []


def _recipient(name: str, who: UnitSpec | Person) -> Recipient:
    return Recipient(name, who.email, who.zalo, who.zalo_user_id, tuple(who.channels))


_ID_BATCH = 5000  # ids per query: well inside SQLite's and PostgreSQL's limits on parameters


def candidates(
    stored: StoredCatalogue,
    as_of: date,
    kinds: frozenset[StageKind],
    pinned: Mapping[int, tuple[ChasePolicy, EscalationPolicy]] | None = None,
) -> ColumnElement[bool]:
    """Which tasks a run on `as_of` reads: opened ones with a stage of `kinds` inside the window.

    Set-based, on the index (status, due_on): per obligation, its policies' last stage falls
    `last_stage_offset` working days after the deadline, so only tasks due on or after
    `earliest_due` can have a stage inside the window. The opening notice falls on the day a task
    was opened, whatever its deadline: for it, the tasks opened inside the window (no index
    serves `opened_on`, so the database filters the opened tasks; it returns only those).
    """
    catalogue = stored.catalogue
    calendar = catalogue.calendar
    since = catch_up_since(as_of)
    chosen: list[ColumnElement[bool]] = []
    if kinds - {StageKind.OPEN}:
        # A task chased on the policy it opened under may have a longer ladder than its
        # obligation's today: every obligation's bound covers the longest snapshot too.
        snapshots = max(
            (last_stage_offset(*policy, kinds) for policy in (pinned or {}).values()),
            default=0,
        )
        by_bound: dict[date, list[str]] = defaultdict(list)
        for ob_id, resolved in catalogue.resolved.items():
            plan = resolved.plan
            offset = max(
                snapshots,
                *(
                    last_stage_offset(
                        chase_policy(plan, step.chase),
                        escalation_policy(plan, step.escalation),
                        kinds,
                    )
                    for step in resolved.steps
                ),
            )
            by_bound[earliest_due(since, offset, calendar)].append(ob_id)
        per_obligation = [
            and_(Task.obligation_id.in_(sorted(ids)), Task.due_on >= bound)
            for bound, ids in sorted(by_bound.items())
        ]
        if len(per_obligation) == 1:
            chosen += per_obligation
        elif per_obligation:  # the earliest bound first, for the index on (status, due_on)
            chosen.append(and_(Task.due_on >= min(by_bound), or_(*per_obligation)))
    if StageKind.OPEN in kinds:
        chosen.append(func.coalesce(Task.opened_on, Task.opens_on) >= since)
    return and_(Task.status.in_(OPENED), or_(*chosen) if chosen else false())


def decide(
    session: Session,
    stored: StoredCatalogue,
    as_of: date,
    kinds: frozenset[StageKind],
    families: Collection[str] | None = None,
) -> list[NoticeDraft]:
    """The notices of `kinds` due on `as_of` for every task being chased.

    Missed days are caught up within `CATCH_UP` of `as_of` (`catch_up_since`): the latest
    reminder due in the window is sent and the earlier ones are superseded, every escalation due
    in it is sent. A stage that fell due before the window is left alone — not sent, not
    recorded: the ledger keeps no row for a notice that never went out, and a task with nothing
    left in the window is not read at all (see `candidates`). A task opened after its deadline
    still has its opening notice recorded as superseded (its unit is chased, not greeted).
    """
    catalogue = stored.catalogue
    calendar = catalogue.calendar
    if not calendar.is_working_day(as_of):
        return []  # nobody is chased on a day off; the next working day catches up
    since = catch_up_since(as_of)
    pinned = snapshot_policies(session)  # the policies tasks opened under: a handful of rows
    chosen = candidates(stored, as_of, kinds, pinned)
    if families is not None:
        chosen = and_(chosen, Task.family.in_(families))
    # Plain rows of the columns a notice needs, not ORM objects: a national chase reads
    # tens of thousands, and the identity map cost more than the query.
    tasks = session.execute(select(*_VIEW_COLUMNS).where(chosen).order_by(Task.id)).all()
    return _drafts(session, stored, as_of, kinds, tasks, since, pinned)


_VIEW_COLUMNS = (
    Task.id,
    Task.obligation_id,
    Task.unit_code,
    Task.step_id,
    Task.occurrence_key,
    Task.occurrence_label,
    Task.window_start,
    Task.window_end,
    Task.opens_on,
    Task.due_on,
    Task.opened_on,
    Task.status,
    Task.escalation_level,
    Task.policy_id,
    Task.acknowledged_at,
)


def moved(
    session: Session, stored: StoredCatalogue, as_of: date, task_ids: Collection[int]
) -> list[NoticeDraft]:
    """A `moved-N` notice for each task whose occurrence was just moved (N: the Nth move)."""
    tasks = session.scalars(select(Task).where(Task.id.in_(list(task_ids))).order_by(Task.id)).all()
    earlier: dict[int, int] = defaultdict(int)
    for (task_id,) in session.execute(
        select(TaskNotice.task_id).where(
            TaskNotice.task_id.in_(list(task_ids)), TaskNotice.kind == StageKind.MOVED.value
        )
    ):
        earlier[task_id] += 1
    drafts = []
    units = stored.catalogue.units
    for task, view, _, _, unit in _views(stored, tasks):
        stage = Stage(as_of, f"moved-{earlier[task.id] + 1}", StageKind.MOVED)
        recipients = tuple(_recipients(unit, Audience.UNIT, units))
        # A meeting put off must reach its units the same day: it does not wait for a digest.
        drafts.append(NoticeDraft(view, stage, as_of, False, recipients, urgent=True))
    return drafts


def _views(
    stored: StoredCatalogue, tasks: Sequence[Any]
) -> Iterator[tuple[Any, TaskView, Resolved, Step, UnitSpec]]:
    """Each task (an ORM `Task` or a row of `_VIEW_COLUMNS`) with what a message says of it,
    its obligation, its step and its unit."""
    catalogue = stored.catalogue
    for task in tasks:
        resolved = catalogue.resolved.get(task.obligation_id)
        unit = catalogue.units.get(task.unit_code)
        step = resolved.step(task.step_id) if resolved else None
        if resolved is None or unit is None or step is None:
            continue  # retired or unknown: the planning step cancels it
        plan = resolved.plan
        owner = catalogue.units.get(plan.owner)
        if owner is not None and owner.merged_into is not None:
            # The office that asks is the one in place on the deadline: after its merger, its
            # successor (the plan keeps the code it was written with).
            code = owing_on(owner, task.due_on, catalogue.units)
            owner = catalogue.units[code] if code is not None else owner
        view = TaskView(
            task.id,
            task.obligation_id,
            resolved.name,
            resolved.family.id,
            unit.code,
            unit.name,
            owner.name if owner else plan.owner,
            task.occurrence_key,
            task.occurrence_label,
            step.id,
            step.kind,
            step.name,
            step.deliverable is Deliverable.EVENT,
            task.window_start,
            task.window_end,
            task.opens_on,
            task.due_on,
            task.status,
            task.escalation_level,
        )
        yield task, view, resolved, step, unit


def _drafts(
    session: Session,
    stored: StoredCatalogue,
    as_of: date,
    kinds: frozenset[StageKind],
    tasks: Sequence[Any],
    since: date,
    pinned: Mapping[int, tuple[ChasePolicy, EscalationPolicy]],
) -> list[NoticeDraft]:
    catalogue = stored.catalogue
    calendar = catalogue.calendar
    done: dict[int, dict[str, tuple[str, date]]] = defaultdict(dict)  # stage → (outcome, as_of)
    # By the candidates' ids, on the (task_id, stage) index: joined on the candidate condition
    # instead, PostgreSQL hashes the whole notices table, a cost that grows with every year.
    ids = [task.id for task in tasks]
    for start in range(0, len(ids), _ID_BATCH):
        for task_id, stage_name, outcome, day in session.execute(
            select(
                TaskNotice.task_id, TaskNotice.stage, TaskNotice.outcome, TaskNotice.as_of
            ).where(TaskNotice.task_id.in_(ids[start : start + _ID_BATCH]))
        ):
            done[task_id][stage_name] = (outcome, day)

    drafts: list[NoticeDraft] = []
    dated: dict[tuple[Any, ...], list[Stage]] = {}
    lateness: dict[date, int] = {}
    for task, view, resolved, step, unit in _views(stored, tasks):
        plan = resolved.plan
        stages: list[Stage] = []
        if StageKind.OPEN in kinds:
            stages.append(open_stage(task.opened_on or task.opens_on))
        # The units of one step of one occurrence share its dates and policies: the working-day
        # arithmetic is done once per (obligation, step, dates), not once per task.
        # A task keeps the policy it opened under (its snapshot); one opened before snapshots
        # existed follows the catalogue's.
        opened_on = task.opened_on or task.opens_on
        key = (
            task.obligation_id,
            task.step_id,
            task.opens_on,
            task.due_on,
            opened_on,
            task.policy_id,
        )
        chased = dated.get(key)
        if chased is None:
            chased = []
            if task.policy_id in pinned:
                chase, escalation = pinned[task.policy_id]
            else:
                chase = chase_policy(plan, step.chase)
                escalation = escalation_policy(plan, step.escalation)
            if kinds & {StageKind.REMIND, StageKind.OVERDUE}:
                chased += [
                    s
                    for s in reminder_stages(task.opens_on, task.due_on, chase, calendar)
                    if s.kind in kinds
                ]
            if StageKind.ESCALATE in kinds:
                chased += escalation_stages(task.due_on, escalation, calendar, opened_on)
            dated[key] = chased
        # Acknowledged ("đã nhận"): the levels for "not acknowledged" are disarmed.
        stages += armed(chased, task.acknowledged_at is not None)
        task_done = done[task.id]
        decision = stages_due(stages, set(task_done), as_of, since)
        opened_notice = task_done.get("open")
        for stage in decision.superseded:
            drafts.append(NoticeDraft(view, stage, as_of, superseded=True))
        for stage in decision.send:
            told_at_opening = (
                stage.is_reminder
                and opened_notice is not None
                and opened_notice[0] == "queued"
                and stage.on <= opened_notice[1]
            )
            late_opening = stage.kind is StageKind.OPEN and as_of > task.due_on
            if told_at_opening or late_opening:
                drafts.append(NoticeDraft(view, stage, as_of, superseded=True))
                continue
            recipients = tuple(
                _recipients(unit, stage.audience, catalogue.units, plan.standing_committee)
            )
            late = lateness.get(task.due_on)
            if late is None:
                late = lateness[task.due_on] = max(
                    calendar.working_days_between(task.due_on, as_of), 0
                )
            drafts.append(NoticeDraft(view, stage, as_of, False, recipients, late))
    return drafts


def _payload(message: OutgoingMessage) -> dict[str, Any] | None:
    """What the outbox keeps beside the text: the channel's own parameters (a Zalo template's)
    and the notice as a digest lists it (`item`), as the notifications layer made them."""
    payload = getattr(message, "payload", None)
    return dict(payload) if payload else None


def _fallbacks(message: OutgoingMessage) -> list[dict[str, Any]] | None:
    """The recipient's next channels, each with its message rendered, in order of preference."""
    others = getattr(message, "fallbacks", ())
    if not others:
        return None
    return [
        {
            "channel": other.channel,
            "address": other.address,
            "subject": other.subject,
            "text": other.text,
            "html": other.html,
            "payload": getattr(other, "payload", None),
        }
        for other in others
    ]


def record(
    session: Session,
    actor: Actor,
    rendered: Sequence[tuple[NoticeDraft, Sequence[OutgoingMessage]]],
) -> NoticeReport:
    """Insert the notices and their messages; a notice already recorded adds nothing."""
    report = NoticeReport()

    def outcome(draft: NoticeDraft, messages: Sequence[OutgoingMessage]) -> str:
        if draft.superseded:
            return "superseded"
        return "queued" if messages else "no-address"

    rows = [
        {
            "task_id": draft.task.id,
            "stage": draft.stage.name,
            "kind": draft.stage.kind.value,
            "due_on": draft.stage.on,
            "as_of": draft.as_of,
            "outcome": outcome(draft, messages),
            "created_at": actor.now,
        }
        for draft, messages in rendered
    ]
    inserted = {
        (r.task_id, r.stage)
        for r in insert_ignoring_duplicates(
            session,
            TaskNotice.__tablename__,
            rows,
            ["task_id", "stage"],
            ["task_id", "stage"],
        )
    }
    outbox_rows: list[dict[str, Any]] = []
    audit_rows: list[AuditRow] = []
    escalated: dict[int, list[int]] = defaultdict(list)  # level → tasks escalated to it
    for draft, messages in rendered:
        task_id, stage = draft.task.id, draft.stage
        if (task_id, stage.name) not in inserted:
            continue  # another run recorded it: its messages are already queued
        result = outcome(draft, messages)
        if result == "superseded":
            report.superseded.append(draft)
        elif result == "queued":
            report.queued.append(draft)
        else:
            report.unreachable.append(draft)
        after = {"stage": stage.name, "outcome": result, "to": [m.address for m in messages]}
        audit_rows.append(AuditRow("task", task_id, "notice", after=after))
        urgent = draft.urgent or stage.urgent
        for message in messages:
            outbox_rows.append(
                {
                    "dedupe_key": dedupe_key(task_id, stage.name, message),
                    "task_id": task_id,
                    "stage": stage.name,
                    "channel": message.channel,
                    "recipient": message.address,
                    "recipient_name": message.recipient_name,
                    "subject": message.subject,
                    "body_text": message.text,
                    "body_html": message.html,
                    "status": OutboxStatus.PENDING.value,
                    "attempts": 0,
                    "next_attempt_at": actor.now,
                    "created_at": actor.now,
                    "kind": OutboxKind.NOTICE.value,
                    "payload": _payload(message),
                    "raw": getattr(message, "raw", None),
                    "urgent": urgent,
                    "fallbacks": _fallbacks(message),
                    "fallback_from_id": None,
                }
            )
        if stage.kind is StageKind.ESCALATE and result == "queued":
            escalated[stage.level].append(task_id)
    # One UPDATE per level and batch of ids, not one per task: a level only ever rises.
    for level, task_ids in sorted(escalated.items()):
        for start in range(0, len(task_ids), _ID_BATCH):
            session.execute(
                update(Task)
                .where(
                    Task.id.in_(task_ids[start : start + _ID_BATCH]),
                    Task.escalation_level < level,
                )
                .values(escalation_level=level, updated_at=actor.now)
                .execution_options(synchronize_session=False)
            )
    queued = insert_ignoring_duplicates(
        session,
        OutboxMessage.__tablename__,
        outbox_rows,
        ["dedupe_key"],
        ["id", "task_id", "stage"],
    )
    report.messages = len(queued)
    ids: dict[tuple[int, str], list[int]] = defaultdict(list)
    for row in queued:
        ids[(row.task_id, row.stage)].append(row.id)
    report.message_ids = {key: tuple(sorted(value)) for key, value in ids.items()}
    audit_many(session, actor, audit_rows)
    return report
