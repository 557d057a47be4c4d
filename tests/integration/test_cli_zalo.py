"""`dondoc zalo status`: the token chain as the ledger keeps it, said to a clerk."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update
from typer.testing import CliRunner

from dondoc.cli import app
from ledger.credentials import seed
from ledger.db import make_engine, session_factory, transaction
from ledger.models import ChannelToken


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
        seed(session, "access-1", "refresh-1", datetime(2024, 1, 9, 2, 0, tzinfo=UTC), now)
    alive = cli.invoke(app, ["zalo", "status"])
    assert alive.exit_code == 0
    # 02:00 UTC is 09:00 in Vietnam.
    assert "còn hạn đến 09:00 ngày 09/01/2024 (giờ Việt Nam)" in alive.output
    assert "access-1" not in alive.output
    assert "refresh-1" not in alive.output
    with transaction(sessions) as session:
        session.execute(
            update(ChannelToken).values(broken_at=now, broken_reason="Zalo từ chối refresh token")
        )
    broken = cli.invoke(app, ["zalo", "status"])
    assert broken.exit_code == 1
    assert "CHUỖI KHÓA ĐÃ ĐỨT" in broken.output
    assert "Zalo từ chối refresh token" in broken.output


def test_zalo_webhook_without_zalo_settings_says_what_to_set(cli: CliRunner) -> None:
    result = cli.invoke(app, ["zalo", "webhook"])
    assert result.exit_code == 1
    assert "DONDOC_ZALO__APP_ID" in " ".join(result.output.split())
