"""Plan occurrences and tasks ahead and reconcile them with the catalogue — set-based, idempotent.

Each run computes, obligation by obligation, the occurrences and tasks that should exist up to a
horizon and makes the ledger agree:

- missing occurrences and tasks are inserted in bulk (unique constraints make a concurrent
  insert a no-op; on PostgreSQL planners take an advisory lock, so one plans at a time);
- planned tasks whose dates or labels changed are rescheduled; tasks already opened keep the
  deadline their unit was told;
- tasks the catalogue no longer asks for (a retired obligation, a dissolved unit, a month
  dropped from `only`, a step removed) are cancelled, and asked for again, restored;
- an occurrence an operator moved keeps its new anchor, and its steps are dated from it; one
  an operator cancelled is left cancelled.

Tasks beyond the horizon, and tasks anchored before the planning start, are left alone. Memory
is bounded by one obligation's tasks, never the ledger's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from ledger.audit import Actor, AuditRow, audit_many, jsonable
from ledger.lifecycle import cancel_pending_messages
from ledger.models import Occurrence, OccurrenceStatus, PlanningStamp, Task, TaskStatus
from ledger.sql import copy_rows, insert_ignoring_duplicates
from ledger.store import StoredCatalogue
from ledger.transitions import ACTIVE
from obligations.expand import PlannedOccurrence, expand, planned_at
from obligations.model import OccurrenceDraft

CANCELLED_BY_CATALOGUE = "danh mục không còn yêu cầu"
HISTORY = timedelta(days=366)
_INSERT_BATCH = 50_000  # new tasks per COPY / executemany
_BATCH = 5000  # ids per IN (…): inside SQLite's and PostgreSQL's limits on parameters
_PLANNER_LOCK = 7_011_996  # pg_advisory_xact_lock key: one planner at a time

TASK_COLUMNS = (
    "occurrence_id",
    "obligation_id",
    "family",
    "step_id",
    "step_kind",
    "unit_code",
    "occurrence_key",
    "occurrence_label",
    "window_start",
    "window_end",
    "opens_on",
    "due_on",
    "status",
    "obligation_version",
    "escalation_level",
    "created_at",
    "updated_at",
)
_DATED = ("occurrence_label", "window_start", "window_end", "opens_on", "due_on")


@dataclass
class PlanReport:
    planned: int = 0  # tasks inserted
    occurrences: int = 0  # occurrences inserted
    rescheduled: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    restored: list[int] = field(default_factory=list)
    skipped: bool = False  # nothing to reconcile: a stamp covers this run (see `plan_tasks`)


def planning_starts(
    stored: StoredCatalogue, as_of: date | None, look_back: timedelta | None
) -> dict[str, date]:
    """Per plan, the first anchor a run plans: its tracking start, or `look_back` before as_of.

    Loading a catalogue plans everything it tracks (a `--track-from` in the past backfills);
    the daily runs look back a year (`HISTORY`): older tasks are history, and the daily cost
    must not grow with every year the ledger has run.
    """
    if as_of is None or look_back is None:
        return dict(stored.tracking_from)
    floor = as_of - look_back
    return {plan: max(start, floor) for plan, start in stored.tracking_from.items()}


def planner_lock(session: Session) -> None:
    """One planner at a time, until the transaction ends (PostgreSQL; SQLite's transactions
    take the write lock at BEGIN). Requests (ledger/requests.py) take it too: each reads what
    the one before it wrote."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PLANNER_LOCK})


def plan_tasks(
    session: Session,
    stored: StoredCatalogue,
    horizon_end: date,
    actor: Actor,
    look_back: timedelta | None = None,
    families: Iterable[str] | None = None,
    *,
    reuse: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> PlanReport:
    """Make the ledger's occurrences and tasks agree with the catalogue, up to `horizon_end`.

    Each run leaves a stamp: the catalogue's fingerprint, the horizon and the starts it planned
    from, for its families. With `reuse` (the daily runs), a run that a stamp covers — the same
    catalogue, a horizon no further, starts no earlier — skips the reconciliation: expansion
    depends on nothing else, and the operators' moves and cancellations write their own
    changes. So a daily run's fixed cost is what changes that day, not the planning window.
    `progress`, if given, is told (obligations planned, obligations to plan) as it goes.
    """
    planner_lock(session)
    report = PlanReport()
    starts = planning_starts(stored, actor.as_of, look_back)
    wanted_families = set(families) if families is not None else None
    scope = ",".join(sorted(wanted_families)) if wanted_families is not None else "*"
    fingerprint = catalogue_fingerprint(stored)
    if reuse and _covered(session, scope, fingerprint, horizon_end, starts):
        report.skipped = True
        return report
    expected = expand(stored.catalogue, horizon_end, starts, wanted_families)
    audit_rows: list[AuditRow] = []
    # New tasks wait here and go in one COPY / executemany per batch, not one per obligation:
    # no obligation reads another's tasks, and each COPY costs a round trip and its setup.
    pending: list[tuple[Any, ...]] = []
    for done, (ob_id, planned) in enumerate(expected.items()):
        if progress is not None:
            progress(done, len(expected))
        resolved = stored.catalogue.resolved[ob_id]
        first = starts[resolved.plan.id]
        _plan_obligation(
            session, stored, ob_id, planned, first, horizon_end, actor, report, audit_rows, pending
        )
        if len(pending) >= _INSERT_BATCH:
            _bulk_insert_tasks(session, pending)
            pending.clear()
        planned.clear()  # memory: one obligation's expansion at a time, once planned
    _bulk_insert_tasks(session, pending)
    if progress is not None:
        progress(len(expected), len(expected))
    _cancel_retired(session, stored, wanted_families, actor, report, audit_rows)
    audit_many(session, actor, audit_rows)
    _stamp(session, scope, fingerprint, horizon_end, starts, actor)
    return report


_FAMILIES = Path(__file__).resolve().parent.parent / "obligations" / "families.yaml"
PLANNER_VERSION = 1  # raise when a change to the expansion changes what a catalogue plans


def catalogue_fingerprint(stored: StoredCatalogue) -> str:
    """What the expansion depends on: the documents, the tracking starts, the obligations'
    versions and retirements, the families' default steps and the planner's own version."""
    digest = hashlib.sha256()
    parts = {
        "planner": PLANNER_VERSION,
        "documents": sorted((d.id, d.content_hash) for d in stored.catalogue.documents),
        "tracking": sorted((k, v.isoformat()) for k, v in stored.tracking_from.items()),
        "versions": sorted(stored.versions.items()),
        "retired": sorted(stored.retired),
    }
    digest.update(json.dumps(parts, sort_keys=True).encode())
    digest.update(_FAMILIES.read_bytes() if _FAMILIES.is_file() else b"")
    return digest.hexdigest()


def _covered(
    session: Session, scope: str, fingerprint: str, horizon_end: date, starts: dict[str, date]
) -> bool:
    """Whether a stamp of this scope, or of every family, covers a run planning `starts`…"""
    for stamp in session.scalars(
        select(PlanningStamp).where(PlanningStamp.scope.in_(sorted({scope, "*"})))
    ):
        if stamp.fingerprint != fingerprint or stamp.horizon_end < horizon_end:
            continue
        planned = stamp.starts
        if all(
            plan in planned and date.fromisoformat(planned[plan]) <= start
            for plan, start in starts.items()
        ):
            return True
    return False


def _stamp(
    session: Session,
    scope: str,
    fingerprint: str,
    horizon_end: date,
    starts: dict[str, date],
    actor: Actor,
) -> None:
    values = {
        "fingerprint": fingerprint,
        "horizon_end": horizon_end,
        "starts": {plan: start.isoformat() for plan, start in sorted(starts.items())},
        "planned_at": actor.now,
    }
    row = session.get(PlanningStamp, scope)
    if row is None:
        session.add(PlanningStamp(scope=scope, **values))
    else:
        for key, value in values.items():
            setattr(row, key, value)
    if scope == "*":  # a plan of every family supersedes the families' own stamps
        session.execute(delete(PlanningStamp).where(PlanningStamp.scope != "*"))
    session.flush()


def _occurrences_in(
    session: Session, ob_id: str, first: date, keys: Iterable[str]
) -> dict[str, Occurrence]:
    """The obligation's occurrences planned from `first`, and any with one of `keys`."""
    wanted = sorted(set(keys))
    found = {
        occ.key: occ
        for occ in session.scalars(
            select(Occurrence).where(
                Occurrence.obligation_id == ob_id, Occurrence.planned_anchor >= first
            )
        )
    }
    missing = [key for key in wanted if key not in found]
    for start in range(0, len(missing), _BATCH):
        for occ in session.scalars(
            select(Occurrence).where(
                Occurrence.obligation_id == ob_id,
                Occurrence.key.in_(missing[start : start + _BATCH]),
            )
        ):
            found[occ.key] = occ
    return found


def _redated(
    stored: StoredCatalogue, ob_id: str, item: PlannedOccurrence, anchor: date
) -> PlannedOccurrence:
    """The occurrence's steps dated from an anchor an operator moved it to."""
    occ: OccurrenceDraft = replace(item.occurrence, anchor=anchor)
    return planned_at(stored.catalogue.resolved[ob_id], stored.catalogue, occ)


def _plan_obligation(
    session: Session,
    stored: StoredCatalogue,
    ob_id: str,
    planned: list[PlannedOccurrence],
    first: date,
    horizon_end: date,
    actor: Actor,
    report: PlanReport,
    audit_rows: list[AuditRow],
    pending: list[tuple[Any, ...]],
) -> None:
    version = stored.versions.get(ob_id, 1)
    # An occurrence nobody owes a step of (every unit dissolved by then) has nothing to track.
    planned = [p for p in planned if any(step.units for step in p.steps)]
    occurrences = _occurrences_in(session, ob_id, first, (p.occurrence.key for p in planned))
    new_rows = []
    for item in planned:
        occ = item.occurrence
        row = occurrences.get(occ.key)
        window = occ.window or (None, None)
        if row is None:
            new_rows.append(
                {
                    "obligation_id": ob_id,
                    "key": occ.key,
                    "label": occ.label,
                    "family": item.family,
                    "anchor": occ.anchor,
                    "planned_anchor": occ.anchor,
                    "window_start": window[0],
                    "window_end": window[1],
                    "status": OccurrenceStatus.SCHEDULED.value,
                    "created_at": actor.now,
                    "updated_at": actor.now,
                }
            )
            continue
        now = {"label": occ.label, "window_start": window[0], "window_end": window[1]}
        moved = row.status == OccurrenceStatus.MOVED
        if not moved:
            now["anchor"] = occ.anchor
        now["planned_anchor"] = occ.anchor
        if any(getattr(row, key) != value for key, value in now.items()):
            for key, value in now.items():
                setattr(row, key, value)
            row.updated_at = actor.now
    # Occurrences this run inserts have no tasks yet (the planner holds its lock): only the
    # others' tasks are read. A first load reads none — on PostgreSQL each read of a freshly
    # filled, not yet analysed table was a sequential scan.
    known = set(occurrences)
    if new_rows:
        insert_ignoring_duplicates(
            session, Occurrence.__tablename__, new_rows, ("obligation_id", "key"), ("id",)
        )
        report.occurrences += len(new_rows)
        session.flush()
        occurrences = _occurrences_in(session, ob_id, first, (p.occurrence.key for p in planned))
    else:
        session.flush()

    by_id = {occ.id: occ for occ in occurrences.values()}
    existing = _tasks_of(session, [occ.id for key, occ in occurrences.items() if key in known])
    wanted: set[tuple[int, str, str]] = set()
    inserts: list[tuple[Any, ...]] = []
    reschedules: list[dict[str, Any]] = []
    restores: list[dict[str, Any]] = []
    planned_counts: dict[int, dict[str, int]] = {}
    for item in planned:
        row = occurrences[item.occurrence.key]
        if row.status == OccurrenceStatus.CANCELLED:
            continue  # an operator called it off: its tasks stay cancelled
        if row.status == OccurrenceStatus.MOVED and row.anchor != item.occurrence.anchor:
            item = _redated(stored, ob_id, item, row.anchor)
        occ = item.occurrence
        window = occ.window or (None, None)
        for step in item.steps:
            values = (occ.label, window[0], window[1], step.opens_on, step.due_on)
            for unit in step.units:
                task_key = (row.id, step.step.id, unit)
                wanted.add(task_key)
                task = existing.get(task_key)
                if task is None:
                    inserts.append(
                        (
                            row.id,
                            ob_id,
                            item.family,
                            step.step.id,
                            step.step.kind,
                            unit,
                            occ.key,
                            *values,
                            TaskStatus.PLANNED.value,
                            version,
                            0,
                            actor.now,
                            actor.now,
                        )
                    )
                    counts = planned_counts.setdefault(row.id, {})
                    counts[step.step.id] = counts.get(step.step.id, 0) + 1
                    continue
                task_id, status, reason, *current = task
                if status == TaskStatus.PLANNED and tuple(current) != values:
                    reschedules.append({"id": task_id, **dict(zip(_DATED, values, strict=True))})
                    audit_rows.append(
                        AuditRow(
                            "task",
                            task_id,
                            "reschedule",
                            jsonable(dict(zip(_DATED, current, strict=True))),
                            jsonable(dict(zip(_DATED, values, strict=True))),
                        )
                    )
                elif status == TaskStatus.CANCELLED and reason == CANCELLED_BY_CATALOGUE:
                    restores.append({"id": task_id, **dict(zip(_DATED, values, strict=True))})
                    audit_rows.append(
                        AuditRow(
                            "task",
                            task_id,
                            "restore",
                            {"status": "cancelled"},
                            {"status": "planned"},
                        )
                    )
    pending.extend(inserts)  # inserted by the caller, many obligations at a time
    report.planned += len(inserts)
    for occurrence_id, counts in planned_counts.items():
        occ_row = by_id[occurrence_id]
        audit_rows.append(
            AuditRow(
                "occurrence",
                occurrence_id,
                "plan",
                None,
                {"obligation": ob_id, "key": occ_row.key, "tasks": counts},
            )
        )
    stamp = {"obligation_version": version, "updated_at": actor.now}
    if reschedules:
        session.execute(update(Task), [{**r, **stamp} for r in reschedules])
        report.rescheduled += [r["id"] for r in reschedules]
    if restores:
        session.execute(
            update(Task),
            [
                {
                    **r,
                    **stamp,
                    "status": TaskStatus.PLANNED.value,
                    "status_reason": None,
                    "closed_on": None,
                }
                for r in restores
            ],
        )
        report.restored += [r["id"] for r in restores]
    # Tasks of these occurrences the catalogue no longer asks for, while still unfinished.
    gone = [
        task[0]
        for key, task in existing.items()
        if key not in wanted
        and TaskStatus(task[1]) in ACTIVE
        and first <= by_id[key[0]].planned_anchor <= horizon_end
        and by_id[key[0]].status != OccurrenceStatus.CANCELLED
    ]
    _cancel(session, gone, actor, report, audit_rows)


def _tasks_of(
    session: Session, occurrence_ids: Sequence[int]
) -> dict[tuple[int, str, str], tuple[Any, ...]]:
    """(occurrence, step, unit) → (id, status, reason, label, window start/end, opens, due)."""
    found: dict[tuple[int, str, str], tuple[Any, ...]] = {}
    for start in range(0, len(occurrence_ids), _BATCH):
        rows = session.execute(
            select(
                Task.occurrence_id,
                Task.step_id,
                Task.unit_code,
                Task.id,
                Task.status,
                Task.status_reason,
                Task.occurrence_label,
                Task.window_start,
                Task.window_end,
                Task.opens_on,
                Task.due_on,
            ).where(Task.occurrence_id.in_(occurrence_ids[start : start + _BATCH]))
        )
        for occurrence_id, step_id, unit_code, *rest in rows:
            found[(occurrence_id, step_id, unit_code)] = tuple(rest)
    return found


def _cancel(
    session: Session,
    ids: list[int],
    actor: Actor,
    report: PlanReport,
    audit_rows: list[AuditRow],
    reason: str = CANCELLED_BY_CATALOGUE,
) -> None:
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        rows = session.execute(
            update(Task)
            .where(Task.id.in_(batch), Task.status.in_(ACTIVE))
            .values(
                status=TaskStatus.CANCELLED,
                status_reason=reason,
                closed_on=actor.as_of,
                updated_at=actor.now,
            )
            .returning(Task.id)
        ).all()
        for (task_id,) in rows:
            report.cancelled.append(task_id)
            audit_rows.append(
                AuditRow("task", task_id, "cancel", None, {"status": "cancelled"}, reason)
            )
        # As an operator's cancellation does: what was queued for them will not go out.
        cancel_pending_messages(session, [task_id for (task_id,) in rows], actor)


def _cancel_retired(
    session: Session,
    stored: StoredCatalogue,
    families: set[str] | None,
    actor: Actor,
    report: PlanReport,
    audit_rows: list[AuditRow],
) -> None:
    """An obligation no longer in force: its unfinished tasks are cancelled."""
    if not stored.retired:
        return
    query = select(Task.id).where(Task.obligation_id.in_(stored.retired), Task.status.in_(ACTIVE))
    if families is not None:
        query = query.where(Task.family.in_(families))
    ids = list(session.scalars(query))
    _cancel(session, ids, actor, report, audit_rows)


def _bulk_insert_tasks(session: Session, rows: list[tuple[Any, ...]]) -> None:
    """Insert planned tasks at the driver's own speed: COPY on PostgreSQL, executemany else.

    The planner holds its lock (PostgreSQL) or the write lock (SQLite), and read what exists,
    so a row here cannot collide with one another planner inserts meanwhile.
    """
    if not rows:
        return
    copy_rows(
        session,
        "tasks",
        TASK_COLUMNS,
        rows,
        sqlite_conflict="ON CONFLICT (occurrence_id, step_id, unit_code) DO NOTHING",
    )
