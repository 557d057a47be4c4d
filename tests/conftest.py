"""Shared fixtures: a migrated ledger (SQLite, and PostgreSQL when configured), the demo
catalogue, and an SMTP server on loopback that records what it receives.

PostgreSQL: set DONDOC_TEST_POSTGRES_URL (CI uses postgresql://postgres@127.0.0.1:5432/test).
Each test gets its own schema there, built by the Alembic migrations and dropped afterwards.
Without it every PostgreSQL variant is still collected, and reported as skipped with the reason.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from calendars.business_time import BUSINESS_TZ
from ledger.audit import Actor
from ledger.db import make_engine, session_factory, transaction, upgrade
from ledger.store import store_catalogue
from notifications.config import SmtpSettings
from obligations.loader import Catalogue, catalogue_files, load_catalogue

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
POSTGRES_URL = os.environ.get("DONDOC_TEST_POSTGRES_URL")

POSTGRES_SKIP_REASON = (
    "set DONDOC_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test to run it"
)

# Every test on a ledger runs once per backend; without the URL the PostgreSQL variant is
# reported as skipped (`-ra` prints the reason) rather than silently left out of the count.
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(POSTGRES_URL is None, reason=POSTGRES_SKIP_REASON),
        ],
    ),
]

# A test about one backend's own mechanism runs on that backend only (not skipped on the other).
ON_SQLITE = pytest.mark.parametrize("ledger_url", [BACKENDS[0]], indirect=True)
ON_POSTGRESQL = pytest.mark.parametrize("ledger_url", [BACKENDS[1]], indirect=True)


def postgres_schema_url(base: str, schema: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


@contextmanager
def empty_ledger_url(backend: str, directory: Path) -> Iterator[str]:
    """An empty database URL: a SQLite file in `directory`, or a fresh PostgreSQL schema."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / 'ledger.db'}"
        return
    assert backend == "postgresql", backend
    assert POSTGRES_URL is not None, POSTGRES_SKIP_REASON
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield postgres_schema_url(POSTGRES_URL, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(autouse=True)
def _close_ledgers() -> Iterator[None]:
    """After each test, the ledgers the commands and flows opened here are closed: one test
    process meets hundreds of fresh schemas, and kept open, their idle connections exhaust
    the server's 100 (44 held by one of four xdist processes, measured here, when the
    children of a race test could no longer connect)."""
    yield
    from dondoc.wiring import close_ledgers

    close_ledgers()


@pytest.fixture(params=BACKENDS)
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL: a SQLite file, or a fresh PostgreSQL schema."""
    with empty_ledger_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def engine(ledger_url: str) -> Iterator[Engine]:
    """A ledger built by the migrations — the migrations are the test schema."""
    engine = make_engine(ledger_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[OrmSession]:
    return session_factory(engine)


def demo_catalogue_files() -> list[Path]:
    return catalogue_files(PLANS)


@pytest.fixture(scope="session")
def demo_catalogue() -> Catalogue:
    return load_catalogue(demo_catalogue_files())


def at(day: date, hour: int = 8, minute: int = 0) -> datetime:
    """An instant of a business day, Vietnamese time."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BUSINESS_TZ)


def load_demo(sessions: sessionmaker[OrmSession], start: date = date(2024, 1, 1)) -> None:
    """Store the demo catalogue in a ledger, tracking from `start`."""
    catalogue = load_catalogue(demo_catalogue_files())
    with transaction(sessions) as session:
        store_catalogue(session, catalogue, Actor("test:load", at(start), start), start)


def migrated_sqlite(path: Path) -> tuple[str, Engine, sessionmaker[OrmSession]]:
    """A new SQLite ledger built by the migrations, with the demo catalogue loaded."""
    return migrated(f"sqlite:///{path}")


def migrated(url: str) -> tuple[str, Engine, sessionmaker[OrmSession]]:
    """The empty database at `url` built by the migrations, with the demo catalogue loaded."""
    engine = make_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    load_demo(sessions)
    return url, engine, sessions


@pytest.fixture
def demo_ledger(sessions: sessionmaker[OrmSession]) -> sessionmaker[OrmSession]:
    """The demo plans loaded, tracking from 1 January 2024."""
    load_demo(sessions)
    return sessions


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    def parsed(self) -> EmailMessage:
        message = message_from_bytes(self.content, policy=default_policy)
        assert isinstance(message, EmailMessage)
        return message


def plain_text(message: EmailMessage) -> str:
    """The text/plain part of a message."""
    body = message.get_body(("plain",))
    assert body is not None, "the message has no text/plain part"
    content = body.get_content()
    assert isinstance(content, str)
    return content


@dataclass
class RecordingHandler:
    received: list[Received] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)  # recipient → reply

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        self.received.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos), content))
        return "250 Message accepted"


@dataclass
class SmtpServer:
    handler: RecordingHandler
    settings: SmtpSettings

    @property
    def received(self) -> list[Received]:
        return self.handler.received


@contextmanager
def smtp_server_for(handler: RecordingHandler) -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on loopback, on a free port, recording every message."""
    with socket.socket() as probe:  # a free port; aiosmtpd's Controller cannot start on port 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer(
            handler,
            SmtpSettings(host="127.0.0.1", port=port, sender_address="bdv@tinhuy.tayninh.example"),
        )
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with smtp_server_for(RecordingHandler()) as server:
        yield server


def pytest_report_header() -> list[str]:
    postgres = "postgresql" if POSTGRES_URL else f"postgresql skipped ({POSTGRES_SKIP_REASON})"
    return [f"ledger backends: sqlite, {postgres}"]
