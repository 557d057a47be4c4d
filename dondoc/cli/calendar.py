"""`dondoc calendar …`: the Vietnamese calendars — lunar, festivals, working days, periods."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from calendars.periods import PeriodKind
from dondoc.cli._common import dump, err, errors, fail, in_calendar, load_settings, out

if TYPE_CHECKING:
    from calendars.festivals import Festival
    from obligations.loader import Catalogue

calendar_app = typer.Typer(help="Vietnamese calendars: lunar, festivals, working days, periods.")


class Format(StrEnum):
    JSONL = "jsonl"
    TABLE = "table"


def _lunar_json(day: date) -> dict[str, Any]:
    from calendars import lunar

    value = lunar.to_lunar(day)
    return {"day": value.day, "month": value.month, "year": value.year, "leap": value.leap}


def _calendar_catalogue() -> Catalogue:
    from obligations.loader import catalogue_files, load_catalogue

    return load_catalogue(catalogue_files(load_settings().plans / "calendar"))


def _festivals(year: int) -> tuple[list[Any], list[Festival]]:
    """A year's festival days, and the catalogue's festivals that have no date that year."""
    from calendars.festivals import festivals_in_year

    festivals = _calendar_catalogue().festivals()
    days = festivals_in_year(festivals, year)
    dated = {day.festival.id for day in days}
    return days, [f for f in festivals if f.id not in dated]


def _say_undated(year: int, undated: list[Festival]) -> None:
    """Name the festivals missing from a year, so that a shorter list is never a silent one."""
    from calendars.recurrence import OnceRule

    published = [f.name for f in undated if isinstance(f.rule, OnceRule)]
    elsewhere = [f.name for f in undated if not isinstance(f.rule, OnceRule)]
    if published:
        names = ", ".join(published)
        err.print(f"Chưa có ngày công bố cho năm {year}: {names}.", markup=False)
    if elsewhere:
        names = ", ".join(elsewhere)
        err.print(f"Không rơi vào năm dương lịch {year}: {names}.", markup=False)


@calendar_app.command("lunar")
def calendar_lunar(
    day: Annotated[
        datetime | None,
        typer.Argument(formats=["%Y-%m-%d"], help="A solar date.", callback=in_calendar),
    ] = None,
    start: Annotated[
        datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], callback=in_calendar)
    ] = None,
    end: Annotated[
        datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], callback=in_calendar)
    ] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The Vietnamese lunar date of a solar date, or of every day of a range."""
    with errors():
        if day is not None:
            value = _lunar_json(day.date())
            if as_json:
                out.print(json.dumps(value), markup=False)
            else:
                leap = " (nhuận)" if value["leap"] else ""
                out.print(f"{value['day']}/{value['month']}{leap}/{value['year']} âm lịch")
            return
        if start is None or end is None:
            raise fail("give a DATE, or --from DATE --to DATE")
        first, last = start.date(), end.date()
        lines = []
        current = first
        while current <= last:
            lines.append(json.dumps({"solar": current.isoformat(), **_lunar_json(current)}))
            current += timedelta(days=1)
        sys.stdout.write("\n".join(lines) + ("\n" if lines else ""))


@calendar_app.command("solar")
def calendar_solar(
    lunar_date: Annotated[str, typer.Option("--lunar", help="D/M/YYYY in the lunar calendar.")],
    leap: Annotated[bool, typer.Option("--leap", help="The date is in the leap month.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The solar date of a Vietnamese lunar date."""
    try:
        day, month, year = (int(part) for part in lunar_date.split("/"))
    except ValueError:
        raise fail(f"dondoc: {lunar_date!r} is not D/M/YYYY") from None
    with errors():
        from calendars import lunar

        solar = lunar.to_solar(year, month, day, leap)
    out.print(json.dumps({"solar": solar.isoformat()}) if as_json else solar.isoformat())


@calendar_app.command("festivals")
def calendar_festivals(year: int, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The religious and ethnic festivals of a year."""
    with errors():
        days, undated = _festivals(year)
    rows = [d.as_json() for d in days]
    _say_undated(year, undated)
    if as_json:
        out.print(dump(rows), markup=False, soft_wrap=True)
        return
    table = Table("Ngày", "Lễ", "Tôn giáo / dân tộc", "Cử hành")
    for row in rows:
        span = row["start"] if row["start"] == row["end"] else f"{row['start']} → {row['end']}"
        table.add_row(span, row["name"], row["religion"], row["ceremony"])
    out.print(table)


@calendar_app.command("workday")
def calendar_workday(
    day: Annotated[datetime, typer.Argument(formats=["%Y-%m-%d"], callback=in_calendar)],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Whether a day is a working day for civil servants, and why."""
    with errors():
        info = _calendar_catalogue().calendar.info(day.date())
    value = {"date": info.day.isoformat(), "working": info.working, "reason": info.reason}
    if info.source:
        value["source"] = info.source
    out.print(json.dumps(value, ensure_ascii=False) if as_json else dump(value), markup=False)


@calendar_app.command("period")
def calendar_period(
    kind: PeriodKind,
    key: str,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """A reporting period's Decree 09 window and Vietnamese label (e.g. quarterly 2026-Q1)."""
    with errors():
        from calendars.periods import Period

        period = Period.parse(kind, key)
    start, end = period.window()
    value = {
        "key": period.key,
        "label": period.label,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }
    out.print(json.dumps(value, ensure_ascii=False) if as_json else dump(value), markup=False)


@calendar_app.command("ics")
def calendar_ics(
    year: Annotated[int, typer.Argument(help="The year.")] = 0,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default le-trong-YEAR.ics)."),
    ] = None,
) -> None:
    """Write an iCalendar file of a year's festivals."""
    from calendars.business_time import now_utc, today
    from calendars.festivals import to_ical

    year = year or today().year
    with errors():
        days, undated = _festivals(year)
    _say_undated(year, undated)
    data = to_ical(days, calendar_name=f"Lễ trọng tôn giáo, dân tộc {year}", stamp=now_utc())
    target = output or Path(f"le-trong-{year}.ics")
    target.write_bytes(data)
    out.print(f"{target}: {len(days)} festivals of {year}")
