"""The field-coverage family: specialists' monthly field days (seed 003, IV.2), chased like any
task; the operator's `record-field-day`, and the year's coverage as an artifact."""

from __future__ import annotations

from datetime import date

from prefect import flow

from calendars.business_time import now_utc
from flows.common import business_day, open_family, publish
from tasks.prefect_tasks import field_coverage, record_field_day


@flow(
    name="field-coverage",
    description="Chuyên viên phụ trách địa bàn đi cơ sở hằng tháng: mở việc của tháng, gửi "
    "đề nghị.",
    persist_result=True,
)
async def field_coverage_flow(as_of: date | None = None) -> dict[str, int]:
    return await open_family(
        "field-coverage", "field-coverage", "Chuyên viên đi cơ sở nắm tình hình", as_of
    )


@flow(
    name="record-field-day",
    description="Ghi nhận một ngày chuyên viên đi cơ sở (xã, phường, thị trấn; ngày): việc đi "
    "cơ sở của tháng đó hoàn thành, dừng việc nhắc.",
)
async def record_field_day_flow(
    specialist: str, commune: str, day: date, note: str | None = None, as_of: date | None = None
) -> dict[str, int]:
    """`specialist`, `commune`: their codes (plans/*.yaml, field_coverage)."""
    today = business_day(as_of)
    log = record_field_day(now_utc(), today, specialist, commune, day, note)
    await publish("record-field-day", "Ghi nhận ngày đi cơ sở", today, log)
    return log.counts


@flow(
    name="field-coverage-report",
    description="Mức độ bao phủ địa bàn trong năm: xã, phường, thị trấn đã đến, chưa đến, "
    "tháng chưa đi cơ sở, tỷ lệ — mỗi chuyên viên một dòng.",
)
async def field_coverage_report_flow(
    year: int | None = None, specialist: str | None = None, as_of: date | None = None
) -> dict[str, int]:
    today = business_day(as_of)
    year = year or today.year
    through = min(today, date(year, 12, 31))
    log = field_coverage(year, through, specialist)
    await publish("field-coverage-report", f"Bao phủ địa bàn năm {year}", today, log)
    return log.counts
