"""The monthly statistics: what a month's run reads and how its artifacts read — plain functions.

A month's run publishes the month just ended: its figures per unit (a table artifact), and the
on-time trend of the twelve months up to it with the per-family figures (a Markdown artifact).
The figures stand as of the month's last day, so a late or repeated run publishes the same.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from calendars.periods import Period, PeriodKind
from ledger.stats import Scope, report
from tasks.runlog import md

COLUMNS = (
    ("done_on_time", "Đúng hạn"),
    ("done_late", "Trễ hạn"),
    ("open_in_time", "Trong hạn"),
    ("overdue", "Quá hạn"),
)
TREND_MONTHS = 12


def month_reported(day: date) -> date:
    """The month a run on `day` reports: the one before `day`'s month (its first day)."""
    return Period.containing(PeriodKind.MONTHLY, day).previous().start


def month_end(month: date) -> date:
    return Period.containing(PeriodKind.MONTHLY, month).end


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%".replace(".", ",")


def table_rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The per-unit rows of a report in the table artifact's Vietnamese columns, then the total."""
    return [
        {
            "Đơn vị": row["name"],
            **{label: row[key] for key, label in COLUMNS},
            "Tỷ lệ đúng hạn": rate_text(row["on_time_rate"]),
            "Được miễn": row["waived"],
        }
        for row in [*figures["rows"], figures["total"]]
    ]


def trend_markdown(month: date, by_unit: dict[str, Any], by_family: dict[str, Any]) -> str:
    """The month's total, its families and the twelve months' trend, as Markdown tables."""
    total = by_unit["total"]
    header = "| {} | " + " | ".join(label for _, label in COLUMNS) + " | Tỷ lệ đúng hạn |"
    rule = "|---|" + "---:|" * (len(COLUMNS) + 1)

    def line(name: str, row: dict[str, Any]) -> str:
        cells = " | ".join(str(row[key]) for key, _ in COLUMNS)
        return f"| {md(name)} | {cells} | {rate_text(row['on_time_rate'])} |"

    lines = [
        f"### Thống kê nhiệm vụ tháng {month:%m/%Y}",
        "",
        f"Nhiệm vụ có hạn trong tháng, tính đến hết ngày {month_end(month):%d/%m/%Y}: "
        f"{total['done_on_time']} đúng hạn, {total['done_late']} trễ hạn, "
        f"{total['open_in_time']} trong hạn, {total['overdue']} quá hạn; "
        f"tỷ lệ đúng hạn {rate_text(total['on_time_rate'])}.",
        "",
        header.format("Loại nhiệm vụ"),
        rule,
        *(line(row["name"], row) for row in by_family["rows"]),
        "",
        f"#### Xu hướng {TREND_MONTHS} tháng",
        "",
        header.format("Tháng"),
        rule,
        *(line(row["name"], row) for row in by_unit["trend"]),
        "",
        "Tỷ lệ đúng hạn = đúng hạn / (đúng hạn + trễ hạn + quá hạn) của các nhiệm vụ đã đến hạn; "
        "không tính nhiệm vụ được miễn, đã hủy.",
    ]
    return "\n".join(lines)


def monthly_figures(reader: Any, month: date, plan: str | None) -> dict[str, Any]:
    """The month's figures per unit and per family, with the trend of the twelve months to it."""
    from tasks.steps import family_name

    as_of = month_end(month)
    first = month
    for _ in range(TREND_MONTHS - 1):
        first = month_reported(first)
    trend_scope = Scope(first, month, plan=plan)
    by_unit = report(reader, as_of, Scope(month, month, plan=plan), by="unit")
    by_unit["trend"] = report(reader, as_of, trend_scope, by="period")["trend"]
    families = report(reader, as_of, Scope(month, month, plan=plan), by="family")
    for row in families["rows"]:
        row["name"] = family_name(row["key"])
    return {"by_unit": by_unit, "by_family": families}
