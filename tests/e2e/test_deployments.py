"""`dondoc up` serves what `prefect deploy --all` creates from the same prefect.yaml."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dondoc.deployments import DeploymentsError, read_deployments
from tests.conftest import ROOT
from tests.e2e.test_up import Up, deployments, free_port, start_up, stop

pytestmark = pytest.mark.prefect


def write_yaml(tmp_path: Path, schedules: str) -> Path:
    path = tmp_path / "prefect.yaml"
    path.write_text(
        "deployments:\n"
        "  - name: chase\n"
        "    entrypoint: flows/sweep.py:chase_flow\n"
        f"    schedules:\n{schedules}",
        encoding="utf-8",
    )
    return path


def test_a_schedule_without_a_timezone_is_refused(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, '      - cron: "0 8 * * *"\n')
    with pytest.raises(DeploymentsError) as error:
        read_deployments(path)
    assert str(error.value) == (
        "prefect.yaml: deployment 'chase', schedule 1: give a timezone (Asia/Ho_Chi_Minh): "
        "without one, prefect deploy schedules the cron in UTC"
    )


def test_a_schedule_key_up_does_not_know_is_refused(tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path, '      - cron: "0 8 * * *"\n        timezone: UTC\n        catchup: true\n'
    )
    with pytest.raises(DeploymentsError, match="dondoc up does not know catchup"):
        read_deployments(path)


def test_an_inactive_schedule_and_its_parameters_are_served_as_declared(tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path,
        '      - cron: "0 8 * * *"\n'
        "        timezone: Asia/Ho_Chi_Minh\n"
        "        active: false\n"
        '        parameters: {as_of: "2024-01-22"}\n',
    )
    (spec,) = read_deployments(path)
    (schedule,) = spec.to_deployment().schedules or []
    assert schedule.active is False
    assert schedule.parameters == {"as_of": "2024-01-22"}
    assert schedule.schedule.timezone == "Asia/Ho_Chi_Minh"  # type: ignore[union-attr]


def write_job_env(tmp_path: Path, env: str) -> Path:
    path = tmp_path / "prefect.yaml"
    path.write_text(
        "deployments:\n"
        "  - name: chase\n"
        "    entrypoint: flows/sweep.py:chase_flow\n"
        "    work_pool:\n"
        "      name: dondoc\n"
        "      job_variables:\n"
        f"        env:\n{env}",
        encoding="utf-8",
    )
    return path


def test_a_credential_in_the_job_variables_is_refused(tmp_path: Path) -> None:
    path = write_job_env(
        tmp_path, '          DONDOC_SMTP__PASSWORD: "{{ $DONDOC_SMTP__PASSWORD }}"\n'
    )
    with pytest.raises(DeploymentsError) as error:
        read_deployments(path)
    assert str(error.value) == (
        "prefect.yaml: deployment 'chase', job variable DONDOC_SMTP__PASSWORD: a credential must "
        "not be kept in a deployment in clear: put it in a Prefect Secret block and name the "
        "block in DONDOC_SECRET_BLOCKS__SMTP_PASSWORD"
    )


def test_a_job_variable_written_in_clear_or_unknown_is_refused(tmp_path: Path) -> None:
    clear = write_job_env(tmp_path, "          DONDOC_SMTP__HOST: smtp.tinhuy.example\n")
    with pytest.raises(DeploymentsError, match=r'write it as "\{\{ \$DONDOC_SMTP__HOST \}\}"'):
        read_deployments(clear)
    typo = write_job_env(tmp_path, '          DONDOC_SMTP_HOST: "{{ $DONDOC_SMTP_HOST }}"\n')
    with pytest.raises(DeploymentsError, match="DONDOC_SMTP_HOST: dondoc has no such setting"):
        read_deployments(typo)


def test_every_deployment_carries_the_ledger_and_the_block_names_to_its_workers() -> None:
    specs = read_deployments()
    assert {spec.job_env for spec in specs} == {specs[0].job_env}  # one set, for every deployment
    carried = set(specs[0].job_env)
    assert {
        "DONDOC_DATABASE_URL", "DONDOC_HOME", "DONDOC_SMTP__HOST", "DONDOC_SMTP__USERNAME",
        "DONDOC_ZALO__APP_ID", "DONDOC_NOTIFY__OFFICE_HOURS_ONLY", "DONDOC_LINKS__BASE_URL",
        "DONDOC_SECRET_BLOCKS__SMTP_PASSWORD", "DONDOC_SECRET_BLOCKS__ZALO_APP_SECRET",
        "DONDOC_SECRET_BLOCKS__ZALO_OA_SECRET", "DONDOC_SECRET_BLOCKS__LINK_SECRET",
    } <= carried  # fmt: skip
    assert not carried & {
        "DONDOC_SMTP__PASSWORD",
        "DONDOC_ZALO__APP_SECRET",
        "DONDOC_LINKS__SECRET",
    }


def prefect(*args: str, env: dict[str, str], cwd: Path = ROOT) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "prefect", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Prefect server of its own, with what `prefect deploy --all` creates from prefect.yaml."""
    home = tmp_path_factory.mktemp("deploy")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "PREFECT_"))}
    env |= {
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "DONDOC_PROJECT_DIR": str(ROOT),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{api}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the Prefect server did not start"
            time.sleep(1)
        prefect("work-pool", "create", "dondoc", "--type", "process", env=env)
        prefect("deploy", "--all", "--no-prompt", env=env)
        yield api
    finally:
        server.terminate()
        server.wait(30)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Up]:
    running = start_up(tmp_path_factory.mktemp("serve"))
    try:
        yield running
    finally:
        stop(running)


def comparable(deployment: dict[str, Any]) -> dict[str, Any]:
    """What prefect.yaml decides of a deployment (not ids, times, pools or storage)."""
    return {
        "description": deployment["description"],
        "tags": sorted(deployment["tags"]),
        "parameters": deployment["parameters"],
        "paused": deployment["paused"],
        "schedules": sorted(
            (
                s["schedule"].get("cron"),
                s["schedule"].get("timezone"),
                s["schedule"].get("day_or"),
                s["active"],
                s.get("parameters") or {},
                s.get("slug"),
            )
            for s in deployment["schedules"]
        ),
        "parameter_names": sorted(deployment["parameter_openapi_schema"]["properties"]),
    }


def test_up_serves_the_deployments_prefect_deploy_creates(deployed: str, served: Up) -> None:
    made = {name: comparable(d) for name, d in deployments(deployed).items()}
    ours = {name: comparable(d) for name, d in deployments(served.api).items()}
    assert sorted(made) == [
        "acknowledge-task", "ad-hoc-requests", "campaigns", "cancel-occurrence", "chase",
        "compliance-bulletin", "deliver",
        "directive-reviews", "escalate", "events", "field-coverage", "field-coverage-report",
        "holiday-visits", "monthly-statistics", "periodic-reports", "programme-tasks",
        "record-field-day",
        "record-submission", "request-report", "reschedule-occurrence", "steering-meetings",
        "supervisions", "term-milestones", "waive-task",
    ]  # fmt: skip
    assert made["chase"]["schedules"][0][:4] == ("0 7 * * *", "Asia/Ho_Chi_Minh", True, True)
    assert made["record-submission"]["parameter_names"] == [
        "as_of", "document_ref", "held_on", "obligation", "period", "step", "submitted_at", "unit"
    ]  # fmt: skip
    assert ours == made
