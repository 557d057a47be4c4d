"""Delivery under faults, against a real SMTP server: a worker killed mid-batch loses nothing
and re-sends only what it had not recorded; nothing is ever lost or sent twice unannounced."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from ledger.audit import Actor
from ledger.db import make_engine, session_factory, transaction
from ledger.models import OutboxMessage
from ledger.store import store_catalogue
from notifications.config import SmtpSettings
from obligations.loader import load_catalogue
from obligations.yamlsrc import CatalogueError
from tasks import steps
from tests.conftest import PLANS, RecordingHandler, at, demo_catalogue_files, smtp_server_for

Sessions = sessionmaker[OrmSession]
HORIZON = date(2025, 12, 31)
DAY = date(2024, 1, 8)  # January's monthly reports open: 20 units, one e-mail each


def _deliver_in_child(url: str, port: int) -> None:
    sessions = session_factory(make_engine(url))
    settings = SmtpSettings(host="127.0.0.1", port=port, sender_address="bdv@tinhuy.example")
    asyncio.run(steps.deliver(sessions, settings, at(DAY, 9)))


def _sent_keys(sessions: Sessions) -> set[str]:
    with transaction(sessions) as session:
        return set(
            session.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.status == "sent"))
        )


@dataclass
class KillingHandler(RecordingHandler):
    """Stores every message, and on the `kill_on`-th kills the worker sending them — once the
    ledger shows `settled_first` messages recorded sent — before answering it."""

    sessions: Sessions | None = None
    kill_on: int = 8
    settled_first: int = 3
    victim: int | None = None
    sent_before_kill: set[str] = field(default_factory=set)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.received) == self.kill_on and self.victim is not None:
            assert self.sessions is not None
            deadline = time.monotonic() + 10
            while len(_sent_keys(self.sessions)) < self.settled_first:
                if time.monotonic() > deadline:
                    break  # the worker settles only at the end: the assertions will say so
                await asyncio.sleep(0.02)
            self.sent_before_kill = _sent_keys(self.sessions)
            os.kill(self.victim, signal.SIGKILL)
            await asyncio.sleep(0.2)
        return answer


def test_a_worker_killed_mid_batch_loses_no_message_and_resends_only_what_it_had_not_recorded(
    demo_ledger: Sessions, ledger_url: str
) -> None:
    steps.open_tasks(demo_ledger, DAY, at(DAY), HORIZON, {"periodic-report"})
    handler = KillingHandler(sessions=demo_ledger)
    with smtp_server_for(handler) as smtp:
        context = multiprocessing.get_context("spawn")
        child = context.Process(target=_deliver_in_child, args=(ledger_url, smtp.settings.port))
        child.start()
        handler.victim = child.pid
        child.join(60)
        assert child.exitcode == -signal.SIGKILL
        recorded = handler.sent_before_kill
        # Settled as the server accepted them, not after the batch: some were on record.
        assert len(recorded) >= 3
        # The messages the dead worker held go in the next run, not after their lease.
        left = 20 - len(_sent_keys(demo_ledger))
        early = asyncio.run(steps.deliver(demo_ledger, smtp.settings, at(DAY, 9, 5)))
        assert early.counts["sent"] == early.counts["released"] == left
    with transaction(demo_ledger) as session:
        statuses = dict(
            session.execute(
                select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
            ).all()
        )
    assert statuses == {"sent": 20}
    by_key: dict[str, list[str]] = {}
    for message in handler.received:
        parsed = message.parsed()
        by_key.setdefault(str(parsed["X-Dondoc-Key"]), []).append(str(parsed["Message-ID"]))
    assert len(by_key) == 20  # every unit's message arrived
    for key in recorded:
        assert len(by_key[key]) == 1, f"{key} was recorded sent and then sent again"
    # What arrived twice is what the worker had not recorded, under the same Message-ID.
    twice = {key: ids for key, ids in by_key.items() if len(ids) > 1}
    assert twice  # at least the message the worker died on
    assert not twice.keys() & recorded
    assert all(len(set(ids)) == 1 for ids in twice.values())


def test_an_email_is_serialised_once_when_queued_and_goes_out_byte_for_byte(
    demo_ledger: Sessions,
) -> None:
    from notifications.email import message_id_for

    with smtp_server_for(RecordingHandler()) as smtp:
        steps.open_tasks(
            demo_ledger, DAY, at(DAY), HORIZON, {"periodic-report"}, smtp=smtp.settings
        )
        with transaction(demo_ledger) as session:
            rows = session.execute(select(OutboxMessage.dedupe_key, OutboxMessage.raw)).all()
            stored: dict[str, bytes | None] = {row.dedupe_key: row.raw for row in rows}
        asyncio.run(steps.deliver(demo_ledger, smtp.settings, at(DAY, 9)))
        received = {str(m.parsed()["X-Dondoc-Key"]): m for m in smtp.received}
    assert len(stored) == 20
    assert all(raw is not None for raw in stored.values())
    key = next(k for k in stored if k.endswith(":open:email:vanphong@mttq.tayninh.example"))
    assert received[key].content.replace(b"\r\n", b"\n") == (stored[key] or b"").replace(
        b"\r\n", b"\n"
    )
    assert str(received[key].parsed()["Message-ID"]) == message_id_for(key)


def with_form(tmp_path: Path, form: str | None) -> list[Path]:
    """The demo catalogue, its Tây Ninh monthly report carrying a form (written if `form`)."""
    text = (PLANS / "tay-ninh-2024.yaml").read_text(encoding="utf-8")
    anchor = "    unit_tags: [monthly-reporter]\n    valid_from: 2024-01-01\n"
    assert anchor in text
    text = text.replace(
        anchor, anchor + "    steps:\n      - id: report\n        form: mẫu-báo-cáo-tháng.docx\n", 1
    )
    plan = tmp_path / "tay-ninh-2024.yaml"
    plan.write_text(text, encoding="utf-8")
    if form is not None:
        (tmp_path / "mẫu-báo-cáo-tháng.docx").write_bytes(form.encode("utf-8"))
    return [plan, *(p for p in demo_catalogue_files() if p.name != plan.name)]


def test_a_steps_form_is_attached_to_its_emails(sessions: Sessions, tmp_path: Path) -> None:
    files = with_form(tmp_path, "BÁO CÁO CÔNG TÁC DÂN VẬN THÁNG …")
    with transaction(sessions) as session:
        store_catalogue(session, load_catalogue(files), Actor("t", at(DAY), DAY), date(2024, 1, 1))
    with smtp_server_for(RecordingHandler()) as smtp:
        steps.open_tasks(sessions, DAY, at(DAY), HORIZON, {"periodic-report"}, smtp=smtp.settings)
        asyncio.run(steps.deliver(sessions, smtp.settings, at(DAY, 9)))
    assert len(smtp.received) == 20
    for message in smtp.received:
        (part,) = list(message.parsed().iter_attachments())
        assert part.get_filename() == "mẫu-báo-cáo-tháng.docx"
        assert part.get_content().decode("utf-8") == "BÁO CÁO CÔNG TÁC DÂN VẬN THÁNG …"


def test_a_form_missing_beside_the_plan_is_refused_at_its_line(tmp_path: Path) -> None:
    files = with_form(tmp_path, None)
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(files)
    text = str(raised.value)
    assert "tay-ninh-2024.yaml:" in text
    assert "there is no form 'mẫu-báo-cáo-tháng.docx' beside the plan file" in text
