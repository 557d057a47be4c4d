"""The task family: a programme's dated items (yearly in a month) and one-off deadlines ("hoàn
thành trong quý III-2021")."""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.common import open_family


@flow(
    name="programme-tasks",
    description="Nhiệm vụ theo chương trình công tác và việc có thời hạn một lần: mở "
    "khi đến hạn, gửi đề nghị.",
    persist_result=True,
)
async def programme_tasks(as_of: date | None = None) -> dict[str, int]:
    return await open_family(
        "task", "programme-tasks", "Nhiệm vụ theo chương trình công tác", as_of
    )
