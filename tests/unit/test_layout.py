"""The layout is the architecture: packages at the top level, arrows pointing one way, a wheel
that holds them all, a main job that installs only what the product needs."""

from __future__ import annotations

import ast
import re
import tomllib
import zipfile
from pathlib import Path

import pytest
from hatchling.builders.wheel import WheelBuilder

from tests.conftest import ROOT

PACKAGES = ("calendars", "obligations", "ledger", "notifications", "tasks", "flows", "dondoc")

# Who may import whom (besides itself). A Prefect worker enters at a flow, not at the CLI, so
# the Prefect tasks and the flows take their adapters from the shell's settings and wiring.
ALLOWED: dict[str, set[str]] = {
    "calendars": set(),
    "obligations": {"calendars"},
    "ledger": {"obligations", "calendars"},
    "notifications": {"calendars"},
    "tasks": {"ledger", "notifications", "obligations", "calendars"},
    "flows": {"tasks", "calendars"},
    "dondoc": set(PACKAGES),
}
SHELL_FOR_WORKERS = {"dondoc.settings", "dondoc.wiring"}
ENTERED_BY_WORKERS = ("tasks/prefect_tasks.py", "flows/")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_imports_only_the_layers_below_it(package: str) -> None:
    wrong = []
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        for module in imports_of(path):
            top = module.split(".")[0]
            if top not in PACKAGES or top == package or top in ALLOWED[package]:
                continue
            if module in SHELL_FOR_WORKERS and relative.startswith(ENTERED_BY_WORKERS):
                continue
            wrong.append(f"{relative} imports {module}")
    assert wrong == []


def test_notifications_know_nothing_of_the_ledger() -> None:
    for path in (ROOT / "notifications").rglob("*.py"):
        assert not {m for m in imports_of(path) if m.split(".")[0] == "ledger"}, path


def test_only_the_prefect_tasks_and_the_flows_import_prefect() -> None:
    importers = sorted(
        path.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if any(m.split(".")[0] == "prefect" for m in imports_of(path))
    )
    assert importers == [
        "dondoc/cli/runs.py",
        "dondoc/deployments.py",
        "dondoc/secrets.py",  # only its loader, which flows call: Prefect Secret blocks
        "flows/ad_hoc_requests.py",
        "flows/campaigns.py",
        "flows/common.py",
        "flows/compliance_bulletin.py",
        "flows/directive_reviews.py",
        "flows/events.py",
        "flows/field_coverage.py",
        "flows/holiday_visits.py",
        "flows/operator.py",
        "flows/periodic_reports.py",
        "flows/programme_tasks.py",
        "flows/statistics.py",
        "flows/steering_meetings.py",
        "flows/supervisions.py",
        "flows/sweep.py",
        "flows/term_milestones.py",
        "tasks/prefect_tasks.py",
    ]


def test_a_wheel_of_the_project_holds_every_package_and_its_data(tmp_path: Path) -> None:
    (wheel,) = WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {name.split("/")[0] for name in names} == {*PACKAGES, "dondoc-0.1.0.dist-info"}
    for needed in (
        "dondoc/__main__.py",
        "dondoc/cli/__init__.py",
        "calendars/_lunar_table.py",
        "ledger/migrations/env.py",
        "ledger/migrations/script.py.mako",
        "ledger/migrations/versions/0001_initial_ledger_schema.py",
        "notifications/templates/email/message.html",
        "flows/sweep.py",
    ):
        assert needed in names
    entry_points = zipfile.ZipFile(wheel).read("dondoc-0.1.0.dist-info/entry_points.txt")
    assert b"dondoc = dondoc.cli:main" in entry_points


def product_closure() -> set[str]:
    """The packages the locked product needs, without the dev group."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    packages = {p["name"]: p for p in lock["package"]}
    wanted, todo = set(), ["dondoc"]
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        wanted.add(name)
        todo += [d["name"] for d in packages[name].get("dependencies", [])]
    return wanted


def test_the_main_job_installs_no_linter_type_checker_or_benchmark_library() -> None:
    closure = product_closure()
    for tool in ("pytest", "ruff", "mypy", "hypothesis", "ephem", "vnlunar", "lunar-vn",
                 "lunardate", "lunar-python", "hatchling"):  # fmt: skip
        assert tool not in closure
    assert {"prefect", "sqlalchemy", "alembic", "pendulum"} <= closure
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    main_job = next(line for line in readme.splitlines() if line.endswith("dondoc up"))
    assert "--no-dev" in main_job
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    built_from_source = {p["name"] for p in lock["package"] if "wheels" not in p} - {"dondoc"}
    assert not built_from_source & closure


def test_nothing_points_outside_the_repository() -> None:
    outside = re.compile(r"\.\./shared|shared/reference|shared/seeds")
    found = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*")
        if path.is_file()
        and path.suffix in {".py", ".md", ".toml", ".yaml", ".txt", ".html", ".cfg"}
        and not path.relative_to(ROOT).parts[0].startswith(".")
        and outside.search(path.read_text(encoding="utf-8", errors="replace"))
        and path != Path(__file__)
    ]
    assert found == []
