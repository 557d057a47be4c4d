"""The campaign family: a round's plan, its launch, its report ("ra quân làm công tác dân vận" đợt
1, đợt 2)."""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.common import open_family


@flow(
    name="campaigns",
    description="Đợt ra quân, đợt cao điểm: mở kế hoạch, lễ ra quân và báo cáo kết quả "
    "khi đến hạn.",
    persist_result=True,
)
async def campaigns(as_of: date | None = None) -> dict[str, int]:
    return await open_family("campaign", "campaigns", "Đợt ra quân", as_of)
