"""`dondoc zalo status`: the token chain as the ledger keeps it, said to a clerk."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from dondoc.cli import app
from ledger.credentials import LedgerTokens, TokenChainBroken, broken, seed
from ledger.db import make_engine, session_factory, transaction
from ledger.models import AuditEntry, ChannelToken
from notifications.channels import Delivery, Result
from notifications.fake_zalo import FakeZalo
from notifications.zalo import ZnsChannel
from tests.integration.test_zalo_channel import TEMPLATE, message


def test_zalo_status_says_when_the_token_expires_and_when_the_chain_is_broken(
    cli: CliRunner, ledger_url: str
) -> None:
    assert cli.invoke(app, ["db", "upgrade"]).exit_code == 0
    empty = cli.invoke(app, ["zalo", "status"])
    assert empty.exit_code == 0
    assert "Chưa có khóa truy cập Zalo OA trong sổ" in empty.output
    sessions = session_factory(make_engine(ledger_url))
    now = datetime(2024, 1, 8, 1, 0, tzinfo=UTC)
    with transaction(sessions) as session:
        seed(
            session,
            "access-1",
            "refresh-1",
            datetime(2024, 1, 9, 2, 0, tzinfo=UTC),
            now,
            actor="test",
        )
    alive = cli.invoke(app, ["zalo", "status"])
    assert alive.exit_code == 0
    # 02:00 UTC is 09:00 in Vietnam.
    assert "còn hạn đến 09:00 ngày 09/01/2024 (giờ Việt Nam)" in alive.output
    assert "access-1" not in alive.output
    assert "refresh-1" not in alive.output
    # 01:00 UTC is 08:00 in Vietnam: when the pair was stored, and by whom.
    assert "  08:00 ngày 08/01/2024: nạp cặp mã đầu tiên, lần 1 — test" in alive.output
    reason = "Zalo từ chối refresh token ([bold]-14014[/bold] Invalid refresh token)"
    with transaction(sessions) as session:
        session.execute(update(ChannelToken).values(broken_at=now, broken_reason=reason))
    broken = cli.invoke(app, ["zalo", "status"])
    assert broken.exit_code == 1
    assert "CHUỖI KHÓA ĐÃ ĐỨT" in broken.output
    assert reason in broken.output  # Zalo's words as they are, not read as markup


def test_zalo_webhook_without_zalo_settings_says_what_to_set(cli: CliRunner) -> None:
    result = cli.invoke(app, ["zalo", "webhook"])
    assert result.exit_code == 1
    assert "DONDOC_ZALO__APP_ID" in " ".join(result.output.split())


def _send_one(fake: FakeZalo, sessions: sessionmaker[Session]) -> tuple[Result, str]:
    """The one message's result, and what a broken chain said (raised once it is reported)."""
    settings = fake.settings()
    channel = ZnsChannel(settings, LedgerTokens(sessions, settings))
    found: list[Result] = []

    async def report(result: Result) -> None:
        found.append(result)

    said = ""
    try:
        asyncio.run(channel.send([message(1)], report))
    except TokenChainBroken as error:
        said = str(error)
    [result] = found
    return result, said


def test_zalo_authorise_mends_a_broken_chain_and_the_held_message_goes_with_the_new_pair(
    cli: CliRunner, engine: Engine
) -> None:
    sessions = session_factory(engine)  # the ledger the commands use, migrated
    now = datetime.now(UTC)
    with FakeZalo() as fake:
        fake.register_template(TEMPLATE, {"ten_don_vi": 40, "han": 10})
        with transaction(sessions) as session:  # a pair Zalo no longer knows, its access spent
            seed(session, "", "a-refresh-token-zalo-has-forgotten", now, now, actor="test")
        held, said = _send_one(fake, sessions)
        assert held.delivery is Delivery.CONFIG  # the chain broke: the message is kept
        assert "dondoc zalo authorise" in said
        assert cli.invoke(app, ["zalo", "status"]).exit_code == 1

        pasted = cli.invoke(app, ["zalo", "authorise"], input="mã mới dán nhầm\n")
        assert pasted.exit_code == 1
        assert "mã làm mới không hợp lệ" in pasted.output
        with transaction(sessions) as session:
            assert broken(session) != []  # nothing changed

        _, granted = fake.issue_tokens()  # what an OA admin's new authorisation gives
        mended = cli.invoke(app, ["zalo", "authorise"], input=f"  {granted}\n")
        assert mended.exit_code == 0, mended.output
        assert "chuỗi mã Zalo OA đã nối lại" in mended.output
        assert granted not in mended.output  # typed hidden, never echoed
        status = cli.invoke(app, ["zalo", "status"])
        assert status.exit_code == 0, status.output

        sent, said = _send_one(fake, sessions)
        assert (sent.delivery, said) == (Delivery.SENT, "")
        assert fake.refreshes[-1].body["refresh_token"] == granted
        assert [s.msg_id for s in fake.sent] == [sent.provider_id]

    # Every change of the pair is in the audit log, with who made it; no token ever is.
    with transaction(sessions) as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "channel_token", AuditEntry.entity_id == "zalo-oa")
            .order_by(AuditEntry.id)
        ).all()
        changed = [
            (r.action, r.actor, (r.before or {}).get("version"), (r.after or {}).get("version"))
            for r in rows
        ]
        assert changed == [
            ("seeded", "test", None, 1),
            ("broken", "zalo:refresh", 1, 1),
            ("authorised", "cli:zalo-authorise", 1, 2),
            ("rotated", "zalo:refresh", 2, 3),
        ]
        assert "dondoc zalo authorise" in (rows[1].reason or "")
        assert "broken_at" in (rows[1].after or {})
        assert "broken_at" not in (rows[2].after or {})
        kept = " ".join(f"{r.before} {r.after} {r.reason}" for r in rows)
        assert "a-refresh-token-zalo-has-forgotten" not in kept
        living = session.get(ChannelToken, "zalo-oa")
        assert living is not None
        for token in (granted, living.access_token, living.refresh_token):
            assert token not in kept
