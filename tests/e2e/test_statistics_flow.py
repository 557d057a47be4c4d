"""The monthly-statistics flow under Prefect's test harness: the month just ended published as a
table (per unit) and a Markdown artifact (per family, and the twelve months' trend), read back.

Tây Ninh's January 2024 (plans/tay-ninh-2024.yaml, seed 003), counted by hand: the monthly
report of the 20 monthly reporters ("due: day 18": Thursday 18/01), the Ban's own monthly report
("day 22": Monday 22/01) and its notice ("day 25": Thursday 25/01) — 22 tasks, all past due on
31/01. tn-mttq handed its report in on 12/01, on time; the other 21 are overdue: 1/22 = 4,5%.
"""

from __future__ import annotations

import asyncio
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
from prefect.flow_engine import run_flow_async
from prefect.states import Scheduled

from flows.periodic_reports import periodic_reports
from flows.statistics import monthly_statistics_flow
from tasks import steps
from tests.conftest import at, migrated_sqlite
from tests.e2e.test_prefect_flows import harness as harness

pytestmark = pytest.mark.prefect


def test_the_monthly_run_publishes_last_months_figures_and_trend(
    harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _, sessions = migrated_sqlite(tmp_path / "stats.db")
    monkeypatch.setenv("DONDOC_DATABASE_URL", url)
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path / "home"))
    asyncio.run(periodic_reports(as_of=date(2024, 1, 15)))
    day = date(2024, 1, 12)
    steps.record_submission(
        sessions, at(day, 10), day, "tn-bc-dan-van-thang", "tn-mttq", "2024-01", "1-BC",
        at(day, 10),
    )  # fmt: skip

    async def run() -> tuple[Any, dict[str, Any]]:
        async with get_client() as client:
            # Scheduled for 08:00 on 1 February in Vietnam (01:00 UTC), as prefect.yaml says.
            flow_run = await client.create_flow_run(
                monthly_statistics_flow,
                parameters={"plan": "tay-ninh-2024"},
                state=Scheduled(scheduled_time=datetime.fromisoformat("2024-02-01T01:00:00+00:00")),
            )
            returned = await run_flow_async(monthly_statistics_flow, flow_run=flow_run)
            found = await client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run.id])
                )
            )
            return returned, {a.key: a for a in found if a.key}

    returned, found = asyncio.run(run())
    assert returned == {
        "month": "2024-01",
        "done_on_time": 1,
        "done_late": 0,
        "open_in_time": 0,
        "overdue": 21,
        "on_time_rate": round(1 / 22, 4),
    }
    assert set(found) == {"monthly-statistics", "monthly-statistics-trend"}
    table = found["monthly-statistics"].data
    rows = json.loads(table) if isinstance(table, str) else table
    assert len(rows) == 22  # 21 units and the total
    by_unit = {row["Đơn vị"]: row for row in rows}
    front = by_unit["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Tây Ninh"]
    assert (front["Đúng hạn"], front["Quá hạn"], front["Tỷ lệ đúng hạn"]) == (1, 0, "100,0%")
    ban = by_unit["Ban Dân vận Tỉnh ủy Tây Ninh"]
    assert (ban["Đúng hạn"], ban["Quá hạn"]) == (0, 2)
    assert rows[-1]["Đơn vị"] == "Tổng cộng"
    assert rows[-1]["Tỷ lệ đúng hạn"] == "4,5%"
    assert "tháng 01/2024" in (found["monthly-statistics"].description or "")
    markdown = str(found["monthly-statistics-trend"].data)
    assert "### Thống kê nhiệm vụ tháng 01/2024" in markdown
    assert (
        "tính đến hết ngày 31/01/2024: 1 đúng hạn, 0 trễ hạn, 0 trong hạn, 21 quá hạn" in markdown
    )
    assert "| Báo cáo định kỳ | 1 | 0 | 0 | 21 | 4,5% |" in markdown
    # Twelve months up to January: February 2023 (no task yet) to January 2024.
    assert "| Tháng 02/2023 | 0 | 0 | 0 | 0 | — |" in markdown
    assert "| Tháng 01/2024 | 1 | 0 | 0 | 21 | 4,5% |" in markdown
    assert len(re.findall(r"^\| Tháng \d\d/\d{4} \|", markdown, re.MULTILINE)) == 12
