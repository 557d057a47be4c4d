"""Zalo ZNS sends to the fake Zalo over loopback, against a naive client measured in the same run.

    .venv/bin/python benchmarks/bench_zalo.py [--messages 2000] [--rate 400] [--in-flight 10]

The fake runs in a process of its own (so that it does not share the client's interpreter).
The naive baseline sends one message per request with a new httpx client each time, one after
the other, unpaced; for scale, the same with one client kept open. The channel
(`notifications.zalo.ZnsChannel`) sends the batch paced at `--rate` with `--in-flight`
requests at most, its token pair in a SQLite ledger, then unpaced. Printed: messages a
second, the ratio to the baseline, and the busiest one-second window of arrivals the fake
recorded (it must stay within the rate, +1). The target: ≥ 200 msg/s at 400/s.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from ledger.credentials import LedgerTokens, seed  # noqa: E402
from ledger.db import make_engine, session_factory, transaction, upgrade  # noqa: E402
from notifications.channels import Outgoing, Result  # noqa: E402
from notifications.config import ZaloSettings  # noqa: E402
from notifications.fake_zalo import FakeZalo  # noqa: E402
from notifications.zalo import ZnsChannel  # noqa: E402

TEMPLATE = "7895417"


def serve(pipe: Any) -> None:
    """The fake in its own process: answers 'arrivals' and 'stop' over the pipe."""
    with FakeZalo(daily_quota=10**9) as fake:
        fake.register_template(TEMPLATE, {"ten_don_vi": 40, "han": 10})
        access, refresh = fake.issue_tokens()
        pipe.send((fake.url, access, refresh))
        while True:
            command = pipe.recv()
            if command == "stop":
                return
            since = command[1]
            with fake._lock:
                arrivals = [r.arrived for r in fake.requests if r.path == "/message/template"]
            pipe.send([t for t in arrivals if t >= since])


def batch(count: int, start: int = 0) -> list[Outgoing]:
    return [
        Outgoing(
            id=n,
            key=f"bench:{n}",
            address=f"0987{n % 1_000_000:06d}",
            name=None,
            subject="",
            text="",
            payload={
                "template_id": TEMPLATE,
                "template_data": {"ten_don_vi": "Sở Tư pháp", "han": "05/11/2026"},
            },
        )
        for n in range(start, start + count)
    ]


async def naive(url: str, access: str, messages: list[Outgoing], *, reuse: bool = False) -> float:
    """One request after the other; a new client for each unless `reuse`."""
    shared = httpx.AsyncClient(timeout=10)
    started = time.perf_counter()
    for message in messages:
        client = shared if reuse else httpx.AsyncClient(timeout=10)
        body = {
            "phone": "84" + message.address[1:],
            "template_id": TEMPLATE,
            "template_data": dict((message.payload or {})["template_data"]),
            "tracking_id": message.key.replace(":", ""),
        }
        response = await client.post(
            f"{url}/message/template", json=body, headers={"access_token": access}
        )
        assert response.json()["error"] == 0, response.text
        if not reuse:
            await client.aclose()
    elapsed = time.perf_counter() - started
    await shared.aclose()
    return len(messages) / elapsed


async def channel(settings: ZaloSettings, tokens: LedgerTokens, messages: list[Outgoing]) -> float:
    results: list[Result] = []

    async def report(result: Result) -> None:
        results.append(result)

    started = time.perf_counter()
    await ZnsChannel(settings, tokens).send(messages, report)
    elapsed = time.perf_counter() - started
    failed = [r for r in results if r.delivery != "sent"]
    assert len(results) == len(messages)
    assert not failed, failed[:3]
    return len(messages) / elapsed


def busiest_second(arrivals: list[float]) -> int:
    arrivals = sorted(arrivals)
    best, low = 0, 0
    for high, t in enumerate(arrivals):
        while arrivals[low] <= t - 1.0:
            low += 1
        best = max(best, high - low + 1)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=400.0)
    parser.add_argument("--in-flight", type=int, default=10)
    parser.add_argument("--baseline", type=int, default=500, help="messages for the baseline")
    args = parser.parse_args(argv)
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    server = context.Process(target=serve, args=(theirs,), daemon=True)
    server.start()
    url, access, refresh = ours.recv()
    try:
        with tempfile.TemporaryDirectory() as home:
            engine = make_engine(f"sqlite:///{home}/ledger.db")
            upgrade(engine)
            sessions = session_factory(engine)
            now = datetime.now(UTC)
            with transaction(sessions) as session:
                seed(session, access, refresh, now + timedelta(hours=25), now, actor="bench")
            base = ZaloSettings(
                app_id="1234567890",
                app_secret="fake-app-secret",
                oa_secret="fake-oa-secret",
                business_url=url,
                openapi_url=url,
                oauth_url=url,
                max_in_flight=args.in_flight,
            )
            tokens = LedgerTokens(sessions, base)
            asyncio.run(naive(url, access, batch(20)))  # warm up both sides
            baseline = asyncio.run(naive(url, access, batch(args.baseline)))
            sequential = asyncio.run(naive(url, access, batch(args.messages), reuse=True))
            rows: list[tuple[str, float, int | None]] = [
                ("one client, one at a time", sequential, None)
            ]
            for label, rate in ((f"channel at {args.rate:g}/s", args.rate), ("unpaced", 1e9)):
                settings = base.model_copy(update={"rate_per_second": rate})
                since = time.monotonic()
                speed = asyncio.run(channel(settings, tokens, batch(args.messages)))
                ours.send(("arrivals", since))
                rows.append((label, speed, busiest_second(ours.recv())))
            engine.dispose()
    finally:
        ours.send("stop")
        server.join(timeout=10)
    print(f"{'sender':<34}{'msg/s':>10}{'× naive':>10}{'busiest 1 s':>14}")
    print(f"{'naive (new client per message)':<34}{baseline:>10.0f}{1:>10.2f}{'-':>14}")
    for label, speed, window in rows:
        shown = "-" if window is None else str(window)
        print(f"{label:<34}{speed:>10.0f}{speed / baseline:>10.2f}{shown:>14}")
    print(f"{args.messages} messages, {args.in_flight} in flight; the fake in its own process")


if __name__ == "__main__":
    main()
