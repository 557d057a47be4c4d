"""The monthly compliance bulletin's figures and its life in `issued_documents`.

Seed 003: each month the Ban Dân vận Tỉnh ủy publishes which of the units that owe it reports
(the Front, the political-social organisations, the mass associations, the district commissions)
sent the month's reports on time, late or not at all. The figures are the ledger's: every
report task of the plan due in the month, owed by a unit other than the issuer, as it stood at
the end of `as_of` (the state machine's own reading, `ledger.transitions.standing_on`).

A bulletin is one row per (plan, kind, period): drafting a month again refreshes a draft (or a
rejected one) and leaves an approved or sent one alone; approval gives it the plan's next number
of the year; sending queues one e-mail per recipient, each once (the outbox's dedupe key).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendars.periods import Period, PeriodError, PeriodKind
from ledger.audit import Actor, audit
from ledger.dbapi import Reader, as_date, as_instant, as_optional_date
from ledger.models import IssuedDocument, IssuedDocumentStatus, OutboxMessage
from ledger.sql import insert_ignoring_duplicates
from ledger.statuses import OutboxKind, OutboxStatus
from ledger.transitions import Standing, TaskFacts, standing_on
from obligations.schema import BulletinSpec, PlanDoc

KIND = "compliance-bulletin"
ENTITY = "issued-document"  # audit entity ("document" is a catalogue document)


class BadPeriod(ValueError):
    """A month that is not YYYY-MM."""


def parse_period(text: str) -> tuple[int, int]:
    """ "2024-01" → (2024, 1); anything else is a clear error."""
    try:
        month = Period.parse(PeriodKind.MONTHLY, text)
    except PeriodError:
        raise BadPeriod(
            f"tháng {text!r} không hợp lệ: ghi theo dạng NĂM-THÁNG, ví dụ 2024-01 (tháng 1/2024)"
        ) from None
    return month.year, month.index


@dataclass(frozen=True)
class UnitFigures:
    code: str
    name: str
    due: int  # reports due in the month (waived ones not counted)
    on_time: int
    late: int
    missing: int  # not submitted by the end of as_of
    waived: int

    @property
    def on_time_rate(self) -> float | None:
        """Share of the reports due that came on time (None: nothing was due)."""
        return self.on_time / self.due if self.due else None


@dataclass(frozen=True)
class Figures:
    plan_id: str
    year: int
    month: int
    as_of: date
    units: tuple[UnitFigures, ...]

    @property
    def period(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def total(self, name: str) -> int:
        return sum(int(getattr(u, name)) for u in self.units)

    def summary(self) -> dict[str, Any]:
        """The counts as `issued_documents.summary` keeps them."""
        return {
            "as_of": self.as_of.isoformat(),
            "totals": {
                key: self.total(key) for key in ("due", "on_time", "late", "missing", "waived")
            },
            "units": [asdict(u) for u in self.units],
        }


def figures(reader: Reader, plan: PlanDoc, year: int, month: int, as_of: date) -> Figures:
    """Per owing unit, the plan's counted reports due in the month: on time, late, missing.

    One query for the month's tasks (bounded by the month's deadlines and the plan), counted by
    the same rule the status command uses; units in the plan's order (the seed's order: Front,
    organisations, associations, district commissions).
    """
    spec = plan.bulletin
    if spec is None:
        raise LookupError(f"plan {plan.id!r} has no bulletin section")
    span = Period(year, PeriodKind.MONTHLY, month)
    first, last = span.start, span.end
    where = [
        "o.document_id = ?",
        "t.due_on >= ?",
        "t.due_on <= ?",
        "t.step_kind = 'report'",
        "t.unit_code <> ?",
    ]
    params: list[Any] = [plan.id, first, last, spec.issuer]
    chosen = spec.obligations or ()
    if chosen:
        where.append(f"t.obligation_id IN ({', '.join('?' for _ in chosen)})")
        params.extend(chosen)
    else:
        where.append(f"t.family IN ({', '.join('?' for _ in spec.families)})")
        params.extend(spec.families)
    rows = reader.rows(
        "SELECT t.unit_code, u.name, t.status, t.opens_on, t.due_on, t.submitted_at, t.closed_on "
        "FROM tasks t JOIN obligations o ON o.id = t.obligation_id "
        "JOIN units u ON u.code = t.unit_code "
        f"WHERE {' AND '.join(where)}",
        params,
    )
    counts: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    for code, name, status, opens, due, submitted, closed in rows:
        facts = TaskFacts(
            status, as_date(opens), as_date(due), as_instant(submitted), as_optional_date(closed)
        )
        standing = standing_on(facts, as_of)
        if standing is None:  # cancelled, or never opened: not owed
            continue
        names[code] = str(name)
        per = counts.setdefault(code, {"on_time": 0, "late": 0, "missing": 0, "waived": 0})
        if standing == Standing.DONE_ON_TIME:
            per["on_time"] += 1
        elif standing == Standing.DONE_LATE:
            per["late"] += 1
        elif standing == Standing.WAIVED:
            per["waived"] += 1
        else:  # open or overdue at the end of as_of: not (yet) submitted
            per["missing"] += 1
    order = {unit.code: i for i, unit in enumerate(plan.all_units)}
    units = tuple(
        UnitFigures(
            code=code,
            name=names[code],
            due=c["on_time"] + c["late"] + c["missing"],
            on_time=c["on_time"],
            late=c["late"],
            missing=c["missing"],
            waived=c["waived"],
        )
        for code, c in sorted(counts.items(), key=lambda kv: (order.get(kv[0], 1 << 30), kv[0]))
    )
    return Figures(plan.id, year, month, as_of, units)


# --- the document's row ---------------------------------------------------------------------


def find(session: Session, plan_id: str, period: str) -> IssuedDocument | None:
    return session.scalars(
        select(IssuedDocument).where(
            IssuedDocument.plan_id == plan_id,
            IssuedDocument.kind == KIND,
            IssuedDocument.period == period,
        )
    ).one_or_none()


def record_draft(session: Session, actor: Actor, found: Figures) -> IssuedDocument:
    """The month's bulletin as a draft with these figures; an approved or sent one is kept."""
    row = find(session, found.plan_id, found.period)
    summary = found.summary()
    if row is None:
        rows = insert_ignoring_duplicates(
            session,
            IssuedDocument.__tablename__,
            [
                {
                    "plan_id": found.plan_id,
                    "kind": KIND,
                    "period": found.period,
                    "status": IssuedDocumentStatus.DRAFT.value,
                    "number": None,
                    "as_of": found.as_of,
                    "files": None,
                    "summary": summary,
                    "approved_by": None,
                    "approved_at": None,
                    "sent_at": None,
                    "created_at": actor.now,
                    "updated_at": actor.now,
                }
            ],
            ["plan_id", "kind", "period"],
            ["id"],
        )
        row = find(session, found.plan_id, found.period)
        assert row is not None
        if rows:
            audit(
                session,
                actor,
                ENTITY,
                row.id,
                "draft",
                after={"period": found.period, "as_of": found.as_of.isoformat()},
            )
        return row
    if row.status in (IssuedDocumentStatus.APPROVED, IssuedDocumentStatus.SENT):
        return row
    unchanged = row.as_of == found.as_of and row.summary == summary
    if row.status == IssuedDocumentStatus.DRAFT and unchanged:
        return row
    before = {"status": row.status, "as_of": row.as_of.isoformat()}
    row.status = IssuedDocumentStatus.DRAFT.value
    row.as_of = found.as_of
    row.summary = summary
    row.updated_at = actor.now
    audit(
        session,
        actor,
        ENTITY,
        row.id,
        "redraft",
        before=before,
        after={"status": row.status, "as_of": found.as_of.isoformat()},
    )
    session.flush()
    return row


def number_text(spec: BulletinSpec, n: int) -> str:
    """The number and symbol: "12-TB/BDVTU" (Party, HD 36) or "12/TB-UBND" (State, ND 30)."""
    return f"{n:02d}-{spec.symbol}" if spec.format == "party" else f"{n:02d}/{spec.symbol}"


def next_number(session: Session, plan_id: str, year: int) -> int:
    """One more than the highest number the plan's documents of the year carry."""
    numbers = session.scalars(
        select(IssuedDocument.number).where(
            IssuedDocument.plan_id == plan_id,
            IssuedDocument.period.like(f"{year:04d}-%"),
            IssuedDocument.number.is_not(None),
        )
    ).all()
    found = [int(m.group(0)) for n in numbers if n and (m := re.match(r"\d+", n))]
    return max(found, default=0) + 1


def approve(
    session: Session, actor: Actor, row: IssuedDocument, spec: BulletinSpec, by: str
) -> IssuedDocument:
    """Approved by `by`, numbered; approving again changes nothing."""
    if row.status != IssuedDocumentStatus.DRAFT:
        return row
    year = int(row.period[:4])
    row.number = number_text(spec, next_number(session, row.plan_id, year))
    row.status = IssuedDocumentStatus.APPROVED.value
    row.approved_by = by[:64]
    row.approved_at = actor.now
    row.updated_at = actor.now
    audit(
        session,
        actor,
        ENTITY,
        row.id,
        "approve",
        before={"status": IssuedDocumentStatus.DRAFT.value},
        after={"status": row.status, "number": row.number, "by": row.approved_by},
    )
    session.flush()
    return row


def reject(
    session: Session, actor: Actor, row: IssuedDocument, by: str, reason: str | None
) -> None:
    if row.status != IssuedDocumentStatus.DRAFT:
        return
    row.status = IssuedDocumentStatus.REJECTED.value
    row.updated_at = actor.now
    audit(
        session,
        actor,
        ENTITY,
        row.id,
        "reject",
        before={"status": IssuedDocumentStatus.DRAFT.value},
        after={"status": row.status, "by": by[:64]},
        reason=reason,
    )
    session.flush()


def record_files(session: Session, row: IssuedDocument, files: dict[str, str]) -> None:
    row.files = dict(files)
    session.flush()


def queue_sending(
    session: Session,
    actor: Actor,
    row: IssuedDocument,
    recipients: Sequence[tuple[str, str]],
    subject: str,
    text: str,
    attachments: Sequence[dict[str, str]],
) -> list[int]:
    """One e-mail per (name, address) with the files attached, each once ever; marks it sent.

    The row is `sent` once its messages are queued: the outbox delivers them (and retries) on
    its normal path, and a second run queues nothing (each message's dedupe key is taken).
    """
    if row.status not in (IssuedDocumentStatus.APPROVED, IssuedDocumentStatus.SENT):
        return []
    messages = [
        {
            "dedupe_key": f"document:{row.id}:{address.lower()}"[:255],
            "task_id": None,
            "stage": "document",
            "channel": "email",
            "recipient": address,
            "recipient_name": name,
            "subject": subject,
            "body_text": text,
            "body_html": None,
            "status": OutboxStatus.PENDING.value,
            "attempts": 0,
            "next_attempt_at": actor.now,
            "created_at": actor.now,
            "kind": OutboxKind.DOCUMENT.value,
            "urgent": True,
            "payload": {"attachments": [dict(a) for a in attachments]},
            "fallbacks": None,
            "fallback_from_id": None,
        }
        for name, address in recipients
    ]
    inserted = insert_ignoring_duplicates(
        session, OutboxMessage.__tablename__, messages, ["dedupe_key"], ["id"]
    )
    if row.status == IssuedDocumentStatus.APPROVED:
        row.status = IssuedDocumentStatus.SENT.value
        row.sent_at = actor.now
        row.updated_at = actor.now
        audit(
            session,
            actor,
            ENTITY,
            row.id,
            "send",
            before={"status": IssuedDocumentStatus.APPROVED.value},
            after={"status": row.status, "recipients": len(recipients), "queued": len(inserted)},
        )
    session.flush()
    return [r.id for r in inserted]
