"""Seed 004 (Bình Phước, the People's Committee's plan for mass mobilisation in State bodies,
2021–2025) replayed day by day from 1/10/2024 to 31/12/2025 through the plain steps the flows
run — each family's opening, chase, escalate and delivery to a real SMTP server on loopback —
on SQLite and on PostgreSQL (skipped, with the reason, when DONDOC_TEST_POSTGRES_URL is unset).

The seed states two obligations: the yearly report "trước ngày 31 tháng 10" (mục IV.2) and the
conference and report of quarter IV of 2025 (mục III.3). Every unit of plans/binh-phuoc-dvcq.yaml
ends on 30/6/2025, when the province merged into Đồng Nai: the 2025 occurrences exist but nobody
owes them. Dates worked out by hand: weekends; 1/1/2025; the chase policy is dondoc's default
(7, 3, 1, 0 days before; every 2 working days after, at most 3; the head after 3 working days,
the supervising unit after 7).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ledger.audit import Actor
from ledger.db import transaction
from ledger.models import Task, TaskNotice
from ledger.store import store_catalogue
from obligations.expand import expand_obligation
from obligations.loader import catalogue_files, load_catalogue
from tasks import steps
from tests.conftest import (
    BACKENDS,
    PLANS,
    RecordingHandler,
    SmtpServer,
    at,
    plain_text,
    smtp_server_for,
)
from tests.e2e.replay import migrated_ledger, queued, run_day

Sessions = sessionmaker[Session]
FILES = [PLANS / "binh-phuoc-dvcq.yaml", *catalogue_files(PLANS / "calendar")]
TRACKED = date(2024, 1, 1)
FIRST = date(2024, 10, 1)
DAYS = [FIRST + timedelta(days=n) for n in range((date(2025, 12, 31) - FIRST).days + 1)]
HORIZON = date(2026, 12, 31)
FAMILY = "term-milestone"  # the Q4-2025 review (mục III.3)
FAMILIES = ("periodic-report", "steering-meeting", "directive-review", "holiday-visit", FAMILY)
REPORT = "bp-bc-dan-van-cq-nam"
REVIEW = "bp-tong-ket-5-nam-dan-van-cq"
# (unit, recorded at, document number): Sở Tư pháp on time, Sở Y tế after its first escalation.
RECORDED = [
    ("bp-stp", at(date(2024, 10, 29), 10), "215/BC-STP"),
    ("bp-syt", at(date(2024, 11, 4), 10), "3120/BC-SYT"),
]

Replayed = tuple[Sessions, SmtpServer]


@pytest.fixture(scope="module", params=BACKENDS)
def replayed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Replayed]:
    with migrated_ledger(request.param, tmp_path_factory.mktemp("binh-phuoc")) as sessions:
        actor = Actor("test:load", at(TRACKED), TRACKED)
        with transaction(sessions) as session:
            store_catalogue(session, load_catalogue(FILES), actor, TRACKED)
        with smtp_server_for(RecordingHandler()) as smtp:
            for day in DAYS:
                run_day(sessions, smtp, day, HORIZON, FAMILIES)
                for unit, when, ref in RECORDED:
                    if when.date() == day:
                        steps.record_submission(
                            sessions, when, day, REPORT, unit, "2024", ref, when
                        )
            yield sessions, smtp


def notices(sessions: Sessions, unit: str) -> dict[str, date]:
    return queued(sessions, REPORT, unit, occurrence="2024")


# Seed 004, mục IV.2: "Hàng năm, các sở, ban, ngành và Ủy ban nhân dân các huyện, thị xã, thành
# phố đánh giá kết quả … báo cáo về Ủy ban nhân dân tỉnh (qua Sở Nội vụ để tổng hợp trước ngày 31
# tháng 10)". Due Wed 30/10/2024; 10 days before is Sunday 20/10 → Friday 18/10. Working days
# after 30/10: 31/10, 1/11, 4/11, 5/11, 6/11, 7/11, 8/11.
CHASED = {
    "open": date(2024, 10, 18),
    "before-7": date(2024, 10, 23),
    "before-3": date(2024, 10, 25),  # 27/10 is a Sunday
    "before-1": date(2024, 10, 29),
    "due-day": date(2024, 10, 30),
}


def test_the_2024_report_is_chased_and_escalated_to_the_peoples_committee(
    replayed: Replayed,
) -> None:
    sessions, smtp = replayed
    assert notices(sessions, "bp-ubnd-loc-ninh") == CHASED | {
        "overdue-1": date(2024, 11, 1),
        "escalate-1": date(2024, 11, 4),
        "overdue-2": date(2024, 11, 5),
        "overdue-3": date(2024, 11, 7),
        "escalate-2": date(2024, 11, 8),
    }
    # Level 2 goes to the supervising unit, the People's Committee: one message per unit late,
    # the 19 that never reported (21 owe it; Sở Tư pháp and Sở Y tế reported).
    to_supervisor = [
        m.parsed() for m in smtp.received if "vanphong@ubnd.binhphuoc.example" in m.rcpt_tos
    ]
    assert len(to_supervisor) == 19
    assert all("quá hạn 7 ngày làm việc" in m["Subject"] for m in to_supervisor)
    loc_ninh = [m for m in to_supervisor if "Ủy ban nhân dân huyện Lộc Ninh" in plain_text(m)]
    assert len(loc_ninh) == 1
    assert loc_ninh[0]["To"].addresses[0].display_name == "Ủy ban nhân dân tỉnh Bình Phước"


def test_a_recorded_report_stops_the_chase(replayed: Replayed) -> None:
    sessions, _ = replayed
    # Sở Tư pháp, in on 29/10 at 10:00: after that morning's reminder, nothing more.
    assert notices(sessions, "bp-stp") == {k: v for k, v in CHASED.items() if k != "due-day"}
    # Sở Y tế, in on 4/11 at 10:00, after that morning's escalation to its head: nothing more.
    assert notices(sessions, "bp-syt") == CHASED | {
        "overdue-1": date(2024, 11, 1),
        "escalate-1": date(2024, 11, 4),
    }
    with transaction(sessions) as session:
        statuses = dict(
            session.execute(
                select(Task.unit_code, Task.status).where(
                    Task.obligation_id == REPORT, Task.unit_code.in_(["bp-stp", "bp-syt"])
                )
            ).all()
        )
    assert statuses == {"bp-stp": "submitted_on_time", "bp-syt": "submitted_late"}


def test_nothing_is_owed_in_2025_after_the_province_merged(replayed: Replayed) -> None:
    sessions, smtp = replayed
    with transaction(sessions) as session:
        due_2025 = session.scalars(select(Task.id).where(Task.due_on >= date(2025, 1, 1))).all()
        last_notice = max(session.scalars(select(TaskNotice.as_of)).all())
    assert due_2025 == []
    assert last_notice == date(2024, 11, 8)  # Lộc Ninh's (and the others') last escalation
    assert smtp.received


def test_the_quarter_iv_2025_review_is_a_term_milestone_owed_by_nobody() -> None:
    # Seed 004, mục III.3: "Quý IV năm 2025, các cơ quan, đơn vị tổ chức Hội nghị tổng kết và báo
    # cáo kết quả 5 năm thực hiện Nghị quyết Đại hội …": the end of the 2020–2025 term, not an
    # anniversary of a directive; quarter IV ends Wed 31/12/2025.
    catalogue = load_catalogue(FILES)
    assert catalogue.resolved[REVIEW].family.id == FAMILY
    found = expand_obligation(
        catalogue.resolved[REVIEW], catalogue, date(2025, 1, 1), date(2025, 12, 31)
    )
    assert [(o.occurrence.key, o.occurrence.anchor) for o in found] == [
        ("2025-Q4", date(2025, 12, 31))
    ]
    planned = {s.step.id: (s.due_on, s.units) for s in found[0].steps}
    # Guidance 2 months before (Fri 31/10); the units' reports and conferences a month before
    # (Sun 30/11 → Fri 28/11); the Sở Nội vụ's consolidated report by 31/12 — every unit gone
    # since 30/6/2025.
    assert planned == {
        "guidance-letter": (date(2025, 10, 31), ()),
        "unit-reports": (date(2025, 11, 28), ()),
        "conference": (date(2025, 11, 28), ()),
        "consolidated-report": (date(2025, 12, 31), ()),
    }
    # Seed 004, mục IV.3: "Giao Sở Nội vụ theo dõi, đôn đốc …": the review's lead.
    assert catalogue.resolved[REVIEW].spec.lead == "bp-snv"
