"""Operator actions, run from the Prefect UI with parameters."""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow

from calendars.business_time import local, now_utc
from flows.common import business_day, publish
from tasks.prefect_tasks import record_submission, waive_task


@flow(
    name="record-submission",
    description="Ghi nhận đơn vị đã nộp báo cáo (dừng việc nhắc): mã nghĩa vụ, mã đơn vị, kỳ, "
    "số/ký hiệu văn bản, thời điểm nộp.",
)
async def record_submission_flow(
    obligation: str,
    unit: str,
    period: str,
    document_ref: str,
    submitted_at: datetime,
    as_of: date | None = None,
) -> dict[str, int]:
    """`submitted_at` without a zone is Vietnamese time; `period` like 2024-03, 2024-Q1."""
    submitted_at = local(submitted_at)
    day = business_day(as_of)
    log = record_submission(now_utc(), day, obligation, unit, period, document_ref, submitted_at)
    await publish("record-submission", "Ghi nhận nộp báo cáo", day, log)
    return log.counts


@flow(name="waive-task", description="Miễn cho đơn vị một nhiệm vụ (nêu lý do).")
async def waive_task_flow(
    obligation: str, unit: str, period: str, reason: str, as_of: date | None = None
) -> dict[str, int]:
    day = business_day(as_of)
    log = waive_task(now_utc(), day, obligation, unit, period, reason)
    await publish("waive-task", "Miễn nhiệm vụ", day, log)
    return log.counts
