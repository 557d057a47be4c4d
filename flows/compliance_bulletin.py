"""The monthly compliance bulletin: draft it, let the office approve it, send it.

draft (figures from the ledger, a Markdown artifact to read) → the run pauses for the
operator's answer in the Prefect UI (approve or not, who, a comment) → approved: numbered,
rendered to DOCX and PDF, e-mailed to the catalogue's recipients through the outbox, delivered;
not approved: marked rejected, nothing sent. A rerun of a sent month sends nothing again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow
from prefect.artifacts import acreate_markdown_artifact
from prefect.flow_runs import apause_flow_run
from prefect.input import RunInput
from pydantic import Field

from calendars.business_time import now_utc
from flows.common import business_day, publish
from tasks.prefect_tasks import deliver, draft_bulletin, issue_bulletin, reject_bulletin

# How long the draft waits for the office (a run that times out fails; the draft stays, and a
# new run asks again), and how often the paused run looks for the answer.
APPROVAL_TIMEOUT_SECONDS = 3 * 24 * 3600
POLL_SECONDS = 10


class BulletinApproval(RunInput):
    """The operator's answer, as the Prefect UI's form asks for it."""

    approve: bool = Field(description="Duyệt thông báo để ban hành và gửi đi")
    signer: str = Field(default="", description="Người duyệt (họ tên hoặc tài khoản)")
    comment: str | None = Field(default=None, description="Ý kiến (lý do nếu không duyệt)")


def month_of(period: str | None, day: date) -> str:
    """The month reported on: the parameter, else the run's own month (due in it, counted)."""
    return period or f"{day.year:04d}-{day.month:02d}"


@flow(
    name="compliance-bulletin",
    description="Thông báo tình hình thông tin báo cáo hằng tháng của các đơn vị: lập dự thảo, "
    "chờ duyệt trên giao diện Prefect, cấp số, gửi bản DOCX và PDF tới nơi nhận.",
)
async def compliance_bulletin(
    period: str | None = None, plan: str | None = None, as_of: date | None = None
) -> dict[str, Any]:
    """`period`: YYYY-MM (default: the scheduled day's month); `plan`: when several have one."""
    day = business_day(as_of)
    month = month_of(period, day)
    drafted = draft_bulletin(now_utc(), month, plan, as_of)
    if drafted.status == "sent":
        return {"status": drafted.status, "number": drafted.number, "queued": 0}
    await acreate_markdown_artifact(
        markdown=drafted.markdown,
        key="compliance-bulletin-draft",
        description=f"Dự thảo thông báo tháng {month} ({drafted.plan_id}): chờ duyệt",
    )
    answer = await apause_flow_run(
        wait_for_input=BulletinApproval,
        timeout=APPROVAL_TIMEOUT_SECONDS,
        poll_interval=POLL_SECONDS,
    )
    by = answer.signer.strip() or "prefect-ui"
    if not answer.approve:
        status = reject_bulletin(now_utc(), drafted.plan_id, month, by, answer.comment)
        return {"status": status, "number": None, "queued": 0}
    now = now_utc()
    issued = issue_bulletin(now, drafted.plan_id, month, by)
    log = await deliver(now)
    await publish("compliance-bulletin", "Gửi thông báo tình hình báo cáo", day, log)
    return {"status": issued.status, "number": issued.number, "queued": issued.queued}
