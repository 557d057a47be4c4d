"""Calendar feed tokens: the secret in a feed's address, one scope (a unit, or `office`) each.

The token is shown once, when issued; the ledger keeps only its sha256, so a copy of the
database does not give anyone a working address. A token is found by its hash (one indexed
lookup: nothing compares the secret itself, so no answer takes longer for a nearer guess), and
a revoked one is never found again. Issuing and revoking write their audit rows.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ledger.audit import Actor, audit
from ledger.models import FeedToken

TOKEN_BYTES = 32  # 256 bits: not guessable, and 43 URL-safe characters


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TokenInfo:
    id: int
    scope: str
    created_at: datetime
    revoked_at: datetime | None


def issue(session: Session, actor: Actor, scope: str) -> str:
    """A new token for `scope`; the plain token is returned once and stored only hashed."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = FeedToken(scope=scope, token_hash=token_hash(token), created_at=actor.now)
    session.add(row)
    session.flush()
    audit(session, actor, "feed_token", row.id, "issue", after={"scope": scope})
    return token


def revoke(session: Session, actor: Actor, scope: str, token_id: int | None = None) -> list[int]:
    """Revoke the live tokens of `scope` (only `token_id` when given); their ids."""
    query = select(FeedToken.id).where(FeedToken.scope == scope, FeedToken.revoked_at.is_(None))
    if token_id is not None:
        query = query.where(FeedToken.id == token_id)
    ids = list(session.scalars(query.order_by(FeedToken.id)))
    if ids:
        session.execute(update(FeedToken).where(FeedToken.id.in_(ids)).values(revoked_at=actor.now))
        for found in ids:
            audit(session, actor, "feed_token", found, "revoke", before={"scope": scope})
    return ids


def resolve(session: Session, token: str) -> str | None:
    """The scope of a live token; None for an unknown or revoked one."""
    if not token or len(token) > 200:
        return None
    return session.scalar(
        select(FeedToken.scope).where(
            FeedToken.token_hash == token_hash(token), FeedToken.revoked_at.is_(None)
        )
    )


def tokens(session: Session, scope: str | None = None) -> list[TokenInfo]:
    """The tokens issued (of one scope when given), oldest first; never their secret."""
    query = select(FeedToken).order_by(FeedToken.id)
    if scope is not None:
        query = query.where(FeedToken.scope == scope)
    return [
        TokenInfo(row.id, row.scope, row.created_at, row.revoked_at)
        for row in session.scalars(query)
    ]
