"""`dondoc feed UNIT`: a unit's (or the office's) calendar as an iCalendar file, and
`dondoc feed-token …`: the revocable links a calendar application subscribes to."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dondoc.cli._common import err, errors, fail, in_calendar, ledger, load_settings, out

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ledger.audit import Actor
    from obligations.loader import Catalogue


def feed_url(token: str, base: str) -> str:
    """A feed's address, under the web endpoint's public address (DONDOC_LINKS__BASE_URL)."""
    return f"{base.rstrip('/')}/lich/{token}.ics"


def _catalogue(files: list[Path] | None, plans: Path) -> Catalogue:
    from obligations.loader import catalogue_files, load_catalogue

    return load_catalogue(files or catalogue_files(plans))


def feed(
    unit: Annotated[str, typer.Argument(help="A unit's code, or 'office' for everything.")],
    start: Annotated[
        datetime | None,
        typer.Option(
            "--from",
            formats=["%Y-%m-%d"],
            help="First day (default: 1/1 of the year).",
            callback=in_calendar,
        ),
    ] = None,
    end: Annotated[
        datetime | None,
        typer.Option(
            "--to",
            formats=["%Y-%m-%d"],
            help="Last day (default: 31/12 of the year).",
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

    # One bound given: the rest of its year; none: this year.
    year = today().year
    first = start.date() if start else date(end.year if end else year, 1, 1)
    last = end.date() if end else date(start.year if start else year, 12, 31)
    if last < first:
        raise typer.BadParameter("--to is before --from", param_hint="--to")
    with errors():
        from notifications.feed import to_ical
        from obligations.feeds import FeedError, feed_of

        settings = load_settings()
        catalogue = _catalogue(files, settings.plans)
        alarm_at = settings.notify.office_hours_start
        try:
            built = feed_of(catalogue, unit, first, last, plan=plan, alarm_at=alarm_at)
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


feed_token_app = typer.Typer(help="The revocable addresses of the calendar feeds.")


def _scope(session: Session, unit: str) -> str:
    """`unit` if the ledger's catalogue knows it (or `office`), else a sentence and exit 1."""
    from ledger.store import read_catalogue
    from obligations.feeds import OFFICE, near_units

    catalogue = read_catalogue(session).catalogue
    if unit == OFFICE or unit in catalogue.units:
        return unit
    if not catalogue.units:
        raise fail("dondoc: sổ chưa có danh mục: nạp kế hoạch trước (dondoc plan load FILE…).")
    near = near_units(catalogue, unit)
    hint = f" Có phải: {', '.join(near)}?" if near else ""
    raise fail(f"dondoc: Không có đơn vị {unit!r} trong danh mục đã nạp.{hint}")


def _actor(name: str) -> Actor:
    from calendars.business_time import now_utc, today
    from ledger.audit import Actor

    return Actor(name, now_utc(), today())


@feed_token_app.command("issue")
def token_issue(
    unit: Annotated[str, typer.Argument(help="A unit's code, or 'office'.")],
) -> None:
    """Issue a feed address for a unit; the address is shown only now."""
    settings = load_settings()
    sessions = ledger(settings)
    with errors():
        from ledger.db import transaction
        from ledger.feeds import issue

        with transaction(sessions) as session:
            scope = _scope(session, unit)
            token = issue(session, _actor("cli:feed-token-issue"), scope)
    out.print(feed_url(token, settings.links.base_url), markup=False)
    err.print(
        "Địa chỉ này chỉ hiện một lần: gửi cho đơn vị để đăng ký lịch (Google Calendar, Outlook, "
        "điện thoại). Thu hồi: dondoc feed-token revoke " + unit,
        markup=False,
    )


@feed_token_app.command("revoke")
def token_revoke(
    unit: Annotated[str, typer.Argument(help="A unit's code, or 'office'.")],
    token_id: Annotated[
        int | None, typer.Option("--id", help="Only this token (see feed-token list).")
    ] = None,
) -> None:
    """Revoke a unit's feed addresses: they answer 404 from now on."""
    settings = load_settings()
    sessions = ledger(settings)
    with errors():
        from ledger.db import transaction
        from ledger.feeds import revoke

        with transaction(sessions) as session:
            ids = revoke(session, _actor("cli:feed-token-revoke"), unit, token_id)
    if not ids:
        raise fail(f"dondoc: {unit} không có địa chỉ lịch nào đang dùng.")
    out.print(
        f"Đã thu hồi {len(ids)} địa chỉ lịch của {unit} (số {', '.join(map(str, ids))}).",
        markup=False,
    )


@feed_token_app.command("list")
def token_list(
    unit: Annotated[str | None, typer.Argument(help="Only this unit's.")] = None,
) -> None:
    """The feed addresses issued (never their secret): when, and whether revoked."""
    settings = load_settings()
    sessions = ledger(settings)
    with errors():
        from ledger.db import transaction
        from ledger.feeds import tokens

        with transaction(sessions) as session:
            found = tokens(session, unit)
    for info in found:
        state = f"thu hồi {info.revoked_at:%Y-%m-%d %H:%M}Z" if info.revoked_at else "đang dùng"
        # Tab-separated, as scripts read it (rich would turn the tabs into spaces).
        sys.stdout.write(f"{info.id}\t{info.scope}\t{info.created_at:%Y-%m-%d %H:%M}Z\t{state}\n")
    if not found:
        err.print("Chưa cấp địa chỉ lịch nào.", markup=False)
