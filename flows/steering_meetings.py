"""The steering-committee family: each quarter's meeting, the reports and budget request
before it, the conclusions after it."""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.common import open_family


@flow(
    name="steering-meetings",
    description="Họp Ban Chỉ đạo định kỳ: mở các việc chuẩn bị (báo cáo, đề nghị kinh phí), "
    "cuộc họp và thông báo kết luận khi đến hạn.",
    persist_result=True,
)
async def steering_meetings(as_of: date | None = None) -> dict[str, int]:
    return await open_family(
        "steering-meeting", "steering-meetings", "Họp Ban Chỉ đạo định kỳ", as_of
    )
