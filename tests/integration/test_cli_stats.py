"""`dondoc stats` on the Tây Ninh 2024 plan (seed 003), against a real ledger (SQLite, and
PostgreSQL when configured).

Expected figures worked out by hand from plans/tay-ninh-2024.yaml and the calendar, never read
from the code. The periodic reports due January–March 2024:
- tn-bc-dan-van-thang, "due: day 18", 20 monthly-reporter units: 18/01 (Thursday); 18/02 is a
  Sunday, rolled forward to Monday 19/02;
- tn-bc-dan-van-quy (quý I), "due: day 18", the same 20 units: Monday 18/03 (March has no monthly
  report: "the report of months 3, 6 and 9 is the quarterly");
- tn-bdv alone: tn-bdv-bc-thang "day 22" (22/01 Monday, 22/02 Thursday), tn-bdv-bc-quy "day 22"
  (Friday 22/03), tn-bdv-thong-bao-thong-tin-bao-cao "day 25" (25/01 Thursday; 25/02 a Sunday, so
  26/02; 25/03 Monday).
So 22 tasks a month. As of Wednesday 20/03/2024, with the hand-ins below:
- January: on time tn-mttq (12/01), tn-hnd (18/01 16:30, the deadline day), tn-bdv's notice
  (25/01); late tn-ldld (19/01); tn-hnct waived; the other 17 overdue — rate 3/21.
- February: on time tn-mttq (19/02, the rolled deadline); late tn-hnd (20/02); 20 overdue — 1/22.
- March: on time tn-mttq's quarterly (18/03); tn-bdv-bc-quy and the notice not yet due (open in
  time); 19 overdue — 1/20 (the two not due yet are not in the rate).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from dondoc.cli import app
from tests.conftest import demo_catalogue_files

DEMO = [str(p) for p in demo_catalogue_files()]
MONTHLY = "tn-bc-dan-van-thang"
AS_OF = "2024-03-20"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def ok(*args: str) -> str:
    code, output = invoke(*args)
    assert code == 0, output
    return output


def submit(obligation: str, unit: str, period: str, at: str) -> None:
    ok("submit", obligation, unit, period, "--ref", f"{unit}-{period}", "--at", at)


@pytest.fixture
def first_quarter(cli: CliRunner) -> None:
    ok("plan", "load", *DEMO, "--track-from", "2024-01-01")
    ok("run", "periodic-reports", "--as-of", "2024-01-08", "--direct")
    ok("waive", MONTHLY, "tn-hnct", "2024-01", "--reason", "Đại hội", "--as-of", "2024-01-10")
    submit(MONTHLY, "tn-mttq", "2024-01", "2024-01-12T10:00")
    ok("run", "periodic-reports", "--as-of", "2024-01-15", "--direct")
    submit(MONTHLY, "tn-hnd", "2024-01", "2024-01-18T16:30")
    submit(MONTHLY, "tn-ldld", "2024-01", "2024-01-19T09:00")
    submit("tn-bdv-thong-bao-thong-tin-bao-cao", "tn-bdv", "2024-01", "2024-01-25T15:00")
    ok("run", "periodic-reports", "--as-of", "2024-02-16", "--direct")
    submit(MONTHLY, "tn-mttq", "2024-02", "2024-02-19T11:00")
    submit(MONTHLY, "tn-hnd", "2024-02", "2024-02-20T08:30")
    ok("run", "periodic-reports", "--as-of", "2024-03-15", "--direct")
    submit("tn-bc-dan-van-quy", "tn-mttq", "2024-Q1", "2024-03-18T10:00")


def stats_json(*args: str) -> dict[str, Any]:
    figures: dict[str, Any] = json.loads(ok("stats", "--json", "--as-of", AS_OF, *args))
    return figures


def counts(row: dict[str, Any]) -> tuple[int, int, int, int]:
    return row["done_on_time"], row["done_late"], row["open_in_time"], row["overdue"]


def test_the_first_quarter_by_month_has_the_hand_counted_figures_and_rates(
    first_quarter: None,
) -> None:
    figures = stats_json("--from", "2024-01", "--to", "2024-03", "--by", "period")
    by_month = {row["key"]: row for row in figures["rows"]}
    assert counts(by_month["2024-01"]) == (3, 1, 0, 17)
    assert by_month["2024-01"]["waived"] == 1
    assert by_month["2024-01"]["on_time_rate"] == round(3 / 21, 4)
    assert counts(by_month["2024-02"]) == (1, 1, 0, 20)
    assert by_month["2024-02"]["on_time_rate"] == round(1 / 22, 4)
    assert counts(by_month["2024-03"]) == (1, 0, 2, 19)
    assert by_month["2024-03"]["fell_due"] == 20
    assert by_month["2024-03"]["on_time_rate"] == round(1 / 20, 4)
    assert counts(figures["total"]) == (5, 2, 2, 56)
    assert figures["total"]["on_time_rate"] == round(5 / 63, 4)
    assert [row["key"] for row in figures["trend"]] == ["2024-01", "2024-02", "2024-03"]
    assert [row["on_time_rate"] for row in figures["trend"]] == [
        round(3 / 21, 4),
        round(1 / 22, 4),
        round(1 / 20, 4),
    ]


def test_the_quarter_adds_its_three_months(first_quarter: None) -> None:
    figures = stats_json(
        "--from", "2024-01", "--to", "2024-03", "--by", "period", "--period", "quarter"
    )
    assert [(row["key"], row["name"]) for row in figures["rows"]] == [("2024-Q1", "Quý I/2024")]
    assert counts(figures["rows"][0]) == (5, 2, 2, 56)


def test_per_unit_one_unit_and_one_family(first_quarter: None) -> None:
    figures = stats_json("--from", "2024-01", "--to", "2024-03", "--plan", "tay-ninh-2024")
    by_unit = {row["key"]: row for row in figures["rows"]}
    # The 20 monthly reporters and tn-bdv; the other demo plans' units are not in this plan.
    assert len(by_unit) == 21
    assert counts(by_unit["tn-mttq"]) == (3, 0, 0, 0)
    assert by_unit["tn-mttq"]["on_time_rate"] == 1.0
    assert counts(by_unit["tn-hnd"]) == (1, 1, 0, 1)
    assert counts(by_unit["tn-hnct"]) == (0, 0, 0, 2)
    assert by_unit["tn-hnct"]["waived"] == 1
    # tn-bdv's own six: its January notice on time; its January and February reports and its
    # February notice overdue; its quarterly report and March notice not due yet.
    assert counts(by_unit["tn-bdv"]) == (1, 0, 2, 3)
    only = stats_json("--from", "2024-01", "--to", "2024-02", "--unit", "tn-hnd")
    assert [row["key"] for row in only["rows"]] == ["tn-hnd"]
    assert counts(only["total"]) == (1, 1, 0, 0)
    families = stats_json("--from", "2024-01", "--to", "2024-03", "--by", "family")
    assert [(row["key"], row["name"]) for row in families["rows"]] == [
        ("periodic-report", "Báo cáo định kỳ")
    ]
    none = stats_json("--from", "2024-01", "--to", "2024-03", "--family", "steering-meeting")
    assert none["rows"] == []
    assert none["total"]["on_time_rate"] is None


def test_a_past_month_reads_the_same_on_a_later_day_and_agrees_with_status(
    first_quarter: None,
) -> None:
    later = json.loads(
        ok("stats", "--json", "--as-of", "2024-12-31", "--from", "2024-01", "--to", "2024-01")
    )
    assert later["total"]["on_time_rate"] == round(3 / 21, 4)
    # dondoc status counts every opened task by the day; on 20/03 those are the 66 of the quarter.
    status = json.loads(ok("status", "--json", "--as-of", AS_OF))
    summed = {k: sum(u[k] for u in status["units"]) for k in ("done_on_time", "overdue")}
    total = stats_json("--from", "2024-01", "--to", "2024-03")["total"]
    assert summed == {"done_on_time": total["done_on_time"], "overdue": total["overdue"]}


def test_the_table_has_vietnamese_headers_the_units_and_the_rate(first_quarter: None) -> None:
    output = ok("stats", "--as-of", AS_OF, "--from", "2024-01", "--to", "2024-03")
    title = "Thống kê nhiệm vụ có hạn trong 01/2024 – 03/2024, tính đến hết ngày 20/03/2024"
    assert title in output
    for header in ("Đơn vị", "Đúng", "Trễ", "Trong", "Quá", "Tỷ lệ"):
        assert header in output
    assert "Hội Nông dân tỉnh Tây Ninh" in output
    assert "Xu hướng theo tháng" in output
    assert "Tháng 02/2024" in output
    assert "7,9%" in output  # 5/63, the total


def test_a_bad_month_or_grouping_is_a_sentence(cli: CliRunner) -> None:
    code, output = invoke("stats", "--from", "2024-13")
    assert code == 2
    assert "--from cần dạng YYYY-MM" in output
    code, output = invoke("stats", "--by", "tháng")
    assert code == 2
    assert "--by nhận một trong: unit, family, period" in output
    code, output = invoke("stats", "--from", "2024-05", "--to", "2024-03", "--as-of", AS_OF)
    assert code == 1
    assert "--from (2024-05) phải không sau --to (2024-03)." in output
