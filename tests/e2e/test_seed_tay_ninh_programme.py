"""Seed 003's programme (Chương trình công tác năm 2024 of the Ban Dân vận Tỉnh ủy Tây Ninh)
replayed day by day through 2024 for the families it adds — supervision, campaign, event and the
programme's dated tasks — through the plain steps their flows run, then chase, escalate and
delivery, with a real SMTP server on loopback.

Dates are worked out by hand from the calendar (Giỗ Tổ 18/4; 29/4 swapped for Saturday 4/5;
30/4–1/5; 2–3/9) and from what plans/tay-ninh-2024.yaml chose where the seed gives only a month
(a step is due by its month's last working day; a supervision's units report 10 working days
before it) — never read from the code. Chase policy (the plan's default): reminders 7, 3, 1 and 0
calendar days before the deadline on the working day on or before, none on or before the opening
day; then every 2 working days, three times; the head after 3 working days overdue, the
supervising unit after 7.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from obligations.loader import catalogue_files
from tasks import steps
from tests.conftest import BACKENDS, PLANS, SmtpServer, at
from tests.e2e.replay import one_task, queued, replayed_year, steps_of

Sessions = sessionmaker[Session]
D = date
YEAR = [D(2024, 1, 1) + timedelta(days=n) for n in range(366)]
HORIZON = D(2025, 12, 31)
FAMILIES = ("supervision", "campaign", "event", "task")
BDV = "tn-bdv"

GS06 = "tn-giam-sat-3-nam-06-ct-tu"
RA_QUAN = "tn-ra-quan-dan-van"
TRUYEN_THONG = "tn-ngay-truyen-thong-dan-van"
CHUYEN_DE = "tn-bc-chuyen-de-2024"


@dataclass(frozen=True)
class Done:
    """An operator records a step done, after the day's scheduled runs (office hours)."""

    obligation: str
    occurrence: str
    step: str
    unit: str
    at: datetime
    ref: str | None = None
    held_on: date | None = None


DONE = [
    Done(CHUYEN_DE, "2024-03", "task", BDV, at(D(2024, 3, 27), 14), "210-BC/BDVTU"),
    Done(GS06, "2024-04", "unit-reports", "tn-dd-hnd", at(D(2024, 4, 10), 10), "18-BC/ĐĐ"),
    Done(GS06, "2024-04", "unit-reports", "tn-chau-thanh", at(D(2024, 4, 17), 10), "95-BC/HU"),
    Done(GS06, "2024-04", "supervision", BDV, at(D(2024, 4, 25), 15), held_on=D(2024, 4, 25)),
    Done(GS06, "2024-04", "adoption", BDV, at(D(2024, 7, 10), 10), "30-TB/TU"),
    Done(TRUYEN_THONG, "2024", "event", BDV, at(D(2024, 10, 15), 16), held_on=D(2024, 10, 15)),
    Done(TRUYEN_THONG, "2024", "report", BDV, at(D(2024, 11, 1), 10), "260-BC/BDVTU"),
]


def act(sessions: Sessions, day: date) -> None:
    for d in DONE:
        if d.at.date() == day:
            steps.record_submission(
                sessions, d.at, day, d.obligation, d.unit, d.occurrence, d.ref, d.at, d.step,
                d.held_on,
            )  # fmt: skip


Replayed = tuple[Sessions, SmtpServer]


@pytest.fixture(scope="module", params=BACKENDS)
def replayed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Replayed]:
    """Seed 003's plan alone (with the calendars), tracked from 1/1/2024, run through 2024."""
    files = [PLANS / "tay-ninh-2024.yaml", *catalogue_files(PLANS / "calendar")]
    directory = tmp_path_factory.mktemp("programme")
    with replayed_year(request.param, directory, files, YEAR, HORIZON, FAMILIES, act) as done:
        yield done


def mail_to(smtp: SmtpServer, address: str, about: str) -> list[str]:
    """The subjects of the messages `address` received whose text mentions `about`."""
    found = []
    for message in smtp.received:
        if address in message.rcpt_tos:
            parsed = message.parsed()
            body = parsed.get_body(("plain",))
            assert body is not None
            if about in body.get_content():
                found.append(str(parsed["Subject"]))
    return found


# --- supervision: 3 years of Chỉ thị 06-CT/TU -----------------------------------------------------


def test_the_supervision_of_06_ct_tu_has_its_plan_in_march_and_its_results_in_june(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # "Xây dựng kế hoạch giám sát; quyết định thành lập đoàn giám sát; hướng dẫn báo cáo …" (tháng
    # 3): Friday 29/3, opening 10 days before (Tuesday 19/3). "Tổ chức giám sát …" (tháng 4): by
    # Friday 26/4 (29/4 and 30/4 are off), opening Tuesday 16/4; the units report 10 working days
    # before — 25, 24, 23, 22, 19, 17, 16, 15, 12, 11 (18/4 is Giỗ Tổ) — Thursday 11/4, opening
    # 10 days before (Monday 1/4, after the guidance is due). "Thông qua kết quả giám
    # sát …" (tháng 6): Friday 28/6, opening Tuesday 18/6.
    supervised = {"tn-hoa-thanh", "tn-chau-thanh", "tn-dd-hnd"}
    assert steps_of(sessions, GS06, "2024-04") == {
        "plan": (D(2024, 3, 19), D(2024, 3, 29), {BDV}),
        "decision": (D(2024, 3, 19), D(2024, 3, 29), {BDV}),
        "guidance": (D(2024, 3, 19), D(2024, 3, 29), {BDV}),
        "unit-reports": (D(2024, 4, 1), D(2024, 4, 11), supervised),
        "supervision": (D(2024, 4, 16), D(2024, 4, 26), {BDV}),
        "adoption": (D(2024, 6, 18), D(2024, 6, 28), {BDV}),
    }


def test_a_supervised_unit_that_never_reports_is_chased_and_escalated_to_its_head_then_above(
    replayed: Replayed,
) -> None:
    sessions, smtp = replayed
    # Due Thursday 11/4: 7 days before Thursday 4/4, 3 days Monday 8/4, 1 day Wednesday 10/4;
    # then Monday 15/4 (12, 15), 17/4, 22/4 (18/4 is off); the head after 3 working days (16/4),
    # the Thường trực Tỉnh ủy after 7 (12, 15, 16, 17, 19, 22, 23 → 23/4).
    assert queued(sessions, GS06, "tn-hoa-thanh", step="unit-reports") == {
        "open": D(2024, 4, 1),
        "before-7": D(2024, 4, 4),
        "before-3": D(2024, 4, 8),
        "before-1": D(2024, 4, 10),
        "due-day": D(2024, 4, 11),
        "overdue-1": D(2024, 4, 15),
        "escalate-1": D(2024, 4, 16),
        "overdue-2": D(2024, 4, 17),
        "overdue-3": D(2024, 4, 22),
        "escalate-2": D(2024, 4, 23),
    }
    assert mail_to(smtp, "bithu@hoathanh.tayninh.example", "06-CT/TU")
    assert mail_to(smtp, "thuongtruc@tinhuy.tayninh.example", "Thị ủy Hòa Thành")


def test_the_units_that_report_stop_being_chased_on_the_day_they_report(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # Đảng đoàn Hội Nông dân reports on Wednesday 10/4, after that morning's reminder.
    assert queued(sessions, GS06, "tn-dd-hnd", step="unit-reports") == {
        "open": D(2024, 4, 1),
        "before-7": D(2024, 4, 4),
        "before-3": D(2024, 4, 8),
        "before-1": D(2024, 4, 10),
    }
    assert one_task(sessions, GS06, "tn-dd-hnd", step="unit-reports").status == (
        "submitted_on_time"
    )
    # Huyện ủy Châu Thành reports late, on Wednesday 17/4, after its head was told (16/4).
    assert queued(sessions, GS06, "tn-chau-thanh", step="unit-reports") == {
        "open": D(2024, 4, 1),
        "before-7": D(2024, 4, 4),
        "before-3": D(2024, 4, 8),
        "before-1": D(2024, 4, 10),
        "due-day": D(2024, 4, 11),
        "overdue-1": D(2024, 4, 15),
        "escalate-1": D(2024, 4, 16),
        "overdue-2": D(2024, 4, 17),
    }
    assert one_task(sessions, GS06, "tn-chau-thanh", step="unit-reports").status == (
        "submitted_late"
    )


def test_the_supervision_held_a_day_early_and_the_results_adopted_late_stop_their_chase(
    replayed: Replayed,
) -> None:
    sessions, smtp = replayed
    # The supervision, due Friday 26/4: 19/4, 23/4, 25/4 — held on Thursday 25/4.
    assert queued(sessions, GS06, BDV, step="supervision") == {
        "open": D(2024, 4, 16),
        "before-7": D(2024, 4, 19),
        "before-3": D(2024, 4, 23),
        "before-1": D(2024, 4, 25),
    }
    supervision = one_task(sessions, GS06, BDV, step="supervision")
    assert (supervision.status, supervision.done_on) == ("submitted_on_time", D(2024, 4, 25))
    # The adoption, due Friday 28/6: 21/6, 25/6, 27/6, 28/6; then 2/7, 4/7, 8/7; the Ban's head
    # on 3/7, the Thường trực Tỉnh ủy on 9/7; recorded on Wednesday 10/7.
    assert queued(sessions, GS06, BDV, step="adoption") == {
        "open": D(2024, 6, 18),
        "before-7": D(2024, 6, 21),
        "before-3": D(2024, 6, 25),
        "before-1": D(2024, 6, 27),
        "due-day": D(2024, 6, 28),
        "overdue-1": D(2024, 7, 2),
        "escalate-1": D(2024, 7, 3),
        "overdue-2": D(2024, 7, 4),
        "overdue-3": D(2024, 7, 8),
        "escalate-2": D(2024, 7, 9),
    }
    assert one_task(sessions, GS06, BDV, step="adoption").status == "submitted_late"
    assert mail_to(smtp, "truongban.bdv@tinhuy.tayninh.example", "Thông qua kết quả giám sát")


# --- campaign: ra quân làm công tác dân vận, đợt 1/2024 -------------------------------------------


def test_ra_quan_round_1_has_its_plan_in_june_its_launch_in_july_and_its_report_in_august(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # The launch (chosen) Wednesday 10/7. Its plan by the last working day of June, Friday 28/6
    # (opening Tuesday 18/6); the attendance plan 5 working days before the launch, Wednesday 3/7,
    # opening when the plan is due (28/6); the launch opening 10 days before (Sunday 30/6 →
    # Friday 28/6); the report by the last working day of August, Friday 30/8, opening 20/8.
    assert steps_of(sessions, RA_QUAN, "2024-1") == {
        "plan": (D(2024, 6, 18), D(2024, 6, 28), {BDV}),
        "attendance-plan": (D(2024, 6, 28), D(2024, 7, 3), {BDV}),
        "launch": (D(2024, 6, 28), D(2024, 7, 10), {BDV}),
        "report": (D(2024, 8, 20), D(2024, 8, 30), {BDV}),
    }
    # Round 2: the plan by Friday 29/11, the attendance plan Tuesday 3/12, the launch 10/12; its
    # report by the last working day of January 2025 — Friday 24/1, Tết Ất Tỵ being off from
    # 25/1 to 2/2 — opens in January (14/1).
    assert steps_of(sessions, RA_QUAN, "2024-2") == {
        "plan": (D(2024, 11, 19), D(2024, 11, 29), {BDV}),
        "attendance-plan": (D(2024, 11, 29), D(2024, 12, 3), {BDV}),
        "launch": (D(2024, 11, 29), D(2024, 12, 10), {BDV}),
        "report": (D(2025, 1, 14), D(2025, 1, 24), {BDV}),
    }
    assert one_task(
        sessions, RA_QUAN, BDV, step="report", occurrence="2024-1"
    ).occurrence_label == ("đợt 1/2024")


# --- event: the traditional day of mass-mobilisation work, 15/10 ----------------------------------


def test_the_traditional_day_is_held_on_15_october_and_its_report_is_chased_until_it_comes(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # Plan by Monday 30/9 (opening Friday 20/9); the celebration Tuesday 15/10 (opening Saturday
    # 5/10 → Friday 4/10); the report 5 working days after, Tuesday 22/10, opening on the 15th.
    assert steps_of(sessions, TRUYEN_THONG, "2024") == {
        "plan": (D(2024, 9, 20), D(2024, 9, 30), {BDV}),
        "event": (D(2024, 10, 4), D(2024, 10, 15), {BDV}),
        "report": (D(2024, 10, 15), D(2024, 10, 22), {BDV}),
    }
    # Held on the day: 8/10, 12/10 → 11/10, 14/10 and the day's own notice that morning.
    assert queued(sessions, TRUYEN_THONG, BDV, step="event", occurrence="2024") == {
        "open": D(2024, 10, 4),
        "before-7": D(2024, 10, 8),
        "before-3": D(2024, 10, 11),
        "before-1": D(2024, 10, 14),
        "due-day": D(2024, 10, 15),
    }
    # The report: 7 days before is the opening day (no reminder); 19/10 → 18/10, 21/10, 22/10;
    # then 24/10, 28/10, 30/10; the head on 25/10, the Thường trực on 31/10; handed in on 1/11.
    assert queued(sessions, TRUYEN_THONG, BDV, step="report", occurrence="2024") == {
        "open": D(2024, 10, 15),
        "before-3": D(2024, 10, 18),
        "before-1": D(2024, 10, 21),
        "due-day": D(2024, 10, 22),
        "overdue-1": D(2024, 10, 24),
        "escalate-1": D(2024, 10, 25),
        "overdue-2": D(2024, 10, 28),
        "overdue-3": D(2024, 10, 30),
        "escalate-2": D(2024, 10, 31),
    }
    assert (
        one_task(sessions, TRUYEN_THONG, BDV, step="report", occurrence="2024").status
        == "submitted_late"
    )


# --- a one-off programme task: the 2024 theme's report, in March ----------------------------------


def test_a_one_off_task_of_march_is_due_on_its_last_working_day_and_stops_when_handed_in(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # "Báo cáo kết quả thực hiện Chuyên đề năm 2024 …" (tháng 3): Friday 29/3, opening Tuesday
    # 19/3; 22/3 and 26/3, then handed in on Wednesday 27/3.
    assert steps_of(sessions, CHUYEN_DE, "2024-03") == {
        "task": (D(2024, 3, 19), D(2024, 3, 29), {BDV}),
    }
    assert queued(sessions, CHUYEN_DE, BDV, step="task") == {
        "open": D(2024, 3, 19),
        "before-7": D(2024, 3, 22),
        "before-3": D(2024, 3, 26),
    }
    assert one_task(sessions, CHUYEN_DE, BDV, step="task").status == "submitted_on_time"
