"""`dondoc feed UNIT`: a unit's (or the office's) calendar as an iCalendar file, and
`dondoc feed-token …`: the revocable links a calendar application subscribes to."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dondoc.cli._common import errors, fail, in_calendar, load_settings, out

if TYPE_CHECKING:
    from obligations.loader import Catalogue

DEFAULT_BASE_URL = "http://127.0.0.1:8790"


def feed_base_url() -> str:
    """Where the feeds are served: DONDOC_LINKS__BASE_URL (the web's `links` settings)."""
    return (os.environ.get("DONDOC_LINKS__BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def feed_url(token: str, base: str | None = None) -> str:
    return f"{base or feed_base_url()}/lich/{token}.ics"


def _catalogue(files: list[Path] | None) -> Catalogue:
    from obligations.loader import catalogue_files, load_catalogue

    return load_catalogue(files or catalogue_files(load_settings().plans))


def feed(
    unit: Annotated[str, typer.Argument(help="A unit's code, or 'office' for everything.")],
    start: Annotated[
        datetime | None,
        typer.Option(
            "--from",
            formats=["%Y-%m-%d"],
            help="First day (default 1/1 this year).",
            callback=in_calendar,
        ),
    ] = None,
    end: Annotated[
        datetime | None,
        typer.Option(
            "--to",
            formats=["%Y-%m-%d"],
            help="Last day (default 31/12 this year).",
            callback=in_calendar,
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    plan: Annotated[str | None, typer.Option("--plan", help="Only this plan.")] = None,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Catalogue files (default: every file under plans/).", show_default=False
        ),
    ] = None,
) -> None:
    """Write a unit's calendar (its steps and their occurrences, with alarms) as iCalendar."""
    from calendars.business_time import now_utc, today

    year = today().year
    first = start.date() if start else date(year, 1, 1)
    last = end.date() if end else date(year, 12, 31)
    if last < first:
        raise typer.BadParameter("--to is before --from", param_hint="--to")
    with errors():
        from notifications.feed import to_ical
        from obligations.feeds import FeedError, feed_of

        catalogue = _catalogue(files)
        try:
            built = feed_of(catalogue, unit, first, last, plan=plan)
        except FeedError as problem:
            raise fail(f"dondoc: {problem}") from None
        data = to_ical(built.events, name=built.name, stamp=now_utc())
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    output.write_bytes(data)
    out.print(
        f"{output}: {len(built.events)} sự kiện, {first:%d/%m/%Y} – {last:%d/%m/%Y}", markup=False
    )
