"""What every command shares: the consoles, the clear-error boundary, settings, the ledger.

Commands import their heavy modules (SQLAlchemy, the ledger, Prefect) inside their bodies, so
that `dondoc --help` and the calendar commands start as fast as the interpreter allows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

if TYPE_CHECKING:
    from dondoc.settings import Settings
    from ledger.db import Sessions
    from ledger.dbapi import Reader

# A line is never broken (scripts read them), and never rewritten: rich's emoji codes would
# print `plan.yaml:100:` as `plan.yaml💯`.
out = Console(highlight=False, soft_wrap=True, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def in_calendar(value: datetime | None) -> datetime | None:
    """A date option the calendars can work with (1900–2199), or a clear usage error."""
    from calendars.coverage import outside_calendar

    problem = outside_calendar(value.date()) if value is not None else None
    if problem:
        raise typer.BadParameter(problem)
    return value


Files = Annotated[list[Path], typer.Argument(help="Catalogue YAML files.", show_default=False)]
AsOf = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        help="Act as if on this day (YYYY-MM-DD).",
        callback=in_calendar,
    ),
]


def day_of(value: datetime | None) -> date:
    """The day given, else today in Vietnam."""
    if value is not None:
        return value.date()
    from calendars.business_time import today

    return today()


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(message, markup=False)
    return typer.Exit(code)


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 obligation`, `5 obligations`."""
    return f"{n} {word if n == 1 else many or word + 's'}"


@contextmanager
def errors() -> Iterator[None]:
    """Turn the errors a user can fix into a sentence and a non-zero exit, never a traceback."""
    from dondoc.problems import explain

    try:
        yield
    except typer.Exit:
        raise
    except Exception as error:
        found = explain(error)
        if found is None:
            raise
        lines, code = found
        for line in lines:
            err.print(line, markup=False)
        raise typer.Exit(code) from None


def serve_until_interrupted(server: Any) -> None:
    """Keep a started server (its `stop()` ends it) running until Ctrl-C."""
    import time

    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def load_settings() -> Settings:
    """The settings from the environment; a bad value is a sentence saying what to set."""
    with errors():
        from dondoc.settings import read_settings

        return read_settings()


@contextmanager
def reading(settings: Settings) -> Iterator[Reader]:
    """A read-only connection to an up-to-date ledger, through its driver (no SQLAlchemy)."""
    with errors():
        from ledger.dbapi import open_ledger

        reader = open_ledger(settings.ledger_url)
    try:
        with errors():
            yield reader
    finally:
        reader.close()


def ledger(settings: Settings, *, create: bool = True) -> Sessions:
    """Sessions on the ledger (an empty one is migrated first).

    A SQLite ledger that does not exist yet is created only by commands that write (`create`),
    and only where the settings put it on purpose (see `Settings.check_new_ledger`).
    """
    with errors():
        settings.check_new_ledger(create=create)
        from dondoc.wiring import ledger_sessions

        return ledger_sessions(settings)


@contextmanager
def existing_ledger(settings: Settings) -> Iterator[Sessions | None]:
    """Sessions on the ledger if there is one, else None: nothing is created or migrated.

    For the checks that must see what the ledger holds without writing to it (`plan check`).
    Use it inside `errors()`.
    """
    path = settings.sqlite_path()
    if path is not None and not path.exists():
        yield None
        return
    from ledger.db import current_revision, ensure_schema, make_engine, session_factory

    engine = make_engine(settings.ledger_url)
    try:
        if current_revision(engine) is None:  # an empty database: no ledger yet
            yield None
        else:
            ensure_schema(engine, migrate_empty=False)  # behind or ahead: say what to run
            yield session_factory(engine)
    finally:
        engine.dispose()
