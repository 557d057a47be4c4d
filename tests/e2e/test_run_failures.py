"""A run whose ledger fails it, through Prefect itself: a connection lost in the run's first
transaction is retried and the run completes; a ledger that stays out of reach, or that this
dondoc cannot use, or a setting of the worker's environment that is not a value, ends the run
failed with a sentence saying what to do — never a traceback (issue 11).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from prefect.testing.utilities import prefect_test_harness
from sqlalchemy import Engine, func, select

from flows.operator import record_submission_flow, waive_task_flow
from flows.periodic_reports import periodic_reports
from flows.sweep import chase_flow
from ledger.db import alembic_config, make_engine, session_factory, upgrade
from ledger.models import AuditEntry, Task
from ledger.statuses import TaskStatus
from tasks import prefect_tasks, steps
from tests.conftest import (
    POSTGRES_SKIP_REASON,
    POSTGRES_URL,
    at,
    empty_ledger_url,
    load_demo,
)
from tests.locks import TIMEOUT, kill, locked_table, waiters

pytestmark = pytest.mark.prefect

DAY = date(2024, 1, 8)  # the demo plan opens its 20 January reports that Monday
ANSWERS_NOT = "Cơ sở dữ liệu của dondoc tạm thời không trả lời"


@pytest.fixture(scope="module")
def harness() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def run_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path / "home"))
    for name in ("DONDOC_SMTP__HOST", "DONDOC_SMTP__PORT"):
        monkeypatch.delenv(name, raising=False)
    # The retries' waits (2, 10, 30 s in production) are not what is tested.
    monkeypatch.setattr(prefect_tasks.open_tasks, "retry_delay_seconds", [0.1])
    return monkeypatch


def run_of_the_day() -> Any:
    """The demo plan's family run for DAY, through Prefect: its final state."""

    async def run() -> Any:
        return await periodic_reports(as_of=DAY, return_state=True)

    return asyncio.run(run())


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """The run's log as a handler writes it: each record, with its traceback if it has one."""
    formatter = logging.Formatter("%(levelname)s %(name)s: %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


@contextmanager
def demo_ledger_on_postgresql(run_env: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Engine]:
    """A fresh PostgreSQL ledger holding the demo plans, the one the runs use."""
    with empty_ledger_url("postgresql", tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine)
        load_demo(session_factory(engine))
        run_env.setenv("DONDOC_DATABASE_URL", url)
        try:
            yield engine
        finally:
            engine.dispose()


@contextmanager
def first_transaction_killed(engine: Engine) -> Iterator[list[int]]:
    """The connection of the next run's first transaction killed, as a server restart or an
    administrator would: a run's first statement reads the ledger's version, so it is held
    there and killed. Yields the backends killed (filled once the block ends)."""
    killed: list[int] = []
    locked = threading.Event()

    def kill_it() -> None:
        with locked_table(engine, "alembic_version"):
            locked.set()
            killed.extend(waiters(engine, "alembic_version", 1))
            kill(engine, killed)

    killer = threading.Thread(target=kill_it)
    killer.start()
    assert locked.wait(TIMEOUT)
    try:
        yield killed
    finally:
        killer.join(TIMEOUT)


@pytest.mark.postgres
@pytest.mark.skipif(POSTGRES_URL is None, reason=POSTGRES_SKIP_REASON)
def test_a_run_whose_first_transaction_loses_its_connection_retries_it_and_completes(
    harness: None,
    run_env: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with (
        demo_ledger_on_postgresql(run_env, tmp_path) as engine,
        first_transaction_killed(engine) as killed,
    ):
        state = run_of_the_day()

    assert len(killed) == 1
    assert state.is_completed(), state.message
    assert state.result()["opened"] == 20
    log = logged(caplog)
    assert (
        f"{ANSWERS_NOT} (terminating connection due to administrator command); "
        "Prefect chạy lại bước này." in log
    )
    assert "Retry 1/3" in log
    assert "Traceback" not in log


@pytest.mark.postgres
@pytest.mark.skipif(POSTGRES_URL is None, reason=POSTGRES_SKIP_REASON)
def test_an_operators_action_whose_connection_is_lost_is_retried_and_recorded_once(
    harness: None,
    run_env: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    run_env.setattr(prefect_tasks.record_submission, "retry_delay_seconds", [0.1])
    with demo_ledger_on_postgresql(run_env, tmp_path) as engine:
        opened = steps.open_tasks(
            session_factory(engine), DAY, at(DAY), date(2025, 12, 31), {"periodic-report"}
        )
        assert opened.counts["opened"] == 20
        with first_transaction_killed(engine) as killed:
            # Seed 003's monthly report of the Front for January, handed in on the 12th.
            counts = asyncio.run(
                record_submission_flow(
                    obligation="tn-bc-dan-van-thang",
                    unit="tn-mttq",
                    period="2024-01",
                    document_ref="12-BC/MTTQ-BTT",
                    submitted_at=at(date(2024, 1, 12), 9),
                    as_of=date(2024, 1, 12),
                )
            )
        with session_factory(engine)() as session:
            task = session.scalars(
                select(Task).where(
                    Task.obligation_id == "tn-bc-dan-van-thang",
                    Task.unit_code == "tn-mttq",
                    Task.occurrence_key == "2024-01",
                )
            ).one()
            recorded = session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(
                    AuditEntry.entity == "task",
                    AuditEntry.entity_id == str(task.id),
                    AuditEntry.actor == "operator:record-submission",
                )
            )

    assert len(killed) == 1
    assert counts == {"submitted": 1}
    assert (task.status, task.document_ref) == (TaskStatus.SUBMITTED_ON_TIME, "12-BC/MTTQ-BTT")
    assert recorded == 1
    log = logged(caplog)
    assert "Retry 1/3" in log
    assert "Traceback" not in log


def test_a_run_whose_ledger_stays_out_of_reach_fails_after_its_retries_with_a_sentence(
    harness: None, run_env: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as probe:  # a port nothing listens on: every connection is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run_env.setenv("DONDOC_DATABASE_URL", f"postgresql://dondoc@127.0.0.1:{port}/dondoc")
    state = run_of_the_day()

    assert state.is_failed()
    # Prefect's own words, then the sentence.
    assert f"encountered an exception: RunFailure: {ANSWERS_NOT} (connection failed: " in (
        state.message
    )
    assert state.message.endswith(
        "Connection refused); Prefect chạy lại bước này. Nếu lần nào cũng vậy: kiểm tra máy chủ "
        "cơ sở dữ liệu và DONDOC_DATABASE_URL."
    )
    log = logged(caplog)
    assert "Retry 3/3" in log  # Prefect ran the step four times
    assert "Retries are exhausted" in log
    assert "Traceback" not in log


def test_a_run_on_a_ledger_behind_this_dondoc_fails_at_once_saying_to_upgrade(
    harness: None, run_env: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = make_engine(url)
    command.upgrade(alembic_config(old), "0004")
    old.dispose()
    run_env.setenv("DONDOC_DATABASE_URL", url)
    state = run_of_the_day()

    assert state.is_failed()
    assert state.message.endswith(
        "encountered an exception: RunFailure: Bước này không chạy được, chạy lại cũng vậy: "
        "dondoc: the ledger schema is at revision 0004, this dondoc needs 0006: "
        "run `dondoc db upgrade`"
    )
    log = logged(caplog)
    assert "Retry" not in log
    assert "Traceback" not in log


@pytest.mark.parametrize(
    "flow",
    [periodic_reports, chase_flow],
    ids=["read-by-the-flow", "read-by-its-step"],
)
def test_a_run_with_a_bad_setting_in_its_environment_fails_at_once_saying_what_to_fix(
    harness: None,
    run_env: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    flow: Any,
) -> None:
    # A worker's environment (or the deployment's job variables) with a typo: the family run
    # reads the horizon in its own body, the chase reads its settings in its step.
    run_env.setenv("DONDOC_DATABASE_URL", f"sqlite:///{tmp_path / 'dondoc.db'}")
    run_env.setenv("DONDOC_SMTP__PORT", "25a")

    async def run() -> Any:
        return await flow(as_of=DAY, return_state=True)

    state = asyncio.run(run())

    assert state.is_failed()
    assert state.message.endswith(
        "encountered an exception: RunFailure: Bước này không chạy được, chạy lại cũng vậy: "
        "dondoc: DONDOC_SMTP__PORT=25a: is not a whole number; fix it or unset it"
    )
    log = logged(caplog)
    assert "Retry" not in log
    assert "Traceback" not in log
    assert not (tmp_path / "dondoc.db").exists()  # nothing ran: no ledger was even created


def test_an_operators_action_the_ledger_refuses_fails_at_once_with_its_sentence(
    harness: None, run_env: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite:///{tmp_path / 'dondoc.db'}"
    engine = make_engine(url)
    upgrade(engine)
    load_demo(session_factory(engine))
    engine.dispose()
    run_env.setenv("DONDOC_DATABASE_URL", url)

    async def waive() -> Any:  # a unit code mistyped in the Prefect UI's form
        return await waive_task_flow(
            obligation="tn-bc-dan-van-thang",
            unit="tn-mtqq",
            period="2024-01",
            reason="đã báo cáo bằng văn bản giấy",
            as_of=DAY,
            return_state=True,
        )

    state = asyncio.run(waive())

    assert state.is_failed()
    assert state.message.endswith(
        "encountered an exception: RunFailure: Bước này không chạy được, chạy lại cũng vậy: "
        "dondoc: không có nhiệm vụ 'tn-bc-dan-van-thang' của đơn vị 'tn-mtqq' kỳ '2024-01' "
        "(kiểm tra mã nghĩa vụ, mã đơn vị và kỳ, ví dụ 2024-03, 2024-Q1, 2024)"
    )
    log = logged(caplog)
    assert "Retry" not in log
    assert "Traceback" not in log
