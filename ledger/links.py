"""Signed links in messages: "đã nhận" and "đã nộp" without an account.

A link carries a compact token: the task's id, the action, its expiry and a nonce, signed with
HMAC-SHA256 under the office's secret. `verify` is pure: it refuses a token that was altered
(or signed under another secret), that has expired, or that is shown for another task or
another action, with a sentence a clerk understands (`LinkRefused.reason`). Single use is the
ledger's: `redeem` inserts the token's hash into `link_uses` in the transaction that changes
the task, so of two clicks racing each other exactly one commits (the primary key decides).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.audit import Actor, audit
from ledger.models import LinkUse

logger = logging.getLogger(__name__)

Action = Literal["acknowledge", "submit"]
ACTIONS: tuple[Action, ...] = ("acknowledge", "submit")
_CODES = {"acknowledge": 1, "submit": 2}
_VERSION = 1
_LAYOUT = struct.Struct(">BQBI6s")  # version, task id, action, expiry (epoch s), nonce
_MAC = 16  # bytes of the HMAC kept: 128 bits, the link stays short enough for Zalo

# Why a link is refused, as the page and the audit log say it.
TAMPERED = "Đường dẫn không hợp lệ (đã bị sửa hoặc không do hệ thống cấp)."
EXPIRED = "Đường dẫn đã hết hạn. Xin dùng đường dẫn trong thư nhắc mới nhất, hoặc báo văn phòng."
WRONG_TASK = "Đường dẫn này không thuộc nhiệm vụ đang mở."
WRONG_ACTION = "Đường dẫn này không dùng cho thao tác này."
USED = "Đường dẫn này đã được dùng một lần; mỗi đường dẫn chỉ dùng được một lần."


class LinkRefused(Exception):
    """A link that cannot be used; `reason` is the Vietnamese sentence shown and audited."""

    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason, self.code = reason, code  # code: tampered, expired, task, action, used


@dataclass(frozen=True)
class Claims:
    task_id: int
    action: Action
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, body: bytes) -> bytes:
    return hmac.digest(secret, body, "sha256")[:_MAC]  # one-shot: a run signs two per message


def sign(
    secret: bytes, task_id: int, action: Action, expires_at: datetime, nonce: bytes | None = None
) -> str:
    """A url-safe token (48 characters) for `action` on task `task_id`, valid until `expires_at`."""
    if action not in _CODES:
        raise ValueError(f"no link action {action!r}")
    body = _LAYOUT.pack(
        _VERSION,
        task_id,
        _CODES[action],
        int(expires_at.timestamp()),
        nonce if nonce is not None else secrets.token_bytes(6),
    )
    return _b64(body + _mac(secret, body))


def token_id(token: str) -> str:
    """What `link_uses` keeps of a token: its sha256 (the token itself is a credential)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def verify(secret: bytes, token: str, task_id: int, action: Action, now: datetime) -> Claims:
    """The token's claims, if it is genuine, unexpired, and for this task and action."""
    try:
        raw = _unb64(token)
    except (ValueError, UnicodeEncodeError):
        raise LinkRefused(TAMPERED, "tampered") from None
    if len(raw) != _LAYOUT.size + _MAC:
        raise LinkRefused(TAMPERED, "tampered")
    body, mac = raw[: _LAYOUT.size], raw[_LAYOUT.size :]
    if not hmac.compare_digest(mac, _mac(secret, body)):
        raise LinkRefused(TAMPERED, "tampered")
    version, signed_task, code, expires, _ = _LAYOUT.unpack(body)
    if version != _VERSION:
        raise LinkRefused(TAMPERED, "tampered")
    if signed_task != task_id:
        raise LinkRefused(WRONG_TASK, "task")
    if code != _CODES[action]:
        raise LinkRefused(WRONG_ACTION, "action")
    expires_at = datetime.fromtimestamp(expires, UTC)
    if now >= expires_at:
        raise LinkRefused(EXPIRED, "expired")
    return Claims(signed_task, action, expires_at)


# The path of each action's page: what `LinkSigner.url` builds and dondoc/web.py serves.
PATHS: dict[Action, str] = {"acknowledge": "da-nhan", "submit": "da-nop"}


@dataclass(frozen=True)
class LinkSigner:
    """Makes the links of a message: `url(task_id, action, now)`."""

    secret: bytes
    base_url: str
    ttl_days: int = 60

    def token(self, task_id: int, action: Action, now: datetime) -> str:
        return sign(self.secret, task_id, action, now + timedelta(days=self.ttl_days))

    def url(self, task_id: int, action: Action, now: datetime) -> str:
        base = self.base_url.rstrip("/")
        return f"{base}/nhiem-vu/{task_id}/{PATHS[action]}?t={self.token(task_id, action, now)}"

    def urls(self, task_id: int, now: datetime) -> tuple[str, str]:
        """(acknowledge, submit) links of one task."""
        return self.url(task_id, "acknowledge", now), self.url(task_id, "submit", now)


def redeem(
    session: Session, claims: Claims, token: str, now: datetime, client: str | None = None
) -> None:
    """Spend the token in this transaction; `LinkRefused` (USED) if it was spent already.

    Call it before the state change: on PostgreSQL a second click waits on the first's row
    until that commits, then fails on the key; SQLite serialises the writers.
    """
    try:
        session.execute(
            insert(LinkUse).values(
                token_id=token_id(token),
                task_id=claims.task_id,
                action=claims.action,
                used_at=now,
                client=(client or "")[:64] or None,
            )
        )
    except IntegrityError:
        raise LinkRefused(USED, "used") from None


def record_refusal(
    session: Session,
    now: datetime,
    task_id: int | str,
    action: str,
    refused: LinkRefused,
    token: str,
    client: str | None = None,
) -> None:
    """A refused link, logged and written to the audit log (never silently)."""
    logger.warning(
        "signed link refused: task %s, action %s, %s (client %s)",
        task_id,
        action,
        refused.code,
        client or "?",
    )
    audit(
        session,
        Actor("link", now),
        "link",
        str(task_id),
        "refuse",
        after={
            "action": action,
            "code": refused.code,
            "token_id": token_id(token)[:16],
            "client": client,
        },
        reason=refused.reason,
    )
