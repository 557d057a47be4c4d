"""Kill -9 at random points of planning, opening, chasing and dispatching, then rerun: nothing
lost, nothing twice — on a real ledger (SQLite, and PostgreSQL in CI) and a real SMTP server
on loopback.

Two office days of the Tây Ninh plan: the plan loaded (as `dondoc plan load`), Monday 8/1/2024
opened (January's monthly reports and what else opens that week), its digests delivered at
07:30, then Thursday 11/1 chased (the seven-days-before reminders) and delivered. Each step
runs in a child process that is killed (SIGKILL) after a delay drawn from a seeded generator
over the step's own length, then is run again to completion; the next step follows. At the
end the ledger must hold what an uninterrupted run of the same steps holds — the same tasks,
the same notices (each stage of each task once), the same messages, all sent — and the SMTP
server must have received every message the ledger records sent, under its own Message-ID,
and a message twice only when its delivery was killed between the server's answer and its
record (at most one per connection per kill).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import aliased

from ledger.audit import Actor
from ledger.db import make_engine, session_factory, transaction, upgrade
from ledger.models import OutboxMessage, Task, TaskNotice
from ledger.store import read_catalogue
from notifications.config import SmtpSettings
from notifications.email import EmailChannel
from notifications.timing import OfficeHours
from obligations.loader import Catalogue, load_catalogue
from tasks import dispatch, steps
from tests.conftest import PLANS, at, smtp_server_for
from tests.integration.faults import (
    CountingHandler,
    Sessions,
    run_and_kill,
    sent_message_ids,
    settle_time,
    wait_for_dead_claimers,
)

HORIZON = date(2025, 12, 31)
START = date(2024, 1, 1)
MONDAY, THURSDAY = date(2024, 1, 8), date(2024, 1, 11)
TRIALS = (101, 202)  # seeds: each draws one kill point per step


def catalogue() -> Catalogue:
    return load_catalogue([PLANS / "tay-ninh-2024.yaml", *sorted((PLANS / "calendar").glob("*"))])


def office(sessions: Sessions, smtp: SmtpSettings) -> dispatch.Dispatch:
    """The daily delivery's set-up: office hours, one digest per recipient and day."""
    with transaction(sessions) as session:
        calendar = read_catalogue(session).catalogue.calendar
    return dispatch.Dispatch(
        {"email": EmailChannel(smtp)},
        timing=dispatch.office_timing(calendar.is_working_day, OfficeHours()),
        compose_digest=dispatch.digest_composer(),
        alert_text=dispatch.alert_text,
    )


Step = Callable[[Sessions], Any]


def the_steps(plans: Catalogue, smtp: SmtpSettings) -> Iterator[tuple[str, Step]]:
    """The two days' steps, in order, each as a flow runs it."""

    def plan(sessions: Sessions) -> None:
        steps.store_and_plan(sessions, plans, Actor("cli:plan-load", at(START, 6)), START, HORIZON)

    def opening(day: date) -> Step:
        return lambda s: steps.open_tasks(s, day, at(day, 6, 30), HORIZON)

    def chasing(day: date) -> Step:
        return lambda s: steps.chase(s, day, at(day, 7))

    def delivering(day: date) -> Step:
        return lambda s: asyncio.run(dispatch.deliver(s, office(s, smtp), at(day, 7, 30)))

    yield "plan", plan
    for day in (MONDAY, THURSDAY):
        yield f"open {day}", opening(day)
        yield f"chase {day}", chasing(day)
        yield f"deliver {day}", delivering(day)


@dataclass(frozen=True)
class Snapshot:
    tasks: Counter[tuple[Any, ...]]
    notices: Counter[tuple[Any, ...]]
    messages: Counter[tuple[Any, ...]]


def snapshot(sessions: Sessions) -> Snapshot:
    """The ledger by natural keys (ids differ: PostgreSQL's sequences do not roll back)."""
    key = (Task.obligation_id, Task.unit_code, Task.occurrence_key, Task.step_id)
    with transaction(sessions) as session:
        tasks = Counter(
            tuple(row) for row in session.execute(select(*key, Task.status, Task.due_on))
        )
        notices = Counter(
            tuple(row)
            for row in session.execute(
                select(*key, TaskNotice.stage, TaskNotice.outcome, TaskNotice.as_of).join(
                    Task, Task.id == TaskNotice.task_id
                )
            )
        )
        digest = aliased(OutboxMessage)
        messages = Counter(
            tuple(row)
            for row in session.execute(
                select(
                    *key,
                    OutboxMessage.stage,
                    OutboxMessage.kind,
                    OutboxMessage.channel,
                    OutboxMessage.recipient,
                    OutboxMessage.status,
                    digest.dedupe_key,
                )
                .outerjoin(Task, Task.id == OutboxMessage.task_id)
                .outerjoin(digest, digest.id == OutboxMessage.digest_id)
            )
        )
    return Snapshot(tasks, notices, messages)


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Snapshot, dict[str, float]]:
    """The same steps uninterrupted, on SQLite: what the ledger must end with, and how long
    each step takes (the kill points are drawn over it)."""
    plans = catalogue()
    lengths: dict[str, float] = {}
    for attempt in ("warm-up", "reference"):  # timed warm, as the trials' children run
        engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp(attempt) / 'ledger.db'}")
        upgrade(engine)
        sessions = session_factory(engine)
        with smtp_server_for(CountingHandler()) as smtp:
            for name, step in the_steps(plans, smtp.settings):
                began = time.monotonic()
                step(sessions)
                lengths[name] = time.monotonic() - began
        reference = snapshot(sessions)
        engine.dispose()
    return reference, lengths


def _count(snap: Snapshot, status: str) -> int:
    return sum(n for row, n in snap.messages.items() if row[8] == status)


@pytest.mark.parametrize("seed", TRIALS)
def test_steps_killed_at_random_points_and_rerun_lose_nothing_and_do_nothing_twice(
    sessions: Sessions,
    ledger_url: str,
    seed: int,
    expected: tuple[Snapshot, dict[str, float]],
) -> None:
    reference, lengths = expected
    rng = random.Random(seed)
    plans = catalogue()
    handler = CountingHandler()
    killed: list[str] = []
    delivered_kills = 0
    began = time.monotonic()
    with smtp_server_for(handler) as smtp:
        settings = SmtpSettings(
            host="127.0.0.1", port=smtp.settings.port, sender_address=smtp.settings.sender_address
        )
        for name, step in the_steps(plans, settings):
            # Drawn over the step's length uninterrupted (a child's may differ: a kill may
            # then fall after its end, and the step is simply run again).
            delay = rng.uniform(0.01, 0.9 * lengths[name] + 0.02)
            run = run_and_kill(ledger_url, step, delay)
            if run.killed:
                killed.append(f"{name} at {delay:.3f} s")
                delivered_kills += name.startswith("deliver")
                settle_time()
                wait_for_dead_claimers(sessions)
            else:
                assert run.exitcode == 0, f"{name} failed in its child process ({run})"
            step(sessions)  # the rerun, to completion
        received = handler.by_message_id()
    print(f"seed {seed}: killed {killed or 'nothing'} in {time.monotonic() - began:.1f} s")
    assert killed, "no step was killed: the trial tested nothing"
    got = snapshot(sessions)
    assert got.tasks == reference.tasks  # every task planned once, in the same state
    assert got.notices == reference.notices  # every stage of every task decided once
    assert got.messages == reference.messages  # every message queued once, same fate
    assert _count(got, "sent") > 40
    # Nothing left behind (a Zalo message is cancelled when it moves to e-mail: no Zalo here).
    assert {row[8] for row in got.messages} <= {"sent", "cancelled"}
    ledger_ids = sent_message_ids(sessions)
    assert set(received) == set(ledger_ids.values())  # each arrived, under its own id
    assert len(ledger_ids) == len(set(ledger_ids.values()))
    twice = {mid: n for mid, n in received.items() if n > 1}
    assert sum(n - 1 for n in twice.values()) <= settings.connections * delivered_kills, twice
