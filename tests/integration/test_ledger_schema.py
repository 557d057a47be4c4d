"""The ledger's schema, as the migrations build it on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, insert, inspect, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from ledger.db import (
    current_revision,
    ensure_schema,
    head_revision,
    make_engine,
)
from ledger.dbapi import SchemaError
from ledger.models import AuditEntry, Task


def test_the_migrations_build_every_table(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert {
        "catalogue_documents",
        "units",
        "obligations",
        "tasks",
        "task_notices",
        "outbox",
        "audit_log",
        "alembic_version",
    } <= tables
    assert current_revision(engine) == head_revision(engine)


def test_the_audit_log_refuses_updates_and_deletes(engine: Engine) -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(
            insert(AuditEntry).values(
                at=now, actor="test", entity="task", entity_id="1", action="open"
            )
        )
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(update(AuditEntry).values(action="forged"))
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT action FROM audit_log")).scalars().all() == ["open"]


def test_a_task_status_outside_the_vocabulary_is_refused(engine: Engine) -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO catalogue_documents (id, kind, title, file, content_hash, version, "
                "spec, loaded_at) VALUES ('p', 'plan', 't', 'f', 'h', 1, '{}', :now)"
            ),
            {"now": now},
        )
        connection.execute(
            text(
                "INSERT INTO obligations (id, document_id, version, spec_hash, name, family, "
                "period_kind, spec, active, updated_at) "
                "VALUES ('o', 'p', 1, 'h', 'n', 'periodic-report', 'monthly', '{}', true, :now)"
            ),
            {"now": now},
        )
        connection.execute(
            text(
                "INSERT INTO units (code, name, kind, tags, document_id, updated_at) "
                "VALUES ('u', 'n', 'other', '[]', 'p', :now)"
            ),
            {"now": now},
        )
        connection.execute(
            text(
                "INSERT INTO occurrences (id, obligation_id, key, label, family, anchor, "
                "planned_anchor, status, created_at, updated_at) VALUES (1, 'o', '2024-01', "
                "'Tháng 1/2024', 'periodic-report', :due, :due, 'scheduled', :now, :now)"
            ),
            {"now": now, "due": date(2024, 1, 18)},
        )
    row = {
        "occurrence_id": 1,
        "obligation_id": "o",
        "family": "periodic-report",
        "step_id": "report",
        "step_kind": "report",
        "unit_code": "u",
        "occurrence_key": "2024-01",
        "occurrence_label": "Tháng 1/2024",
        "window_start": date(2023, 12, 15),
        "window_end": date(2024, 1, 14),
        "opens_on": date(2024, 1, 8),
        "due_on": date(2024, 1, 18),
        "status": "planned",
        "obligation_version": 1,
        "escalation_level": 0,
        "created_at": now,
        "updated_at": now,
    }
    with engine.begin() as connection:
        connection.execute(insert(Task).values(**row))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(insert(Task).values(**row))  # the same (occurrence, step, unit)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(insert(Task).values(**{**row, "step_id": "other", "status": "done"}))


def test_an_empty_database_is_migrated_on_first_use_and_a_foreign_one_is_refused(
    ledger_url: str,
) -> None:
    engine = make_engine(ledger_url)
    ensure_schema(engine)
    assert current_revision(engine) == head_revision(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00'"))
    with pytest.raises(SchemaError, match="dondoc db upgrade"):
        ensure_schema(engine)
    engine.dispose()
