"""Read-only access to the ledger through the database's own driver, without SQLAlchemy.

The read models (`ledger/readmodels.py`) are plain SQL so that `dondoc status` and `dondoc
tasks` start in well under a second: importing SQLAlchemy alone costs ~0.8 s on the machines
measured (see the start-up benchmark). Flows reach the same queries through their session's
driver connection (`Reader.of_session`). Writes always go through SQLAlchemy and Alembic.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


# The newest migration. Kept here so that checking a ledger's version imports neither Alembic
# nor SQLAlchemy; a test holds it equal to the migrations' head.
HEAD_REVISION = "0006"


class LedgerMissing(LookupError):
    """There is no ledger at the place the settings name."""


class SchemaError(RuntimeError):
    """The database schema is not the one this version of dondoc expects."""


@dataclass
class Reader:
    """A driver connection and how it spells parameters: one query helper for both backends."""

    connection: Any
    sqlite: bool

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run `sql` written with `?` placeholders; return its rows as tuples."""
        if self.sqlite:  # sqlite3's date adapters are deprecated: dates travel as ISO text
            params = [p.isoformat() if isinstance(p, date) else p for p in params]
        else:
            sql = sql.replace("?", "%s")
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql, tuple(params))
            return [tuple(row) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def close(self) -> None:
        self.connection.close()

    @classmethod
    def of_session(cls, session: Session) -> Reader:
        """The driver connection under a SQLAlchemy session (inside its transaction)."""
        raw = session.connection().connection.driver_connection
        return cls(raw, session.get_bind().dialect.name == "sqlite")


def connect(url: str) -> Reader:
    """A read connection to the ledger at a SQLAlchemy-style URL (sqlite:/// or postgresql://)."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+")[0]
    if scheme == "sqlite":
        path = unquote(url.split(":///", 1)[1].split("?", 1)[0]) if ":///" in url else ""
        if not path or path == ":memory:" or not Path(path).is_file():
            raise LedgerMissing(f"there is no ledger at {path or url} yet")
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        return Reader(connection, sqlite=True)
    if scheme in ("postgresql", "postgres"):
        import psycopg

        query = parse_qs(parts.query)
        options = query.get("options", [None])[0]
        server = psycopg.connect(
            host=parts.hostname or None,
            port=parts.port or None,
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            dbname=unquote(parts.path.lstrip("/")) or None,
            options=options,
            autocommit=True,
        )
        return Reader(server, sqlite=False)
    raise ValueError(f"dondoc reads SQLite and PostgreSQL ledgers, not {scheme!r}")


def schema_revision(reader: Reader) -> str | None:
    """The ledger's Alembic revision, or None when the database holds no dondoc ledger."""
    if reader.sqlite:
        found = reader.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        )
    else:
        found = reader.rows(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_name = 'alembic_version' AND table_schema = current_schema()"
        )
    if not found:
        return None
    versions = reader.rows("SELECT version_num FROM alembic_version")
    return str(versions[0][0]) if len(versions) == 1 else None


def open_ledger(url: str) -> Reader:
    """A read connection to an up-to-date ledger, or a clear `LedgerMissing` / `SchemaError`."""
    reader = connect(url)
    revision = schema_revision(reader)
    if revision == HEAD_REVISION:
        return reader
    reader.close()
    if revision is None:
        raise LedgerMissing(f"the database at {url} holds no dondoc ledger yet")
    raise SchemaError(
        f"the ledger schema is at revision {revision}, this dondoc needs {HEAD_REVISION}: "
        "run `dondoc db upgrade`"
    )


def as_date(value: Any) -> date:
    """A DATE column as a date (SQLite keeps it as ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def as_optional_date(value: Any) -> date | None:
    return None if value is None else as_date(value)


def as_instant(value: Any) -> datetime | None:
    """An instant column (stored in UTC) as an aware datetime."""
    if value is None:
        return None
    instant = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)
