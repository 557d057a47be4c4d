"""`dondoc field-day record` and `dondoc field-day coverage` on a ledger holding the Tây Ninh
plan: a day recorded once, a commune outside the charge refused in a sentence, the JSON table."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dondoc.cli import app
from tests.conftest import PLANS

EM = "tn-cv-vo-van-em"  # Bến Cầu's specialist in plans/tay-ninh-2024.yaml


def invoke(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_a_field_day_is_recorded_once_and_shows_in_the_years_coverage(cli: CliRunner) -> None:
    files = [str(PLANS / "tay-ninh-2024.yaml"), *map(str, sorted((PLANS / "calendar").glob("*")))]
    code, output = invoke(cli, "plan", "load", *files, "--track-from", "2024-01-01")
    assert code == 0, output
    code, output = invoke(cli, "field-day", "record", EM, "bcau-long-chu", "2024-01-10")
    assert code == 0, output
    assert "1 recorded; 1 task-done" in output
    assert "việc của tháng 01/2024 hoàn thành" in output
    code, output = invoke(cli, "field-day", "record", EM, "bcau-long-chu", "2024-01-10")
    assert (code, "đã ghi nhận trước đó, không thay đổi" in output) == (0, True)
    code, output = invoke(cli, "field-day", "record", EM, "tptn-phuong-1", "2024-01-11")
    assert code == 1
    assert "'tptn-phuong-1' không thuộc địa bàn phụ trách của 'tn-cv-vo-van-em'" in output
    assert "Traceback" not in output
    code, output = invoke(
        cli, "field-day", "coverage", "--year", "2024", "--specialist", EM, "--json"
    )
    assert code == 0, output
    (row,) = json.loads(output)
    assert row["visited"] == {"bcau-long-chu": ["2024-01-10"]}
    assert len(row["communes"]) == 9
    assert len(row["not_visited"]) == 8
    assert row["percent"] == 11.1  # 1 of 9
    # 2024 has ended by the day the test runs: every month but January lacks a field day.
    assert row["months_without_field_day"] == list(range(2, 13))
