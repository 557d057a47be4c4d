"""The daily sweep over every family: chase before and after deadlines, escalate, deliver."""

from __future__ import annotations

from datetime import date

from prefect import flow

from calendars.business_time import now_utc
from flows.common import business_day, publish
from tasks.prefect_tasks import chase, deliver, escalate


@flow(
    name="chase",
    description="Nhắc hạn trước và sau thời hạn, mọi loại nghĩa vụ; mỗi lời nhắc gửi một lần.",
    persist_result=True,
)
async def chase_flow(as_of: date | None = None) -> dict[str, int]:
    day = business_day(as_of)
    now = now_utc()
    log = chase(day, now)
    log.extend(await deliver(now))
    await publish("chase", "Nhắc hạn", day, log)
    return log.counts


@flow(
    name="escalate",
    description="Quá hạn N ngày làm việc: báo người đứng đầu, sau đó cơ quan chỉ đạo.",
    persist_result=True,
)
async def escalate_flow(as_of: date | None = None) -> dict[str, int]:
    day = business_day(as_of)
    now = now_utc()
    log = escalate(day, now)
    log.extend(await deliver(now))
    await publish("escalate", "Báo cáo vượt cấp", day, log)
    return log.counts


@flow(
    name="deliver",
    description="Gửi tin đã xếp trong giờ hành chính: một bản tổng hợp mỗi người nhận mỗi ngày.",
    persist_result=True,
)
async def deliver_flow(as_of: date | None = None) -> dict[str, int]:
    day = business_day(as_of)
    now = now_utc()
    log = await deliver(now)
    await publish("deliver", "Gửi tin", day, log)
    return log.counts
