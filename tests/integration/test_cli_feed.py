"""`dondoc feed UNIT`: the unit's calendar written as iCalendar, from the repository's plans."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from dondoc.cli import app


def test_dondoc_feed_writes_the_fronts_2024_calendar_to_a_file(
    cli: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "mttq.ics"
    args = ["feed", "tn-mttq", "--from", "2024-01-01", "--to", "2024-01-31", "-o", str(target)]
    result = cli.invoke(app, args)
    assert result.exit_code == 0, result.output
    cal = Calendar.from_ical(target.read_bytes())
    days = {str(e["UID"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    # Seed 003: the Front's January report, by 18/01/2024.
    assert days["tay-ninh-2024/tn-bc-dan-van-thang/2024-01/report/tn-mttq@dondoc"] == date(
        2024, 1, 18
    )


def test_dondoc_feed_prints_to_stdout_and_takes_office_with_a_plan(cli: CliRunner) -> None:
    window = ["--from", "2024-08-01", "--to", "2024-08-31"]
    args = ["feed", "office", "--plan", "tay-ninh-2024", *window]
    result = cli.invoke(app, args)
    assert result.exit_code == 0, result.output
    cal = Calendar.from_ical(result.stdout_bytes)
    uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
    assert "tay-ninh-2024/tn-du-le-vu-lan/2024@dondoc" in uids
    assert all(uid.startswith("tay-ninh-2024/") for uid in uids)


def test_dondoc_feed_names_the_near_units_of_an_unknown_one(cli: CliRunner) -> None:
    result = cli.invoke(app, ["feed", "tn-mtq", "--from", "2024-01-01", "--to", "2024-01-31"])
    assert result.exit_code == 1
    assert "Không có đơn vị 'tn-mtq' trong danh mục" in result.stderr
    assert "tn-mttq" in result.stderr
    assert "Traceback" not in result.output


def test_feed_token_issue_prints_the_address_list_shows_it_and_revoke_ends_it(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import PLANS

    monkeypatch.setenv("DONDOC_LINKS__BASE_URL", "https://lich.example.vn/")
    files = [str(PLANS / "tay-ninh-2024.yaml"), *map(str, sorted(PLANS.glob("calendar/*.yaml")))]
    assert cli.invoke(app, ["plan", "load", *files]).exit_code == 0
    issued = cli.invoke(app, ["feed-token", "issue", "tn-mttq"])
    assert issued.exit_code == 0, issued.output
    address = issued.stdout.strip()
    assert re.fullmatch(r"https://lich\.example\.vn/lich/[A-Za-z0-9_-]{43}\.ics", address)
    listed = cli.invoke(app, ["feed-token", "list", "tn-mttq"])
    assert listed.stdout.split("\t")[1] == "tn-mttq"
    assert "đang dùng" in listed.stdout
    assert address.split("/")[-1][:-4] not in listed.stdout  # the secret is never shown again
    revoked = cli.invoke(app, ["feed-token", "revoke", "tn-mttq"])
    assert revoked.exit_code == 0, revoked.output
    assert "thu hồi" in cli.invoke(app, ["feed-token", "list"]).stdout
    again = cli.invoke(app, ["feed-token", "revoke", "tn-mttq"])
    assert again.exit_code == 1
    unknown = cli.invoke(app, ["feed-token", "issue", "tn-mtq"])
    assert unknown.exit_code == 1
    assert "tn-mttq" in unknown.stderr


def test_dondoc_feed_with_only_from_runs_to_the_end_of_that_year(
    cli: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "q4.ics"
    result = cli.invoke(app, ["feed", "tn-mttq", "--from", "2024-10-01", "-o", str(target)])
    assert result.exit_code == 0, result.output
    days = [e.decoded("DTSTART") for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert min(days) >= date(2024, 10, 1)
    assert max(days) <= date(2024, 12, 31)
    assert "01/10/2024 – 31/12/2024" in result.stdout
