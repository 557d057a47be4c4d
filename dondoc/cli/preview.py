"""`dondoc preview`: every occurrence and step the catalogue produces between two days, so an
operator sees a year before it happens. Its JSON is a public interface."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from dondoc.cli._common import dump, errors, in_calendar, load_settings, out

# Occurrences are planned by their anchor; a step can be due months before or after it.
MARGIN = timedelta(days=400)

FIELDS = (
    "obligation",
    "family",
    "occurrence_key",
    "occurrence_label",
    "step",
    "step_kind",
    "step_name",
    "unit",
    "unit_name",
    "opens_on",
    "due_on",
    "anchor",
    "window_start",
    "window_end",
    "directive",
)


def preview(
    start: Annotated[
        datetime,
        typer.Option("--from", formats=["%Y-%m-%d"], help="First day.", callback=in_calendar),
    ],
    end: Annotated[
        datetime,
        typer.Option("--to", formats=["%Y-%m-%d"], help="Last day.", callback=in_calendar),
    ],
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Catalogue files (default: every file under plans/).", show_default=False
        ),
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Only this unit's steps.")] = None,
    family: Annotated[str | None, typer.Option("--family", help="Only this family.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """Every step due between two days, with its occurrence and the unit that owes it."""
    first, last = start.date(), end.date()
    if last < first:
        raise typer.BadParameter("--to is before --from", param_hint="--to")
    with errors():
        from obligations.expand import expand, tasks_of
        from obligations.loader import catalogue_files, load_catalogue

        catalogue = load_catalogue(files or catalogue_files(load_settings().plans))
        starts = {plan.id: first - MARGIN for plan in catalogue.plans}
        families = {family} if family else None
        planned = expand(catalogue, last + MARGIN, starts, families)
    rows: list[dict[str, Any]] = []
    for task in sorted(tasks_of(item for items in planned.values() for item in items)):
        if not first <= task.due_on <= last or (unit and task.unit_code != unit):
            continue
        resolved = catalogue.resolved[task.obligation_id]
        owner = catalogue.units.get(task.unit_code)
        rows.append(
            {
                "obligation": task.obligation_id,
                "family": task.family,
                "occurrence_key": task.occurrence_key,
                "occurrence_label": task.occurrence_label,
                "step": task.step_id,
                "step_kind": task.step_kind,
                "step_name": task.step_name,
                "unit": task.unit_code,
                "unit_name": owner.name if owner else task.unit_code,
                "opens_on": task.opens_on.isoformat(),
                "due_on": task.due_on.isoformat(),
                "anchor": task.anchor.isoformat(),
                "window_start": task.window_start.isoformat() if task.window_start else None,
                "window_end": task.window_end.isoformat() if task.window_end else None,
                "directive": resolved.directive.code if resolved.directive else None,
            }
        )
    if as_json:
        out.print(dump(rows), markup=False, soft_wrap=True)
        return
    if not out.is_terminal:
        for row in rows:
            out.print(
                f"{row['due_on']} | {row['occurrence_label']} | {row['step_name']} | "
                f"{row['unit_name']}",
                markup=False,
            )
        return
    table = Table("Hạn", "Kỳ", "Việc", "Đơn vị", title=f"{first:%d/%m/%Y} – {last:%d/%m/%Y}")
    for row in rows:
        table.add_row(row["due_on"], row["occurrence_label"], row["step_name"], row["unit_name"])
    out.print(table)
