"""`dondoc db …` and `dondoc plan …`: the ledger's schema and the catalogue files."""

from __future__ import annotations

import time
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dondoc.cli._common import (
    Files,
    day_of,
    err,
    errors,
    existing_ledger,
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


class LoadProgress:
    """A progress bar for `plan load`, on stderr, once planning has run `PROGRESS_AFTER`.

    Only on a terminal: in a pipe or a log file a bar is noise. It counts the obligations
    planned (a national catalogue's year takes tens of seconds); the bar goes when it ends.
    """

    def __init__(self, console: Console, after: float | None = None) -> None:
        self.console = console
        self.after = PROGRESS_AFTER if after is None else after
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
