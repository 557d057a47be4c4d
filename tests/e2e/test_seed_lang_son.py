"""Seed 001 (Lạng Sơn, Kế hoạch công tác dân vận năm 2024 of the Ban Thường vụ Tỉnh ủy) replayed
day by day from 1/1/2024 to 31/1/2025 through the plain steps the flows run — each family's
opening (as its flow does), chase, escalate and delivery to a real SMTP server on loopback —
on SQLite and on PostgreSQL (skipped, with the reason, when DONDOC_TEST_POSTGRES_URL is unset).

Operators record one step of every occurrence done (a document with its number, a visit or a
meeting with the day it was held); every other step is left undone and must be chased and
escalated. The dates below were worked out by hand from the calendar, not read from the code:
weekends; Tết Giáp Thìn off 8–14/2/2024; Giỗ Tổ 18/4; 29/4 swapped for Saturday 4/5, 30/4–1/5;
Quốc khánh 31/8–3/9 (2/9 and 3/9 off, Saturday 31/8 and Sunday 1/9); 1/1/2025. The chase
policy is dondoc's default (plans/lang-son.yaml names none): reminders 7, 3, 1 and 0 days before
the deadline on working days, overdue reminders every 2 working days (at most 3), escalation to
the unit's head after 3 working days and to its supervising unit after 7.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ledger.audit import Actor
from ledger.db import transaction
from ledger.models import OutboxMessage, Task
from ledger.store import store_catalogue
from obligations.expand import PlannedTask, expand, tasks_of
from obligations.loader import Catalogue, catalogue_files, load_catalogue
from tasks import steps
from tests.conftest import (
    BACKENDS,
    PLANS,
    RecordingHandler,
    SmtpServer,
    at,
    smtp_server_for,
)
from tests.e2e.replay import migrated_ledger, one_task, queued, run_day

Sessions = sessionmaker[Session]
FILES = [PLANS / "lang-son.yaml", *catalogue_files(PLANS / "calendar")]
START = date(2024, 1, 1)
DAYS = [START + timedelta(days=n) for n in range(366 + 31)]  # 2024 and January 2025
HORIZON = date(2025, 12, 31)
FAMILIES = ("periodic-report", "steering-meeting", "directive-review", "holiday-visit")

CHRISTMAS = "ls-tham-giang-sinh"
PHAT_DAN = "ls-tham-phat-dan"
KL65 = "ls-so-ket-5-nam-65-kl-tw"
CT27 = "ls-tong-ket-10-nam-27-ct-tu"
KL133 = "ls-tong-ket-10-nam-133-kl-tu"
DA01 = "ls-tong-ket-5-nam-01-da"
HALF = "ls-bc-dan-van-6-thang"
YEAR = "ls-bc-dan-van-nam"
GIAO_BAN = "ls-giao-ban-dan-van"


@dataclass(frozen=True)
class Done:
    obligation: str
    unit: str
    key: str
    step: str
    at: datetime  # when the operator records it (after that morning's runs)
    ref: str | None = None  # a document's number
    held_on: date | None = None  # a visit's, a meeting's or a conference's day


# One step of every occurrence the seed states is recorded done; the rest are left undone.
DONE = [
    # "Tổng kết 10 năm thực hiện Chỉ thị số 27-CT/TU": the guidance letter, on time.
    Done(CT27, "ls-bdv", "2024", "guidance-letter", at(date(2024, 1, 29), 10), "98-CV/BDVTU"),
    # "Chỉ đạo tổ chức tổng kết Đề án số 01-ĐA/BDVTU-UBND": the Ban cán sự đảng's report, on time.
    Done(DA01, "ls-bcsd-ubnd", "2024", "unit-reports", at(date(2024, 5, 29), 10), "41-BC/BCSĐ"),
    # "các lễ trọng khác" (chosen: Phật đản): the visit, held on 22/5.
    Done(PHAT_DAN, "ls-bdv", "2024", "visit", at(date(2024, 5, 22), 15), held_on=date(2024, 5, 22)),
    # "báo cáo sơ kết 6 tháng": Hội Nông dân, early.
    Done(HALF, "ls-hnd", "2024-H1", "report", at(date(2024, 6, 14), 10), "27-BC/HND"),
    # "Tổng kết 10 năm thực hiện Kết luận số 133-KL/TU": MTTQ late, after the first escalation.
    Done(KL133, "ls-mttq", "2024", "unit-reports", at(date(2024, 9, 6), 10), "88-BC/MTTQ"),
    # "sơ kết 05 năm thực hiện Kết luận số 65-KL/TW": the guidance letter on time, MTTQ's report
    # on time, Ban Dân tộc's after its first escalation, the conference held 26/12, the
    # consolidated report on its deadline.
    Done(KL65, "ls-bdv", "2024", "guidance-letter", at(date(2024, 10, 30), 10), "125-CV/BDVTU"),
    Done(KL65, "ls-mttq", "2024", "unit-reports", at(date(2024, 11, 28), 10), "45-BC/MTTQ"),
    Done(KL65, "ls-bdt", "2024", "unit-reports", at(date(2024, 12, 4), 10), "112/BC-BDT"),
    Done(
        KL65, "ls-bdv", "2024", "conference", at(date(2024, 12, 26), 17), held_on=date(2024, 12, 26)
    ),
    Done(KL65, "ls-bdv", "2024", "consolidated-report", at(date(2024, 12, 31), 10), "130-BC/TU"),
    # "tổng kết năm": Liên đoàn Lao động on the deadline day, in the afternoon.
    Done(YEAR, "ls-ldld", "2024", "report", at(date(2024, 12, 18), 16), "60-BC/LĐLĐ"),
    # "Giáng Sinh": the visit held on 24/12, the report late, after the first escalation.
    Done(
        CHRISTMAS, "ls-bdv", "2024", "visit", at(date(2024, 12, 24), 15), held_on=date(2024, 12, 24)
    ),
    Done(CHRISTMAS, "ls-bdv", "2024", "report", at(date(2025, 1, 2), 10), "131-BC/BDVTU"),
    # "giao ban công tác dân vận" (chosen: quarterly): each quarter's meeting, held on its day.
    Done(
        GIAO_BAN,
        "ls-bdv",
        "2024-Q1",
        "meeting",
        at(date(2024, 3, 25), 16),
        held_on=date(2024, 3, 25),
    ),
    Done(
        GIAO_BAN,
        "ls-bdv",
        "2024-Q2",
        "meeting",
        at(date(2024, 6, 24), 16),
        held_on=date(2024, 6, 24),
    ),
    Done(
        GIAO_BAN,
        "ls-bdv",
        "2024-Q3",
        "meeting",
        at(date(2024, 9, 24), 16),
        held_on=date(2024, 9, 24),
    ),
    Done(
        GIAO_BAN,
        "ls-bdv",
        "2024-Q4",
        "meeting",
        at(date(2024, 12, 25), 16),
        held_on=date(2024, 12, 25),
    ),
]


def act(sessions: Sessions, day: date) -> None:
    for d in DONE:
        if d.at.date() == day:
            steps.record_submission(
                sessions, d.at, day, d.obligation, d.unit, d.key, d.ref, d.at, d.step, d.held_on
            )


Replayed = tuple[Sessions, SmtpServer]


@pytest.fixture(scope="module", params=BACKENDS)
def replayed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Replayed]:
    with migrated_ledger(request.param, tmp_path_factory.mktemp("lang-son")) as sessions:
        with transaction(sessions) as session:
            store_catalogue(
                session, load_catalogue(FILES), Actor("test:load", at(START), START), START
            )
        with smtp_server_for(RecordingHandler()) as smtp:
            for day in DAYS:
                run_day(sessions, smtp, day, HORIZON, FAMILIES)  # one flow per family
                act(sessions, day)
            yield sessions, smtp


def notices(sessions: Sessions, obligation: str, unit: str, key: str, step: str) -> dict[str, date]:
    """stage → the day it was queued, for one task."""
    return queued(sessions, obligation, unit, step=step, occurrence=key)


def task(sessions: Sessions, obligation: str, unit: str, key: str, step: str) -> Task:
    return one_task(sessions, obligation, unit, step=step, occurrence=key)


# --- the Christmas visit -------------------------------------------------------------------------
# Seed 001, mục II.4: "Tổ chức tốt công tác chúc mừng, thăm hỏi chức sắc, chức việc tôn giáo trong
# dịp Lễ Giáng Sinh và các lễ trọng khác." The ceremony: the eve, Tuesday 24/12/2024.


def test_the_christmas_visit_plan_never_handed_in_is_chased_and_escalated_to_the_thuong_truc(
    replayed: Replayed,
) -> None:
    sessions, smtp = replayed
    # 10 days before 24/12 is Saturday 14/12: due Friday 13/12; it opens 10 days before, Tue 3/12.
    # Working days after 13/12: 16, 17, 18, 19, 20, 23, 24.
    assert notices(sessions, CHRISTMAS, "ls-bdv", "2024", "plan") == {
        "open": date(2024, 12, 3),
        "before-7": date(2024, 12, 6),
        "before-3": date(2024, 12, 10),
        "before-1": date(2024, 12, 12),
        "due-day": date(2024, 12, 13),
        "overdue-1": date(2024, 12, 17),
        "escalate-1": date(2024, 12, 18),
        "overdue-2": date(2024, 12, 19),
        "overdue-3": date(2024, 12, 23),
        "escalate-2": date(2024, 12, 24),
    }
    assert task(sessions, CHRISTMAS, "ls-bdv", "2024", "plan").status == "overdue"
    # Level 2 goes to the Ban's supervising unit, the Thường trực Tỉnh ủy.
    to_tttu = [
        m.parsed() for m in smtp.received if "thuongtruc@tinhuy.langson.example" in m.rcpt_tos
    ]
    escalated = [m for m in to_tttu if "Lễ Giáng sinh năm 2024" in m["Subject"]]
    assert len(escalated) == 1
    assert "quá hạn 7 ngày làm việc" in escalated[0]["Subject"]


def test_the_christmas_visit_held_on_the_eve_is_not_chased_after_it(replayed: Replayed) -> None:
    sessions, _ = replayed
    # Opens 10 days before (Saturday 14/12 → Friday 13/12), the day the plan it waits on is due;
    # 7 days before 24/12 is Tue 17/12; 3 days before is
    # Saturday 21/12 → Friday 20/12; the day before is Mon 23/12.
    assert notices(sessions, CHRISTMAS, "ls-bdv", "2024", "visit") == {
        "open": date(2024, 12, 13),
        "before-7": date(2024, 12, 17),
        "before-3": date(2024, 12, 20),
        "before-1": date(2024, 12, 23),
        "due-day": date(2024, 12, 24),
    }
    visit = task(sessions, CHRISTMAS, "ls-bdv", "2024", "visit")
    assert (visit.status, visit.done_on) == ("submitted_on_time", date(2024, 12, 24))


def test_the_christmas_visit_report_handed_in_after_its_escalation_gets_nothing_more(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # 3 working days after 24/12: Fri 27/12; it would open 10 days before (17/12) but waits on
    # the visit, due 24/12; 7 and 3 days before fall on or before that. Working days after 27/12:
    # 30/12, 31/12, then 2/1/2025 (1/1 is a holiday): the head is told on 2/1, which is the day the
    # report is recorded (10:00, after the morning's run); nothing after.
    assert notices(sessions, CHRISTMAS, "ls-bdv", "2024", "report") == {
        "open": date(2024, 12, 24),
        "before-1": date(2024, 12, 26),
        "due-day": date(2024, 12, 27),
        "overdue-1": date(2024, 12, 31),
        "escalate-1": date(2025, 1, 2),
    }
    report = task(sessions, CHRISTMAS, "ls-bdv", "2024", "report")
    assert (report.status, report.document_ref) == ("submitted_late", "131-BC/BDVTU")


# --- the 65-KL/TW review -------------------------------------------------------------------------
# Seed 001, mục II.6: "Tổ chức sơ kết 05 năm thực hiện Kết luận số 65-KL/TW, ngày 30/10/2019 của
# Bộ Chính trị …". The 5th anniversary, 30/10/2024, is in quarter IV (chosen: due 31/12/2024).


def test_the_65_kl_tw_guidance_letter_is_due_two_months_before_the_quarter_ends(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # Thu 31/10/2024, opening 15 days before (Wed 16/10); recorded on 30/10 at 10:00.
    assert notices(sessions, KL65, "ls-bdv", "2024", "guidance-letter") == {
        "open": date(2024, 10, 16),
        "before-7": date(2024, 10, 24),
        "before-3": date(2024, 10, 28),
        "before-1": date(2024, 10, 30),
    }
    assert task(sessions, KL65, "ls-bdv", "2024", "guidance-letter").status == "submitted_on_time"


def test_the_65_kl_tw_unit_reports_are_chased_until_each_unit_reports(replayed: Replayed) -> None:
    sessions, _ = replayed
    # 30 days before 31/12 is Sunday 1/12: due Friday 29/11; they open 10 days before, Tue 19/11
    # (not before the guidance letter's deadline, 31/10). Working days after 29/11: 2, 3, 4, 5,
    # 6, 9, 10/12.
    before = {
        "open": date(2024, 11, 19),
        "before-7": date(2024, 11, 22),
        "before-3": date(2024, 11, 26),
        "before-1": date(2024, 11, 28),
    }
    # MTTQ's report, recorded on 28/11 at 10:00, after that morning's reminder.
    assert notices(sessions, KL65, "ls-mttq", "2024", "unit-reports") == before
    assert notices(sessions, KL65, "ls-bdt", "2024", "unit-reports") == before | {
        "due-day": date(2024, 11, 29),
        "overdue-1": date(2024, 12, 3),
        "escalate-1": date(2024, 12, 4),  # in on 4/12 at 10:00, after the escalation
    }
    assert notices(sessions, KL65, "ls-bcsd-ubnd", "2024", "unit-reports") == before | {
        "due-day": date(2024, 11, 29),
        "overdue-1": date(2024, 12, 3),
        "escalate-1": date(2024, 12, 4),
        "overdue-2": date(2024, 12, 5),
        "overdue-3": date(2024, 12, 9),
        "escalate-2": date(2024, 12, 10),
    }
    statuses = {
        unit: task(sessions, KL65, unit, "2024", "unit-reports").status
        for unit in ("ls-mttq", "ls-bdt", "ls-bcsd-ubnd")
    }
    assert statuses == {
        "ls-mttq": "submitted_on_time",
        "ls-bdt": "submitted_late",
        "ls-bcsd-ubnd": "overdue",
    }


def test_the_65_kl_tw_conference_and_consolidated_report_close_the_review(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # Both due Tue 31/12/2024, opening 10 days before on a working day (21/12 Saturday → Fri 20/12).
    # The conference, held 26/12, is told nothing after; the report, in on 31/12, neither.
    assert notices(sessions, KL65, "ls-bdv", "2024", "conference") == {
        "open": date(2024, 12, 20),
        "before-7": date(2024, 12, 24),
    }
    assert notices(sessions, KL65, "ls-bdv", "2024", "consolidated-report") == {
        "open": date(2024, 12, 20),
        "before-7": date(2024, 12, 24),
        "before-3": date(2024, 12, 27),
        "before-1": date(2024, 12, 30),
        "due-day": date(2024, 12, 31),
    }
    conference = task(sessions, KL65, "ls-bdv", "2024", "conference")
    assert (conference.status, conference.done_on) == ("submitted_on_time", date(2024, 12, 26))


# --- every other occurrence ----------------------------------------------------------------------


def test_every_occurrence_of_2024_was_opened_on_its_day_and_its_undone_steps_escalated(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    done = {(d.obligation, d.unit, d.key, d.step): d for d in DONE}
    with transaction(sessions) as session:
        tasks = session.scalars(select(Task).where(Task.due_on <= date(2024, 12, 31))).all()
        for t in tasks:
            session.expunge(t)
    occurrences = {(t.obligation_id, t.occurrence_key) for t in tasks}
    # 2 reviews due in quarters I–IV, 2 more, 2 visits, 2 reports, 4 giao ban: the seed's 2024.
    assert len(occurrences) == 12
    assert {ob for ob, _ in occurrences} == {
        CT27, DA01, KL133, KL65, PHAT_DAN, CHRISTMAS, HALF, YEAR, GIAO_BAN,
    }  # fmt: skip
    recorded = {(ob, key) for ob, _, key, _ in done}
    assert occurrences == recorded  # each has one step recorded done
    problems: list[tuple[str, str, str, str, object]] = []
    for t in tasks:
        told = notices(sessions, t.obligation_id, t.unit_code, t.occurrence_key, t.step_id)
        if t.opened_on != t.opens_on or told.get("open") != t.opens_on:
            problems.append((t.obligation_id, t.unit_code, t.step_id, "opened", t.opened_on))
        d = done.get((t.obligation_id, t.unit_code, t.occurrence_key, t.step_id))
        if d is None:
            if t.status != "overdue" or not {"escalate-1", "escalate-2"} <= told.keys():
                problems.append((t.obligation_id, t.unit_code, t.step_id, t.status, told))
        elif max(told.values()) > d.at.date() or not t.status.startswith("submitted"):
            problems.append((t.obligation_id, t.unit_code, t.step_id, "after", told))
    assert problems == []


def test_the_reviews_that_fall_in_quarters_one_to_three_are_chased_over_the_holidays(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # "Tổng kết 10 năm thực hiện Kết luận số 133-KL/TU": units' reports 30 days before 30/9, that
    # is Saturday 31/8 → Friday 30/8. After it, 2/9 and 3/9 are off: working days 4, 5, 6/9 …
    # MTTQ, recorded on 6/9 at 10:00, was escalated that morning and told nothing after.
    assert notices(sessions, KL133, "ls-mttq", "2024", "unit-reports") == {
        "open": date(2024, 8, 20),  # 10 days before; the guidance letter was due 30/7
        "before-7": date(2024, 8, 23),
        "before-3": date(2024, 8, 27),
        "before-1": date(2024, 8, 29),
        "due-day": date(2024, 8, 30),
        "overdue-1": date(2024, 9, 5),
        "escalate-1": date(2024, 9, 6),
    }
    # "Tổng kết 10 năm thực hiện Chỉ thị số 27-CT/TU": the quarter ends on Sunday 31/3/2024, so
    # the review is due by its last working day, Friday 29/3, and so is the conference; working
    # days after it: 1, 2, 3, 4, 5, 8, 9/4.
    assert notices(sessions, CT27, "ls-bdv", "2024", "conference") == {
        "open": date(2024, 3, 19),  # 10 days before 29/3
        "before-7": date(2024, 3, 22),
        "before-3": date(2024, 3, 26),
        "before-1": date(2024, 3, 28),
        "due-day": date(2024, 3, 29),
        "overdue-1": date(2024, 4, 2),
        "escalate-1": date(2024, 4, 3),
        "overdue-2": date(2024, 4, 4),
        "overdue-3": date(2024, 4, 8),
        "escalate-2": date(2024, 4, 9),
    }


def test_the_district_commissions_owe_the_6_month_report_and_are_escalated_to_their_committee(
    replayed: Replayed,
) -> None:
    sessions, smtp = replayed
    # Seed 001, mục II.7: "Tham mưu cho cấp ủy xây dựng báo cáo sơ kết 6 tháng" (chosen: due the
    # 18th, Tue 18/6/2024, opening 10 days before, Sat 8/6 → Fri 7/6). Working days after 18/6:
    # 19, 20, 21, 24, 25, 26, 27.
    assert notices(sessions, HALF, "ls-bdv-loc-binh", "2024-H1", "report") == {
        "open": date(2024, 6, 7),
        "before-7": date(2024, 6, 11),
        "before-3": date(2024, 6, 14),
        "before-1": date(2024, 6, 17),
        "due-day": date(2024, 6, 18),
        "overdue-1": date(2024, 6, 20),
        "escalate-1": date(2024, 6, 21),
        "overdue-2": date(2024, 6, 24),
        "overdue-3": date(2024, 6, 26),
        "escalate-2": date(2024, 6, 27),
    }
    to_committee = [
        m.parsed()
        for m in smtp.received
        if "vanphong@locbinh.langson.example" in m.rcpt_tos
        and "6 tháng đầu năm 2024" in m.parsed()["Subject"]
    ]
    assert len(to_committee) == 1
    assert to_committee[0]["To"].addresses[0].display_name == "Huyện ủy Lộc Bình"
    # Hội Nông dân handed in on 14/6, before the deadline: nothing after that morning.
    assert max(notices(sessions, HALF, "ls-hnd", "2024-H1", "report").values()) == date(2024, 6, 14)


def test_every_queued_message_reached_the_smtp_server_once(replayed: Replayed) -> None:
    sessions, smtp = replayed
    with transaction(sessions) as session:
        outbox = session.execute(select(OutboxMessage.recipient, OutboxMessage.status)).all()
    assert {status for _, status in outbox} <= {"sent", "cancelled"}
    sent = sorted(recipient for recipient, status in outbox if status == "sent")
    assert sorted(r for message in smtp.received for r in message.rcpt_tos) == sent


# --- the table: every item of the seed, with its owner and month ---------------------------------


@pytest.fixture(scope="module")
def planned() -> list[PlannedTask]:
    catalogue: Catalogue = load_catalogue(FILES)
    found = expand(catalogue, date(2024, 12, 31), {"lang-son-2024": START})
    return sorted(t for items in found.values() for t in tasks_of(items))


SEED_TABLE = [
    # (seed line, obligation, step, unit, due) — the seed's owner; the due day worked out by hand
    # from the seed's month (or the chosen rule where the seed gives none).
    (
        "Tổng kết 10 năm thực hiện Chỉ thị số 27-CT/TU, ngày 26/02/2014",
        CT27,
        "consolidated-report",
        "ls-bdv",
        date(2024, 3, 29),  # quý I ends on Sunday 31/3: its last working day
    ),
    (
        "Tổng kết 10 năm thực hiện Chỉ thị số 27-CT/TU",
        CT27,
        "guidance-letter",
        "ls-bdv",
        date(2024, 1, 29),  # 2 months before Friday 29/3
    ),
    (
        "Tổng kết Đề án số 01-ĐA/BDVTU-UBND, ngày 24/4/2019",
        DA01,
        "consolidated-report",
        "ls-bdv",
        date(2024, 6, 28),  # quý II ends on Sunday 30/6: its last working day
    ),
    ("Tổng kết Đề án số 01-ĐA/BDVTU-UBND", DA01, "guidance-letter", "ls-bdv", date(2024, 4, 26)),
    (
        "Tổng kết 10 năm thực hiện Kết luận số 133-KL/TU, 06/8/2014",
        KL133,
        "consolidated-report",
        "ls-bdv",
        date(2024, 9, 30),
    ),
    (
        "sơ kết 05 năm thực hiện Kết luận số 65-KL/TW, ngày 30/10/2019",
        KL65,
        "consolidated-report",
        "ls-bdv",
        date(2024, 12, 31),
    ),
    (
        "sơ kết 05 năm thực hiện Kết luận số 65-KL/TW",
        KL65,
        "guidance-letter",
        "ls-bdv",
        date(2024, 10, 31),
    ),
    (
        "sơ kết 05 năm thực hiện Kết luận số 65-KL/TW",
        KL65,
        "unit-reports",
        "ls-bdt",
        date(2024, 11, 29),
    ),
    (
        "chúc mừng, thăm hỏi … trong dịp Lễ Giáng Sinh",
        CHRISTMAS,
        "plan",
        "ls-bdv",
        date(2024, 12, 13),
    ),
    (
        "chúc mừng, thăm hỏi … trong dịp Lễ Giáng Sinh",
        CHRISTMAS,
        "visit",
        "ls-bdv",
        date(2024, 12, 24),
    ),
    (
        "chúc mừng, thăm hỏi … trong dịp Lễ Giáng Sinh",
        CHRISTMAS,
        "report",
        "ls-bdv",
        date(2024, 12, 27),
    ),
    (
        "và các lễ trọng khác (chosen: Phật đản, 15/4 âm lịch)",
        PHAT_DAN,
        "visit",
        "ls-bdv",
        date(2024, 5, 22),
    ),
    ("báo cáo sơ kết 6 tháng", HALF, "report", "ls-bdv-trang-dinh", date(2024, 6, 18)),
    ("báo cáo sơ kết 6 tháng", HALF, "report", "ls-mttq", date(2024, 6, 18)),
    ("báo cáo sơ kết 6 tháng", HALF, "consolidated-report", "ls-bdv", date(2024, 6, 25)),
    ("tổng kết năm về công tác dân vận", YEAR, "report", "ls-bdv-huu-lung", date(2024, 12, 18)),
    ("tổng kết năm về công tác dân vận", YEAR, "consolidated-report", "ls-bdv", date(2024, 12, 25)),
    (
        "Định kỳ … giao ban công tác dân vận (chosen: quý)",
        GIAO_BAN,
        "meeting",
        "ls-bdv",
        date(2024, 3, 25),
    ),
    ("Định kỳ … giao ban công tác dân vận", GIAO_BAN, "meeting", "ls-bdv", date(2024, 6, 24)),
    ("Định kỳ … giao ban công tác dân vận", GIAO_BAN, "meeting", "ls-bdv", date(2024, 9, 24)),
    ("Định kỳ … giao ban công tác dân vận", GIAO_BAN, "meeting", "ls-bdv", date(2024, 12, 25)),
]


@pytest.mark.parametrize(("seed", "obligation", "step", "unit", "due"), SEED_TABLE)
def test_every_item_the_seed_lists_is_planned_with_its_owner_and_month(
    planned: list[PlannedTask], seed: str, obligation: str, step: str, unit: str, due: date
) -> None:
    found = {(t.step_id, t.unit_code, t.due_on) for t in planned if t.obligation_id == obligation}
    assert (step, unit, due) in found, seed


def test_the_reports_are_owed_by_the_eleven_district_commissions_and_the_six_organisations(
    planned: list[PlannedTask],
) -> None:
    owing = {t.unit_code for t in planned if t.obligation_id == HALF and t.step_id == "report"}
    districts = {
        "tp-lang-son", "trang-dinh", "van-lang", "binh-gia", "bac-son", "van-quan",
        "cao-loc", "loc-binh", "chi-lang", "dinh-lap", "huu-lung",
    }  # fmt: skip
    organisations = {"ls-mttq", "ls-ldld", "ls-hnd", "ls-hlhpn", "ls-tinh-doan", "ls-hccb"}
    assert owing == {f"ls-bdv-{d}" for d in districts} | organisations


def test_loaded_with_every_plan_the_steps_are_owed_by_lang_son_units_only() -> None:
    # Tags name units across the plans loaded together: Tây Ninh's district commissions must not
    # owe the Lạng Sơn review of 27-CT/TU.
    catalogue = load_catalogue(catalogue_files(PLANS))
    found = expand(catalogue, date(2024, 12, 31), {"lang-son-2024": START})
    owing = {t.unit_code for items in found.values() for t in tasks_of(items)}
    assert owing
    assert sorted(u for u in owing if not u.startswith("ls-")) == []


def test_the_reviews_carry_the_seeds_labels(planned: list[PlannedTask]) -> None:
    labels = {t.obligation_id: t.occurrence_label for t in planned}
    assert labels[CT27] == "Tổng kết 10 năm thực hiện Chỉ thị số 27-CT/TU"
    assert labels[KL133] == "Tổng kết 10 năm thực hiện Kết luận số 133-KL/TU"
    assert labels[KL65] == "Sơ kết 5 năm thực hiện Kết luận số 65-KL/TW"
    assert labels[DA01] == "Tổng kết 5 năm thực hiện Đề án số 01-ĐA/BDVTU-UBND"
    assert labels[CHRISTMAS] == "Lễ Giáng sinh năm 2024"
