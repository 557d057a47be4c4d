"""Who holds the outbox's claims, and whether that holder is provably gone.

A delivery run claims messages under an owner — a random token, the host, the process id and
the process's start — written into each claimed row (`outbox.claimed_by`). The next run hands
back at once the claims of an owner that is provably dead, instead of waiting for the claim's
lease; an owner that is alive, or that nothing can prove dead, keeps its claims:

- PostgreSQL: the run holds a session advisory lock keyed by its token on a connection of its
  own for as long as it runs. The server drops the lock when that session ends (the process
  died, its connection broke), so another session's `pg_try_advisory_xact_lock` on the key
  succeeding proves the owner gone, from any host; failing, proves it alive.
- SQLite (one machine): a process on the same host whose pid is gone, or is a zombie, or is
  now another process (a different start time) is dead; a run of this very process that is no
  longer running is over. Another host's owner cannot be checked: its claims wait for the
  lease.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session, sessionmaker

logger = logging.getLogger(__name__)

# The advisory locks' first key ("dond"): the two-key form keeps these apart from any lock
# taken with a single bigint key.
LOCK_CLASS = 0x646F6E64
OWNER_LENGTH = 200  # the column's width
_ACTIVE: set[int] = set()  # the tokens of this process's runs that are still running


class Liveness(StrEnum):
    ALIVE = "alive"
    DEAD = "dead"
    UNKNOWN = "unknown"  # another host's process, or an owner written by no known format


@dataclass(frozen=True)
class Owner:
    """One delivery run of one process, as written into the rows it claims."""

    token: int  # random, 1 … 2³¹−1; on PostgreSQL the second key of the run's advisory lock
    pid: int
    started: int | None  # the process's start, clock ticks after boot (Linux), else None
    host: str

    def __str__(self) -> str:
        started = "-" if self.started is None else str(self.started)
        return f"{self.token:08x} {self.pid} {started} {self.host}"[:OWNER_LENGTH]

    @classmethod
    def parse(cls, value: str | None) -> Owner | None:
        """The owner written as `str(owner)`; None for anything else."""
        parts = (value or "").split(" ", 3)
        if len(parts) != 4:
            return None
        token, pid, started, host = parts
        try:
            return cls(int(token, 16), int(pid), None if started == "-" else int(started), host)
        except ValueError:
            return None


def process_start(pid: int) -> int | None:
    """When process `pid` started (clock ticks after boot), from /proc; None without /proc
    or without that process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces: split after it.
    fields = stat.rpartition(")")[2].split()
    try:
        return int(fields[19])  # field 22 of the line: starttime
    except (IndexError, ValueError):
        return None


def _state(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()
    return fields[0] if fields else None


def liveness(owner: Owner, host: str | None = None) -> Liveness:
    """Whether the process (and run) that wrote `owner` is alive, judged from this host."""
    if owner.host != (host or this_host()):
        return Liveness.UNKNOWN
    if owner.pid == os.getpid() and owner.started == process_start(os.getpid()):
        return Liveness.ALIVE if owner.token in _ACTIVE else Liveness.DEAD
    try:
        os.kill(owner.pid, 0)
    except ProcessLookupError:
        return Liveness.DEAD
    except PermissionError:
        pass  # it exists, under another user
    if _state(owner.pid) == "Z":
        return Liveness.DEAD  # killed, not yet reaped by its parent
    started = process_start(owner.pid)
    if owner.started is not None and started is not None and started != owner.started:
        return Liveness.DEAD  # the pid is another process's now
    return Liveness.ALIVE


def pg_liveness(session: Session, owner: Owner) -> Liveness:
    """On PostgreSQL: whether the owner's session still holds its advisory lock. When it does
    not, this transaction holds it until its end, so no new run can take the same key and be
    mistaken for the dead one meanwhile."""
    free = session.scalar(
        text("SELECT pg_try_advisory_xact_lock(:lock_class, :token)"),
        {"lock_class": LOCK_CLASS, "token": owner.token},
    )
    return Liveness.DEAD if free else Liveness.ALIVE


def judge(session: Session, value: str | None) -> Liveness:
    """The liveness of the owner written `value` into claimed rows, on the session's backend."""
    owner = Owner.parse(value)
    if owner is None:
        return Liveness.UNKNOWN
    if session.get_bind().dialect.name == "postgresql":
        return pg_liveness(session, owner)
    return liveness(owner)


class LostClaims(RuntimeError):
    """The connection that held this run's claims broke: another run may take them now."""


@dataclass
class Claimer:
    """A delivery run's hold on what it claims, for as long as the run lasts."""

    owner: Owner
    connection: Connection | None = None  # PostgreSQL: the session holding the lock

    def __str__(self) -> str:
        return str(self.owner)

    def check(self) -> None:
        """Before claiming more: the lock is still held (raises `LostClaims` if not)."""
        if self.connection is None:
            return
        try:
            held = self.connection.scalar(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND pid = pg_backend_pid() AND classid = :lock_class AND objid = :token"
                    " AND objsubid = 2"
                ),
                {"lock_class": LOCK_CLASS, "token": self.owner.token},
            )
            self.connection.commit()
        except Exception as error:
            raise LostClaims(
                "mất kết nối giữ quyền gửi của lượt này; lượt sau sẽ gửi tiếp phần còn lại / "
                f"the connection holding this run's claims was lost: {error}"
            ) from error
        if not held:
            raise LostClaims(
                "lượt gửi này không còn giữ quyền gửi; lượt sau sẽ gửi tiếp phần còn lại / "
                "this run no longer holds its claims' lock"
            )


def this_host() -> str:
    """This machine's name, and its pid namespace: two containers on one machine may share a
    name, and their pids are not each other's."""
    name = socket.gethostname().replace(" ", "_").replace("/", "_") or "localhost"
    try:
        namespace = str(os.stat("/proc/self/ns/pid").st_ino)
    except OSError:
        return name
    return f"{name}/{namespace}"


def engine_of(sessions: sessionmaker[Session]) -> Engine:
    bind = sessions.kw.get("bind")
    assert isinstance(bind, Engine), "the sessions are bound to no engine"
    return bind


@contextmanager
def claimer(sessions: sessionmaker[Session]) -> Iterator[Claimer]:
    """Hold a new owner for a run's claims while the block runs."""
    engine = engine_of(sessions)
    pid = os.getpid()
    connection: Connection | None = None
    token = 0
    if engine.dialect.name == "postgresql":
        connection = engine.connect()
        try:
            for _ in range(16):  # another live run may have drawn the same key: draw again
                token = secrets.randbelow(2**31 - 1) + 1
                if connection.scalar(
                    text("SELECT pg_try_advisory_lock(:lock_class, :token)"),
                    {"lock_class": LOCK_CLASS, "token": token},
                ):
                    break
            else:
                raise RuntimeError("no free advisory lock key for the run's claims")
            connection.commit()  # idle, not idle in a transaction, for the run's length
        except BaseException:
            connection.close()
            raise
    else:
        token = secrets.randbelow(2**31 - 1) + 1
    owner = Owner(token, pid, process_start(pid), this_host())
    _ACTIVE.add(token)
    try:
        yield Claimer(owner, connection)
    finally:
        _ACTIVE.discard(token)
        if connection is not None:
            try:
                connection.execute(
                    text("SELECT pg_advisory_unlock(:lock_class, :token)"),
                    {"lock_class": LOCK_CLASS, "token": token},
                )
                connection.commit()
            except Exception as error:  # the session is gone, and its lock with it
                logger.info("the claims' lock connection was already closed: %s", error)
                connection.invalidate()
            finally:
                connection.close()
