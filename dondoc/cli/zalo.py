"""`dondoc zalo webhook` and `dondoc zalo status`: Zalo's delivery reports, the token chain."""

from __future__ import annotations

from typing import Annotated

import typer

from dondoc.cli._common import (
    errors,
    fail,
    ledger,
    load_settings,
    out,
    serve_until_interrupted,
)

zalo_app = typer.Typer(help="Zalo OA: nhận báo đã nhận tin (webhook), tình trạng khóa truy cập.")

NOT_CONFIGURED = (
    "chưa cấu hình Zalo OA: đặt DONDOC_ZALO__APP_ID, DONDOC_ZALO__APP_SECRET và "
    "DONDOC_ZALO__OA_SECRET (hoặc các khối Secret của Prefect, xem README)"
)


@zalo_app.command("webhook")
def webhook(
    host: Annotated[str, typer.Option(help="Địa chỉ lắng nghe.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Cổng lắng nghe.", min=1, max=65535)] = 8085,
) -> None:
    """Nhận báo đã nhận tin của Zalo (user_received_message) và ghi vào sổ; Ctrl-C dừng."""
    settings = load_settings()
    if settings.zalo is None:
        raise fail(f"dondoc zalo webhook: {NOT_CONFIGURED}")
    sessions = ledger(settings)
    with errors():
        from dondoc.secrets import resolve_secrets, with_zalo_secrets
        from dondoc.webhook import WebhookServer

        # The OA's secret checks every report's signature: read from its block, if it has one.
        settings = with_zalo_secrets(settings, resolve_secrets(settings))
        assert settings.zalo is not None
        server = WebhookServer(sessions, settings.zalo, host, port).start()
    out.print(f"Đang nhận báo của Zalo tại {server.url} — khai báo địa chỉ này cho ứng dụng Zalo.")
    serve_until_interrupted(server)


@zalo_app.command("status")
def status() -> None:
    """Khóa truy cập Zalo OA trong sổ: còn hạn đến khi nào, chuỗi khóa có bị đứt không."""
    settings = load_settings()
    sessions = ledger(settings, create=False)
    with errors():
        from calendars.business_time import local
        from ledger.credentials import broken, read_token
        from ledger.db import transaction

        with transaction(sessions) as session:
            token = read_token(session)
            chains = broken(session)
    if token is None:
        out.print("Chưa có khóa truy cập Zalo OA trong sổ (đặt DONDOC_ZALO__SEED_REFRESH_TOKEN).")
        return
    until = local(token.expires_at).strftime("%H:%M ngày %d/%m/%Y")
    out.print(f"Khóa truy cập Zalo OA: còn hạn đến {until} (giờ Việt Nam).")
    for chain in chains:
        out.print(
            "CHUỖI KHÓA ĐÃ ĐỨT: quản trị viên Zalo OA cần cấp quyền lại cho ứng dụng "
            f"({chain.reason})."
        )
    if chains:
        raise typer.Exit(1)
