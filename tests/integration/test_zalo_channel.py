"""The Zalo channels against the fake Zalo on loopback (real HTTP), tokens in a real ledger."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from ledger.credentials import (
    LedgerTokens,
    Token,
    TokenChainBroken,
    broken,
    read_token,
    reauthorise,
    seed,
)
from ledger.db import make_engine, session_factory, transaction, upgrade
from notifications.channels import Category, Delivery, Outgoing, Result
from notifications.config import ZaloSettings
from notifications.fake_zalo import FakeZalo
from notifications.zalo import (
    OaChannel,
    ZnsChannel,
    parse_delivery,
    verify_webhook,
)
from tests.integration import zalo_child
from tests.locks import blocked

pytestmark = pytest.mark.anyio

TEMPLATE = "7895417"
PHONE = "84987654321"
NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
Sessions = sessionmaker[Session]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def fake() -> Iterator[FakeZalo]:
    with FakeZalo() as fake:
        fake.register_template(TEMPLATE, {"ten_don_vi": 40, "han": 10})
        yield fake


@pytest.fixture
def local_sessions(tmp_path: Path) -> Iterator[Sessions]:
    """A SQLite ledger: for the tests that are about the channel, not the backend."""
    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    upgrade(engine)
    yield session_factory(engine)
    engine.dispose()


def seeded(sessions: Sessions, fake: FakeZalo, expires_at: datetime | None = None) -> Token:
    access, refresh = fake.issue_tokens()
    with transaction(sessions) as session:
        seed(
            session,
            access,
            refresh,
            expires_at or datetime.now(UTC) + timedelta(hours=24),
            NOW,
            actor="test",
        )
        token = read_token(session)
    assert token is not None
    return token


def zns(
    fake: FakeZalo, sessions: Sessions, **overrides: Any
) -> tuple[ZnsChannel, ZaloSettings, LedgerTokens]:
    settings = fake.settings(**({"rate_per_second": 1000.0} | overrides))
    tokens = LedgerTokens(sessions, settings)
    return ZnsChannel(settings, tokens), settings, tokens


def message(number: int, phone: str = "0987 654 321", **data: str) -> Outgoing:
    return Outgoing(
        id=number,
        key=f"notice:{number}:zalo-zns:84987654321",
        address=phone,
        name="Văn phòng Sở Tư pháp",
        subject="Nhắc hạn",
        text="Nhắc hạn báo cáo",
        payload={
            "template_id": TEMPLATE,
            "template_data": data or {"ten_don_vi": "Sở Tư pháp", "han": "05/11/2026"},
        },
    )


async def send(channel: ZnsChannel | OaChannel, batch: list[Outgoing]) -> list[Result]:
    results: list[Result] = []

    async def report(result: Result) -> None:
        results.append(result)

    await channel.send(batch, report)
    return sorted(results, key=lambda r: r.id)


def template_requests(fake: FakeZalo) -> list[Any]:
    return [r for r in fake.requests if r.path == "/message/template"]


async def test_a_template_message_is_sent_with_its_provider_id_and_the_quota(
    fake: FakeZalo, local_sessions: Sessions
) -> None:
    token = seeded(local_sessions, fake)
    channel, _, _ = zns(fake, local_sessions)
    [result] = await send(channel, [message(42)])
    [sent] = fake.sent
    assert result.delivery is Delivery.SENT
    assert result.provider_id == sent.msg_id
    assert result.extra == {
        "tracking_id": "dd92c1c5412c813d96d8857109a520ffe5d65bc1dd",
        "quota": {"daily": 5000, "remaining": 4999},
    }
    [request] = template_requests(fake)
    assert request.token == token.access_token
    assert "authorization" not in request.headers
    assert request.headers["content-type"] == "application/json"
    assert request.body == {
        "phone": "84987654321",
        "template_id": "7895417",
        "template_data": {"ten_don_vi": "Sở Tư pháp", "han": "05/11/2026"},
        "tracking_id": "dd92c1c5412c813d96d8857109a520ffe5d65bc1dd",
    }


async def test_development_mode_is_asked_for_and_reaches_only_admins(
    fake: FakeZalo, local_sessions: Sessions
) -> None:
    seeded(local_sessions, fake)
    fake.admins.add("84912345678")
    channel, _, _ = zns(fake, local_sessions, development_mode=True)
    results = await send(channel, [message(1, "0912345678"), message(2)])
    assert [(r.delivery, r.category) for r in results] == [
        (Delivery.SENT, None),
        (Delivery.CONFIG, Category.CONFIG),
    ]
    assert {r.body["mode"] for r in template_requests(fake)} == {"development"}


async def test_an_expired_token_is_refreshed_once_the_send_retried_and_the_pair_rotated(
    fake: FakeZalo, local_sessions: Sessions
) -> None:
    old = seeded(local_sessions, fake)
    fake.expire_access_tokens()
    channel, _, _ = zns(fake, local_sessions)
    [result] = await send(channel, [message(1)])
    assert result.delivery is Delivery.SENT
    assert len(fake.refreshes) == 1
    assert fake.refreshes[0].body["refresh_token"] == old.refresh_token
    assert fake.refreshes[0].headers["secret_key"] == "fake-app-secret"
    new_access, new_refresh = fake.issued[-1]
    assert [r.token for r in template_requests(fake)] == [old.access_token, new_access]
    with local_sessions() as session:
        stored = read_token(session)
    assert stored is not None
    assert (stored.access_token, stored.refresh_token, stored.version) == (
        new_access,
        new_refresh,
        2,
    )


async def test_workers_refused_together_share_one_refresh(
    fake: FakeZalo, local_sessions: Sessions
) -> None:
    seeded(local_sessions, fake)
    fake.expire_access_tokens()
    channel, _, _ = zns(fake, local_sessions, max_in_flight=10)
    results = await send(channel, [message(n) for n in range(10)])
    assert {r.delivery for r in results} == {Delivery.SENT}
    assert len(fake.refreshes) == 1
    assert {s.token for s in fake.sent} == {fake.issued[-1][0]}


async def test_a_token_still_refused_after_one_refresh_is_not_refreshed_again(
    fake: FakeZalo, local_sessions: Sessions
) -> None:
    seeded(local_sessions, fake)
    fake.script(PHONE, ["error:-124", "error:-124", "ok"])
    channel, _, _ = zns(fake, local_sessions)
    [result] = await send(channel, [message(1)])
    assert (result.delivery, result.category) == (Delivery.CONFIG, Category.AUTH)
    assert len(fake.refreshes) == 1
    assert len(template_requests(fake)) == 2


def test_a_spent_refresh_token_is_refused_by_the_fake(fake: FakeZalo) -> None:
    _, refresh = fake.issue_tokens()
    form = {"refresh_token": refresh, "app_id": "1234567890", "grant_type": "refresh_token"}
    url = f"{fake.url}/v4/oa/access_token"
    headers = {"secret_key": "fake-app-secret"}
    first = httpx.post(url, data=form, headers=headers)
    again = httpx.post(url, data=form, headers=headers)
    assert first.status_code == 200
    assert first.json()["expires_in"] == "90000"
    assert (again.status_code, again.json()["error"]) == (200, -14014)
    assert "access_token" not in again.json()
    wrong_secret = httpx.post(url, data=form, headers={"secret_key": "nope"})
    assert wrong_secret.json()["error"] == -14004


async def test_a_refused_refresh_marks_the_chain_broken_and_raises(
    fake: FakeZalo, sessions: Sessions
) -> None:
    seeded(sessions, fake)
    fake.spent_refresh_error = -14099
    _, spent = fake.issued[-1]
    # Someone else spends the refresh token behind the ledger's back.
    httpx.post(
        f"{fake.url}/v4/oa/access_token",
        data={"refresh_token": spent, "app_id": "1234567890", "grant_type": "refresh_token"},
        headers={"secret_key": "fake-app-secret"},
    )
    fake.expire_access_tokens()
    settings = fake.settings(spent_refresh_errors=(-14099,))
    tokens = LedgerTokens(sessions, settings)
    with sessions() as session:
        token = read_token(session)
    assert token is not None
    with pytest.raises(TokenChainBroken) as raised:
        await tokens.refresh(token)
    assert "-14099" in str(raised.value)
    assert "cấp quyền lại" in str(raised.value)
    with sessions() as session:
        [chain] = broken(session)
    assert chain.name == "zalo-oa"
    assert chain.reason == str(raised.value)
    # A broken chain is not presented to Zalo again: every send is held, loudly.
    channel = ZnsChannel(settings, tokens)
    with pytest.raises(TokenChainBroken):
        await send(channel, [message(1), message(2)])
    assert len(fake.refreshes) == 2
    assert template_requests(fake) == []
    # An OA admin authorises again: the chain is mended.
    access, refresh = fake.issue_tokens()
    with transaction(sessions) as session:
        reauthorise(
            session, access, refresh, datetime.now(UTC) + timedelta(hours=25), NOW, actor="test"
        )
        assert broken(session) == []
    [result] = await send(channel, [message(3)])
    assert result.delivery is Delivery.SENT


async def test_a_broken_chain_holds_every_message_of_the_batch(
    fake: FakeZalo, local_sessions: Sessions
) -> None:
    channel, _, _ = zns(fake, local_sessions)  # never seeded
    results: list[Result] = []

    async def report(result: Result) -> None:
        results.append(result)

    with pytest.raises(TokenChainBroken):
        await channel.send([message(1), message(2), message(3)], report)
    assert sorted((r.id, r.delivery, r.category) for r in results) == [
        (1, Delivery.CONFIG, Category.AUTH),
        (2, Delivery.CONFIG, Category.AUTH),
        (3, Delivery.CONFIG, Category.AUTH),
    ]


async def test_a_token_near_its_expiry_is_refreshed_before_sending(
    fake: FakeZalo, sessions: Sessions
) -> None:
    old = seeded(sessions, fake, expires_at=NOW + timedelta(minutes=30))
    settings = fake.settings()
    tokens = LedgerTokens(sessions, settings, clock=lambda: NOW)
    token = await tokens.current()
    assert (token.access_token, token.refresh_token) == fake.issued[-1]
    assert token.expires_at == NOW + timedelta(seconds=90000)
    assert token.access_token != old.access_token
    assert len(fake.refreshes) == 1
    assert await tokens.current() == token  # fresh now: no second refresh
    assert len(fake.refreshes) == 1


def test_the_seed_is_stored_only_once(fake: FakeZalo, sessions: Sessions) -> None:
    first = seeded(sessions, fake)
    with transaction(sessions) as session:
        assert not seed(session, "other", "other", NOW, NOW, actor="test")
        assert read_token(session) == first


def test_two_workers_seeding_at_once_both_go_on_and_the_first_pair_is_kept(
    sessions: Sessions,
) -> None:
    # Worker A has stored the seed, not yet committed; worker B, starting meanwhile, finds no
    # row and inserts too. On PostgreSQL B waits for A's commit and then finds the key taken:
    # it must store nothing and go on, not fail its run with a UniqueViolation. (SQLite holds
    # B at its BEGIN until A commits, so B finds A's row; the test holds on both.)
    engine = sessions.kw["bind"]
    postgres = engine.dialect.name == "postgresql"
    outcome: list[object] = []
    started = threading.Event()
    backend: list[int] = []

    def worker_b() -> None:
        try:
            with transaction(sessions) as session:
                if postgres:
                    backend.append(session.execute(text("SELECT pg_backend_pid()")).scalar_one())
                started.set()
                outcome.append(seed(session, "b-access", "b-refresh", NOW, NOW, actor="test"))
        except Exception as error:  # the failure the test is about
            outcome.append(error)
        finally:
            started.set()

    with transaction(sessions) as session_a:
        assert seed(session_a, "a-access", "a-refresh", NOW, NOW, actor="test")
        thread = threading.Thread(target=worker_b)
        thread.start()
        assert started.wait(30)
        if postgres:
            blocked(engine, backend[0])  # B waits for A's commit
        else:
            time.sleep(0.2)  # SQLite: B is held at its BEGIN; nothing to observe
    thread.join(30)
    assert outcome == [False]
    with transaction(sessions) as session:
        token = read_token(session)
    assert token is not None
    assert (token.access_token, token.refresh_token, token.version) == ("a-access", "a-refresh", 1)


async def test_an_exhausted_quota_holds_the_rest_of_the_batch_unsent(
    local_sessions: Sessions,
) -> None:
    with FakeZalo(daily_quota=2) as fake:
        fake.register_template(TEMPLATE, {"ten_don_vi": 40, "han": 10})
        seeded(local_sessions, fake)
        channel, _, _ = zns(fake, local_sessions, max_in_flight=1)
        results = await send(channel, [message(n) for n in range(1, 6)])
        assert [(r.delivery, r.category) for r in results] == [
            (Delivery.SENT, None),
            (Delivery.SENT, None),
            (Delivery.CONFIG, Category.QUOTA),
            (Delivery.CONFIG, Category.QUOTA),
            (Delivery.CONFIG, Category.QUOTA),
        ]
        assert results[1].extra["quota"] == {"daily": 2, "remaining": 0}
        assert "-115" in (results[2].error or "")
        assert (results[4].error or "").startswith("Chưa gửi: Zalo -115")
        assert len(template_requests(fake)) == 3


async def test_a_number_not_on_zalo_fails_for_good_with_category_recipient(
    fake: FakeZalo, local_sessions: Sessions
) -> None:
    seeded(local_sessions, fake)
    fake.script(PHONE, ["error:-118"])
    channel, _, _ = zns(fake, local_sessions)
    [result] = await send(channel, [message(1)])
    assert (result.delivery, result.category) == (Delivery.FAILED, Category.RECIPIENT)
    assert (result.error or "").startswith("Zalo -118 (Zalo account not existed)")


async def test_numbers_not_on_zalo_or_inactive_are_refused_every_time(
    fake: FakeZalo, local_sessions: Sessions
) -> None:
    seeded(local_sessions, fake)
    fake.not_on_zalo.add("84912345678")
    fake.inactive.add("84333123456")
    channel, _, _ = zns(fake, local_sessions)
    batch = [message(1, "0912345678"), message(2, "0333123456"), message(3)]
    results = await send(channel, [*batch, message(4, "0912345678")])
    assert [(r.delivery, r.category, (r.error or "")[:9]) for r in results] == [
        (Delivery.FAILED, Category.RECIPIENT, "Zalo -118"),
        (Delivery.FAILED, Category.RECIPIENT, "Zalo -114"),
        (Delivery.SENT, None, ""),
        (Delivery.FAILED, Category.RECIPIENT, "Zalo -118"),
    ]


async def test_a_malformed_number_fails_without_calling_zalo(
    fake: FakeZalo, local_sessions: Sessions
) -> None:
    seeded(local_sessions, fake)
    channel, _, _ = zns(fake, local_sessions)
    [result] = await send(channel, [message(1, "01234567890")])
    assert (result.delivery, result.category) == (Delivery.FAILED, Category.RECIPIENT)
    assert template_requests(fake) == []


async def test_a_parameter_over_its_maximum_length_holds_the_message(
    fake: FakeZalo, local_sessions: Sessions
) -> None:
    seeded(local_sessions, fake)
    channel, _, _ = zns(fake, local_sessions)
    [result] = await send(channel, [message(1, ten_don_vi="x" * 41, han="05/11/2026")])
    assert (result.delivery, result.category) == (Delivery.CONFIG, Category.CONFIG)
    assert "ten_don_vi is break max length" in (result.error or "")


async def test_server_errors_are_retried_later(fake: FakeZalo, local_sessions: Sessions) -> None:
    seeded(local_sessions, fake)
    fake.script(PHONE, ["http500", "error:-100"])
    channel, _, _ = zns(fake, local_sessions)
    first = await send(channel, [message(1)])
    second = await send(channel, [message(1)])
    third = await send(channel, [message(1)])
    assert [(r.delivery, r.category) for r in first + second + third] == [
        (Delivery.RETRY, Category.TRANSIENT),
        (Delivery.RETRY, Category.TRANSIENT),
        (Delivery.SENT, None),
    ]


@pytest.mark.parametrize("behaviour", ["hang", "drop", "timeout"])
async def test_an_answer_lost_after_the_request_is_unknown_and_not_resent(
    behaviour: str, local_sessions: Sessions
) -> None:
    with FakeZalo(slow_seconds=1.5) as fake:
        fake.register_template(TEMPLATE, {"ten_don_vi": 40, "han": 10})
        seeded(local_sessions, fake)
        fake.script(PHONE, [behaviour])
        channel, _, _ = zns(fake, local_sessions, timeout_seconds=0.5)
        [result] = await send(channel, [message(1)])
        assert (result.delivery, result.category) == (Delivery.UNKNOWN, Category.TRANSIENT)
        assert "đối soát" in (result.error or "")
        assert len(template_requests(fake)) == 1
        if behaviour in ("drop", "timeout"):  # Zalo did take it: resending would duplicate
            deadline = time.monotonic() + 10
            while not fake.sent and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(fake.sent) == 1


async def test_zalo_out_of_reach_is_retried(local_sessions: Sessions) -> None:
    with FakeZalo() as fake:
        seeded(local_sessions, fake)
    channel, _, _ = zns(fake, local_sessions)  # the fake is gone: nothing listens there
    [result] = await send(channel, [message(1)])
    assert (result.delivery, result.category) == (Delivery.RETRY, Category.TRANSIENT)


async def test_the_configured_rate_is_honoured(fake: FakeZalo, local_sessions: Sessions) -> None:
    # When each request leaves the client, not when the fake reads it: a loaded machine delays
    # the fake's reads and bunches them, which says nothing of the pace. At 20 a second, evenly,
    # request k leaves no sooner than k/20 s after the batch began — however late the machine
    # wakes the sender (a late start only moves the rest later), and without the pace the 45
    # would all leave within the first few hundredths of a second.
    seeded(local_sessions, fake)
    left: list[float] = []

    async def leaving(request: httpx.Request) -> None:
        if request.url.path.endswith("/message/template"):
            left.append(time.monotonic())

    settings = fake.settings(rate_per_second=20.0, max_in_flight=10)
    async with httpx.AsyncClient(event_hooks={"request": [leaving]}) as client:
        channel = ZnsChannel(settings, LedgerTokens(local_sessions, settings), client)
        began = time.monotonic()
        results = await send(channel, [message(n) for n in range(45)])
    assert {r.delivery for r in results} == {Delivery.SENT}
    assert len(template_requests(fake)) == len(left) == 45
    early = [
        (k, round(at - began, 3)) for k, at in enumerate(sorted(left)) if at - began < k / 20 - 1e-3
    ]
    assert early == []


async def test_an_oa_message_goes_to_the_user_id_and_refreshes_on_216(
    fake: FakeZalo, local_sessions: Sessions
) -> None:
    seeded(local_sessions, fake)
    fake.expire_access_tokens()
    settings = fake.settings()
    channel = OaChannel(settings, LedgerTokens(local_sessions, settings))
    outgoing = Outgoing(7, "notice:7:zalo-oa:246", "2468458835296197922", None, "", "Nhắc hạn")
    [result] = await send(channel, [outgoing])
    assert result.delivery is Delivery.SENT
    assert result.provider_id == fake.sent[0].msg_id
    assert len(fake.refreshes) == 1
    oa = [r for r in fake.requests if r.path == "/v3.0/oa/message/cs"]
    assert [r.body for r in oa] == [
        {"recipient": {"user_id": "2468458835296197922"}, "message": {"text": "Nhắc hạn"}}
    ] * 2


async def test_the_status_and_the_quota_are_read(fake: FakeZalo, local_sessions: Sessions) -> None:
    seeded(local_sessions, fake)
    channel, _, _ = zns(fake, local_sessions)
    [result] = await send(channel, [message(1)])
    assert result.provider_id is not None
    before = await channel.message_status(result.provider_id, "0987654321")
    assert (before.status, before.delivered, before.delivered_at) == (0, False, None)
    fake.emit_delivery(result.provider_id)
    after = await channel.message_status(result.provider_id, "0987654321")
    delivered = fake.sent[0].delivered_time
    assert delivered is not None
    assert (after.status, after.delivered) == (1, True)
    assert after.delivered_at == datetime.fromtimestamp(delivered / 1000, UTC)
    assert await channel.quota() == (5000, 4999)


class _Hooks(BaseHTTPRequestHandler):
    received: list[tuple[bytes, dict[str, str]]]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((body, dict(self.headers.items())))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def webhook_receiver() -> Iterator[tuple[str, list[tuple[bytes, dict[str, str]]]]]:
    received: list[tuple[bytes, dict[str, str]]] = []
    handler = type("Hooks", (_Hooks,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/zalo/webhook", received
    server.shutdown()
    server.server_close()


async def test_delivery_webhooks_are_signed_verified_and_parsed_once(
    local_sessions: Sessions,
    webhook_receiver: tuple[str, list[tuple[bytes, dict[str, str]]]],
) -> None:
    url, received = webhook_receiver
    with FakeZalo(webhook_url=url, webhook_duplicates=1, webhook_delay=0.05) as fake:
        fake.register_template(TEMPLATE, {"ten_don_vi": 40, "han": 10})
        seeded(local_sessions, fake)
        channel, settings, _ = zns(fake, local_sessions)
        [result] = await send(channel, [message(42)])
        deadline = time.monotonic() + 10
        while len(received) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
    assert len(received) == 2
    secret = settings.oa_secret
    reports = []
    for body, headers in received:
        assert verify_webhook(body, headers, "1234567890", secret)
        reports.append(parse_delivery(body))
    first, again = reports
    assert first.event == "user_received_message"
    assert first.msg_id == result.provider_id
    assert first.tracking_id == "dd92c1c5412c813d96d8857109a520ffe5d65bc1dd"
    assert first.recipient == "84987654321"
    delivered = fake.sent[0].delivered_time
    assert delivered is not None
    assert first.delivered_at == datetime.fromtimestamp(delivered / 1000, UTC)
    assert first.key == again.key == f"user_received_message:{result.provider_id}"
    body, headers = received[0]
    forged = body.replace(b"84987654321", b"84987654322")
    assert not verify_webhook(forged, headers, "1234567890", secret)
    assert not verify_webhook(body, headers, "1234567890", "not-the-oa-secret")


def test_a_flat_webhook_is_parsed_too() -> None:
    body = {
        "event_name": "user_received_message",
        "recipient": "84987654321",
        "msg_id": "m1",
        "tracking_id": "t1",
        "timestamp": "1714529560123",
    }
    report = parse_delivery(json.dumps(body).encode())
    assert (report.msg_id, report.tracking_id, report.recipient, report.key) == (
        "m1",
        "t1",
        "84987654321",
        "user_received_message:m1",
    )
    assert report.delivered_at == datetime(2024, 5, 1, 2, 12, 40, 123000, tzinfo=UTC)


def test_two_processes_refreshing_at_once_reach_zalo_once(
    ledger_url: str, sessions: Sessions
) -> None:
    with FakeZalo(oauth_delay=0.5) as fake:
        fake.register_template(TEMPLATE, {"ten_don_vi": 40, "han": 10})
        token = seeded(sessions, fake)
        settings = fake.settings()
        context = multiprocessing.get_context("spawn")
        barrier = context.Barrier(2)
        answers = context.Queue()
        children = [
            context.Process(
                target=zalo_child.refresh,
                args=(ledger_url, fake.url, token.refresh_token, barrier, answers),
            )
            for _ in range(2)
        ]
        for child in children:
            child.start()
        got = [answers.get(timeout=60) for _ in children]
        for child in children:
            child.join(timeout=60)
        assert [child.exitcode for child in children] == [0, 0]
        assert len(fake.refreshes) == 1
        assert got == [list(fake.issued[-1])] * 2
        with sessions() as session:
            stored = read_token(session)
        assert stored is not None
        assert ((stored.access_token, stored.refresh_token), stored.version) == (
            fake.issued[-1],
            2,
        )
        # The chain goes on: the new access token works, and the next rotation too.
        channel = ZnsChannel(settings, LedgerTokens(sessions, settings))
        [result] = asyncio.run(send(channel, [message(1)]))
        assert result.delivery is Delivery.SENT
        fake.expire_access_tokens()
        [result] = asyncio.run(send(channel, [message(2)]))
        assert result.delivery is Delivery.SENT
        assert len(fake.refreshes) == 2
