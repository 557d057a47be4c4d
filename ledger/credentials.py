"""Rotating channel credentials: the Zalo OA token pair, rotated by one process at a time.

Zalo's API (OAuth v4): a refresh token is single-use and each refresh returns a new pair,
the old access token dying with it. Two processes presenting the same refresh token would
break the chain for good (an OA admin must then authorise the app again). So a refresh
holds the row's lock — `SELECT … FOR UPDATE` on PostgreSQL; on SQLite the ledger's engine
begins every transaction IMMEDIATE, so writers queue — re-reads the row, and calls Zalo only
if nobody rotated it meanwhile. The new pair is committed before it is returned, so a new
access token is never used before it is stored. Every change of the pair — seeded, authorised
again, rotated, broken — writes an audit row in the same transaction: its versions and expiry,
who made it, never a token.

Structurally a `notifications.zalo.TokenStore` (the ledger does not import the channels).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import httpx
import pydantic
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.audit import Actor, audit
from ledger.db import Sessions
from ledger.models import AuditEntry, ChannelToken

log = logging.getLogger(__name__)

ZALO = "zalo-oa"  # one OA token serves both ZNS and OA messages
ENTITY = "channel_token"  # the audit rows' entity
REFRESHER = "zalo:refresh"  # the actor of a rotation: whichever process was sending
DEFAULT_LIFETIME = 90_000  # seconds: Zalo's documented 25 h, when the answer omits it


class OAuthSettings(Protocol):
    """What a refresh needs of `notifications.config.ZaloSettings`."""

    @property
    def app_id(self) -> str: ...
    @property
    def app_secret(self) -> pydantic.SecretStr: ...
    @property
    def oauth_url(self) -> str: ...
    @property
    def timeout_seconds(self) -> float: ...
    @property
    def refresh_margin_seconds(self) -> float: ...
    @property
    def spent_refresh_errors(self) -> Sequence[int]: ...


class Spent(Protocol):
    @property
    def refresh_token(self) -> str: ...


@dataclass(frozen=True)
class Token:
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: datetime
    version: int


class TokenChainBroken(Exception):
    """The token chain cannot go on without an OA admin: alert the office."""

    chain_broken = True  # how notifications.zalo, which cannot import this class, knows it


class TokenRefreshFailed(Exception):
    """Zalo could not be asked (network, 5xx): nothing was stored; try again later."""


@dataclass(frozen=True)
class BrokenChain:
    name: str
    broken_at: datetime
    reason: str


def _token(row: ChannelToken) -> Token:
    return Token(row.access_token, row.refresh_token, row.expires_at, row.version)


def _facts(row: ChannelToken) -> dict[str, Any]:
    # What an audit row keeps of a pair: never the tokens themselves.
    facts: dict[str, Any] = {"version": row.version, "expires_at": row.expires_at.isoformat()}
    if row.broken_at is not None:
        facts["broken_at"] = row.broken_at.isoformat()
    return facts


def _audit(
    session: Session,
    row: ChannelToken,
    action: str,
    actor: str,
    now: datetime,
    before: dict[str, Any] | None,
    reason: str | None = None,
) -> None:
    who = Actor(actor, now)
    audit(session, who, ENTITY, row.name, action, before=before, after=_facts(row), reason=reason)


@dataclass(frozen=True)
class Change:
    """One change of a pair, as the audit log keeps it."""

    at: datetime
    action: str  # seeded, authorised, rotated, broken
    actor: str
    version: int | None
    reason: str | None


def changes(session: Session, name: str = ZALO, limit: int = 5) -> list[Change]:
    """The pair's last changes, newest first."""
    rows = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == ENTITY, AuditEntry.entity_id == name)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    return [Change(r.at, r.action, r.actor, (r.after or {}).get("version"), r.reason) for r in rows]


def read_token(session: Session, name: str = ZALO) -> Token | None:
    row = session.get(ChannelToken, name)
    return None if row is None else _token(row)


def seed(
    session: Session,
    access: str,
    refresh: str,
    expires_at: datetime,
    now: datetime,
    *,
    actor: str,
    name: str = ZALO,
) -> bool:
    """Store the first pair (from the settings' seed) unless the chain already exists.

    Only a seed: once rotated, the ledger's pair is the living one and the seed is spent.
    Workers starting at once all seed: the insert is in a savepoint, so the one that finds the
    row stored meanwhile (PostgreSQL waits for the first to commit, then finds the key taken)
    stores nothing and goes on, instead of failing its run.
    """
    if session.get(ChannelToken, name) is not None:
        return False
    row = ChannelToken(
        name=name,
        access_token=access,
        refresh_token=refresh,
        expires_at=expires_at,
        version=1,
        updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    _audit(session, row, "seeded", actor, now, None)
    return True


def reauthorise(
    session: Session,
    access: str,
    refresh: str,
    expires_at: datetime,
    now: datetime,
    *,
    actor: str,
    name: str = ZALO,
) -> Token:
    """Replace the pair with one an OA admin just granted, mending a broken chain."""
    row = session.get(ChannelToken, name, with_for_update=True)
    if row is None:
        if seed(session, access, refresh, expires_at, now, actor=actor, name=name):
            row = session.get(ChannelToken, name)
            assert row is not None
            return _token(row)
        # Seeded by another process meanwhile: this pair, just granted, replaces that one.
        row = session.get(ChannelToken, name, with_for_update=True, populate_existing=True)
        assert row is not None
    before = _facts(row)
    row.access_token, row.refresh_token, row.expires_at = access, refresh, expires_at
    row.version += 1
    row.updated_at, row.broken_at, row.broken_reason = now, None, None
    _audit(session, row, "authorised", actor, now, before)
    session.flush()
    return _token(row)


def broken(session: Session) -> list[BrokenChain]:
    """The chains an OA admin must authorise again."""
    rows = session.scalars(
        select(ChannelToken).where(ChannelToken.broken_at.is_not(None)).order_by(ChannelToken.name)
    )
    return [BrokenChain(r.name, r.broken_at, r.broken_reason or "") for r in rows if r.broken_at]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class LedgerTokens:
    """The OA token pair in `channel_tokens`, refreshed ahead of expiry and on demand.

    `http` is a synchronous httpx client (the refresh runs in a worker thread, inside the
    transaction that holds the lock); `clock` is the edge where the time is read.
    """

    def __init__(
        self,
        sessions: Sessions,
        settings: OAuthSettings,
        http: httpx.Client | None = None,
        *,
        name: str = ZALO,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.http = http
        self.name = name
        self.clock = clock
        self._lock = threading.Lock()  # one refresh at a time in this process, whatever loop

    async def current(self) -> Token:
        token = await asyncio.to_thread(self._read)
        margin = timedelta(seconds=self.settings.refresh_margin_seconds)
        if token.expires_at - self.clock() < margin:
            return await self.refresh(token)
        return token

    async def refresh(self, spent: Spent) -> Token:
        return await asyncio.to_thread(self._refresh, spent.refresh_token)

    def _read(self) -> Token:
        with self.sessions() as session:
            row = session.get(ChannelToken, self.name)
            if row is None:
                raise TokenChainBroken(self._missing())
            if row.broken_at is not None:
                raise TokenChainBroken(row.broken_reason or self._missing())
            return _token(row)

    def _missing(self) -> str:
        return (
            "Chưa có mã truy cập Zalo của Official Account trong sổ: quản trị viên OA cần cấp "
            "quyền cho ứng dụng rồi nạp cặp mã đầu tiên."
        )

    def _refresh(self, spent: str) -> Token:
        with self._lock:
            refused: str | None = None
            with self.sessions() as session, session.begin():
                row = session.scalars(
                    select(ChannelToken).where(ChannelToken.name == self.name).with_for_update()
                ).one_or_none()
                if row is None:
                    raise TokenChainBroken(self._missing())
                if row.broken_at is not None:
                    raise TokenChainBroken(row.broken_reason or self._missing())
                if row.refresh_token != spent:  # rotated meanwhile: use that pair
                    return _token(row)
                now = self.clock()
                before = _facts(row)
                answer = self._ask_zalo(row.refresh_token)
                access, refresh = answer.get("access_token"), answer.get("refresh_token")
                if access and refresh:
                    lifetime = _seconds(answer.get("expires_in")) or DEFAULT_LIFETIME
                    row.access_token, row.refresh_token = str(access), str(refresh)
                    row.expires_at = now + timedelta(seconds=lifetime)
                    row.version += 1
                    row.updated_at = now
                    token = _token(row)
                    _audit(session, row, "rotated", REFRESHER, now, before)
                else:
                    refused = self._refusal(answer)
                    row.broken_at, row.broken_reason, row.updated_at = now, refused, now
                    _audit(session, row, "broken", REFRESHER, now, before, refused)
            # Committed: the new pair is stored before anyone uses it; so is a broken chain.
            if refused is not None:
                log.error("Zalo refused to refresh the OA token: the chain is broken")
                raise TokenChainBroken(refused)
            log.info("the Zalo OA token was rotated (version %s)", token.version)
            return token

    def _ask_zalo(self, refresh_token: str) -> dict[str, Any]:
        url = f"{self.settings.oauth_url}/v4/oa/access_token"
        form = {
            "refresh_token": refresh_token,
            "app_id": self.settings.app_id,
            "grant_type": "refresh_token",
        }
        headers = {"secret_key": self.settings.app_secret.get_secret_value()}
        try:
            if self.http is not None:
                response = self.http.post(url, data=form, headers=headers)
            else:
                with httpx.Client(timeout=self.settings.timeout_seconds) as http:
                    response = http.post(url, data=form, headers=headers)
        except httpx.HTTPError as error:
            # If Zalo did rotate before the answer was lost, the chain is gone: say so.
            raise TokenRefreshFailed(
                f"Không làm mới được mã truy cập Zalo ({type(error).__name__}); sẽ thử lại. "
                "Nếu lỗi lặp lại, quản trị viên OA có thể phải cấp quyền lại."
            ) from error
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise TokenRefreshFailed(
                f"Zalo trả lời HTTP {response.status_code} khi làm mới mã truy cập; sẽ thử lại."
            )
        return body

    def _refusal(self, answer: dict[str, Any]) -> str:
        code = _seconds(answer.get("error"))
        said = " ".join(
            str(answer[k]) for k in ("error_name", "error_description") if answer.get(k)
        )
        if code is None or code in self.settings.spent_refresh_errors:
            why = "mã làm mới (refresh token) đã dùng hoặc đã hết hạn"
        else:
            why = "kiểm tra app_id và khoá bí mật (secret key) của ứng dụng"
        return (
            f"Zalo từ chối làm mới mã truy cập ({code} {said}): {why}. Quản trị viên Official "
            "Account cần cấp quyền lại cho ứng dụng, rồi nạp mã làm mới mới bằng `dondoc zalo "
            "authorise`; tin Zalo được giữ lại đến khi đó."
        )


def _seconds(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
