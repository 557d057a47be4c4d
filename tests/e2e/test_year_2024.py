"""2024 simulated day by day on the demo plans, through the steps the flows run — on SQLite and
on PostgreSQL (skipped, with the reason, when DONDOC_TEST_POSTGRES_URL is unset).

Every day runs periodic-reports, chase, escalate and delivery — twice — with a real SMTP server
on loopback; operators record a few submissions and a waiver. The expected dates below were
worked out by hand from the calendar (Tết Giáp Thìn off 8–14/2; Giỗ Tổ 18/4; 29/4 swapped for
Saturday 4/5; 30/4–1/5; 2–3/9), not read from the code.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ledger.db import transaction
from ledger.models import (
    AuditEntry,
    OutboxMessage,
    Task,
    TaskNotice,
)
from obligations.loader import load_catalogue
from tasks import steps
from tests.conftest import (
    BACKENDS,
    RecordingHandler,
    SmtpServer,
    at,
    demo_catalogue_files,
    empty_ledger_url,
    migrated,
    plain_text,
    smtp_server_for,
)

YEAR = [date(2024, 1, 1) + timedelta(days=n) for n in range(366)]
HORIZON = date(2025, 12, 31)
MONTHLY = "tn-bc-dan-van-thang"


@dataclass(frozen=True)
class Submission:
    obligation: str
    unit: str
    period: str
    at: datetime
    ref: str


# Operators' actions, applied after the day's scheduled runs (they happen during office hours).
SUBMISSIONS = [
    Submission(MONTHLY, "tn-mttq", "2024-01", at(date(2024, 1, 12), 10), "12-BC/MTTQ-BTT"),
    Submission(MONTHLY, "tn-hnd", "2024-01", at(date(2024, 1, 23), 10), "05-BC/HND"),
    Submission(
        MONTHLY, "tn-bdv-hoa-thanh", "2024-04", at(date(2024, 4, 19), 16, 30), "33-BC/BDVTU"
    ),
]
WAIVERS = [
    (
        MONTHLY,
        "tn-hnct",
        "2024-02",
        date(2024, 2, 7),
        "Hội tổ chức đại hội, Ban cho miễn báo cáo tháng 2",
    ),
]


def snapshot(sessions: sessionmaker[Session]) -> dict[str, int]:
    with transaction(sessions) as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Task, TaskNotice, OutboxMessage, AuditEntry)
        }


def run_day(sessions: sessionmaker[Session], smtp: SmtpServer, day: date) -> None:
    now = at(day, 9)
    steps.open_tasks(sessions, day, now, HORIZON)
    steps.chase(sessions, day, now)
    steps.escalate(sessions, day, now)
    asyncio.run(steps.deliver(sessions, smtp.settings, now))


def act(sessions: sessionmaker[Session], day: date) -> None:
    for s in SUBMISSIONS:
        if s.at.date() == day:
            steps.record_submission(
                sessions, s.at, day, s.obligation, s.unit, s.period, s.ref, s.at
            )
    for obligation, unit, period, on, reason in WAIVERS:
        if on == day:
            steps.waive_task(sessions, at(day, 15), day, obligation, unit, period, reason)


# The ledger after the year, (day, counts after the first run, after the second) per day, the mail.
Simulated = tuple[
    sessionmaker[Session], list[tuple[date, dict[str, int], dict[str, int]]], SmtpServer
]


@pytest.fixture(scope="module", params=BACKENDS)
def simulated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Simulated]:
    """The year, run once per backend (~20 s on SQLite): the ledger, per-day snapshots, the mail."""
    with empty_ledger_url(request.param, tmp_path_factory.mktemp("year")) as url:
        _, engine, sessions = migrated(url)
        days = []
        with smtp_server_for(RecordingHandler()) as smtp:
            for day in YEAR:
                run_day(sessions, smtp, day)
                first = snapshot(sessions) | {"mail": len(smtp.received)}
                run_day(sessions, smtp, day)  # the same day again: nothing may change
                second = snapshot(sessions) | {"mail": len(smtp.received)}
                days.append((day, first, second))
                act(sessions, day)
            yield sessions, days, smtp
        engine.dispose()


def notices_of(
    sessions: sessionmaker[Session], unit: str, period: str, obligation: str = MONTHLY
) -> dict[str, date]:
    with transaction(sessions) as session:
        rows = session.execute(
            select(TaskNotice.stage, TaskNotice.as_of, TaskNotice.outcome)
            .join(Task, Task.id == TaskNotice.task_id)
            .where(
                Task.obligation_id == obligation,
                Task.unit_code == unit,
                Task.occurrence_key == period,
            )
        ).all()
    return {stage: day for stage, day, outcome in rows if outcome == "queued"}


def test_running_every_day_twice_changes_nothing(simulated: Simulated) -> None:
    _, days, _ = simulated
    changed = [(day, first, second) for day, first, second in days if first != second]
    assert changed == []


def test_every_task_opens_exactly_once_on_its_opening_day(simulated: Simulated) -> None:
    sessions, _, _ = simulated
    with transaction(sessions) as session:
        opens = Counter(
            session.scalars(
                select(AuditEntry.entity_id).where(
                    AuditEntry.entity == "task", AuditEntry.action == "open"
                )
            )
        )
        tasks = session.scalars(select(Task).where(Task.opens_on <= date(2024, 12, 31))).all()
    # Tây Ninh's monthly, Q1/H1/9M/annual reports; Bình Phước's 2024 report.
    reports = 7 * 20 + 4 * 20 + 21
    # Tây Ninh's other families (seed 003): the BCĐ 37 meetings' steps (4 + 5 + 4 + 4) and BCĐ
    # 30's (3); the reviews, each a letter and a report from the Ban plus the units' reports
    # (05-CT/TU, 23-QĐ/TW and 65-KL/TW: the 9 district commissions; 06-CT/TU: 6; 102-KL/TW: 5;
    # 39-CT/TW: 3); the visits (Tết 4 steps, 8 other festivals 3 each).
    meetings = 4 + 5 + 4 + 4 + 3
    reviews = 6 * 2 + 3 * 9 + 6 + 5 + 3
    visits = 4 + 8 * 3
    # Lạng Sơn's 2024 (seed 001, counted in tests/e2e/test_seed_lang_son.py): 2 reports × (17
    # units + the Ban's consolidated report), 4 giao ban × 3 steps, the reviews of 27-CT/TU (3 +
    # MTTQ and 11 districts), 01-ĐA (4), 133-KL/TU (5), 65-KL/TW (6), 2 visits × 3 steps.
    lang_son = 2 * 18 + 4 * 3 + 15 + 4 + 5 + 6 + 2 * 3
    # Kiên Giang's (seed 000) 2024: three reviews of three steps (97-KL/TW, 65-KL/TW, 39-CT/TW
    # name no coordinating units), the annual report of its 22 reporting units (mục III.2) and
    # the Ban's progress report (mục III.3); the "Dân vận khéo" yearly review (mục II.6): the
    # Ban's guidance and report and the 15 districts' reports.
    kien_giang = 3 * 3 + 22 + 1 + (2 + 15)
    # Tây Ninh's programme items (tests/integration/test_preview_tay_ninh_programme.py): the Ban's
    # own reports — 5 monthly, 10 notices, the quarter's, the half-year's and the year's (2 each)
    # and the nine months'; 4 supervisions of 5 steps, with the reports of the 3, 2, 1 and 2
    # units they name; ra quân's rounds (plan, attendance plan, launch; round 1's report — round
    # 2's opens in January); the campaigns' yearly review; the dialogue conference (3 steps) and
    # its 2 follow-up reports; 15/10 (3) and the study tour (3); the emulation season (4); 12
    # dated items.
    programme = (5 + 10 + 1 + 2 + 1 + 2) + (4 * 5 + 3 + 2 + 1 + 2) + (2 * 3 + 1) + 1
    programme += 3 + 2 + 3 + 3 + 4 + 12
    # Tây Ninh's 5 specialists' field day each month (due the month's last working day, opening 25
    # days before), and January 2025's: due Friday 24/1 (Tết Ất Tỵ is off from 25/1), it opens on
    # Monday 30/12/2024.
    programme += 5 * (12 + 1)
    assert len(tasks) == (reports + meetings + reviews + visits + lang_son + kien_giang + programme)
    assert all(opens[str(t.id)] == 1 for t in tasks), [t.id for t in tasks if opens[str(t.id)] != 1]
    assert all(t.opened_on == t.opens_on for t in tasks)
    assert set(opens) == {str(t.id) for t in tasks}


def test_a_unit_that_never_reports_is_reminded_and_escalated_on_these_days(
    simulated: Simulated,
) -> None:
    sessions, _, _ = simulated
    # January 2024: due Thu 18/1, opens Mon 8/1.
    assert notices_of(sessions, "tn-bdv-go-dau", "2024-01") == {
        "open": date(2024, 1, 8),
        "before-7": date(2024, 1, 11),
        "before-3": date(2024, 1, 15),
        "before-1": date(2024, 1, 17),
        "due-day": date(2024, 1, 18),
        "overdue-1": date(2024, 1, 22),  # 2 working days after: Fri 19, Mon 22
        "escalate-1": date(2024, 1, 23),  # 3 working days: to the head
        "overdue-2": date(2024, 1, 24),
        "overdue-3": date(2024, 1, 26),
        "escalate-2": date(2024, 1, 29),  # 7 working days: to the supervising unit
    }


def test_tet_moves_the_february_report_and_merges_reminders_that_land_on_one_day(
    simulated: Simulated,
) -> None:
    sessions, _, _ = simulated
    # Due 18/2/2024 is a Sunday → Mon 19/2. Opening 10 days before is Fri 9/2, Tết → Wed 7/2.
    # before-7 (12/2, Tết) falls back to 7/2, the opening day: the opening notice says it.
    # before-3 (Fri 16/2) and before-1 (Sun 18/2 → Fri 16/2) land together: one reminder.
    assert notices_of(sessions, "tn-bdv-go-dau", "2024-02") == {
        "open": date(2024, 2, 7),
        "before-1": date(2024, 2, 16),
        "due-day": date(2024, 2, 19),
        "overdue-1": date(2024, 2, 21),
        "escalate-1": date(2024, 2, 22),
        "overdue-2": date(2024, 2, 23),
        "overdue-3": date(2024, 2, 27),
        "escalate-2": date(2024, 2, 28),
    }


def test_the_april_report_steps_over_hung_kings_day_and_the_swapped_holiday(
    simulated: Simulated,
) -> None:
    sessions, _, _ = simulated
    # Due 18/4/2024 is Giỗ Tổ Hùng Vương → Fri 19/4. After it: 29/4 (swapped), 30/4 and 1/5 off.
    assert notices_of(sessions, "tn-bdv-go-dau", "2024-04") == {
        "open": date(2024, 4, 9),
        "before-7": date(2024, 4, 12),
        "before-3": date(2024, 4, 16),
        "before-1": date(2024, 4, 17),  # 18/4 is a holiday: the day before
        "due-day": date(2024, 4, 19),
        "overdue-1": date(2024, 4, 23),
        "escalate-1": date(2024, 4, 24),
        "overdue-2": date(2024, 4, 25),
        "overdue-3": date(2024, 5, 2),  # 6 working days: 22–26/4, then 2/5
        "escalate-2": date(2024, 5, 3),  # the 7th; Saturday 4/5 (make-up) would be the 8th
    }


def test_the_binh_phuoc_report_due_before_31_october_is_chased_to_30_october(
    simulated: Simulated,
) -> None:
    sessions, _, _ = simulated
    stages = notices_of(sessions, "bp-ubnd-loc-ninh", "2024", "bp-bc-dan-van-cq-nam")
    assert stages["open"] == date(2024, 10, 18)  # 20/10 is a Sunday: the Friday before
    assert stages["due-day"] == date(2024, 10, 30)
    assert stages["escalate-1"] == date(2024, 11, 4)


def test_a_submission_stops_the_chase(simulated: Simulated) -> None:
    sessions, _, _ = simulated
    # MTTQ handed in on Fri 12/1, before the deadline: nothing after the reminder of 11/1.
    assert notices_of(sessions, "tn-mttq", "2024-01") == {
        "open": date(2024, 1, 8),
        "before-7": date(2024, 1, 11),
    }
    # Hội Nông dân handed in on 23/1 at 10:00, after that morning's escalation: nothing later.
    hnd = notices_of(sessions, "tn-hnd", "2024-01")
    assert max(hnd.values()) == date(2024, 1, 23)
    assert hnd["escalate-1"] == date(2024, 1, 23)
    assert "overdue-2" not in hnd
    assert "escalate-2" not in hnd
    wanted = {
        ("tn-mttq", "2024-01"),
        ("tn-hnd", "2024-01"),
        ("tn-hnct", "2024-02"),
        ("tn-bdv-hoa-thanh", "2024-04"),
    }
    with transaction(sessions) as session:
        rows = session.execute(
            select(Task.unit_code, Task.occurrence_key, Task.status).where(
                Task.obligation_id == MONTHLY
            )
        ).all()
    statuses = {unit: status for unit, period, status in rows if (unit, period) in wanted}
    assert statuses == {
        "tn-mttq": "submitted_on_time",
        "tn-hnd": "submitted_late",
        "tn-hnct": "waived",
        "tn-bdv-hoa-thanh": "submitted_on_time",  # 19/4 16:30 is the deadline day itself
    }


def test_a_waived_task_gets_nothing_after_the_waiver(simulated: Simulated) -> None:
    sessions, _, _ = simulated
    stages = notices_of(sessions, "tn-hnct", "2024-02")
    assert stages == {"open": date(2024, 2, 7)}


def test_nobody_is_chased_on_a_day_off(simulated: Simulated) -> None:
    sessions, _, _ = simulated
    calendar = load_catalogue(demo_catalogue_files()).calendar
    with transaction(sessions) as session:
        days = set(session.scalars(select(TaskNotice.as_of).where(TaskNotice.outcome == "queued")))
    assert days, "the year sent notices"
    assert sorted(d for d in days if not calendar.is_working_day(d)) == []


def test_every_queued_message_reached_the_smtp_server_once(simulated: Simulated) -> None:
    sessions, _, smtp = simulated
    with transaction(sessions) as session:
        outbox = session.execute(select(OutboxMessage.recipient, OutboxMessage.status)).all()
    assert {status for _, status in outbox} <= {"sent", "cancelled"}
    sent = sorted(recipient for recipient, status in outbox if status == "sent")
    received = sorted(r for message in smtp.received for r in message.rcpt_tos)
    assert received == sent
    keys = [m.parsed()["X-Dondoc-Key"] for m in smtp.received]
    assert len(keys) == len(set(keys))


def test_the_messages_are_vietnamese_and_say_the_deadline(simulated: Simulated) -> None:
    _, _, smtp = simulated
    opening = next(
        m.parsed()
        for m in smtp.received
        if "bdv@godau.tayninh.example" in m.rcpt_tos
        and "Tháng 4/2024" in m.parsed()["Subject"]
        and "hạn gửi" in m.parsed()["Subject"]
    )
    assert (
        opening["Subject"]
        == "[Đôn đốc] Báo cáo công tác dân vận tháng – Tháng 4/2024: hạn gửi 19/04/2024"
    )
    text = plain_text(opening)
    assert "Kính gửi: Ban Dân vận Huyện ủy Gò Dầu" in text
    assert "Thời hạn gửi: thứ Sáu, ngày 19/04/2024" in text
    assert "Số liệu: từ 15/03/2024 đến 14/04/2024" in text
    escalation = next(  # level 2 goes to the supervising unit, Huyện ủy Gò Dầu
        m.parsed()
        for m in smtp.received
        if "vanphong@godau.tayninh.example" in m.rcpt_tos
        and "Tháng 1/2024" in m.parsed()["Subject"]
    )
    assert "quá hạn 7 ngày làm việc" in escalation["Subject"]
    assert escalation["To"].addresses[0].display_name == "Huyện ủy Gò Dầu"
