"""Races an adversarial run found (issue 11), each a test that failed before its fix.

Several real processes run the real CLI at once against one ledger: each is a fork of this
process (so a process starts in milliseconds, not the seconds an interpreter takes to import
dondoc) running `dondoc …` through Typer, with its own connections. On PostgreSQL the test
holds a table lock so that every process reaches the contended step before any goes on.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import queue
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

import tasks.steps  # noqa: F401  imported before the fork: the processes start at once
from dondoc.cli import app
from ledger.db import (
    alembic_config,
    current_revision,
    ensure_schema,
    is_transient,
    make_engine,
    schema_lock,
    session_factory,
    transaction,
    upgrade,
)
from ledger.dbapi import HEAD_REVISION
from ledger.models import CatalogueDocument, Task
from tests.conftest import (
    PLANS,
    POSTGRES_SKIP_REASON,
    POSTGRES_URL,
    empty_ledger_url,
)
from tests.locks import TIMEOUT, kill, locked_table, waiters

CALENDARS = sorted(str(p) for p in (PLANS / "calendar").glob("*.yaml"))
PLAN = str(PLANS / "tay-ninh-2024.yaml")
PROCESSES = 4


def _child(
    args: Sequence[str],
    env: dict[str, str],
    start: Any,
    results: Any,
    stacks: str,
) -> None:
    os.environ.update(env)
    # A process that hangs writes where it is before the parent gives up on it (see `stuck`).
    trace = open(stacks, "w")  # noqa: SIM115  open until the process ends
    faulthandler.dump_traceback_later(TIMEOUT * 0.8, file=trace)
    start.wait(TIMEOUT)
    result = CliRunner().invoke(app, list(args))
    crash = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = "".join(traceback.format_exception(result.exception))
    results.put((list(args), result.exit_code, result.output, crash))


def dondoc_at_once(
    commands: Sequence[Sequence[str]],
    env: dict[str, str],
    gate: Callable[[Callable[[], int]], None] = lambda running: None,
) -> list[tuple[list[str], int, str, str]]:
    """Run each `dondoc` command in a process of its own, all released at once; `gate` runs
    once they are started (it may hold them at a lock), given a count of those still running.
    (args, exit code, output, traceback) of each."""
    context = multiprocessing.get_context("fork")
    start = context.Event()
    results = context.Queue()
    with tempfile.TemporaryDirectory(prefix="races-") as stacks:
        traces = [os.path.join(stacks, f"{n}.txt") for n in range(len(commands))]
        children = [
            context.Process(target=_child, args=(args, env, start, results, trace))
            for args, trace in zip(commands, traces, strict=True)
        ]
        for child in children:
            child.start()
        start.set()
        try:
            gate(lambda: sum(child.is_alive() for child in children))
            found = [results.get(timeout=TIMEOUT) for _ in children]
        except (AssertionError, queue.Empty) as error:
            raise AssertionError(f"{error or 'a process never answered'}{stuck(traces)}") from None
        finally:
            for child in children:
                child.join(5)
                if child.is_alive():
                    child.kill()
    return found


def stuck(traces: Sequence[str]) -> str:
    """Where each process that hung was, as its faulthandler wrote it."""
    found = []
    for n, path in enumerate(traces):
        with open(path) as trace:
            written = trace.read().strip()
        if written:
            found.append(f"\nprocess {n} hung at:\n{written}")
    return "".join(found)


def settings_env(url: str, home: Path) -> dict[str, str]:
    return {"DONDOC_DATABASE_URL": url, "DONDOC_HOME": str(home), "DONDOC_PLANS_DIR": str(PLANS)}


@pytest.fixture(scope="module", autouse=True)
def warm(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Run `plan check` here once, before any fork: the commands' own imports and first-use
    costs (~3 s) are paid once, not by each process while the others wait."""
    home = tmp_path_factory.mktemp("warm")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in settings_env(f"sqlite:///{home / 'none.db'}", home).items():
            patch.setenv(name, value)
        result = CliRunner().invoke(app, ["plan", "check", *CALENDARS, PLAN])
    assert result.exit_code == 0, result.output


@pytest.fixture
def fresh(ledger_url: str) -> Iterator[tuple[str, Engine]]:
    """An empty database (a fresh PostgreSQL schema, or no SQLite file yet) and an engine on it."""
    engine = make_engine(ledger_url)
    yield ledger_url, engine
    engine.dispose()


def crashes(found: list[tuple[list[str], int, str, str]]) -> list[str]:
    return [
        f"dondoc {' '.join(args)} → exit {code}\n{output}{crash}"
        for args, code, output, crash in found
        if code != 0 or crash
    ]


# ------------------------------------------------------- four `plan load` at once


def test_four_plan_loads_at_once_all_succeed_and_the_later_ones_find_the_catalogue_unchanged(
    fresh: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = fresh
    upgrade(engine)
    postgres = engine.dialect.name == "postgresql"

    def gate(running: Callable[[], int]) -> None:
        # Every process reads the ledger before it validates: held at that read, they all
        # see an empty catalogue, and all go on to store it at the same moment. One that
        # ended first (it could not connect, say) is waited for no longer: what it printed
        # is in the results, and the assertions below show it.
        if postgres:
            with locked_table(engine, "catalogue_documents"):
                waiters(engine, "catalogue_documents", PROCESSES, running=running)

    load = ["plan", "load", *CALENDARS, PLAN]
    found = dondoc_at_once([load] * PROCESSES, settings_env(url, tmp_path / "var"), gate)

    assert crashes(found) == []
    outputs = [output for _, _, output, _ in found]
    assert sum("tay-ninh-2024: new" in output for output in outputs) == 1, outputs
    assert sum("tay-ninh-2024: unchanged" in output for output in outputs) == PROCESSES - 1
    with transaction(session_factory(engine)) as session:
        versions = session.execute(select(CatalogueDocument.id, CatalogueDocument.version)).all()
        tasks = session.scalar(select(func.count()).select_from(Task))
    assert sorted(versions) == [
        ("tay-ninh-2024", 1),
        ("vn-civil-service", 1),
        ("vn-religious-ethnic", 1),
    ]
    planned = sorted(planned_count(output) for output in outputs)
    assert planned == [0] * (PROCESSES - 1) + [tasks], outputs


def planned_count(output: str) -> int:
    """N of the `tasks: N planned, …` line of `plan load`."""
    line = next(line for line in output.splitlines() if line.startswith("tasks: "))
    return int(line.split()[1])


# ------------------------------------------- four processes on an empty database at once


def test_four_processes_on_an_empty_database_migrate_it_once_and_all_succeed(
    fresh: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = fresh
    # Two create the ledger outright, two through the migration every command does first.
    commands = [["db", "upgrade"]] * 2 + [["plan", "load", *CALENDARS]] * 2
    found = dondoc_at_once(commands, settings_env(url, tmp_path / "var"))

    assert crashes(found) == []
    upgrades = [output for args, _, output, _ in found if args[0] == "db"]
    assert sum("migrated from empty to revision" in output for output in upgrades) <= 1, upgrades
    assert current_revision(engine) == HEAD_REVISION
    with transaction(session_factory(engine)) as session:
        documents = session.scalars(select(CatalogueDocument.id)).all()
    assert sorted(documents) == ["vn-civil-service", "vn-religious-ethnic"]


def test_a_process_starting_while_another_migrates_waits_for_it_instead_of_refusing_the_ledger(
    fresh: tuple[str, Engine],
) -> None:
    # The migrating process holds the migration lock from its first revision to its last; on
    # SQLite each revision is visible as it commits. A process starting between two of them
    # read revision 0001 and told its user to run `dondoc db upgrade` (seen in CI, above).
    url, engine = fresh
    from alembic import command

    command.upgrade(alembic_config(engine), "0001")
    outcome: list[str] = []

    def starting() -> None:
        other = make_engine(url)
        try:
            ensure_schema(other)
            outcome.append("ready")
        except Exception as error:
            outcome.append(str(error))
        finally:
            other.dispose()

    with schema_lock(engine):  # the migrating process, between its revisions 0001 and 0002
        thread = threading.Thread(target=starting)
        thread.start()
        thread.join(2)  # it waits at the lock (before the fix it had refused the ledger by now)
        assert outcome == []
        command.upgrade(alembic_config(engine), "head")  # the migration goes on to its end
    thread.join(TIMEOUT)
    assert outcome == ["ready"]
    assert current_revision(engine) == HEAD_REVISION


# ------------------------------------- a connection killed in a run's first transaction


@pytest.mark.postgres
@pytest.mark.skipif(POSTGRES_URL is None, reason=POSTGRES_SKIP_REASON)
def test_a_connection_killed_while_the_schema_version_is_read_is_an_error_a_retry_fixes(
    tmp_path: Path,
) -> None:
    # The first thing every command and run does is read the ledger's version: a connection
    # lost there was taken for a database without dondoc's schema, which no retry fixes.
    with empty_ledger_url("postgresql", tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine)
        run = make_engine(url)
        failure: list[BaseException] = []

        def first_transaction() -> None:
            try:
                ensure_schema(run)
            except Exception as error:
                failure.append(error)

        with locked_table(engine, "alembic_version"):
            reader = threading.Thread(target=first_transaction)
            reader.start()
            kill(engine, waiters(engine, "alembic_version", 1))
            reader.join(TIMEOUT)
        ensure_schema(run)  # once the server answers again, so does the ledger
        run.dispose()
        engine.dispose()
    assert len(failure) == 1, failure
    assert isinstance(failure[0], OperationalError), repr(failure[0])
    assert "terminating connection due to administrator command" in str(failure[0])
    assert is_transient(failure[0])


@pytest.mark.postgres
@pytest.mark.skipif(POSTGRES_URL is None, reason=POSTGRES_SKIP_REASON)
def test_a_transaction_postgresql_could_not_serialise_is_an_error_a_retry_fixes(
    tmp_path: Path,
) -> None:
    with empty_ledger_url("postgresql", tmp_path) as url:
        engine = make_engine(url, isolation_level="SERIALIZABLE")
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE shifts (clerk integer)"))
        # Each books a clerk for a shift it read as empty: write skew, which PostgreSQL
        # refuses to the second to commit.
        first, second = engine.connect(), engine.connect()
        for connection, clerk in ((first, 1), (second, 2)):
            connection.execute(text("SELECT count(*) FROM shifts")).scalar_one()
            connection.execute(text("INSERT INTO shifts VALUES (:clerk)"), {"clerk": clerk})
        first.commit()
        with pytest.raises(OperationalError, match="could not serialize access") as refused:
            second.commit()
        first.close()
        second.close()
        engine.dispose()
    assert is_transient(refused.value)
