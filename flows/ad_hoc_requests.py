"""Ad-hoc requests (yêu cầu đột xuất): the family's daily run, and the operator's request.

`request-report` is run from the Prefect UI with parameters (and by `dondoc request new`): it
stores the request, opens its tasks and sends the requests at once. From then on the request is
chased and escalated by the daily `chase` and `escalate` runs like any other task; the daily
`ad-hoc-requests` run opens what a request made on a day off (or a failed run) left planned.
"""

from __future__ import annotations

from datetime import date

from prefect import flow

from calendars.business_time import now_utc
from flows.common import business_day, open_family, publish
from tasks.prefect_tasks import deliver, request_report, run_settings

TITLE = "Yêu cầu báo cáo đột xuất"


@flow(
    name="ad-hoc-requests",
    description="Yêu cầu báo cáo đột xuất: mở nhiệm vụ đến hạn, gửi đề nghị (hằng ngày).",
    persist_result=True,
)
async def ad_hoc_requests(as_of: date | None = None) -> dict[str, int]:
    return await open_family("ad-hoc-request", "ad-hoc-requests", TITLE, as_of)


@flow(
    name="request-report",
    description="Yêu cầu một số đơn vị gửi báo cáo đột xuất trước một hạn: gửi đề nghị ngay, "
    "sau đó nhắc hạn và báo cáo vượt cấp như mọi nhiệm vụ khác. Gửi lại cùng một yêu cầu "
    "không tạo yêu cầu thứ hai.",
)
async def request_report_flow(
    title: str,
    units: list[str],
    due: date,
    note: str = "",
    request_id: str | None = None,
    unit_tags: list[str] | None = None,
    plan: str | None = None,
    requested_by: str | None = None,
    as_of: date | None = None,
) -> dict[str, int]:
    """`units`: the units' codes (tn-mttq …); `unit_tags`: groups of the plan's units;
    `due`: the deadline, a working day; `request_id`: give one to make two requests that ask
    the same; `plan`: when the units do not say which plan's office asks."""
    day = business_day(as_of)
    now = now_utc()
    values = {
        "title": title,
        "units": units,
        "unit_tags": unit_tags or [],
        "due": due,
        "note": note,
        "request_id": request_id,
        "plan": plan,
        "requested_by": requested_by,
    }
    log = request_report(now, day, run_settings().horizon_end(day), values)
    log.extend(await deliver(now))
    await publish("request-report", TITLE, day, log)
    return log.counts
