"""The ledger's daily work at a province's scale, on SQLite and PostgreSQL.

    uv run python benchmarks/bench_ledger.py [--units 300] [--repeats 3]
    DONDOC_BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test  (adds PostgreSQL)

A synthetic plan: the Tây Ninh demo plan's five report obligations owed by `--units` units.
Measured, on a fresh ledger per backend:

- plan: planning the tasks to the end of next year (one insert per task, with its audit row);
- open: the day the January reports open (every unit's task opens, one notice and message each);
- chase: a reminder day (one reminder per task: a notice, an outbox message, an audit row);
- rerun: the same chase again, which must change nothing (the idempotency checks' cost).

Each figure is the best of `--repeats` runs. The baseline, measured in the same run on the same
database, is the raw driver inserting as many rows into a scratch table with executemany: the
ratio says how many times that floor the ledger's step costs, which survives a noisy machine.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text

from ledger.audit import Actor
from ledger.db import make_engine, session_factory, transaction, upgrade
from ledger.models import Task
from ledger.planning import plan_tasks
from ledger.store import read_catalogue, store_catalogue
from obligations.loader import Catalogue, LoadedDocument, catalogue_files, load_catalogue
from obligations.schema import PlanDoc
from tasks import steps

ROOT = Path(__file__).resolve().parent.parent
HORIZON = date(2025, 12, 31)


def synthetic_catalogue(units: int, valid_from: date | None = None) -> Catalogue:
    """The demo catalogue with the Tây Ninh plan's reports owed by `units` units.

    With `valid_from`, the reports are owed from that day (the demo plan's start from 2024).
    """
    demo = load_catalogue(catalogue_files(ROOT / "plans"))
    plan = next(p for p in demo.plans if p.id == "tay-ninh-2024")
    spec = plan.model_dump(mode="json")
    if valid_from is not None:
        for obligation in spec["obligations"]:
            obligation["valid_from"] = valid_from.isoformat()
    owners = [u for u in spec["units"] if "monthly-reporter" not in u.get("tags", [])]
    reporters = [
        {
            "code": f"dv-{n:04d}",
            "name": f"Đơn vị thử nghiệm số {n}",
            "kind": "mass-association",
            "supervisor": "tn-tttu",
            "tags": ["monthly-reporter"],
            "email": f"vanphong{n}@donvi.tayninh.example",
            "head": {
                "title": "Chủ tịch",
                "name": f"Người đứng đầu {n}",
                "email": f"ct{n}@donvi.tayninh.example",
            },
        }
        for n in range(units)
    ]
    spec["units"] = owners + reporters
    document = PlanDoc.model_validate(spec)
    others = tuple(d for d in demo.documents if d.id != plan.id)
    return Catalogue((*others, LoadedDocument(document, "synthetic.yaml", uuid.uuid4().hex)))


def best(repeats: int, setup: Callable[[], Any], run: Callable[[Any], Any]) -> float:
    times = []
    for _ in range(repeats):
        state = setup()
        start = time.perf_counter()
        run(state)
        times.append(time.perf_counter() - start)
    return min(times)


def baseline(engine: Engine, rows: int) -> float:
    """Raw driver executemany of `rows` narrow rows, one transaction: the machine's floor."""
    values = [(n, f"row {n}", "2024-01-08") for n in range(rows)]
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS bench_floor"))
        connection.execute(text("CREATE TABLE bench_floor (id INTEGER, label TEXT, day TEXT)"))
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        placeholder = "?" if engine.dialect.name == "sqlite" else "%s"
        start = time.perf_counter()
        if engine.dialect.name == "sqlite":
            cursor.execute("BEGIN")  # dondoc's SQLite connections leave transactions to it
        cursor.executemany(
            f"INSERT INTO bench_floor VALUES ({placeholder}, {placeholder}, {placeholder})", values
        )
        raw.commit()
        elapsed = time.perf_counter() - start
        cursor.close()
    finally:
        raw.close()
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE bench_floor"))
    return elapsed


def fresh_ledger(url_for: Callable[[], str], catalogue: Catalogue) -> Any:
    engine = make_engine(url_for())
    upgrade(engine)
    sessions = session_factory(engine)
    start = date(2024, 1, 1)
    now = datetime(2024, 1, 1, tzinfo=UTC)
    with transaction(sessions) as session:
        store_catalogue(session, catalogue, Actor("bench", now, start), start)
    return engine, sessions


def measure(
    name: str, url_for: Callable[[], str], catalogue: Catalogue, repeats: int
) -> list[tuple[str, str, int, float, float]]:
    now = datetime(2024, 1, 8, 2, tzinfo=UTC)
    results = []

    def planned() -> Any:
        engine, sessions = fresh_ledger(url_for, catalogue)
        with transaction(sessions) as session:
            plan_tasks(
                session, read_catalogue(session), HORIZON, Actor("bench", now, date(2024, 1, 1))
            )
        return engine, sessions

    def plan_only(state: Any) -> None:
        _, sessions = state
        with transaction(sessions) as session:
            plan_tasks(
                session, read_catalogue(session), HORIZON, Actor("bench", now, date(2024, 1, 1))
            )

    plan_time = best(repeats, lambda: fresh_ledger(url_for, catalogue), plan_only)
    engine, sessions = planned()
    with transaction(sessions) as session:
        tasks = session.scalar(select(func.count()).select_from(Task)) or 0
    results.append((name, "plan", tasks, plan_time, baseline(engine, tasks)))
    engine.dispose()

    def opened() -> Any:
        return planned()

    def open_day(state: Any) -> None:
        steps.open_tasks(state[1], date(2024, 1, 8), now, HORIZON)

    open_time = best(repeats, opened, open_day)

    def ready_to_chase() -> Any:
        state = planned()
        steps.open_tasks(state[1], date(2024, 1, 8), now, HORIZON)
        return state

    chase_time = best(repeats, ready_to_chase, lambda s: steps.chase(s[1], date(2024, 1, 11), now))
    state = ready_to_chase()
    log = steps.chase(state[1], date(2024, 1, 11), now)
    reminders = log.counts.get("queued", 0)
    rerun_time = best(repeats, lambda: state, lambda s: steps.chase(s[1], date(2024, 1, 11), now))
    floor = baseline(state[0], reminders)
    results.append((name, "open (January)", reminders, open_time, floor))
    results.append((name, "chase (reminders)", reminders, chase_time, floor))
    results.append((name, "chase again (no-op)", reminders, rerun_time, floor))
    state[0].dispose()
    return results


@contextmanager
def postgres_schemas(base: str) -> Iterator[Callable[[], str]]:
    """URLs of fresh schemas in the database at `base`, dropped afterwards."""
    admin = make_engine(base)
    schemas: list[str] = []

    def url() -> str:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        schemas.append(schema)
        return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"

    try:
        yield url
    finally:
        with admin.begin() as connection:
            for schema in schemas:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    catalogue = synthetic_catalogue(args.units)
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        counter = iter(range(10_000))
        results += measure(
            "SQLite",
            lambda: f"sqlite:///{scratch}/bench-{next(counter)}.db",
            catalogue,
            args.repeats,
        )
    pg = os.environ.get("DONDOC_BENCH_POSTGRES_URL")
    if pg:
        with postgres_schemas(pg) as pg_url:
            results += measure("PostgreSQL", pg_url, catalogue, args.repeats)
    print(f"\n{args.units} reporting units; best of {args.repeats}\n")
    print("| database | step | rows | time | per row | × raw executemany of as many rows |")
    print("|---|---|---:|---:|---:|---:|")
    for database, step, rows, seconds, floor in results:
        per_row = seconds / rows * 1e6 if rows else 0.0
        print(
            f"| {database} | {step} | {rows:,} | {seconds * 1000:,.0f} ms | {per_row:,.0f} µs "
            f"| {seconds / floor:,.1f} |"
        )


if __name__ == "__main__":
    main()
