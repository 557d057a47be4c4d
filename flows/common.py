"""What every flow does the same way: take its business day, publish the run's table artifact."""

from __future__ import annotations

from datetime import date

import pendulum
from prefect.artifacts import acreate_table_artifact
from prefect.runtime import flow_run

from calendars.business_time import business_date, now_utc
from dondoc.settings import read_settings
from tasks.prefect_tasks import deliver, open_tasks
from tasks.runlog import StepLog, summary


def business_day(as_of: date | None) -> date:
    """The day a run acts for: the parameter, else the run's scheduled start in Vietnam.

    Taking the scheduled time (not the moment the run happens to start) keeps a late or
    re-run flow deterministic: it acts for the day it was scheduled for.
    """
    if as_of is not None:
        return as_of
    scheduled = flow_run.get_scheduled_start_time()
    return business_date(pendulum.instance(scheduled))


async def open_family(family: str, key: str, title: str, as_of: date | None) -> dict[str, int]:
    """A family's daily run: plan its occurrences ahead, open what is due, send the requests.

    `key`: the run's artifact key, the flow's name."""
    day = business_day(as_of)
    now = now_utc()
    log = open_tasks(day, now, read_settings().horizon_end(day), family)
    log.extend(await deliver(now))
    await publish(key, title, day, log)
    return log.counts


async def publish(key: str, title: str, day: date, log: StepLog) -> str:
    """A table artifact of what the run did, in Vietnamese, under a stable key per flow."""
    text = summary(f"**{title}**", day, log)
    rows = log.rows or [{"Kết quả": "Không có việc nào trong ngày."}]
    await acreate_table_artifact(table=rows, key=key, description=text)
    return text
