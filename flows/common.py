"""What every flow does the same way: take its business day, publish the run's table artifact."""

from __future__ import annotations

from datetime import date

import pendulum
from prefect.artifacts import acreate_table_artifact
from prefect.runtime import flow_run

from calendars.business_time import business_date
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


async def publish(key: str, title: str, day: date, log: StepLog) -> str:
    """A table artifact of what the run did, in Vietnamese, under a stable key per flow."""
    text = summary(f"**{title}**", day, log)
    rows = log.rows or [{"Kết quả": "Không có việc nào trong ngày."}]
    await acreate_table_artifact(table=rows, key=key, description=text)
    return text
