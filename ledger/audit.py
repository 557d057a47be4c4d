"""The audit log: every state change writes its row in the same transaction as the change."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy.orm import Session


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
    """Write many audit rows at the driver's speed (COPY on PostgreSQL, executemany else).

    A national day writes tens of thousands of them; through the ORM's bulk insert each cost
    ~20 µs more than the row itself.
    """
    if not rows:
        return
    from ledger.sql import copy_rows

    def as_json(value: dict[str, Any] | None) -> str:
        # As SQLAlchemy's JSON type writes it: json.dumps with its defaults, None as JSON null.
        return json.dumps(value)

    values = (
        (
            actor.now,
            actor.as_of,
            actor.name,
            entity,
            str(entity_id),
            action,
            as_json(before),
            as_json(after),
            reason,
        )
        for entity, entity_id, action, before, after, reason in rows
    )
    copy_rows(session, "audit_log", _COLUMNS, values)


_COLUMNS = ("at", "as_of", "actor", "entity", "entity_id", "action", "before", "after", "reason")
