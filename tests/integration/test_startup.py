"""Commands that run no flow start without Prefect (nor Alembic, unless they migrate)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ledger.db import head_revision, make_engine
from ledger.dbapi import HEAD_REVISION
from tests.conftest import ROOT, demo_catalogue_files

# Runs the CLI in a fresh interpreter, then prints which top-level packages it imported.
PROBE = """
import atexit, json, sys
atexit.register(lambda: print("\\n" + json.dumps(sorted({m.split(".")[0] for m in sys.modules})),
                              file=sys.stderr))
sys.argv = ["dondoc", *sys.argv[1:]]
from dondoc.cli import main
main()
"""


def imported_by(*args: str, env: dict[str, str]) -> tuple[int, set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        env={k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    modules: set[str] = set(json.loads(result.stderr.strip().splitlines()[-1]))
    return result.returncode, modules


@pytest.fixture(scope="module")
def loaded_home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("home")
    env = {"DONDOC_HOME": str(home), "DONDOC_PLANS_DIR": str(ROOT / "plans")}
    files = [str(p) for p in demo_catalogue_files()]
    code, _ = imported_by("plan", "load", *files, "--track-from", "2024-01-01", env=env)
    assert code == 0
    return env


COMMANDS = [
    pytest.param(["calendar", "lunar", "2024-02-10", "--json"], id="calendar-lunar"),
    pytest.param(["calendar", "festivals", "2024", "--json"], id="calendar-festivals"),
    pytest.param(["calendar", "workday", "2026-01-02", "--json"], id="calendar-workday"),
    pytest.param(["calendar", "period", "quarterly", "2026-Q1", "--json"], id="calendar-period"),
    pytest.param(["plan", "check", *map(str, demo_catalogue_files())], id="plan-check"),
    pytest.param(["plan", "load", *map(str, demo_catalogue_files())], id="plan-load"),
    pytest.param(["tasks", "--json", "--unit", "tn-mttq"], id="tasks"),
    pytest.param(["status", "--as-of", "2024-01-31"], id="status"),
    pytest.param(["db", "upgrade"], id="db-upgrade"),
    pytest.param(
        ["plan", "import", str(ROOT / "tests/fixtures/seed-003-plan-and-programme.txt")],
        id="plan-import",
    ),
    pytest.param(
        [
            "request",
            "new",
            "--units",
            "tn-mttq",
            "--due",
            "2024-10-16",
            "--title",
            "Báo cáo",
            "--as-of",
            "2024-10-09",
        ],
        id="request-new",
    ),
    pytest.param(["request", "list"], id="request-list"),
    pytest.param(["--help"], id="help"),
    pytest.param(["feed", "tn-mttq", "--from", "2024-01-01", "--to", "2024-01-31"], id="feed"),
    pytest.param(["feed-token", "list"], id="feed-token-list"),
]


@pytest.mark.parametrize("args", COMMANDS)
def test_a_command_that_runs_no_flow_does_not_import_prefect(
    loaded_home: dict[str, str], args: list[str]
) -> None:
    code, modules = imported_by(*args, env=loaded_home)
    assert code == 0
    assert "prefect" not in modules


@pytest.mark.parametrize(
    "args", [["status"], ["tasks", "--json"], ["calendar", "lunar", "2024-02-10"]]
)
def test_a_command_on_an_up_to_date_ledger_does_not_import_alembic(
    loaded_home: dict[str, str], args: list[str]
) -> None:
    code, modules = imported_by(*args, env=loaded_home)
    assert code == 0
    assert "alembic" not in modules


def test_the_head_revision_the_ledger_checks_is_the_migrations_head(tmp_path: Path) -> None:
    assert head_revision(make_engine(f"sqlite:///{tmp_path / 'x.db'}")) == HEAD_REVISION
