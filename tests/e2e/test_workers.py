"""Prefect workers as the distributed engine, set up as docs/province-deployment.md sets up a
province: Prefect's database and the ledger's on PostgreSQL, each owned by a role of its own;
the Prefect API behind basic authentication; a process work pool; `prefect deploy --all` from
the repository's prefect.yaml; four workers. Every family's deployment runs for the same day
twice, the two copies at the same time; then the sweeps (chase, escalate, deliver), twice.

Then nothing is in the ledger twice, and the ledger is what one process doing the same steps
makes of the day (nothing lost); every message the ledger says went out reached the SMTP
server or the fake Zalo exactly once, by Message-ID and by Zalo's message id.

The workers' own environment holds no dondoc setting: the ledger's URL and the settings reach
the flow runs through the deployments' job variables, and the credentials (the SMTP password,
which the SMTP server demands; the Zalo app's secret, which the stand-in's OAuth demands when
the token is refreshed; the links' key) through Prefect Secret blocks only.

Loopback only and bounded: one deadline for the whole module; every process started here
carries a mark in its environment, and every marked process is stopped at the end, whatever
happened (a flow run that a worker started in its own session included).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from sqlalchemy import text

from ledger.credentials import reauthorise
from ledger.db import transaction
from notifications.fake_zalo import FakeZalo
from obligations.loader import load_catalogue
from tests.conftest import (
    POSTGRES_SKIP_REASON,
    POSTGRES_URL,
    ROOT,
    RecordingHandler,
    demo_catalogue_files,
    migrated,
    migrated_sqlite,
)
from tests.e2e.test_up import free_port

pytestmark = [
    pytest.mark.prefect,
    pytest.mark.postgres,
    pytest.mark.skipif(POSTGRES_URL is None, reason=POSTGRES_SKIP_REASON),
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning"),
]

# The whole module, a hang guard: it takes 260–300 s of CPU in all (28 flow runs, each a new
# process), 4–8 min of wall time measured on 2 cores loaded 6–10 times over by other jobs.
DEADLINE = 600.0
WORKERS = 4
RUNS_PER_WORKER = 3  # at most this many flow runs at once each (PostgreSQL's connections)
# Every family's daily deployment (prefect.yaml), written out, and the sweeps after them.
FAMILIES = (
    "periodic-reports", "steering-meetings", "directive-reviews", "holiday-visits",
    "supervisions", "campaigns", "events", "term-milestones", "programme-tasks",
    "ad-hoc-requests", "field-coverage",
)  # fmt: skip
SWEEPS = ("chase", "escalate", "deliver")
# Monday 1/4/2024, with the ledger tracking from 1/1: the runs catch up on a quarter — the
# reports, reviews, visits, meetings, supervisions, programme tasks and field days (two
# specialists by Zalo) that fell due, their reminders and escalations — hundreds of notices
# for about a hundred recipients, all queued and delivered by runs racing each other.
DAYS = ("2024-04-01",)

SMTP_USER, SMTP_PASSWORD = "dondoc", "smtp-password-only-in-a-block"
ZALO_APP_SECRET, ZALO_OA_SECRET = "zalo-app-secret-only-in-a-block", "zalo-oa-secret-in-a-block"
LINK_SECRET = "link-secret-only-in-a-block"
# The Prefect API is behind basic authentication, as the province's is (it serves the blocks).
API_USER, API_PASSWORD = "dondoc", "prefect-api-password"
API_AUTH = f"{API_USER}:{API_PASSWORD}"
BLOCKS = {
    "dondoc-smtp": SMTP_PASSWORD,
    "dondoc-zalo-app": ZALO_APP_SECRET,
    "dondoc-zalo-oa": ZALO_OA_SECRET,
    "dondoc-links": LINK_SECRET,
}


class Clock:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self, what: str) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise AssertionError(f"the worker test ran out of time ({DEADLINE:.0f} s) {what}")
        return left


@dataclass
class AuthenticatingHandler(RecordingHandler):
    """Records what it receives, from a client that logged in with the one password."""

    logins: list[bool] = field(default_factory=list)

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        valid = isinstance(data, LoginPassword) and data == (
            SMTP_USER.encode(),
            SMTP_PASSWORD.encode(),
        )
        self.logins.append(valid)
        return AuthResult(success=valid, handled=False)


@contextmanager
def smtp_requiring_login() -> Iterator[tuple[AuthenticatingHandler, int]]:
    handler = AuthenticatingHandler()
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=handler.authenticate,
        auth_required=True,
        auth_require_tls=False,  # loopback: the test gives the password, TLS proves nothing here
    )
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def marked(mark: str) -> list[int]:
    """The live processes whose environment carries `mark` (read from /proc)."""
    found = []
    needle = f"WORKERS_TEST_MARK={mark}".encode()
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if needle in environ.read_bytes().split(b"\0"):
                stat = (environ.parent / "stat").read_text().rsplit(")", 1)[1].split()
                if stat[0] != "Z":
                    found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


def stop_marked(mark: str, ours: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM every marked process, then SIGKILL what is left after 15 s; reap our children."""
    for sig, grace in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        for pid in marked(mark):
            with suppress(ProcessLookupError):
                os.kill(pid, sig)
        end = time.monotonic() + grace
        while marked(mark) and time.monotonic() < end:
            time.sleep(0.2)
    for process in ours:
        process.wait(5)
    assert not marked(mark), "processes of the worker test survived SIGKILL"


@contextmanager
def province_databases() -> Iterator[tuple[str, str]]:
    """Prefect's database and the ledger's, each owned by a role of its own that is no
    superuser, as docs/province-deployment.md makes them; both dropped at the end."""
    assert POSTGRES_URL is not None
    suffix = uuid.uuid4().hex[:10]
    roles = (f"prefect_w_{suffix}", f"dondoc_w_{suffix}")
    server = POSTGRES_URL.split("://", 1)[1].split("@", 1)[-1].split("/", 1)[0]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        for role in roles:
            admin.execute(f'CREATE ROLE "{role}" LOGIN')
            admin.execute(f'CREATE DATABASE "{role}" OWNER "{role}"')
    try:
        yield (
            f"postgresql+asyncpg://{roles[0]}@{server}/{roles[0]}",
            f"postgresql://{roles[1]}@{server}/{roles[1]}",
        )
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            for role in roles:
                admin.execute(f'DROP DATABASE IF EXISTS "{role}" WITH (FORCE)')
                admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def api_post(url: str, body: dict[str, Any]) -> Any:
    """POST to the Prefect API; a server busy with the runs may answer 503 for a moment."""
    for _ in range(10):
        response = httpx.post(url, json=body, auth=(API_USER, API_PASSWORD), timeout=30)
        if response.status_code < 500:
            break
        time.sleep(2)
    assert response.is_success, f"{url}: {response.status_code} {response.text}"
    return response.json()


FACTS = {
    # What each task, notice and queued message is, by what makes it itself (not by row ids).
    "tasks": "SELECT obligation_id, occurrence_key, step_id, unit_code, status, opens_on, "
    "due_on, escalation_level FROM tasks",
    "notices": "SELECT t.obligation_id, t.occurrence_key, t.step_id, t.unit_code, n.stage, "
    "n.outcome FROM task_notices n JOIN tasks t ON t.id = n.task_id",
    "queued": "SELECT t.obligation_id, t.occurrence_key, t.step_id, t.unit_code, o.stage, "
    "o.channel, lower(o.recipient) FROM outbox o JOIN tasks t ON t.id = o.task_id "
    "WHERE o.kind = 'notice'",
}


def facts(url: str) -> dict[str, Counter[tuple[str, ...]]]:
    """The ledger at `url` as FACTS reads it, each row as text (SQLite gives dates as text)."""
    from ledger.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                name: Counter(tuple(map(str, row)) for row in connection.execute(text(sql)))
                for name, sql in FACTS.items()
            }
    finally:
        engine.dispose()


def one_process(path: Path) -> dict[str, Counter[tuple[str, ...]]]:
    """The same days done by one process, each step once, on a ledger of its own (SQLite)."""
    from tasks import steps

    _, engine, sessions = migrated_sqlite(path)
    now = datetime.now(UTC)
    for day in map(date.fromisoformat, DAYS):
        horizon = date(day.year + 1, 12, 31)  # the flows' default horizon (1 year ahead)
        steps.open_tasks(sessions, day, now, horizon)
        steps.chase(sessions, day, now)
        steps.escalate(sessions, day, now)
    engine.dispose()
    return facts(f"sqlite:///{path}")


@dataclass
class Cluster:
    api: str
    ledger_url: str
    smtp: AuthenticatingHandler
    zalo: FakeZalo
    runs: dict[str, list[dict[str, Any]]]  # "families" / "sweeps" → the flow runs, as ended
    deployments: dict[str, dict[str, Any]]
    worker_env: dict[str, str]
    seconds: dict[str, float]
    reference: dict[str, Counter[tuple[str, ...]]]

    def query(self, sql: str) -> list[Any]:
        from ledger.db import make_engine

        engine = make_engine(self.ledger_url)
        try:
            with engine.connect() as connection:
                return list(connection.execute(text(sql)))
        finally:
            engine.dispose()


def base_env(home: Path, mark: str) -> dict[str, str]:
    """A process's environment with nothing of the caller's dondoc or Prefect settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DONDOC_", "PREFECT_")) and k not in ("PGPASSWORD", "PGDATABASE")
    }
    return env | {
        "HOME": str(home),
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "WORKERS_TEST_MARK": mark,
    }


def die_with_parent() -> None:
    """In a child: SIGTERM when pytest dies, however it dies (Linux's PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)


def start(args: list[str], env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "prefect", *args],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )


def prefect(args: list[str], env: dict[str, str], cwd: Path, clock: Clock) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "prefect", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=clock.left(f"before `prefect {' '.join(args)}`"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def wait_healthy(api: str, server: subprocess.Popen[bytes], clock: Clock, log: Path) -> None:
    while True:
        try:
            answer = httpx.get(f"{api}/health", auth=(API_USER, API_PASSWORD), timeout=2)
            if answer.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            raise AssertionError("the Prefect server stopped:\n" + log.read_text()[-3000:])
        clock.left("waiting for the Prefect server")
        time.sleep(0.5)


def save_blocks(api: str) -> None:
    from prefect.blocks.system import Secret
    from prefect.settings import PREFECT_API_AUTH_STRING, PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api, PREFECT_API_AUTH_STRING: API_AUTH}):
        for name, value in BLOCKS.items():
            Secret(value=value).save(name, overwrite=True)


def run_all(
    api: str, deployments: dict[str, dict[str, Any]], names: tuple[str, ...], clock: Clock
) -> list[dict[str, Any]]:
    """Each deployment of `names` for each day, twice, all created at once; their ends."""
    created = [
        api_post(
            f"{api}/deployments/{deployments[name]['id']}/create_flow_run",
            {"parameters": {"as_of": day}},
        )["id"]
        for name in names
        for day in DAYS
        for _ in range(2)  # side by side: the two copies race each other
    ]
    while True:
        found = api_post(
            f"{api}/flow_runs/filter", {"flow_runs": {"id": {"any_": created}}, "limit": 200}
        )
        ended = [r for r in found if r["state"]["type"] in ("COMPLETED", "FAILED", "CRASHED")]
        if len(ended) == len(created):
            return ended
        clock.left(f"with {len(created) - len(ended)} of {len(created)} flow runs not ended")
        time.sleep(2)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    clock = Clock(DEADLINE)
    began = time.monotonic()
    seconds: dict[str, float] = {}
    mark = uuid.uuid4().hex
    root = tmp_path_factory.mktemp("workers")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    with ExitStack() as stack:
        prefect_db, ledger_url = stack.enter_context(province_databases())
        smtp, smtp_port = stack.enter_context(smtp_requiring_login())
        catalogue = load_catalogue(demo_catalogue_files())
        zalo = FakeZalo(app_secret=ZALO_APP_SECRET, oa_secret=ZALO_OA_SECRET)
        for plan in catalogue.plans:
            if plan.notifications is not None:
                for spec in plan.notifications.zalo_templates.values():
                    zalo.register_template(spec.id, dict(spec.params))
        stack.enter_context(zalo)
        # Unwound first: no process of ours may hold the ledger or the servers as they go.
        ours: list[subprocess.Popen[bytes]] = []
        stack.callback(stop_marked, mark, ours)

        (root / "server").mkdir()
        server_env = base_env(root / "server", mark) | {
            "PREFECT_SERVER_DATABASE_CONNECTION_URL": prefect_db,
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(port),
            "PREFECT_SERVER_API_AUTH_STRING": API_AUTH,
            # The runs here are the test's own: no cron run may start in the middle of it.
            "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
        }
        server_log = root / "server.log"
        server = start(["server", "start", "--host", "127.0.0.1"], server_env, root, server_log)
        ours.append(server)

        # Meanwhile: the ledger, migrated, with the demo catalogue tracked from 1/1/2024, and
        # the OA's first token pair, already expired: the first delivery must refresh it, and
        # Zalo's OAuth takes the app's secret only from its Secret block.
        _, engine, sessions = migrated(ledger_url)
        access, refresh = zalo.issue_tokens()
        now = datetime.now(UTC)
        with transaction(sessions) as session:
            reauthorise(session, access, refresh, now, now, actor="test")
        engine.dispose()
        reference = one_process(root / "reference.db")

        wait_healthy(api, server, clock, server_log)
        seconds["server"] = time.monotonic() - began
        client_env = base_env(root / "client", mark) | {
            "PREFECT_API_URL": api,
            "PREFECT_API_AUTH_STRING": API_AUTH,
        }
        prefect(["work-pool", "create", "dondoc", "--type", "process"], client_env, root, clock)
        save_blocks(api)

        # What a province keeps in /etc/dondoc/dondoc.env — no credential in it.
        settings = {
            "DONDOC_PROJECT_DIR": str(ROOT),
            "DONDOC_DATABASE_URL": ledger_url,
            "DONDOC_HOME": str(root / "dondoc-home"),
            "DONDOC_SMTP__HOST": "127.0.0.1",
            "DONDOC_SMTP__PORT": str(smtp_port),
            "DONDOC_SMTP__USERNAME": SMTP_USER,
            "DONDOC_SMTP__SENDER_ADDRESS": "bdv@tinhuy.tayninh.example",
            "DONDOC_ZALO__APP_ID": zalo.app_id,
            "DONDOC_ZALO__BUSINESS_URL": zalo.url,
            "DONDOC_ZALO__OPENAPI_URL": zalo.url,
            "DONDOC_ZALO__OAUTH_URL": zalo.url,
            "DONDOC_NOTIFY__OFFICE_HOURS_ONLY": "false",  # whatever the hour the test runs at
            "DONDOC_LINKS__BASE_URL": "http://127.0.0.1:8790",
            "DONDOC_SECRET_BLOCKS__SMTP_PASSWORD": "dondoc-smtp",
            "DONDOC_SECRET_BLOCKS__ZALO_APP_SECRET": "dondoc-zalo-app",
            "DONDOC_SECRET_BLOCKS__ZALO_OA_SECRET": "dondoc-zalo-oa",
            "DONDOC_SECRET_BLOCKS__LINK_SECRET": "dondoc-links",
        }
        deployed_at = time.monotonic()
        prefect(["deploy", "--all", "--no-prompt"], client_env | settings, ROOT, clock)
        seconds["deploy"] = time.monotonic() - deployed_at
        deployments = {d["name"]: d for d in api_post(f"{api}/deployments/filter", {})}

        worker_env = base_env(root / "workers", mark) | {
            "PREFECT_API_URL": api,
            "PREFECT_API_AUTH_STRING": API_AUTH,
            "PREFECT_WORKER_QUERY_SECONDS": "2",
        }
        for n in range(1, WORKERS + 1):
            home = root / f"worker-{n}"
            home.mkdir()
            args = ["worker", "start", "--pool", "dondoc", "--name", f"worker-{n}"]
            args += ["--limit", str(RUNS_PER_WORKER)]
            env = worker_env | {"PREFECT_HOME": str(home / "prefect")}
            ours.append(start(args, env, home, root / f"{n}.log"))

        ran_at = time.monotonic()
        families = run_all(api, deployments, FAMILIES, clock)
        seconds["families"] = time.monotonic() - ran_at
        swept_at = time.monotonic()
        sweeps = run_all(api, deployments, SWEEPS, clock)
        seconds["sweeps"] = time.monotonic() - swept_at
        seconds["total"] = time.monotonic() - began
        cluster = Cluster(
            api,
            ledger_url,
            smtp,
            zalo,
            {"families": families, "sweeps": sweeps},
            deployments,
            worker_env,
            seconds,
            reference,
        )
        counts = {
            "seconds": {k: round(v, 1) for k, v in seconds.items()},
            "load average": os.getloadavg()[0],
            "tasks": cluster.query("SELECT count(*) FROM tasks")[0][0],
            "notices": cluster.query("SELECT count(*) FROM task_notices")[0][0],
            "outbox": dict(cluster.query("SELECT status, count(*) FROM outbox GROUP BY status")),
            "e-mails received": len(smtp.received),
            "zalo received": len(zalo.sent),
        }
        print(f"worker test: {json.dumps(counts)}")
        yield cluster


def test_every_run_completed_on_the_workers_and_all_four_took_part(cluster: Cluster) -> None:
    runs = cluster.runs["families"] + cluster.runs["sweeps"]
    assert len(cluster.runs["families"]) == len(FAMILIES) * len(DAYS) * 2
    assert len(cluster.runs["sweeps"]) == len(SWEEPS) * len(DAYS) * 2
    failed = [(r["name"], r["state"]["type"], r["state"].get("message")) for r in runs]
    assert [f for f in failed if f[1] != "COMPLETED"] == []
    by_deployment = Counter(r["deployment_id"] for r in runs)
    names = {d["id"]: name for name, d in cluster.deployments.items()}
    assert {names[i]: n for i, n in by_deployment.items()} == dict.fromkeys(
        FAMILIES + SWEEPS, len(DAYS) * 2
    )
    workers = Counter(r["labels"].get("prefect.worker.name") for r in runs)
    assert sorted(workers) == [f"worker-{n}" for n in range(1, WORKERS + 1)]
    # The two runs of each family were submitted at once; whether the machine ran them side by
    # side is its load's doing (loaded 13×, one of them started 19 s after the other ended). What
    # must hold is that the test did race them: some family's two runs overlapped, and runs of
    # the families ran together.
    spans = {
        name: sorted(
            (datetime.fromisoformat(r["start_time"]), datetime.fromisoformat(r["end_time"]))
            for r in cluster.runs["families"]
            if names[r["deployment_id"]] == name
        )
        for name in FAMILIES
    }
    overlapped = [name for name, (first, second) in spans.items() if second[0] < first[1]]
    print(f"families whose two runs overlapped: {len(overlapped)} of {len(FAMILIES)}")
    assert overlapped != []
    moments = sorted(
        (moment, step)
        for pairs in spans.values()
        for start, end in pairs
        for moment, step in ((start, 1), (end, -1))
    )
    running = peak = 0
    for _, step in moments:  # at one instant an end sorts before a start: no false overlap
        running += step
        peak = max(peak, running)
    assert peak >= 3, peak  # more than one pair: runs of different families at once too


def test_the_job_variables_carry_the_settings_and_no_credential(cluster: Cluster) -> None:
    assert not [k for k in cluster.worker_env if k.startswith("DONDOC_")]
    for name in FAMILIES + SWEEPS:
        env = cluster.deployments[name]["job_variables"]["env"]
        assert env["DONDOC_DATABASE_URL"] == cluster.ledger_url
        assert env["DONDOC_SECRET_BLOCKS__SMTP_PASSWORD"] == "dondoc-smtp"
        assert env["DONDOC_SMTP__SENDER_ADDRESS"] == "bdv@tinhuy.tayninh.example"
        assert env["DONDOC_SMTP__CA_FILE"] == ""  # not set where prefect deploy ran
    stored = json.dumps(list(cluster.deployments.values()))
    assert [secret for secret in [*BLOCKS.values(), API_PASSWORD] if secret in stored] == []
    # Whoever reaches the server without the password reads nothing (the blocks least of all).
    refused = httpx.post(f"{cluster.api}/block_documents/filter", json={}, timeout=30)
    assert refused.status_code == 401


def duplicates(cluster: Cluster, table: str, key: str) -> list[Any]:
    return cluster.query(f"SELECT {key}, count(*) FROM {table} GROUP BY {key} HAVING count(*) > 1")


def test_the_ledger_holds_no_task_notice_or_message_twice(cluster: Cluster) -> None:
    # By what makes each one itself, not by the rows' ids.
    assert duplicates(cluster, "tasks", "obligation_id, occurrence_key, step_id, unit_code") == []
    assert duplicates(cluster, "task_notices", "task_id, stage") == []
    assert duplicates(cluster, "outbox", "dedupe_key") == []
    assert duplicates(cluster, "outbox", "channel, task_id, stage, recipient") == []
    assert duplicates(cluster, "outbox WHERE message_id IS NOT NULL", "message_id") == []
    ((tasks,),) = cluster.query("SELECT count(*) FROM tasks WHERE status = 'open'")
    ((notices,),) = cluster.query("SELECT count(*) FROM task_notices")
    assert notices >= tasks
    states = dict(cluster.query("SELECT status, count(*) FROM outbox GROUP BY status"))
    # Nothing was left half-sent or given up: what did not go yet waits for its next turn.
    assert set(states) <= {"sent", "held", "pending", "cancelled"}, states
    assert states["sent"] > 0


def test_the_workers_ledger_is_what_one_process_makes_of_the_same_day(cluster: Cluster) -> None:
    found = facts(cluster.ledger_url)
    for name in FACTS:
        assert found[name] == cluster.reference[name], name
    assert sum(found["notices"].values()) > 100  # a quarter caught up, not a quiet day


def sent(cluster: Cluster, channels: str) -> list[str]:
    """The provider's ids of the messages the ledger says went out (a digest's items went
    inside it: they carry no id of their own)."""
    ids = [
        row[0]
        for row in cluster.query(
            "SELECT message_id FROM outbox WHERE status = 'sent' AND digest_id IS NULL "
            f"AND channel IN ({channels})"
        )
    ]
    assert None not in ids, "a message marked sent without the provider's id"
    return ids


def test_every_email_the_ledger_sent_reached_the_server_once(cluster: Cluster) -> None:
    received = Counter(str(m.parsed()["Message-ID"]) for m in cluster.smtp.received)
    assert [mid for mid, n in received.items() if n > 1] == []
    assert sorted(received) == sorted(sent(cluster, "'email'"))
    assert len(received) >= 20
    # The server takes mail only after a login with the password that is in the block.
    assert cluster.smtp.logins
    assert all(cluster.smtp.logins)


def test_every_zalo_message_the_ledger_sent_reached_zalo_once(cluster: Cluster) -> None:
    zalo = cluster.zalo
    assert Counter(s.tracking_id for s in zalo.sent if s.tracking_id).most_common(1)[0][1] == 1
    assert sorted(s.msg_id for s in zalo.sent) == sorted(sent(cluster, "'zalo-zns', 'zalo-oa'"))
    assert {s.to for s in zalo.sent} == {"84900000201", "84900000202"}
    # The expired pair was refreshed once, with the app's secret that only its block holds.
    assert len(zalo.refreshes) == 1
    assert zalo.refreshes[0].headers.get("secret_key") == ZALO_APP_SECRET
