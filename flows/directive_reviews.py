"""The directive-review family: interim and final reviews n years after a directive."""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.common import open_family


@flow(
    name="directive-reviews",
    description="Sơ kết, tổng kết thực hiện nghị quyết, chỉ thị, kết luận: công văn hướng dẫn, "
    "báo cáo của các đơn vị, báo cáo tổng hợp, hội nghị.",
    persist_result=True,
)
async def directive_reviews(as_of: date | None = None) -> dict[str, int]:
    return await open_family(
        "directive-review", "directive-reviews", "Sơ kết, tổng kết văn bản", as_of
    )
