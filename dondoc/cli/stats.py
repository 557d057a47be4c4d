"""`dondoc stats`: the four counts and the on-time rate per unit, family or period, with the
month-by-month trend; as a table or JSON (its shape is documented in README, "Statistics")."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from calendars.periods import Period, PeriodKind
from dondoc.cli._common import AsOf, day_of, dump, fail, load_settings, out, reading

STATS_COLUMNS = (
    ("done_on_time", "Đúng\nhạn"),
    ("done_late", "Trễ\nhạn"),
    ("open_in_time", "Trong\nhạn"),
    ("overdue", "Quá\nhạn"),
)
BY_LABELS = {"unit": "Đơn vị", "family": "Loại nhiệm vụ", "period": "Kỳ"}
STATS_LEGEND = (
    "Đúng hạn, Trễ hạn: đã hoàn thành; Trong hạn, Quá hạn: chưa hoàn thành. "
    "Tỷ lệ đúng hạn = đúng hạn / (đúng hạn + trễ hạn + quá hạn) của các nhiệm vụ đã đến hạn. "
    "Không tính nhiệm vụ được miễn, đã hủy, chưa mở."
)


def _month(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return Period.parse(PeriodKind.MONTHLY, value).start
    except ValueError:
        raise typer.BadParameter(
            f"{option} cần dạng YYYY-MM (ví dụ 2024-01), không phải {value!r}"
        ) from None


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%".replace(".", ",")


def stats(
    start: Annotated[
        str | None, typer.Option("--from", help="First month of deadlines (YYYY-MM).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last month of deadlines (YYYY-MM).")
    ] = None,
    by: Annotated[str, typer.Option("--by", help="Rows per unit, family or period.")] = "unit",
    grain: Annotated[
        str, typer.Option("--period", help="With --by period: month, quarter or year.")
    ] = "month",
    unit: Annotated[str | None, typer.Option("--unit", help="Only this unit's tasks.")] = None,
    family: Annotated[str | None, typer.Option("--family", help="Only this family.")] = None,
    plan: Annotated[str | None, typer.Option("--plan", help="Only this plan's tasks.")] = None,
    as_of: AsOf = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Done on time, done late, open within the deadline, overdue, and the on-time rate."""
    from ledger.stats import GRAINS, GROUPINGS, Scope, report

    if by not in GROUPINGS:
        raise typer.BadParameter(f"--by nhận một trong: {', '.join(GROUPINGS)}")
    if grain not in GRAINS:
        raise typer.BadParameter(f"--period nhận một trong: {', '.join(GRAINS)}")
    day = day_of(as_of)
    last = _month(end, "--to") or day.replace(day=1)
    first = _month(start, "--from") or date(last.year, 1, 1)
    if first > last:
        raise fail(f"--from ({first:%Y-%m}) phải không sau --to ({last:%Y-%m}).")
    scope = Scope(first, last, unit=unit, family=family, plan=plan)
    with reading(load_settings()) as reader:
        figures = report(reader, day, scope, by=by, grain=grain, family_names=_family_names())
    if as_json:
        out.print(dump(figures), soft_wrap=True, markup=False)
        return
    print_figures(figures)


def _family_names() -> dict[str, str]:
    from obligations.loader import built_in_families

    return {f.id: f.name for f in built_in_families().families}


def print_figures(figures: dict[str, Any]) -> None:
    day = date.fromisoformat(figures["as_of"])
    first, last = (Period.parse(PeriodKind.MONTHLY, figures[k]).start for k in ("from", "to"))
    span = f"{first:%m/%Y}" if first == last else f"{first:%m/%Y} – {last:%m/%Y}"
    table = Table(
        title=f"Thống kê nhiệm vụ có hạn trong {span}, tính đến hết ngày {day:%d/%m/%Y}",
        caption=STATS_LEGEND,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column(BY_LABELS[figures["by"]], overflow="fold", ratio=1)
    for _, label in STATS_COLUMNS:
        table.add_column(label, justify="right", no_wrap=True)
    table.add_column("Tỷ lệ\nđúng hạn", justify="right", no_wrap=True)
    for row in [*figures["rows"], None, figures["total"]]:
        if row is None:
            table.add_section()
            continue
        table.add_row(
            escape(row["name"]),
            *(str(row[key]) for key, _ in STATS_COLUMNS),
            rate_text(row["on_time_rate"]),
        )
    out.print(table, soft_wrap=False, width=min(out.width, 100))
    trend = Table(title="Xu hướng theo tháng", box=box.SIMPLE_HEAD, pad_edge=False)
    trend.add_column("Tháng", no_wrap=True)
    for _, label in STATS_COLUMNS:
        trend.add_column(label, justify="right", no_wrap=True)
    trend.add_column("Tỷ lệ\nđúng hạn", justify="right", no_wrap=True)
    for row in figures["trend"]:
        trend.add_row(
            row["name"],
            *(str(row[key]) for key, _ in STATS_COLUMNS),
            rate_text(row["on_time_rate"]),
        )
    out.print(trend, soft_wrap=False, width=min(out.width, 100))
