"""Fixtures of the integration tests: the CLI on a fresh ledger of each backend."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT


@pytest.fixture
def cli(ledger_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The `dondoc` commands on an empty ledger, with the repository's plans and no SMTP."""
    monkeypatch.setenv("DONDOC_DATABASE_URL", ledger_url)
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("DONDOC_PLANS_DIR", str(ROOT / "plans"))
    for name in list(os.environ):
        if name.startswith("DONDOC_SMTP__"):
            monkeypatch.delenv(name)
    return CliRunner()
