"""The examples in the modules' documentation run, and hold.

`doctest.testmod` reports (failed, attempted): a module whose examples were not found (renamed,
moved out of a docstring, the wrong module given) attempts none and fails none — so each
module's count of examples is pinned, and every module with examples must be listed here.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["calendars", "obligations", "ledger", "notifications", "tasks", "flows", "dondoc"]
# module → how many examples its documentation holds
EXAMPLES = {
    "calendars.business_time": 2,
    "calendars.deadlines": 5,
    "calendars.lunar": 12,
    "calendars.periods": 4,
    "calendars.recurrence": 4,
    "calendars.workdays": 3,
    "notifications.messages": 2,
    "notifications.zalo_templates": 2,
    "obligations.text": 2,
}


@pytest.mark.parametrize(("module", "count"), sorted(EXAMPLES.items()))
def test_the_examples_in_a_modules_documentation_run_and_hold(module: str, count: int) -> None:
    failed, attempted = doctest.testmod(importlib.import_module(module))
    assert (failed, attempted) == (0, count)


def test_every_module_with_examples_is_listed() -> None:
    # Read as text, not imported: the flows import Prefect, which unit tests do not load.
    with_examples = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if ">>> " in path.read_text(encoding="utf-8")
    )
    assert with_examples == sorted(EXAMPLES)
