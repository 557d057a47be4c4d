"""A fake Zalo on loopback: ZNS, OA v3 and OAuth v4 on one real HTTP server.

It answers as Zalo's API (ZNS /message/template, OAuth v4) is documented to: HTTP 200 with
`{"error": <code>, "message": …}` for business errors, numbers as strings, the `access_token`
header, single-use refresh tokens that also kill the previous access token. Behaviour can be
scripted per recipient (a phone number or an OA user id), and delivery webhooks are posted,
signed, to a configured URL. Everything received is recorded for the tests' assertions.

    with FakeZalo() as fake:
        fake.register_template("7895417", {"ten": 30, "han": 10})
        access, refresh = fake.issue_tokens()
        settings = fake.settings()

Standard library only (http.server in a thread), so `dondoc up` can start it too.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
import time
import urllib.request
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from notifications.config import ZaloSettings

_PHONE = re.compile(r"^84[35789]\d{8}$")
MESSAGES = {
    -100: "Unknown error",
    -108: "Phone number invalid",
    -109: "Template ID invalid",
    -111: "Template data empty",
    -112: "Template data invalid",
    -114: "User is inactive, or reject the message, or using an outdated Zalo version, "
    "or other internal errors",
    -115: "Out of quota",
    -118: "Zalo account not existed",
    -124: "Access token invalid",
    -127: "Sending in development mode to a non-admin",
    -201: "Invalid parameters",
    -213: "User has not followed this OA",
    -216: "Invalid Access Token",
    -230: "User has not interacted with the OA in the past 7 days",
}
BEHAVIOURS = ("ok", "http500", "timeout", "hang", "drop")  # and "error:<code>"


@dataclass(frozen=True)
class Received:
    """One request as it arrived (`arrived` on the monotonic clock)."""

    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: Any  # JSON, or the form's fields for OAuth
    arrived: float

    @property
    def token(self) -> str | None:
        return self.headers.get("access_token")


@dataclass
class Sent:
    """A message the fake accepted."""

    msg_id: str
    to: str  # the phone (ZNS) or the user id (OA)
    token: str
    template_id: str | None = None
    data: Mapping[str, str] = field(default_factory=dict)
    tracking_id: str | None = None
    text: str | None = None
    sent_time: int = 0
    delivered_time: int | None = None


class _Hang(Exception):
    pass


class FakeZalo:
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        app_id: str = "1234567890",
        app_secret: str = "fake-app-secret",
        oa_secret: str = "fake-oa-secret",
        oa_id: str = "579745863508352884",
        daily_quota: int = 5000,
        webhook_url: str | None = None,
        webhook_delay: float = 0.0,
        webhook_duplicates: int = 0,
        spent_refresh_error: int = -14014,
        slow_seconds: float = 30.0,  # how long a scripted "timeout" waits before answering
        oauth_delay: float = 0.0,  # how long a refresh takes (to make two overlap)
        admins: Iterable[str] = (),
        directory: Path | None = None,  # file each accepted message here (`dondoc up`'s demo)
    ) -> None:
        self.directory = directory
        self.host, self.port = host, port
        self.app_id, self.app_secret, self.oa_secret, self.oa_id = (
            app_id,
            app_secret,
            oa_secret,
            oa_id,
        )
        self.daily_quota = self.remaining_quota = daily_quota
        self.webhook_url, self.webhook_delay = webhook_url, webhook_delay
        self.webhook_duplicates = webhook_duplicates
        self.spent_refresh_error = spent_refresh_error
        self.slow_seconds, self.oauth_delay = slow_seconds, oauth_delay
        self.admins = set(admins)
        self.not_on_zalo: set[str] = set()  # numbers answered -118, every time
        self.inactive: set[str] = set()  # numbers answered -114, every time
        self.templates: dict[str, dict[str, int]] = {}
        self.requests: list[Received] = []
        self.sent: list[Sent] = []
        self.issued: list[tuple[str, str]] = []  # every pair handed out, oldest first
        self.webhooks: list[tuple[bytes, dict[str, str]]] = []  # what was posted
        self.webhook_errors: list[str] = []
        self._scripts: dict[str, deque[str]] = {}
        self._access: dict[str, float] = {}  # live access token → expiry (epoch seconds)
        self._refresh: dict[str, str] = {}  # live refresh token → the access token it came with
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- life ---

    def start(self) -> FakeZalo:
        self._stopping.clear()
        self._server = ThreadingHTTPServer((self.host, self.port), _handler(self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # releases the hanging and the slow answers
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeZalo:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def settings(self, **overrides: Any) -> ZaloSettings:
        """Settings pointing all three Zalo hosts at this fake."""
        values: dict[str, Any] = {
            "app_id": self.app_id,
            "app_secret": self.app_secret,
            "oa_secret": self.oa_secret,
            "business_url": self.url,
            "openapi_url": self.url,
            "oauth_url": self.url,
        }
        return ZaloSettings(**(values | overrides))

    # --- scripting ---

    def register_template(self, template_id: str, params: Mapping[str, int]) -> None:
        """An approved template: its parameter names and their maximum lengths."""
        self.templates[template_id] = dict(params)

    def script(self, recipient: str, behaviours: Iterable[str]) -> None:
        """What the next requests to `recipient` meet, in order; then normal service."""
        queue = deque(behaviours)
        for behaviour in queue:
            if behaviour not in BEHAVIOURS and not re.fullmatch(r"error:-?\d+", behaviour):
                raise ValueError(f"unknown behaviour {behaviour!r}")
        with self._lock:
            self._scripts.setdefault(recipient, deque()).extend(queue)

    def issue_tokens(self, lifetime: float = 90_000) -> tuple[str, str]:
        """A new (access, refresh) pair, as an OA admin's authorisation would give."""
        with self._lock:
            return self._issue(lifetime)

    def expire_access_tokens(self) -> None:
        """Every live access token expires now (the refresh tokens live on)."""
        with self._lock:
            for token in self._access:
                self._access[token] = 0.0

    @property
    def refreshes(self) -> list[Received]:
        return [r for r in self.requests if r.path == "/v4/oa/access_token"]

    def _issue(self, lifetime: float) -> tuple[str, str]:
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self._access[access] = time.time() + lifetime
        self._refresh[refresh] = access
        self.issued.append((access, refresh))
        return access, refresh

    # --- webhooks ---

    def delivery_webhook(self, msg_id: str) -> tuple[bytes, dict[str, str]]:
        """The signed `user_received_message` for an accepted message (marks it delivered)."""
        with self._lock:
            sent = next(s for s in self.sent if s.msg_id == msg_id)
            if sent.delivered_time is None:
                sent.delivered_time = int(time.time() * 1000)
            delivered = sent.delivered_time
        timestamp = str(int(time.time() * 1000))
        body = json.dumps(
            {
                "app_id": self.app_id,
                "event_name": "user_received_message",
                "sender": {"id": self.oa_id},
                "recipient": {"id": sent.to},
                "message": {
                    "msg_id": msg_id,
                    "tracking_id": sent.tracking_id,
                    "delivery_time": str(delivered),
                },
                "timestamp": timestamp,
            }
        ).encode()
        signed = self.app_id.encode() + body + timestamp.encode() + self.oa_secret.encode()
        mac = hashlib.sha256(signed).hexdigest()
        return body, {"Content-Type": "application/json", "X-ZEvent-Signature": f"mac={mac}"}

    def emit_delivery(self, msg_id: str) -> tuple[bytes, dict[str, str]]:
        """Post the delivery webhook of `msg_id` to `webhook_url` now (if one is set)."""
        body, headers = self.delivery_webhook(msg_id)
        if self.webhook_url:
            try:
                request = urllib.request.Request(self.webhook_url, body, headers, method="POST")
                with urllib.request.urlopen(request, timeout=5):
                    pass
                self.webhooks.append((body, headers))
            except OSError as error:
                self.webhook_errors.append(f"{msg_id}: {error}")
        return body, headers

    def _file(self, sent: Sent) -> None:
        """A demo's record of what a phone would show: one JSON file per accepted message."""
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y-%m-%dT%H-%M-%SZ", time.gmtime(sent.sent_time / 1000))
        record = {
            "to": sent.to,
            "msg_id": sent.msg_id,
            "template_id": sent.template_id,
            "template_data": dict(sent.data),
            "text": sent.text,
            "tracking_id": sent.tracking_id,
        }
        path = self.directory / f"{stamp}-{sent.msg_id}.json"
        path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")

    def _after_success(self, msg_id: str) -> None:
        if not self.webhook_url:
            return
        for copy in range(1 + self.webhook_duplicates):
            delay = self.webhook_delay * (copy + 1)
            timer = threading.Timer(delay, self.emit_delivery, args=(msg_id,))
            timer.daemon = True
            timer.start()

    # --- the endpoints ---

    def _behaviour(self, recipient: str) -> str:
        with self._lock:
            queue = self._scripts.get(recipient)
            return queue.popleft() if queue else "ok"

    def _valid(self, token: str | None) -> bool:
        return token is not None and self._access.get(token, 0.0) > time.time()

    def handle(self, request: Received) -> tuple[int, Any]:
        """(HTTP status, JSON body) for one request; may raise _Hang or wait."""
        route = (request.method, request.path)
        if route == ("POST", "/v4/oa/access_token"):
            return 200, self._oauth(request)
        if route == ("POST", "/message/template"):
            return self._scripted(request, self._zns_recipient(request), self._zns_send)
        if request.method == "POST" and request.path in {
            "/v3.0/oa/message/cs",
            "/v3.0/oa/message/transaction",
            "/v3.0/oa/message/promotion",
        }:
            return self._scripted(request, self._oa_recipient(request), self._oa_send)
        if route == ("GET", "/message/status"):
            return 200, self._status(request)
        if route == ("GET", "/message/quota"):
            if not self._valid(request.token):
                return 200, _error(-124)
            data = {
                "dailyQuota": str(self.daily_quota),
                "remainingQuota": str(self.remaining_quota),
            }
            return 200, {"error": 0, "message": "Success", "data": data}
        return 404, {"error": -106, "message": "Method unsupported"}

    def _scripted(self, request: Received, recipient: str, send: Any) -> tuple[int, Any]:
        behaviour = self._behaviour(recipient)
        if behaviour == "http500":
            return 500, None
        if behaviour == "hang":
            self._stopping.wait()
            raise _Hang
        if behaviour.startswith("error:"):
            return 200, _error(int(behaviour.removeprefix("error:")))
        if behaviour == "timeout":
            self._stopping.wait(self.slow_seconds)  # then it is taken: the answer comes late
        answer = send(request)
        if behaviour == "drop":
            raise _Hang  # taken, and the connection dropped without an answer
        return 200, answer

    @staticmethod
    def _zns_recipient(request: Received) -> str:
        body = request.body if isinstance(request.body, dict) else {}
        return str(body.get("phone", ""))

    @staticmethod
    def _oa_recipient(request: Received) -> str:
        body = request.body if isinstance(request.body, dict) else {}
        recipient = body.get("recipient")
        return str(recipient.get("user_id", "")) if isinstance(recipient, dict) else ""

    def _zns_send(self, request: Received) -> dict[str, Any]:
        body = request.body
        if not isinstance(body, dict):
            return _error(-201)
        with self._lock:
            if not self._valid(request.token):
                return _error(-124)
            phone = body.get("phone")
            if not isinstance(phone, str) or not _PHONE.match(phone):
                return _error(-108)
            if phone in self.not_on_zalo or phone in self.inactive:
                return _error(-118 if phone in self.not_on_zalo else -114)
            template = self.templates.get(str(body.get("template_id")))
            if template is None:
                return _error(-109)
            data = body.get("template_data")
            if not data or not isinstance(data, dict):
                return _error(-111)
            for name, limit in template.items():
                if name not in data:
                    return {"error": -112, "message": f"template data {name} is missing"}
                if len(str(data[name])) > limit:
                    return {"error": -112, "message": f"template data {name} is break max length"}
            if body.get("mode") == "development" and phone not in self.admins:
                return _error(-127)
            if self.remaining_quota <= 0:
                return _error(-115)
            self.remaining_quota -= 1
            sent = Sent(
                msg_id=secrets.token_hex(11),
                to=phone,
                token=str(request.token),
                template_id=str(body["template_id"]),
                data={str(k): str(v) for k, v in data.items()},
                tracking_id=body.get("tracking_id"),
                sent_time=int(time.time() * 1000),
            )
            self.sent.append(sent)
            self._file(sent)
            quota = {
                "dailyQuota": str(self.daily_quota),
                "remainingQuota": str(self.remaining_quota),
            }
        self._after_success(sent.msg_id)
        data = {"msg_id": sent.msg_id, "sent_time": str(sent.sent_time), "sending_mode": "1"}
        return {"error": 0, "message": "Success", "data": data | {"quota": quota}}

    def _oa_send(self, request: Received) -> dict[str, Any]:
        body = request.body
        if not isinstance(body, dict) or not isinstance(body.get("message"), dict):
            return _error(-201)
        with self._lock:
            if not self._valid(request.token):
                return _error(-216)
            user_id = self._oa_recipient(request)
            if not user_id:
                return _error(-201)
            sent = Sent(
                msg_id=secrets.token_hex(16),
                to=user_id,
                token=str(request.token),
                text=body["message"].get("text"),
                sent_time=int(time.time() * 1000),
            )
            self.sent.append(sent)
            self._file(sent)
        self._after_success(sent.msg_id)
        data = {"message_id": sent.msg_id, "user_id": user_id}
        return {"error": 0, "message": "Success", "data": data}

    def _status(self, request: Received) -> dict[str, Any]:
        if not self._valid(request.token):
            return _error(-124)
        msg_id = request.query.get("message_id", "")
        if not msg_id:
            return _error(-107, "Message ID invalid")
        with self._lock:
            sent = next((s for s in self.sent if s.msg_id == msg_id), None)
        if sent is None or sent.to != request.query.get("phone", sent.to):
            data: dict[str, Any] = {"status": -1, "message": "Message not found"}
        elif sent.delivered_time is None:
            data = {"status": 0, "message": "The message has not been delivered yet"}
        else:
            data = {
                "status": 1,
                "delivery_time": str(sent.delivered_time),
                "message": "The message was delivered to the user's phone",
            }
        return {"error": 0, "message": "Success", "data": data}

    def _oauth(self, request: Received) -> dict[str, Any]:
        form = request.body if isinstance(request.body, dict) else {}
        if self.oauth_delay:
            self._stopping.wait(self.oauth_delay)
        if request.headers.get("secret_key") != self.app_secret:
            return _oauth_error(-14004, "Invalid secret key")
        if form.get("app_id") != self.app_id:
            return _oauth_error(-14002, "Invalid appId")
        if form.get("grant_type") != "refresh_token":
            return _oauth_error(-14018, "Invalid grant type")
        with self._lock:
            old_access = self._refresh.pop(str(form.get("refresh_token")), None)
            if old_access is None:
                return _oauth_error(self.spent_refresh_error, "Invalid refresh token")
            self._access.pop(old_access, None)  # the old access token dies with the rotation
            access, refresh = self._issue(90_000)
        return {"access_token": access, "refresh_token": refresh, "expires_in": "90000"}


def _error(code: int, message: str | None = None) -> dict[str, Any]:
    return {"error": code, "message": message or MESSAGES.get(code, "Error"), "data": None}


def _oauth_error(code: int, name: str) -> dict[str, Any]:
    return {
        "error": code,
        "error_name": name,
        "error_description": f"{name}: the request was refused",
        "error_reason": "",
        "ref_doc": "",
    }


def _handler(fake: FakeZalo) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the client pools connections
        disable_nagle_algorithm = True
        timeout = 60

        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def log_message(self, format: str, *args: Any) -> None:  # quiet, and no tokens
            pass

        def _serve(self) -> None:
            arrived = time.monotonic()
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            split = urlsplit(self.path)
            kind = self.headers.get("Content-Type", "")
            body: Any
            try:
                if kind.startswith("application/x-www-form-urlencoded"):
                    body = dict(parse_qsl(raw.decode()))
                else:
                    body = json.loads(raw) if kind.startswith("application/json") else None
            except ValueError:
                body = None
            headers = {k.lower(): v for k, v in self.headers.items()}
            request = Received(
                self.command, split.path, dict(parse_qsl(split.query)), headers, body, arrived
            )
            with fake._lock:
                fake.requests.append(request)
            try:
                status, answer = fake.handle(request)
            except _Hang:
                self.close_connection = True
                return
            payload = b"Internal Server Error" if answer is None else json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain" if answer is None else "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            try:
                self.wfile.write(payload)
            except OSError:  # the client gave up (a scripted timeout)
                self.close_connection = True

    return Handler
