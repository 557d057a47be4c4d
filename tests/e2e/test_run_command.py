"""`dondoc run FLOW` through Prefect, with no `dondoc up` running (issue 6, point 17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.prefect


def test_a_run_through_prefect_works_when_dondoc_home_does_not_exist_yet(tmp_path: Path) -> None:
    # The ledger lives elsewhere (DONDOC_DATABASE_URL), so nothing has created DONDOC_HOME;
    # Prefect's home goes under it and Prefect does not create a home's parents.
    home = tmp_path / "not" / "yet" / "home"
    ledger = tmp_path / "ledger" / "dondoc.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "PREFECT_"))}
    env |= {
        "DONDOC_HOME": str(home),
        "DONDOC_DATABASE_URL": f"sqlite:///{ledger}",
        "DONDOC_PLANS_DIR": str(ROOT / "plans"),
        "DONDOC_UI_PORT": "9",  # nothing answers there: no `dondoc up` is used by mistake
    }
    files = [str(p) for p in sorted((ROOT / "plans").rglob("*.yaml"))]
    load = [sys.executable, "-m", "dondoc", "plan", "load", *files, "--track-from", "2024-01-01"]
    subprocess.run(load, cwd=tmp_path, env=env, check=True, capture_output=True, timeout=120)
    result = subprocess.run(
        [sys.executable, "-m", "dondoc", "run", "periodic-reports", "--as-of", "2024-01-08"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (
        "Prefect: no server answers at http://127.0.0.1:9/api (is `dondoc up` running?); "
        "this run uses a temporary server and is not kept." in result.stderr
    )
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report == {
        "flow": "periodic-reports",
        "as_of": "2024-01-08",
        "counts": {"opened": 20, "queued": 20, "messages": 20, "waiting": 20},
    }
    assert (home / "prefect").is_dir()
