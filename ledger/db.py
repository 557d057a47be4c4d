"""Engines, sessions and migrations of the ledger (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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
    """The ledger's schema version (None for a database dondoc has not migrated)."""
    if "alembic_version" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as connection:
        try:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        except DBAPIError:
            return None
    return versions[0][0] if len(versions) == 1 else None


def upgrade(engine: Engine) -> tuple[str | None, str | None]:
    """Create or migrate the schema to the newest revision; return (before, after)."""
    from alembic import command

    before = current_revision(engine)
    command.upgrade(alembic_config(engine), "head")
    return before, current_revision(engine)


def ensure_schema(engine: Engine, *, migrate_empty: bool = True) -> None:
    """Migrate an empty database; refuse one that is behind or ahead, saying what to run."""
    current = current_revision(engine)
    head = HEAD_REVISION
    if current == head:
        return
    if current is None and migrate_empty:
        tables = set(inspect(engine).get_table_names())
        if not tables - {"alembic_version"}:
            upgrade(engine)
            return
        raise SchemaError(
            f"the database at {engine.url!r} has tables but no dondoc schema version; "
            "point DONDOC_DATABASE_URL at an empty database or a dondoc one"
        )
    raise SchemaError(
        f"the ledger schema is at revision {current}, this dondoc needs {head}: "
        "run `dondoc db upgrade`"
    )


def session_factory(engine: Engine) -> Sessions:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: Sessions) -> Iterator[Session]:
    """One unit of work: commit when the block ends normally, roll back on any exception."""
    with factory() as session, session.begin():
        yield session
