"""Old tasks and the daily runs: what is behind the catch-up window is neither sent nor read.

The history ledger is the demo catalogue with the Tây Ninh reports valid from 1/1/2021, loaded
with `--track-from 2021-01-01` as an office bringing in three years of records would: every
report of 2021–2023 is planned, and the first daily run (Mon 8/1/2024) opens them all; none is
submitted. The January 2024 monthly report is due Thu 18/1/2024; its stages, as the end-to-end
year pins them: before-7 11/1, before-3 15/1, before-1 17/1, due-day 18/1, overdue-1 22/1,
escalate-1 23/1, overdue-2 24/1, overdue-3 26/1, escalate-2 29/1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.engine import Result
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from ledger.audit import Actor
from ledger.db import transaction
from ledger.models import Task, TaskNotice
from ledger.notices import decide
from ledger.planning import plan_tasks
from ledger.store import read_catalogue, store_catalogue
from obligations.loader import load_catalogue
from obligations.policy import StageKind
from tasks import steps
from tests.conftest import PLANS, at, demo_catalogue_files

Sessions = sessionmaker[Session]
HORIZON = date(2025, 12, 31)
MONTHLY = "tn-bc-dan-van-thang"
CHASE = frozenset({StageKind.REMIND, StageKind.OVERDUE})
ESCALATE = frozenset({StageKind.ESCALATE})


def load_with_history(sessions: Sessions, tmp_path: Path) -> None:
    """Tây Ninh's and Bình Phước's plans, the Tây Ninh reports valid from 2021, tracked from
    1/1/2021 and planned."""
    text = (PLANS / "tay-ninh-2024.yaml").read_text(encoding="utf-8")
    # The reports come first; the meetings, reviews and visits after them keep their 2024 start.
    reports, rest = text.split("  # --- Steering committees", 1)
    assert reports.count("valid_from: 2024-01-01") == 5  # the five report obligations
    reports = reports.replace("valid_from: 2024-01-01", "valid_from: 2021-01-01")
    path = tmp_path / "tay-ninh-2024.yaml"
    path.write_text(reports + "  # --- Steering committees" + rest, "utf-8")
    # Bình Phước's report beside it, and the calendars: the other seed plans (Kiên Giang's
    # reviews of 2021–2025, Lạng Sơn's 2024) would add history this test does not count.
    others = [
        p
        for p in demo_catalogue_files()
        if p.name == "binh-phuoc-dvcq.yaml" or p.parent.name == "calendar"
    ]
    catalogue = load_catalogue([path, *others])
    day = date(2024, 1, 8)
    actor = Actor("test:load", at(day, 6), day)
    with transaction(sessions) as session:
        store_catalogue(session, catalogue, actor, date(2021, 1, 1))
    with transaction(sessions) as session:  # as `plan load` does: everything tracked
        plan_tasks(session, read_catalogue(session), HORIZON, actor)


def run_day(sessions: Sessions, day: date) -> dict[str, Counter[str]]:
    """The day's three runs; per run, what it queued, as "period stage" counts. Only the reports
    are opened: this module counts their history (the specialists' field days, opening the same
    week, would add their own)."""
    now = at(day, 9)
    logs = {
        "open": steps.open_tasks(sessions, day, now, HORIZON, {"periodic-report"}),
        "chase": steps.chase(sessions, day, now),
        "escalate": steps.escalate(sessions, day, now),
    }
    with transaction(sessions) as session:
        rows = session.execute(
            select(TaskNotice.kind, Task.occurrence_key, TaskNotice.stage)
            .join(Task, Task.id == TaskNotice.task_id)
            .where(TaskNotice.as_of == day, TaskNotice.outcome == "queued")
        ).all()
    queued: dict[str, Counter[str]] = {name: Counter() for name in logs}
    for kind, period, stage in rows:
        run = {"open": "open", "escalate": "escalate"}.get(kind, "chase")
        queued[run][f"{period} {stage}"] += 1
    for name, log in logs.items():
        assert log.counts.get("queued", 0) == sum(queued[name].values())
    return queued


def opened_by_year(sessions: Sessions) -> dict[int, int]:
    with transaction(sessions) as session:
        rows = session.execute(
            select(Task.due_on, Task.status).where(Task.status.in_(["open", "overdue"]))
        ).all()
    return dict(sorted(Counter(due.year for due, _ in rows).items()))


def stages_of(sessions: Sessions, unit: str, period: str) -> dict[str, tuple[str, date]]:
    with transaction(sessions) as session:
        rows = session.execute(
            select(TaskNotice.stage, TaskNotice.outcome, TaskNotice.as_of)
            .join(Task, Task.id == TaskNotice.task_id)
            .where(
                Task.obligation_id == MONTHLY, Task.unit_code == unit, Task.occurrence_key == period
            )
        ).all()
    return {stage: (outcome, day) for stage, outcome, day in rows}


def test_three_years_of_unsubmitted_reports_get_no_fresh_reminders_or_escalations(
    sessions: Sessions, tmp_path: Path
) -> None:
    load_with_history(sessions, tmp_path)
    first = run_day(sessions, date(2024, 1, 8))
    # Every report of 2021–2023 is open and overdue: 7 monthly and 4 others a year for 20
    # units, and from 2022 the Bình Phước annual report of 21 units.
    assert opened_by_year(sessions) == {2021: 220, 2022: 241, 2023: 241, 2024: 20}
    assert first == {
        "open": Counter({"2024-01 open": 20}),  # the late openings are superseded, not sent
        "chase": Counter(),
        "escalate": Counter(),
    }
    assert run_day(sessions, date(2024, 1, 11)) == {
        "open": Counter(),
        "chase": Counter({"2024-01 before-7": 20}),
        "escalate": Counter(),
    }
    # The January 2021 report's deadline passed three years ago: it was opened, never chased.
    assert stages_of(sessions, "tn-bdv-go-dau", "2021-01") == {
        "open": ("superseded", date(2024, 1, 8))
    }


def test_a_reminder_missed_during_a_downtime_inside_the_window_is_still_sent(
    demo_ledger: Sessions,
) -> None:
    run_day(demo_ledger, date(2024, 1, 8))
    run_day(demo_ledger, date(2024, 1, 11))
    # Down from 12/1; back on Mon 26/2, whose window starts on 26/1, the day of overdue-3.
    day = date(2024, 2, 26)
    chase = steps.chase(demo_ledger, day, at(day))
    escalate = steps.escalate(demo_ledger, day, at(day))
    assert (chase.counts["queued"], escalate.counts["queued"]) == (20, 20)
    assert stages_of(demo_ledger, "tn-bdv-go-dau", "2024-01") == {
        "open": ("queued", date(2024, 1, 8)),
        "before-7": ("queued", date(2024, 1, 11)),
        "overdue-3": ("queued", date(2024, 2, 26)),  # the latest reminder, inside the window
        "escalate-2": ("queued", date(2024, 2, 26)),  # 29/1
        # before-3 … overdue-2 and escalate-1 (23/1) fell behind the window: left alone
    }


def test_a_reminder_a_day_behind_the_window_is_history(demo_ledger: Sessions) -> None:
    run_day(demo_ledger, date(2024, 1, 8))
    run_day(demo_ledger, date(2024, 1, 11))
    day = date(2024, 2, 27)  # the window starts on Sat 27/1: overdue-3 (26/1) is behind it
    chase = steps.chase(demo_ledger, day, at(day))
    escalate = steps.escalate(demo_ledger, day, at(day))
    assert (chase.counts.get("queued", 0), escalate.counts["queued"]) == (0, 20)
    assert stages_of(demo_ledger, "tn-bdv-go-dau", "2024-01") == {
        "open": ("queued", date(2024, 1, 8)),
        "before-7": ("queued", date(2024, 1, 11)),
        "escalate-2": ("queued", date(2024, 2, 27)),  # 29/1, still inside
    }


def test_a_short_downtime_is_caught_up_as_before(demo_ledger: Sessions) -> None:
    run_day(demo_ledger, date(2024, 1, 8))
    run_day(demo_ledger, date(2024, 1, 11))
    day = date(2024, 2, 5)  # down from 12/1 to 4/2: everything missed is inside the window
    steps.chase(demo_ledger, day, at(day))
    steps.escalate(demo_ledger, day, at(day))
    assert stages_of(demo_ledger, "tn-bdv-go-dau", "2024-01") == {
        "open": ("queued", date(2024, 1, 8)),
        "before-7": ("queued", date(2024, 1, 11)),
        "before-3": ("superseded", date(2024, 2, 5)),
        "before-1": ("superseded", date(2024, 2, 5)),
        "due-day": ("superseded", date(2024, 2, 5)),
        "overdue-1": ("superseded", date(2024, 2, 5)),
        "overdue-2": ("superseded", date(2024, 2, 5)),
        "overdue-3": ("queued", date(2024, 2, 5)),
        "escalate-1": ("queued", date(2024, 2, 5)),
        "escalate-2": ("queued", date(2024, 2, 5)),
    }


@contextmanager
def rows_fetched(session: Session) -> Iterator[list[int]]:
    """The number of rows each SELECT run through `session` returns, in order."""
    counts: list[int] = []

    def count(state: ORMExecuteState) -> Result[Any] | None:
        if not state.is_select:
            return None
        frozen = state.invoke_statement().freeze()
        counts.append(len(frozen().all()))
        return frozen()

    event.listen(session, "do_orm_execute", count)
    try:
        yield counts
    finally:
        event.remove(session, "do_orm_execute", count)


def test_a_daily_run_reads_only_the_tasks_that_can_still_be_told_something(
    sessions: Sessions, tmp_path: Path
) -> None:
    load_with_history(sessions, tmp_path)
    run_day(sessions, date(2024, 1, 8))
    with transaction(sessions) as session:
        opened = session.scalar(
            select(func.count()).select_from(Task).where(Task.status.in_(["open", "overdue"]))
        )
        notices = session.scalar(select(func.count()).select_from(TaskNotice))
    assert (opened, notices) == (722, 722)  # every opened task has its opening notice
    with transaction(sessions) as session:
        stored = read_catalogue(session)
        with rows_fetched(session) as chase_reads:
            drafts = decide(session, stored, date(2024, 1, 11), CHASE)
        with rows_fetched(session) as escalate_reads:
            decide(session, stored, date(2024, 1, 11), ESCALATE)
    # The policy snapshots (the one all these tasks opened under), the tasks, then their
    # notices: the 20 January reports and their opening notices.
    assert chase_reads == [1, 20, 20]
    assert escalate_reads == [1, 20, 20]
    assert Counter((d.task.occurrence_key, d.stage.name) for d in drafts) == {
        ("2024-01", "before-7"): 20
    }
