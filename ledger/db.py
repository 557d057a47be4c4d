"""Engines, sessions and migrations of the ledger (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from ledger.dbapi import HEAD_REVISION, SchemaError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")

Sessions = sessionmaker[Session]


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever the URL says (`postgresql://` means psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control from the sqlite3 module so that BEGIN IMMEDIATE below holds.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    # A writer takes the lock at BEGIN: two processes then queue instead of failing on upgrade.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # The engine is handed over as an object: a URL in Alembic's config would be parsed by
    # configparser, which breaks on '%' (a password, a search_path option).
    config.attributes["engine"] = engine
    return config


def head_revision(engine: Engine) -> str | None:
    """The migrations' head, as Alembic reads it from the scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The ledger's schema version (None for a database dondoc has not migrated).

    A database that does not answer raises: a lost connection is not an empty ledger.
    """
    return _schema_state(engine)[0]


def _schema_state(engine: Engine) -> tuple[str | None, set[str]]:
    """(schema version, tables), read in one transaction: a migration that commits meanwhile
    is seen whole or not at all."""
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        if "alembic_version" not in tables:
            return None, tables
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return (versions[0][0] if len(versions) == 1 else None), tables


# The key of the migration lock (with the schema's, on PostgreSQL): see `schema_lock`.
_SCHEMA_LOCK = 7_011_997
_SCHEMA_KEYS = "CAST(:key AS integer), hashtext(coalesce(current_schema(), ''))"


@contextmanager
def schema_lock(engine: Engine) -> Iterator[None]:
    """One process at a time reads and migrates a ledger's schema, until the block ends.

    Four processes starting on an empty database would otherwise all find it empty and all
    create it. PostgreSQL: a session-level advisory lock, keyed by the schema (ledgers in
    other schemas do not wait for this one), on a connection of its own while Alembic works
    on another; if the process dies the server releases it. SQLite: an exclusive lock on a
    file beside the database (Alembic's own transaction needs the database's write lock).
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.detach()  # closed at the end, not kept idle in the pool: migrating is rare
            connection.execute(
                text(f"SELECT pg_advisory_lock({_SCHEMA_KEYS})"), {"key": _SCHEMA_LOCK}
            )
            connection.commit()
            try:
                yield
            finally:
                with suppress(DBAPIError):  # if the connection is gone, its lock went with it
                    connection.execute(
                        text(f"SELECT pg_advisory_unlock({_SCHEMA_KEYS})"), {"key": _SCHEMA_LOCK}
                    )
        return
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        yield  # a database in memory is this process's alone (a URI: the caller's care)
        return
    try:
        import fcntl
    except ImportError:  # not on a POSIX system: one process at a time is the operator's care
        yield
        return
    try:
        lock = open(f"{database}-schema.lock", "a")  # noqa: SIM115  closed below
    except OSError:  # a read-only directory: nothing can migrate there, reading needs no lock
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, or the process ends
        yield


def upgrade(engine: Engine) -> tuple[str | None, str | None]:
    """Create or migrate the schema to the newest revision; return (before, after)."""
    with schema_lock(engine):
        return _upgrade(engine)


def _upgrade(engine: Engine) -> tuple[str | None, str | None]:
    from alembic import command

    before = current_revision(engine)
    command.upgrade(alembic_config(engine), "head")
    return before, current_revision(engine)


def ensure_schema(engine: Engine, *, migrate_empty: bool = True) -> None:
    """Migrate an empty database; refuse one that is behind or ahead, saying what to run."""
    current = current_revision(engine)
    if current == HEAD_REVISION:
        return  # every command and run starts here: no lock
    # Read again under the migration lock: another process may have created the ledger since,
    # or be migrating it now — SQLite shows each revision as Alembic commits it (a process
    # starting beside a migration read 0001 and told its user to run `dondoc db upgrade`).
    with schema_lock(engine):
        current, tables = _schema_state(engine)
        if current is None and migrate_empty and not tables - {"alembic_version"}:
            _upgrade(engine)
            return
    if current == HEAD_REVISION:
        return
    if current is None and migrate_empty:
        raise SchemaError(
            f"the database at {engine.url!r} has tables but no dondoc schema version; "
            "point DONDOC_DATABASE_URL at an empty database or a dondoc one"
        )
    raise SchemaError(
        f"the ledger schema is at revision {current}, this dondoc needs {HEAD_REVISION}: "
        "run `dondoc db upgrade`"
    )


def is_transient(error: BaseException) -> bool:
    """Whether running the work again may succeed: the database was busy (SQLite locked) or
    out of reach (a server restarting, a connection refused or killed), or PostgreSQL gave up
    the transaction (a serialization failure, a deadlock, a lock or statement timeout).

    All of these are the driver's OperationalError, raised through SQLAlchemy or, where the
    ledger talks to the driver itself (COPY, the read models), as it is. Anything else — a
    constraint, a bug — would fail the same way again.
    """
    from sqlalchemy.exc import DBAPIError, OperationalError

    driver: BaseException | None = error
    if isinstance(error, DBAPIError):
        if isinstance(error, OperationalError) or error.connection_invalidated:
            return True
        driver = error.orig
    if isinstance(driver, sqlite3.OperationalError):
        return True
    psycopg = sys.modules.get("psycopg")  # only looked up: a SQLite ledger never loads it
    return psycopg is not None and isinstance(driver, psycopg.OperationalError)


def session_factory(engine: Engine) -> Sessions:
    return sessionmaker(engine, expire_on_commit=False)


# pg_advisory_xact_lock key: one writer of the catalogue and its plan at a time.
_PLANNER_LOCK = 7_011_996


def planner_lock(session: Session) -> None:
    """One planner or catalogue writer at a time, until the transaction ends.

    Take it before reading what the write depends on: the next writer then reads what this one
    wrote. One lock for both: a catalogue load plans in the same transaction, and a request
    (ledger/requests.py) stores a catalogue document while it holds it. PostgreSQL only:
    SQLite's transactions take the database's write lock at BEGIN (see `make_engine`).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PLANNER_LOCK})


@contextmanager
def transaction(factory: Sessions) -> Iterator[Session]:
    """One unit of work: commit when the block ends normally, roll back on any exception."""
    with factory() as session, session.begin():
        yield session
