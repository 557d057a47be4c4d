"""The Zalo delivery webhook: a small HTTP endpoint that records what Zalo says was delivered.

Zalo POSTs `user_received_message` (and other events) to the URL configured for the app. Each
report is checked against the OA's secret (`X-ZEvent-Signature`), kept once however often it
arrives (`delivery_events`), and marks its message delivered — or sent, if the answer to the
send was lost (`unknown`): a lost answer is reconciled, never blindly resent.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from calendars.business_time import now_utc
from ledger.db import Sessions, transaction
from ledger.outbox import DeliveryReport, record_delivery, unknown_by_tracking
from notifications.channels import ZALO_OA, ZALO_ZNS
from notifications.config import ZaloSettings
from notifications.zalo import parse_delivery, tracking_id_for, verify_webhook

logger = logging.getLogger(__name__)

PATH = "/zalo/webhook"
MAX_BODY = 64 * 1024  # a delivery report is a few hundred bytes


def record_webhook(
    sessions: Sessions, zalo: ZaloSettings, body: bytes, headers: Any, now: datetime
) -> tuple[int, str]:
    """(HTTP status, what happened) for one webhook request."""
    if not verify_webhook(body, headers, zalo.app_id, zalo.oa_secret):
        return 401, "chữ ký không hợp lệ"
    try:
        report = parse_delivery(body)
    except ValueError as error:
        return 400, str(error)
    with transaction(sessions) as session:
        tracked: dict[str, int] = {}
        if report.tracking_id:
            tracked = unknown_by_tracking(session, (ZALO_ZNS, ZALO_OA), tracking_id_for)
        new = record_delivery(
            session,
            DeliveryReport(
                "zalo",
                report.key[:255],
                report.event[:64],
                report.msg_id,
                report.tracking_id,
                report.delivered_at if report.event == "user_received_message" else None,
                dict(report.payload),
            ),
            now,
            tracked,
        )
    return 200, "đã ghi nhận" if new else "đã ghi nhận trước đó"


class WebhookServer:
    """The endpoint on a thread of its own (`dondoc up`, `dondoc zalo webhook`)."""

    def __init__(
        self, sessions: Sessions, zalo: ZaloSettings, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if self.path.split("?")[0] != PATH or length > MAX_BODY:
                    self._answer(404 if length <= MAX_BODY else 413, "không có")
                    return
                body = self.rfile.read(length)
                try:
                    status, text = record_webhook(
                        receiver.sessions, receiver.zalo, body, self.headers, now_utc()
                    )
                except Exception:  # the ledger down: Zalo retries a webhook that failed
                    logger.exception("Zalo webhook not recorded")
                    status, text = 503, "chưa ghi nhận được, xin gửi lại"
                self._answer(status, text)

            def _answer(self, status: int, text: str) -> None:
                data = text.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # no phone numbers in logs
                return

        self.sessions, self.zalo = sessions, zalo
        self._server = ThreadingHTTPServer((host, port), Handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{PATH}"

    def start(self) -> WebhookServer:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="dondoc-zalo-webhook", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
