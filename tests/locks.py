"""Holding a PostgreSQL ledger's table and seeing who waits for it: how the race and fault
tests stop processes at a chosen point, and kill a connection there.

Every query names a table of the ledger's own schema (its search_path), so a test never
touches the connections of another test, or of anything else on the server.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text

TIMEOUT = 60.0  # seconds to wait for the processes a test expects at a lock


@contextmanager
def locked_table(engine: Engine, table: str) -> Iterator[Connection]:
    """Hold an exclusive lock on one of the ledger's tables until the block ends."""
    with engine.connect() as connection:
        connection.execute(text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
        yield connection
        connection.rollback()


def waiters(
    engine: Engine, table: str, count: int, *, running: Callable[[], int] | None = None
) -> list[int]:
    """The server processes of the first `count` connections found waiting for `table`.

    With `running` (how many of the expected processes are still alive): as soon as every one
    still running waits, those — a process that ended first will never wait.
    """
    deadline = time.monotonic() + TIMEOUT
    with engine.connect() as probe:
        while time.monotonic() < deadline:
            pids = probe.execute(
                text(
                    "SELECT DISTINCT pid FROM pg_locks "
                    "WHERE relation = CAST(:table AS regclass) AND NOT granted"
                ),
                {"table": table},
            ).scalars()
            found = sorted(pids)
            probe.rollback()
            if len(found) >= count:
                return found
            time.sleep(0.02)
    raise AssertionError(f"{count} connections never all waited for {table}")


def blocked(engine: Engine, pid: int) -> None:
    """Return once the server process `pid` waits for a lock (fail after TIMEOUT)."""
    deadline = time.monotonic() + TIMEOUT
    with engine.connect() as probe:
        while time.monotonic() < deadline:
            waiting = probe.execute(
                text("SELECT count(*) FROM pg_locks WHERE pid = :pid AND NOT granted"),
                {"pid": pid},
            ).scalar_one()
            probe.rollback()
            if waiting:
                return
            time.sleep(0.02)
    raise AssertionError(f"server process {pid} never waited for a lock")


def kill(engine: Engine, pids: list[int]) -> None:
    """Terminate those server processes, as an administrator or a server restart would."""
    with engine.connect() as connection:
        for pid in pids:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        connection.commit()
