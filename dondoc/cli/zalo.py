"""`dondoc zalo webhook`, `status` and `authorise`: Zalo's delivery reports, the token chain."""

from __future__ import annotations

import re
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

zalo_app = typer.Typer(
    help="Zalo OA: nhận báo đã nhận tin (webhook), tình trạng khóa truy cập, nạp mã mới."
)

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
        from ledger.credentials import broken, changes, read_token
        from ledger.db import transaction

        with transaction(sessions) as session:
            token = read_token(session)
            chains = broken(session)
            recent = changes(session)
    if token is None:
        out.print("Chưa có khóa truy cập Zalo OA trong sổ (đặt DONDOC_ZALO__SEED_REFRESH_TOKEN).")
        return
    until = local(token.expires_at).strftime("%H:%M ngày %d/%m/%Y")
    out.print(f"Khóa truy cập Zalo OA: còn hạn đến {until} (giờ Việt Nam).")
    for chain in chains:
        # Zalo's own words are in the reason: printed as they are, never read as markup.
        out.print(
            "CHUỖI KHÓA ĐÃ ĐỨT: quản trị viên Zalo OA cần cấp quyền lại cho ứng dụng, rồi "
            f"nạp mã làm mới mới bằng `dondoc zalo authorise` ({chain.reason}).",
            markup=False,
        )
    if recent:
        out.print("Các lần đổi gần nhất (giờ Việt Nam):")
    for change in recent:
        at = local(change.at).strftime("%H:%M ngày %d/%m/%Y")
        what = CHANGES.get(change.action, change.action)
        out.print(f"  {at}: {what}, lần {change.version} — {change.actor}", markup=False)
    if chains:
        raise typer.Exit(1)


CHANGES = {
    "seeded": "nạp cặp mã đầu tiên",
    "authorised": "nạp mã quản trị viên vừa cấp",
    "rotated": "làm mới mã",
    "broken": "Zalo từ chối làm mới: chuỗi đứt",
}


# A refresh token is a few hundred URL-safe characters; anything with spaces or control
# characters in it is a paste gone wrong (two lines, a quote, the label copied too).
_TOKEN = re.compile(r"[A-Za-z0-9._~+/=-]{16,4096}")


@zalo_app.command("authorise")
def authorise(
    refresh_token: Annotated[
        str,
        typer.Option(
            "--refresh-token",
            prompt="Mã làm mới (refresh token) quản trị viên OA vừa cấp",
            hide_input=True,
            help="Mã làm mới mới; bỏ trống thì được hỏi (không hiện khi gõ, không lưu vào lịch "
            "sử lệnh).",
        ),
    ],
) -> None:
    """Nạp mã làm mới quản trị viên Zalo OA vừa cấp: nối lại chuỗi mã đã đứt (hoặc bắt đầu
    chuỗi mới); tin Zalo đang giữ được gửi ở lần gửi tới."""
    token = refresh_token.strip()
    if not _TOKEN.fullmatch(token):
        raise fail(
            "dondoc zalo authorise: mã làm mới không hợp lệ (chỉ gồm chữ, số và - _ . ~ + / =, "
            "từ 16 ký tự, không có dấu cách): dán lại đúng mã quản trị viên OA vừa cấp"
        )
    settings = load_settings()
    sessions = ledger(settings)
    with errors():
        from calendars.business_time import now_utc
        from ledger.credentials import broken, reauthorise
        from ledger.db import transaction

        now = now_utc()
        with transaction(sessions) as session:
            mended = bool(broken(session))
            # Expired at once: the first send refreshes it, which proves the pair works.
            after = reauthorise(session, "", token, now, now, actor="cli:zalo-authorise")
    if mended:
        out.print(f"Đã nạp mã mới: chuỗi mã Zalo OA đã nối lại (lần {after.version}).")
    elif after.version > 1:  # a pair was there before this one
        out.print(f"Đã thay cặp mã Zalo OA bằng mã mới (lần {after.version}).")
    else:
        out.print("Đã nạp cặp mã Zalo OA đầu tiên.")
    out.print(
        "Lần gửi Zalo tới sẽ làm mới mã truy cập bằng mã này; tin Zalo đang giữ được gửi khi đó. "
        "Xem lại: dondoc zalo status."
    )
