"""The operator actions, the same as their Prefect flows: `dondoc submit`, `dondoc acknowledge`,
`dondoc waive`, `dondoc reschedule`, `dondoc cancel`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from dondoc.cli._common import AsOf, day_of, errors, in_calendar, ledger, load_settings
from dondoc.cli.reports import print_log

Obligation = Annotated[str, typer.Argument(help="The obligation's id.", show_default=False)]
Unit = Annotated[str, typer.Argument(help="The unit's code.", show_default=False)]
Period = Annotated[
    str,
    typer.Argument(
        help="The occurrence: a period (2024-03, 2024-Q1, 2024-H1, 2024) or its key as "
        "`dondoc preview` lists it.",
        show_default=False,
    ),
]
Step = Annotated[
    str | None,
    typer.Option("--step", help="The step, when the occurrence has several (see preview)."),
]
Reason = Annotated[str, typer.Option("--reason", help="Lý do.")]


def submit(
    obligation: Obligation,
    unit: Unit,
    period: Period,
    document_ref: Annotated[
        str | None,
        typer.Option("--ref", help="Số, ký hiệu văn bản (for a meeting: the minutes' number)."),
    ] = None,
    at: Annotated[
        datetime | None,
        typer.Option(
            "--at",
            formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d"],
            help="When it was handed in (Vietnamese time unless a zone is given; default now).",
            callback=in_calendar,
        ),
    ] = None,
    step: Step = None,
    held_on: Annotated[
        datetime | None,
        typer.Option(
            "--held-on",
            formats=["%Y-%m-%d"],
            help="For a meeting or a visit: the day it was held.",
            callback=in_calendar,
        ),
    ] = None,
) -> None:
    """Record a step done: a report handed in, a meeting or a visit held (the record-submission
    flow)."""
    from calendars.business_time import business_date, local, now_utc

    settings = load_settings()
    sessions = ledger(settings)
    submitted = local(at) if at else now_utc()
    day = business_date(submitted)
    with errors():
        from tasks import steps

        log = steps.record_submission(
            sessions,
            now_utc(),
            day,
            obligation,
            unit,
            period,
            document_ref,
            submitted,
            step,
            held_on.date() if held_on else None,
        )
    print_log("record-submission", day, log)


def acknowledge(
    obligation: Obligation,
    unit: Unit,
    period: Period,
    step: Step = None,
    as_of: AsOf = None,
) -> None:
    """Record that a unit received its task, told by phone or in person (the acknowledge-task
    flow); the escalation levels waiting for "đã nhận" stop."""
    from calendars.business_time import now_utc

    settings = load_settings()
    sessions = ledger(settings)
    day = day_of(as_of)
    with errors():
        from tasks import steps

        log = steps.acknowledge_task(sessions, now_utc(), day, obligation, unit, period, step)
    print_log("acknowledge-task", day, log)


def waive(
    obligation: Obligation,
    unit: Unit,
    period: Period,
    reason: Reason,
    step: Step = None,
    as_of: AsOf = None,
) -> None:
    """Excuse a unit from one task (the waive-task flow)."""
    from calendars.business_time import now_utc

    settings = load_settings()
    sessions = ledger(settings)
    day = day_of(as_of)
    with errors():
        from tasks import steps

        log = steps.waive_task(sessions, now_utc(), day, obligation, unit, period, reason, step)
    print_log("waive-task", day, log)


def reschedule(
    obligation: Obligation,
    period: Period,
    new_date: Annotated[
        datetime,
        typer.Option(
            "--to",
            formats=["%Y-%m-%d"],
            help="The new day: the meeting's, the visit's, the deadline.",
            callback=in_calendar,
        ),
    ],
    reason: Reason,
    as_of: AsOf = None,
) -> None:
    """Move one occurrence (a meeting put off): its steps move with it, the units already told
    are told again (the reschedule-occurrence flow)."""
    from calendars.business_time import now_utc

    settings = load_settings()
    sessions = ledger(settings)
    day = day_of(as_of)
    with errors():
        from dondoc.wiring import link_signer
        from tasks import steps

        log = steps.move_occurrence(
            sessions,
            now_utc(),
            day,
            obligation,
            period,
            new_date.date(),
            reason,
            links=link_signer(settings),
        )
    print_log("reschedule-occurrence", day, log)


def cancel(obligation: Obligation, period: Period, reason: Reason, as_of: AsOf = None) -> None:
    """Call one occurrence off, with a reason (the cancel-occurrence flow)."""
    from calendars.business_time import now_utc

    settings = load_settings()
    sessions = ledger(settings)
    day = day_of(as_of)
    with errors():
        from tasks import steps

        log = steps.cancel_occurrence(sessions, now_utc(), day, obligation, period, reason)
    print_log("cancel-occurrence", day, log)
