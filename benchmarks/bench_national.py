"""The national scale: a year of a country's catalogue, planned and run day by day.

    .venv/bin/python benchmarks/bench_national.py [--units 4200] [--postgres URL] [--check]

A synthetic national catalogue, generated deterministically as YAML files in a temporary
directory: 34 provinces, each with its office (Ban Dân vận), its standing committee and
`--units / 34` reporting units; every reporting unit owes four monthly reports, two quarterly
ones, the half-year report (both halves), the 9-month and the annual report — 60 tasks a year,
so 4,200 units make 252,000 (the issue's 4,216 made 252,960) — and each province's office also
holds a quarterly steering-committee meeting, a festival visit and a directive review (24 tasks
a province).

Measured, each step in its own process running the real CLI (`dondoc plan load`, `dondoc run
FLOW --direct --as-of DAY`) on one ledger, in order:

- plan load: the catalogue loaded and a year planned (`--track-from` 1 January, horizon the end
  of the year: DONDOC_HORIZON_YEARS=0);
- periodic-reports on the day January's monthly reports open (tasks opened, notices, messages);
- chase the day after their deadline (all overdue, one reminder each);
- the same chase again, which must change nothing;
- escalate three working days after the deadline (the unit's head, one each);
- `dondoc stats` for the year, per unit with the month-by-month trend, as of that day.

Time is the command's own work, timed inside the child after its imports (`_child.py`); peak
memory is the child's maximum resident set (`os.wait4`, imports included). Each step's raw
baseline runs in the same run on the same database: for the plan, the driver inserting the same
task rows into a copy of the tasks table (sqlite3 `executemany`, PostgreSQL `COPY`); for each
daily step, one raw UPDATE of the same rows on a copy of the ledger's tasks and a SELECT of them.
With `--check` the exit status says whether every target held.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calendars.business_time import today  # noqa: E402

PROVINCES = 34
PLAN_RATIO = 3.0  # planning a year: at most 3× the raw bulk insert of its rows
DAILY_RATIO = 10.0  # each daily step: at most 10× its raw UPDATE + SELECT
NO_OP_SECONDS = 2.0
PEAK_MB = 300.0

REPORTS = (
    # (id suffix, name, period, extra YAML lines)
    ("thang-dv", "Báo cáo công tác dân vận tháng", "monthly", ""),
    ("thang-tg", "Báo cáo công tác tôn giáo tháng", "monthly", ""),
    ("thang-dt", "Báo cáo công tác dân tộc tháng", "monthly", ""),
    ("thang-qc", "Báo cáo thực hiện Quy chế dân chủ ở cơ sở tháng", "monthly", ""),
    ("quy-dv", "Báo cáo công tác dân vận quý", "quarterly", ""),
    ("quy-dvk", "Báo cáo phong trào thi đua Dân vận khéo quý", "quarterly", ""),
    ("6-thang-dv", "Báo cáo 6 tháng công tác dân vận", "half-yearly", ""),
    ("9-thang-dv", "Báo cáo 9 tháng công tác dân vận", "nine-months", ""),
    ("nam-dv", "Báo cáo tổng kết năm công tác dân vận", "yearly", "    window: 15/12 to 14/11\n"),
)


def province_plan(p: int, units: int, year: int) -> str:
    """One province's plan as YAML: its office, its reporting units, their obligations."""
    code = f"p{p:02d}"
    lines = [
        "kind: plan",
        f"id: {code}-{year}",
        f"title: Kế hoạch công tác dân vận năm {year} – tỉnh thử nghiệm số {p}",
        f"owner: {code}-bdv",
        f"tracking_from: {year}-01-01",
        "units:",
        f"  - code: {code}-tttu",
        f"    name: Thường trực Tỉnh ủy tỉnh thử nghiệm số {p}",
        "    kind: party-committee",
        f"    email: thuongtruc@{code}.example",
        f"  - code: {code}-bdv",
        f"    name: Ban Dân vận Tỉnh ủy tỉnh thử nghiệm số {p}",
        "    kind: party-commission",
        f"    supervisor: {code}-tttu",
        f"    email: bdv@{code}.example",
        f"    head: {{title: Trưởng ban, name: Trưởng ban {p}, email: tb@{code}.example}}",
    ]
    for n in range(units):
        lines += [
            f"  - code: {code}-u{n:03d}",
            f"    name: Đơn vị số {n} tỉnh thử nghiệm số {p}",
            "    kind: mass-association",
            f"    supervisor: {code}-tttu",
            f"    tags: [{code}-reporter]",
            f"    email: vp{n}@{code}.example",
            f"    head: {{title: Chủ tịch, name: Người đứng đầu {n}, email: ct{n}@{code}.example}}",
        ]
    lines += [
        "policies:",
        "  chase:",
        "    default:",
        "      before_due: [7, 3, 1, 0]",
        "      after_due: {every: 2, max: 3}",
        "  escalation:",
        "    default:",
        "      - {level: 1, after: 3, notify: head}",
        "      - {level: 2, after: 7, notify: supervisor}",
        "directives:",
        "  - code: 65-KL/TW",
        "    kind: Kết luận",
        "    issuer: Bộ Chính trị (khóa XII)",
        f"    issued: {year - 5}-03-30",
        "    title: về tiếp tục thực hiện Nghị quyết số 24-NQ/TW về công tác dân tộc",
        "obligations:",
    ]
    for suffix, name, period, extra in REPORTS:
        lines += [
            f"  - id: {code}-bc-{suffix}",
            f"    name: {name}",
            "    family: periodic-report",
            f"    period: {period}",
            "    due: day 18",
            f"    unit_tags: [{code}-reporter]",
            f"    valid_from: {year - 1}-01-01",
        ]
        if extra:
            lines.append(extra.rstrip("\n"))
    lines += [
        f"  - id: {code}-bcd-hop-quy",
        "    name: Họp Ban Chỉ đạo Quy chế dân chủ định kỳ quý",
        "    family: steering-meeting",
        "    rule: quarterly on workday -5 of month 3",
        f"  - id: {code}-tham-giang-sinh",
        "    name: Thăm, chúc mừng chức sắc Công giáo nhân dịp lễ Giáng sinh",
        "    family: holiday-visit",
        "    festival: giang-sinh",
        '    label: "Lễ Giáng sinh năm {year}"',
        f"  - id: {code}-so-ket-65-kl-tw",
        "    family: directive-review",
        "    directive: 65-KL/TW",
        f"    review: {{kind: so-ket, years: 5, due: {year}-Q3}}",
        f"    coordinating: [{code}-u000, {code}-u001]",
    ]
    return "\n".join(lines) + "\n"


def write_catalogue(directory: Path, units: int, year: int) -> Path:
    plans = directory / "plans"
    (plans / "calendar").mkdir(parents=True)
    for source in (ROOT / "plans" / "calendar").glob("*.yaml"):
        shutil.copy(source, plans / "calendar" / source.name)
    per_province = [units // PROVINCES + (1 if p < units % PROVINCES else 0) for p in range(34)]
    for p, count in enumerate(per_province, start=1):
        (plans / f"province-{p:02d}.yaml").write_text(
            province_plan(p, count, year), encoding="utf-8"
        )
    return plans


@dataclass
class Step:
    name: str
    rows: int
    seconds: float
    peak_mb: float
    raw: float
    target: str
    met: bool


def run_cli(env: dict[str, str], args: list[str], profile: Path | None) -> tuple[float, float, str]:
    """(seconds of the command's own work, peak MB of its process, its output)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result = Path(handle.name)
    command = [sys.executable, str(ROOT / "benchmarks" / "_child.py"), str(result)]
    if profile:
        command += ["--profile", str(profile)]
    # Outputs go to files: a run prints its rows, and a full pipe would stall the child while
    # this process waits for it in wait4 (which hands back the child's own resource usage).
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        child = subprocess.Popen([*command, "--", *args], env=env, stdout=output, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        errors.seek(0)
        printed = output.read().decode("utf-8", "replace")
        problems = errors.read().decode("utf-8", "replace")
    if child.returncode != 0:
        raise RuntimeError(f"dondoc {' '.join(args)} failed ({child.returncode}):\n{problems}")
    seconds = json.loads(result.read_text(encoding="utf-8"))["seconds"]
    result.unlink()
    return seconds, usage.ru_maxrss / 1024, printed  # ru_maxrss is in KiB on Linux


class Raw:
    """The database's floor for each step, through the raw driver."""

    def __init__(self, url: str) -> None:
        self.postgres = url.startswith("postgresql")
        if self.postgres:
            import psycopg

            from ledger.dbapi import connect

            reader = connect(url)  # the same search_path handling as dondoc's own reader
            reader.connection.close()
            from urllib.parse import parse_qs, unquote, urlsplit

            parts = urlsplit(url)
            options = parse_qs(parts.query).get("options", [None])[0]
            self.connection: Any = psycopg.connect(
                host=parts.hostname,
                port=parts.port,
                user=unquote(parts.username or ""),
                dbname=unquote(parts.path.lstrip("/")),
                options=options,
            )
        else:
            import sqlite3

            path = url.split(":///", 1)[1]
            self.connection = sqlite3.connect(path, isolation_level=None)
            # dondoc's own connection settings (ledger.db): the same constraints are checked.
            self.connection.execute("PRAGMA foreign_keys=ON")
            self.connection.execute("PRAGMA journal_mode=WAL")

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.postgres:
            sql = sql.replace("?", "%s")
        cursor = self.connection.cursor()
        cursor.execute(sql, params)
        rows = cursor.fetchall() if cursor.description else []
        cursor.close()
        return rows

    def begin(self) -> None:
        if not self.postgres:
            self.connection.execute("BEGIN")

    def commit(self) -> None:
        self.connection.commit()

    def copy_tasks(self) -> None:
        """A copy of the ledger's tasks with the same indexes: the daily baselines' table."""
        self.begin()
        self.execute("DROP TABLE IF EXISTS bench_tasks")
        self.execute("CREATE TABLE bench_tasks AS SELECT * FROM tasks")
        self.execute("CREATE INDEX bench_tasks_status_due ON bench_tasks (status, due_on)")
        self.execute("CREATE INDEX bench_tasks_status_opens ON bench_tasks (status, opens_on)")
        self.commit()

    def insert_like_plan(self) -> tuple[int, float]:
        """The planned task rows inserted again into an empty copy of the tasks table."""
        from ledger.planning import TASK_COLUMNS

        columns = ", ".join(TASK_COLUMNS)
        rows = self.execute(f"SELECT {columns} FROM tasks ORDER BY id")
        self.begin()
        self.execute("DROP TABLE IF EXISTS bench_plan")
        if self.postgres:
            self.execute("CREATE TABLE bench_plan (LIKE tasks INCLUDING ALL)")
        else:
            (ddl,) = self.execute("SELECT sql FROM sqlite_master WHERE name = 'tasks'")[0]
            _, rest = ddl.split("(", 1)
            self.execute(f"CREATE TABLE bench_plan ({rest}")
            for index in ("status, due_on", "unit_code", "status, opens_on"):
                name = "bench_plan_" + index.replace(", ", "_")
                self.execute(f"CREATE INDEX {name} ON bench_plan ({index})")
        self.commit()
        start = time.perf_counter()
        self.begin()
        cursor = self.connection.cursor()
        if self.postgres:
            with cursor.copy(f"COPY bench_plan ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(TASK_COLUMNS))
            cursor.executemany(f"INSERT INTO bench_plan ({columns}) VALUES ({marks})", rows)
        self.commit()
        elapsed = time.perf_counter() - start
        cursor.close()
        self.begin()
        self.execute("DROP TABLE bench_plan")
        self.commit()
        return len(rows), elapsed

    def update_select(self, update: str, select: str, day: str) -> float:
        """One UPDATE and one SELECT, each with the day for its every `?`, in a transaction."""
        start = time.perf_counter()
        self.begin()
        self.execute(update, (day,) * update.count("?"))
        self.execute(select, (day,) * select.count("?"))
        self.commit()
        return time.perf_counter() - start

    def count(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        return int(self.execute(sql, params)[0][0])

    def close(self) -> None:
        self.begin()
        self.execute("DROP TABLE IF EXISTS bench_tasks")
        self.commit()
        self.connection.close()


def raw_plan_in_child(url: str) -> tuple[int, float]:
    """The plan's raw baseline, in a process of its own.

    It holds a year's rows in memory; in this process it would grow the parent that the next
    steps' processes are forked from, and their peak memory would count it.
    """
    done = subprocess.run(
        [sys.executable, __file__, "--raw-plan", url], capture_output=True, text=True, check=True
    )
    rows, seconds = json.loads(done.stdout)
    return int(rows), float(seconds)


def days_of(year: int) -> tuple[date, date, date]:
    """The days measured: January's reports open, the day after their deadline, +3 working days."""
    from obligations.loader import catalogue_files, load_catalogue

    calendar = load_catalogue(catalogue_files(ROOT / "plans" / "calendar")).calendar
    due = date(year, 1, 18)
    if not calendar.is_working_day(due):
        due = calendar.add_working_days(due, 1)
    opens = calendar.previous_working_day(due - timedelta(days=10))
    return opens, calendar.add_working_days(due, 1), calendar.add_working_days(due, 3)


def measure(backend: str, url: str, units: int, profile_dir: Path | None, work: Path) -> list[Step]:
    year = today().year  # `plan load` plans from the real clock's year (to its end)
    plans = write_catalogue(work, units, year)
    env = {
        **os.environ,
        "DONDOC_HOME": str(work / "home"),
        "DONDOC_DATABASE_URL": url,
        "DONDOC_PLANS_DIR": str(plans),
        "DONDOC_HORIZON_YEARS": "0",
        "NO_COLOR": "1",
    }
    for name in ("DONDOC_SMTP__HOST", "PREFECT_API_URL"):
        env.pop(name, None)

    def step(name: str, args: list[str]) -> tuple[float, float, str]:
        profile = profile_dir / f"{backend}-{name}.prof" if profile_dir else None
        seconds, peak, output = run_cli(env, args, profile)
        print(f"  {backend} {name}: {seconds:.2f} s, {peak:.0f} MB", file=sys.stderr)
        return seconds, peak, output

    opens, chase_day, escalate_day = days_of(year)
    files = sorted(str(p) for p in plans.rglob("*.yaml"))
    steps: list[Step] = []

    plan_s, plan_mb, _ = step("plan", ["plan", "load", *files, "--track-from", f"{year}-01-01"])
    raw = Raw(url)
    try:
        tasks, plan_raw = raw_plan_in_child(url)
        steps.append(
            Step(
                "plan load (a year)",
                tasks,
                plan_s,
                plan_mb,
                plan_raw,
                f"≤ {PLAN_RATIO:g}×",
                plan_s <= PLAN_RATIO * plan_raw,
            )
        )
        raw.copy_tasks()

        def daily(name: str, flow: str, day: date, raw_seconds: float, rows: int) -> None:
            seconds, peak, _ = step(name, ["run", flow, "--direct", "--as-of", day.isoformat()])
            steps.append(
                Step(
                    name,
                    rows,
                    seconds,
                    peak,
                    raw_seconds,
                    f"≤ {DAILY_RATIO:g}×",
                    seconds <= DAILY_RATIO * raw_seconds,
                )
            )

        d = (opens.isoformat(),)
        opened = raw.count(
            "SELECT count(*) FROM bench_tasks WHERE status = 'planned' AND opens_on <= ?", d
        )
        open_raw = raw.update_select(
            "UPDATE bench_tasks SET status = 'open', opened_on = ? "
            "WHERE status = 'planned' AND opens_on <= ?",
            "SELECT * FROM bench_tasks WHERE status = 'open' AND opened_on = ?",
            d[0],
        )
        daily("periodic-reports (January opens)", "periodic-reports", opens, open_raw, opened)

        c = (chase_day.isoformat(),)
        overdue = raw.count(
            "SELECT count(*) FROM bench_tasks WHERE status IN ('open', 'acknowledged') "
            "AND due_on < ?",
            c,
        )
        chase_raw = raw.update_select(
            "UPDATE bench_tasks SET status = 'overdue' "
            "WHERE status IN ('open', 'acknowledged') AND due_on < ?",
            "SELECT * FROM bench_tasks WHERE status = 'overdue' AND due_on < ?",
            c[0],
        )
        daily("chase (overdue, reminders)", "chase", chase_day, chase_raw, overdue)

        again_raw = raw.update_select(
            "UPDATE bench_tasks SET status = 'overdue' "
            "WHERE status IN ('open', 'acknowledged') AND due_on < ?",
            "SELECT * FROM bench_tasks WHERE status = 'overdue' AND due_on < ?",
            c[0],
        )
        seconds, peak, _ = step("chase-again", ["run", "chase", "--direct", "--as-of", c[0]])
        steps.append(
            Step(
                "the same chase again (no-op)",
                overdue,
                seconds,
                peak,
                again_raw,
                f"≤ {NO_OP_SECONDS:g} s",
                seconds <= NO_OP_SECONDS,
            )
        )

        e = (escalate_day.isoformat(),)
        escalated = raw.count(
            "SELECT count(*) FROM bench_tasks WHERE status = 'overdue' AND escalation_level < 1",
        )
        escalate_raw = raw.update_select(
            "UPDATE bench_tasks SET escalation_level = 1 "
            "WHERE status = 'overdue' AND due_on < ? AND escalation_level < 1",
            "SELECT * FROM bench_tasks WHERE status = 'overdue' AND due_on < ?",
            e[0],
        )
        daily("escalate (to the heads)", "escalate", escalate_day, escalate_raw, escalated)

        # The year's statistics per unit, with the month-by-month trend, against one raw GROUP BY
        # of the same tasks by unit and status.
        rows = raw.count("SELECT count(*) FROM bench_tasks")
        start = time.perf_counter()
        raw.execute("SELECT unit_code, status, count(*) FROM bench_tasks GROUP BY 1, 2")
        stats_raw = time.perf_counter() - start
        seconds, peak, _ = step(
            "stats",
            ["stats", "--from", f"{year}-01", "--to", f"{year}-12", "--as-of", e[0], "--json"],
        )
        steps.append(
            Step(
                "stats (the year, per unit, with its trend)",
                rows,
                seconds,
                peak,
                stats_raw,
                f"≤ {DAILY_RATIO:g}×",
                seconds <= DAILY_RATIO * stats_raw,
            )
        )
    finally:
        raw.close()
    return steps


@contextmanager
def postgres_schema(base: str) -> Iterator[str]:
    """The URL of a fresh schema in the database at `base`, dropped afterwards."""
    import psycopg

    schema = f"nat_{uuid.uuid4().hex[:10]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


def table(results: list[tuple[str, Step]]) -> str:
    lines = [
        "| database | step | rows | time | raw baseline | × | peak memory | target | met |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for backend, s in results:
        ratio = s.seconds / s.raw if s.raw else float("inf")
        misses = [
            what for what, ok in (("time", s.met), ("memory", s.peak_mb <= PEAK_MB)) if not ok
        ]
        verdict = "yes" if not misses else "NO: " + ", ".join(misses)
        lines.append(
            f"| {backend} | {s.name} | {s.rows:,} | {s.seconds:.2f} s | {s.raw:.2f} s | "
            f"{ratio:.1f} | {s.peak_mb:.0f} MB | {s.target}, ≤ {PEAK_MB:g} MB | {verdict} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--units", type=int, default=4200, help="reporting units in the country")
    parser.add_argument("--postgres", help="also on PostgreSQL, in a fresh schema of this DB")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("--profile", type=Path, help="write each step's cProfile here")
    parser.add_argument("--raw-plan", help=argparse.SUPPRESS)  # the plan's baseline, in a child
    args = parser.parse_args(argv)
    if args.raw_plan:
        raw = Raw(args.raw_plan)
        print(json.dumps(raw.insert_like_plan()))
        raw.connection.close()
        return 0
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    results: list[tuple[str, Step]] = []
    runs: list[tuple[str, Callable[[Path], Any]]] = [
        ("SQLite", lambda work: measure_sqlite(work, args)),
    ]
    if args.postgres:
        runs.append(("PostgreSQL", lambda work: measure_postgres(work, args)))
    for backend, run in runs:
        with tempfile.TemporaryDirectory(prefix="dondoc-national-") as work:
            results += [(backend, s) for s in run(Path(work))]
    print(table(results))
    failed = [s for _, s in results if not (s.met and s.peak_mb <= PEAK_MB)]
    return 1 if args.check and failed else 0


def measure_sqlite(work: Path, args: argparse.Namespace) -> list[Step]:
    return measure("sqlite", f"sqlite:///{work / 'ledger.db'}", args.units, args.profile, work)


def measure_postgres(work: Path, args: argparse.Namespace) -> list[Step]:
    with postgres_schema(args.postgres) as url:
        return measure("postgres", url, args.units, args.profile, work)


if __name__ == "__main__":
    raise SystemExit(main())
