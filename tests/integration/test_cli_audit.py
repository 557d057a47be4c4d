"""`dondoc audit TASK`: a task's whole history, in order, against a real ledger (SQLite, and
PostgreSQL when configured) and a real SMTP server on loopback.

Tây Ninh's January 2024 monthly report (plans/tay-ninh-2024.yaml, seed 003) of the Hội Nông dân:
opened Monday 8/01 (ten days before "due: day 18", Thursday 18/01); reminded 7 days before, on
Thursday 11/01; overdue from Friday 19/01; its head told 3 working days late (19, 22, 23/01:
Tuesday 23/01, "level 1, after 3, notify head"); the unit acknowledges on 24/01 and hands in on
25/01, late.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from typing import Any

import pytest
from typer.testing import CliRunner

from dondoc.cli import app
from ledger.audit import Actor
from ledger.db import make_engine, session_factory, transaction
from ledger.lifecycle import acknowledge
from ledger.models import Task
from tests.conftest import SmtpServer, demo_catalogue_files

DEMO = [str(p) for p in demo_catalogue_files()]
MONTHLY = "tn-bc-dan-van-thang"


def ok(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def chased(cli: CliRunner, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> int:
    """The task's January, run day by day; returns its id."""
    monkeypatch.setenv("DONDOC_SMTP__HOST", smtp_server.settings.host)
    monkeypatch.setenv("DONDOC_SMTP__PORT", str(smtp_server.settings.port))
    monkeypatch.setenv("DONDOC_NOTIFY__OFFICE_HOURS_ONLY", "false")
    ok("plan", "load", *DEMO, "--track-from", "2024-01-01")
    for day in ("2024-01-08", "2024-01-11", "2024-01-19", "2024-01-23"):
        for flow in ("periodic-reports", "chase", "escalate"):
            ok("run", flow, "--as-of", day, "--direct")
    found = json.loads(ok("tasks", "--json", "--unit", "tn-hnd", "--obligation", MONTHLY))
    task_id = int(next(t["id"] for t in found if t["period_key"] == "2024-01"))
    engine = make_engine(os.environ["DONDOC_DATABASE_URL"])
    try:
        acted_on = date(2024, 1, 24)
        with transaction(session_factory(engine)) as session:
            task = session.get(Task, task_id)
            assert task is not None
            # Written now, after the runs above: the history is in the order things were written.
            actor = Actor("operator:acknowledge", datetime.now(UTC), acted_on)
            assert acknowledge(session, actor, task)
    finally:
        engine.dispose()
    ok("submit", MONTHLY, "tn-hnd", "2024-01", "--ref", "5-BC/HND", "--at", "2024-01-25T10:00")
    return task_id


def steps_of(history: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    """(entity, action, stage) of each event; a notice's stage is in its `after`."""
    return [
        (e["entity"], e["action"], e["stage"] or (e["after"] or {}).get("stage")) for e in history
    ]


def test_the_history_shows_each_step_in_order(chased: int) -> None:
    found = json.loads(ok("audit", str(chased), "--json"))
    assert found["task"]["unit"] == "tn-hnd"
    assert found["task"]["status"] == "submitted_late"
    steps = steps_of(found["history"])
    days = [e["as_of"] for e in found["history"]]
    wanted = [
        (("task", "open", None), "2024-01-08"),
        (("task", "notice", "open"), "2024-01-08"),
        (("outbox", "sent", "open"), None),  # a delivery acts for no business day
        (("task", "notice", "before-7"), "2024-01-11"),
        (("outbox", "sent", "before-7"), None),
        (("task", "overdue", None), "2024-01-19"),
        (("task", "notice", "escalate-1"), "2024-01-23"),
        (("outbox", "sent", "escalate-1"), None),
        (("task", "acknowledge", None), "2024-01-24"),
        (("task", "submit", None), "2024-01-25"),
    ]
    at_ = -1
    for step, day in wanted:
        assert step in steps[at_ + 1 :], (step, steps)
        at_ = steps.index(step, at_ + 1)
        assert day is None or days[at_] == day, (step, days[at_])
    times = [e["at"] for e in found["history"]]
    assert times == sorted(times)
    labels = {e["label"] for e in found["history"]}
    assert {"Mở nhiệm vụ", "Xếp thông báo", "Đã gửi", "Đơn vị xác nhận đã nhận"} <= labels
    assert "Ghi nhận đã nộp" in labels


def test_the_history_as_lines_names_the_task_and_the_steps(chased: int) -> None:
    output = ok("audit", str(chased))
    lines = output.splitlines()
    assert lines[0].startswith(f"Nhiệm vụ {chased}: {MONTHLY} — Hội Nông dân tỉnh Tây Ninh")
    assert "hạn 18/01/2024 — đã nộp trễ hạn" in lines[0]
    # Acknowledged while overdue: it stays overdue (its lateness is a fact).
    assert any("Đơn vị xác nhận đã nhận: quá hạn" in line for line in lines), output
    assert "Ghi nhận đã nộp: quá hạn → đã nộp trễ hạn; document_ref: 5-BC/HND" in output
    assert "Xếp thông báo: escalate-1 (queued) → " in output
    assert "[operator:record-submission, ngày 25/01/2024]" in output
    assert "[flow:escalate, ngày 23/01/2024]" in output


def test_an_unknown_task_is_a_sentence(cli: CliRunner) -> None:
    ok("db", "upgrade")
    result = CliRunner().invoke(app, ["audit", "999999"])
    assert result.exit_code == 1
    assert "không có nhiệm vụ số 999999" in result.output
