"""Catalogue × window → the tasks that should exist — `obligations.expand`, on the demo plans.

The plan is `plans/tay-ninh-2024.yaml` (with Bình Phước's plan and the calendar, as `dondoc`
loads them): the monthly report is owed for months 1, 2, 4, 5, 7, 8 and 10, due on the 18th
(moved to the next working day), opening 10 calendar days before (moved back to a working day),
with Decree 09's data window (15th of the previous month to the 14th); 11 provincial
organisations and 9 district commissions report, the commissions until 30/6/2025.

Days off used below, as `plans/calendar/workdays-vn.yaml` has them: Tết Giáp Thìn 8–14/2/2024
(5015/TB-LĐTBXH), Giỗ Tổ Thu 18/4/2024 (statutory). Weekdays were read off a calendar.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from obligations.expand import PlannedTask, expand, tasks_of
from obligations.loader import Catalogue, catalogue_files, load_catalogue

ROOT = Path(__file__).resolve().parents[3]
D = date
PLAN = "tay-ninh-2024"
NEW_YEAR_2024 = D(2024, 1, 1)
MONTHLY = "tn-bc-dan-van-thang"
PROVINCIAL = [
    "tn-mttq",
    "tn-ldld",
    "tn-hnd",
    "tn-hlhpn",
    "tn-tinh-doan",
    "tn-hccb",
    "tn-hctd",
    "tn-hnct",
    "tn-hkh",
    "tn-hcttnxp",
    "tn-hnndc",
]
DISTRICT = [
    "tn-bdv-tp-tay-ninh",
    "tn-bdv-hoa-thanh",
    "tn-bdv-trang-bang",
    "tn-bdv-tan-bien",
    "tn-bdv-tan-chau",
    "tn-bdv-duong-minh-chau",
    "tn-bdv-chau-thanh",
    "tn-bdv-ben-cau",
    "tn-bdv-go-dau",
]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(catalogue_files(ROOT / "plans"))


def tasks(
    catalogue: Catalogue, last_due: date, tracking_from: date = NEW_YEAR_2024
) -> dict[str, list[PlannedTask]]:
    planned = expand(catalogue, last_due, {PLAN: tracking_from})
    return {ob_id: list(tasks_of(items)) for ob_id, items in planned.items()}


def periods(found: list[PlannedTask], unit: str = "tn-bdv-go-dau") -> list[str]:
    return sorted(t.occurrence_key for t in found if t.unit_code == unit)


def the(found: list[PlannedTask], period: str, unit: str = "tn-bdv-go-dau") -> PlannedTask:
    [task] = [t for t in found if t.occurrence_key == period and t.unit_code == unit]
    return task


def test_the_monthly_report_is_owed_for_seven_months_of_2024_by_twenty_units(
    catalogue: Catalogue,
) -> None:
    monthly = tasks(catalogue, D(2024, 12, 31))[MONTHLY]
    assert periods(monthly) == [
        "2024-01",
        "2024-02",
        "2024-04",
        "2024-05",
        "2024-07",
        "2024-08",
        "2024-10",
    ]
    assert len(monthly) == 7 * 20
    assert sorted({t.unit_code for t in monthly}) == sorted(PROVINCIAL + DISTRICT)
    assert len({t.key for t in monthly}) == len(monthly)  # no task twice


def test_the_2024_monthly_deadlines_move_off_weekends_and_holidays_to_the_next_working_day(
    catalogue: Catalogue,
) -> None:
    monthly = tasks(catalogue, D(2024, 12, 31))[MONTHLY]
    assert {t.occurrence_key: t.due_on for t in monthly if t.unit_code == "tn-mttq"} == {
        "2024-01": D(2024, 1, 18),  # Thu
        "2024-02": D(2024, 2, 19),  # 18/2 is a Sunday
        "2024-04": D(2024, 4, 19),  # 18/4 is Giỗ Tổ Hùng Vương
        "2024-05": D(2024, 5, 20),  # 18/5 is a Saturday
        "2024-07": D(2024, 7, 18),  # Thu
        "2024-08": D(2024, 8, 19),  # 18/8 is a Sunday
        "2024-10": D(2024, 10, 18),  # Fri
    }


def test_the_2024_monthly_tasks_open_ten_days_before_on_a_working_day(
    catalogue: Catalogue,
) -> None:
    monthly = tasks(catalogue, D(2024, 12, 31))[MONTHLY]
    assert {t.occurrence_key: t.opens_on for t in monthly if t.unit_code == "tn-mttq"} == {
        "2024-01": D(2024, 1, 8),  # Mon
        "2024-02": D(2024, 2, 7),  # 9/2 is Tết (8–14/2 off): back to Wed 7/2
        "2024-04": D(2024, 4, 9),  # Tue
        "2024-05": D(2024, 5, 10),  # Fri
        "2024-07": D(2024, 7, 8),  # Mon
        "2024-08": D(2024, 8, 9),  # Fri
        "2024-10": D(2024, 10, 8),  # Tue
    }


def test_a_monthly_task_carries_its_label_and_decree_09_data_window(
    catalogue: Catalogue,
) -> None:
    monthly = tasks(catalogue, D(2024, 12, 31))[MONTHLY]
    assert the(monthly, "2024-04") == PlannedTask(
        due_on=D(2024, 4, 19),
        obligation_id=MONTHLY,
        occurrence_key="2024-04",
        step_id="report",
        unit_code="tn-bdv-go-dau",
        occurrence_label="Tháng 4/2024",
        opens_on=D(2024, 4, 9),
        anchor=D(2024, 4, 19),
        window_start=D(2024, 3, 15),
        window_end=D(2024, 4, 14),
        step_kind="report",
        step_name="Báo cáo công tác dân vận tháng",
        family="periodic-report",
    )
    january = the(monthly, "2024-01")
    assert (january.window_start, january.window_end) == (D(2023, 12, 15), D(2024, 1, 14))


def test_the_quarterly_six_month_nine_month_and_annual_reports_of_2024(
    catalogue: Catalogue,
) -> None:
    found = tasks(catalogue, D(2024, 12, 31))
    rows = {
        ob: [
            (
                t.occurrence_key,
                t.occurrence_label,
                t.window_start,
                t.window_end,
                t.opens_on,
                t.due_on,
            )
        ]
        for ob in (
            "tn-bc-dan-van-quy",
            "tn-bc-dan-van-6-thang",
            "tn-bc-dan-van-9-thang",
            "tn-bc-dan-van-nam",
        )
        for t in found[ob]
        if t.unit_code == "tn-hnd"
    }
    assert rows == {
        "tn-bc-dan-van-quy": [
            (
                "2024-Q1",
                "Quý I/2024",
                D(2023, 12, 15),
                D(2024, 3, 14),
                D(2024, 3, 8),
                D(2024, 3, 18),
            )
        ],
        "tn-bc-dan-van-6-thang": [  # opens 8/6, a Saturday → Fri 7/6
            (
                "2024-H1",
                "6 tháng đầu năm 2024",
                D(2023, 12, 15),
                D(2024, 6, 14),
                D(2024, 6, 7),
                D(2024, 6, 18),
            )
        ],
        "tn-bc-dan-van-9-thang": [  # opens 8/9, a Sunday → Fri 6/9
            (
                "2024-9M",
                "9 tháng năm 2024",
                D(2023, 12, 15),
                D(2024, 9, 14),
                D(2024, 9, 6),
                D(2024, 9, 18),
            )
        ],
        "tn-bc-dan-van-nam": [  # the plan's window: 15/12 to 14/11
            ("2024", "Năm 2024", D(2023, 12, 15), D(2024, 11, 14), D(2024, 11, 8), D(2024, 11, 18))
        ],
    }
    assert [len(found[ob]) for ob in rows] == [20, 20, 20, 20]


def test_district_commissions_owe_only_what_is_due_before_they_end_on_30_june_2025(
    catalogue: Catalogue,
) -> None:
    monthly = tasks(catalogue, D(2025, 12, 31))[MONTHLY]
    assert periods(monthly, "tn-bdv-go-dau") == [
        "2024-01",
        "2024-02",
        "2024-04",
        "2024-05",
        "2024-07",
        "2024-08",
        "2024-10",
        "2025-01",
        "2025-02",
        "2025-04",
        "2025-05",
    ]
    assert periods(monthly, "tn-mttq")[7:] == [
        "2025-01",
        "2025-02",
        "2025-04",
        "2025-05",
        "2025-07",
        "2025-08",
        "2025-10",
    ]
    per_period = {t.occurrence_key: 0 for t in monthly}
    for t in monthly:
        per_period[t.occurrence_key] += 1
    assert {k: n for k, n in per_period.items() if k.startswith("2025")} == {
        "2025-01": 20,
        "2025-02": 20,
        "2025-04": 20,
        "2025-05": 20,
        "2025-07": 11,
        "2025-08": 11,
        "2025-10": 11,
    }
    # The 6-month report of 2025 is due Wed 18/6/2025, before they end: all 20 owe it; the
    # 9-month report is due Thu 18/9/2025, after: only the provincial organisations.
    found = tasks(catalogue, D(2025, 12, 31))
    half = [t.unit_code for t in found["tn-bc-dan-van-6-thang"] if t.occurrence_key == "2025-H1"]
    nine = [t.unit_code for t in found["tn-bc-dan-van-9-thang"] if t.occurrence_key == "2025-9M"]
    assert sorted(half) == sorted(PROVINCIAL + DISTRICT)
    assert sorted(nine) == sorted(PROVINCIAL)


def test_the_2025_monthly_deadlines_move_off_weekends(catalogue: Catalogue) -> None:
    monthly = tasks(catalogue, D(2025, 12, 31))[MONTHLY]
    due = {t.occurrence_key: t.due_on for t in monthly if t.unit_code == "tn-mttq"}
    assert {k: v for k, v in due.items() if k.startswith("2025")} == {
        "2025-01": D(2025, 1, 20),  # 18/1/2025 is a Saturday
        "2025-02": D(2025, 2, 18),  # Tue
        "2025-04": D(2025, 4, 18),  # Fri
        "2025-05": D(2025, 5, 19),  # 18/5/2025 is a Sunday
        "2025-07": D(2025, 7, 18),  # Fri
        "2025-08": D(2025, 8, 18),  # Mon
        "2025-10": D(2025, 10, 20),  # 18/10/2025 is a Saturday
    }


def test_tracking_from_june_leaves_the_earlier_deadlines_of_the_year_alone(
    catalogue: Catalogue,
) -> None:
    found = tasks(catalogue, D(2024, 12, 31), tracking_from=D(2024, 6, 1))
    assert periods(found[MONTHLY]) == ["2024-07", "2024-08", "2024-10"]
    assert found["tn-bc-dan-van-quy"] == []  # due 18/3
    assert periods(found["tn-bc-dan-van-6-thang"]) == ["2024-H1"]  # due 18/6


def test_tracking_starts_with_the_deadline_on_its_first_day_included(
    catalogue: Catalogue,
) -> None:
    on_the_day = tasks(catalogue, D(2024, 2, 29), tracking_from=D(2024, 1, 18))[MONTHLY]
    day_after = tasks(catalogue, D(2024, 2, 29), tracking_from=D(2024, 1, 19))[MONTHLY]
    assert periods(on_the_day) == ["2024-01", "2024-02"]
    assert periods(day_after) == ["2024-02"]


def test_the_window_ends_with_the_last_deadline_included(catalogue: Catalogue) -> None:
    assert periods(tasks(catalogue, D(2024, 4, 19))[MONTHLY]) == ["2024-01", "2024-02", "2024-04"]
    assert periods(tasks(catalogue, D(2024, 4, 18))[MONTHLY]) == ["2024-01", "2024-02"]


def test_a_plan_without_a_tracking_start_gets_no_tasks(catalogue: Catalogue) -> None:
    found = tasks(catalogue, D(2024, 12, 31))
    # Tây Ninh's obligations only (its meetings, reviews and visits as well as these reports):
    # Bình Phước's obligation is left out, its plan was not given a start.
    plan = next(p for p in catalogue.plans if p.id == PLAN)
    assert sorted(found) == sorted(ob.id for ob in plan.all_obligations)
    assert {
        "tn-bc-dan-van-6-thang",
        "tn-bc-dan-van-9-thang",
        "tn-bc-dan-van-nam",
        "tn-bc-dan-van-quy",
        "tn-bc-dan-van-thang",
    } <= set(found)
    both = expand(
        catalogue, D(2024, 12, 31), {PLAN: D(2024, 1, 1), "binh-phuoc-dvcq": D(2024, 1, 1)}
    )
    assert sorted(set(both) - set(found)) == [
        "bp-bc-dan-van-cq-nam",
        "bp-tong-ket-5-nam-dan-van-cq",
    ]
    assert both["bp-tong-ket-5-nam-dan-van-cq"] == []  # seed 004: "Quý IV năm 2025", past 2024
    assert [t.due_on for t in tasks_of(both["bp-bc-dan-van-cq-nam"])][:1] == [D(2024, 10, 30)]
