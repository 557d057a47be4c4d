"""What every flow does the same way: take its business day, publish the run's table artifact."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pendulum
from prefect.artifacts import (
    acreate_link_artifact,
    acreate_markdown_artifact,
    acreate_table_artifact,
)
from prefect.runtime import flow_run

from calendars.business_time import business_date, now_utc
from tasks.prefect_tasks import deliver, open_tasks, run_settings
from tasks.runlog import ARTIFACT_ROWS, StepLog, csv_text, digest


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
    log = open_tasks(day, now, run_settings().horizon_end(day), family)
    log.extend(await deliver(now))
    await publish(key, title, day, log)
    return log.counts


async def publish(key: str, title: str, day: date, log: StepLog) -> str:
    """The run's artifacts, bounded whatever the scale, under stable keys per flow.

    A table of the first rows (its description: what the run did, in counts), a Markdown
    summary of the rows per family, action and unit, and — when the table is cut — the full
    list as a CSV file under DONDOC_HOME/runs, with a link artifact to it.
    """
    full = write_full_list(key, day, log) if len(log.rows) > ARTIFACT_ROWS else None
    shown = digest(f"**{title}**", day, log, str(full) if full else None, ARTIFACT_ROWS)
    await acreate_table_artifact(table=shown.table, key=key, description=shown.description)
    await acreate_markdown_artifact(
        markdown=shown.counts, key=f"{key}-counts", description=f"{title}: số dòng theo loại"
    )
    if full is not None:
        await acreate_link_artifact(
            link=full.as_uri(),
            link_text=f"Danh sách đầy đủ ({shown.total} dòng, CSV)",
            key=f"{key}-full-list",
            description=f"{title} — ngày {day.isoformat()}",
        )
    return shown.description


def write_full_list(key: str, day: date, log: StepLog) -> Path:
    """The run's whole table as CSV (UTF-8 with BOM, so a spreadsheet reads the diacritics)."""
    run = flow_run.get_id() or "local"
    folder = run_settings().home.resolve() / "runs" / key
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{day.isoformat()}-{run}.csv"
    path.write_text(csv_text(log.rows), encoding="utf-8-sig")
    return path
