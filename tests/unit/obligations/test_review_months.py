"""A directive review due in a month, not only a quarter: seed 003 schedules its reviews by
month ("Công văn chỉ đạo sơ kết 05 năm thực hiện Kết luận số 65-KL/TW" under "8. Tháng 8",
"Báo cáo sơ kết 05 năm thực hiện Kết luận số 65-KL/TW" under "10. Tháng 10")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from obligations.expand import expand, tasks_of
from obligations.loader import catalogue_files, load_catalogue
from obligations.yamlsrc import CatalogueError

ROOT = Path(__file__).resolve().parents[3]

PLAN = """\
kind: plan
id: thu-nghiem-so-ket
title: Sơ kết thử nghiệm
owner: bdv
units:
  - code: bdv
    name: Ban Dân vận Tỉnh ủy
    kind: party-commission
    email: bdv@tinh.example
    supervisor: tu
    head: {title: Trưởng ban, name: Nguyễn Văn A, email: tb@tinh.example}
  - code: mttq
    name: Ủy ban MTTQ tỉnh
    kind: fatherland-front
    email: mttq@tinh.example
    supervisor: tu
    head: {title: Chủ tịch, name: Trần Thị B, email: ct@tinh.example}
  - code: tu
    name: Thường trực Tỉnh ủy
    kind: party-committee
    email: tttu@tinh.example
directives:
  - code: 65-KL/TW
    kind: Kết luận
    issuer: Bộ Chính trị (khóa XII)
    issued: 2019-10-30
    title: về tiếp tục thực hiện Nghị quyết số 24-NQ/TW về công tác dân tộc trong tình hình mới
obligations:
  - id: so-ket
    family: directive-review
    directive: 65-KL/TW
    review: {kind: so-ket, years: 5, due: DUE}
    lead: bdv
    coordinating: [mttq]
"""


def load(tmp_path: Path, due: str) -> dict[str, date]:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.replace("DUE", due), encoding="utf-8")
    catalogue = load_catalogue([path, *catalogue_files(ROOT / "plans" / "calendar")])
    planned = expand(catalogue, date(2025, 12, 31), {"thu-nghiem-so-ket": date(2024, 1, 1)})
    return {task.step_id: task.due_on for task in tasks_of(planned["so-ket"])}


# The family's steps (obligations/families.yaml): the guidance letter 2 months before, the units'
# reports 30 days before, the consolidated report and the conference on the deadline.


def test_a_review_due_in_october_2024_is_due_on_the_last_day_of_october(tmp_path: Path) -> None:
    # 31/10/2024 is a Thursday; the guidance letter 2 months before is due 31/8, a Saturday,
    # so on the working day before it, Friday 30/8 — in August, as the seed has it.
    # The units' reports 30 days before: Tuesday 1/10.
    assert load(tmp_path, "2024-10") == {
        "guidance-letter": date(2024, 8, 30),
        "unit-reports": date(2024, 10, 1),
        "consolidated-report": date(2024, 10, 31),
        "conference": date(2024, 10, 31),
    }


def test_a_review_due_the_month_after_its_anniversary_is_due_on_that_months_last_working_day(
    tmp_path: Path,
) -> None:
    # The fifth anniversary is 30/10/2024; one month on is November, ending Saturday 30/11:
    # the review is due on Friday 29/11, and so is the conference.
    due = load(tmp_path, "month +1")
    assert (due["consolidated-report"], due["conference"]) == (date(2024, 11, 29),) * 2


@pytest.mark.parametrize("due", ["2024-13", "2024-1", "month +x", "week +1"])
def test_a_deadline_that_is_neither_a_quarter_nor_a_month_is_refused(
    tmp_path: Path, due: str
) -> None:
    with pytest.raises(CatalogueError, match="is not a deadline quarter or month"):
        load(tmp_path, due)


def test_a_recurring_review_refuses_a_fixed_month(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    text = PLAN.replace("years: 5, due: DUE", "every: 5, due: 2024-10")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError, match="deadline is relative"):
        load_catalogue([path, *catalogue_files(ROOT / "plans" / "calendar")])
