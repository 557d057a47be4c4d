"""A delivery killed (SIGKILL) in the middle of a batch, against a real SMTP server on loopback
and a real ledger: after the rerun every message has arrived; the only ones that arrive twice
are those the server had taken when the kill fell and the ledger had not yet recorded — at most
one per connection — and they arrive under the same Message-ID; and what the dead worker had
claimed but not sent goes in the rerun at once, not after the claim's 15-minute lease."""

from __future__ import annotations

import asyncio
import random
from datetime import date, datetime, timedelta

import pytest

from notifications.config import SmtpSettings
from tasks import steps
from tests.conftest import at, smtp_server_for
from tests.integration.faults import (
    CountingHandler,
    Sessions,
    run_and_kill,
    sent_message_ids,
    settle_time,
    statuses,
    wait_for_dead_claimers,
)

HORIZON = date(2025, 12, 31)
DAY = date(2024, 1, 8)  # January's monthly reports open: 20 units, one e-mail each
SENT_AT = at(DAY, 9)


class Deliver:
    """The deliver step, as the child runs it (picklable: the child is forked anyway)."""

    def __init__(self, port: int, connections: int, now: datetime) -> None:
        self.settings = SmtpSettings(
            host="127.0.0.1",
            port=port,
            sender_address="bdv@tinhuy.tayninh.example",
            connections=connections,
        )
        self.now = now

    def __call__(self, sessions: Sessions) -> None:
        asyncio.run(steps.deliver(sessions, self.settings, self.now))


# (seed, connections): the kill point is drawn from the seed; one connection bounds the
# re-sent to the one message in flight, four to one per connection.
TRIALS = [(11, 1), (12, 4), (13, 4)]


@pytest.mark.parametrize(("seed", "connections"), TRIALS)
def test_a_delivery_killed_mid_batch_resends_only_the_messages_in_flight_and_holds_none_back(
    demo_ledger: Sessions, ledger_url: str, seed: int, connections: int
) -> None:
    demo, url = demo_ledger, ledger_url
    steps.open_tasks(demo, DAY, at(DAY), HORIZON, {"periodic-report"})
    assert statuses(demo) == {"pending": 20}
    rng = random.Random(seed)
    handler = CountingHandler(kill_on=rng.randint(2, 19))
    if rng.random() < 0.5:
        handler.kill_after = rng.uniform(0, 0.005)  # after the answer: the report may be late
    with smtp_server_for(handler) as smtp:

        def victim(pid: int) -> None:
            handler.victim = pid

        deliver = Deliver(smtp.settings.port, connections, SENT_AT)
        run = run_and_kill(url, deliver, None, on_start=victim)
        assert run.killed, f"the child finished before its kill point ({run})"
        settle_time()
        wait_for_dead_claimers(demo)
        recorded = set(sent_message_ids(demo).values())
        accepted = handler.by_message_id()
        # The rerun, a minute later: well inside the dead worker's lease.
        asyncio.run(steps.deliver(demo, smtp.settings, SENT_AT + timedelta(minutes=1)))

        received = handler.by_message_id()
    assert statuses(demo) == {"sent": 20}, "the rerun did not send what the dead worker held"
    ledger_ids = sent_message_ids(demo)
    assert set(received) == set(ledger_ids.values())  # all 20 arrived, each under its own id
    # Each message, however often sent, under the one Message-ID its outbox row records for
    # its key (the X-Dondoc-Key header is the row's dedupe key).
    assert handler.keys_of() == {key: {mid} for key, mid in ledger_ids.items()}
    twice = {mid for mid, n in received.items() if n > 1}
    assert not twice & recorded, "a message recorded sent was sent again"
    again = twice & set(accepted)
    print(
        f"seed {seed}: killed on message {handler.kill_on}, {len(accepted)} accepted, "
        f"{len(recorded)} recorded, {len(again)} of the accepted sent again"
    )
    assert len(again) <= connections, (
        f"{len(again)} messages the server had accepted were sent again "
        f"({len(accepted)} accepted, {len(recorded)} recorded at the kill)"
    )
    assert all(n <= 2 for n in received.values())
