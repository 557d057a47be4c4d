"""A daily run reconciles the planning window only when something it depends on has changed:
the catalogue, the horizon, or a start earlier than the last plan's (`ledger.planning`). Its
fixed cost is then what changes that day, whatever the window holds — and nothing is missed:
a catalogue reloaded with a change, or a horizon moved on, is planned on the next run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ledger.audit import Actor
from ledger.db import transaction
from ledger.models import Task
from ledger.planning import HISTORY, PlanReport, plan_tasks
from ledger.store import read_catalogue, store_catalogue
from obligations.loader import load_catalogue
from tests.conftest import at, demo_catalogue_files

Sessions = sessionmaker[Session]
FAMILY = {"periodic-report"}


def daily(sessions: Sessions, day: date, horizon: date) -> PlanReport:
    with transaction(sessions) as session:
        stored = read_catalogue(session)
        actor = Actor("flow:test", at(day), day)
        return plan_tasks(session, stored, horizon, actor, HISTORY, FAMILY, reuse=True)


def tasks(sessions: Sessions) -> int:
    with transaction(sessions) as session:
        return session.scalar(select(func.count()).select_from(Task)) or 0


def test_a_run_after_a_plan_of_the_same_catalogue_and_horizon_skips_it(
    demo_ledger: Sessions,
) -> None:
    with transaction(demo_ledger) as session:
        day = date(2024, 1, 1)
        plan_tasks(session, read_catalogue(session), date(2024, 12, 31), Actor("t", at(day), day))
    planned = tasks(demo_ledger)
    report = daily(demo_ledger, date(2024, 1, 8), date(2024, 12, 31))
    assert report.skipped
    assert tasks(demo_ledger) == planned


def test_a_further_horizon_is_planned_then_skipped_the_next_day(demo_ledger: Sessions) -> None:
    first = daily(demo_ledger, date(2024, 1, 8), date(2024, 12, 31))
    assert not first.skipped
    assert first.planned > 0
    further = daily(demo_ledger, date(2024, 1, 9), date(2025, 12, 31))
    assert not further.skipped
    assert further.planned > 0
    assert daily(demo_ledger, date(2024, 1, 10), date(2025, 12, 31)).skipped


def test_an_earlier_day_than_the_last_plan_is_planned_again(demo_ledger: Sessions) -> None:
    daily(demo_ledger, date(2025, 3, 1), date(2025, 12, 31))
    # A back-fill of an earlier day looks back further than the last run did.
    assert not daily(demo_ledger, date(2025, 1, 2), date(2025, 12, 31)).skipped


def test_a_reloaded_catalogue_with_a_change_is_planned_on_the_next_run(
    sessions: Sessions, tmp_path: Path
) -> None:
    copies = []
    for path in demo_catalogue_files():
        copies.append(tmp_path / path.name)
        copies[-1].write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    start = date(2024, 1, 1)
    with transaction(sessions) as session:
        store_catalogue(session, load_catalogue(copies), Actor("t", at(start), start), start)
    daily(sessions, date(2024, 1, 8), date(2024, 12, 31))
    assert daily(sessions, date(2024, 1, 9), date(2024, 12, 31)).skipped
    planned = tasks(sessions)
    plan = tmp_path / "tay-ninh-2024.yaml"
    text = plan.read_text(encoding="utf-8")
    quarterly = "    period: quarterly\n    only: [1]\n"
    assert quarterly in text
    plan.write_text(text.replace(quarterly, "    period: quarterly\n", 1), encoding="utf-8")
    day = date(2024, 1, 10)
    with transaction(sessions) as session:
        store_catalogue(session, load_catalogue(copies), Actor("t", at(day), day), start)
    report = daily(sessions, day, date(2024, 12, 31))
    assert not report.skipped
    assert tasks(sessions) > planned  # the quarterly report of quarters II–IV
