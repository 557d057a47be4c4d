"""Small SQL helpers that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

CHUNK = 400  # rows per statement: stays under SQLite's bound-parameter limit


def insert_ignoring_duplicates(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    unique_columns: Sequence[str],
    returning: Sequence[str],
) -> list[Row[Any]]:
    """INSERT … ON CONFLICT DO NOTHING RETURNING: the rows this call inserted, none twice.

    This is how concurrent runs stay idempotent: of two workers inserting the same notice, one
    gets the row back and sends the message; the other gets nothing.
    """
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    columns = [table.c[name] for name in returning]
    inserted: list[Row[Any]] = []
    for start in range(0, len(rows), CHUNK):
        statement = (
            insert(table)
            .values(list(rows[start : start + CHUNK]))
            .on_conflict_do_nothing(index_elements=list(unique_columns))
            .returning(*columns)
        )
        inserted.extend(session.execute(statement).all())
    return inserted
