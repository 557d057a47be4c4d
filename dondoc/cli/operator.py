"""`dondoc submit` and `dondoc waive`: the operator actions, the same as their Prefect flows."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from dondoc.cli._common import AsOf, day_of, errors, in_calendar, ledger, load_settings
from dondoc.cli.reports import print_log


def submit(
    obligation: str,
    unit: str,
    period: str,
    document_ref: Annotated[str, typer.Option("--ref", help="Số, ký hiệu văn bản.")],
    at: Annotated[
        datetime | None,
        typer.Option(
            "--at",
            formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d"],
            help="When it was handed in (Vietnamese time unless a zone is given; default now).",
            callback=in_calendar,
        ),
    ] = None,
) -> None:
    """Record that a unit handed in its report (the same as the record-submission flow)."""
    from calendars.business_time import business_date, local, now_utc

    settings = load_settings()
    sessions = ledger(settings)
    submitted = local(at) if at else now_utc()
    day = business_date(submitted)
    with errors():
        from tasks import steps

        log = steps.record_submission(
            sessions, now_utc(), day, obligation, unit, period, document_ref, submitted
        )
    print_log("record-submission", day, log)


def waive(
    obligation: str,
    unit: str,
    period: str,
    reason: Annotated[str, typer.Option("--reason", help="Lý do miễn.")],
    as_of: AsOf = None,
) -> None:
    """Excuse a unit from one task (the same as the waive-task flow)."""
    from calendars.business_time import now_utc

    settings = load_settings()
    sessions = ledger(settings)
    day = day_of(as_of)
    with errors():
        from tasks import steps

        log = steps.waive_task(sessions, now_utc(), day, obligation, unit, period, reason)
    print_log("waive-task", day, log)
