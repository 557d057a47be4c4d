"""The daily runs on a ledger three years old: their cost must not grow with the ledger's age.

    uv run python benchmarks/bench_history.py [--units 300] [--repeats 3]
    DONDOC_BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test  (adds PostgreSQL)

Three ledgers of one synthetic plan (`bench_ledger.synthetic_catalogue`: the Tây Ninh demo
plan's reports owed by `--units` units, valid from 2021):

- this year only: tracking from 1/1/2024;
- three earlier years: tracking from 1/1/2021, and every report of 2021–2023 chased in its time
  and never submitted — opened, overdue, each of its stages recorded as sent (open, before-7 …
  overdue-3, escalate-1, escalate-2), as a ledger run daily since 2021 holds them;
- one earlier year: the same from 1/1/2023 — to tell a cost that grows with age from one that
  stops growing after a year.

On each, the same days run in order, timed step by step: periodic-reports on Mon 8/1/2024 (the
January reports open), chase on Thu 11/1/2024 (one before-7 reminder per January report),
escalate that day (nothing due: the cost of looking), and the chase again (a no-op). Each
figure is the best of `--repeats` runs, each on freshly built ledgers; a first, untimed pass
counts the rows each step's SELECTs return — the figure a noisy machine cannot blur. The ratios
are three earlier years ÷ this year only (about 1 for the chase and the escalation) and three
earlier years ÷ one (about 1 for every step). The baseline, as in `bench_ledger`, is the raw
driver inserting as many rows as the chase queues, with executemany, on the same database.

The periodic-reports step also plans, and planning looks back a year (`HISTORY`): on a ledger
older than a year it reads a year of past tasks that a ledger started this January does not
have — a bounded cost, the same at three years of age as at one.
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from bench_ledger import HORIZON, baseline, postgres_schemas, synthetic_catalogue
from sqlalchemy import Engine, event, func, insert, select, text, update
from sqlalchemy.engine import Result
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from ledger.audit import Actor
from ledger.db import make_engine, session_factory, transaction, upgrade
from ledger.models import Task, TaskNotice
from ledger.planning import plan_tasks
from ledger.store import read_catalogue, store_catalogue
from obligations.loader import Catalogue, chase_policy, escalation_policy
from obligations.policy import escalation_stages, open_stage, reminder_stages
from tasks import steps

THIS_YEAR = date(2024, 1, 1)
HISTORY_FROM = date(2021, 1, 1)
LEDGERS = {  # name → tracking from
    "this year only": THIS_YEAR,
    "one earlier year": date(2023, 1, 1),
    "three earlier years": HISTORY_FROM,
}
OPEN_DAY = date(2024, 1, 8)
CHASE_DAY = date(2024, 1, 11)


def morning(day: date, hour: int = 2) -> datetime:
    """An instant of `day` (02:00 UTC is 09:00 in Việt Nam)."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


STEPS: list[tuple[str, Callable[[sessionmaker[Session]], Any]]] = [
    ("periodic-reports (8/1)", lambda s: steps.open_tasks(s, OPEN_DAY, morning(OPEN_DAY), HORIZON)),
    ("chase (11/1)", lambda s: steps.chase(s, CHASE_DAY, morning(CHASE_DAY))),
    ("escalate (11/1, none due)", lambda s: steps.escalate(s, CHASE_DAY, morning(CHASE_DAY, 3))),
    ("chase again (no-op)", lambda s: steps.chase(s, CHASE_DAY, morning(CHASE_DAY, 4))),
]


def chased_in_their_time(sessions: sessionmaker[Session], before: date) -> None:
    """Tasks due before `before`: opened, overdue, every stage of their chase recorded as sent."""
    with transaction(sessions) as session:
        catalogue = read_catalogue(session).catalogue
        calendar = catalogue.calendar
        old = session.execute(
            select(Task.id, Task.obligation_id, Task.opens_on, Task.due_on).where(
                Task.due_on < before
            )
        ).all()
        rows: list[dict[str, Any]] = []
        for task_id, obligation_id, opens_on, due_on in old:
            plan, ob = catalogue.obligations[obligation_id]
            stages = [
                open_stage(opens_on),
                *reminder_stages(opens_on, due_on, chase_policy(plan, ob.chase), calendar),
                *escalation_stages(due_on, escalation_policy(plan, ob.escalation), calendar),
            ]
            rows += [
                {
                    "task_id": task_id,
                    "stage": stage.name,
                    "kind": stage.kind.value,
                    "due_on": stage.on,
                    "as_of": stage.on,
                    "outcome": "queued",
                    "created_at": morning(stage.on),
                }
                for stage in stages
            ]
        session.execute(
            update(Task)
            .where(Task.due_on < before)
            .values(
                status="overdue",
                opened_on=Task.opens_on,
                escalation_level=2,  # the demo policy's last level
                updated_at=morning(before),
            )
        )
        if rows:
            session.execute(insert(TaskNotice), rows)


def build(url: str, catalogue: Catalogue, track_from: date) -> tuple[Engine, sessionmaker[Session]]:
    """A ledger with the catalogue loaded and planned as `plan load --track-from` does."""
    engine = make_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    actor = Actor("bench:load", morning(THIS_YEAR), THIS_YEAR)
    with transaction(sessions) as session:
        store_catalogue(session, catalogue, actor, track_from)
    with transaction(sessions) as session:
        plan_tasks(session, read_catalogue(session), HORIZON, actor)
    if track_from < THIS_YEAR:
        chased_in_their_time(sessions, THIS_YEAR)
    if engine.dialect.name == "postgresql":
        # A ledger in use has its statistics (autovacuum analyses a table as it grows); one
        # filled a moment ago has none, and the planner would scan tables it need not.
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    return engine, sessions


def sizes(sessions: sessionmaker[Session]) -> tuple[int, int, int]:
    """Tasks, opened tasks (open or overdue), notices."""
    with transaction(sessions) as session:
        tasks = session.scalar(select(func.count()).select_from(Task)) or 0
        opened = (
            session.scalar(
                select(func.count())
                .select_from(Task)
                .where(Task.status.in_(["open", "acknowledged", "overdue"]))
            )
            or 0
        )
        notices = session.scalar(select(func.count()).select_from(TaskNotice)) or 0
    return tasks, opened, notices


@dataclass
class Figures:
    database: str
    step: str
    queued: int  # notices the step queued (the same on every ledger)
    best: dict[str, float]  # ledger → seconds, the best of the timed runs
    read: dict[str, int]  # ledger → rows the step's SELECTs returned
    floor: float  # raw executemany of as many rows as the chase queues


@contextmanager
def rows_read(sessions: sessionmaker[Session]) -> Iterator[list[int]]:
    """Counts the rows every SELECT through `sessions` returns (a list of one number)."""
    counted = [0]

    def count(state: ORMExecuteState) -> Result[Any] | None:
        if not state.is_select:
            return None
        frozen = state.invoke_statement().freeze()
        counted[0] += len(frozen().all())
        return frozen()

    event.listen(sessions, "do_orm_execute", count)
    try:
        yield counted
    finally:
        event.remove(sessions, "do_orm_execute", count)


def measure(name: str, url_for: Callable[[], str], repeats: int, units: int) -> list[Figures]:
    """A first pass counts the rows each step reads; then `repeats` timed passes."""
    catalogue = synthetic_catalogue(units, valid_from=HISTORY_FROM)
    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    read: dict[tuple[str, str], int] = {}
    queued: dict[tuple[str, str], int] = {}
    shape: dict[str, tuple[int, int, int]] = {}
    floor = float("inf")
    for counting in [True] + [False] * repeats:
        for ledger, track_from in LEDGERS.items():
            engine, sessions = build(url_for(), catalogue, track_from)
            shape[ledger] = sizes(sessions)
            for step, run in STEPS:
                if counting:
                    with rows_read(sessions) as counted:
                        log = run(sessions)
                    read[(ledger, step)] = counted[0]
                    queued[(ledger, step)] = log.counts.get("queued", 0)
                    continue
                gc.collect()  # the build's garbage is not the step's cost
                start = time.perf_counter()
                log = run(sessions)
                times[(ledger, step)].append(time.perf_counter() - start)
                assert log.counts.get("queued", 0) == queued[(ledger, step)]
            if track_from == THIS_YEAR and not counting:
                floor = min(floor, baseline(engine, queued[(ledger, STEPS[1][0])]))
            engine.dispose()
    for ledger, (tasks, opened, notices) in shape.items():
        print(
            f"{name}, {ledger}: {tasks:,} tasks, {opened:,} opened and unsubmitted, "
            f"{notices:,} notices before 8/1/2024"
        )
    results = []
    for step, _ in STEPS:
        same = {queued[(ledger, step)] for ledger in LEDGERS}
        assert len(same) == 1, f"{step}: the ledgers did different work ({same})"
        best = {ledger: min(times[(ledger, step)]) for ledger in LEDGERS}
        rows = {ledger: read[(ledger, step)] for ledger in LEDGERS}
        results.append(Figures(name, step, same.pop(), best, rows, floor))
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    results: list[Figures] = []
    with tempfile.TemporaryDirectory() as scratch:
        counter = iter(range(10_000))
        results += measure(
            "SQLite",
            lambda: f"sqlite:///{scratch}/history-{next(counter)}.db",
            args.repeats,
            args.units,
        )
    pg = os.environ.get("DONDOC_BENCH_POSTGRES_URL")
    if pg:
        with postgres_schemas(pg) as url_for:
            results += measure("PostgreSQL", url_for, args.repeats, args.units)
    print(f"\n{args.units} reporting units; best of {args.repeats}\n")
    young, one, three = LEDGERS
    print(
        "| database | step | queued | rows read (this year / 1 year / 3 years) "
        "| this year only | one earlier year | three earlier years "
        "| 3 years ÷ this year | 3 years ÷ 1 year | × raw executemany (this year / 3 years) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for f in results:
        ms = {ledger: f"{f.best[ledger] * 1000:,.0f} ms" for ledger in LEDGERS}
        print(
            f"| {f.database} | {f.step} | {f.queued:,} "
            f"| {' / '.join(f'{f.read[ledger]:,}' for ledger in LEDGERS)} "
            f"| {ms[young]} | {ms[one]} | {ms[three]} "
            f"| {f.best[three] / f.best[young]:,.2f}× | {f.best[three] / f.best[one]:,.2f}× "
            f"| {f.best[young] / f.floor:,.1f} / {f.best[three] / f.floor:,.1f} |"
        )
    for database, floor in {f.database: f.floor for f in results}.items():
        print(f"\n{database}: raw executemany, as many rows: {floor * 1000:,.1f} ms")


if __name__ == "__main__":
    main()
