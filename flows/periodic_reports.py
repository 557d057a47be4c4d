"""The periodic-report family: open each unit's report tasks when their opening day comes."""

from __future__ import annotations

from datetime import date

from prefect import flow

from calendars.business_time import now_utc
from dondoc.settings import Settings
from flows.common import business_day, publish
from tasks.prefect_tasks import deliver, open_tasks


@flow(
    name="periodic-reports",
    description="Lập kế hoạch và mở nhiệm vụ báo cáo định kỳ đến hạn; gửi đề nghị báo cáo.",
)
async def periodic_reports(as_of: date | None = None) -> dict[str, int]:
    day = business_day(as_of)
    now = now_utc()
    log = open_tasks(day, now, Settings().horizon_end(day))
    log.extend(await deliver(now))
    await publish("periodic-reports", "Mở nhiệm vụ báo cáo định kỳ", day, log)
    return log.counts
