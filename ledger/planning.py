"""Plan occurrences and tasks ahead and reconcile them with the catalogue — set-based, idempotent.

Each run computes, obligation by obligation, the occurrences and tasks that should exist up to a
horizon and makes the ledger agree:

- missing occurrences and tasks are inserted in bulk (unique constraints make a concurrent
  insert a no-op; on PostgreSQL planners take an advisory lock, so one plans at a time);
- planned tasks whose dates or labels changed are rescheduled; tasks already opened keep the
  deadline their unit was told;
- tasks the catalogue no longer asks for (a retired obligation, a dissolved unit, a month
  dropped from `only`, a step removed) are cancelled, and asked for again, restored;
- unfinished tasks of a merged unit that its successor now owes (`merged_into`) are moved: the
  old task is closed with a reason naming the successor, its queued mail is not sent, and the
  successor gets a task of its own, which the audit links to the old one; a step the merged
  unit had done already is not owed again;
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

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ledger.audit import Actor, AuditRow, audit_many, jsonable
from ledger.db import planner_lock as planner_lock  # requests (ledger/requests.py) take it here
from ledger.lifecycle import cancel_active, cancel_pending_messages
from ledger.models import Occurrence, OccurrenceStatus, PlanningStamp, Task, TaskStatus
from ledger.sql import copy_rows, insert_ignoring_duplicates
from ledger.store import StoredCatalogue
from ledger.transitions import ACTIVE, SUBMITTED
from obligations.expand import PlannedOccurrence, expand, planned_at
from obligations.model import OccurrenceDraft, PlannedStep, owing_on
from obligations.schema import UnitSpec

CANCELLED_BY_CATALOGUE = "danh mục không còn yêu cầu"
# A task moved to a merged unit's successor is closed with this reason, then the successor's
# name and the merger day: `dondoc tasks` and the audit say where it went, not "cancelled".
TRANSFERRED_BY_MERGER = "Sáp nhập đơn vị: nhiệm vụ chuyển cho "
# What a merged unit did or was excused from, its successor does not owe again.
SETTLED = SUBMITTED | {TaskStatus.WAIVED}
HISTORY = timedelta(days=366)
_INSERT_BATCH = 50_000  # new tasks per COPY / executemany
_BATCH = 5000  # ids per IN (…): inside SQLite's and PostgreSQL's limits on parameters

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
    transferred: list[tuple[int, int]] = field(default_factory=list)  # (old task, new task)
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
    transfers: list[Transfer] = []  # moved once every obligation's new tasks are in
    for done, (ob_id, planned) in enumerate(expected.items()):
        if progress is not None:
            progress(done, len(expected))
        resolved = stored.catalogue.resolved[ob_id]
        first = starts[resolved.plan.id]
        _plan_obligation(
            session,
            stored,
            ob_id,
            planned,
            first,
            horizon_end,
            actor,
            report,
            audit_rows,
            pending,
            transfers,
        )
        if len(pending) >= _INSERT_BATCH:
            _bulk_insert_tasks(session, pending)
            pending.clear()
        planned.clear()  # memory: one obligation's expansion at a time, once planned
    _bulk_insert_tasks(session, pending)
    _transfer(session, stored.catalogue.units, transfers, actor, report, audit_rows)
    if progress is not None:
        progress(len(expected), len(expected))
    _cancel_retired(session, stored, wanted_families, actor, report, audit_rows)
    audit_many(session, actor, audit_rows)
    _stamp(session, scope, fingerprint, horizon_end, starts, actor)
    return report


_FAMILIES = Path(__file__).resolve().parent.parent / "obligations" / "families.yaml"
PLANNER_VERSION = 2  # raise when a change to the expansion changes what a catalogue plans


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
    transfers: list[Transfer],
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
    units = stored.catalogue.units
    # The merged units' tasks, per (occurrence, step): what their successors take over or do
    # not owe again. Empty (and free) until a unit of the obligation is merged.
    merged = _merged_tasks(existing, units)
    due_of: dict[tuple[int, str], date] = {}
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
            due_of[(row.id, step.step.id)] = step.due_on
            for unit in step.units:
                task_key = (row.id, step.step.id, unit)
                wanted.add(task_key)
                task = existing.get(task_key)
                if task is None and _settled_before(merged, row.id, step, unit, units):
                    continue  # the unit merged into this one did it: not owed twice
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
                elif status == TaskStatus.CANCELLED and _by_catalogue(reason):
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
    # Tasks of these occurrences the catalogue no longer asks for, while still unfinished:
    # moved to the successor of a merged unit that owes the step now, else cancelled.
    gone: list[int] = []
    for (occurrence_id, step_id, unit_code), task in existing.items():
        occ_row = by_id[occurrence_id]
        if (
            (occurrence_id, step_id, unit_code) in wanted
            or TaskStatus(task[1]) not in ACTIVE
            or not first <= occ_row.planned_anchor <= horizon_end
            or occ_row.status == OccurrenceStatus.CANCELLED
        ):
            continue
        due = due_of.get((occurrence_id, step_id))
        successor = _successor(units, unit_code, due)
        if successor is not None and (occurrence_id, step_id, successor) in wanted:
            transfers.append(
                Transfer(task[0], task[1], occurrence_id, step_id, unit_code, successor)
            )
        else:
            gone.append(task[0])
    _cancel(session, gone, actor, report, audit_rows)


@dataclass(frozen=True)
class Transfer:
    """An unfinished task of a merged unit that its successor owes now."""

    task_id: int
    status: str
    occurrence_id: int
    step_id: str
    unit_code: str
    successor: str


def _by_catalogue(reason: str | None) -> bool:
    """Whether the planner closed the task (cancelled, or moved on a merger): asked for again,
    as it was, it is restored (a merger undone in the catalogue gives the task back)."""
    return reason == CANCELLED_BY_CATALOGUE or (reason or "").startswith(TRANSFERRED_BY_MERGER)


def _successor(units: dict[str, UnitSpec], code: str, day: date | None) -> str | None:
    unit = units.get(code)
    if unit is None or unit.merged_into is None or day is None:
        return None
    return owing_on(unit, day, units)


def _merged_tasks(
    existing: dict[tuple[int, str, str], tuple[Any, ...]], units: dict[str, UnitSpec]
) -> dict[tuple[int, str], list[tuple[str, str]]]:
    """(occurrence, step) → [(merged unit, status)] of the merged units' tasks."""
    found: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for (occurrence_id, step_id, code), task in existing.items():
        unit = units.get(code)
        if unit is not None and unit.merged_into is not None:
            found.setdefault((occurrence_id, step_id), []).append((code, task[1]))
    return found


def _settled_before(
    merged: dict[tuple[int, str], list[tuple[str, str]]],
    occurrence_id: int,
    step: PlannedStep,
    unit: str,
    units: dict[str, UnitSpec],
) -> bool:
    """Whether the units merged into `unit` settled the step (done or excused) and none has it
    still unfinished (that one is moved to `unit`)."""
    if not merged:
        return False
    before = [
        TaskStatus(status)
        for code, status in merged.get((occurrence_id, step.step.id), ())
        if owing_on(units[code], step.due_on, units) == unit
    ]
    return (
        bool(before) and any(s in SETTLED for s in before) and not any(s in ACTIVE for s in before)
    )


def transfer_reason(successor: UnitSpec, day: date) -> str:
    """ "Sáp nhập đơn vị: nhiệm vụ chuyển cho Ban Tuyên giáo và Dân vận … từ ngày 01/07/2025"."""
    return f"{TRANSFERRED_BY_MERGER}{successor.name} từ ngày {day:%d/%m/%Y}"


def _transfer(
    session: Session,
    units: dict[str, UnitSpec],
    transfers: list[Transfer],
    actor: Actor,
    report: PlanReport,
    audit_rows: list[AuditRow],
) -> None:
    """Close the moved tasks, stop their queued mail, and link each to its successor's task.

    Set-based: one conditional UPDATE per successor and batch, one read of the new tasks. The
    successor's task was inserted with the others as planned: the daily run opens it and sends
    its unit the request, so the successor is told it owes the step; the old unit is sent
    nothing more.
    """
    if not transfers:
        return
    by_reason: dict[str, list[Transfer]] = {}
    for item in transfers:
        unit = units[item.unit_code]
        day = unit.merger_day
        assert day is not None  # only a merged unit's task is moved
        by_reason.setdefault(transfer_reason(units[item.successor], day), []).append(item)
    closed: dict[int, str] = {}
    for reason, items in by_reason.items():
        ids = [item.task_id for item in items]
        for start in range(0, len(ids), _BATCH):
            batch = Task.id.in_(ids[start : start + _BATCH])
            closed.update(
                (task_id, reason) for task_id in cancel_active(session, batch, reason, actor)
            )
    cancel_pending_messages(session, sorted(closed), actor)
    new_ids = _task_ids(
        session,
        {item.occurrence_id for item in transfers},
        {item.successor for item in transfers},
    )
    for item in transfers:
        if item.task_id not in closed:
            continue
        reason = closed[item.task_id]
        new_id = new_ids.get((item.occurrence_id, item.step_id, item.successor))
        report.transferred.append((item.task_id, new_id or 0))
        audit_rows.append(
            AuditRow(
                "task",
                item.task_id,
                "transfer",
                {"status": item.status, "unit": item.unit_code},
                {"status": "cancelled", "unit": item.successor, "task": new_id},
                reason,
            )
        )
        if new_id is not None:
            audit_rows.append(
                AuditRow(
                    "task",
                    new_id,
                    "take-over",
                    {"unit": item.unit_code, "task": item.task_id},
                    {"unit": item.successor},
                    reason,
                )
            )


def _task_ids(
    session: Session, occurrence_ids: Iterable[int], unit_codes: Iterable[str]
) -> dict[tuple[int, str, str], int]:
    """(occurrence, step, unit) → task id, for these occurrences' tasks of these units."""
    wanted = sorted(occurrence_ids)
    codes = sorted(set(unit_codes))
    found: dict[tuple[int, str, str], int] = {}
    for start in range(0, len(wanted), _BATCH):
        rows = session.execute(
            select(Task.occurrence_id, Task.step_id, Task.unit_code, Task.id).where(
                Task.occurrence_id.in_(wanted[start : start + _BATCH]), Task.unit_code.in_(codes)
            )
        )
        for occurrence_id, step_id, unit_code, task_id in rows:
            found[(occurrence_id, step_id, unit_code)] = task_id
    return found


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
        cancelled = cancel_active(session, Task.id.in_(ids[start : start + _BATCH]), reason, actor)
        for task_id in cancelled:
            report.cancelled.append(task_id)
            audit_rows.append(
                AuditRow("task", task_id, "cancel", None, {"status": "cancelled"}, reason)
            )
        # As an operator's cancellation does: what was queued for them will not go out.
        cancel_pending_messages(session, cancelled, actor)


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
