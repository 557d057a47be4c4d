"""A task's whole history, from the audit log: its own rows, its occurrence's (moved, called
off), its outbox messages' (sent, failed, cancelled, delivered) and the uses of its signed
links — in the order they happened. Plain SQL through `Reader`, like the read models."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ledger.dbapi import Reader, as_date, as_instant, as_optional_date


class UnknownTask(LookupError):
    """No task has that id."""


@dataclass(frozen=True)
class TaskHeader:
    id: int
    obligation: str
    unit: str
    unit_name: str
    period_key: str
    period_label: str
    step: str
    due_on: date
    status: str


@dataclass(frozen=True)
class Event:
    at: datetime
    as_of: date | None
    actor: str
    entity: str  # task, occurrence, outbox, link
    entity_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None
    channel: str | None = None  # an outbox message's
    recipient: str | None = None
    stage: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "actor": self.actor,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "action": self.action,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "channel": self.channel,
            "recipient": self.recipient,
            "stage": self.stage,
        }


def _json(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    found = json.loads(value) if isinstance(value, str | bytes) else value
    return found if isinstance(found, dict) else None


def task_header(reader: Reader, task_id: int) -> TaskHeader:
    rows = reader.rows(
        "SELECT t.id, t.obligation_id, t.unit_code, COALESCE(u.name, t.unit_code), "
        "t.occurrence_key, t.occurrence_label, t.step_id, t.due_on, t.status "
        "FROM tasks t LEFT JOIN units u ON u.code = t.unit_code WHERE t.id = ?",
        [task_id],
    )
    if not rows:
        raise UnknownTask(
            f"không có nhiệm vụ số {task_id}: xem số nhiệm vụ ở cột id của `dondoc tasks --json`"
        )
    (id_, obligation, unit, name, key, label, step, due, status) = rows[0]
    return TaskHeader(int(id_), obligation, unit, name, key, label, step, as_date(due), str(status))


def history(reader: Reader, task_id: int) -> tuple[TaskHeader, list[Event]]:
    """The task and every event of its history, oldest first (ties in the order written)."""
    header = task_header(reader, task_id)
    messages = {
        str(row[0]): (str(row[1]), str(row[2]), str(row[3]))
        for row in reader.rows(
            "SELECT id, channel, recipient, stage FROM outbox WHERE task_id = ?", [task_id]
        )
    }
    occurrence = reader.rows("SELECT occurrence_id FROM tasks WHERE id = ?", [task_id])[0][0]
    rows = reader.rows(
        "SELECT id, at, as_of, actor, entity, entity_id, action, before, after, reason "
        "FROM audit_log WHERE (entity = 'task' AND entity_id = ?) "
        "OR (entity = 'occurrence' AND entity_id = ?) "
        "OR (entity = 'outbox' AND entity_id IN "
        "(SELECT CAST(id AS VARCHAR(32)) FROM outbox WHERE task_id = ?))",
        [str(task_id), str(occurrence), task_id],
    )
    found: list[tuple[datetime, int, Event]] = []
    for row_id, at, as_of, actor, entity, entity_id, action, before, after, reason in rows:
        channel = recipient = stage = None
        if entity == "outbox" and str(entity_id) in messages:
            channel, recipient, stage = messages[str(entity_id)]
        instant = as_instant(at)
        assert instant is not None
        event = Event(
            instant, as_optional_date(as_of), str(actor), str(entity), str(entity_id),
            str(action), _json(before), _json(after), reason, channel, recipient, stage,
        )  # fmt: skip
        found.append((instant, int(row_id), event))
    for token, action, used_at, client in reader.rows(
        "SELECT token_id, action, used_at, client FROM link_uses WHERE task_id = ?", [task_id]
    ):
        instant = as_instant(used_at)
        assert instant is not None
        after = {"client": client} if client else None
        event = Event(
            instant, None, "link", "link", str(token)[:12], str(action), None, after, None
        )
        found.append((instant, 0, event))
    found.sort(key=lambda item: (item[0], item[1]))
    return header, [event for _, _, event in found]
