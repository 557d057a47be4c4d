"""The ledger on a real database: reconciliation, the outbox, atomicity, concurrency."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ledger import lifecycle
from ledger.audit import Actor
from ledger.db import transaction
from ledger.models import AuditEntry, Obligation, OutboxMessage, Task, TaskNotice
from ledger.outbox import LEASE, SENT, Settlement, claim, settle
from ledger.planning import HISTORY, plan_tasks
from ledger.store import read_catalogue, store_catalogue
from ledger.transitions import TransitionError
from obligations.loader import Catalogue, load_catalogue
from tasks import steps
from tasks.runlog import summary
from tests.conftest import PLANS, SmtpServer, at, demo_catalogue_files

Sessions = sessionmaker[Session]
HORIZON = date(2025, 12, 31)
# The outbox tests open January's monthly reports only (the 20 units that owe them): the field
# days the specialists owe open the same week, in another family's run.
REPORTS = {"periodic-report"}
MONTHLY = "tn-bc-dan-van-thang"
T = TypeVar("T")


def plan(sessions: Sessions, day: date) -> None:
    with transaction(sessions) as session:
        plan_tasks(session, read_catalogue(session), HORIZON, Actor("test:plan", at(day), day))


def tasks_of(sessions: Sessions, **where: str) -> list[Task]:
    with transaction(sessions) as session:
        query = select(Task).order_by(Task.due_on, Task.unit_code)
        for name, value in where.items():
            query = query.where(getattr(Task, name) == value)
        return list(session.scalars(query))


def demo_files(tmp_path: Path) -> list[Path]:
    """The demo catalogue's files, the Tây Ninh plan as the copy in `tmp_path` that tests edit."""
    path = tmp_path / "tay-ninh-2024.yaml"
    if not path.exists():
        path.write_text(tay_ninh(), encoding="utf-8")
    return [path, *(p for p in demo_catalogue_files() if p.name != path.name)]


@pytest.fixture
def demo_ledger(sessions: Sessions, tmp_path: Path) -> Sessions:
    """The demo plans loaded, tracking from 1 January 2024 — the Tây Ninh plan from its copy in
    `tmp_path`, since a document is reloaded from the file it was loaded from only."""
    start = date(2024, 1, 1)
    with transaction(sessions) as session:
        catalogue = load_catalogue(demo_files(tmp_path))
        store_catalogue(session, catalogue, Actor("test:load", at(start), start), start)
    return sessions


def reload(sessions: Sessions, tmp_path: Path, text: str, day: date) -> None:
    """Load the demo catalogue with `text` as the Tây Ninh plan, then plan, as on `day`."""
    files = demo_files(tmp_path)
    files[0].write_text(text, encoding="utf-8")
    catalogue = load_catalogue(files)
    with transaction(sessions) as session:
        store_catalogue(session, catalogue, Actor("test:reload", at(day), day), date(2024, 1, 1))
    plan(sessions, day)


def at_once(work: Callable[[], T], workers: int = 2) -> list[T]:
    """`work` in `workers` threads released together; their results, once none raised.

    A thread that raises just dies: its exception is collected here and the test fails on it.
    """
    barrier = threading.Barrier(workers)

    def worker() -> T:
        barrier.wait(timeout=60)
        return work()

    with ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(worker) for _ in range(workers)]
        errors = [future.exception() for future in futures]
    assert [repr(e) for e in errors if e is not None] == []
    return [future.result() for future in futures]


def tay_ninh(edit: tuple[str, str] | None = None, *, within: str | None = None) -> str:
    """The Tây Ninh plan's text, with one edit (inside the block that starts at `within`)."""
    text = (PLANS / "tay-ninh-2024.yaml").read_text(encoding="utf-8")
    if edit is None:
        return text
    start = text.index(within) if within else 0
    at_ = text.index(edit[0], start)
    return text[:at_] + edit[1] + text[at_ + len(edit[0]) :]


def test_a_changed_deadline_reschedules_planned_tasks_and_leaves_opened_ones(
    demo_ledger: Sessions, tmp_path: Path
) -> None:
    plan(demo_ledger, date(2024, 1, 1))
    steps.open_tasks(demo_ledger, date(2024, 1, 8), at(date(2024, 1, 8)), HORIZON)
    count = len(tasks_of(demo_ledger))
    edit = ("due: day 18", "due: day 20")
    reload(
        demo_ledger, tmp_path, tay_ninh(edit, within="- id: tn-bc-dan-van-thang"), date(2024, 1, 9)
    )
    january = tasks_of(demo_ledger, unit_code="tn-mttq", obligation_id=MONTHLY)[0]
    april = tasks_of(demo_ledger, unit_code="tn-mttq", obligation_id=MONTHLY)[2]
    assert (january.occurrence_key, january.status, january.due_on) == (
        "2024-01",
        "open",
        date(2024, 1, 18),
    )
    assert (april.occurrence_key, april.status, april.due_on) == (
        "2024-04",
        "planned",
        date(2024, 4, 22),
    )
    assert april.obligation_version == 2
    assert len(tasks_of(demo_ledger)) == count  # rescheduled, not duplicated
    with transaction(demo_ledger) as session:
        assert session.get_one(Obligation, MONTHLY).version == 2
        reasons = session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.entity == "task", AuditEntry.entity_id == str(april.id)
            )
        ).all()
        planned = session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.entity == "occurrence", AuditEntry.entity_id == str(april.occurrence_id)
            )
        ).all()
    # Planning is audited per occurrence (the tasks of one step, counted), a change per task.
    assert (planned, reasons) == (["plan"], ["reschedule"])


def test_a_dropped_obligation_cancels_its_tasks_and_a_restored_one_brings_them_back(
    demo_ledger: Sessions, tmp_path: Path
) -> None:
    plan(demo_ledger, date(2024, 1, 1))
    steps.open_tasks(demo_ledger, date(2024, 3, 8), at(date(2024, 3, 8)), HORIZON)
    quarterly = "tn-bc-dan-van-quy"

    def statuses() -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for task in tasks_of(demo_ledger, obligation_id=quarterly):
            found.setdefault(task.occurrence_key, set()).add(task.status)
        return found

    assert statuses() == {"2024-Q1": {"open"}, "2025-Q1": {"planned"}}
    text = tay_ninh()
    block = text[
        text.index("  - id: tn-bc-dan-van-quy") : text.index("  - id: tn-bc-dan-van-6-thang")
    ]
    reload(demo_ledger, tmp_path, text.replace(block, ""), date(2024, 3, 9))
    with transaction(demo_ledger) as session:
        assert session.get_one(Obligation, quarterly).active is False
    assert statuses() == {"2024-Q1": {"cancelled"}, "2025-Q1": {"cancelled"}}
    reload(demo_ledger, tmp_path, text, date(2024, 3, 10))  # the obligation is back
    assert statuses() == {"2024-Q1": {"planned"}, "2025-Q1": {"planned"}}
    log = steps.open_tasks(demo_ledger, date(2024, 3, 11), at(date(2024, 3, 11)), HORIZON)
    assert statuses() == {"2024-Q1": {"open"}, "2025-Q1": {"planned"}}
    assert log.counts.get("queued", 0) == 0  # its units were told at the first opening


def test_a_dropped_obligation_does_not_send_the_mail_queued_for_its_tasks(
    demo_ledger: Sessions, tmp_path: Path
) -> None:
    plan(demo_ledger, date(2024, 1, 1))
    # No SMTP: the quarterly report's opening messages of 8/3 stay queued.
    steps.open_tasks(demo_ledger, date(2024, 3, 8), at(date(2024, 3, 8)), HORIZON)
    quarterly = "tn-bc-dan-van-quy"

    def outbox() -> set[str]:
        with transaction(demo_ledger) as session:
            return set(
                session.scalars(
                    select(OutboxMessage.status)
                    .join(Task, Task.id == OutboxMessage.task_id)
                    .where(Task.obligation_id == quarterly)
                )
            )

    assert outbox() == {"pending"}
    text = tay_ninh()
    block = text[
        text.index("  - id: tn-bc-dan-van-quy") : text.index("  - id: tn-bc-dan-van-6-thang")
    ]
    reload(demo_ledger, tmp_path, text.replace(block, ""), date(2024, 3, 9))
    assert outbox() == {"cancelled"}


def test_a_unit_dissolved_earlier_loses_its_later_tasks(
    demo_ledger: Sessions, tmp_path: Path
) -> None:
    plan(demo_ledger, date(2024, 1, 1))
    before = [
        t.occurrence_key
        for t in tasks_of(demo_ledger, unit_code="tn-bdv-go-dau", obligation_id=MONTHLY)
    ]
    assert before[-1] == "2025-05"  # the district level ended on 30/6/2025
    edit = ("valid_to: 2025-06-30", "valid_to: 2024-06-30")
    reload(demo_ledger, tmp_path, tay_ninh(edit, within="- code: tn-bdv-go-dau"), date(2024, 1, 3))
    after = {
        t.occurrence_key: t.status
        for t in tasks_of(demo_ledger, unit_code="tn-bdv-go-dau", obligation_id=MONTHLY)
    }
    assert [k for k, s in after.items() if s != "cancelled"] == [
        "2024-01",
        "2024-02",
        "2024-04",
        "2024-05",
    ]


def test_a_failure_inside_a_transaction_leaves_neither_the_change_nor_its_audit(
    demo_ledger: Sessions,
) -> None:
    plan(demo_ledger, date(2024, 1, 1))
    day = date(2024, 1, 8)

    def die_after_opening() -> None:
        with transaction(demo_ledger) as session:
            lifecycle.open_due(session, Actor("test", at(day), day))
            raise RuntimeError("the worker died")

    with pytest.raises(RuntimeError):
        die_after_opening()
    with transaction(demo_ledger) as session:
        assert (
            session.scalar(select(func.count()).select_from(Task).where(Task.status == "open")) == 0
        )
        assert (
            session.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "open")
            )
            == 0
        )


def submit(
    session: Session, actor: Actor, unit: str, period: str, when: datetime, ref: str
) -> tuple[Task, bool]:
    task = lifecycle.find_task(session, MONTHLY, unit, period)
    return task, lifecycle.record_done(session, actor, task, when, ref)


def test_submissions_are_idempotent_and_never_overwritten(demo_ledger: Sessions) -> None:
    plan(demo_ledger, date(2024, 1, 1))
    day = date(2024, 1, 12)
    actor = Actor("operator:test", at(day), day)
    with transaction(demo_ledger) as session:
        task, changed = submit(session, actor, "tn-hnd", "2024-01", at(day, 10), "5-BC/HND")
        assert (task.status, changed) == ("submitted_on_time", True)
    with transaction(demo_ledger) as session:
        _, changed = submit(session, actor, "tn-hnd", "2024-01", at(day, 10), "5-BC/HND")
        assert changed is False
    with pytest.raises(TransitionError, match="không ghi đè"), transaction(demo_ledger) as session:
        submit(session, actor, "tn-hnd", "2024-01", at(day, 11), "6-BC/HND")
    with (
        pytest.raises(TransitionError, match="không thể thực hiện 'waive'"),
        transaction(demo_ledger) as session,
    ):
        lifecycle.waive(
            session, actor, lifecycle.find_task(session, MONTHLY, "tn-hnd", "2024-01"), "muộn"
        )
    with (
        pytest.raises(TransitionError, match="trước kỳ báo cáo"),
        transaction(demo_ledger) as session,
    ):
        submit(session, actor, "tn-hnd", "2024-02", at(date(2024, 1, 10)), "x")
    with pytest.raises(TransitionError, match="số, ký hiệu"), transaction(demo_ledger) as session:
        submit(session, actor, "tn-hnd", "2024-02", at(day), "  ")


def test_a_submission_cancels_what_was_queued_but_not_yet_sent(demo_ledger: Sessions) -> None:
    day = date(2024, 1, 8)
    steps.open_tasks(demo_ledger, day, at(day), HORIZON, REPORTS)  # queues 20 opening notices
    with transaction(demo_ledger) as session:
        submit(session, Actor("op", at(day), day), "tn-mttq", "2024-01", at(day, 11), "1-BC")
        statuses = session.execute(
            select(OutboxMessage.recipient, OutboxMessage.status).order_by(OutboxMessage.recipient)
        ).all()
    cancelled = [r for r, s in statuses if s == "cancelled"]
    assert cancelled == ["vanphong@mttq.tayninh.example"]
    assert sum(1 for _, s in statuses if s == "pending") == 19


def test_the_outbox_retries_transient_failures_and_keeps_permanent_ones(
    demo_ledger: Sessions, smtp_server: SmtpServer
) -> None:
    day = date(2024, 1, 8)
    steps.open_tasks(demo_ledger, day, at(day), HORIZON, REPORTS)
    smtp_server.handler.refuse["vanphong@hnd.tayninh.example"] = "550 5.1.1 Mailbox unavailable"
    smtp_server.handler.refuse["vanphong@ldld.tayninh.example"] = "451 4.3.0 Try again later"
    log = asyncio.run(steps.deliver(demo_ledger, smtp_server.settings, at(day, 9)))
    # The unit whose only address refuses for good is reported: no channel is left for it.
    assert log.counts == {"sent": 18, "retry": 1, "failed": 1, "unreachable-recipients": 1}
    assert sorted(
        (row["Gửi tới"], row["Kết quả"]) for row in log.rows if row["Kết quả"] != "đã gửi"
    ) == [
        (
            "vanphong@hnd.tayninh.example",
            "lỗi vĩnh viễn: 550 5.1.1 Mailbox unavailable — KHÔNG CÒN KÊNH NÀO KHÁC để gửi",
        ),
        ("vanphong@ldld.tayninh.example", "sẽ gửi lại: 451 4.3.0 Try again later"),
    ]
    assert len(log.rows) == 20
    # The retry waits for its backoff; once the server accepts, it goes out; the failure stays.
    smtp_server.handler.refuse.clear()
    again = asyncio.run(
        steps.deliver(demo_ledger, smtp_server.settings, at(day, 9) + timedelta(minutes=1))
    )
    assert again.counts == {"backing-off": 1}  # the retry is waiting, and the run says so
    said = summary("Gửi tin", day, again)
    assert "không có việc nào" not in said
    assert "1 tin chờ đến lượt gửi lại" in said
    later = asyncio.run(
        steps.deliver(demo_ledger, smtp_server.settings, at(day, 9) + timedelta(minutes=6))
    )
    assert later.counts == {"sent": 1}
    with transaction(demo_ledger) as session:
        failed = session.execute(
            select(OutboxMessage.recipient, OutboxMessage.last_error).where(
                OutboxMessage.status == "failed"
            )
        ).all()
        assert (
            session.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "fail")
            )
            == 1
        )
    assert [r for r, _ in failed] == ["vanphong@hnd.tayninh.example"]
    assert "550" in (failed[0][1] or "")
    delivered = sorted(r for m in smtp_server.received for r in m.rcpt_tos)
    assert len(delivered) == len(set(delivered)) == 19


def test_a_claim_left_by_a_dead_worker_is_released_after_its_lease(demo_ledger: Sessions) -> None:
    day = date(2024, 1, 8)
    steps.open_tasks(demo_ledger, day, at(day), HORIZON, REPORTS)
    now = at(day, 9)
    with transaction(demo_ledger) as session:
        first = claim(session, now, "email", limit=5)
    assert len(first) == 5
    with transaction(demo_ledger) as session:  # the worker died: nothing settled
        assert len(claim(session, now + LEASE - timedelta(seconds=1), "email", limit=100)) == 15
    with transaction(demo_ledger) as session:
        again = claim(session, now + LEASE + timedelta(seconds=1), "email", limit=100)
    assert sorted(c.id for c in again) == sorted(c.id for c in first)
    assert {c.attempts for c in again} == {2}
    with transaction(demo_ledger) as session:
        counts = settle(
            session,
            Actor("t", now),
            [Settlement(c.id, SENT, "<x@dondoc>") for c in again],
        ).counts
    assert counts["sent"] == 5


def test_two_workers_chasing_the_same_day_at_once_queue_each_notice_once(
    demo_ledger: Sessions,
) -> None:
    steps.open_tasks(demo_ledger, date(2024, 1, 8), at(date(2024, 1, 8)), HORIZON, REPORTS)
    day = date(2024, 1, 11)  # before-7 for every January task
    logs = at_once(lambda: steps.chase(demo_ledger, day, at(day)))
    assert sum(log.counts.get("queued", 0) for log in logs) == 20  # between them, once each
    with transaction(demo_ledger) as session:
        notices = session.scalar(
            select(func.count()).select_from(TaskNotice).where(TaskNotice.stage == "before-7")
        )
        messages = session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.stage == "before-7")
        )
        audits = session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "notice")
        )
    assert (notices, messages) == (20, 20)
    assert audits == 20 + 20  # the opening notices and these, once each


def test_two_workers_delivering_at_once_send_each_message_once(
    demo_ledger: Sessions, smtp_server: SmtpServer
) -> None:
    day = date(2024, 1, 8)
    steps.open_tasks(demo_ledger, day, at(day), HORIZON, REPORTS)
    logs = at_once(
        lambda: asyncio.run(steps.deliver(demo_ledger, smtp_server.settings, at(day, 9), batch=3))
    )
    assert sum(log.counts.get("sent", 0) for log in logs) == 20
    delivered = [r for m in smtp_server.received for r in m.rcpt_tos]
    assert len(delivered) == 20
    assert len(set(delivered)) == 20


def test_the_stored_catalogue_reads_back_as_loaded(
    demo_ledger: Sessions, demo_catalogue: Catalogue
) -> None:
    with transaction(demo_ledger) as session:
        stored = read_catalogue(session)
    assert stored.catalogue.units == demo_catalogue.units
    assert stored.catalogue.obligations.keys() == demo_catalogue.obligations.keys()
    # Steps an obligation changes (Lạng Sơn's giao ban skips one, renames others) come back so.
    steps = {ob: resolved.steps for ob, resolved in demo_catalogue.resolved.items()}
    assert {ob: resolved.steps for ob, resolved in stored.catalogue.resolved.items()} == steps
    assert stored.tracking_from == {
        "tay-ninh-2024": date(2024, 1, 1),
        "binh-phuoc-dvcq": date(2024, 1, 1),
        "lang-son-2024": date(2024, 1, 1),
        "kien-giang-dan-van-2020-2025": date(2024, 1, 1),
    }
    assert stored.catalogue.calendar.is_working_day(date(2024, 5, 4))  # a make-up Saturday


def test_loading_the_same_catalogue_again_changes_nothing(
    demo_ledger: Sessions, tmp_path: Path
) -> None:
    plan(demo_ledger, date(2024, 1, 1))
    with transaction(demo_ledger) as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry))
        report = store_catalogue(
            session,
            load_catalogue(demo_files(tmp_path)),
            Actor("again", at(date(2024, 2, 1)), date(2024, 2, 1)),
            date(2024, 2, 1),
        )
    plan(demo_ledger, date(2024, 2, 1))
    assert set(report.documents.values()) == {"unchanged"}
    assert report.obligations == {}
    assert report.units == {}
    with transaction(demo_ledger) as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_a_daily_run_two_years_on_leaves_tasks_due_more_than_a_year_ago_alone(
    demo_ledger: Sessions, tmp_path: Path
) -> None:
    plan(demo_ledger, date(2024, 1, 1))
    edit = ("due: day 18", "due: day 20")
    later = date(2026, 1, 5)
    files = demo_files(tmp_path)
    files[0].write_text(tay_ninh(edit, within="- id: tn-bc-dan-van-thang"), encoding="utf-8")
    with transaction(demo_ledger) as session:
        catalogue = load_catalogue(files)
        store_catalogue(session, catalogue, Actor("test", at(later), later), date(2024, 1, 1))
    with transaction(demo_ledger) as session:
        stored = read_catalogue(session)
        report = plan_tasks(
            session, stored, date(2027, 12, 31), Actor("t", at(later), later), HISTORY
        )
    due = {
        t.occurrence_key: t.due_on
        for t in tasks_of(demo_ledger, unit_code="tn-bdv-go-dau", obligation_id=MONTHLY)
    }
    assert due["2024-04"] == date(2024, 4, 19)  # history: its deadline stays as planned
    assert due["2025-04"] == date(2025, 4, 21)  # within the year: 20/4/2025 is a Sunday
    assert report.cancelled == []
