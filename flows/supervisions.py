"""The supervision and inspection family (giám sát, kiểm tra): plan, team and guidance, the
supervised units' reports, the supervision, adopting its results."""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.common import open_family


@flow(
    name="supervisions",
    description="Giám sát, kiểm tra: mở kế hoạch, quyết định thành lập đoàn, hướng dẫn "
    "báo cáo, báo cáo của đơn vị được giám sát, đợt giám sát và thông qua "
    "kết quả khi đến hạn.",
    persist_result=True,
)
async def supervisions(as_of: date | None = None) -> dict[str, int]:
    return await open_family("supervision", "supervisions", "Giám sát, kiểm tra", as_of)
