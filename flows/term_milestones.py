"""The term-milestone family: the mid-term and end-of-term reviews of a Party term or a movement's
stage."""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.common import open_family


@flow(
    name="term-milestones",
    description="Sơ kết, tổng kết nhiệm kỳ, giai đoạn: mở hướng dẫn, báo cáo của các "
    "đơn vị, báo cáo tổng hợp và hội nghị khi đến hạn.",
    persist_result=True,
)
async def term_milestones(as_of: date | None = None) -> dict[str, int]:
    return await open_family(
        "term-milestone", "term-milestones", "Sơ kết, tổng kết nhiệm kỳ", as_of
    )
