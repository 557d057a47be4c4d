"""Plain steps of field coverage, for the flows and the `dondoc field-day` commands."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ledger.audit import Actor
from ledger.db import Sessions, transaction
from ledger.field_days import read_coverage, record_field_day
from ledger.store import read_catalogue
from notifications.render import vn_date
from obligations.field_coverage import Coverage
from tasks.runlog import StepLog


def record(
    sessions: Sessions,
    now: datetime,
    as_of: date,
    specialist: str,
    commune: str,
    day: date,
    note: str | None = None,
    actor: str = "operator:record-field-day",
) -> StepLog:
    """Record one field day; the month's field-day task is marked done by it."""
    log = StepLog()
    with transaction(sessions) as session:
        catalogue = read_catalogue(session).catalogue
        done = record_field_day(
            session, Actor(actor, now, as_of), catalogue, specialist, commune, day, note
        )
        unit = catalogue.units.get(specialist)
        if not done.new:
            outcome = "đã ghi nhận trước đó, không thay đổi"
        elif done.task_done:
            month = f"{day.month:02d}/{day.year}"
            outcome = f"đã đi cơ sở ngày {vn_date(day)}; việc của tháng {month} hoàn thành"
        elif done.task_id is not None:
            outcome = f"đã đi cơ sở ngày {vn_date(day)}; việc của tháng đã kết thúc trước đó"
        else:
            outcome = f"đã đi cơ sở ngày {vn_date(day)}"
        log.add("recorded" if done.new else "unchanged")
        if done.task_done:
            log.add("task-done")
        log.row(
            {
                "chuyên viên": unit.name if unit else specialist,
                "xã, phường, thị trấn": commune,
                "ngày": vn_date(day),
                "kết quả": outcome,
            }
        )
    return log


def coverage(
    sessions: Sessions, year: int, through: date, specialist: str | None = None
) -> list[Coverage]:
    with transaction(sessions) as session:
        catalogue = read_catalogue(session).catalogue
        return read_coverage(session, catalogue, year, through, specialist)


def coverage_rows(found: list[Coverage]) -> list[dict[str, Any]]:
    """One row per specialist, as a table shows it (Vietnamese headers)."""
    return [
        {
            "chuyên viên": c.name,
            "số xã, phường, thị trấn": len(c.communes),
            "đã đến": len(c.visited),
            "chưa đến": ", ".join(x.name for x in c.not_visited) or "—",
            "tháng chưa đi cơ sở": ", ".join(f"{m:02d}" for m in c.months_without) or "—",
            "tỷ lệ (%)": c.percent,
        }
        for c in found
    ]


def coverage_json(found: list[Coverage]) -> list[dict[str, Any]]:
    return [
        {
            "specialist": c.specialist,
            "name": c.name,
            "communes": [x.code for x in c.communes],
            "visited": {code: [d.isoformat() for d in days] for code, days in c.visited.items()},
            "not_visited": [x.code for x in c.not_visited],
            "months_without_field_day": list(c.months_without),
            "percent": c.percent,
        }
        for c in found
    ]
