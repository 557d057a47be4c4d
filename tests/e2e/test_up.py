"""`dondoc up`, the main job, as a user runs it: a real Prefect server, served deployments, the
mail sink, scheduled runs, `dondoc run` against it, and Ctrl-C stopping everything.

Nothing here depends on the wall clock or on the order of the tests: the ledger is loaded
to track from 1 January 2024 before `up` starts, each test looks only at what it caused, and
the expected values are written out, not read back through dondoc's own parsers.
"""

from __future__ import annotations

import email
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import parseaddr
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from calendars.business_time import BUSINESS_TZ
from tests.conftest import ROOT

pytestmark = pytest.mark.prefect

START_TIMEOUT = 480.0  # `up` serving 24 deployments took over 240 s on a machine loaded 13×
T = TypeVar("T")

# prefect.yaml, as a user reads it (cron, timezone) — written out, not parsed by dondoc.
DECLARED = {
    "periodic-reports": [("30 6 * * *", "Asia/Ho_Chi_Minh")],
    "steering-meetings": [("35 6 * * *", "Asia/Ho_Chi_Minh")],
    "directive-reviews": [("40 6 * * *", "Asia/Ho_Chi_Minh")],
    "holiday-visits": [("45 6 * * *", "Asia/Ho_Chi_Minh")],
    "supervisions": [("50 6 * * *", "Asia/Ho_Chi_Minh")],
    "campaigns": [("52 6 * * *", "Asia/Ho_Chi_Minh")],
    "events": [("54 6 * * *", "Asia/Ho_Chi_Minh")],
    "term-milestones": [("56 6 * * *", "Asia/Ho_Chi_Minh")],
    "programme-tasks": [("58 6 * * *", "Asia/Ho_Chi_Minh")],
    "ad-hoc-requests": [("59 6 * * *", "Asia/Ho_Chi_Minh")],
    "field-coverage": [("57 6 * * *", "Asia/Ho_Chi_Minh")],
    "chase": [("0 7 * * *", "Asia/Ho_Chi_Minh")],
    "escalate": [("15 7 * * *", "Asia/Ho_Chi_Minh")],
    "deliver": [("30 7 * * *", "Asia/Ho_Chi_Minh"), ("*/30 8-16 * * *", "Asia/Ho_Chi_Minh")],
    "record-submission": [],
    "record-field-day": [],
    "field-coverage-report": [],
    "acknowledge-task": [],
    "waive-task": [],
    "reschedule-occurrence": [],
    "cancel-occurrence": [],
    "request-report": [],
    "monthly-statistics": [("0 8 1 * *", "Asia/Ho_Chi_Minh")],
    "compliance-bulletin": [("45 7 25 * *", "Asia/Ho_Chi_Minh")],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(predicate: Callable[[], T | None], timeout: float, what: str) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def environment(home: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "PREFECT_"))}
    return env | {
        "DONDOC_HOME": str(home),
        "DONDOC_UI_PORT": str(port),
        "DONDOC_PLANS_DIR": str(ROOT / "plans"),
        # The runs deliver now, whatever the hour the tests run at (office hours: test_digests).
        "DONDOC_NOTIFY__OFFICE_HOURS_ONLY": "false",
        "DONDOC_LINKS__LISTEN_PORT": str(links_port := free_port()),
        "DONDOC_LINKS__BASE_URL": f"http://127.0.0.1:{links_port}",
    }


@dataclass
class Up:
    process: subprocess.Popen[str]
    api: str
    home: Path
    env: dict[str, str]
    lines: list[str]


def start_up(home: Path, *, ignore_sigint: bool = False) -> Up:
    """`dondoc up` in its own process, read until it prints the UI address."""
    port = free_port()
    env = environment(home, port)
    # Track from 2024 whatever today is: the tests ask for 2024's runs.
    files = [str(p) for p in sorted((ROOT / "plans").rglob("*.yaml"))]
    subprocess.run(
        [sys.executable, "-m", "dondoc", "plan", "load", *files, "--track-from", "2024-01-01"],
        cwd=home,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )

    def ignore() -> None:  # as a shell does for `dondoc up &`
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    process = subprocess.Popen(
        [sys.executable, "-m", "dondoc", "up"],
        cwd=home,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=ignore if ignore_sigint else None,
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
            return Up(process, f"http://127.0.0.1:{port}/api", home, env, lines)
    process.kill()
    raise AssertionError("dondoc up did not start:\n" + "\n".join(lines))


def stop(up: Up) -> None:
    """Stop `up` as a user does (SIGTERM: it stops its server and deployments), else kill it."""
    if up.process.poll() is None:
        up.process.terminate()
        try:
            up.process.wait(90)
        except subprocess.TimeoutExpired:
            up.process.kill()
            up.process.wait()


@pytest.fixture(scope="module")
def up(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Up]:
    running = start_up(tmp_path_factory.mktemp("home"))
    try:
        yield running
    finally:
        stop(running)


def post(url: str, body: dict[str, Any]) -> Any:
    """POST to the Prefect API; a busy server on SQLite may answer 5xx for a moment."""
    for _ in range(10):
        response = httpx.post(url, json=body, timeout=30)
        if response.status_code < 500:
            break
        time.sleep(2)
    assert response.is_success, f"{url}: {response.status_code} {response.text}"
    return response.json()


def get(url: str) -> Any:
    """GET from the Prefect API, waiting out a busy server's 5xx like `post`."""
    for _ in range(10):
        response = httpx.get(url, timeout=30)
        if response.status_code < 500:
            break
        time.sleep(2)
    assert response.is_success, f"{url}: {response.status_code} {response.text}"
    return response.json()


def deployments(api: str) -> dict[str, dict[str, Any]]:
    found = post(f"{api}/deployments/filter", {})
    return {d["name"]: d for d in found}


def mail_about(home: Path, period: str) -> list[EmailMessage]:
    """The filed messages whose subject names `period` (e.g. "Tháng 1/2024")."""
    found = []
    for path in sorted((home / "mail").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=default_policy)
        assert isinstance(message, EmailMessage)
        if period in str(message["Subject"]):
            found.append(message)
    return found


def test_up_loads_the_catalogue_and_says_where_everything_is(up: Up) -> None:
    assert up.lines[0] == f"Ledger: sqlite:///{up.home / 'dondoc.db'} (revision 0006)"
    # Bình Phước, Kiên Giang, Lạng Sơn, Tây Ninh and the two calendar files.
    assert up.lines[1].startswith(f"Catalogue: 6 files from {ROOT / 'plans'}; tasks planned to ")
    assert f"Mail: no SMTP configured — messages are filed in {up.home / 'mail'}" in up.lines
    assert (
        "Serving 24 deployments: periodic-reports, steering-meetings, directive-reviews, "
        "holiday-visits, supervisions, campaigns, events, term-milestones, programme-tasks, "
        "ad-hoc-requests, field-coverage, chase, escalate, deliver, record-submission, "
        "record-field-day, field-coverage-report, acknowledge-task, waive-task, "
        "reschedule-occurrence, cancel-occurrence, request-report, monthly-statistics, "
        "compliance-bulletin" in up.lines
    )


def test_up_serves_the_links_page_beside_the_prefect_ui(up: Up) -> None:
    base = up.env["DONDOC_LINKS__BASE_URL"]
    assert any(line.startswith(f"Links: {base} ") for line in up.lines)
    assert httpx.get(f"{base}/suc-khoe", timeout=10).text == "ok"
    refused = httpx.get(f"{base}/nhiem-vu/1/da-nhan", params={"t": "x"}, timeout=10)
    assert refused.status_code == 403


def test_up_serves_exactly_the_deployments_of_prefect_yaml(up: Up) -> None:
    served = deployments(up.api)
    assert served.keys() == DECLARED.keys()
    for name, crons in DECLARED.items():
        schedules = served[name]["schedules"]
        # The server lists a deployment's schedules in no particular order.
        found = sorted((s["schedule"]["cron"], s["schedule"]["timezone"]) for s in schedules)
        assert found == sorted(crons)
        assert all(s["active"] for s in schedules)


def test_a_run_through_the_served_deployment_opens_tasks_and_files_the_mail(up: Up) -> None:
    deployment = deployments(up.api)["periodic-reports"]
    run = post(
        f"{up.api}/deployments/{deployment['id']}/create_flow_run",
        {"parameters": {"as_of": "2024-01-08"}},
    )

    def finished() -> str | None:
        state: str = get(f"{up.api}/flow_runs/{run['id']}")["state"]["type"]
        return state if state in {"COMPLETED", "FAILED", "CRASHED"} else None

    assert wait_for(finished, 120, "the flow run") == "COMPLETED"
    # The 9 district commissions and the 11 provincial organisations owe January's report.
    january = mail_about(up.home, "Tháng 1/2024")
    assert len(january) == 20
    assert {str(m["Subject"]) for m in january} == {
        "[Đôn đốc] Báo cáo công tác dân vận tháng – Tháng 1/2024: hạn gửi 18/01/2024"
    }
    body = january[0].get_body(("plain",))
    assert body is not None
    assert "Ban Dân vận Tỉnh ủy Tây Ninh đề nghị quý đơn vị gửi" in body.get_content()


def test_the_zalo_stand_in_files_the_messages_of_the_specialists_who_chose_zalo(up: Up) -> None:
    # Two specialists of the Tây Ninh plan are reached by Zalo ZNS first; their January field
    # days open on Friday 5/1/2024 (the first working days of the month are the Ban's).
    assert (
        f"Zalo: no Zalo OA configured — a local Zalo stand-in files messages in {up.home / 'zalo'}"
        in up.lines
    )
    deployment = deployments(up.api)["field-coverage"]
    run = post(
        f"{up.api}/deployments/{deployment['id']}/create_flow_run",
        {"parameters": {"as_of": "2024-01-05"}},
    )

    def finished() -> str | None:
        state: str = get(f"{up.api}/flow_runs/{run['id']}")["state"]["type"]
        return state if state in {"COMPLETED", "FAILED", "CRASHED"} else None

    assert wait_for(finished, 120, "the flow run") == "COMPLETED"
    filed = [json.loads(p.read_text(encoding="utf-8")) for p in (up.home / "zalo").glob("*.json")]
    assert sorted(m["to"] for m in filed) == ["84900000201", "84900000202"]
    assert {m["template_id"] for m in filed} == {"tn-bdv-open"}
    assert {m["template_data"]["ky"] for m in filed} == {"Tháng 1/2024"}


def test_dondoc_run_uses_the_running_server_and_its_mail_settings(up: Up) -> None:
    # February 2024: Tết (8–14/2) moves the opening back to Wednesday 7 February.
    result = subprocess.run(
        [sys.executable, "-m", "dondoc", "run", "periodic-reports", "--as-of", "2024-02-07"],
        cwd=up.home,
        env=up.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert f"of deployment periodic-reports/periodic-reports on {up.api}: Completed" in (
        result.stderr
    )
    assert "temporary server" not in result.stderr
    runs = post(
        f"{up.api}/flow_runs/filter",
        {"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}, "limit": 50},
    )
    assert any(r["parameters"].get("as_of") == "2024-02-07" for r in runs)
    # Queued in `up`'s ledger and sent through its mail sink, not by the command's own settings:
    # the 20 units' requests and the Ban's own February report (due 22/2, opening 12/2 → before
    # Tết, 7/2). One message per recipient and day: the 20 units had January's request today
    # (when the wall clock is in today's office hours), so theirs wait for the next working day's
    # first sending; the Ban had none and gets its own at once.
    with sqlite3.connect(up.home / "dondoc.db") as ledger:
        february = ledger.execute(
            "SELECT recipient, status, next_attempt_at > created_at FROM outbox "
            "WHERE subject LIKE '%Tháng 2/2024%' AND stage = 'open'"
        ).fetchall()
    assert len(february) == 21
    filed = {parseaddr(str(m["To"]))[1] for m in mail_about(up.home, "Tháng 2/2024")}
    sent = {recipient for recipient, status, _ in february if status == "sent"}
    assert sent == filed
    assert "bdv@tinhuy.tayninh.example" in filed
    waiting = [(status, later) for recipient, status, later in february if recipient not in sent]
    assert waiting == [("pending", 1)] * (21 - len(sent))


def test_dondoc_doctor_finds_the_running_server_its_deployments_and_its_secret_blocks(
    up: Up,
) -> None:
    # A Secret block made as an operator would, through Prefect's own client, on `up`'s server.
    saved = subprocess.run(
        [
            sys.executable,
            "-c",
            "from prefect.blocks.system import Secret; "
            "Secret(value='mật-khẩu-thư').save('dondoc-smtp', overwrite=True)",
        ],
        env=up.env | {"PREFECT_API_URL": up.api},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert saved.returncode == 0, saved.stderr

    def doctor(block: str) -> dict[str, Any]:
        """`dondoc doctor --json` with up's settings only: it finds the server by the UI port."""
        result = subprocess.run(
            [sys.executable, "-m", "dondoc", "doctor", "--json"],
            cwd=up.home,
            env=up.env | {"DONDOC_SECRET_BLOCKS__SMTP_PASSWORD": block},
            capture_output=True,
            text=True,
            timeout=120,
        )
        checks: dict[str, Any] = {c["check"]: c for c in json.loads(result.stdout)["checks"]}
        return checks

    found = doctor("dondoc-smtp")
    assert found["prefect"]["status"] == "ok", found["prefect"]
    assert f"có đủ {len(DECLARED)} deployment của prefect.yaml" in found["prefect"]["found"]
    assert found["secret-blocks"] == found["secret-blocks"] | {
        "status": "ok",
        "found": "đọc được 1 khối Secret: 'dondoc-smtp'",
    }
    assert "mật-khẩu-thư" not in json.dumps(found, ensure_ascii=False)
    missing = doctor("dondoc-smpt")["secret-blocks"]
    assert missing["status"] == "error"
    assert missing["found"] == (
        "máy chủ Prefect không có khối Secret 'dondoc-smpt' (DONDOC_SECRET_BLOCKS__SMTP_PASSWORD)"
    )


def test_the_server_schedules_the_daily_runs_at_their_vietnamese_hours(up: Up) -> None:
    def scheduled() -> list[dict[str, str]] | None:
        body = {"flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}}, "limit": 50}
        found: list[dict[str, str]] = post(f"{up.api}/flow_runs/filter", body)
        return found or None

    runs = wait_for(scheduled, 150, "the scheduler to plan runs")
    hours = {
        datetime.fromisoformat(r["expected_start_time"]).astimezone(BUSINESS_TZ).strftime("%H:%M")
        for r in runs
    }
    assert hours
    deliveries = {f"{h:02d}:{m:02d}" for h in range(8, 17) for m in (0, 30)}
    assert hours <= {
        "06:30", "06:35", "06:40", "06:45", "06:50", "06:52", "06:54", "06:56", "06:57", "06:58",
        "06:59", "07:00", "07:15", "07:30", "07:45",
    } | deliveries  # fmt: skip


def test_up_refuses_a_busy_port_before_touching_the_ledger(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "dondoc", "up"],
            cwd=tmp_path,
            env=environment(tmp_path, port),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"dondoc up: port {port} is not free (Address already in use): is dondoc up already "
        "running? Stop it, or set DONDOC_UI_PORT to a free port."
    ]
    assert not (tmp_path / "dondoc.db").exists()


def test_ctrl_c_stops_up_even_when_it_was_started_with_sigint_ignored(tmp_path: Path) -> None:
    running = start_up(tmp_path, ignore_sigint=True)
    try:
        running.process.send_signal(signal.SIGINT)
        assert running.process.wait(90) == 0
        output = running.process.stdout.read() if running.process.stdout else ""
        assert output.splitlines()[-2:] == ["Stopping …", "dondoc stopped."]
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"{running.api}/health", timeout=2)
    finally:
        stop(running)


def children_of(pid: int) -> set[int]:
    """The live processes whose parent is `pid` (read from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def test_killing_up_outright_still_stops_its_server_and_deployments(tmp_path: Path) -> None:
    running = start_up(tmp_path)
    try:
        children = children_of(running.process.pid)
        assert len(children) == 2  # the Prefect server and the served deployments
        running.process.kill()  # no chance to clean up: its children must notice by themselves
        running.process.wait(30)
        assert wait_for(lambda: not any(map(alive, children)) or None, 90, "the children to end")
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"{running.api}/health", timeout=2)
    finally:
        stop(running)
