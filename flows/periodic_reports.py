"""The periodic-report family: monthly, quarterly, 6-, 9-month and annual reports."""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.common import open_family


@flow(
    name="periodic-reports",
    description="Lập kế hoạch và mở nhiệm vụ báo cáo định kỳ đến hạn; gửi đề nghị báo cáo.",
    persist_result=True,
)
async def periodic_reports(as_of: date | None = None) -> dict[str, int]:
    return await open_family(
        "periodic-report", "periodic-reports", "Mở nhiệm vụ báo cáo định kỳ", as_of
    )
