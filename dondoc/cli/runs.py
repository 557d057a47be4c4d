"""`dondoc run FLOW`: one flow once, as if on a given day — on the running Prefect server when
one answers (`dondoc up`'s, or PREFECT_API_URL), else on a temporary one, or `--direct`."""

from __future__ import annotations

import asyncio
import os
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dondoc.cli._common import AsOf, day_of, dump, err, errors, ledger, load_settings, out
from dondoc.cli.reports import print_log

if TYPE_CHECKING:
    from dondoc.settings import Settings
    from ledger.db import Sessions
    from tasks.runlog import StepLog


SWEEPS = ("chase", "escalate")
RUN_TIMEOUT = 600.0  # seconds to wait for a deployment's run to finish


def daily_flows() -> list[str]:
    """The flows `run` can start: prefect.yaml's scheduled deployments (one per family, the
    chase, the escalation)."""
    from dondoc.deployments import read_deployments

    return [spec.name for spec in read_deployments() if spec.schedules]


def family_of(flow: str, sessions: Sessions) -> str:
    """The family whose daily run a deployment is (`flow:` in the ledger's families)."""
    from ledger.db import transaction
    from ledger.store import read_catalogue

    with transaction(sessions) as session:
        families = read_catalogue(session).catalogue.families.values()
    for family in families:
        if family.flow == flow:
            return family.id
    raise typer.BadParameter(f"no family is run by {flow!r}", param_hint="FLOW")


def run(
    flow: Annotated[
        str,
        typer.Argument(
            help="The flow to run once: a family's daily run (periodic-reports, "
            "steering-meetings, directive-reviews, holiday-visits), chase, escalate or deliver.",
            show_default=False,
        ),
    ],
    as_of: AsOf = None,
    direct: Annotated[
        bool,
        typer.Option("--direct", help="Run the flow's steps without Prefect (no run record)."),
    ] = False,
) -> None:
    """Run one flow once, as if on the given day."""
    with errors():
        known = daily_flows()
    if flow not in known:
        raise typer.BadParameter(
            f"{flow!r} is not a daily flow: give one of {', '.join(known)}", param_hint="FLOW"
        )
    settings = load_settings()
    day = day_of(as_of)
    sessions = ledger(settings)
    with errors():
        if direct:
            log = asyncio.run(run_steps(flow, sessions, settings, day))
            print_log(flow, day, log)
            return
        server = prefect_server(settings)
        if server is None:
            err.print(
                f"Prefect: no server answers at {local_api(settings)} (is `dondoc up` running?); "
                "this run uses a temporary server and is not kept.",
                markup=False,
            )
            counts = run_in_process(flow, day)
        else:
            counts = run_on_server(flow, day, server)
    out.print(dump({"flow": flow, "as_of": day.isoformat(), "counts": counts}))


def local_api(settings: Settings) -> str:
    return f"http://127.0.0.1:{settings.ui_port}/api"


def prefect_server(settings: Settings) -> str | None:
    """Set up Prefect's environment (before Prefect is imported) and find a running server.

    Prefect's files go under DONDOC_HOME (created if needed: Prefect does not create its home's
    parents). The server is PREFECT_API_URL when set, else `dondoc up`'s on the UI port.
    """
    from dondoc.up import server_healthy

    prefect_home = (settings.home / "prefect").resolve()
    os.environ.setdefault("PREFECT_HOME", str(prefect_home))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    # A temporary server starts in ~10 s on an idle machine; Prefect gives up after 20 s.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.makedirs(os.environ["PREFECT_HOME"], exist_ok=True)
    url = os.environ.get("PREFECT_API_URL") or local_api(settings)
    if not server_healthy(url):
        os.environ.pop("PREFECT_API_URL", None)
        return None
    os.environ["PREFECT_API_URL"] = url
    return url


def _flow_function(flow: str) -> Any:
    from dondoc.deployments import read_deployments

    spec = next(spec for spec in read_deployments() if spec.name == flow)
    return spec.load_flow()


def run_in_process(flow: str, day: date) -> dict[str, int]:
    counts: dict[str, int] = asyncio.run(_flow_function(flow)(as_of=day))
    return counts


def run_on_server(flow: str, day: date, server: str) -> dict[str, int]:
    """Run the flow's deployment on the server (so `dondoc up`'s process and mail settings do
    the work, and the UI shows the run); without such a deployment, run here against it."""
    from prefect.deployments import run_deployment
    from prefect.exceptions import ObjectNotFound

    name = f"{flow}/{flow}"
    try:
        flow_run: Any = run_deployment(
            name, parameters={"as_of": day.isoformat()}, timeout=RUN_TIMEOUT
        )
    except ObjectNotFound:
        err.print(f"Prefect: server {server} has no deployment {name}; running here.")
        return run_in_process(flow, day)
    state = flow_run.state
    err.print(
        f"Prefect: flow run '{flow_run.name}' of deployment {name} on {server}: "
        f"{state.name if state else 'unknown'}",
        markup=False,
    )
    if state is None or not state.is_completed():
        raise typer.Exit(1)
    try:
        counts: dict[str, int] = state.result()
    except Exception as error:  # a worker elsewhere keeps its results where we cannot read them
        err.print(f"Prefect: the run's counts are not readable here ({error}); see the UI.")
        return {}
    return counts


async def run_steps(flow: str, sessions: Sessions, settings: Settings, day: date) -> StepLog:
    """The steps a flow runs, without Prefect: what `dondoc run --direct` and the tests use."""
    from calendars.business_time import now_utc
    from dondoc.wiring import link_signer
    from tasks import steps
    from tasks.runlog import StepLog

    now = now_utc()
    links = link_signer(settings)
    if flow == "deliver":
        log = StepLog()  # only what is queued goes: the delivery below
    elif flow == "chase":
        log = steps.chase(sessions, day, now, links=links)
    elif flow == "escalate":
        log = steps.escalate(sessions, day, now, links=links)
    else:
        family = family_of(flow, sessions)
        horizon = settings.horizon_end(day)
        log = steps.open_tasks(sessions, day, now, horizon, {family}, f"flow:{family}", links=links)
    return log.extend(await steps.deliver(sessions, settings.smtp, now))
