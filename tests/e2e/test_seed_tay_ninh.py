"""Seed 003 — Kế hoạch số 100-KH/BDVTU ngày 16/01/2024 of the Ban Dân vận Tỉnh ủy Tây Ninh and its
Chương trình công tác năm 2024 — replayed day by day through 2024, through the plain steps the
flows run (the steering-meetings, directive-reviews and holiday-visits flows each open their own
family; then chase, escalate and delivery), with a real SMTP server on loopback.

The dates below are the seed's (its lines are quoted) or worked out by hand from the calendar
(Tết Giáp Thìn off 8–14/2; Giỗ Tổ 18/4; 29/4 swapped for Saturday 4/5; 30/4–1/5; 2–3/9;
1/1/2025) and from what plans/tay-ninh-2024.yaml chose where the seed gives only a month —
never read from the code. Chase policy (the plan's default): reminders 7, 3, 1 and 0 calendar
days before the deadline on the working day on or before, the nearer one kept when two land on
one day and none on or before the opening day; then every 2 working days, three times; the head
after 3 working days overdue, the supervising unit after 7.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ledger.db import transaction
from ledger.models import Task, TaskNotice
from obligations.loader import catalogue_files, load_catalogue
from tasks import steps
from tests.conftest import (
    BACKENDS,
    PLANS,
    SmtpServer,
    at,
    plain_text,
)
from tests.e2e.replay import one_task, queued, replayed_year, steps_of

Sessions = sessionmaker[Session]
YEAR = [date(2024, 1, 1) + timedelta(days=n) for n in range(366)]
HORIZON = date(2025, 12, 31)
FAMILIES = ("steering-meeting", "directive-review", "holiday-visit")
D = date
BDV = "tn-bdv"
OCC = "2024"  # every obligation here recurs yearly: its 2024 occurrence

BCD37_Q1 = "tn-bcd37-hop-quy-1"
BCD37_Q2 = "tn-bcd37-hop-quy-2"
BCD37_Q3 = "tn-bcd37-hop-quy-3"
BCD37_Q4 = "tn-bcd37-hop-quy-4"
BCD30_Q1 = "tn-bcd30-hop-quy-1"
TET = "tn-tham-tet-nguyen-dan"
DUC_CHI_TON = "tn-du-le-duc-chi-ton"
CHOL_CHNAM_THMAY = "tn-tham-chol-chnam-thmay"
PHAT_DAN = "tn-tham-phat-dan"
VU_LAN = "tn-du-le-vu-lan"
HOI_YEN = "tn-tham-hoi-yen-dieu-tri-cung"
SENE_DOLTA = "tn-tham-sene-dolta"
KHAI_DAO = "tn-du-le-khai-dao-cao-dai"
GIANG_SINH = "tn-tham-giang-sinh"
KL_65 = "tn-so-ket-5-nam-65-kl-tw"
CT_06 = "tn-so-ket-3-nam-06-ct-tu"

DISTRICT_COMMISSIONS = {
    "tn-bdv-tp-tay-ninh",
    "tn-bdv-hoa-thanh",
    "tn-bdv-trang-bang",
    "tn-bdv-tan-bien",
    "tn-bdv-tan-chau",
    "tn-bdv-duong-minh-chau",
    "tn-bdv-chau-thanh",
    "tn-bdv-ben-cau",
    "tn-bdv-go-dau",
}


@dataclass(frozen=True)
class Done:
    """An operator records a step done, after the day's scheduled runs (office hours)."""

    obligation: str
    step: str
    unit: str
    at: datetime
    ref: str | None = None
    held_on: date | None = None  # a meeting or a visit: the day it was held


DONE = [
    Done(BCD37_Q1, "activity-report", BDV, at(D(2024, 3, 15), 14), "05-BC/BCĐ37"),
    Done(BCD37_Q1, "meeting", BDV, at(D(2024, 3, 25), 15), held_on=D(2024, 3, 25)),
    Done(TET, "visit", BDV, at(D(2024, 1, 30), 16), held_on=D(2024, 1, 30)),
    Done(PHAT_DAN, "visit", BDV, at(D(2024, 5, 22), 16), held_on=D(2024, 5, 22)),
    Done(KL_65, "guidance-letter", BDV, at(D(2024, 8, 29), 14), "120-CV/TU"),
    Done(CT_06, "unit-reports", "tn-mttq", at(D(2024, 8, 13), 10), "45-BC/MTTQ-BTT"),
]


def act(sessions: Sessions, day: date) -> None:
    for d in DONE:
        if d.at.date() == day:
            steps.record_submission(
                sessions, d.at, day, d.obligation, d.unit, OCC, d.ref, d.at, d.step, d.held_on
            )


Replayed = tuple[Sessions, SmtpServer]


@pytest.fixture(scope="module", params=BACKENDS)
def replayed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Replayed]:
    """Seed 003's plan alone (with the calendars), tracked from 1/1/2024, run through 2024."""
    files = [PLANS / "tay-ninh-2024.yaml", *catalogue_files(PLANS / "calendar")]
    directory = tmp_path_factory.mktemp("tay-ninh")
    with replayed_year(request.param, directory, files, YEAR, HORIZON, FAMILIES, act) as done:
        yield done


def tasks_of(sessions: Sessions, obligation: str) -> dict[str, tuple[date, date, set[str]]]:
    """step → (opens on, due on, the units that owe it) of the obligation's 2024 occurrence."""
    return steps_of(sessions, obligation, OCC)


def notices_of(sessions: Sessions, obligation: str, step: str, unit: str = BDV) -> dict[str, date]:
    return queued(sessions, obligation, unit, step=step, occurrence=OCC)


def status_of(
    sessions: Sessions, obligation: str, step: str, unit: str = BDV
) -> tuple[str, date | None, date | None]:
    """(status, the day it was done, the day it was opened) of one task."""
    task = one_task(sessions, obligation, unit, step=step, occurrence=OCC)
    return task.status, task.done_on, task.opened_on


# --- the steering committees -------------------------------------------------------------------


def test_the_bcd_37_meetings_of_march_june_september_and_december_have_their_steps(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # "Tham mưu Thường trực Tỉnh uỷ họp Ban Chỉ đạo định kỳ quý I năm 2024." (tháng 3) and
    # "Tham mưu Ban Chỉ đạo 37 tỉnh Báo cáo kết quả hoạt động của Ban Chỉ đạo quý I/2024 và
    # phương hướng, nhiệm vụ quý II/2024; văn bản đề nghị cấp kinh phí hoạt động của Ban Chỉ đạo
    # 37 tỉnh quý II/2024." The meeting (chosen: the fifth-last working day) is Monday 25/3 —
    # 29, 28, 27, 26, 25; the report and the request 5 working days before, Monday 18/3, opening
    # 10 days before that (Friday 8/3); the minutes 5 working days after, Monday 1/4, opening
    # with the meeting.
    assert tasks_of(sessions, BCD37_Q1) == {
        "activity-report": (D(2024, 3, 8), D(2024, 3, 18), {BDV}),
        "budget-request": (D(2024, 3, 8), D(2024, 3, 18), {BDV}),
        "meeting": (D(2024, 3, 15), D(2024, 3, 25), {BDV}),
        "minutes": (D(2024, 3, 25), D(2024, 4, 1), {BDV}),
    }
    # "Tham mưu Thường trực Tỉnh uỷ họp Ban Chỉ đạo 37 tỉnh định kỳ quý II năm 2024." (tháng 6);
    # "… kết quả hoạt động của Ban Chỉ đạo 6 tháng đầu năm …; văn bản đề nghị cấp kinh phí hoạt
    # động của Ban Chỉ đạo quý III năm 2024." Meeting Monday 24/6 (28, 27, 26, 25, 24); the
    # report and the request Monday 17/6 (opening Friday 7/6); the minutes Monday 1/7.
    # "Lập dự toán kinh phí Ban Chỉ đạo 37 tỉnh năm 2025." (tháng 7): chosen a month after the
    # June meeting, Wednesday 24/7, opening 10 days before (Sunday 14/7 → Friday 12/7).
    assert tasks_of(sessions, BCD37_Q2) == {
        "activity-report": (D(2024, 6, 7), D(2024, 6, 17), {BDV}),
        "budget-request": (D(2024, 6, 7), D(2024, 6, 17), {BDV}),
        "meeting": (D(2024, 6, 14), D(2024, 6, 24), {BDV}),
        "minutes": (D(2024, 6, 24), D(2024, 7, 1), {BDV}),
        "budget-estimate": (D(2024, 7, 12), D(2024, 7, 24), {BDV}),
    }
    # "Tham mưu Thường trực Tỉnh ủy họp Ban Chỉ đạo định kỳ quý III năm 2024." (tháng 9);
    # "Báo cáo 9 tháng: công tác dân vận, kết quả hoạt động của Ban Chỉ đạo 37 tỉnh." (tháng 9);
    # "Văn bản đề nghị cấp kinh phí hoạt động của Ban Chỉ đạo 37 tỉnh quý IV năm 2024." (tháng
    # 10). Meeting Tuesday 24/9 (30, 27, 26, 25, 24); the report Tuesday 17/9 (opening Saturday
    # 7/9 → Friday 6/9); the request 5 working days after the meeting, Tuesday 1/10 — in
    # October — opening Friday 20/9; the minutes Tuesday 1/10.
    assert tasks_of(sessions, BCD37_Q3) == {
        "activity-report": (D(2024, 9, 6), D(2024, 9, 17), {BDV}),
        "budget-request": (D(2024, 9, 20), D(2024, 10, 1), {BDV}),
        "meeting": (D(2024, 9, 13), D(2024, 9, 24), {BDV}),
        "minutes": (D(2024, 9, 24), D(2024, 10, 1), {BDV}),
    }
    # "Tham mưu Thường trực Tỉnh ủy họp Ban Chỉ đạo định kỳ quý IV năm 2024 và đề ra phương
    # hướng hoạt động năm 2025" (tháng 12); "Báo cáo tình hình thực hiện công tác tôn giáo, dân
    # tộc năm 2024 và phương hướng, nhiệm vụ năm 2025 của Ban Chỉ đạo 37 tỉnh." (tháng 11);
    # "Chương trình công tác năm 2025 của Thường trực Ban Chỉ đạo 37 tỉnh." (tháng 12).
    # Meeting Wednesday 25/12 (31, 30, 27, 26, 25); the report by November's last working day,
    # Friday 29/11; the programme 3 working days after the meeting, Monday 30/12; the minutes 5
    # working days after, 2/1/2025 (1/1 is a holiday). No budget request: the seed states none.
    assert tasks_of(sessions, BCD37_Q4) == {
        "activity-report": (D(2024, 11, 19), D(2024, 11, 29), {BDV}),
        "meeting": (D(2024, 12, 13), D(2024, 12, 25), {BDV}),
        "work-programme": (D(2024, 12, 20), D(2024, 12, 30), {BDV}),
        "minutes": (D(2024, 12, 25), D(2025, 1, 2), {BDV}),
    }


def test_the_bcd_30_meets_in_march_as_the_seed_lists_it(replayed: Replayed) -> None:
    sessions, _ = replayed
    # "Tham mưu Ban Chỉ đạo 30 họp định kỳ quý 1/2024." (tháng 3). Chosen: the third-last
    # working day, Wednesday 27/3; the report 5 working days before, Wednesday 20/3 (opening
    # Sunday 10/3 → Friday 8/3); the minutes Wednesday 3/4.
    assert tasks_of(sessions, BCD30_Q1) == {
        "activity-report": (D(2024, 3, 8), D(2024, 3, 20), {BDV}),
        "meeting": (D(2024, 3, 15), D(2024, 3, 27), {BDV}),
        "minutes": (D(2024, 3, 27), D(2024, 4, 3), {BDV}),
    }


def test_an_unsent_budget_request_is_chased_and_escalated_on_these_days(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # Due Monday 18/3, opened Friday 8/3: 7 days before is Monday 11/3; 3 days before Friday
    # 15/3 and 1 day before Sunday 17/3 → Friday 15/3, one reminder; then 2, 3, 4, 6 and 7
    # working days after: 20/3, 21/3, 22/3, 26/3, 27/3.
    assert notices_of(sessions, BCD37_Q1, "budget-request") == {
        "open": D(2024, 3, 8),
        "before-7": D(2024, 3, 11),
        "before-1": D(2024, 3, 15),
        "due-day": D(2024, 3, 18),
        "overdue-1": D(2024, 3, 20),
        "escalate-1": D(2024, 3, 21),
        "overdue-2": D(2024, 3, 22),
        "overdue-3": D(2024, 3, 26),
        "escalate-2": D(2024, 3, 27),
    }


def test_a_report_handed_in_and_a_meeting_held_stop_their_chase(replayed: Replayed) -> None:
    sessions, _ = replayed
    # The activity report handed in on Friday 15/3 at 14:00, after that morning's reminder.
    assert notices_of(sessions, BCD37_Q1, "activity-report") == {
        "open": D(2024, 3, 8),
        "before-7": D(2024, 3, 11),
        "before-1": D(2024, 3, 15),
    }
    assert status_of(sessions, BCD37_Q1, "activity-report")[0] == "submitted_on_time"
    # The meeting, opened Friday 15/3 and due Monday 25/3: 7 days before is Monday 18/3; 3 days
    # before Friday 22/3 and 1 day before Sunday 24/3 → Friday 22/3; held on 25/3 itself.
    assert notices_of(sessions, BCD37_Q1, "meeting") == {
        "open": D(2024, 3, 15),
        "before-7": D(2024, 3, 18),
        "before-1": D(2024, 3, 22),
        "due-day": D(2024, 3, 25),
    }
    assert status_of(sessions, BCD37_Q1, "meeting")[:2] == ("submitted_on_time", D(2024, 3, 25))


def test_the_minutes_nobody_sent_are_escalated_to_the_provincial_standing_committee(
    replayed: Replayed,
) -> None:
    sessions, smtp = replayed
    # Due Monday 1/4, opened with the meeting on 25/3 (7 days before is that day: no reminder);
    # 3 days before Friday 29/3 and 1 day before Sunday 31/3 → 29/3; after: 3/4, 4/4, 5/4, 9/4,
    # 10/4.
    assert notices_of(sessions, BCD37_Q1, "minutes") == {
        "open": D(2024, 3, 25),
        "before-1": D(2024, 3, 29),
        "due-day": D(2024, 4, 1),
        "overdue-1": D(2024, 4, 3),
        "escalate-1": D(2024, 4, 4),
        "overdue-2": D(2024, 4, 5),
        "overdue-3": D(2024, 4, 9),
        "escalate-2": D(2024, 4, 10),
    }
    # Level 2 goes to the Ban's supervising unit, Thường trực Tỉnh ủy.
    escalations = [
        m.parsed()
        for m in smtp.received
        if "thuongtruc@tinhuy.tayninh.example" in m.rcpt_tos
        and "Thông báo kết luận cuộc họp Ban Chỉ đạo 37 tỉnh quý I – Quý I/2024"
        in m.parsed()["Subject"]
    ]
    assert len(escalations) == 1
    assert "quá hạn 7 ngày làm việc" in escalations[0]["Subject"]
    assert "Kính gửi: Thường trực Tỉnh ủy Tây Ninh" in plain_text(escalations[0])
    assert escalations[0]["To"].addresses[0].display_name == "Thường trực Tỉnh ủy Tây Ninh"


def test_the_july_budget_estimate_is_chased_and_escalated(replayed: Replayed) -> None:
    sessions, _ = replayed
    # Due Wednesday 24/7, opened Friday 12/7: 17/7; 21/7 is a Sunday → 19/7; 23/7; 24/7; then
    # 26/7, 29/7, 30/7, 1/8, 2/8.
    assert notices_of(sessions, BCD37_Q2, "budget-estimate") == {
        "open": D(2024, 7, 12),
        "before-7": D(2024, 7, 17),
        "before-3": D(2024, 7, 19),
        "before-1": D(2024, 7, 23),
        "due-day": D(2024, 7, 24),
        "overdue-1": D(2024, 7, 26),
        "escalate-1": D(2024, 7, 29),
        "overdue-2": D(2024, 7, 30),
        "overdue-3": D(2024, 8, 1),
        "escalate-2": D(2024, 8, 2),
    }


# --- the holiday visits ------------------------------------------------------------------------

# (obligation, the visit's day, the plan's day, the report's day, the day the report's opening
# is told): the plan 10 days before on the working day on or before, the report 3 working days
# after. The report opens with the visit; when that is a Saturday or a Sunday, its unit is told on
# the Monday (nobody is told anything on a day off).
VISITS = [
    # "… tổ chức đoàn dự Đại lễ Đức Chí Tôn của đạo Cao Đài Tây Ninh (ngày 17/02/2024)." Plan
    # Wednesday 7/2, the last working day before Tết; report 19, 20, 21/2.
    (DUC_CHI_TON, D(2024, 2, 17), D(2024, 2, 7), D(2024, 2, 21), D(2024, 2, 19)),
    # "Thăm già làng, người uy tín tiêu biểu dân tộc Khmer, Tà Mun nhân dịp Tết cổ truyền Chol
    # Chnam Thmay (ngày 14 – 16/4/2024)." The visit on the first day; plan Thursday 4/4; report
    # 15, 16, 17/4.
    (CHOL_CHNAM_THMAY, D(2024, 4, 14), D(2024, 4, 4), D(2024, 4, 17), D(2024, 4, 15)),
    # "Kế hoạch thăm, chúc mừng chức sắc Phật giáo tiêu biểu nhân dịp Đại lễ Phật đản PL 2568 –
    # DL 2024 (ngày 22/5/2024)". Plan Sunday 12/5 → Friday 10/5; report 23, 24, 27/5.
    (PHAT_DAN, D(2024, 5, 22), D(2024, 5, 10), D(2024, 5, 27), D(2024, 5, 22)),
    # "Dự lễ Vu Lan tại các điểm Chùa và Tịnh xá trong tỉnh (ngày 18/8/2024)." Plan Thursday 8/8;
    # report 19, 20, 21/8.
    (VU_LAN, D(2024, 8, 18), D(2024, 8, 8), D(2024, 8, 21), D(2024, 8, 19)),
    # "Kế hoạch thăm, chúc mừng chức sắc Cao Đài nhân dịp Đại lễ Hội Yến Diêu Trì Cung năm 2024
    # (ngày 17/9/2024)." Plan Saturday 7/9 → Friday 6/9; report 18, 19, 20/9.
    (HOI_YEN, D(2024, 9, 17), D(2024, 9, 6), D(2024, 9, 20), D(2024, 9, 17)),
    # "Kế hoạch thăm, chúc mừng già làng, người uy tín, tiêu biểu dân tộc Khmer, Tà Mun, nhân
    # dịp lễ Sen Đôn-ta (29/8-01/9 âm lịch)." Lunar month 8 of Giáp Thìn began on 3/9/2024 (its
    # 15th, Hội Yến, is 17/9) and has 30 days: 29/8 âm lịch is Tuesday 1/10. Plan Saturday 21/9
    # → Friday 20/9, in September as the seed has it; report 2, 3, 4/10.
    (SENE_DOLTA, D(2024, 10, 1), D(2024, 9, 20), D(2024, 10, 4), D(2024, 10, 1)),
    # "… tổ chức đoàn dự Đại lễ kỷ niệm 100 năm Ngày Hoàng khai Đại đạo Tam kỳ Phổ độ của đạo
    # Cao Đài Tây Ninh (ngày 15/11/2024)." Plan Tuesday 5/11; report 18, 19, 20/11.
    (KHAI_DAO, D(2024, 11, 15), D(2024, 11, 5), D(2024, 11, 20), D(2024, 11, 15)),
    # "Kế hoạch thăm, chúc mừng chức sắc Công giáo và Tin Lành tiêu biểu nhân dịp lễ Giáng sinh
    # (ngày 24/12/2024)". Plan Saturday 14/12 → Friday 13/12; report 25, 26, 27/12.
    (GIANG_SINH, D(2024, 12, 24), D(2024, 12, 13), D(2024, 12, 27), D(2024, 12, 24)),
]


@pytest.mark.parametrize(("obligation", "visit", "plan", "report", "told"), VISITS)
def test_each_festival_is_visited_on_the_seeds_day_with_its_plan_before_and_report_after(
    replayed: Replayed, obligation: str, visit: date, plan: date, report: date, told: date
) -> None:
    sessions, _ = replayed
    found = tasks_of(sessions, obligation)
    assert {step: (due, units) for step, (_, due, units) in found.items()} == {
        "plan": (plan, {BDV}),
        "visit": (visit, {BDV}),
        "report": (report, {BDV}),
    }
    for step in found:  # every step was opened on its opening day
        assert status_of(sessions, obligation, step)[2] == found[step][0]
    # The plan and the visit open on working days, and their unit is told that day.
    assert notices_of(sessions, obligation, "plan")["open"] == found["plan"][0]
    assert notices_of(sessions, obligation, "visit")["open"] == found["visit"][0]
    assert found["report"][0] == visit
    assert notices_of(sessions, obligation, "report")["open"] == told


def test_tet_is_planned_and_visited_in_january_and_reported_on_in_february(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # "Mời Thường trực Tỉnh uỷ thăm, chúc Tết Nguyên đán Giáp Thìn năm 2024 các tổ chức tôn
    # giáo." and "Kế hoạch tổ chức đoàn thăm, chúc mừng các tổ chức tôn giáo nhân dịp Tết Nguyên
    # đán năm 2024." (tháng 01); "Báo cáo nhanh tình hình Nhân dân trước, trong và sau Tết
    # Nguyên đán Giáp Thìn 2024." (tháng 02). Mùng 1 Tết is Saturday 10/2/2024. Chosen: the plan
    # 15 days before (Friday 26/1), the visit 10 days before (Wednesday 31/1), its report 5 days
    # before (Monday 5/2); the quick report 5 working days after mùng 1: 15, 16, 19, 20, 21/2.
    assert tasks_of(sessions, TET) == {
        "plan": (D(2024, 1, 16), D(2024, 1, 26), {BDV}),
        "visit": (D(2024, 1, 26), D(2024, 1, 31), {BDV}),
        "report": (D(2024, 1, 31), D(2024, 2, 5), {BDV}),
        "quick-report": (D(2024, 2, 7), D(2024, 2, 21), {BDV}),
    }
    # The visit held on Tuesday 30/1, a day early: nothing after that morning's reminder (1 day
    # before). It opened with the plan's deadline, Friday 26/1: 7 days before (24/1) is earlier
    # and 3 days before (Sunday 28/1 → Friday 26/1) is the opening day, so neither is sent.
    assert notices_of(sessions, TET, "visit") == {
        "open": D(2024, 1, 26),
        "before-1": D(2024, 1, 30),
    }
    assert status_of(sessions, TET, "visit")[:2] == ("submitted_on_time", D(2024, 1, 30))
    # The quick report, never sent, opened on Wednesday 7/2 (10 days before is Sunday 11/2, in
    # the Tết days off): 7 days before (14/2, off) falls back to the opening day; 3 days before
    # is Sunday 18/2 → Friday 16/2; then 20/2, 21/2; after: 23/2, 26/2, 27/2, 29/2, 1/3.
    assert notices_of(sessions, TET, "quick-report") == {
        "open": D(2024, 2, 7),
        "before-3": D(2024, 2, 16),
        "before-1": D(2024, 2, 20),
        "due-day": D(2024, 2, 21),
        "overdue-1": D(2024, 2, 23),
        "escalate-1": D(2024, 2, 26),
        "overdue-2": D(2024, 2, 27),
        "overdue-3": D(2024, 2, 29),
        "escalate-2": D(2024, 3, 1),
    }


def test_a_visit_recorded_as_held_stops_its_chase(replayed: Replayed) -> None:
    sessions, _ = replayed
    # Phật đản, Wednesday 22/5; the visit opened with its plan's deadline, Friday 10/5: 15/5;
    # Sunday 19/5 → 17/5; 21/5; 22/5 — then held that day, nothing after.
    assert notices_of(sessions, PHAT_DAN, "visit") == {
        "open": D(2024, 5, 10),
        "before-7": D(2024, 5, 15),
        "before-3": D(2024, 5, 17),
        "before-1": D(2024, 5, 21),
        "due-day": D(2024, 5, 22),
    }
    assert status_of(sessions, PHAT_DAN, "visit")[:2] == ("submitted_on_time", D(2024, 5, 22))


def test_a_visit_on_a_sunday_nobody_records_is_chased_on_working_days_and_escalated(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # Vu Lan, Sunday 18/8; opened Thursday 8/8: 7 days before is Sunday 11/8 → Friday 9/8; 3
    # days before Thursday 15/8; 1 day before (Saturday 17/8) and the day itself both fall back
    # to Friday 16/8: one reminder, the day's; after: 20/8, 21/8, 22/8, 26/8, 27/8.
    assert notices_of(sessions, VU_LAN, "visit") == {
        "open": D(2024, 8, 8),
        "before-7": D(2024, 8, 9),
        "before-3": D(2024, 8, 15),
        "due-day": D(2024, 8, 16),
        "overdue-1": D(2024, 8, 20),
        "escalate-1": D(2024, 8, 21),
        "overdue-2": D(2024, 8, 22),
        "overdue-3": D(2024, 8, 26),
        "escalate-2": D(2024, 8, 27),
    }


# --- the directive reviews ---------------------------------------------------------------------


def test_the_reviews_come_out_in_the_months_the_seed_states(replayed: Replayed) -> None:
    sessions, _ = replayed
    # "Công văn chỉ đạo sơ kết 05 năm thực hiện Kết luận số 65-KL/TW, ngày 30/10/2019 của Bộ
    # Chính trị (khóa XII) …" (tháng 8); "Báo cáo sơ kết 05 năm thực hiện Kết luận số 65-KL/TW"
    # (tháng 10). Due 31/10; the letter 2 months before, Saturday 31/8 → Friday 30/8, opening
    # 15 days before (15/8); the district commissions (chosen) report 30 days before, Tuesday
    # 1/10, opening Saturday 21/9 → Friday 20/9.
    assert tasks_of(sessions, KL_65) == {
        "guidance-letter": (D(2024, 8, 15), D(2024, 8, 30), {BDV}),
        "unit-reports": (D(2024, 9, 20), D(2024, 10, 1), DISTRICT_COMMISSIONS),
        "consolidated-report": (D(2024, 10, 21), D(2024, 10, 31), {BDV}),
    }
    # "Công văn chỉ đạo sơ kết 03 năm thực hiện Chỉ thị số 06-CT/TU" (tháng 7); "Báo cáo sơ kết 03
    # năm thực hiện Chỉ thị số 06-CT/TU" (tháng 8). The letter by July's last working day,
    # Wednesday 31/7; the review by August's last working day, Friday 30/8 (31/8 is a
    # Saturday); the Front and the socio-political organisations (chosen) 15 days before it,
    # Thursday 15/8, opening 10 days before that, Monday 5/8.
    assert tasks_of(sessions, CT_06) == {
        "guidance-letter": (D(2024, 7, 16), D(2024, 7, 31), {BDV}),
        "unit-reports": (
            D(2024, 8, 5),
            D(2024, 8, 15),
            {"tn-mttq", "tn-ldld", "tn-hnd", "tn-hlhpn", "tn-tinh-doan", "tn-hccb"},
        ),
        "consolidated-report": (D(2024, 8, 20), D(2024, 8, 30), {BDV}),
    }
    due = {
        ob: {step: d for step, (_, d, _) in tasks_of(sessions, ob).items()}
        for ob in (
            "tn-so-ket-3-nam-05-ct-tu",
            "tn-so-ket-3-nam-23-qd-tw",
            "tn-tong-ket-10-nam-102-kl-tw",
            "tn-so-ket-5-nam-39-ct-tw",
        )
    }
    assert due == {
        # "Công văn chỉ đạo sơ kết 03 năm thực hiện Chỉ thị số 05-CT/TU" (tháng 6); "Báo cáo sơ
        # kết 03 năm thực hiện Chỉ thị số 05-CT/TU" (tháng 8): due Friday 30/8 (31/8 is a
        # Saturday); 2 months before is Sunday 30/6 → Friday 28/6; the units 30 days before,
        # Wednesday 31/7.
        "tn-so-ket-3-nam-05-ct-tu": {
            "guidance-letter": D(2024, 6, 28),
            "unit-reports": D(2024, 7, 31),
            "consolidated-report": D(2024, 8, 30),
        },
        # "Công văn chỉ đạo sơ kết 03 năm thực hiện Quyết định số 23-QĐ/TW" (tháng 7); "Báo cáo
        # sơ kết 03 năm thực hiện Quyết định số 23-QĐ/TW" (tháng 8): due Friday 30/8; the
        # units 15 days before, Thursday 15/8.
        "tn-so-ket-3-nam-23-qd-tw": {
            "guidance-letter": D(2024, 7, 31),
            "unit-reports": D(2024, 8, 15),
            "consolidated-report": D(2024, 8, 30),
        },
        # "Công văn chỉ đạo tổng kết 10 năm thực hiện Kết luận số 102-KL/TW" (tháng 8); "Báo cáo
        # tổng kết 10 năm thực hiện Kết luận số 102-KL/TW" (tháng 9): August's last working day
        # is Friday 30/8; the units 15 days before Monday 30/9, Sunday 15/9 → Friday 13/9.
        "tn-tong-ket-10-nam-102-kl-tw": {
            "guidance-letter": D(2024, 8, 30),
            "unit-reports": D(2024, 9, 13),
            "consolidated-report": D(2024, 9, 30),
        },
        # "Công văn chỉ đạo sơ kết 05 năm thực hiện Chỉ thị số 39-CT/TW" (tháng 10); "Báo cáo sơ
        # kết 05 năm thực hiện Chỉ thị số 39-CT/TW" (tháng 11): November ends on a Saturday,
        # so due Friday 29/11; the letter 31/10; the units 15 days before, Thursday 14/11.
        "tn-so-ket-5-nam-39-ct-tw": {
            "guidance-letter": D(2024, 10, 31),
            "unit-reports": D(2024, 11, 14),
            "consolidated-report": D(2024, 11, 29),
        },
    }


def test_a_guidance_letter_issued_stops_its_chase(replayed: Replayed) -> None:
    sessions, _ = replayed
    # 65-KL/TW's letter, due Friday 30/8, opened Thursday 15/8: 23/8, 27/8, 29/8; issued on
    # 29/8 at 14:00.
    assert notices_of(sessions, KL_65, "guidance-letter") == {
        "open": D(2024, 8, 15),
        "before-7": D(2024, 8, 23),
        "before-3": D(2024, 8, 27),
        "before-1": D(2024, 8, 29),
    }
    assert status_of(sessions, KL_65, "guidance-letter")[0] == "submitted_on_time"
    # MTTQ's report on 06-CT/TU handed in on Tuesday 13/8, opened Monday 5/8 (due Thursday
    # 15/8): after the reminders 7 and 3 days before (Thursday 8/8, Monday 12/8), nothing.
    assert notices_of(sessions, CT_06, "unit-reports", "tn-mttq") == {
        "open": D(2024, 8, 5),
        "before-7": D(2024, 8, 8),
        "before-3": D(2024, 8, 12),
    }
    assert status_of(sessions, CT_06, "unit-reports", "tn-mttq")[0] == "submitted_on_time"


def test_a_district_commission_that_never_reports_on_65_kl_tw_is_escalated_to_its_party_committee(
    replayed: Replayed,
) -> None:
    sessions, smtp = replayed
    # Due Tuesday 1/10, opened Friday 20/9: 24/9; Saturday 28/9 → Friday 27/9; 30/9; 1/10; then
    # 3/10, 4/10, 7/10, 9/10, 10/10.
    assert notices_of(sessions, KL_65, "unit-reports", "tn-bdv-go-dau") == {
        "open": D(2024, 9, 20),
        "before-7": D(2024, 9, 24),
        "before-3": D(2024, 9, 27),
        "before-1": D(2024, 9, 30),
        "due-day": D(2024, 10, 1),
        "overdue-1": D(2024, 10, 3),
        "escalate-1": D(2024, 10, 4),
        "overdue-2": D(2024, 10, 7),
        "overdue-3": D(2024, 10, 9),
        "escalate-2": D(2024, 10, 10),
    }
    escalation = [
        m.parsed()
        for m in smtp.received
        if "vanphong@godau.tayninh.example" in m.rcpt_tos and "65-KL/TW" in m.parsed()["Subject"]
    ]
    assert len(escalation) == 1
    assert escalation[0]["To"].addresses[0].display_name == "Huyện ủy Gò Dầu"


# --- the year as a whole -----------------------------------------------------------------------


def test_every_step_of_the_year_opened_on_its_day_and_nobody_was_told_anything_on_a_day_off(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    with transaction(sessions) as session:
        tasks = session.scalars(select(Task).where(Task.opens_on <= D(2024, 12, 31))).all()
        days = set(session.scalars(select(TaskNotice.as_of).where(TaskNotice.outcome == "queued")))
    assert tasks
    assert [t.id for t in tasks if t.opened_on != t.opens_on] == []
    calendar = load_catalogue(catalogue_files(PLANS / "calendar")).calendar
    assert sorted(d for d in days if not calendar.is_working_day(d)) == []
