"""The second migration carries a ledger made by the first over, without loss.

The fixture `tests/fixtures/ledger-0001-demo.json.gz` is every row of a ledger that dondoc's
previous version (migration 0001 only) made from the demo plans: `plan load --track-from
2024-01-01`, then the January run of 8/1/2024, a submission on 12/1, the chase of 22/1, the
escalation of 23/1 and a waiver on 24/1 — 658 tasks, 134 notices, 58 queued messages, 902 audit
rows. Here it is written into a database built by migration 0001, migrated to the head, and
read back.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import JSON, Date, DateTime, Engine, MetaData, Table, insert, select, text
from sqlalchemy.exc import IntegrityError

from ledger.audit import Actor
from ledger.db import alembic_config, current_revision, make_engine, session_factory, transaction
from ledger.dbapi import HEAD_REVISION
from ledger.models import FieldDay, Occurrence, OutboxMessage, Task, TaskNotice
from ledger.outbox import release_expired
from ledger.planning import plan_tasks
from ledger.store import read_catalogue
from tasks import steps
from tests.conftest import ROOT, at

FIXTURE = ROOT / "tests" / "fixtures" / "ledger-0001-demo.json.gz"
# Parents and supervisors before the units naming them; the rest in foreign-key order.
ORDER = (
    "catalogue_documents",
    "units",
    "obligations",
    "tasks",
    "task_notices",
    "outbox",
    "audit_log",
)


def rows_of_0001() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads(gzip.decompress(FIXTURE.read_bytes()))
    return data


def typed(table: Table, columns: list[str], row: list[Any]) -> dict[str, Any]:
    """A row as the 0001 schema types it (the fixture holds SQLite's text forms)."""
    values: dict[str, Any] = {}
    for name, value in zip(columns, row, strict=True):
        kind = table.c[name].type
        if value is not None and isinstance(kind, DateTime):
            value = datetime.fromisoformat(value).replace(tzinfo=UTC)
        elif value is not None and isinstance(kind, Date):
            value = date.fromisoformat(value)
        elif value is not None and isinstance(kind, JSON):
            value = json.loads(value)
        values[name] = value
    return values


def ledger_of_0001(url: str) -> Engine:
    """A database built by migration 0001 holding the previous version's demo ledger."""
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0001")
    assert current_revision(engine) == "0001"
    data = rows_of_0001()
    metadata = MetaData()
    metadata.reflect(bind=engine)  # the tables as migration 0001 made them
    tables = metadata.tables
    with engine.begin() as connection:
        for name in ORDER:
            table = tables[name]
            columns = data[name]["columns"]
            values = [typed(table, columns, row) for row in data[name]["rows"]]
            if name == "units":  # references last: a unit may name one inserted after it
                refs = [{k: v.pop(k) for k in ("parent_code", "supervisor_code")} for v in values]
                connection.execute(insert(table), values)
                for unit, ref in zip(values, refs, strict=True):
                    if any(ref.values()):
                        connection.execute(
                            table.update().where(table.c.code == unit["code"]).values(**ref)
                        )
            elif values:
                connection.execute(insert(table), values)
        if engine.dialect.name == "postgresql":  # rows came with their ids: move the counters on
            for name in ORDER:
                if "id" in tables[name].c and name not in ("catalogue_documents", "obligations"):
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"(SELECT max(id) FROM {name}))"
                        )
                    )
    return engine


@pytest.fixture
def migrated(ledger_url: str) -> Engine:
    engine = ledger_of_0001(ledger_url)
    command.upgrade(alembic_config(engine), "head")
    return engine


def test_the_second_migration_keeps_every_task_notice_message_and_audit_row(
    migrated: Engine,
) -> None:
    old = rows_of_0001()
    assert current_revision(migrated) == HEAD_REVISION == "0006"
    columns = old["tasks"]["columns"]
    before = {row[0]: dict(zip(columns, row, strict=True)) for row in old["tasks"]["rows"]}
    sessions = session_factory(migrated)
    with transaction(sessions) as session:
        tasks = {t.id: t for t in session.scalars(select(Task))}
        assert len(tasks) == 658
        for task_id, was in before.items():
            task = tasks[task_id]
            assert (task.obligation_id, task.unit_code) == (was["obligation_id"], was["unit_code"])
            assert (task.occurrence_key, task.occurrence_label) == (
                was["period_key"],
                was["period_label"],
            )
            assert (task.status, task.document_ref, task.escalation_level) == (
                was["status"],
                was["document_ref"],
                was["escalation_level"],
            )
            assert (task.opens_on.isoformat(), task.due_on.isoformat()) == (
                was["opens_on"],
                was["due_on"],
            )
            assert (task.step_id, task.step_kind, task.family) == (
                "report",
                "report",
                "periodic-report",
            )
        assert Counter(t.status for t in tasks.values()) == {
            "planned": 638,
            "overdue": 18,
            "submitted_on_time": 1,
            "waived": 1,
        }
        occurrences = session.scalars(select(Occurrence)).all()
        # One per (obligation, period) the tasks shared: 45, each the tasks' own period.
        assert len(occurrences) == 45
        by_id = {occ.id: occ for occ in occurrences}
        for task in tasks.values():
            occ = by_id[task.occurrence_id]
            assert (occ.obligation_id, occ.key, occ.label) == (
                task.obligation_id,
                task.occurrence_key,
                task.occurrence_label,
            )
            assert occ.anchor == occ.planned_anchor == task.due_on
        january = next(
            o for o in occurrences if (o.obligation_id, o.key) == ("tn-bc-dan-van-thang", "2024-01")
        )
        assert (january.window_start, january.window_end) == (date(2023, 12, 15), date(2024, 1, 14))
        assert session.scalar(select(text("count(*)")).select_from(TaskNotice)) == 134
        assert session.scalar(select(text("count(*)")).select_from(OutboxMessage)) == 58
        audit = session.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
        assert audit == 902


def test_a_migrated_ledger_plans_nothing_twice_and_goes_on_chasing(migrated: Engine) -> None:
    sessions = session_factory(migrated)
    day = date(2024, 1, 26)
    with transaction(sessions) as session:
        report = plan_tasks(
            session, read_catalogue(session), date(2027, 12, 31), Actor("test", at(day), day)
        )
    assert (report.planned, report.occurrences, report.rescheduled, report.cancelled) == (
        0,
        0,
        [],
        [],
    )
    # 26/1/2024 is 6 working days past the 18/1 deadline. The ledger was last chased on 22/1
    # (overdue-1): the 18 overdue reports get overdue-3, and overdue-2 (24/1) is superseded.
    log = steps.chase(sessions, day, at(day))
    assert log.counts["queued"] == 18
    with transaction(sessions) as session:
        stages = Counter(
            session.execute(
                select(TaskNotice.stage, TaskNotice.outcome).where(TaskNotice.as_of == day)
            ).all()
        )
    assert stages == {("overdue-2", "superseded"): 18, ("overdue-3", "queued"): 18}
    log = steps.record_submission(
        sessions, at(day), day, "tn-bc-dan-van-thang", "tn-hnd", "2024-01", "7-BC/HND", at(day, 9)
    )
    assert log.counts == {"submitted": 1}
    with transaction(sessions) as session:
        hnd = session.scalars(
            select(Task).where(Task.unit_code == "tn-hnd", Task.occurrence_key == "2024-01")
        ).one()
    assert (hnd.status, hnd.document_ref) == ("submitted_late", "7-BC/HND")


def test_the_third_migration_adds_field_days_to_a_ledger_at_0002_and_keeps_its_tasks(
    ledger_url: str,
) -> None:
    engine = ledger_of_0001(ledger_url)
    command.upgrade(alembic_config(engine), "0002")
    with engine.connect() as connection:
        tasks_before = connection.execute(text("SELECT count(*) FROM tasks")).scalar_one()
    command.upgrade(alembic_config(engine), "0003")
    assert current_revision(engine) == "0003"
    sessions = session_factory(engine)
    with transaction(sessions) as session:
        assert session.execute(text("SELECT count(*) FROM tasks")).scalar_one() == tasks_before
        assert session.execute(text("SELECT count(*) FROM field_days")).scalar_one() == 0
        row = {
            "specialist_code": "tn-bdv",
            "commune_code": "tptn-phuong-1",
            "day": date(2024, 1, 10),
            "recorded_by": "test",
            "recorded_at": at(date(2024, 1, 10)),
        }
        session.execute(insert(FieldDay), [row])
    # The same (specialist, commune, day) twice is refused by the table itself.
    with pytest.raises(IntegrityError), transaction(sessions) as session:
        session.execute(insert(FieldDay), [row])
    command.downgrade(alembic_config(engine), "0002")
    assert current_revision(engine) == "0002"
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM tasks")).scalar_one() == tasks_before
    engine.dispose()


def test_the_fourth_migration_keeps_every_queued_message_as_a_notice_and_adds_the_channels(
    ledger_url: str,
) -> None:
    engine = ledger_of_0001(ledger_url)
    command.upgrade(alembic_config(engine), "0003")
    with engine.connect() as connection:
        before = connection.execute(
            text("SELECT id, dedupe_key, status FROM outbox ORDER BY id")
        ).all()
    assert len(before) == 58  # the fixture's queued messages, as its docstring counts them
    command.upgrade(alembic_config(engine), "0004")
    assert current_revision(engine) == "0004"
    with engine.connect() as connection:
        after = connection.execute(
            text("SELECT id, dedupe_key, status, kind, urgent FROM outbox ORDER BY id")
        ).all()
    assert [tuple(r[:3]) for r in after] == [tuple(r) for r in before]
    assert {(r.kind, bool(r.urgent)) for r in after} == {("notice", False)}
    sessions = session_factory(engine)
    # The new statuses and kinds are accepted; a status nobody defined still is not.
    with transaction(sessions) as session:
        session.execute(
            text("UPDATE outbox SET status = 'held' WHERE id = :id"), {"id": before[0].id}
        )
        session.execute(
            text("UPDATE outbox SET kind = 'digest' WHERE id = :id"), {"id": before[1].id}
        )
    with pytest.raises(IntegrityError), transaction(sessions) as session:
        session.execute(
            text("UPDATE outbox SET status = 'lost' WHERE id = :id"), {"id": before[2].id}
        )
    with transaction(sessions) as session:
        assert session.execute(text("SELECT count(*) FROM channel_tokens")).scalar_one() == 0
        assert session.execute(text("SELECT count(*) FROM delivery_events")).scalar_one() == 0
    # Down again: the digest the old schema cannot hold goes, the held row is pending again.
    command.downgrade(alembic_config(engine), "0003")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, status FROM outbox ORDER BY id")).all()
    assert [r.id for r in rows] == [r.id for r in before if r.id != before[1].id]
    assert rows[0].status == "pending"
    engine.dispose()


def test_the_migrations_build_exactly_the_tables_the_models_declare(ledger_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from ledger.models import Base

    engine = make_engine(ledger_url)
    command.upgrade(alembic_config(engine), "head")
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_the_fifth_migration_keeps_the_tasks_on_the_catalogue_policy_and_accepts_documents(
    ledger_url: str,
) -> None:
    engine = ledger_of_0001(ledger_url)
    command.upgrade(alembic_config(engine), "0004")
    with engine.connect() as connection:
        before = connection.execute(text("SELECT id, status FROM tasks ORDER BY id")).all()
    command.upgrade(alembic_config(engine), "0005")
    assert current_revision(engine) == "0005"
    with engine.connect() as connection:
        after = connection.execute(
            text("SELECT id, status, policy_id, submitted_file FROM tasks ORDER BY id")
        ).all()
    assert len(after) == 658  # the fixture's tasks, as its docstring counts them
    assert [tuple(r[:2]) for r in after] == [tuple(r) for r in before]
    assert {(r.policy_id, r.submitted_file) for r in after} == {(None, None)}
    sessions = session_factory(engine)
    with transaction(sessions) as session:
        first = session.execute(text("SELECT min(id) FROM outbox")).scalar_one()
        session.execute(text("UPDATE outbox SET kind = 'document' WHERE id = :id"), {"id": first})
    with pytest.raises(IntegrityError), transaction(sessions) as session:
        session.execute(text("UPDATE outbox SET kind = 'memo' WHERE id = :id"), {"id": first})
    command.downgrade(alembic_config(engine), "0004")
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM outbox")).scalar_one()
        columns = connection.execute(text("SELECT * FROM tasks LIMIT 1")).keys()
    assert count == 57  # the document the old schema cannot hold is gone, the rest stay
    assert "policy_id" not in columns
    engine.dispose()


def test_the_sixth_migration_keeps_every_message_and_its_claim_and_adds_the_claims_owner(
    ledger_url: str,
) -> None:
    engine = ledger_of_0001(ledger_url)
    command.upgrade(alembic_config(engine), "0005")
    with engine.begin() as connection:
        # A message being sent when the ledger is migrated: claimed by the old version.
        claimed = connection.execute(text("SELECT min(id) FROM outbox")).scalar_one()
        connection.execute(
            text("UPDATE outbox SET status = 'sending', claimed_at = :at WHERE id = :id"),
            {"at": datetime(2024, 1, 22, 2, tzinfo=UTC), "id": claimed},
        )
        before = connection.execute(
            text("SELECT id, dedupe_key, status, claimed_at FROM outbox ORDER BY id")
        ).all()
    assert len(before) == 58  # the fixture's queued messages, as its docstring counts them
    command.upgrade(alembic_config(engine), "0006")
    assert current_revision(engine) == "0006"
    with engine.connect() as connection:
        after = connection.execute(
            text("SELECT id, dedupe_key, status, claimed_at, claimed_by FROM outbox ORDER BY id")
        ).all()
    assert [tuple(r[:4]) for r in after] == [tuple(r) for r in before]
    assert {r.claimed_by for r in after} == {None}
    # The old claim has no owner to ask: it is handed back after its lease, as before.
    sessions = session_factory(engine)
    with transaction(sessions) as session:
        assert release_expired(session, datetime(2024, 1, 22, 2, 10, tzinfo=UTC)) == 0
    with transaction(sessions) as session:
        assert release_expired(session, datetime(2024, 1, 22, 2, 16, tzinfo=UTC)) == 1
        session.execute(
            text("UPDATE outbox SET status = 'sending', claimed_by = 'x' WHERE id = :id"),
            {"id": claimed},
        )
    command.downgrade(alembic_config(engine), "0005")
    with engine.connect() as connection:
        columns = connection.execute(text("SELECT * FROM outbox LIMIT 1")).keys()
        count = connection.execute(text("SELECT count(*) FROM outbox")).scalar_one()
    assert "claimed_by" not in columns
    assert count == 58
    engine.dispose()
