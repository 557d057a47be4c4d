"""Field days in the ledger: a specialist's day in a commune, recorded once, and the month's
field-day task marked done by it (through `ledger.lifecycle`, as any step done)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger import lifecycle
from ledger.audit import Actor, audit
from ledger.models import FieldDay, Task
from ledger.sql import insert_ignoring_duplicates
from ledger.transitions import ACTIVE
from obligations.field_coverage import Coverage, charge, find_specialist, month_end, year_coverage
from obligations.loader import Catalogue
from obligations.schema import FIELD_COVERAGE_FAMILY


class FieldDayError(ValueError):
    """A field day that cannot be recorded; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Recorded:
    new: bool  # False: the same field day was recorded already, nothing changed
    task_id: int | None  # the month's field-day task, when there is one
    task_done: bool  # whether this field day marked that task done


def record_field_day(
    session: Session,
    actor: Actor,
    catalogue: Catalogue,
    specialist: str,
    commune: str,
    day: date,
    note: str | None = None,
) -> Recorded:
    """Record that `specialist` went to `commune` on `day`; idempotent.

    The month's field-day task of the specialist is marked done on that day (`done_on`) unless
    it is done, waived or cancelled already: a second field day in a month is recorded for the
    coverage and leaves the task as it is.
    """
    found = find_specialist(catalogue.plans, specialist)
    if found is None:
        raise FieldDayError(
            f"'{specialist}' không phải chuyên viên phụ trách địa bàn của kế hoạch nào "
            "(xem mục field_coverage.specialists)"
        )
    _, coverage, person = found
    if commune not in {c.code for c in charge(coverage, person)}:
        raise FieldDayError(
            f"xã, phường, thị trấn '{commune}' không thuộc địa bàn phụ trách của '{specialist}' "
            "(xem `dondoc field-day coverage --specialist " + specialist + "`)"
        )
    if day > (actor.as_of or day):
        raise FieldDayError(f"ngày {day.isoformat()} chưa đến: chỉ ghi nhận ngày đã đi cơ sở")
    note = (note or "").strip() or None
    row = {
        "specialist_code": specialist,
        "commune_code": commune,
        "day": day,
        "note": note,
        "recorded_by": actor.name,
        "recorded_at": actor.now,
    }
    inserted = insert_ignoring_duplicates(
        session, "field_days", [row], ("specialist_code", "commune_code", "day"), ("id",)
    )
    if not inserted:
        return Recorded(False, None, False)
    audit(
        session,
        actor,
        "field_day",
        inserted[0][0],
        "record",
        after={"specialist": specialist, "commune": commune, "day": day.isoformat()},
        reason=note,
    )
    task = session.scalars(
        select(Task)
        .where(
            Task.obligation_id == coverage.obligation,
            Task.family == FIELD_COVERAGE_FAMILY,
            Task.unit_code == specialist,
            Task.due_on >= day.replace(day=1),
            Task.due_on <= month_end(day.year, day.month),
        )
        .with_for_update()
    ).first()
    if task is None:
        return Recorded(True, None, False)
    if task.status not in ACTIVE:
        return Recorded(True, task.id, False)
    done = lifecycle.record_done(
        session, actor, task, actor.now, None, needs_document=False, done_on=day
    )
    return Recorded(True, task.id, done)


def read_coverage(
    session: Session,
    catalogue: Catalogue,
    year: int,
    through: date,
    specialist: str | None = None,
) -> list[Coverage]:
    """Every specialist's coverage of `year` (or one's), in the plans' order."""
    wanted = []
    for plan in catalogue.plans:
        coverage = plan.field_coverage
        if coverage is None:
            continue
        wanted += [(coverage, p) for p in coverage.specialists if specialist in (None, p.code)]
    if specialist is not None and not wanted:
        raise FieldDayError(f"'{specialist}' không phải chuyên viên phụ trách địa bàn")
    codes = [p.code for _, p in wanted]
    rows = session.execute(
        select(FieldDay.specialist_code, FieldDay.commune_code, FieldDay.day).where(
            FieldDay.specialist_code.in_(codes),
            FieldDay.day >= date(year, 1, 1),
            FieldDay.day <= date(year, 12, 31),
        )
    ).all()
    by_person: dict[str, list[tuple[str, date]]] = {}
    for code, commune, day in rows:
        by_person.setdefault(code, []).append((commune, day))
    return [
        year_coverage(coverage, p, by_person.get(p.code, []), year, through)
        for coverage, p in wanted
    ]
