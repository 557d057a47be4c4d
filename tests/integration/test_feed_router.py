"""`GET /lich/{token}.ics` served by uvicorn on loopback, fetched with httpx, on each backend:
an issued token's feed, a revoked one's 404, a wrong one's 404."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from dondoc.web_feeds import NOT_FOUND, feed_router
from ledger.audit import Actor
from ledger.db import transaction
from ledger.feeds import issue, resolve, revoke
from ledger.models import AuditEntry, FeedToken

NOW = datetime(2024, 1, 10, 2, 0, tzinfo=UTC)  # 09:00 on 10/01/2024 in Vietnam
ACTOR = Actor("test:feeds", NOW, date(2024, 1, 10))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(demo_ledger: sessionmaker[OrmSession]) -> Iterator[str]:
    app = FastAPI()
    app.include_router(feed_router(demo_ledger, clock=lambda: NOW))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def test_an_issued_token_serves_the_units_feed_and_a_revoked_one_404s(
    served: str, demo_ledger: sessionmaker[OrmSession]
) -> None:
    with transaction(demo_ledger) as session:
        token = issue(session, ACTOR, "tn-mttq")
    response = httpx.get(f"{served}/lich/{token}.ics", timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    days = {str(e["UID"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    # Seed 003: the Front's January 2024 report, by 18/01/2024 (this year's feed).
    assert days["tay-ninh-2024/tn-bc-dan-van-thang/2024-01/report/tn-mttq@dondoc"] == date(
        2024, 1, 18
    )
    assert all(uid.endswith("/tn-mttq@dondoc") for uid in days if uid.count("/") == 4)

    # Built once: the next fetch is the same file, DTSTAMP included.
    assert httpx.get(f"{served}/lich/{token}.ics", timeout=60).content == response.content

    with transaction(demo_ledger) as session:
        assert revoke(session, ACTOR, "tn-mttq") != []
    gone = httpx.get(f"{served}/lich/{token}.ics", timeout=60)
    assert gone.status_code == 404
    assert gone.text == NOT_FOUND


def test_a_wrong_token_gets_the_same_404(served: str) -> None:
    for wrong in ("x", "A" * 43, "%0d%0aSet-Cookie:a=b"):
        response = httpx.get(f"{served}/lich/{wrong}.ics", timeout=30)
        assert response.status_code == 404
        assert response.text == NOT_FOUND
        assert "set-cookie" not in response.headers


def test_the_ledger_keeps_only_the_hash_and_audits_issue_and_revoke(
    demo_ledger: sessionmaker[OrmSession],
) -> None:
    with transaction(demo_ledger) as session:
        token = issue(session, ACTOR, "office")
        assert resolve(session, token) == "office"
    with transaction(demo_ledger) as session:
        (row,) = session.scalars(select(FeedToken)).all()
        assert token not in row.token_hash
        assert len(row.token_hash) == 64
        revoke(session, ACTOR, "office")
        assert resolve(session, token) is None
        actions = session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity == "feed_token")
            .order_by(AuditEntry.id)
        ).all()
    assert actions == ["issue", "revoke"]


def test_the_offices_token_serves_every_plan_and_its_festivals(
    served: str, demo_ledger: sessionmaker[OrmSession]
) -> None:
    with transaction(demo_ledger) as session:
        token = issue(session, ACTOR, "office")
    response = httpx.get(f"{served}/lich/{token}.ics", timeout=120)
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    plans = {str(e["UID"]).split("/")[0] for e in events}
    assert {"tay-ninh-2024", "lang-son-2024"} <= plans
    days = {str(e["UID"]): e.decoded("DTSTART") for e in events}
    # Vu Lan, 15/7 âm lịch Giáp Thìn = 18/08/2024 (seed 003; the published lunar calendar).
    assert days["tay-ninh-2024/tn-du-le-vu-lan/2024@dondoc"] == date(2024, 8, 18)
