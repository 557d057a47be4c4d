"""The province's set-up as docs/province-deployment.md writes it: the systemd units parse and
name commands (and options) that exist, the settings file names every setting the
deployments carry and reads the same to systemd, the shell and dondoc, and a backup of the
ledger restores into a new database that `dondoc status` reads as it read the original.
"""

from __future__ import annotations

import configparser
import getpass
import grp
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
import pytest
import yaml

from tasks import steps
from tests.conftest import (
    POSTGRES_SKIP_REASON,
    POSTGRES_URL,
    ROOT,
    empty_ledger_url,
    migrated,
    postgres_schema_url,
)

UNITS = ROOT / "scripts" / "systemd"
INSTALLED = "/opt/dondoc"  # where the guide installs the checkout


def unit_files() -> list[Path]:
    return sorted([*UNITS.glob("*.service"), *UNITS.glob("*.timer")])


def as_here(path: Path) -> str:
    """A unit as it would be installed from this checkout, run by the current user; its
    environment files optional (they are the province's, not the repository's)."""
    text = path.read_text(encoding="utf-8").replace(INSTALLED, str(ROOT))
    lines = []
    for line in text.splitlines():
        if line.startswith("User="):
            line = f"User={getpass.getuser()}"
        elif line.startswith("Group="):
            line = f"Group={grp.getgrgid(os.getgid()).gr_name}"
        elif line.startswith("EnvironmentFile="):
            line = line.replace("EnvironmentFile=", "EnvironmentFile=-", 1)
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_the_guide_ships_the_units_it_names() -> None:
    assert sorted(p.name for p in unit_files()) == [
        "dondoc-backup.service",
        "dondoc-backup.timer",
        "dondoc-prefect-server.service",
        "dondoc-web.service",
        "dondoc-worker@.service",
    ]
    guide = (ROOT / "docs" / "province-deployment.md").read_text(encoding="utf-8")
    for path in unit_files():
        assert path.name in guide, path.name


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_systemd_finds_nothing_wrong_in_the_units(tmp_path: Path) -> None:
    for path in unit_files():
        (tmp_path / path.name).write_text(as_here(path), encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=120,
    )
    # Unknown keys, bad values and commands that are not executable are all reported here.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def exec_start(path: Path) -> list[str]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read_string(as_here(path))
    command = shlex.split(parser["Service"]["ExecStart"])
    # systemd's specifiers: the host's name, the template's instance.
    return [part.replace("%H", "host").replace("%i", "1") for part in command]


@pytest.mark.parametrize(
    "name", ["dondoc-prefect-server.service", "dondoc-worker@.service", "dondoc-web.service"]
)
def test_a_units_command_takes_every_option_the_unit_gives_it(name: str, tmp_path: Path) -> None:
    command = exec_start(UNITS / name)
    assert Path(command[0]).is_file(), command[0]
    # --help last: an option the command does not know fails before the help is printed.
    result = subprocess.run(
        [*command, "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
        | {"PREFECT_HOME": str(tmp_path), "DO_NOT_TRACK": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Usage:" in result.stdout


def job_variables() -> set[str]:
    """The settings prefect.yaml's job variables carry, as YAML reads them."""
    data = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    return {
        name
        for deployment in data["deployments"]
        for name in deployment["work_pool"]["job_variables"]["env"]
    }


def env_file_names(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("=", 1)[0] for line in lines if line and not line.startswith("#")]


def test_the_settings_file_names_every_setting_the_deployments_carry_and_no_credential() -> None:
    names = env_file_names(UNITS / "dondoc.env.example")
    assert len(names) == len(set(names))
    assert set(names) == job_variables()
    assert not {
        "DONDOC_SMTP__PASSWORD",
        "DONDOC_ZALO__APP_SECRET",
        "DONDOC_ZALO__OA_SECRET",
        "DONDOC_ZALO__SEED_REFRESH_TOKEN",
        "DONDOC_LINKS__SECRET",
    } & set(names)


def test_the_settings_file_reads_the_same_to_the_shell_and_to_dondoc() -> None:
    # As the guide has `prefect deploy` read it: `set -a; . /etc/dondoc/dondoc.env; set +a`.
    shown = subprocess.run(
        ["bash", "-c", f"set -a; . {UNITS / 'dondoc.env.example'}; set +a; env -0"],
        capture_output=True,
        timeout=30,
        check=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")},
    ).stdout.decode()
    env = dict(item.split("=", 1) for item in shown.split("\0") if "=" in item)
    assert env["DONDOC_SMTP__SENDER_NAME"] == "Ban Dân vận Tỉnh ủy"
    assert env["DONDOC_NOTIFY__OFFICE_EMAIL"] == '["vanphong@tinhuy.example"]'
    assert env["DONDOC_ZALO__APP_ID"] == ""
    read = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from dondoc.settings import read_settings; s = read_settings(); "
            "print(json.dumps([s.ledger_url, s.smtp.sender_name, s.smtp.port, "
            "list(s.notify.office_email), s.zalo, s.horizon_years]))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert read.returncode == 0, read.stderr
    # Empty values are the defaults: no Zalo, the horizon of one year.
    assert json.loads(read.stdout) == [
        "postgresql://dondoc@db.tinh.example:5432/dondoc",
        "Ban Dân vận Tỉnh ủy",
        587,
        ["vanphong@tinhuy.example"],
        None,
        1,
    ]


def dondoc_status(url: str, home: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-m", "dondoc", "status", "--as-of", "2024-04-01", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=home,
        env={k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
        | {"DONDOC_DATABASE_URL": url, "DONDOC_HOME": str(home)},
    )
    assert result.returncode == 0, result.stderr
    status: dict[str, object] = json.loads(result.stdout)
    return status


@pytest.mark.postgres
@pytest.mark.skipif(POSTGRES_URL is None, reason=POSTGRES_SKIP_REASON)
def test_a_backup_of_the_ledger_restores_into_a_new_database_that_dondoc_reads(
    tmp_path: Path,
) -> None:
    assert POSTGRES_URL is not None
    backups = tmp_path / "backups"
    (backups / "monthly").mkdir(parents=True)
    # Dumps of earlier days: one past the 35 days kept, one within them.
    old, recent = backups / "dondoc-20000101-183000.dump", backups / "dondoc-20000301-183000.dump"
    for path, days in ((old, 36), (recent, 34)):
        path.write_bytes(b"an earlier dump")
        when = time.time() - days * 86400
        os.utime(path, (when, when))
    with empty_ledger_url("postgresql", tmp_path) as url:
        _, engine, sessions = migrated(url)
        now = datetime.now(UTC)
        steps.open_tasks(sessions, date(2024, 4, 1), now, date(2025, 12, 31))
        steps.chase(sessions, date(2024, 4, 1), now)
        engine.dispose()
        before = dondoc_status(url, tmp_path)
        schema = url.rsplit("%3D", 1)[1]
        made = subprocess.run(
            [str(UNITS / "dondoc-backup"), str(backups), f"--dbname={POSTGRES_URL}", "-n", schema],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert made.returncode == 0, made.stderr
    dump = Path(made.stdout.strip())
    assert dump.parent == backups
    assert dump.name.startswith("dondoc-")
    assert sorted(p.name for p in backups.glob("dondoc-*.dump")) == sorted([recent.name, dump.name])
    assert [p.stat().st_ino for p in (backups / "monthly").iterdir()] == [dump.stat().st_ino]
    assert dump.stat().st_mode & 0o077 == 0  # names, addresses, phones: the owner's only

    # The drill, as the guide writes it: a new database, pg_restore --no-owner, dondoc status.
    name = f"dondoc_drill_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        restored = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
        result = subprocess.run(
            ["pg_restore", f"--dbname={restored}", "--no-owner", "--exit-on-error", str(dump)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        after = dondoc_status(postgres_schema_url(restored, schema), tmp_path)
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert after == before
    units = {u["name"]: u for u in before["units"]}  # type: ignore[attr-defined]
    # Three months behind on 1/4/2024: the Bến Cầu commission owes three reports.
    assert units["Ban Dân vận Huyện ủy Bến Cầu"]["overdue"] == 3
