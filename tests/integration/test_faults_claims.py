"""Who holds a claim, on a real ledger (SQLite, and PostgreSQL in CI): a dead claimer's
messages go back at once, a live one's never — not even after the lease — and one nothing can
vouch for (another host's process on SQLite, a claim older than owners) after the lease."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from ledger.audit import Actor
from ledger.claims import (
    LOCK_CLASS,
    Liveness,
    Owner,
    claimer,
    liveness,
    process_start,
    this_host,
)
from ledger.db import make_engine, transaction
from ledger.models import OutboxMessage
from ledger.outbox import LEASE, Settlement, claim, queue_alert, release_expired, settle
from tasks import steps
from tasks.runlog import StepLog
from tests.conftest import ON_POSTGRESQL, ON_SQLITE, RecordingHandler, at, smtp_server_for
from tests.integration.faults import (
    run_and_kill,
    sent_message_ids,
    statuses,
    wait_for_backend_exit,
)

Sessions = sessionmaker[OrmSession]
DAY = date(2024, 1, 8)
NOW = at(DAY, 9)


def _queued(sessions: Sessions) -> None:
    """Twenty e-mails in the outbox (alerts to twenty addresses: no catalogue needed)."""
    office = [(f"Văn phòng {n}", f"vanphong{n}@tinhuy.tayninh.example") for n in range(20)]
    with transaction(sessions) as session:
        queue_alert(session, Actor("test", NOW), "test", DAY, "Thử", "Nội dung", None, office)
    assert statuses(sessions) == {"pending": 20}


def _claim_all(sessions: Sessions, owner: str | None) -> None:
    with transaction(sessions) as session:
        assert len(claim(session, NOW, "email", 100, owner=owner)) == 20


def _released(sessions: Sessions, after: timedelta) -> int:
    with transaction(sessions) as session:
        return release_expired(session, NOW + after)


def _exited_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = multiprocessing.get_context("fork").Process(target=os._exit, args=(0,))
    child.start()
    child.join(10)
    assert child.exitcode == 0
    assert child.pid is not None
    return child.pid


def test_a_process_gone_from_this_host_is_dead_and_another_hosts_is_unknown() -> None:
    here = this_host()
    me = Owner(7, os.getpid(), process_start(os.getpid()), here)
    gone = _exited_pid()
    assert liveness(Owner(7, gone, None, here), here) is Liveness.DEAD
    # The pid of a process that lives now, with another start: the pid was reused.
    assert liveness(Owner(7, os.getppid(), 1, here), here) is Liveness.DEAD
    assert liveness(Owner(7, os.getppid(), process_start(os.getppid()), here), here) is (
        Liveness.ALIVE
    )
    assert liveness(Owner(7, gone, None, "another-host"), here) is Liveness.UNKNOWN
    # This very process: alive while the run is, dead once it is over.
    assert liveness(me, here) is Liveness.DEAD  # token 7 is no run of ours


def test_an_owner_reads_back_as_it_was_written() -> None:
    owner = Owner(0x1234ABC, 4242, 987654, "may-chu-1")
    assert Owner.parse(str(owner)) == owner
    assert Owner.parse(str(Owner(9, 1, None, "h"))) == Owner(9, 1, None, "h")
    assert Owner.parse("worker-3") is None
    assert Owner.parse(None) is None


def test_a_dead_claimers_messages_go_back_at_once_a_live_ones_never(
    sessions: Sessions,
) -> None:
    _queued(sessions)
    with claimer(sessions) as live:
        _claim_all(sessions, str(live))
        # A day later in the ledger's clock: still this live run's.
        assert _released(sessions, timedelta(days=1)) == 0
        assert statuses(sessions) == {"sending": 20}
    # The run is over (its process lives on, as `dondoc up`'s does): the next run takes them.
    assert _released(sessions, timedelta(minutes=1)) == 20
    assert statuses(sessions) == {"pending": 20}


@ON_SQLITE  # on PostgreSQL every owner is judged by its lock, from any host (the next test)
def test_a_claim_nothing_can_vouch_for_goes_back_after_the_lease(sessions: Sessions) -> None:
    _queued(sessions)
    elsewhere = str(Owner(5, 4242, None, "another-host"))
    _claim_all(sessions, elsewhere)
    assert _released(sessions, LEASE - timedelta(minutes=1)) == 0
    assert _released(sessions, LEASE + timedelta(minutes=1)) == 20


def test_a_claim_made_before_owners_goes_back_after_the_lease(sessions: Sessions) -> None:
    _queued(sessions)
    _claim_all(sessions, None)
    assert _released(sessions, LEASE - timedelta(minutes=1)) == 0
    assert _released(sessions, LEASE + timedelta(minutes=1)) == 20


@ON_POSTGRESQL
def test_on_postgresql_a_claimer_whose_lock_is_held_elsewhere_is_alive_from_any_host(
    sessions: Sessions, ledger_url: str
) -> None:
    _queued(sessions)
    owner = Owner(0x5EED, 1, None, "another-host")
    engine = make_engine(ledger_url)
    holder = engine.connect()
    backend = holder.scalar(text("SELECT pg_backend_pid()"))
    try:
        assert holder.scalar(
            text("SELECT pg_try_advisory_lock(:c, :k)"), {"c": LOCK_CLASS, "k": owner.token}
        )
        _claim_all(sessions, str(owner))
        assert _released(sessions, timedelta(days=1)) == 0
    finally:
        holder.close()
        engine.dispose()  # the session ends, and its lock with it: the claimer is gone
    wait_for_backend_exit(sessions, int(backend))
    assert _released(sessions, timedelta(minutes=1)) == 20


@dataclass
class StallingHandler(RecordingHandler):
    """Holds every message until `go` is set (bounded), as a slow relay would."""

    go: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.arrived.set()
        deadline = time.monotonic() + 30
        while not self.go.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        return await super().handle_DATA(server, session, envelope)


def test_a_live_workers_claims_are_not_taken_by_another_run_even_after_the_lease(
    sessions: Sessions, ledger_url: str
) -> None:
    _queued(sessions)
    handler = StallingHandler()
    with smtp_server_for(handler) as smtp:
        result: dict[str, object] = {}

        def other_run() -> None:
            handler.arrived.wait(20)
            # Another worker, long after the claims' lease by the ledger's clock.
            late = NOW + LEASE + timedelta(hours=1)
            try:
                result["log"] = asyncio.run(steps.deliver(sessions, smtp.settings, late))
                result["statuses"] = statuses(sessions)
            finally:
                handler.go.set()

        def deliver(sessions: Sessions) -> None:
            asyncio.run(steps.deliver(sessions, smtp.settings, NOW))

        watcher = threading.Thread(target=other_run)
        watcher.start()
        run = run_and_kill(ledger_url, deliver, None)
        watcher.join(30)
    assert not run.killed
    assert run.exitcode == 0
    log = result["log"]
    assert isinstance(log, StepLog)
    assert log.counts.get("released", 0) == log.counts.get("sent", 0) == 0
    assert result["statuses"] == {"sending": 20}  # the live worker's, untouched
    assert statuses(sessions) == {"sent": 20}
    received = [str(m.parsed()["Message-ID"]) for m in handler.received]
    assert sorted(received) == sorted(sent_message_ids(sessions).values())  # once each


def test_a_claim_taken_over_is_not_settled_by_its_former_owner(sessions: Sessions) -> None:
    _queued(sessions)
    _claim_all(sessions, "former")
    with transaction(sessions) as session:
        first = session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)).first()
        assert first is not None
        session.execute(
            update(OutboxMessage).where(OutboxMessage.id == first).values(claimed_by="successor")
        )
    with transaction(sessions) as session:
        done = settle(
            session,
            Actor("test", NOW),
            [Settlement(first, "sent", "<x@dondoc>"), Settlement(first + 1, "sent", "<y@dondoc>")],
            owner="former",
        )
    assert done.counts["sent"] == 1  # its own; the other is the successor's to settle
    with transaction(sessions) as session:
        taken = session.get(OutboxMessage, first)
        assert taken is not None
        assert (taken.status, taken.claimed_by) == ("sending", "successor")
