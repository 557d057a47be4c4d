"""The errors a user can fix, as the sentences and exit codes the commands print.

Anything not listed here is a bug, and keeps its traceback.
"""

from __future__ import annotations


def _first_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def explain(error: BaseException) -> tuple[list[str], int] | None:
    """(lines to print, exit code) for an error a user can act on; None for a bug."""
    import sqlite3

    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    from calendars.lunar import LunarDateError
    from calendars.periods import PeriodError
    from dondoc.deployments import DeploymentsError
    from dondoc.settings import SettingsError
    from ledger.dbapi import LedgerMissing, SchemaError
    from ledger.field_days import FieldDayError
    from ledger.lifecycle import TaskNotFound
    from ledger.transitions import TransitionError
    from obligations.requests import RequestError
    from obligations.yamlsrc import CatalogueError
    from tasks.failures import RunFailure

    if isinstance(error, RunFailure):  # a flow run here whose step said why it failed
        return [f"dondoc: {error}"], 2
    if isinstance(error, RequestError):
        return [f"dondoc: yêu cầu không ghi được: {problem}" for problem in error.problems], 1
    if isinstance(error, CatalogueError):
        return [str(issue) for issue in error.issues], 1
    if isinstance(error, DeploymentsError):
        return [f"dondoc: {error}"], 2
    if isinstance(error, SettingsError):
        return [f"dondoc: {line}" for line in str(error).splitlines()], 2
    if isinstance(error, SchemaError):
        return [f"dondoc: {error}"], 2
    if isinstance(error, LedgerMissing):
        return [
            f"dondoc: {error}: load a catalogue first (dondoc plan load FILE…), or set "
            "DONDOC_HOME or DONDOC_DATABASE_URL to the ledger you mean"
        ], 2
    if isinstance(
        error, TaskNotFound | TransitionError | PeriodError | LunarDateError | FieldDayError
    ):
        return [f"dondoc: {error}"], 1
    if isinstance(error, ArgumentError | NoSuchModuleError):
        return [
            f"dondoc: DONDOC_DATABASE_URL is not a database URL dondoc can use "
            f"({_first_line(error)}): set it like sqlite:////srv/dondoc/dondoc.db or "
            "postgresql://user@host:5432/dondoc"
        ], 2
    if isinstance(error, OperationalError | sqlite3.OperationalError) or (
        type(error).__module__.startswith("psycopg") and type(error).__name__ == "OperationalError"
    ):
        return [
            f"dondoc: the ledger database does not answer ({_first_line(error)}): check "
            "DONDOC_DATABASE_URL and that its server is running"
        ], 2
    return None
