"""A whole national year through the real flows: every day, every deployment, on Prefect.

    .venv/bin/python benchmarks/bench_national_year.py [--units 4200] [--days N] [--year 2024]
        [--database-url postgresql://postgres@127.0.0.1:5432/test] [--baseline-days 31]
        [--prefect-database postgres|sqlite] [--catalogue all-families|national] [--json OUT]

The synthetic national catalogue of `bench_national.py` (34 provinces, `--units` reporting units;
its generator, unchanged), to which each province adds, by default, one obligation of each family
that catalogue lacks — a supervision, a campaign (two rounds), an event, a term milestone, a
programme task owed by every reporting unit and two specialists' monthly field days — so that
every family's deployment has work (`--catalogue national`: bench_national's catalogue alone).

Set up, all on loopback and cleaned up afterwards: the ledger in a fresh schema of the PostgreSQL
database at `--database-url`, migrated and planned for the year (in a process of its own, as
`dondoc up` plans before it serves); a Prefect server (`prefect server start`, on a free port,
its own database: a fresh PostgreSQL database beside the ledger's, or SQLite under the temporary
directory); the deployments of prefect.yaml served in one process exactly as `dondoc up` serves
them (`python -m dondoc.deployments`); an SMTP server (aiosmtpd) counting what it receives.

Then, for each day of the year (or its first `--days`), every deployment prefect.yaml schedules
on that day, in the order of its schedules (Asia/Ho_Chi_Minh), is run through `run_deployment`
with `as_of` the day, and waited for: each family's daily run, chase, escalate, the 07:30
delivery, the monthly statistics on the 1st. Not run: the half-hourly deliveries after 07:30
(`--all-deliveries` runs them; each run already delivers what it queued), and the compliance
bulletin, which pauses for a person's approval.

The baseline, measured in the same run (the machine is noisy): the same steps called directly —
the Prefect tasks' own functions (`task.fn`), without the engine, the server or a process per
run — in one long-lived process on a second ledger, set up the same way, with a second SMTP
server, for the first `--baseline-days` days, interleaved day by day with the Prefect runs. On
those days both ledgers must hold the same rows and both servers have received the same
number of messages; the benchmark says whether they did.

Measured: wall time (total, per deployment and per day: p50, p95, max), each run's pick-up
(created → started) and run time (started → ended) as the server recorded them, the flow runs
and task runs the server holds at the end, peak memory (the server's processes, the serving
process, the largest flow-run process, the baseline's process: VmHWM from /proc, sampled every
0.25 s, and the ru_maxrss of each when it ends), the messages the SMTP server received (and
how many Message-IDs came twice) against the ledger's outbox rows, the tasks, notices and audit
rows the year created. Nothing is extrapolated: the tables say what was run.

Why the settings differ from `dondoc up`'s defaults, each for the simulation only:
DONDOC_NOTIFY__DIGEST=false and DONDOC_NOTIFY__OFFICE_HOURS_ONLY=false — the flows read the
real clock for delivery (they take `as_of`, not `now`), so a year simulated in an afternoon
would hold every message after the first for "the next working day" of the real calendar: each
notice goes on its own instead; DONDOC_HORIZON_YEARS=0, as in bench_national.py (the year is
planned to its end, not the next); PREFECT_RUNNER_POLL_FREQUENCY=1 (`--runner-poll`: Prefect's
default, 10 s, would add ≈ 5 s of waiting to every run); the server's scheduler service off
(PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED=false), so that only the simulated days' runs exist.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_national  # noqa: E402  (the national catalogue's generator)

DEFAULT_URL = os.environ.get(
    "DONDOC_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
HEALTH_TIMEOUT = 240.0
RUN_TIMEOUT = 3600.0  # seconds one run may take before the benchmark gives up on it
SAMPLE_EVERY = 0.25  # seconds between two memory samples
MANUAL = frozenset({"compliance-bulletin"})  # pauses for a person's approval: never run here
MESSAGE_ID = re.compile(rb"(?im)^message-id:[ \t]*(\S+)")


# --- The catalogue --------------------------------------------------------------------------


def other_families(p: int, units: int, year: int) -> str:
    """One obligation of each family bench_national's catalogue lacks, for province `p`: YAML
    lines that continue its plan's `obligations:` list, then its `field_coverage:`."""
    code = f"p{p:02d}"
    supervised = ", ".join(f"{code}-u{n:03d}" for n in range(min(units, 2)))
    lines = [
        f"  - id: {code}-giam-sat",
        "    name: Giám sát việc thực hiện Quy chế dân chủ ở cơ sở",
        "    family: supervision",
        f"    rule: once in {year}-05",
        '    label: "Năm {year}"',
        f"    lead: {code}-bdv",
        f"    units: [{supervised}]",
        f"  - id: {code}-ra-quan",
        "    name: Ra quân làm công tác dân vận",
        "    family: campaign",
        "    rule: twice-yearly on 10/7 and 10/12",
        '    label: "{round}/{year}"',
        f"    lead: {code}-bdv",
        f"  - id: {code}-doi-thoai",
        "    name: Hội nghị đối thoại giữa người đứng đầu cấp ủy với Nhân dân",
        "    family: event",
        "    rule: yearly on workday -1 of month 10",
        f"    lead: {code}-bdv",
        f"  - id: {code}-so-ket-dvk",
        "    name: Sơ kết phong trào thi đua Dân vận khéo",
        "    family: term-milestone",
        f"    rule: once in {year}-Q4",
        '    label: "Giai đoạn 2021-2025"',
        f"    lead: {code}-bdv",
        f"    unit_tags: [{code}-reporter]",
        f"  - id: {code}-tap-huan",
        "    name: Tổ chức tập huấn công tác dân vận cho cán bộ của cấp mình",
        "    family: task",
        f"    rule: once in {year}-Q3",
        f"    unit_tags: [{code}-reporter]",
        "    steps:",
        "      - {id: task, kind: event, owner: owing}",
        "field_coverage:",
        f"  obligation: {code}-di-co-so",
        "  rule: monthly on workday -1",
        "  areas:",
    ]
    for a in range(2):
        lines += [
            f"    - code: {code}-h{a}",
            f"      name: Huyện thử nghiệm số {a} tỉnh thử nghiệm số {p}",
            "      communes:",
        ]
        lines += [
            f"        - {{code: {code}-h{a}-x{c}, name: Xã số {c} huyện {a}}}" for c in range(3)
        ]
    lines.append("  specialists:")
    for a in range(2):
        lines += [
            f"    - code: {code}-cv{a}",
            f"      name: Chuyên viên số {a} tỉnh thử nghiệm số {p}",
            f"      email: cv{a}@{code}.example",
            f"      areas: [{code}-h{a}]",
        ]
    return "\n".join(lines) + "\n"


def write_catalogue(directory: Path, units: int, year: int, all_families: bool) -> Path:
    plans = bench_national.write_catalogue(directory, units, year)
    if all_families:
        per_province = [
            units // bench_national.PROVINCES + (1 if p < units % bench_national.PROVINCES else 0)
            for p in range(bench_national.PROVINCES)
        ]
        for p, count in enumerate(per_province, start=1):
            path = plans / f"province-{p:02d}.yaml"
            with path.open("a", encoding="utf-8") as out:
                out.write(other_families(p, count, year))
    return plans


# --- The schedule ---------------------------------------------------------------------------


@cache
def scheduled_deployments() -> list[tuple[Any, str]]:
    """(spec, its flow's name) of each deployment prefect.yaml schedules, but the manual ones."""
    from dondoc.deployments import read_deployments

    return [
        (spec, spec.load_flow().name)
        for spec in read_deployments()
        if spec.schedules and spec.name not in MANUAL
    ]


def day_schedule(day: date, all_deliveries: bool) -> list[tuple[str, str, str]]:
    """(local time, deployment, flow) of every run prefect.yaml schedules on `day`, in order."""
    from cronsim import CronSim

    runs: list[tuple[datetime, str, str]] = []
    for spec, flow_name in scheduled_deployments():
        for schedule in spec.schedules:
            zone = ZoneInfo(schedule.timezone)
            start = datetime.combine(day, datetime.min.time(), tzinfo=zone) - timedelta(seconds=1)
            end = start + timedelta(days=1, seconds=1)
            for moment in CronSim(schedule.cron, start):
                if moment >= end:
                    break
                runs.append((moment.astimezone(TZ), spec.name, flow_name))
    runs.sort()
    if not all_deliveries:
        first: set[str] = set()
        kept = []
        for moment, name, flow_name in runs:
            if name == "deliver" and name in first:
                continue
            first.add(name)
            kept.append((moment, name, flow_name))
        runs = kept
    return [(moment.strftime("%H:%M"), name, flow_name) for moment, name, flow_name in runs]


# --- PostgreSQL -----------------------------------------------------------------------------


@contextmanager
def fresh_database(base: str) -> Iterator[str]:
    """A fresh PostgreSQL database on the server of `base` (for Prefect), dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"natyear_prefect_{uuid.uuid4().hex[:10]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(plain).set(drivername="postgresql+asyncpg", database=name, query={})
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(plain, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ledger_counts(url: str) -> dict[str, Any]:
    """What a ledger holds: tasks by status, notices, outbox rows by status, audit rows."""
    from sqlalchemy import text

    from ledger.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:

            def by(table: str, column: str) -> dict[str, int]:
                rows = connection.execute(
                    text(f"SELECT {column}, count(*) FROM {table} GROUP BY 1 ORDER BY 1")
                )
                return {str(key): int(n) for key, n in rows}

            def count(table: str) -> int:
                return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())

            return {
                "tasks": by("tasks", "status"),
                "notices": count("task_notices"),
                "outbox": by("outbox", "status"),
                "audit": count("audit_log"),
            }
    finally:
        engine.dispose()


# --- Processes and their memory -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _die_with_parent() -> None:
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start(args: list[str], env: dict[str, str], log: Path, **kwargs: Any) -> subprocess.Popen[Any]:
    return subprocess.Popen(
        args,
        env=env,
        cwd=ROOT,
        stdout=kwargs.pop("stdout", None) or log.open("ab"),
        stderr=log.open("ab"),
        start_new_session=True,
        preexec_fn=_die_with_parent,
        **kwargs,
    )


def stop(process: subprocess.Popen[Any], timeout: float = 30.0) -> float | None:
    """SIGTERM its process group, reap it: its ru_maxrss in MB (its waited children included).

    None when it had already been reaped (it ended early)."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while True:
        try:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        except ChildProcessError:
            return None
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return float(usage.ru_maxrss) / 1024
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            deadline = time.monotonic() + timeout
        time.sleep(0.1)


def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _parents() -> dict[int, int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    return parents


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    """CPU time of `pid` and of its children it has waited for (utime, stime, cutime, cstime)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return sum(int(f) for f in fields[11:15]) / TICK


@dataclass
class Peaks:
    """Peak memory per role, sampled from /proc (MB)."""

    own: dict[str, float] = field(default_factory=dict)  # the role's root process (VmHWM)
    child: dict[str, float] = field(default_factory=dict)  # its largest descendant (VmHWM)
    tree: dict[str, float] = field(default_factory=dict)  # its whole tree at one moment (VmRSS)
    processes: dict[str, int] = field(default_factory=dict)  # descendants seen


class MemorySampler(threading.Thread):
    def __init__(self, roots: dict[str, int]) -> None:
        super().__init__(daemon=True)
        self.roots = roots
        self.peaks = Peaks()
        self.seen: dict[str, set[int]] = defaultdict(set)
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.wait(SAMPLE_EVERY):
            self.sample()

    def sample(self) -> None:
        parents = _parents()
        children: dict[int, list[int]] = defaultdict(list)
        for pid, parent in parents.items():
            children[parent].append(pid)
        for role, root in list(self.roots.items()):
            if root not in parents:
                continue
            stack, tree = list(children[root]), 0.0
            p = self.peaks
            p.own[role] = max(p.own.get(role, 0.0), _status_kb(root, "VmHWM") / 1024)
            tree = _status_kb(root, "VmRSS") / 1024
            while stack:
                pid = stack.pop()
                stack.extend(children[pid])
                self.seen[role].add(pid)
                p.child[role] = max(p.child.get(role, 0.0), _status_kb(pid, "VmHWM") / 1024)
                tree += _status_kb(pid, "VmRSS") / 1024
            p.tree[role] = max(p.tree.get(role, 0.0), tree)
            p.processes[role] = len(self.seen[role])


# --- The SMTP servers -----------------------------------------------------------------------


class CountingHandler:
    """Counts what an SMTP server accepts, and the Message-IDs it saw more than once."""

    def __init__(self) -> None:
        self.messages = 0
        self.recipients = 0
        self.ids: set[bytes] = set()
        self.repeated = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or envelope.content or b""
        head = content.split(b"\r\n\r\n", 1)[0]
        found = MESSAGE_ID.search(head)
        with self.lock:
            self.messages += 1
            self.recipients += len(envelope.rcpt_tos)
            if found:
                if found.group(1) in self.ids:
                    self.repeated += 1
                self.ids.add(found.group(1))
        return "250 Message accepted"

    def snapshot(self) -> dict[str, int]:
        with self.lock:
            return {
                "messages": self.messages,
                "recipients": self.recipients,
                "message_ids": len(self.ids),
                "repeated_ids": self.repeated,
            }


@contextmanager
def smtp_server() -> Iterator[tuple[CountingHandler, int]]:
    from aiosmtpd.controller import Controller

    handler = CountingHandler()
    port = free_port()  # aiosmtpd's Controller cannot start on port 0
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


# --- The children ---------------------------------------------------------------------------


def setup_child(url: str, year: int, plans: str) -> int:
    """Migrate the ledger, load the catalogue and plan the year (as `dondoc up` does first)."""
    from calendars.business_time import now_utc
    from ledger.audit import Actor
    from ledger.db import ensure_schema, make_engine, session_factory
    from obligations.loader import catalogue_files, load_catalogue
    from tasks.steps import store_and_plan

    begun = time.perf_counter()
    engine = make_engine(url)
    ensure_schema(engine)
    catalogue = load_catalogue(catalogue_files(Path(plans)))
    first = date(year, 1, 1)
    report = store_and_plan(
        session_factory(engine),
        catalogue,
        Actor("bench:plan", now_utc(), first),
        first,
        date(year, 12, 31),
    )
    print(json.dumps({"seconds": time.perf_counter() - begun, "planned": report["planned"]}))
    return 0


def baseline_child() -> int:
    """The same steps as each deployment's flow, called directly (`task.fn`): one per line of
    stdin (`{"deployment": …, "day": …}`), its time and counts one per line of stdout."""
    answers = sys.stdout
    sys.stdout = sys.stderr  # whatever the steps print must not mix with the answers
    from calendars.business_time import now_utc
    from dondoc.settings import read_settings
    from dondoc.wiring import ledger_sessions
    from ledger.db import transaction
    from ledger.store import read_catalogue
    from tasks import prefect_tasks as t
    from tasks.runlog import StepLog
    from tasks.statistics import month_reported

    sessions = ledger_sessions()
    with transaction(sessions) as session:
        families = {f.flow: f.id for f in read_catalogue(session).catalogue.families.values()}

    async def step(deployment: str, day: date) -> dict[str, Any]:
        now = now_utc()
        if deployment == "monthly-statistics":
            t.statistics.fn(month_reported(day), None)
            return {}
        log: StepLog
        if deployment == "chase":
            log = t.chase.fn(day, now)
        elif deployment == "escalate":
            log = t.escalate.fn(day, now)
        elif deployment == "deliver":
            log = StepLog()
        else:
            horizon = read_settings().horizon_end(day)
            log = t.open_tasks.fn(day, now, horizon, families[deployment])
        log.extend(await t.deliver.fn(now))
        return dict(log.counts)

    for line in sys.stdin:
        asked = json.loads(line)
        begun, cpu = time.perf_counter(), time.process_time()
        counts = asyncio.run(step(asked["deployment"], date.fromisoformat(asked["day"])))
        elapsed, cpu = time.perf_counter() - begun, time.process_time() - cpu
        answers.write(json.dumps({"seconds": elapsed, "cpu": cpu, "counts": counts}))
        answers.write("\n")
        answers.flush()
    return 0


def run_setup(env: dict[str, str], url: str, year: int, plans: Path) -> tuple[float, float, int]:
    """(seconds, peak MB, tasks planned) of the year's planning, in a process of its own."""
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(
            [sys.executable, __file__, "--setup-child", url, str(year), str(plans)],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=errors,
        )
        _, status, usage = os.wait4(child.pid, 0)
        output.seek(0)
        errors.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError("planning the year failed:\n" + errors.read().decode())
        answer = json.loads(output.read().decode())
    return float(answer["seconds"]), usage.ru_maxrss / 1024, int(answer["planned"])


# --- Measuring ------------------------------------------------------------------------------


@dataclass
class Run:
    day: str
    at: str  # its scheduled local time
    deployment: str
    wall: float  # run_deployment called → returned, in this process
    pickup: float | None  # created → started, as the server recorded them
    runtime: float | None  # started → ended
    state: str
    baseline: float | None = None  # the same steps called directly, that day
    baseline_cpu: float | None = None  # their CPU time


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def fmt_s(seconds: float) -> str:
    return f"{seconds:,.2f} s" if seconds < 100 else f"{seconds:,.0f} s"


def prefect_counts(api: str) -> dict[str, Any]:
    import httpx

    def count(path: str, body: dict[str, Any]) -> int:
        response = httpx.post(f"{api}/{path}/count", json=body, timeout=60)
        response.raise_for_status()
        return int(response.json())

    states = ("COMPLETED", "FAILED", "CRASHED", "CANCELLED", "PENDING", "RUNNING", "SCHEDULED")
    return {
        "flow_runs": count("flow_runs", {}),
        "flow_runs_by_state": {
            s: n
            for s in states
            if (n := count("flow_runs", {"flow_runs": {"state": {"type": {"any_": [s]}}}}))
        },
        "task_runs": count("task_runs", {}),
        "task_runs_by_state": {
            s: n
            for s in states
            if (n := count("task_runs", {"task_runs": {"state": {"type": {"any_": [s]}}}}))
        },
    }


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    year: int = args.year
    first = date(year, 1, 1)
    days = [first + timedelta(days=i) for i in range((date(year, 12, 31) - first).days + 1)]
    days = days[: args.days] if args.days else days
    baseline_days = min(args.baseline_days, len(days))
    plans = write_catalogue(work, args.units, year, args.catalogue == "all-families")
    result: dict[str, Any] = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "units": args.units,
        "catalogue": args.catalogue,
        "year": year,
        "days": len(days),
        "first_day": days[0].isoformat(),
        "last_day": days[-1].isoformat(),
        "baseline_days": baseline_days,
        "prefect_database": args.prefect_database,
    }
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "PREFECT_"))}
    base_env.update(
        {
            "DONDOC_PLANS_DIR": str(plans),
            "DONDOC_HORIZON_YEARS": "0",
            "DONDOC_NOTIFY__DIGEST": "false",
            "DONDOC_NOTIFY__OFFICE_HOURS_ONLY": "false",
            "DONDOC_SMTP__SENDER_ADDRESS": "dondoc@dondoc.example",
            "DONDOC_PROJECT_DIR": str(ROOT),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "NO_COLOR": "1",
        }
    )
    with ExitStack() as stack:
        url = stack.enter_context(bench_national.postgres_schema(args.database_url))
        base_url = stack.enter_context(bench_national.postgres_schema(args.database_url))
        (handler, smtp_port) = stack.enter_context(smtp_server())
        (base_handler, base_smtp_port) = stack.enter_context(smtp_server())

        env = {
            **base_env,
            "DONDOC_HOME": str(work / "home"),
            "DONDOC_DATABASE_URL": url,
            "DONDOC_SMTP__HOST": "127.0.0.1",
            "DONDOC_SMTP__PORT": str(smtp_port),
        }
        benv = {
            **base_env,
            "DONDOC_HOME": str(work / "baseline-home"),
            "DONDOC_DATABASE_URL": base_url,
            "DONDOC_SMTP__HOST": "127.0.0.1",
            "DONDOC_SMTP__PORT": str(base_smtp_port),
            "PREFECT_HOME": str(work / "baseline-prefect"),
        }
        say("planning the year on both ledgers …")
        seconds, peak, planned = run_setup(env, url, year, plans)
        result["setup"] = {"plan_seconds": seconds, "plan_peak_mb": peak, "planned": planned}
        b_seconds, _, b_planned = run_setup(benv, base_url, year, plans)
        result["setup"].update({"baseline_plan_seconds": b_seconds, "baseline_planned": b_planned})
        say(f"  {planned:,} tasks planned in {seconds:.1f} s ({peak:.0f} MB)")

        port = free_port()
        api = f"http://127.0.0.1:{port}/api"
        prefect_home = work / "prefect"
        prefect_home.mkdir()
        penv = {
            **env,
            "PREFECT_HOME": str(prefect_home),
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(port),
            "PREFECT_API_URL": api,
            "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
            "PREFECT_RUNNER_POLL_FREQUENCY": str(args.runner_poll),
        }
        if args.prefect_database == "postgres":
            penv["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = stack.enter_context(
                fresh_database(args.database_url)
            )
        else:
            penv["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = (
                f"sqlite+aiosqlite:///{prefect_home / 'prefect.db'}"
            )
        from dondoc.up import served_deployments, server_healthy

        say(f"starting the Prefect server on {api} ({args.prefect_database}) …")
        begun = time.perf_counter()
        server = start(
            [
                sys.executable,
                "-m",
                "prefect",
                "server",
                "start",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            penv,
            work / "server.log",
        )
        processes: dict[str, subprocess.Popen[Any]] = {"server": server}
        stack.callback(lambda: [stop(p) for p in processes.values() if p.returncode is None])
        deadline = time.monotonic() + HEALTH_TIMEOUT
        while not server_healthy(api):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Prefect server did not start; see {work / 'server.log'}")
            time.sleep(0.5)
        result["server_start_seconds"] = time.perf_counter() - begun

        from dondoc.deployments import read_deployments

        names = {spec.name for spec in read_deployments()}
        begun = time.perf_counter()
        serve = start([sys.executable, "-m", "dondoc.deployments"], penv, work / "serve.log")
        processes["serve"] = serve
        deadline = time.monotonic() + HEALTH_TIMEOUT
        while not names <= served_deployments(api):
            if serve.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the deployments were not served; see {work / 'serve.log'}")
            time.sleep(0.5)
        result["serve_start_seconds"] = time.perf_counter() - begun
        say(f"  serving {len(names)} deployments")

        baseline = start(
            [sys.executable, __file__, "--baseline-child"],
            benv,
            work / "baseline.log",
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        processes["baseline"] = baseline
        sampler = MemorySampler(
            {"server": server.pid, "serve": serve.pid, "baseline": baseline.pid}
        )
        sampler.start()

        os.environ.update({"PREFECT_API_URL": api, "PREFECT_HOME": str(work / "driver-prefect")})
        os.environ.update({"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"})
        from prefect.deployments import run_deployment

        def direct(deployment: str, day: date) -> tuple[float, float]:
            assert baseline.stdin is not None
            assert baseline.stdout is not None
            baseline.stdin.write(
                (json.dumps({"deployment": deployment, "day": day.isoformat()}) + "\n").encode()
            )
            baseline.stdin.flush()
            line = baseline.stdout.readline()
            if not line:
                raise RuntimeError(f"the baseline ended; see {work / 'baseline.log'}")
            answer = json.loads(line)
            return float(answer["seconds"]), float(answer["cpu"])

        runs: list[Run] = []
        failures: list[str] = []
        begun = time.perf_counter()
        loads: list[float] = [os.getloadavg()[0]]
        cpu_days: list[dict[str, Any]] = []

        def cpu_now() -> dict[str, float]:
            return {
                "server": cpu_seconds(server.pid) or 0.0,
                "serve": cpu_seconds(serve.pid) or 0.0,
                "driver": sum(os.times()[:2]),
            }

        cpu_before = cpu_now()
        simulated: list[date] = []
        for index, day in enumerate(days):
            if args.budget_minutes and time.perf_counter() - begun > 60 * args.budget_minutes:
                say(
                    f"the budget of {args.budget_minutes:g} minutes is spent: stopping before {day}"
                )
                break
            simulated.append(day)
            day_begun = time.perf_counter()
            for at, deployment, flow_name in day_schedule(day, args.all_deliveries):
                base, base_cpu = direct(deployment, day) if index < baseline_days else (None, None)
                t0 = time.perf_counter()
                flow_run: Any = run_deployment(
                    f"{flow_name}/{deployment}",
                    parameters={"as_of": day.isoformat()},
                    timeout=RUN_TIMEOUT,
                    poll_interval=args.poll,
                )
                wall = time.perf_counter() - t0
                state = flow_run.state.type.value if flow_run.state else "UNKNOWN"
                started, ended = flow_run.start_time, flow_run.end_time
                runs.append(
                    Run(
                        day.isoformat(),
                        at,
                        deployment,
                        wall,
                        (started - flow_run.created).total_seconds() if started else None,
                        (ended - started).total_seconds() if started and ended else None,
                        state,
                        base,
                        base_cpu,
                    )
                )
                if state != "COMPLETED":
                    failures.append(f"{day} {deployment}: {state} ({flow_run.name})")
                    say(f"  FAILED: {failures[-1]}")
                    if len(failures) > args.max_failures:
                        raise RuntimeError("too many failed runs:\n" + "\n".join(failures))
            loads.append(os.getloadavg()[0])
            cpu_after = cpu_now()
            cpu_days.append(
                {
                    "day": day.isoformat(),
                    **{k: cpu_after[k] - cpu_before[k] for k in cpu_after},
                    "baseline": sum(
                        r.baseline_cpu or 0.0 for r in runs if r.day == day.isoformat()
                    ),
                }
            )
            cpu_before = cpu_after
            today = [r for r in runs if r.day == day.isoformat()]
            extra = ""
            if index < baseline_days:
                extra = f", directly {sum(r.baseline or 0 for r in today):.1f} s"
            say(
                f"{day}: {len(today)} runs, {time.perf_counter() - day_begun:.1f} s{extra}; "
                f"{handler.snapshot()['messages']:,} messages so far"
            )
            if args.json:  # what was measured so far, should the run not reach its end
                partial = args.json.with_suffix(".partial.json")
                partial.write_text(json.dumps([asdict(r) for r in runs]), encoding="utf-8")
            # Compared on the last baseline day, or on the last day the budget allowed.
            if index == baseline_days - 1 or (
                index < baseline_days
                and args.budget_minutes
                and time.perf_counter() - begun > 60 * args.budget_minutes
            ):
                result["same_work"] = {
                    "through": day.isoformat(),
                    "prefect": {**ledger_counts(url), "smtp": handler.snapshot()},
                    "direct": {**ledger_counts(base_url), "smtp": base_handler.snapshot()},
                }
        result["wall_seconds"] = time.perf_counter() - begun
        result["days"] = len(simulated)
        result["last_day"] = simulated[-1].isoformat()
        result["stopped_by_budget"] = len(simulated) < len(days)
        result["load_average"] = loads
        result["cpu_days"] = cpu_days
        sampler.halt.set()
        sampler.join()
        sampler.sample()

        result["prefect"] = prefect_counts(api)
        result["ledger"] = ledger_counts(url)
        result["smtp"] = handler.snapshot()
        result["failures"] = failures
        assert baseline.stdin is not None
        baseline.stdin.close()
        rss = {role: stop(processes.pop(role)) for role in ("baseline", "serve", "server")}
        result["memory"] = {
            "sampled": asdict(sampler.peaks),
            "ru_maxrss_mb": rss,
        }
        result["runs"] = [asdict(r) for r in runs]
    return result


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- The report -----------------------------------------------------------------------------


def report(result: dict[str, Any]) -> str:
    runs = [Run(**r) for r in result["runs"]]
    lines = [
        f"Command: `{result['command']}`",
        "",
        f"Catalogue: {result['units']:,} reporting units in 34 provinces ({result['catalogue']});"
        f" days simulated: {result['days']} ({result['first_day']} to {result['last_day']}"
        + (", where the time budget ended" if result.get("stopped_by_budget") else "")
        + ");"
        f" Prefect's database: {result['prefect_database']}; the ledger: PostgreSQL.",
        f"The year planned before serving: {result['setup']['planned']:,} tasks in "
        f"{result['setup']['plan_seconds']:.1f} s, {result['setup']['plan_peak_mb']:.0f} MB "
        f"(not counted below). Server healthy in {result['server_start_seconds']:.1f} s, "
        f"deployments served in {result['serve_start_seconds']:.1f} s.",
        f"The machine's load average (1 min, 2 cores, shared) at the start and after each day: "
        f"min {min(result['load_average']):.1f}, median "
        f"{pct(result['load_average'], 0.5):.1f}, max {max(result['load_average']):.1f}.",
        "",
    ]
    by_day: dict[str, list[Run]] = defaultdict(list)
    for r in runs:
        by_day[r.day].append(r)
    day_walls = [sum(r.wall for r in rs) for rs in by_day.values()]
    lines += [
        f"Wall time, all {len(runs):,} runs: {fmt_s(result['wall_seconds'])}"
        f" ({result['wall_seconds'] / 3600:.2f} h); per day p50 {fmt_s(pct(day_walls, 0.5))},"
        f" p95 {fmt_s(pct(day_walls, 0.95))}, max {fmt_s(max(day_walls))}"
        f" ({max(by_day, key=lambda d: sum(r.wall for r in by_day[d]))}).",
        "",
        "| deployment | runs | wall p50 | p95 | max | total | created → running p50 | "
        "run time p50 | run time max | directly (baseline days) | Prefect (same days) | × |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    order: list[str] = []
    for r in runs:
        if r.deployment not in order:
            order.append(r.deployment)
    for name in [*order, "every run"]:
        rs = runs if name == "every run" else [r for r in runs if r.deployment == name]
        walls = [r.wall for r in rs]
        pickups = [r.pickup for r in rs if r.pickup is not None]
        times = [r.runtime for r in rs if r.runtime is not None]
        paired = [r for r in rs if r.baseline is not None]
        direct = sum(r.baseline or 0.0 for r in paired)
        prefect = sum(r.wall for r in paired)
        ratio = f"{prefect / direct:,.1f}" if direct else "—"
        label = f"**{name}**" if name == "every run" else name
        lines.append(
            f"| {label} | {len(rs):,} | {fmt_s(pct(walls, 0.5))} | {fmt_s(pct(walls, 0.95))} | "
            f"{fmt_s(max(walls))} | {fmt_s(sum(walls))} | {fmt_s(pct(pickups, 0.5))} | "
            f"{fmt_s(pct(times, 0.5))} | {fmt_s(max(times) if times else float('nan'))} | "
            f"{fmt_s(direct) if paired else '—'} | {fmt_s(prefect) if paired else '—'} | "
            f"{ratio} |"
        )
    cpu = result["cpu_days"]
    paired_cpu = [c for c, d in zip(cpu, by_day.values(), strict=True) if d[0].baseline is not None]

    def cpu_row(label: str, key: str) -> str:
        values = [c[key] for c in cpu]
        same = sum(c[key] for c in paired_cpu)
        return (
            f"| {label} | {sum(values):,.0f} s | {pct(values, 0.5):,.1f} s | "
            f"{pct(values, 0.95):,.1f} s | {max(values):,.1f} s | {same:,.0f} s |"
        )

    lines += [
        "",
        "CPU time (less noisy than wall time on a shared machine; the ledger's own PostgreSQL "
        "backends are counted on neither side):",
        "",
        f"| process | CPU, all {len(cpu)} days | per day p50 | p95 | max | on the "
        f"{len(paired_cpu)} baseline days |",
        "|---|---:|---:|---:|---:|---:|",
        cpu_row("Prefect server", "server"),
        cpu_row("serving process and its flow-run processes", "serve"),
        cpu_row("this benchmark's driver (run_deployment, the SMTP servers)", "driver"),
        cpu_row("baseline: the same steps called directly", "baseline"),
    ]
    base_cpu = sum(c["baseline"] for c in paired_cpu)
    if base_cpu:
        prefect_cpu = sum(c["server"] + c["serve"] for c in paired_cpu)
        lines.append(
            f"On the baseline days, the Prefect server and the flow runs used "
            f"{prefect_cpu / base_cpu:,.1f}× the CPU of the same steps called directly."
        )
    p = result["prefect"]
    ledger = result["ledger"]
    smtp = result["smtp"]
    outbox_sent = ledger["outbox"].get("sent", 0)
    lines += [
        "",
        f"Prefect holds {p['flow_runs']:,} flow runs ({p['flow_runs_by_state']}) and "
        f"{p['task_runs']:,} task runs ({p['task_runs_by_state']}).",
        f"Ledger: tasks {sum(ledger['tasks'].values()):,}, of which "
        f"{sum(ledger['tasks'].values()) - result['setup']['planned']:,} planned by the daily "
        f"runs ({ledger['tasks']}); notices "
        f"{ledger['notices']:,}; outbox rows {sum(ledger['outbox'].values()):,} "
        f"({ledger['outbox']}); audit rows {ledger['audit']:,}.",
        f"SMTP server: {smtp['messages']:,} messages received ({smtp['message_ids']:,} "
        f"distinct Message-IDs, {smtp['repeated_ids']} repeated) against {outbox_sent:,} outbox "
        "rows sent.",
    ]
    same = result.get("same_work")
    if same:
        a, b = same["prefect"], same["direct"]
        equal = (a["tasks"], a["notices"], a["outbox"], a["smtp"]["messages"]) == (
            b["tasks"],
            b["notices"],
            b["outbox"],
            b["smtp"]["messages"],
        )
        lines.append(
            f"Through {same['through']} (the baseline's days) the two ledgers "
            + (
                "hold the same tasks, notices and outbox rows, and the two SMTP servers received "
                f"the same {a['smtp']['messages']:,} messages."
                if equal
                else f"DIFFER: Prefect {a}, directly {b}."
            )
        )
    m = result["memory"]
    s, rss = m["sampled"], m["ru_maxrss_mb"]
    lines += [
        "",
        "| process | peak memory (VmHWM, sampled) | ru_maxrss at its end |",
        "|---|---:|---:|",
        f"| Prefect server (`prefect server start`, {s['processes'].get('server', 0)} child "
        f"processes) | {max(s['own'].get('server', 0), s['child'].get('server', 0)):.0f} MB; "
        f"the tree at once {s['tree'].get('server', 0):.0f} MB | {fmt_mb(rss['server'])} |",
        f"| serving process (`python -m dondoc.deployments`) | {s['own'].get('serve', 0):.0f} MB"
        f" | {fmt_mb(rss['serve'])} (with its children) |",
        f"| largest flow-run process (of {s['processes'].get('serve', 0):,} seen) | "
        f"{s['child'].get('serve', 0):.0f} MB | — |",
        f"| baseline (the steps called directly, one process) | "
        f"{s['own'].get('baseline', 0):.0f} MB | {fmt_mb(rss['baseline'])} |",
    ]
    if result["failures"]:
        lines += ["", "FAILED runs:", *result["failures"]]
    return "\n".join(lines)


def fmt_mb(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--units", type=int, default=4200, help="reporting units in the country")
    parser.add_argument("--days", type=int, default=0, help="only the year's first N days")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--database-url", default=DEFAULT_URL, help="PostgreSQL (a fresh schema)")
    parser.add_argument("--prefect-database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--catalogue", choices=("all-families", "national"), default="all-families")
    parser.add_argument("--baseline-days", type=int, default=31, help="days also run directly")
    parser.add_argument("--all-deliveries", action="store_true", help="the half-hourly ones too")
    parser.add_argument("--runner-poll", type=int, default=1, help="the runner's poll, seconds")
    parser.add_argument("--poll", type=float, default=0.5, help="run_deployment's poll, seconds")
    parser.add_argument("--max-failures", type=int, default=5)
    parser.add_argument(
        "--budget-minutes", type=float, default=0, help="start no new day after this long"
    )
    parser.add_argument("--json", type=Path, help="write every measurement here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--setup-child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--baseline-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.setup_child:
        url, year, plans = args.setup_child
        return setup_child(url, int(year), plans)
    if args.baseline_child:
        return baseline_child()
    # A SIGTERM unwinds like Ctrl-C: the children stop, the schemas and databases are dropped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    work = Path(tempfile.mkdtemp(prefix="dondoc-national-year-"))
    try:
        result = measure(args, work)
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(report(result))
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
