"""A fuzz run of the catalogue loader: random mutations of the seed catalogues (plans/*.yaml).

Every mutant must end as a clean load or as a `CatalogueError` whose every line is
`FILE:LINE: reason` — a file that was loaded, a line the file has, one printable sentence — in
bounded time and memory, never another exception. A mutant that loads must also come back whole
from the ledger's JSON copy and plan without error. The mutants are loaded by a worker process
(tests/integration/loader_fuzz_child.py) that is killed if it does not answer in time, so that
a hang fails the run instead of hanging CI.

The run is seeded and bounded: DONDOC_FUZZ_EXAMPLES mutants (300 in CI) of DONDOC_FUZZ_SEED.
A larger run: `DONDOC_FUZZ_EXAMPLES=5000 pytest tests/integration/test_loader_fuzz.py`;
DONDOC_FUZZ_KEEP=DIR writes the mutants that fail there, each named by its index.

Then a sample of mutants is loaded into a real SQLite ledger holding the seed catalogue, as
`plan load` does: each is either stored whole or leaves the ledger exactly as it was.
"""

from __future__ import annotations

import json
import os
import re
import selectors
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from typer.testing import CliRunner

from calendars.business_time import BUSINESS_TZ
from dondoc.cli import app
from ledger.audit import Actor
from ledger.db import Sessions, make_engine, session_factory, upgrade
from ledger.models import CatalogueDocument, Obligation, Unit
from ledger.store import load_against_ledger, read_catalogue
from obligations.loader import Catalogue, catalogue_files, load_catalogue
from obligations.yamlsrc import CatalogueError
from tasks.steps import store_and_plan
from tests.conftest import PLANS, ROOT
from tests.integration.catalogue_mutants import Mutant, mutants, renamed

EXAMPLES = int(os.environ.get("DONDOC_FUZZ_EXAMPLES", "300"))
SEED = int(os.environ.get("DONDOC_FUZZ_SEED", "20241111"))
KEEP = os.environ.get("DONDOC_FUZZ_KEEP")
STORED_SAMPLE = max(30, EXAMPLES // 25)  # mutants taken through `plan load`'s path

LOAD_CPU_SECONDS = 1.0  # the loader's own CPU time for one mutant and the five other files
PLAN_CPU_SECONDS = 10.0  # two years of every obligation of the six files
HANG_SECONDS = 60.0  # wall time, the machine shared: beyond it the worker is killed
MAX_MESSAGE = 1_000  # characters: a sentence, not a dump of the file

ISSUE_LINE = re.compile(r"^(?P<file>.+?):(?P<line>[1-9][0-9]*): (?P<message>\S.*)$")
YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break
PYTHON_LEAKS = re.compile(r"Traceback|object at 0x|<class '|\b[A-Z]\w+Error\(|\bFile \"")


class Worker:
    """The child process that loads mutants, restarted when it hangs or dies."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.process: subprocess.Popen[str] | None = None
        self.starts = 0

    def _start(self) -> subprocess.Popen[str]:
        self.starts += 1
        with self.log.open("a", encoding="utf-8") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.integration.loader_fuzz_child"],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                encoding="utf-8",
            )
        return self.process

    def ask(self, paths: list[Path]) -> dict[str, Any]:
        process = self.process if self.process and self.process.poll() is None else self._start()
        stdin, stdout = process.stdin, process.stdout
        assert stdin is not None
        assert stdout is not None
        started = time.monotonic()
        try:
            stdin.write(json.dumps({"paths": [str(p) for p in paths]}) + "\n")
            stdin.flush()
        except BrokenPipeError:
            return self._died(process)
        line = self._read_line(stdout, HANG_SECONDS)
        if line is None:
            self.stop()
            return {"outcome": "hang", "seconds": time.monotonic() - started}
        if not line:
            return self._died(process)
        answer: dict[str, Any] = json.loads(line)
        answer["wall"] = time.monotonic() - started
        return answer

    @staticmethod
    def _read_line(stream: IO[str], timeout: float) -> str | None:
        with selectors.DefaultSelector() as selector:
            selector.register(stream, selectors.EVENT_READ)
            if not selector.select(timeout):
                return None
        return stream.readline()

    def _died(self, process: subprocess.Popen[str]) -> dict[str, Any]:
        code = process.wait(timeout=10)
        self.process = None
        tail = self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
        return {"outcome": "died", "returncode": code, "stderr": tail}

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()  # this worker only, by its own handle
            self.process.wait(timeout=10)
            self.process = None


def yaml_lines(raw: bytes) -> int:
    """How many lines the file has, as YAML counts them (a final line break adds none)."""
    text = raw.decode("utf-8", errors="replace")
    ended = bool(YAML_BREAK.fullmatch(text[-1:])) if text else True
    return max(1, len(YAML_BREAK.findall(text)) + (0 if ended else 1))


def issue_problems(answer: dict[str, Any], contents: dict[str, bytes]) -> list[str]:
    """What is not clean in a refusal: each issue is `FILE:LINE: sentence` of a file loaded."""
    problems = []
    issues = answer["issues"]
    if not issues:
        problems.append("a CatalogueError with no issue")
    lines = answer["text"].split("\n")
    if lines != [f"{file}:{line}: {message}" for file, line, message in issues]:
        problems.append("the error's text is not its issues, one a line")
    for line in lines:
        match = ISSUE_LINE.match(line)
        if match is None:
            problems.append(f"not FILE:LINE: reason: {line[:300]!r}")
            continue
        file, number, message = match["file"], int(match["line"]), match["message"]
        if file not in contents:
            problems.append(f"{file}: not a file that was loaded")
        elif number > yaml_lines(contents[file]):
            problems.append(f"{file}:{number}: the file has {yaml_lines(contents[file])} lines")
        if len(message) > MAX_MESSAGE:
            problems.append(f"a message of {len(message):,} characters: {message[:200]!r}…")
        if not message.isprintable():
            problems.append(f"a message with unprintable characters: {message[:300]!r}")
        if PYTHON_LEAKS.search(message):
            problems.append(f"a message that shows Python's insides: {message[:300]!r}")
    return problems


def answer_problems(answer: dict[str, Any], contents: dict[str, bytes]) -> list[str]:
    outcome = answer["outcome"]
    if outcome == "refused":
        problems = issue_problems(answer, contents)
        if answer["cpu"] > LOAD_CPU_SECONDS:
            problems.append(f"refused after {answer['cpu']:.2f} s of CPU")
        return problems
    if outcome == "loaded":
        problems = list(answer["violations"])
        if answer["cpu"] > LOAD_CPU_SECONDS:
            problems.append(f"loaded after {answer['cpu']:.2f} s of CPU")
        if answer["plan_cpu"] > PLAN_CPU_SECONDS:
            problems.append(f"planned in {answer['plan_cpu']:.2f} s of CPU")
        return problems
    if outcome == "crash":
        return [f"{answer['error']} while {answer['phase']}:\n{answer['traceback']}"]
    if outcome == "hang":
        return [f"no answer in {answer['seconds']:.0f} s"]
    return [f"the worker died ({answer.get('returncode')}):\n{answer.get('stderr')}"]


@contextmanager
def seed_copy(directory: Path) -> Iterator[list[Path]]:
    """The seed files copied under `directory`, where a mutant replaces its seed in turn."""
    copies = []
    for path in catalogue_files(PLANS):
        copy = directory / path.relative_to(PLANS)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        copies.append(copy)
    yield copies


def loaded_with(mutated: Path, copies: list[Path]) -> list[Path]:
    """The files a mutant is loaded with: the calendar files and the mutant (the plans do not
    depend on each other); a mutated calendar file with every plan, which depend on it."""
    if mutated.parent.name == "calendar":
        return copies
    return [p for p in copies if p.parent.name == "calendar" or p == mutated]


@contextmanager
def in_place(mutant: Mutant, copies: list[Path]) -> Iterator[Path]:
    """The mutant written over its seed's copy, the seed put back afterwards."""
    copy = next(p for p in copies if p.name == mutant.seed_file.name)
    original = copy.read_bytes()
    copy.write_bytes(mutant.content)
    try:
        yield copy
    finally:
        copy.write_bytes(original)


def keep(mutant: Mutant, problems: list[str]) -> None:
    if not KEEP:
        return
    directory = Path(KEEP)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{mutant.index:05d}-{mutant.seed_file.name}").write_bytes(mutant.content)
    (directory / f"{mutant.index:05d}.txt").write_text(
        mutant.describe() + "\n\n" + "\n".join(problems), encoding="utf-8"
    )


def test_every_mutant_of_the_seed_catalogues_is_refused_at_its_lines_or_loads_cleanly(
    tmp_path: Path,
) -> None:
    worker = Worker(tmp_path / "worker.log")
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    slowest = 0.0
    started = time.monotonic()
    try:
        with seed_copy(tmp_path / "plans") as copies:
            # The seed itself first: it loads, and the worker's first use (the lunar table, the
            # holidays' rules) is not counted against a mutant's second.
            assert worker.ask(copies)["outcome"] == "loaded"
            seeds = catalogue_files(PLANS)
            for mutant in mutants(seeds, SEED, EXAMPLES):
                with in_place(mutant, copies) as mutated:
                    paths = loaded_with(mutated, copies)
                    contents = {str(p): p.read_bytes() for p in paths}
                    answer = worker.ask(paths)
                outcomes[answer["outcome"]] += 1
                slowest = max(slowest, answer.get("cpu", 0.0))
                problems = answer_problems(answer, contents)
                if problems:
                    keep(mutant, problems)
                    failures.append(mutant.describe() + "\n  " + "\n  ".join(problems))
    finally:
        worker.stop()
    summary = (
        f"{EXAMPLES} mutants of seed {SEED} in {time.monotonic() - started:.1f} s "
        f"({worker.starts} worker starts, slowest load {slowest:.2f} s CPU): {dict(outcomes)}"
    )
    print(summary)
    assert not failures, f"{summary}\n{len(failures)} failed:\n\n" + "\n\n".join(failures[:20])
    # The run must reach both ends: mutants the parser refuses, and mutants that load.
    assert outcomes["refused"] > EXAMPLES // 3
    assert outcomes["loaded"] > EXAMPLES // 20


# --- `plan load`: the whole mutant stored, or nothing -----------------------------------------

DAY = date(2024, 6, 3)
ACTOR = Actor("test:fuzz", datetime(2024, 6, 3, 8, tzinfo=BUSINESS_TZ), DAY)
HORIZON = date(2024, 12, 31)


def dump(path: Path) -> str:
    """The whole ledger as SQL, every table and row: equal dumps, equal ledgers."""
    connection = sqlite3.connect(path)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


@contextmanager
def ledger_copy(template: Path, directory: Path) -> Iterator[tuple[Path, Sessions]]:
    path = directory / "ledger.db"
    shutil.copyfile(template, path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        yield path, session_factory(engine)
    finally:
        engine.dispose()


def stored_whole(sessions: Sessions, catalogue: Catalogue) -> list[str]:
    """What of `catalogue` the ledger does not hold as loaded (nothing, when it stored it)."""
    missing = []
    with sessions() as session:
        rows = {row.id: row for row in session.scalars(select(CatalogueDocument))}
        units = {row.code: row for row in session.scalars(select(Unit))}
        active = {
            (row.document_id, row.id)
            for row in session.scalars(select(Obligation).where(Obligation.active))
        }
        again = read_catalogue(session).catalogue
    for loaded in catalogue.documents:
        document = rows.get(loaded.id)
        if document is None or document.content_hash != loaded.content_hash:
            missing.append(f"document {loaded.id} not stored as loaded")
        elif document.spec != loaded.spec_json():
            missing.append(f"document {loaded.id}: its stored spec differs")
    for plan in catalogue.plans:
        for unit in plan.all_units:
            row = units.get(unit.code)
            if row is None or (row.name, row.email) != (unit.name, unit.email):
                missing.append(f"unit {unit.code} not stored as loaded")
        wanted = {(plan.id, ob.id) for ob in plan.all_obligations}
        held = {pair for pair in active if pair[0] == plan.id}
        if wanted != held:
            missing.append(f"plan {plan.id}: active obligations {sorted(held ^ wanted)} differ")
    hashes = {d.id: d.content_hash for d in again.documents}
    if any(hashes.get(d.id) != d.content_hash for d in catalogue.documents):
        missing.append("the ledger's copy does not read back as stored")
    return missing


def test_a_mutant_loaded_into_a_ledger_is_stored_whole_or_leaves_it_exactly_as_it_was(
    tmp_path: Path,
) -> None:
    """As `plan load FILE` does: checked with what the ledger holds, then stored and planned in
    one transaction. A refused mutant — by the check, or by the store's own check in its
    transaction, as when another load got in between — leaves every table as it was."""
    template = tmp_path / "template.db"
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    with seed_copy(tmp_path / "plans") as copies:
        engine = make_engine(f"sqlite:///{template}")
        upgrade(engine)
        seed = load_catalogue(copies)
        store_and_plan(session_factory(engine), seed, ACTOR, date(2024, 1, 1), HORIZON)
        engine.dispose()
        calendar_files = [p for p in copies if p.parent.name == "calendar"]
        # The seed plans renamed (only the store's own check, in its transaction, can refuse
        # them once they pass a check made before the ledger had their units), then mostly tree
        # mutants: they stay valid YAML, and many load.
        seeds = catalogue_files(PLANS)
        sample = [*renamed(seeds), *mutants(seeds, SEED + 1, STORED_SAMPLE, tree_share=0.8)]
        for mutant in sample:
            with in_place(mutant, copies) as mutated, ledger_copy(template, tmp_path) as ledger:
                path, sessions = ledger
                before = dump(path)
                outcome, problems = _load_into(sessions, mutated, calendar_files)
                if outcome != "stored" and dump(path) != before:
                    problems.append(f"{outcome}, and the ledger changed")
                outcomes[outcome] += 1
            if problems:
                keep(mutant, problems)
                failures.append(mutant.describe() + "\n  " + "\n  ".join(problems))
    summary = f"{len(sample)} mutants through plan load's path: {dict(outcomes)}"
    print(summary)
    assert not failures, f"{summary}\n\n" + "\n\n".join(failures[:20])
    assert outcomes["stored"] > 0
    assert outcomes["refused by the check"] > 0
    assert outcomes["refused by the store"] > 0


def _load_into(
    sessions: Sessions, mutated: Path, calendar_files: list[Path]
) -> tuple[str, list[str]]:
    """Load one mutated file as `plan load` would: (what happened, what went wrong).

    `plan check` is asked first, through the CLI: it must say what the load's check says."""
    with deadline(30):
        checked = plan_check(mutated, sessions)
        try:
            catalogue = load_against_ledger([mutated], sessions)
        except CatalogueError as error:
            said = (1, [str(issue) for issue in error.issues])
            if checked != said:
                return "refused by the check", [f"plan check said {checked}, the load {said}"]
            # The race: the same file checked without the ledger, stored all the same.
            try:
                catalogue = load_catalogue([mutated, *calendar_files])
            except CatalogueError:
                return "refused by the check", []
            try:
                store_and_plan(sessions, catalogue, ACTOR, DAY, HORIZON)
            except CatalogueError:
                return "refused by the store", []
            return "stored", ["the store took what the check refused"]
        if checked[0] != 0:
            return "refused by the check", [f"plan check said {checked}, the load's check: ok"]
        try:
            store_and_plan(sessions, catalogue, ACTOR, DAY, HORIZON)
        except Exception as error:
            return "failed", [f"the store failed: {type(error).__name__}: {error}"]
        return "stored", stored_whole(sessions, catalogue)


def test_plan_check_prints_a_problem_on_line_100_as_file_colon_100(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("kind: plan\n" + "# …\n" * 98 + "id: Not A Code\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["plan", "check", str(path)], env={"DONDOC_HOME": str(tmp_path)}
    )
    assert result.exit_code == 1
    assert f"{path}:100: id: 'Not A Code' is not a code" in result.stderr


def plan_check(path: Path, sessions: Sessions) -> tuple[int, list[str]]:
    """`dondoc plan check FILE` on the ledger: its exit code, and its FILE:LINE lines."""
    url = sessions.kw["bind"].url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["plan", "check", str(path)], env={"DONDOC_DATABASE_URL": url})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError("plan check: a traceback") from result.exception
    lines = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    return result.exit_code, lines


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """A load that takes longer than `seconds` fails the test instead of hanging it."""

    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"no answer in {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
