"""The audit log: every state change writes its row in the same transaction as the change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ledger.models import AuditEntry


@dataclass(frozen=True)
class Actor:
    """Who acts, and when: a flow run, a CLI command, an operator action."""

    name: str  # "flow:chase", "cli:plan-load", "operator:record-submission"
    now: datetime  # the instant, UTC
    as_of: date | None = None  # the business day the run acts for


class AuditRow(NamedTuple):
    entity: str  # task, obligation, unit, document, outbox
    entity_id: str | int
    action: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    reason: str | None = None


def jsonable(values: dict[str, Any]) -> dict[str, Any]:
    """Values as an audit row keeps them: dates as ISO text."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def audit(
    session: Session,
    actor: Actor,
    entity: str,
    entity_id: str | int,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> None:
    audit_many(session, actor, [AuditRow(entity, entity_id, action, before, after, reason)])


def audit_many(session: Session, actor: Actor, rows: list[AuditRow]) -> None:
    """Write many audit rows in one statement."""
    if not rows:
        return
    session.execute(
        insert(AuditEntry),
        [
            {
                "at": actor.now,
                "as_of": actor.as_of,
                "actor": actor.name,
                "entity": entity,
                "entity_id": str(entity_id),
                "action": action,
                "before": before,
                "after": after,
                "reason": reason,
            }
            for entity, entity_id, action, before, after, reason in rows
        ],
    )
