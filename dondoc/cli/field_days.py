"""`dondoc field-day record` and `dondoc field-day coverage`: specialists' days in the communes
of their areas (a plan's `field_coverage`), and the year's coverage."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from dondoc.cli._common import dump, errors, in_calendar, ledger, load_settings, out
from dondoc.cli.reports import print_log

field_day_app = typer.Typer(
    help="Chuyên viên phụ trách địa bàn đi cơ sở: ghi nhận ngày đi, xem mức độ bao phủ trong năm.",
    no_args_is_help=True,
)


@field_day_app.command("record")
def record(
    specialist: Annotated[str, typer.Argument(help="The specialist's code.", show_default=False)],
    commune: Annotated[str, typer.Argument(help="The commune's code.", show_default=False)],
    day: Annotated[
        datetime,
        typer.Argument(formats=["%Y-%m-%d"], help="The day of the visit.", callback=in_calendar),
    ],
    note: Annotated[str | None, typer.Option("--note", help="Ghi chú.")] = None,
) -> None:
    """Record a field day (the record-field-day flow): the month's field-day task is done."""
    from calendars.business_time import now_utc, today

    settings = load_settings()
    sessions = ledger(settings)
    as_of = today()
    with errors():
        from tasks import field_days

        log = field_days.record(sessions, now_utc(), as_of, specialist, commune, day.date(), note)
    print_log("record-field-day", as_of, log)


@field_day_app.command("coverage")
def coverage(
    year: Annotated[
        int | None, typer.Option("--year", help="The year (default: this one).")
    ] = None,
    specialist: Annotated[
        str | None, typer.Option("--specialist", help="One specialist's code.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Each specialist's year: the communes of the area visited (with dates), not yet visited,
    the months without a field day, the share covered."""
    from datetime import date

    from calendars.business_time import today

    settings = load_settings()
    sessions = ledger(settings)
    now = today()
    year = year or now.year
    through = min(now, date(year, 12, 31))
    with errors():
        from tasks import field_days

        found = field_days.coverage(sessions, year, through, specialist)
    if as_json:
        out.print(dump(field_days.coverage_json(found)), markup=False)
        return
    for c in found:
        out.print(
            f"{c.name} ({c.specialist}): {len(c.visited)}/{len(c.communes)} xã, phường, thị "
            f"trấn — {c.percent:g}%",
            markup=False,
        )
        for x in c.communes:
            days = c.visited.get(x.code)
            shown = ", ".join(d.strftime("%d/%m") for d in days) if days else "chưa đến"
            out.print(f"  {x.area} / {x.name} ({x.code}): {shown}", markup=False)
        months = ", ".join(f"{m:02d}" for m in c.months_without) or "không có"
        out.print(f"  tháng chưa đi cơ sở: {months}", markup=False)
