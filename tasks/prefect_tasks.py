"""Prefect tasks: thin wrappers with retries around the steps in `tasks.steps`.

A flow run makes a handful of task runs whatever the number of units: a task run costs the
Prefect server CPU (≈ 18 ms each, measured), so there is one per step, never one per unit.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, ParamSpec, TypeVar

from prefect import Task, task

from dondoc.settings import read_settings
from dondoc.wiring import dispatch_for, explained, flow_settings, ledger_sessions, link_signer
from ledger.db import is_transient
from tasks import bulletin, dispatch, steps
from tasks.failures import RunFailure
from tasks.runlog import StepLog

P = ParamSpec("P")
R = TypeVar("R")


def failure_of(error: BaseException) -> RunFailure | None:
    """The sentence for an error its operator can act on — a ledger out of reach for now, or
    one this dondoc cannot use, a setting that is not a value, an action the ledger refuses (a
    task that does not exist, a step already closed) — or None: a bug, raised as it is."""
    if isinstance(error, RunFailure):
        return error
    if is_transient(error):
        return RunFailure(
            f"Cơ sở dữ liệu của dondoc tạm thời không trả lời ({_first_line(error)}); "
            "Prefect chạy lại bước này. Nếu lần nào cũng vậy: kiểm tra máy chủ cơ sở dữ liệu "
            "và DONDOC_DATABASE_URL.",
            transient=True,
        )
    # The CLI's sentence for it (dondoc/problems.py), which knows every such error.
    sentence = explained(error)
    if sentence is None:
        return None
    return RunFailure(f"Bước này không chạy được, chạy lại cũng vậy: {sentence}")


def _first_line(error: BaseException) -> str:
    # The driver's own words, without SQLAlchemy's statement and parameters.
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class _Untraced(logging.Filter):
    """A run's log says a `RunFailure` by its sentence: Prefect logs a task's last failure and
    a flow's exception with their traceback, which tells an operator nothing more."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], RunFailure):
            record.exc_info = record.exc_text = None
        return True


RUN_LOGGERS = ("prefect.task_runs", "prefect.flow_runs")


def untraced_failures() -> None:
    """Install `_Untraced` on Prefect's run loggers (once: on a step's first failure)."""
    for name in RUN_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _Untraced) for f in logger.filters):
            logger.addFilter(_Untraced())


def _explained(step: Callable[P, R]) -> Callable[P, R]:
    """A task's body whose ledger fails it raises a `RunFailure` instead: a sentence, which
    Prefect retries if `transient` (see `_transient`) and logs without a traceback."""

    def explain(error: Exception) -> None:
        failure = failure_of(error)
        if failure is not None:
            untraced_failures()
            raise failure from error

    if inspect.iscoroutinefunction(step):

        @functools.wraps(step)
        async def run_async(*args: P.args, **kwargs: P.kwargs) -> Any:
            try:
                return await step(*args, **kwargs)
            except Exception as error:
                explain(error)
                raise

        return run_async  # type: ignore[return-value]

    @functools.wraps(step)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return step(*args, **kwargs)
        except Exception as error:
            explain(error)
            raise

    return run


# The settings where a flow's own body reads one (a horizon, a folder): a bad value ends the run
# with its sentence and no traceback, as it does in a step.
run_settings = _explained(read_settings)


def _transient(task: object, task_run: object, state: object) -> bool:
    """Retry only what a retry can fix: a database that was busy or briefly unreachable, a
    connection lost, a transaction PostgreSQL gave up (see `ledger.db.is_transient`)."""
    try:
        state.result()  # type: ignore[attr-defined]
    except RunFailure as failure:
        return failure.transient
    except Exception as error:
        return is_transient(error)
    return False


DELAYS: list[float] = [2.0, 10.0, 30.0]


def retried(name: str) -> Callable[[Callable[P, R]], Task[P, R]]:
    """A task Prefect runs again when its ledger failed it for a moment (`_transient`): the daily
    steps, and the operators' actions, each idempotent (a submission, an acknowledgement, a
    waiver, a move, a cancellation or a field day recorded again changes nothing), so one whose
    commit was lost with its connection can run again; a refusal fails the run at once."""
    return task(name=name, retries=3, retry_delay_seconds=DELAYS, retry_condition_fn=_transient)


@retried("open-tasks")
@_explained
def open_tasks(as_of: date, now: datetime, horizon_end: date, family: str) -> StepLog:
    settings = read_settings()
    return steps.open_tasks(
        ledger_sessions(settings),
        as_of,
        now,
        horizon_end,
        {family},
        f"flow:{family}",
        smtp=settings.smtp,  # its e-mails serialised once, as they are queued
        links=link_signer(settings),
    )


@retried("chase")
@_explained
def chase(as_of: date, now: datetime) -> StepLog:
    settings = read_settings()
    return steps.chase(
        ledger_sessions(settings), as_of, now, smtp=settings.smtp, links=link_signer(settings)
    )


@retried("escalate")
@_explained
def escalate(as_of: date, now: datetime) -> StepLog:
    settings = read_settings()
    return steps.escalate(
        ledger_sessions(settings), as_of, now, smtp=settings.smtp, links=link_signer(settings)
    )


@task(name="deliver", retries=2, retry_delay_seconds=30)
@_explained
async def deliver(now: datetime) -> StepLog:
    settings = flow_settings()
    sessions = ledger_sessions(settings)
    return await dispatch.deliver(sessions, dispatch_for(settings, sessions), now)


@retried("record-submission")
@_explained
def record_submission(
    now: datetime,
    as_of: date,
    obligation: str,
    unit: str,
    period: str,
    document_ref: str | None,
    submitted_at: datetime,
    step: str | None,
    held_on: date | None,
) -> StepLog:
    return steps.record_submission(
        ledger_sessions(),
        now,
        as_of,
        obligation,
        unit,
        period,
        document_ref,
        submitted_at,
        step,
        held_on,
    )


@retried("acknowledge-task")
@_explained
def acknowledge_task(
    now: datetime, as_of: date, obligation: str, unit: str, period: str, step: str | None
) -> StepLog:
    return steps.acknowledge_task(ledger_sessions(), now, as_of, obligation, unit, period, step)


@retried("waive-task")
@_explained
def waive_task(
    now: datetime,
    as_of: date,
    obligation: str,
    unit: str,
    period: str,
    reason: str,
    step: str | None,
) -> StepLog:
    return steps.waive_task(ledger_sessions(), now, as_of, obligation, unit, period, reason, step)


@retried("reschedule-occurrence")
@_explained
def move_occurrence(
    now: datetime, as_of: date, obligation: str, occurrence: str, anchor: date, reason: str
) -> StepLog:
    settings = read_settings()
    return steps.move_occurrence(
        ledger_sessions(settings),
        now,
        as_of,
        obligation,
        occurrence,
        anchor,
        reason,
        links=link_signer(settings),
    )


@retried("cancel-occurrence")
@_explained
def cancel_occurrence(
    now: datetime, as_of: date, obligation: str, occurrence: str, reason: str
) -> StepLog:
    return steps.cancel_occurrence(ledger_sessions(), now, as_of, obligation, occurrence, reason)


@retried("request-report")
@_explained
def request_report(
    now: datetime, as_of: date, horizon_end: date, values: Mapping[str, Any]
) -> StepLog:
    settings = read_settings()
    return steps.request_report(
        ledger_sessions(settings), now, as_of, horizon_end, values, links=link_signer(settings)
    )


@retried("record-field-day")
@_explained
def record_field_day(
    now: datetime, as_of: date, specialist: str, commune: str, day: date, note: str | None
) -> StepLog:
    from tasks import field_days

    return field_days.record(ledger_sessions(), now, as_of, specialist, commune, day, note)


@retried("field-coverage")
@_explained
def field_coverage(year: int, through: date, specialist: str | None) -> StepLog:
    """The year's coverage as a run's rows: one per specialist."""
    from tasks import field_days

    log = StepLog()
    for row in field_days.coverage_rows(
        field_days.coverage(ledger_sessions(), year, through, specialist)
    ):
        log.add("specialists")
        log.row(row)
    return log


@retried("monthly-statistics")
@_explained
def statistics(month: date, plan: str | None) -> dict[str, Any]:
    """A month's figures per unit and family, with the twelve months' trend (read-only)."""
    from ledger.db import transaction
    from ledger.dbapi import Reader
    from tasks.statistics import monthly_figures

    with transaction(ledger_sessions()) as session:
        return monthly_figures(Reader.of_session(session), month, plan)


@retried("draft-bulletin")
@_explained
def draft_bulletin(
    now: datetime, period: str, plan: str | None, as_of: date | None
) -> bulletin.Drafted:
    return bulletin.draft(ledger_sessions(), now, period, plan, as_of)


@task(name="issue-bulletin")
@_explained
def issue_bulletin(now: datetime, plan: str, period: str, by: str) -> bulletin.Issued:
    settings = read_settings()
    out_dir = settings.home.resolve() / "documents"
    return bulletin.approve_and_send(ledger_sessions(settings), now, plan, period, by, out_dir)


@task(name="reject-bulletin")
@_explained
def reject_bulletin(now: datetime, plan: str, period: str, by: str, reason: str | None) -> str:
    return bulletin.reject_draft(ledger_sessions(), now, plan, period, by, reason)
