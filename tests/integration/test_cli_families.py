"""The commands of every family: `dondoc preview`, `reschedule`, `cancel`, `submit --held-on`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dondoc.cli import app
from tests.conftest import PLANS
from tests.integration.test_operator_actions import PLAN

PREVIEW_FIELDS = [
    "obligation", "family", "occurrence_key", "occurrence_label", "step", "step_kind",
    "step_name", "unit", "unit_name", "opens_on", "due_on", "anchor", "window_start",
    "window_end", "directive",
]  # fmt: skip


def files(tmp_path: Path) -> list[str]:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    return [str(plan), *(str(p) for p in sorted((PLANS / "calendar").glob("*.yaml")))]


def invoke(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_preview_lists_each_step_of_each_occurrence_in_its_stable_shape(
    cli: CliRunner, tmp_path: Path
) -> None:
    code, output = invoke(
        cli, "preview", "--from", "2024-03-01", "--to", "2024-04-30", "--json", *files(tmp_path)
    )
    assert code == 0, output
    rows = json.loads(output)
    assert all(list(row) == PREVIEW_FIELDS for row in rows)
    assert [(r["due_on"], r["step"], r["occurrence_label"]) for r in rows] == [
        ("2024-03-18", "activity-report", "Quý I/2024"),
        ("2024-03-18", "budget-request", "Quý I/2024"),
        ("2024-03-25", "meeting", "Quý I/2024"),
        ("2024-04-01", "minutes", "Quý I/2024"),
    ]
    assert rows[2] == {
        "obligation": "bcd-hop-quy",
        "family": "steering-meeting",
        "occurrence_key": "2024-Q1",
        "occurrence_label": "Quý I/2024",
        "step": "meeting",
        "step_kind": "meeting",
        "step_name": "Họp Ban Chỉ đạo định kỳ",
        "unit": "bdv",
        "unit_name": "Ban Dân vận Tỉnh ủy",
        "opens_on": "2024-03-15",
        "due_on": "2024-03-25",
        "anchor": "2024-03-25",
        "window_start": None,
        "window_end": None,
        "directive": None,
    }
    code, output = invoke(
        cli, "preview", "--from", "2024-03-01", "--to", "2024-04-30", "--json",
        "--family", "periodic-report", *files(tmp_path),
    )  # fmt: skip
    assert (code, json.loads(output)) == (0, [])


def test_an_occurrence_is_moved_called_off_and_a_meeting_recorded_from_the_command_line(
    cli: CliRunner, tmp_path: Path
) -> None:
    code, output = invoke(cli, "plan", "load", *files(tmp_path), "--track-from", "2024-01-01")
    assert code == 0, output
    code, output = invoke(
        cli, "reschedule", "bcd-hop-quy", "2024-Q1", "--to", "2024-04-03",
        "--reason", "Trùng lịch", "--as-of", "2024-03-01",
    )  # fmt: skip
    assert code == 0, output
    assert output.splitlines()[0] == "reschedule-occurrence — ngày 01/03/2024: 4 nhiệm vụ đổi ngày"
    code, output = invoke(
        cli, "submit", "bcd-hop-quy", "bdv", "2024-Q1", "--step", "meeting",
        "--held-on", "2024-04-03", "--ref", "12-TB/BCĐ", "--at", "2024-04-03T16:00",
    )  # fmt: skip
    assert code == 0, output
    assert "Kết quả: đã nộp đúng hạn (12-TB/BCĐ)" in output
    code, output = invoke(
        cli, "cancel", "bcd-hop-quy", "2024-Q2", "--reason", "Gộp với quý III",
        "--as-of", "2024-04-05",
    )  # fmt: skip
    assert code == 0, output
    assert (
        output.splitlines()[0] == "cancel-occurrence — ngày 05/04/2024: 4 nhiệm vụ dừng (kỳ bị hủy)"
    )
    code, output = invoke(cli, "tasks", "--json", "--obligation", "bcd-hop-quy")
    tasks = json.loads(output)
    assert {
        (t["period_key"], t["step"]): t["status"] for t in tasks if t["period_key"] <= "2024-Q2"
    } == {
        ("2024-Q1", "activity-report"): "planned",
        ("2024-Q1", "budget-request"): "planned",
        ("2024-Q1", "meeting"): "submitted_on_time",
        ("2024-Q1", "minutes"): "planned",
        ("2024-Q2", "activity-report"): "cancelled",
        ("2024-Q2", "budget-request"): "cancelled",
        ("2024-Q2", "meeting"): "cancelled",
        ("2024-Q2", "minutes"): "cancelled",
    }
    code, output = invoke(cli, "cancel", "bcd-hop-quy", "2031-Q1", "--reason", "x")
    assert code == 1
    assert "không có kỳ '2031-Q1' của nghĩa vụ 'bcd-hop-quy'" in output


def test_plan_check_warns_of_a_step_kind_with_no_wording_of_its_own(
    cli: CliRunner, tmp_path: Path
) -> None:
    plan, *calendar = files(tmp_path)
    text = Path(plan).read_text(encoding="utf-8") + (
        "    steps:\n"
        "      - id: field-trip\n"
        "        kind: field-trip\n"
        "        name: Đi thực tế cơ sở\n"
        "        owner: office\n"
        "        due: 10 days after\n"
    )
    Path(plan).write_text(text, encoding="utf-8")
    code, output = invoke(cli, "plan", "check", plan, *calendar)
    assert code == 0, output
    assert (
        f"{plan}:18: warning: step 'field-trip' of 'bcd-hop-quy' is of kind 'field-trip', which "
        "has no wording of its own: its messages use the plain generic wording (add templates "
        "under notifications/templates/email/steps/field-trip/)"
    ) in output
    assert "'activity-report'" not in output  # a report is worded
