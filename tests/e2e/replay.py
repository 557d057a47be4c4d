"""What the seed replays share: a migrated ledger, the day's scheduled runs, one task's notices."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import ColumnElement, select

from ledger.audit import Actor
from ledger.db import Sessions, make_engine, session_factory, transaction, upgrade
from ledger.models import Task, TaskNotice
from ledger.store import store_catalogue
from obligations.loader import load_catalogue
from tasks import steps
from tests.conftest import RecordingHandler, SmtpServer, at, empty_ledger_url, smtp_server_for


@contextmanager
def migrated_ledger(backend: str, directory: Path) -> Iterator[Sessions]:
    """An empty ledger on `backend` built by the migrations, disposed of afterwards."""
    with empty_ledger_url(backend, directory) as url:
        engine = make_engine(url)
        upgrade(engine)
        try:
            yield session_factory(engine)
        finally:
            engine.dispose()


@dataclass(frozen=True)
class Done:
    """An operator records a step done, after the day's scheduled runs (office hours)."""

    obligation: str
    unit: str
    occurrence: str
    step: str
    at: datetime
    ref: str | None
    held_on: date | None = None


def record_done(sessions: Sessions, day: date, done: Iterable[Done]) -> None:
    """What the operators record on `day`."""
    for d in done:
        if d.at.date() == day:
            steps.record_submission(
                sessions, d.at, day, d.obligation, d.unit, d.occurrence, d.ref, d.at, d.step,
                d.held_on,
            )  # fmt: skip


@contextmanager
def replayed_year(
    backend: str,
    directory: Path,
    files: Sequence[Path],
    days: Sequence[date],
    horizon: date,
    families: Iterable[str],
    act: Callable[[Sessions, date], None],
    *,
    start: date | None = None,
    plan_at_load: bool = False,
) -> Iterator[tuple[Sessions, SmtpServer]]:
    """`files` stored on `start` (default: the first day) and tracked from it — and planned to
    `horizon` at once with `plan_at_load`, as `plan load` does — then each day's scheduled runs
    of `families` (run_day) followed by what the operators do that day (`act`), with a real
    SMTP server; yields the ledger and the server once the last day is done."""
    with migrated_ledger(backend, directory) as sessions:
        start = start or days[0]
        actor = Actor("test:load", at(start), start)
        if plan_at_load:
            steps.store_and_plan(sessions, load_catalogue(files), actor, start, horizon)
        else:
            with transaction(sessions) as session:
                store_catalogue(session, load_catalogue(files), actor, start)
        with smtp_server_for(RecordingHandler()) as smtp:
            for day in days:
                run_day(sessions, smtp, day, horizon, families)
                act(sessions, day)
            yield sessions, smtp


def steps_of(
    sessions: Sessions, obligation: str, occurrence: str
) -> dict[str, tuple[date, date, set[str]]]:
    """step → (opens on, due on, the units that owe it) of one occurrence of an obligation."""
    with transaction(sessions) as session:
        rows = session.execute(
            select(Task.step_id, Task.opens_on, Task.due_on, Task.unit_code).where(
                Task.obligation_id == obligation, Task.occurrence_key == occurrence
            )
        ).all()
    found: dict[str, tuple[date, date, set[str]]] = {}
    for step, opens, due, unit in rows:
        found.setdefault(step, (opens, due, set()))[2].add(unit)
    return found


def run_day(
    sessions: Sessions, smtp: SmtpServer, day: date, horizon: date, families: Iterable[str]
) -> None:
    """What the daily deployments run on `day`, at 09:00: each family's flow opens its own
    tasks (flows/common.py: open_family), then chase, escalate and delivery run over all."""
    now = at(day, 9)
    for family in families:
        steps.open_tasks(sessions, day, now, horizon, {family}, f"flow:{family}")
    steps.chase(sessions, day, now)
    steps.escalate(sessions, day, now)
    asyncio.run(steps.deliver(sessions, smtp.settings, now))


def _one(
    obligation: str, unit: str, step: str | None, occurrence: str | None
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Task.obligation_id == obligation, Task.unit_code == unit]
    if step is not None:
        where.append(Task.step_id == step)
    if occurrence is not None:
        where.append(Task.occurrence_key == occurrence)
    return where


def queued(
    sessions: Sessions,
    obligation: str,
    unit: str,
    *,
    step: str | None = None,
    occurrence: str | None = None,
) -> dict[str, date]:
    """stage → the day it was queued, for one unit's task (its step and occurrence, where the
    obligation has several)."""
    with transaction(sessions) as session:
        rows = session.execute(
            select(TaskNotice.stage, TaskNotice.as_of)
            .join(Task, Task.id == TaskNotice.task_id)
            .where(*_one(obligation, unit, step, occurrence), TaskNotice.outcome == "queued")
        ).all()
    return dict(rows)


def one_task(
    sessions: Sessions,
    obligation: str,
    unit: str,
    *,
    step: str | None = None,
    occurrence: str | None = None,
) -> Task:
    """One unit's task, detached from its session."""
    with transaction(sessions) as session:
        found = session.scalars(select(Task).where(*_one(obligation, unit, step, occurrence))).one()
        session.expunge(found)
    return found
