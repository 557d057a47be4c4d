"""Operator actions, run from the Prefect UI with parameters (and by the same-named commands)."""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow

from calendars.business_time import local, now_utc
from flows.common import business_day, publish
from tasks.prefect_tasks import (
    acknowledge_task,
    cancel_occurrence,
    move_occurrence,
    record_submission,
    waive_task,
)


@flow(
    name="record-submission",
    description="Ghi nhận một việc đã hoàn thành (dừng việc nhắc): báo cáo đã nộp (số, ký hiệu "
    "văn bản), cuộc họp, chuyến thăm đã thực hiện (ngày thực hiện, số biên bản nếu có).",
)
async def record_submission_flow(
    obligation: str,
    unit: str,
    period: str,
    document_ref: str | None = None,
    submitted_at: datetime | None = None,
    step: str | None = None,
    held_on: date | None = None,
    as_of: date | None = None,
) -> dict[str, int]:
    """`period`: the occurrence (2024-03, 2024-Q1, 2024 …); `step` when it has several;
    `submitted_at` without a zone is Vietnamese time (default: now)."""
    submitted = local(submitted_at) if submitted_at else now_utc()
    day = business_day(as_of)
    log = record_submission(
        now_utc(), day, obligation, unit, period, document_ref, submitted, step, held_on
    )
    await publish("record-submission", "Ghi nhận nộp báo cáo", day, log)
    return log.counts


@flow(
    name="acknowledge-task",
    description="Ghi nhận đơn vị đã nhận nhiệm vụ (báo qua điện thoại, trực tiếp): dừng các mức "
    "báo cáo vượt cấp chờ xác nhận đã nhận.",
)
async def acknowledge_task_flow(
    obligation: str,
    unit: str,
    period: str,
    step: str | None = None,
    as_of: date | None = None,
) -> dict[str, int]:
    day = business_day(as_of)
    log = acknowledge_task(now_utc(), day, obligation, unit, period, step)
    await publish("acknowledge-task", "Ghi nhận đã nhận nhiệm vụ", day, log)
    return log.counts


@flow(name="waive-task", description="Miễn cho đơn vị một nhiệm vụ (nêu lý do).")
async def waive_task_flow(
    obligation: str,
    unit: str,
    period: str,
    reason: str,
    step: str | None = None,
    as_of: date | None = None,
) -> dict[str, int]:
    day = business_day(as_of)
    log = waive_task(now_utc(), day, obligation, unit, period, reason, step)
    await publish("waive-task", "Miễn nhiệm vụ", day, log)
    return log.counts


@flow(
    name="reschedule-occurrence",
    description="Đổi ngày một kỳ (một cuộc họp dời lịch): các việc của kỳ dời theo, đơn vị đã "
    "được báo sẽ được báo lại.",
)
async def reschedule_occurrence_flow(
    obligation: str, period: str, new_date: date, reason: str, as_of: date | None = None
) -> dict[str, int]:
    """`new_date`: the occurrence's new anchor (the meeting's day, the visit's, the deadline)."""
    day = business_day(as_of)
    log = move_occurrence(now_utc(), day, obligation, period, new_date, reason)
    await publish("reschedule-occurrence", "Đổi ngày một kỳ", day, log)
    return log.counts


@flow(name="cancel-occurrence", description="Hủy một kỳ (nêu lý do): các việc của kỳ dừng lại.")
async def cancel_occurrence_flow(
    obligation: str, period: str, reason: str, as_of: date | None = None
) -> dict[str, int]:
    day = business_day(as_of)
    log = cancel_occurrence(now_utc(), day, obligation, period, reason)
    await publish("cancel-occurrence", "Hủy một kỳ", day, log)
    return log.counts
