"""`dondoc up`, the main job, as a user runs it: a real Prefect server, served deployments, the
mail sink, scheduled runs, and Ctrl-C stopping everything."""

from __future__ import annotations

import email
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime
from email.policy import default as default_policy
from pathlib import Path

import httpx
import pytest

from calendars.business_time import BUSINESS_TZ
from dondoc.deployments import read_deployments
from obligations.loader import load_catalogue
from tests.conftest import ROOT, demo_catalogue_files

pytestmark = pytest.mark.prefect

START_TIMEOUT = 240.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(predicate, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def up(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[subprocess.Popen[str], str, Path, list[str]]]:
    home = tmp_path_factory.mktemp("home")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "PREFECT_"))}
    env |= {
        "DONDOC_HOME": str(home),
        "DONDOC_UI_PORT": str(port),
        "DONDOC_PLANS_DIR": str(ROOT / "plans"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "dondoc", "up"],
        cwd=home,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    assert process.stdout is not None
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith("Prefect UI:"):
            break
    if not any(line.startswith("Prefect UI:") for line in lines):
        process.kill()
        raise AssertionError("dondoc up did not start:\n" + "\n".join(lines))
    try:
        yield process, f"http://127.0.0.1:{port}/api", home, lines
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_up_loads_the_demo_plan_and_says_where_everything_is(up) -> None:  # type: ignore[no-untyped-def]
    _, _, home, lines = up
    assert lines[0] == f"Ledger: sqlite:///{home / 'dondoc.db'} (revision 0001)"
    assert lines[1].startswith("Catalogue: 4 files from ")
    assert f"Mail: no SMTP configured — messages are filed in {home / 'mail'}" in lines
    assert (
        "Serving 5 deployments: periodic-reports, chase, escalate, record-submission, waive-task"
        in lines
    )


def test_up_serves_exactly_the_deployments_of_prefect_yaml(up) -> None:  # type: ignore[no-untyped-def]
    _, api, _, _ = up
    served = {d["name"]: d for d in httpx.post(f"{api}/deployments/filter", json={}).json()}
    declared = {spec.name: spec for spec in read_deployments()}
    assert served.keys() == declared.keys()
    for name, spec in declared.items():
        schedules = [
            (s["schedule"]["cron"], s["schedule"]["timezone"]) for s in served[name]["schedules"]
        ]
        assert schedules == list(spec.crons), name
        assert all(s["active"] for s in served[name]["schedules"])


def test_a_run_through_the_served_deployment_opens_tasks_and_files_the_mail(up) -> None:  # type: ignore[no-untyped-def]
    _, api, home, _ = up
    # The demo plan is tracked from the day `up` first loaded it; the next January's monthly
    # report opens on the 8th for the 11 provincial organisations (district level ended in 2025).
    january = date(datetime.now(BUSINESS_TZ).year + 1, 1, 8)
    deployment = next(
        d
        for d in httpx.post(f"{api}/deployments/filter", json={}).json()
        if d["name"] == "periodic-reports"
    )
    run = httpx.post(
        f"{api}/deployments/{deployment['id']}/create_flow_run",
        json={"parameters": {"as_of": january.isoformat()}},
    ).json()

    def finished() -> str | None:
        state = httpx.get(f"{api}/flow_runs/{run['id']}").json()["state"]["type"]
        return state if state in {"COMPLETED", "FAILED", "CRASHED"} else None

    assert wait_for(finished, 120, "the flow run") == "COMPLETED"
    files = sorted((home / "mail").glob("*.eml"))
    assert len(files) == 11
    message = email.message_from_bytes(files[0].read_bytes(), policy=default_policy)
    # "day 18", moved to the next working day when the 18th is not one
    due = load_catalogue(demo_catalogue_files()).calendar.shift(date(january.year, 1, 18))
    assert message["Subject"] == (
        f"[Đôn đốc] Báo cáo công tác dân vận tháng – Tháng 1/{january.year}: hạn gửi {due:%d/%m/%Y}"
    )
    assert (
        "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị gửi"
        in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    )


def test_the_server_schedules_the_daily_runs_at_their_vietnamese_hours(up) -> None:  # type: ignore[no-untyped-def]
    _, api, _, _ = up

    def scheduled() -> list[dict[str, str]]:
        body = {"flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}}, "limit": 50}
        return httpx.post(f"{api}/flow_runs/filter", json=body).json()  # type: ignore[no-any-return]

    runs = wait_for(scheduled, 150, "the scheduler to plan runs")
    hours = {
        datetime.fromisoformat(r["expected_start_time"]).astimezone(BUSINESS_TZ).strftime("%H:%M")
        for r in runs
    }
    assert hours <= {"06:30", "08:00", "08:30"}
    assert hours


def test_ctrl_c_stops_the_server_and_the_deployments(up) -> None:  # type: ignore[no-untyped-def]
    process, api, _, _ = up
    process.send_signal(signal.SIGINT)
    assert process.wait(90) == 0
    output = process.stdout.read() if process.stdout else ""
    assert "dondoc stopped." in output
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{api}/health", timeout=2)
