"""The holiday-visit family: the plan before a religious or ethnic festival, the visit on its
ceremony day, the report after."""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.common import open_family


@flow(
    name="holiday-visits",
    description="Thăm, chúc mừng nhân dịp lễ trọng tôn giáo, dân tộc: kế hoạch, chuyến thăm, "
    "báo cáo.",
    persist_result=True,
)
async def holiday_visits(as_of: date | None = None) -> dict[str, int]:
    return await open_family("holiday-visit", "holiday-visits", "Thăm, chúc mừng lễ trọng", as_of)
