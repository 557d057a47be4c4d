"""`dondoc db …` and `dondoc plan …`: the ledger's schema and the catalogue files."""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dondoc.cli._common import (
    Files,
    day_of,
    err,
    errors,
    existing_ledger,
    fail,
    in_calendar,
    ledger,
    load_settings,
    out,
    plural,
)

if TYPE_CHECKING:
    from rich.console import Console

    from obligations.loader import Catalogue

db_app = typer.Typer(help="The ledger database.", no_args_is_help=True)
plan_app = typer.Typer(help="Catalogue files (plans/*.yaml).", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the ledger or migrate it to this version's schema."""
    settings = load_settings()
    with errors():
        from ledger.db import make_engine, upgrade

        settings.check_new_ledger(create=True)
        engine = make_engine(settings.ledger_url)
        before, after = upgrade(engine)
    where = engine.url.render_as_string(hide_password=True)
    if before == after:
        out.print(f"Ledger {where} is up to date (revision {after}).")
    else:
        out.print(f"Ledger {where} migrated from {before or 'empty'} to revision {after}.")


@plan_app.command("check")
def plan_check(files: Files) -> None:
    """Validate catalogue files: exit 0 if valid, else print FILE:LINE: reason lines.

    The files are checked with what the ledger holds besides, if there is one (it is only read).
    """
    settings = load_settings()
    with errors():
        from ledger.store import load_against_ledger

        with existing_ledger(settings) as held:
            catalogue = load_against_ledger(files, held)
    describe(catalogue)
    for warning in wording_warnings(catalogue):
        err.print(warning, markup=False)


def wording_warnings(catalogue: Catalogue) -> list[str]:
    """`FILE:LINE: warning: …` for each step kind whose messages would use the generic wording."""
    from notifications.render import has_own_wording

    found = []
    for loaded in catalogue.documents:
        if loaded.kind != "plan":
            continue
        for at, ob in loaded.document.obligation_entries():  # type: ignore[union-attr]
            resolved = catalogue.resolved.get(ob.id)
            if resolved is None:
                continue
            line = loaded.source.line(at) if loaded.source else 1
            for step in resolved.steps:
                if not has_own_wording(step.kind, resolved.family.id):
                    found.append(
                        f"{loaded.file}:{line}: warning: step {step.id!r} of {ob.id!r} is of "
                        f"kind {step.kind!r}, which has no wording of its own: its messages "
                        "use the plain generic wording (add templates under "
                        f"notifications/templates/email/steps/{step.kind}/)"
                    )
    return found


def describe(catalogue: Catalogue) -> None:
    for loaded in catalogue.documents:
        doc: Any = loaded.document
        detail = {
            "plan": lambda d: (
                f"{plural(len(d.units), 'unit')}, {plural(len(d.obligations), 'obligation')}"
            ),
            "workdays": lambda d: plural(len(d.decisions), "decision"),
            "families": lambda d: plural(len(d.families), "family", "families"),
            "festivals": lambda d: plural(len(d.festivals), "festival"),
        }[doc.kind](doc)
        out.print(f"{loaded.file}: ok — {doc.kind} {doc.id}: {detail}")


PROGRESS_AFTER = 1.0  # seconds: a load quicker than this shows no bar
# DONDOC_PROGRESS_AFTER overrides it (seconds): the tests' "quick" load must stay quick on a
# machine loaded enough to take a second over a one-unit plan.


class LoadProgress:
    """A progress bar for `plan load`, on stderr, once planning has run `PROGRESS_AFTER`.

    Only on a terminal: in a pipe or a log file a bar is noise. It counts the obligations
    planned (a national catalogue's year takes tens of seconds); the bar goes when it ends.
    """

    def __init__(self, console: Console, after: float | None = None) -> None:
        self.console = console
        if after is None:
            try:
                after = float(os.environ.get("DONDOC_PROGRESS_AFTER", PROGRESS_AFTER))
            except ValueError:
                after = PROGRESS_AFTER
        self.after = after
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> LoadProgress:
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if not self.console.is_terminal or time.monotonic() - self.started < self.after:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            self.bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("Lập kế hoạch: nghĩa vụ", total=total)
        self.bar.update(self.task, completed=done, total=total, refresh=True)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@plan_app.command("load")
def plan_load(
    files: Files,
    track_from: Annotated[
        datetime | None,
        typer.Option(
            "--track-from",
            formats=["%Y-%m-%d"],
            help="First deadline to track for the plans loaded (default: today for a new plan).",
            callback=in_calendar,
        ),
    ] = None,
) -> None:
    """Validate and load catalogue files into the ledger, then plan their tasks."""
    settings = load_settings()
    with errors():
        from calendars.business_time import now_utc, today
        from ledger.audit import Actor
        from ledger.store import load_against_ledger
        from tasks.steps import store_and_plan

        with existing_ledger(settings) as held:
            catalogue = load_against_ledger(files, held)
        sessions = ledger(settings)
        day = today()
        actor = Actor("cli:plan-load", now_utc(), day)
        # The clock starts at the storing and planning, the part that grows with the catalogue.
        with LoadProgress(err) as progress:
            report = store_and_plan(
                sessions, catalogue, actor, day_of(track_from), settings.horizon_end(day), progress
            )
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
    if report["transferred"]:
        out.print(f"tasks moved to a merged unit's successor: {report['transferred']}")


@plan_app.command("import")
def plan_import(
    file: Annotated[Path, typer.Argument(help="The plan's text (UTF-8).", show_default=False)],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the YAML here (default: stdout).")
    ] = None,
    doc_id: Annotated[
        str | None, typer.Option("--id", help="The plan's id (default: from the file name).")
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="The code of the unit that keeps the plan (default: found)."),
    ] = None,
    catalogue: Annotated[
        list[Path] | None,
        typer.Option(
            "--catalogue", help="Catalogue files whose units names map to (default: plans/)."
        ),
    ] = None,
) -> None:
    """Read a plan's text (an appendix of reviews, a month-by-month programme) and write a
    catalogue plan for review; print FILE:LINE: reason for every line it did not import."""
    with errors():
        from obligations.importer import import_plan, slug
        from obligations.loader import catalogue_files, load_catalogue
        from obligations.schema import FestivalsDoc, PlanDoc

        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise fail(f"{file}: cannot read the text: {error}") from None
        files = catalogue or catalogue_files(load_settings().plans)
        if catalogue and not any("festival" in p.name for p in catalogue):
            # Festival names map to the festival catalogue's ids even when only plans are given.
            files = [
                *catalogue,
                *(p for p in catalogue_files(load_settings().plans) if "festival" in p.name),
            ]
        loaded = load_catalogue(files)
        plans = [d.document for d in loaded.documents if isinstance(d.document, PlanDoc)]
        festivals = [
            f
            for d in loaded.documents
            if isinstance(d.document, FestivalsDoc)
            for f in d.document.festivals
        ]
        name = doc_id or slug(file.stem) or "imported"
        try:
            imported = import_plan(
                text,
                doc_id=name,
                file_name=file.name,
                plans=plans,
                festivals=festivals,
                owner=owner,
            )
        except ValueError as error:
            raise fail(str(error)) from None
    if not imported.sections:
        raise fail(
            f"{file}: found no appendix ('PHỤ LỤC') or programme ('CHƯƠNG TRÌNH CÔNG TÁC'): "
            "nothing written"
        )
    for problem in imported.problems:
        err.print(escape_line(problem.at(str(file))), markup=False)
    written = dump_plan(imported.document, [p.at(str(file)) for p in imported.problems])
    if output is None:
        out.print(written, markup=False, end="")
    else:
        output.write_text(written, encoding="utf-8")
    obligations = len(imported.document["obligations"])
    err.print(
        f"{output or 'stdout'}: plan {name}: {plural(obligations, 'obligation')}, "
        f"{plural(len(imported.document['units']), 'unit')}, "
        f"{plural(len(imported.problems), 'line')} to review",
        markup=False,
    )


def escape_line(text: str) -> str:
    """Catalogue text is untrusted: no terminal control characters reach the screen."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def dump_plan(document: dict[str, Any], problems: list[str]) -> str:
    import yaml

    header = [
        "# Written by `dondoc plan import`: review it before loading it (`cần rà soát`).",
        "# Lines of the text not imported, and choices to check:",
        *(f"#   {escape_line(p)}" for p in problems),
    ]
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(header) + "\n" + body
