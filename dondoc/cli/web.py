"""`dondoc web`: the signed links' page alone (`dondoc up` serves it beside the Prefect UI)."""

from __future__ import annotations

from typing import Annotated

import typer

from dondoc.cli._common import errors, ledger, load_settings, out, serve_until_interrupted


def web(
    host: Annotated[
        str | None, typer.Option(help="Địa chỉ lắng nghe (mặc định DONDOC_LINKS__LISTEN_HOST).")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(help="Cổng lắng nghe (mặc định DONDOC_LINKS__LISTEN_PORT).", min=1, max=65535),
    ] = None,
) -> None:
    """Trang ghi nhận "đã nhận", "đã nộp" qua đường dẫn trong thư và tin Zalo; Ctrl-C dừng."""
    settings = load_settings()
    sessions = ledger(settings)
    with errors():
        from dondoc.web import WebServer, served_app

        links = settings.links
        app = served_app(sessions, settings)
        server = WebServer(app, host or links.listen_host, port or links.listen_port).start()
    out.print(f"Trang ghi nhận tại {server.url} — thư và tin nhắn dẫn tới {links.base_url}.")
    serve_until_interrupted(server)
