"""The event family: conferences, anniversaries, study tours, emulation seasons — plan, event,
report."""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.common import open_family


@flow(
    name="events",
    description="Hội nghị, sự kiện, kỷ niệm: mở kế hoạch tổ chức, sự kiện và báo cáo "
    "kết quả khi đến hạn.",
    persist_result=True,
)
async def events(as_of: date | None = None) -> dict[str, int]:
    return await open_family("event", "events", "Hội nghị, sự kiện, kỷ niệm", as_of)
