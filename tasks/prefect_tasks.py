"""Prefect tasks: thin wrappers with retries around the steps in `tasks.steps`.

A flow run makes a handful of task runs whatever the number of units: a task run costs the
Prefect server CPU (≈ 18 ms each, measured), so there is one per step, never one per unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from prefect import task
from sqlalchemy.exc import OperationalError

from dondoc.settings import Settings
from dondoc.wiring import dispatch_for, flow_settings, ledger_sessions, link_signer
from tasks import bulletin, dispatch, steps
from tasks.runlog import StepLog


def _transient(task: object, task_run: object, state: object) -> bool:
    """Retry only what a retry can fix: a database that was busy or briefly unreachable."""
    try:
        state.result()  # type: ignore[attr-defined]
    except OperationalError:
        return True
    except Exception:
        return False
    return False


DELAYS: list[float] = [2.0, 10.0, 30.0]


@task(name="open-tasks", retries=3, retry_delay_seconds=DELAYS, retry_condition_fn=_transient)
def open_tasks(as_of: date, now: datetime, horizon_end: date, family: str) -> StepLog:
    settings = Settings()
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


@task(name="chase", retries=3, retry_delay_seconds=DELAYS, retry_condition_fn=_transient)
def chase(as_of: date, now: datetime) -> StepLog:
    settings = Settings()
    return steps.chase(
        ledger_sessions(settings), as_of, now, smtp=settings.smtp, links=link_signer(settings)
    )


@task(name="escalate", retries=3, retry_delay_seconds=DELAYS, retry_condition_fn=_transient)
def escalate(as_of: date, now: datetime) -> StepLog:
    settings = Settings()
    return steps.escalate(
        ledger_sessions(settings), as_of, now, smtp=settings.smtp, links=link_signer(settings)
    )


@task(name="deliver", retries=2, retry_delay_seconds=30)
async def deliver(now: datetime) -> StepLog:
    settings = flow_settings()
    sessions = ledger_sessions(settings)
    return await dispatch.deliver(sessions, dispatch_for(settings, sessions), now)


@task(name="record-submission")
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


@task(name="acknowledge-task")
def acknowledge_task(
    now: datetime, as_of: date, obligation: str, unit: str, period: str, step: str | None
) -> StepLog:
    return steps.acknowledge_task(ledger_sessions(), now, as_of, obligation, unit, period, step)


@task(name="waive-task")
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


@task(name="reschedule-occurrence")
def move_occurrence(
    now: datetime, as_of: date, obligation: str, occurrence: str, anchor: date, reason: str
) -> StepLog:
    settings = Settings()
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


@task(name="cancel-occurrence")
def cancel_occurrence(
    now: datetime, as_of: date, obligation: str, occurrence: str, reason: str
) -> StepLog:
    return steps.cancel_occurrence(ledger_sessions(), now, as_of, obligation, occurrence, reason)


@task(name="request-report")
def request_report(
    now: datetime, as_of: date, horizon_end: date, values: Mapping[str, Any]
) -> StepLog:
    # No retry here: the step is idempotent, but a refused request must fail the run at once,
    # and a busy ledger is waited for by the transaction itself.
    settings = Settings()
    return steps.request_report(
        ledger_sessions(settings), now, as_of, horizon_end, values, links=link_signer(settings)
    )


@task(name="record-field-day")
def record_field_day(
    now: datetime, as_of: date, specialist: str, commune: str, day: date, note: str | None
) -> StepLog:
    from tasks import field_days

    return field_days.record(ledger_sessions(), now, as_of, specialist, commune, day, note)


@task(name="field-coverage", retries=3, retry_delay_seconds=DELAYS, retry_condition_fn=_transient)
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


@task(
    name="monthly-statistics", retries=3, retry_delay_seconds=DELAYS, retry_condition_fn=_transient
)
def statistics(month: date, plan: str | None) -> dict[str, Any]:
    """A month's figures per unit and family, with the twelve months' trend (read-only)."""
    from ledger.db import transaction
    from ledger.dbapi import Reader
    from tasks.statistics import monthly_figures

    with transaction(ledger_sessions()) as session:
        return monthly_figures(Reader.of_session(session), month, plan)


@task(name="draft-bulletin", retries=3, retry_delay_seconds=DELAYS, retry_condition_fn=_transient)
def draft_bulletin(
    now: datetime, period: str, plan: str | None, as_of: date | None
) -> bulletin.Drafted:
    return bulletin.draft(ledger_sessions(), now, period, plan, as_of)


@task(name="issue-bulletin")
def issue_bulletin(now: datetime, plan: str, period: str, by: str) -> bulletin.Issued:
    settings = Settings()
    out_dir = settings.home.resolve() / "documents"
    return bulletin.approve_and_send(ledger_sessions(settings), now, plan, period, by, out_dir)


@task(name="reject-bulletin")
def reject_bulletin(now: datetime, plan: str, period: str, by: str, reason: str | None) -> str:
    return bulletin.reject_draft(ledger_sessions(), now, plan, period, by, reason)
