"""Monthly statistics: on the 1st, the month just ended — the four counts and the on-time rate
per unit and family, with the twelve months' trend — as Prefect artifacts."""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow
from prefect.artifacts import acreate_markdown_artifact, acreate_table_artifact

from flows.common import business_day
from tasks.prefect_tasks import statistics
from tasks.statistics import month_reported, table_rows, trend_markdown


@flow(
    name="monthly-statistics",
    description="Thống kê tháng trước: đúng hạn, trễ hạn, trong hạn, quá hạn và tỷ lệ đúng hạn "
    "theo đơn vị, loại nhiệm vụ; xu hướng 12 tháng.",
)
async def monthly_statistics_flow(
    as_of: date | None = None, plan: str | None = None
) -> dict[str, Any]:
    """`as_of`: a day of the month after the one reported (default: the run's scheduled day)."""
    month = month_reported(business_day(as_of))
    figures = statistics(month, plan)
    total = figures["by_unit"]["total"]
    await acreate_table_artifact(
        table=table_rows(figures["by_unit"]),
        key="monthly-statistics",
        description=f"Thống kê nhiệm vụ có hạn trong tháng {month:%m/%Y}, theo đơn vị",
    )
    await acreate_markdown_artifact(
        markdown=trend_markdown(month, figures["by_unit"], figures["by_family"]),
        key="monthly-statistics-trend",
        description=f"Tháng {month:%m/%Y}: theo loại nhiệm vụ, xu hướng 12 tháng",
    )
    return {
        "month": f"{month:%Y-%m}",
        **{k: total[k] for k in ("done_on_time", "done_late", "open_in_time", "overdue")},
        "on_time_rate": total["on_time_rate"],
    }
