"""`dondoc tasks` and `dondoc status`: the ledger's read models, as tables or JSON; and how
commands print what a run did."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.table import Table

from dondoc.cli._common import (
    AsOf,
    day_of,
    dump,
    in_calendar,
    load_settings,
    out,
    reading,
)

if TYPE_CHECKING:
    from tasks.runlog import StepLog

STANDING_COLUMNS = (
    ("done_on_time", "Đúng\nhạn"),
    ("done_late", "Trễ\nhạn"),
    ("open_in_time", "Trong\nhạn"),
    ("overdue", "Quá\nhạn"),
    ("waived", "Miễn"),
)
STANDING_LEGEND = (
    "Đúng hạn, Trễ hạn: đã hoàn thành; Trong hạn, Quá hạn: chưa hoàn thành; "
    "Miễn: được miễn nhiệm vụ."
)


def print_log(title: str, day: date, log: StepLog) -> None:
    """A run's summary line, then its rows: a table on a terminal, whole lines in a pipe."""
    from tasks.runlog import summary

    out.print(summary(title, day, log), markup=False)
    if not log.rows:
        return
    if not out.is_terminal:  # a pipe or a file: whole lines, never a truncated table cell
        # Written as they are, at once: rich's per-line rendering cost ~1 s per 10,000 rows.
        lines = (" | ".join(f"{k}: {v}" for k, v in row.items() if v) for row in log.rows)
        out.file.write("".join(line + "\n" for line in lines))
        out.file.flush()
        return
    table = Table(*log.rows[0].keys(), show_lines=False)
    for row in log.rows:
        table.add_row(*(str(v) for v in row.values()))
    out.print(table)


def tasks(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of",
            formats=["%Y-%m-%d"],
            help="Only tasks opened by that day, with their status at its end.",
            callback=in_calendar,
        ),
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="A unit code.")] = None,
    obligation: Annotated[
        str | None, typer.Option("--obligation", help="An obligation id.")
    ] = None,
) -> None:
    """List tasks."""
    from ledger.readmodels import task_rows

    with reading(load_settings()) as reader:
        day = as_of.date() if as_of else None
        rows = task_rows(reader, as_of=day, unit=unit, obligation=obligation)
    if as_json:
        out.print(dump(rows), soft_wrap=True, markup=False)
        return
    table = Table("obligation", "unit", "period", "opens", "due", "status", "level")
    for row in rows:
        table.add_row(
            row["obligation"],
            row["unit"],
            row["period_label"],
            row["opens_on"],
            row["due_on"],
            row["status"],
            str(row["escalation_level"]),
        )
    out.print(table)


def status(
    as_of: AsOf = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Per unit: done on time, done late, open within the deadline, overdue, waived — by a day."""
    from ledger.readmodels import standings

    day = day_of(as_of)
    with reading(load_settings()) as reader:
        units = standings(reader, day)
    if as_json:
        rows = [
            {"unit": u.code, "name": u.name, **u.counts}
            for u in sorted(units, key=lambda u: u.code)
        ]
        out.print(dump({"as_of": day.isoformat(), "units": rows}), markup=False)
        return
    table = Table(
        title=f"Tình hình thực hiện nhiệm vụ đến hết ngày {day:%d/%m/%Y}",
        caption=STANDING_LEGEND,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("Đơn vị", overflow="fold", ratio=1)
    for _, label in STANDING_COLUMNS:
        table.add_column(label, justify="right", no_wrap=True)
    totals = dict.fromkeys((key for key, _ in STANDING_COLUMNS), 0)
    for unit in units:
        table.add_row(unit.name, *(str(unit.counts[key]) for key, _ in STANDING_COLUMNS))
        for key in totals:
            totals[key] += unit.counts[key]
    table.add_section()
    table.add_row("Tổng cộng", *(str(totals[key]) for key, _ in STANDING_COLUMNS))
    out.print(table, soft_wrap=False, width=min(out.width, 100))
