"""What the fault tests share: a step run in a child process that is killed (SIGKILL) at a
seeded random moment, and an SMTP server on loopback that counts what it received by
Message-ID.

The child is forked from the test process, so that it starts in milliseconds and the kill
falls inside the work rather than inside Python's imports; it builds its own engine from the
ledger's URL, as another worker would, and touches nothing of its parent's.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import select, text
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from ledger.claims import LOCK_CLASS, Owner
from ledger.db import make_engine, session_factory, transaction
from ledger.models import OutboxMessage
from tests.conftest import RecordingHandler

Sessions = sessionmaker[OrmSession]
Work = Callable[[Sessions], Any]
CHILD_TIMEOUT = 60.0  # seconds: a child still running then is a hang, and the test says so


def _child(url: str, work: Work, started: Any) -> None:
    engine = make_engine(url)  # its own engine, as another worker's process would have
    try:
        started.set()
        work(session_factory(engine))
    finally:
        engine.dispose()


@dataclass
class Run:
    """What became of one child: killed (and when, after its start), or finished."""

    killed: bool
    after: float  # seconds from the child's start to its kill or its end
    exitcode: int | None


def run_and_kill(
    url: str,
    work: Work,
    delay: float | None,
    *,
    on_start: Callable[[int], None] | None = None,
) -> Run:
    """Run `work` in a forked child on the ledger at `url`; SIGKILL it `delay` seconds after it
    started (None: let it finish, or be killed by someone told its pid through `on_start`).
    The child is reaped before this returns."""
    context = multiprocessing.get_context("fork")
    started = context.Event()
    child = context.Process(target=_child, args=(url, work, started), daemon=True)
    child.start()
    assert child.pid is not None
    if on_start is not None:
        on_start(child.pid)
    if not started.wait(CHILD_TIMEOUT):
        child.kill()
        raise AssertionError("the child process did not start")
    began = time.monotonic()
    killed = False
    if delay is not None:
        child.join(delay)
        if child.is_alive():
            os.kill(child.pid, signal.SIGKILL)
            killed = True
    child.join(CHILD_TIMEOUT)
    after = time.monotonic() - began
    if child.is_alive():
        child.kill()
        child.join()
        raise AssertionError(f"the child process hung for {CHILD_TIMEOUT:.0f} s")
    if not killed and child.exitcode == -signal.SIGKILL:
        killed = True  # killed from elsewhere (the SMTP handler)
    return Run(killed, after, child.exitcode)


def kill_now(pid: int) -> None:
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


@dataclass
class CountingHandler(RecordingHandler):
    """Records every message; can kill a process on the `kill_on`-th message, before the
    server answers it (it is kept: accepted, never acknowledged) or `kill_after` seconds after
    the answer."""

    victim: int | None = None
    kill_on: int | None = None
    kill_after: float | None = None  # None: before the answer
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        with self.lock:
            due = self.kill_on is not None and len(self.received) == self.kill_on
        if due and self.victim is not None:
            victim = self.victim
            if self.kill_after is None:
                kill_now(victim)
                await asyncio.sleep(0.05)  # the answer then goes to a dead socket
            else:
                asyncio.get_running_loop().call_later(self.kill_after, kill_now, victim)
        return answer

    def by_message_id(self) -> Counter[str]:
        return Counter(str(m.parsed()["Message-ID"]) for m in self.received)

    def keys_of(self) -> dict[str, set[str]]:
        """X-Dondoc-Key → the Message-IDs it arrived under."""
        found: dict[str, set[str]] = {}
        for message in self.received:
            parsed = message.parsed()
            found.setdefault(str(parsed["X-Dondoc-Key"]), set()).add(str(parsed["Message-ID"]))
        return found


def sent_message_ids(sessions: Sessions) -> dict[str, str]:
    """dedupe key → Message-ID of the e-mails the ledger records as sent."""
    with transaction(sessions) as session:
        rows = session.execute(
            select(OutboxMessage.dedupe_key, OutboxMessage.message_id).where(
                OutboxMessage.status == "sent", OutboxMessage.channel == "email"
            )
        ).all()
    return {key: str(mid) for key, mid in rows}


def statuses(sessions: Sessions) -> Counter[str]:
    with transaction(sessions) as session:
        return Counter(session.scalars(select(OutboxMessage.status)))


def settle_time(seconds: float = 0.1) -> None:
    """Let the server finish with what reached it before the kill."""
    time.sleep(seconds)


def wait_for_dead_claimers(sessions: Sessions, timeout: float = 10.0) -> None:
    """On PostgreSQL, wait (bounded) until the server has ended the sessions of the killed
    claimers — it drops their advisory locks as the backend exits, a few milliseconds after
    the client's socket closed. Only call it once every claimer is dead."""
    with transaction(sessions) as session:
        if session.get_bind().dialect.name != "postgresql":
            return
        owners = session.scalars(
            select(OutboxMessage.claimed_by).where(OutboxMessage.status == "sending").distinct()
        ).all()
    tokens = [owner.token for owner in map(Owner.parse, owners) if owner is not None]
    deadline = time.monotonic() + timeout
    while tokens:
        with transaction(sessions) as session:
            held = session.scalar(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                    " AND classid = :lock_class AND objid = ANY(:tokens) AND objsubid = 2"
                ),
                {"lock_class": LOCK_CLASS, "tokens": tokens},
            )
        if not held:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"PostgreSQL kept a killed claimer's lock for {timeout:.0f} s")
        time.sleep(0.02)


def wait_for_backend_exit(sessions: Sessions, pid: int, timeout: float = 10.0) -> None:
    """On PostgreSQL, wait (bounded) until the server process `pid` has exited."""
    deadline = time.monotonic() + timeout
    while True:
        with transaction(sessions) as session:
            left = session.scalar(
                text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            )
        if not left:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"PostgreSQL's backend {pid} still runs after {timeout:.0f} s")
        time.sleep(0.02)
