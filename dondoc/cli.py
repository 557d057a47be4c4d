"""The `dondoc` command line. Its command names and JSON shapes are a public interface: keep them.

Commands read settings from the environment (`DONDOC_DATABASE_URL`, `DONDOC_HOME`, …) when they
run, migrate an empty ledger first, and say what to run when the ledger is from another version.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from calendars import lunar
from calendars.festivals import festivals_in_year, to_ical
from calendars.periods import Period, PeriodError, PeriodKind
from dondoc.settings import Settings
from flows.common import today
from ledger.audit import Actor
from ledger.db import (
    SchemaError,
    ensure_schema,
    make_engine,
    session_factory,
    transaction,
    upgrade,
)
from ledger.lifecycle import TaskNotFound
from ledger.models import Task, Unit
from ledger.transitions import (
    BUSINESS_TZ,
    TaskFacts,
    TransitionError,
    standing_on,
    status_on,
)
from obligations.loader import Catalogue, catalogue_files, load_catalogue
from obligations.yamlsrc import CatalogueError
from tasks import steps
from tasks.steps import Sessions, StepLog

app = typer.Typer(
    help="dondoc — lịch đôn đốc các nghĩa vụ định kỳ (báo cáo, hội nghị, lễ trọng) trên Prefect.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="The ledger database.", no_args_is_help=True)
plan_app = typer.Typer(help="Catalogue files (plans/*.yaml).", no_args_is_help=True)
calendar_app = typer.Typer(help="Vietnamese calendars: lunar, festivals, working days, periods.")
app.add_typer(db_app, name="db")
app.add_typer(plan_app, name="plan")
app.add_typer(calendar_app, name="calendar")

out = Console(highlight=False, soft_wrap=True)  # a line is never broken: scripts read them
err = Console(stderr=True, highlight=False, soft_wrap=True)

Files = Annotated[list[Path], typer.Argument(help="Catalogue YAML files.", show_default=False)]
AsOf = Annotated[
    datetime | None,
    typer.Option("--as-of", formats=["%Y-%m-%d"], help="Act as if on this day (YYYY-MM-DD)."),
]


def _day(value: datetime | None) -> date:
    return value.date() if value is not None else today()


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(message, markup=False)
    return typer.Exit(code)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn the errors a user can fix into a clear message and a non-zero exit."""
    try:
        yield
    except CatalogueError as error:
        for issue in error.issues:
            err.print(str(issue), markup=False)
        raise typer.Exit(1) from None
    except SchemaError as error:
        raise _fail(f"dondoc: {error}", 2) from None
    except (TaskNotFound, TransitionError, PeriodError, lunar.LunarDateError) as error:
        raise _fail(f"dondoc: {error}", 1) from None


def _sessions(settings: Settings) -> Sessions:
    engine = make_engine(settings.ledger_url)
    ensure_schema(engine)
    return session_factory(engine)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


# --- db ------------------------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the ledger or migrate it to this version's schema."""
    settings = Settings()
    engine = make_engine(settings.ledger_url)
    before, after = upgrade(engine)
    where = engine.url.render_as_string(hide_password=True)
    if before == after:
        out.print(f"Ledger {where} is up to date (revision {after}).")
    else:
        out.print(f"Ledger {where} migrated from {before or 'empty'} to revision {after}.")


# --- plan ----------------------------------------------------------------------------------------


@plan_app.command("check")
def plan_check(files: Files) -> None:
    """Validate catalogue files: exit 0 if valid, else print FILE:LINE: reason lines."""
    with _errors():
        catalogue = load_catalogue(files)
    _describe(catalogue)


def _describe(catalogue: Catalogue) -> None:
    for loaded in catalogue.documents:
        doc = loaded.document
        detail = {
            "plan": lambda d: f"{len(d.units)} units, {len(d.obligations)} obligations",
            "workdays": lambda d: f"{len(d.decisions)} decisions",
            "festivals": lambda d: f"{len(d.festivals)} festivals",
        }[doc.kind](doc)
        out.print(f"{loaded.file}: ok — {doc.kind} {doc.id}: {detail}")


@plan_app.command("load")
def plan_load(
    files: Files,
    track_from: Annotated[
        datetime | None,
        typer.Option(
            "--track-from",
            formats=["%Y-%m-%d"],
            help="First deadline to track for the plans loaded (default: today for a new plan).",
        ),
    ] = None,
) -> None:
    """Validate and load catalogue files into the ledger, then plan their tasks."""
    settings = Settings()
    with _errors():
        catalogue = load_catalogue(files)
        report = load_into_ledger(_sessions(settings), catalogue, settings, _day(track_from))
    for doc_id, state in report["documents"].items():
        out.print(f"{doc_id}: {state}")
    for key in ("obligations", "units"):
        states: dict[str, int] = {}
        for state in report[key].values():
            states[state] = states.get(state, 0) + 1
        if states:
            out.print(f"{key}: " + ", ".join(f"{n} {state}" for state, n in sorted(states.items())))
    out.print(
        f"tasks: {report['planned']} planned, {report['rescheduled']} rescheduled, "
        f"{report['cancelled']} cancelled (to {report['horizon']})"
    )


def load_into_ledger(
    sessions: Sessions, catalogue: Catalogue, settings: Settings, track_from: date
) -> dict[str, Any]:
    day = today()
    horizon = settings.horizon_end(day)
    actor = Actor("cli:plan-load", datetime.now(UTC), day)
    return steps.store_and_plan(sessions, catalogue, actor, track_from, horizon)


# --- run -----------------------------------------------------------------------------------------


class FlowName(StrEnum):
    PERIODIC_REPORTS = "periodic-reports"
    CHASE = "chase"
    ESCALATE = "escalate"


def _prefect_environment(settings: Settings) -> None:
    """Keep Prefect's files under DONDOC_HOME, quiet offline, and find `dondoc up`'s server."""
    os.environ.setdefault("PREFECT_HOME", str((settings.home / "prefect").resolve()))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    if "PREFECT_API_URL" not in os.environ:
        from dondoc.up import server_healthy

        url = f"http://127.0.0.1:{settings.ui_port}/api"
        if server_healthy(url):
            os.environ["PREFECT_API_URL"] = url


@app.command("run")
def run(
    flow: Annotated[FlowName, typer.Argument(help="The flow to run once.")],
    as_of: AsOf = None,
    direct: Annotated[
        bool,
        typer.Option("--direct", help="Run the flow's steps without Prefect (no run record)."),
    ] = False,
) -> None:
    """Run one flow once, as if on the given day."""
    settings = Settings()
    day = _day(as_of)
    with _errors():
        sessions = _sessions(settings)
        if direct:
            log = asyncio.run(run_steps(flow, sessions, settings, day))
            _print_log(flow.value, day, log)
            return
        _prefect_environment(settings)
        from flows.periodic_reports import periodic_reports
        from flows.sweep import chase_flow, escalate_flow

        target: Callable[..., Any] = {
            FlowName.PERIODIC_REPORTS: periodic_reports,
            FlowName.CHASE: chase_flow,
            FlowName.ESCALATE: escalate_flow,
        }[flow]
        counts = asyncio.run(target(as_of=day))
    out.print(_dump({"flow": flow.value, "as_of": day.isoformat(), "counts": counts}))


async def run_steps(flow: FlowName, sessions: Sessions, settings: Settings, day: date) -> StepLog:
    """The steps a flow runs, without Prefect: what `dondoc run --direct` and the tests use."""
    now = datetime.now(UTC)
    if flow is FlowName.PERIODIC_REPORTS:
        log = steps.open_tasks(sessions, day, now, settings.horizon_end(day))
    elif flow is FlowName.CHASE:
        log = steps.chase(sessions, day, now)
    else:
        log = steps.escalate(sessions, day, now)
    return log.extend(await steps.deliver(sessions, settings.smtp, now))


def _print_log(title: str, day: date, log: StepLog) -> None:
    from flows.common import summary

    out.print(summary(title, day, log), markup=False)
    if not log.rows:
        return
    if not out.is_terminal:  # a pipe or a file: whole lines, never a truncated table cell
        for row in log.rows:
            out.print(" | ".join(f"{k}: {v}" for k, v in row.items() if v), markup=False)
        return
    table = Table(*log.rows[0].keys(), show_lines=False)
    for row in log.rows:
        table.add_row(*(str(v) for v in row.values()))
    out.print(table)


# --- operator actions ----------------------------------------------------------------------------


@app.command("submit")
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
        ),
    ] = None,
) -> None:
    """Record that a unit handed in its report (the same as the record-submission flow)."""
    settings = Settings()
    submitted = at or datetime.now(BUSINESS_TZ)
    if submitted.tzinfo is None:
        submitted = submitted.replace(tzinfo=BUSINESS_TZ)
    day = submitted.astimezone(BUSINESS_TZ).date()
    with _errors():
        log = steps.record_submission(
            _sessions(settings),
            datetime.now(UTC),
            day,
            obligation,
            unit,
            period,
            document_ref,
            submitted,
        )
    _print_log("record-submission", day, log)


@app.command("waive")
def waive(
    obligation: str,
    unit: str,
    period: str,
    reason: Annotated[str, typer.Option("--reason", help="Lý do miễn.")],
    as_of: AsOf = None,
) -> None:
    """Excuse a unit from one task (the same as the waive-task flow)."""
    settings = Settings()
    day = _day(as_of)
    with _errors():
        log = steps.waive_task(
            _sessions(settings), datetime.now(UTC), day, obligation, unit, period, reason
        )
    _print_log("waive-task", day, log)


# --- tasks and status ----------------------------------------------------------------------------


def _facts(task: Task) -> TaskFacts:
    return TaskFacts(task.status, task.opens_on, task.due_on, task.submitted_at, task.closed_on)


def task_json(task: Task, as_of: date | None) -> dict[str, Any]:
    """One task in the stable JSON shape of `dondoc tasks --json`."""
    status = status_on(_facts(task), as_of).value if as_of else task.status
    return {
        "id": task.id,
        "obligation": task.obligation_id,
        "unit": task.unit_code,
        "period_key": task.period_key,
        "period_label": task.period_label,
        "window_start": task.window_start.isoformat(),
        "window_end": task.window_end.isoformat(),
        "opens_on": task.opens_on.isoformat(),
        "due_on": task.due_on.isoformat(),
        "status": status,
        "submitted_at": task.submitted_at.isoformat() if task.submitted_at else None,
        "document_ref": task.document_ref,
        "escalation_level": task.escalation_level,
    }


@app.command("tasks")
def tasks(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of",
            formats=["%Y-%m-%d"],
            help="Only tasks opened by that day, with their status at its end.",
        ),
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="A unit code.")] = None,
    obligation: Annotated[
        str | None, typer.Option("--obligation", help="An obligation id.")
    ] = None,
) -> None:
    """List tasks."""
    settings = Settings()
    day = as_of.date() if as_of else None
    with _errors():
        sessions = _sessions(settings)
    query = select(Task).order_by(Task.due_on, Task.obligation_id, Task.unit_code)
    if unit:
        query = query.where(Task.unit_code == unit)
    if obligation:
        query = query.where(Task.obligation_id == obligation)
    if day:
        query = query.where(Task.opens_on <= day)
    with transaction(sessions) as session:
        rows = [task_json(t, day) for t in session.scalars(query)]
    if as_json:
        out.print(_dump(rows), soft_wrap=True, markup=False)
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


STANDING_COLUMNS = (
    ("done_on_time", "Hoàn thành\nđúng hạn"),
    ("done_late", "Hoàn thành\nquá hạn"),
    ("open_in_time", "Chưa hoàn thành\ntrong hạn"),
    ("overdue", "Chưa hoàn thành\nquá hạn"),
)


@app.command("status")
def status(
    as_of: AsOf = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Per unit: done on time, done late, open within deadline, overdue — as of a day."""
    settings = Settings()
    day = _day(as_of)
    with _errors():
        sessions = _sessions(settings)
    with transaction(sessions) as session:
        names: dict[str, str] = dict(session.execute(select(Unit.code, Unit.name)).all())
        counts: dict[str, dict[str, int]] = {}
        for task in session.scalars(select(Task).where(Task.opens_on <= day)):
            standing = standing_on(_facts(task), day)
            if standing is None:
                continue
            per_unit = counts.setdefault(task.unit_code, {key: 0 for key, _ in STANDING_COLUMNS})
            per_unit[standing] += 1
    if as_json:
        rows = [
            {"unit": code, "name": names.get(code, code), **values}
            for code, values in sorted(counts.items())
        ]
        out.print(_dump({"as_of": day.isoformat(), "units": rows}), markup=False)
        return
    table = Table(title=f"Tình hình thực hiện ngày {day:%d/%m/%Y}")
    table.add_column("Đơn vị", no_wrap=True)
    for _, label in STANDING_COLUMNS:
        table.add_column(label, justify="right")
    totals = dict.fromkeys((key for key, _ in STANDING_COLUMNS), 0)
    for code, values in sorted(counts.items(), key=lambda kv: names.get(kv[0], kv[0])):
        table.add_row(names.get(code, code), *(str(values[key]) for key, _ in STANDING_COLUMNS))
        for key in totals:
            totals[key] += values[key]
    table.add_section()
    table.add_row("Tổng cộng", *(str(totals[key]) for key, _ in STANDING_COLUMNS))
    out.print(table)


# --- up ------------------------------------------------------------------------------------------


@app.command("up")
def up() -> None:
    """Migrate, load the demo plan, start Prefect and serve every deployment; Ctrl-C stops."""
    from dondoc.up import run_up

    settings = Settings()
    with _errors():
        raise typer.Exit(run_up(settings, out))


# --- calendar ------------------------------------------------------------------------------------


class Format(StrEnum):
    JSONL = "jsonl"
    TABLE = "table"


def _lunar_json(day: date) -> dict[str, Any]:
    value = lunar.to_lunar(day)
    return {"day": value.day, "month": value.month, "year": value.year, "leap": value.leap}


def _calendar_catalogue(settings: Settings) -> Catalogue:
    return load_catalogue(catalogue_files(settings.plans / "calendar"))


@calendar_app.command("lunar")
def calendar_lunar(
    day: Annotated[
        datetime | None, typer.Argument(formats=["%Y-%m-%d"], help="A solar date.")
    ] = None,
    start: Annotated[datetime | None, typer.Option("--from", formats=["%Y-%m-%d"])] = None,
    end: Annotated[datetime | None, typer.Option("--to", formats=["%Y-%m-%d"])] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The Vietnamese lunar date of a solar date, or of every day of a range."""
    with _errors():
        if day is not None:
            value = _lunar_json(day.date())
            if as_json:
                out.print(json.dumps(value), markup=False)
            else:
                leap = " (nhuận)" if value["leap"] else ""
                out.print(f"{value['day']}/{value['month']}{leap}/{value['year']} âm lịch")
            return
        if start is None or end is None:
            raise _fail("give a DATE, or --from DATE --to DATE")
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
        raise _fail(f"dondoc: {lunar_date!r} is not D/M/YYYY") from None
    with _errors():
        solar = lunar.to_solar(year, month, day, leap)
    out.print(json.dumps({"solar": solar.isoformat()}) if as_json else solar.isoformat())


@calendar_app.command("festivals")
def calendar_festivals(year: int, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The religious and ethnic festivals of a year."""
    settings = Settings()
    with _errors():
        days = festivals_in_year(_calendar_catalogue(settings).festivals(), year)
    rows = [d.as_json() for d in days]
    if as_json:
        out.print(_dump(rows), markup=False, soft_wrap=True)
        return
    table = Table("Ngày", "Lễ", "Tôn giáo / dân tộc", "Cử hành")
    for row in rows:
        span = row["start"] if row["start"] == row["end"] else f"{row['start']} → {row['end']}"
        table.add_row(span, row["name"], row["religion"], row["ceremony"])
    out.print(table)


@calendar_app.command("workday")
def calendar_workday(
    day: Annotated[datetime, typer.Argument(formats=["%Y-%m-%d"])],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Whether a day is a working day for civil servants, and why."""
    settings = Settings()
    with _errors():
        info = _calendar_catalogue(settings).calendar.info(day.date())
    value = {"date": info.day.isoformat(), "working": info.working, "reason": info.reason}
    if info.source:
        value["source"] = info.source
    out.print(json.dumps(value, ensure_ascii=False) if as_json else _dump(value), markup=False)


@calendar_app.command("period")
def calendar_period(
    kind: PeriodKind,
    key: str,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """A reporting period's Decree 09 window and Vietnamese label (e.g. quarterly 2026-Q1)."""
    with _errors():
        period = Period.parse(kind, key)
    start, end = period.window()
    value = {
        "key": period.key,
        "label": period.label,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }
    out.print(json.dumps(value, ensure_ascii=False) if as_json else _dump(value), markup=False)


@calendar_app.command("ics")
def calendar_ics(
    year: Annotated[int, typer.Argument(help="The year.")] = 0,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default le-trong-YEAR.ics)."),
    ] = None,
) -> None:
    """Write an iCalendar file of a year's festivals."""
    settings = Settings()
    year = year or today().year
    with _errors():
        days = festivals_in_year(_calendar_catalogue(settings).festivals(), year)
    data = to_ical(
        days, calendar_name=f"Lễ trọng tôn giáo, dân tộc {year}", stamp=datetime.now(UTC)
    )
    target = output or Path(f"le-trong-{year}.ics")
    target.write_bytes(data)
    out.print(f"{target}: {len(days)} festivals of {year}")


def main() -> None:
    app()
