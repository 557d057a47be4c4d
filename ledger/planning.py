"""Plan tasks ahead and reconcile them with the catalogue — idempotently.

Each run computes the tasks that should exist up to a horizon and makes the ledger agree:
missing ones are inserted (a unique constraint makes a concurrent insert a no-op), planned ones
whose dates changed are rescheduled, and tasks the catalogue no longer asks for (a retired
obligation, a dissolved unit, a month dropped from `only`) are cancelled. Tasks already opened
keep the deadline their unit was told; tasks beyond the horizon, and tasks due more than a year
ago, are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ledger.audit import Actor, AuditRow, audit_many, jsonable
from ledger.models import Task, TaskStatus
from ledger.sql import insert_ignoring_duplicates
from ledger.store import StoredCatalogue
from ledger.transitions import ACTIVE
from obligations.expand import PlannedTask, expand

CANCELLED_BY_CATALOGUE = "danh mục không còn yêu cầu"
HISTORY = timedelta(days=366)
_DATES = ("period_label", "window_start", "window_end", "opens_on", "due_on")


@dataclass
class PlanReport:
    inserted: list[PlannedTask] = field(default_factory=list)
    rescheduled: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    restored: list[int] = field(default_factory=list)


def _values(pt: PlannedTask) -> dict[str, Any]:
    return {name: getattr(pt, name) for name in _DATES}


def planning_starts(
    stored: StoredCatalogue, as_of: date | None, look_back: timedelta | None
) -> dict[str, date]:
    """Per plan, the first deadline a run plans: its tracking start, or `look_back` before as_of.

    Loading a catalogue plans everything it tracks (a `--track-from` in the past backfills);
    the daily runs look back a year (`HISTORY`): older tasks are history, and the daily cost
    must not grow with every year the ledger has run.
    """
    if as_of is None or look_back is None:
        return dict(stored.tracking_from)
    floor = as_of - look_back
    return {plan: max(start, floor) for plan, start in stored.tracking_from.items()}


def plan_tasks(
    session: Session,
    stored: StoredCatalogue,
    horizon_end: date,
    actor: Actor,
    look_back: timedelta | None = None,
) -> PlanReport:
    report = PlanReport()
    starts = planning_starts(stored, actor.as_of, look_back)
    expected = expand(stored.catalogue, horizon_end, starts)
    plan_of = {ob_id: plan.id for ob_id, (plan, _) in stored.catalogue.obligations.items()}
    audit_rows: list[AuditRow] = []

    first = min(starts.values(), default=horizon_end)
    rows = session.scalars(
        select(Task).where(
            or_(
                and_(Task.obligation_id.in_(set(expected)), Task.due_on >= first),
                and_(Task.obligation_id.in_(stored.retired), Task.status.in_(ACTIVE)),
            )
        )
    ).all()
    existing: dict[tuple[str, str, str], Task] = {
        (t.obligation_id, t.unit_code, t.period_key): t for t in rows
    }

    to_insert: list[dict[str, Any]] = []
    wanted: set[tuple[str, str, str]] = set()
    for ob_id, tasks in expected.items():
        version = stored.versions.get(ob_id, 1)
        for pt in tasks:
            wanted.add(pt.key)
            task = existing.get(pt.key)
            if task is None:
                to_insert.append(
                    {
                        "obligation_id": pt.obligation_id,
                        "unit_code": pt.unit_code,
                        "period_key": pt.period_key,
                        **_values(pt),
                        "status": TaskStatus.PLANNED.value,
                        "obligation_version": version,
                        "escalation_level": 0,
                        "created_at": actor.now,
                        "updated_at": actor.now,
                    }
                )
                continue
            current = {name: getattr(task, name) for name in _DATES}
            if task.status == TaskStatus.PLANNED and current != _values(pt):
                for name, value in _values(pt).items():
                    setattr(task, name, value)
                task.obligation_version, task.updated_at = version, actor.now
                report.rescheduled.append(task.id)
                audit_rows.append(
                    AuditRow(
                        "task",
                        task.id,
                        "reschedule",
                        jsonable(current),
                        jsonable(_values(pt)),
                        None,
                    )
                )
            elif (
                task.status == TaskStatus.CANCELLED and task.status_reason == CANCELLED_BY_CATALOGUE
            ):
                for name, value in _values(pt).items():
                    setattr(task, name, value)
                task.status, task.status_reason, task.closed_on = TaskStatus.PLANNED, None, None
                task.obligation_version, task.updated_at = version, actor.now
                report.restored.append(task.id)
                audit_rows.append(
                    AuditRow(
                        "task",
                        task.id,
                        "restore",
                        {"status": "cancelled"},
                        {"status": "planned"},
                        None,
                    )
                )

    for key, task in existing.items():
        if key in wanted or TaskStatus(task.status) not in ACTIVE:
            continue
        ob_id = task.obligation_id
        start = starts.get(plan_of.get(ob_id, ""))
        retired = ob_id in stored.retired
        in_range = start is not None and start <= task.due_on <= horizon_end
        if not (retired or in_range):
            continue
        before = {"status": task.status}
        task.status, task.status_reason = TaskStatus.CANCELLED, CANCELLED_BY_CATALOGUE
        task.closed_on, task.updated_at = actor.as_of, actor.now
        report.cancelled.append(task.id)
        audit_rows.append(
            AuditRow("task", task.id, "cancel", before, {"status": "cancelled"}, task.status_reason)
        )

    session.flush()
    inserted = insert_ignoring_duplicates(
        session,
        Task.__table__,  # type: ignore[arg-type]
        to_insert,
        ["obligation_id", "unit_code", "period_key"],
        ["id", "obligation_id", "unit_code", "period_key"],
    )
    by_key = {(r.obligation_id, r.unit_code, r.period_key): r.id for r in inserted}
    for ob_tasks in expected.values():
        for pt in ob_tasks:
            task_id = by_key.get(pt.key)
            if task_id is not None:
                report.inserted.append(pt)
                audit_rows.append(
                    AuditRow(
                        "task",
                        task_id,
                        "plan",
                        None,
                        {"status": "planned", **jsonable(_values(pt))},
                        None,
                    )
                )
    audit_many(session, actor, audit_rows)
    return report
