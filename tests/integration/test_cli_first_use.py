"""What a new user tripped on, following the README on a fresh clone — each a test that failed
before its fix (issue 6, points 1, 5–9, 16)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dondoc.cli import app
from tests.conftest import ROOT, SmtpServer, demo_catalogue_files

DEMO = [str(p) for p in demo_catalogue_files()]


def invoke(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def dondoc(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m dondoc ARGS` in a fresh process, with only the given DONDOC_ settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "PREFECT_"))}
    return subprocess.run(
        [sys.executable, "-m", "dondoc", *args],
        cwd=cwd,
        env=clean | (env or {}),
        capture_output=True,
        text=True,
        timeout=120,
    )


# 1. A run's rows show what finally became of each message.


def test_a_run_that_sends_its_mail_says_sent_on_each_row(
    cli: CliRunner, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke(cli, "plan", "load", *DEMO, "--track-from", "2024-01-01")[0] == 0
    monkeypatch.setenv("DONDOC_SMTP__HOST", smtp_server.settings.host)
    monkeypatch.setenv("DONDOC_SMTP__PORT", str(smtp_server.settings.port))
    code, output = invoke(cli, "run", "periodic-reports", "--as-of", "2024-01-08", "--direct")
    assert code == 0, output
    rows = [line for line in output.splitlines() if line.startswith("Đơn vị: ")]
    assert len(rows) == 20
    assert all(row.endswith("| Kết quả: đã gửi") for row in rows), rows
    assert "20 thư đã gửi" in output.splitlines()[0]


def test_a_run_that_only_delivers_earlier_mail_lists_it(
    cli: CliRunner, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke(cli, "plan", "load", *DEMO, "--track-from", "2024-01-01")[0] == 0
    # No SMTP yet: the 20 opening messages stay queued.
    assert invoke(cli, "run", "periodic-reports", "--as-of", "2024-01-08", "--direct")[0] == 0
    monkeypatch.setenv("DONDOC_SMTP__HOST", smtp_server.settings.host)
    monkeypatch.setenv("DONDOC_SMTP__PORT", str(smtp_server.settings.port))
    # 9 January: no reminder is due (the first is on the 11th); the chase delivers the backlog.
    code, output = invoke(cli, "run", "chase", "--as-of", "2024-01-09", "--direct")
    assert code == 0, output
    first, *rest = output.splitlines()
    assert first == "chase — ngày 09/01/2024: 20 thư đã gửi"
    assert len(rest) == 20
    assert all("Việc: Gửi thư đã xếp từ trước" in row for row in rest)
    assert all(row.endswith("| Kết quả: đã gửi") for row in rest)
    assert any("Gửi tới: vanphong@mttq.tayninh.example" in row for row in rest)
    assert len(smtp_server.received) == 20


# 5. A command run from another directory finds the project's ledger or refuses.


def test_a_read_command_far_from_any_project_refuses_and_creates_nothing(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = dondoc("status", cwd=elsewhere, env={"DONDOC_PROJECT_DIR": str(elsewhere)})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"dondoc: there is no ledger at {elsewhere / 'var' / 'dondoc.db'} yet: load a catalogue "
        "first (dondoc plan load FILE…), or set DONDOC_HOME or DONDOC_DATABASE_URL to the ledger "
        "you mean"
    )
    assert list(elsewhere.iterdir()) == []


def test_a_load_far_from_any_project_names_the_ledger_it_would_create(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = dondoc(
        "plan", "load", *DEMO, cwd=elsewhere, env={"DONDOC_PROJECT_DIR": str(elsewhere)}
    )
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"dondoc: this would create a new ledger at {elsewhere / 'var' / 'dondoc.db'}, but this "
        "is not a dondoc project directory and DONDOC_HOME is not set"
    )
    assert list(elsewhere.iterdir()) == []


def test_a_command_run_from_another_directory_uses_the_projects_home(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "plans").mkdir(parents=True)
    (project / "prefect.yaml").write_text("deployments: []\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = dondoc("db", "upgrade", cwd=elsewhere, env={"DONDOC_PROJECT_DIR": str(project)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Ledger sqlite:///{project / 'var' / 'dondoc.db'} migrated")
    assert (project / "var" / "dondoc.db").is_file()
    assert list(elsewhere.iterdir()) == []


# 6. `dondoc status`: Vietnamese order, waived tasks counted, 80 columns, the day said.


def test_status_reads_well_at_80_columns_in_vietnamese_order(cli: CliRunner) -> None:
    assert invoke(cli, "plan", "load", *DEMO, "--track-from", "2024-01-01")[0] == 0
    assert invoke(cli, "run", "periodic-reports", "--as-of", "2024-01-08", "--direct")[0] == 0
    assert (
        invoke(cli, "waive", "tn-bc-dan-van-thang", "tn-hnct", "2024-01", "--reason", "Đại hội",
               "--as-of", "2024-01-20")[0]
        == 0
    )  # fmt: skip
    code, output = invoke(cli, "status", "--as-of", "2024-01-31")
    assert code == 0, output
    assert max(len(line) for line in output.splitlines()) <= 80, output
    lines = [line.strip() for line in output.splitlines()]
    assert lines[0] == "Tình hình thực hiện nhiệm vụ đến hết ngày 31/01/2024"
    header = lines.index("Đúng   Trễ   Trong   Quá")
    assert lines[header + 1].split() == ["Đơn", "vị", "hạn", "hạn", "hạn", "hạn", "Miễn"]
    names = [
        line.split("  ")[0]
        for line in lines
        if line.startswith(("Ban ", "Hội ", "Liên ", "Tỉnh ", "Ủy "))
    ]
    assert names.index("Hội Cựu chiến binh tỉnh Tây Ninh") < names.index(
        "Hội Cựu Thanh niên xung phong tỉnh Tây Ninh"
    )  # "chiến" before "Thanh": case does not decide (code-point order put T first)
    assert names[0].startswith("Ban Dân vận Huyện ủy")
    assert names[-1].startswith("Ủy ban Mặt trận Tổ quốc Việt Nam")
    waived = next(line for line in lines if line.startswith("Hội Người cao tuổi"))
    assert "Miễn: được miễn nhiệm vụ." in " ".join(lines)
    assert waived.split()[-5:] == ["0", "0", "0", "0", "1"]
    total = next(line for line in lines if line.startswith("Tổng cộng"))
    assert total.split()[-5:] == ["0", "0", "0", "19", "1"]


# 7. Plain words: plurals, no markdown in a terminal.


ONE_OF_EACH = """\
kind: plan
id: mot-nghia-vu
title: Một nghĩa vụ
owner: bdv
units:
  - code: bdv
    name: Ban Dân vận Tỉnh ủy
    kind: party-commission
    email: bdv@tinh.example
    head: {title: Trưởng ban, name: Nguyễn Văn A, email: tb@tinh.example}
    supervisor: tn-tttu  # a unit of the Tây Ninh plan, loaded with it
obligations:
  - id: bc-nam
    name: Báo cáo năm
    family: periodic-report
    period: yearly
    due: day 18
    units: [bdv]
"""


def test_plan_check_counts_in_the_singular_and_the_plural(cli: CliRunner, tmp_path: Path) -> None:
    # The demo plans all count in the plural since Bình Phước's plan has its review (seed 004):
    # the singular is checked on a plan of one unit and one obligation.
    single = tmp_path / "mot.yaml"
    single.write_text(ONE_OF_EACH, encoding="utf-8")
    code, output = invoke(cli, "plan", "check", *DEMO, str(single))
    assert code == 0, output
    assert "mot.yaml: ok — plan mot-nghia-vu: 1 unit, 1 obligation\n" in output
    assert "binh-phuoc-dvcq.yaml: ok — plan binh-phuoc-dvcq: 23 units, 2 obligations\n" in output
    assert "tay-ninh-2024.yaml: ok — plan tay-ninh-2024: 35 units, 54 obligations\n" in output


def test_a_run_summary_in_a_terminal_carries_no_markdown(cli: CliRunner) -> None:
    assert invoke(cli, "plan", "load", *DEMO, "--track-from", "2024-01-01")[0] == 0
    code, output = invoke(cli, "run", "periodic-reports", "--as-of", "2024-01-08", "--direct")
    assert code == 0, output
    assert output.splitlines()[0] == (
        "periodic-reports — ngày 08/01/2024: 20 nhiệm vụ mở; 20 thông báo xếp gửi; "
        "20 thư vào hàng đợi; 20 tin chờ gửi (kênh chưa được cấu hình)"
    )


# 8. Festivals without a date that year are named, not silently left out.


def test_festivals_of_a_year_name_those_without_a_published_date(tmp_path: Path) -> None:
    env = {"DONDOC_PLANS_DIR": str(ROOT / "plans"), "DONDOC_HOME": str(tmp_path)}
    result = dondoc("calendar", "festivals", "2027", "--json", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    listed = {row["id"] for row in json.loads(result.stdout)}
    assert {"kate", "ramuwan", "ramadan-cham-islam"}.isdisjoint(listed)
    assert len(listed) == 13
    assert result.stderr.strip() == (
        "Chưa có ngày công bố cho năm 2027: Lễ hội Katê, Tết Ramưwan, "
        "Tháng Ramadan (lễ đón mừng tháng ăn chay)."
    )
    # 2024 has every festival; Đản sanh Đức Huỳnh Giáo chủ (25/11 âm lịch) falls twice in it,
    # on 6 January (year Quý Mão) and 25 December (year Giáp Thìn).
    result = dondoc("calendar", "festivals", "2024", "--json", cwd=tmp_path, env=env)
    ids = [row["id"] for row in json.loads(result.stdout)]
    assert len(ids) == 17
    assert ids.count("dan-sanh-huynh-giao-chu") == 2
    assert result.stderr == ""


# 9. `dondoc --help` promises only what exists.


def test_help_promises_only_what_exists() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    # The families dondoc keeps (obligations/families.yaml) …
    for family in ("báo cáo định kỳ", "họp Ban Chỉ đạo", "sơ kết, tổng kết", "lễ trọng"):
        assert family in text
    # … and the channels it sends by.
    assert "e-mail và Zalo" in text
    commands = {
        "run",
        "submit",
        "acknowledge",
        "waive",
        "tasks",
        "status",
        "up",
        "db",
        "plan",
        "calendar",
    }
    commands |= {"outbox", "notify", "zalo"}
    listed = {line.split()[1] for line in result.output.splitlines() if line.startswith("│ ")}
    assert commands <= listed


# 16. A bad setting is a sentence saying what is wrong and what to set, never a traceback.

BAD_SETTINGS = [
    pytest.param(
        {"DONDOC_SMTP__PORT": "abc"},
        "dondoc: DONDOC_SMTP__PORT=abc: is not a whole number; fix it or unset it",
        id="port",
    ),
    pytest.param(
        {"DONDOC_SMTP__SECURITY": "tls"},
        "dondoc: DONDOC_SMTP__SECURITY=tls: must be one of none, starttls or ssl; "
        "fix it or unset it",
        id="security",
    ),
    pytest.param(
        {"DONDOC_UI_PORT": "99999"},
        "dondoc: DONDOC_UI_PORT=99999: must be at most 65535; fix it or unset it",
        id="ui-port",
    ),
    pytest.param(
        {"DONDOC_DATABASE_URL": "not a url"},
        "dondoc: DONDOC_DATABASE_URL='not a url' is not a database URL dondoc can use (SQLite "
        "or PostgreSQL): set it like sqlite:////srv/dondoc/dondoc.db or "
        "postgresql://user@host:5432/dondoc",
        id="database-url",
    ),
    pytest.param(
        {"DONDOC_DATABASE_URL": "mysql+nosuchdriver://u@localhost/x"},
        "dondoc: DONDOC_DATABASE_URL='mysql+nosuchdriver://u@localhost/x' is not a database URL "
        "dondoc can use (SQLite or PostgreSQL): set it like sqlite:////srv/dondoc/dondoc.db or "
        "postgresql://user@host:5432/dondoc",
        id="unknown-driver",
    ),
]


@pytest.mark.parametrize(("env", "message"), BAD_SETTINGS)
def test_a_bad_setting_is_a_sentence_not_a_traceback(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    result = dondoc("status", cwd=tmp_path, env={"DONDOC_HOME": str(tmp_path), **env})
    assert result.returncode == 2
    assert result.stderr.strip() == message
    assert "Traceback" not in result.stderr


def test_a_database_that_does_not_answer_is_a_sentence(tmp_path: Path) -> None:
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    url = "postgresql://postgres@127.0.0.1:9/test"
    result = dondoc("status", cwd=tmp_path, env={"DONDOC_DATABASE_URL": url})
    assert result.returncode == 2
    assert result.stderr.startswith("dondoc: the ledger database does not answer (")
    assert result.stderr.rstrip().endswith(
        "check DONDOC_DATABASE_URL and that its server is running"
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "load", *DEMO, "--track-from", "0002-01-01"],
        ["status", "--as-of", "2300-01-01"],
        ["calendar", "workday", "1800-01-01"],
    ],
    ids=["track-from", "as-of", "workday"],
)
def test_a_day_outside_the_calendars_is_a_usage_error(cli: CliRunner, args: list[str]) -> None:
    code, output = invoke(cli, *args)
    assert code == 2
    assert "is outside the calendar dondoc knows (1900-01-01 to 2199-12-31)" in " ".join(
        output.replace("│", " ").split()
    )
