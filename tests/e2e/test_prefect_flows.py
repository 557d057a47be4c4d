"""A sample of 2024's days through Prefect itself: the flows give what their steps give, a run
scheduled without `as_of` acts for its scheduled day in Vietnam, and the tasks retry only what
a retry can fix.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import prefect
import pytest
from prefect import Flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
from prefect.flow_engine import run_flow_async
from prefect.states import Scheduled
from prefect.testing.utilities import prefect_test_harness
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from flows.holiday_visits import holiday_visits
from flows.operator import record_submission_flow, waive_task_flow
from flows.periodic_reports import periodic_reports
from flows.sweep import chase_flow, escalate_flow
from ledger.db import transaction
from ledger.models import OutboxMessage, Task, TaskNotice
from tasks import steps
from tasks.failures import RunFailure
from tasks.prefect_tasks import _transient
from tests.conftest import SmtpServer, at, migrated_sqlite

pytestmark = pytest.mark.prefect

SAMPLE = [
    date(2024, 1, 8),
    date(2024, 1, 11),
    date(2024, 1, 12),
    date(2024, 1, 23),
    date(2024, 1, 29),
]
# Naive, as an operator types it in the UI: the flow reads it as Vietnamese time.
SUBMITTED = datetime(2024, 1, 12, 10, 0)  # noqa: DTZ001


@pytest.fixture(scope="module")
def harness() -> Iterator[None]:
    # Prefect's temporary server gets 30 s to start by default; on a loaded CI machine (two
    # cores, other jobs) it has taken longer.
    with prefect_test_harness(server_startup_timeout=180):
        yield


def new_ledger(path: Path) -> tuple[str, sessionmaker[Session]]:
    url, _, sessions = migrated_sqlite(path)
    return url, sessions


def notices(sessions: sessionmaker[Session]) -> set[tuple[str, str, str, str, date]]:
    with transaction(sessions) as session:
        return set(
            session.execute(
                select(
                    Task.obligation_id,
                    Task.unit_code,
                    Task.occurrence_key,
                    TaskNotice.stage,
                    TaskNotice.as_of,
                ).join(Task, Task.id == TaskNotice.task_id)
            ).all()
        )


async def artifacts() -> dict[str, list[str]]:
    async with get_client() as client:
        found = await client.read_artifacts()
    by_key: dict[str, list[str]] = {}
    for artifact in found:
        if artifact.type == "table":  # not the records of the flows' persisted results
            by_key.setdefault(artifact.key or "", []).append(artifact.description or "")
    return by_key


def test_the_flows_under_prefect_do_what_their_steps_do(
    harness: None, tmp_path: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, through_prefect = new_ledger(tmp_path / "prefect.db")
    _, direct = new_ledger(tmp_path / "direct.db")
    monkeypatch.setenv("DONDOC_DATABASE_URL", url)
    monkeypatch.setenv("DONDOC_SMTP__HOST", smtp_server.settings.host)
    monkeypatch.setenv("DONDOC_SMTP__PORT", str(smtp_server.settings.port))
    # The flows run now, whatever the hour: office hours are tested in test_digests.
    monkeypatch.setenv("DONDOC_NOTIFY__OFFICE_HOURS_ONLY", "false")
    monkeypatch.setenv("DONDOC_SMTP__SENDER_ADDRESS", "bdv@tinhuy.tayninh.example")

    # January's families: the reports, and the visits of Tết and Đức Chí Tôn (seed 003), whose
    # plans open on 16/1 and 26/1 — each flow opens its own family, as its step does directly.
    for day in SAMPLE:
        for flow in (periodic_reports, holiday_visits, chase_flow, escalate_flow):
            asyncio.run(flow(as_of=day))
        # The steps of the flows run: each flow opens its own family's tasks only (the demo
        # plans hold other families too: Lạng Sơn's and Kiên Giang's reviews, meetings, visits).
        families = {"periodic-report", "holiday-visit"}
        steps.open_tasks(direct, day, at(day), date(2025, 12, 31), families)
        steps.chase(direct, day, at(day))
        steps.escalate(direct, day, at(day))
        if day == date(2024, 1, 12):
            counts = asyncio.run(
                record_submission_flow(
                    obligation="tn-bc-dan-van-thang",
                    unit="tn-mttq",
                    period="2024-01",
                    document_ref="12-BC/MTTQ-BTT",
                    submitted_at=SUBMITTED,
                    as_of=day,
                )
            )
            assert counts == {"submitted": 1}
            when = at(day, 10)
            steps.record_submission(
                direct,
                when,
                day,
                "tn-bc-dan-van-thang",
                "tn-mttq",
                "2024-01",
                "12-BC/MTTQ-BTT",
                when,
            )

    assert notices(through_prefect) == notices(direct)
    assert len(notices(direct)) > 100
    # The Tết visit's plan opened on 16/1, between two sampled days: told on the next, 23/1.
    assert ("tn-tham-tet-nguyen-dan", "tn-bdv", "2024", "open", date(2024, 1, 23)) in notices(
        through_prefect
    )
    # Catching up: the days skipped in the sample were not lost; the latest reminder stood in.
    stages = {n[3] for n in notices(direct) if n[1] == "tn-bdv-go-dau" and n[2] == "2024-01"}
    assert {"open", "before-7", "escalate-1", "escalate-2"} <= stages
    with transaction(through_prefect) as session:
        # The messages that went: notices on their own and digests (not the items inside).
        sent = session.scalars(
            select(OutboxMessage.recipient).where(
                OutboxMessage.status == "sent", OutboxMessage.digest_id.is_(None)
            )
        ).all()
    assert sorted(sent) == sorted(r for m in smtp_server.received for r in m.rcpt_tos)

    published = asyncio.run(artifacts())
    assert {"periodic-reports", "chase", "escalate", "record-submission"} <= set(published)
    assert any(
        "Mở nhiệm vụ báo cáo định kỳ** — ngày 08/01/2024" in d
        for d in published["periodic-reports"]
    )
    assert any(
        "Ghi nhận nộp báo cáo** — ngày 12/01/2024: 1 ghi nhận nộp báo cáo" in d
        for d in published["record-submission"]
    )


def test_running_a_flow_twice_for_a_day_changes_nothing_and_sends_nothing_more(
    harness: None, tmp_path: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, sessions = new_ledger(tmp_path / "twice.db")
    monkeypatch.setenv("DONDOC_DATABASE_URL", url)
    monkeypatch.setenv("DONDOC_SMTP__HOST", smtp_server.settings.host)
    monkeypatch.setenv("DONDOC_SMTP__PORT", str(smtp_server.settings.port))
    # The flows run now, whatever the hour: office hours are tested in test_digests.
    monkeypatch.setenv("DONDOC_NOTIFY__OFFICE_HOURS_ONLY", "false")
    day = date(2024, 1, 8)
    first = asyncio.run(periodic_reports(as_of=day))
    received = len(smtp_server.received)
    second = asyncio.run(periodic_reports(as_of=day))
    assert (first["opened"], first["sent"]) == (20, 20)
    assert (second.get("opened", 0), second.get("sent", 0)) == (0, 0)
    assert len(smtp_server.received) == received == 20
    # A refused action ends the run with its sentence (no traceback, no retry).
    with pytest.raises(RunFailure, match="không có nhiệm vụ 'tn-bc-dan-van-thang' của đơn vị"):
        asyncio.run(
            waive_task_flow(
                obligation="tn-bc-dan-van-thang",
                unit="tn-khong-co",
                period="2024-01",
                reason="thử",
                as_of=day,
            )
        )
    assert notices(sessions)


# ------------------------------------------------- a scheduled run acts for its day in Vietnam


async def run_scheduled(scheduled: Flow[..., Any], when: str) -> tuple[dict[str, int], list[str]]:
    """Run `scheduled` as the scheduler would at `when` (UTC): no `as_of`, a scheduled start.

    The flow run is created in the Scheduled state with that time, without a deployment, and
    run by Prefect's engine; returns what the flow returned and its artifacts' descriptions.
    """
    async with get_client() as client:
        run = await client.create_flow_run(
            scheduled, state=Scheduled(scheduled_time=datetime.fromisoformat(when))
        )
        assert run.expected_start_time == datetime.fromisoformat(when)
        counts = await run_flow_async(scheduled, flow_run=run)
        found = await client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run.id]))
        )
        final = await client.read_flow_run(run.id)
    assert final.state is not None
    assert final.state.is_completed()
    assert isinstance(counts, dict)
    return counts, [a.description or "" for a in found if a.type == "table"]


def test_a_run_scheduled_without_as_of_acts_for_its_scheduled_day_in_vietnam(
    harness: None, tmp_path: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, sessions = new_ledger(tmp_path / "scheduled.db")
    monkeypatch.setenv("DONDOC_DATABASE_URL", url)
    monkeypatch.setenv("DONDOC_SMTP__HOST", smtp_server.settings.host)
    monkeypatch.setenv("DONDOC_SMTP__PORT", str(smtp_server.settings.port))
    # The flows run now, whatever the hour: office hours are tested in test_digests.
    monkeypatch.setenv("DONDOC_NOTIFY__OFFICE_HOURS_ONLY", "false")

    # 23:30 UTC on Sunday 7/1 is 06:30 on Monday 8/1/2024 in Vietnam: the January monthly
    # reports of the demo plan (due Thu 18/1) open that day, for 20 units.
    counts, said = asyncio.run(run_scheduled(periodic_reports, "2024-01-07T23:30:00+00:00"))
    assert (counts["opened"], counts["sent"]) == (20, 20)
    assert len(said) == 1
    assert said[0].startswith("**Mở nhiệm vụ báo cáo định kỳ** — ngày 08/01/2024: ")
    with transaction(sessions) as session:
        opened_on = set(session.scalars(select(Task.opened_on).where(Task.opened_on.is_not(None))))
        notices_on = set(session.scalars(select(TaskNotice.as_of)))
    assert opened_on == notices_on == {date(2024, 1, 8)}

    # 16:59 UTC on 8/1 is 23:59 on the 8th in Vietnam; 17:00 UTC is midnight, the 9th.
    _, said = asyncio.run(run_scheduled(periodic_reports, "2024-01-08T16:59:00+00:00"))
    assert [d.split(":")[0] for d in said] == ["**Mở nhiệm vụ báo cáo định kỳ** — ngày 08/01/2024"]
    _, said = asyncio.run(run_scheduled(periodic_reports, "2024-01-08T17:00:00+00:00"))
    assert [d.split(":")[0] for d in said] == ["**Mở nhiệm vụ báo cáo định kỳ** — ngày 09/01/2024"]


# ----------------------------------------------------------- retries: only transient errors

ATTEMPTS: list[str] = []
ERRORS: dict[str, Callable[[], Exception]] = {
    # What SQLAlchemy raises when SQLite is locked or PostgreSQL unreachable (a DBAPI
    # OperationalError, wrapped): a retry can fix it.
    "busy": lambda: OperationalError("SELECT 1", {}, Exception("database is locked")),
    # A programming error: retrying repeats it.
    "bug": lambda: TypeError("open_tasks() got an unexpected keyword argument 'horizon'"),
}


@prefect.task(retries=2, retry_delay_seconds=0, retry_condition_fn=_transient)
def fails_first(kind: str, failures: int) -> int:
    """Raise the error of `kind` on the first `failures` attempts, then succeed."""
    ATTEMPTS.append(kind)
    if len(ATTEMPTS) <= failures:
        raise ERRORS[kind]()
    return len(ATTEMPTS)


@prefect.flow
def with_retries(kind: str, failures: int) -> int:
    return fails_first(kind, failures)


def attempts_of(kind: str, failures: int) -> tuple[int | str, int]:
    """(what the flow returned, or the error it raised; how many times the task ran)."""
    ATTEMPTS.clear()
    try:
        outcome: int | str = with_retries(kind, failures)
    except Exception as error:
        outcome = type(error).__name__
    return outcome, len(ATTEMPTS)


def test_a_transient_database_error_is_retried(harness: None) -> None:
    assert attempts_of("busy", failures=1) == (2, 2)


def test_a_database_that_stays_unreachable_fails_after_the_retries(harness: None) -> None:
    assert attempts_of("busy", failures=5) == ("OperationalError", 3)


def test_a_programming_error_is_not_retried(harness: None) -> None:
    assert attempts_of("bug", failures=1) == ("TypeError", 1)


# ------------------------------------------------- a run's artifacts stay small at any scale


def test_a_run_with_more_rows_than_the_table_shows_publishes_counts_and_the_full_list(
    harness: None, tmp_path: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = new_ledger(tmp_path / "artifacts.db")
    monkeypatch.setenv("DONDOC_DATABASE_URL", url)
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DONDOC_SMTP__HOST", smtp_server.settings.host)
    monkeypatch.setenv("DONDOC_SMTP__PORT", str(smtp_server.settings.port))
    # The flows run now, whatever the hour: office hours are tested in test_digests.
    monkeypatch.setenv("DONDOC_NOTIFY__OFFICE_HOURS_ONLY", "false")
    # The table shows 100 rows in production; 5 here, so that the 20 units of the demo
    # plan's January (opened on Monday 8/1/2024) overflow it.
    monkeypatch.setattr("flows.common.ARTIFACT_ROWS", 5)

    async def run() -> list[Any]:
        async with get_client() as client:
            flow_run = await client.create_flow_run(
                periodic_reports,
                parameters={"as_of": date(2024, 1, 8)},
                state=Scheduled(scheduled_time=datetime.fromisoformat("2024-01-07T23:30:00+00:00")),
            )
            await run_flow_async(periodic_reports, flow_run=flow_run)
            return list(
                await client.read_artifacts(
                    artifact_filter=ArtifactFilter(
                        flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run.id])
                    )
                )
            )

    found = {a.key: a for a in asyncio.run(run()) if a.type in ("table", "markdown")}
    assert set(found) == {
        "periodic-reports",
        "periodic-reports-counts",
        "periodic-reports-full-list",
    }
    table = found["periodic-reports"].data
    rows = json.loads(table) if isinstance(table, str) else table
    assert len(rows) == 5
    assert "Bảng dưới đây chỉ hiện 5 / 20 dòng đầu" in (found["periodic-reports"].description or "")
    counts = str(found["periodic-reports-counts"].data)
    # The action names the stage, "(open)"; Markdown's parentheses are escaped.
    assert "| Báo cáo định kỳ | Mở nhiệm vụ, gửi đề nghị \\(open\\) | 20 |" in counts
    assert "Tổng cộng 20 dòng." in counts
    link = str(found["periodic-reports-full-list"].data)
    path = Path(link[link.index("file://") + len("file://") :].split(")")[0])
    assert path.parent == tmp_path / "home" / "runs" / "periodic-reports"
    listed = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(listed) == 20
    assert {r["Kết quả"] for r in listed} == {"đã gửi"}
    assert len({r["Đơn vị"] for r in listed}) == 20
