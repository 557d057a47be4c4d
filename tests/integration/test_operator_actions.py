"""The operator's actions on steps and occurrences: a meeting recorded as held, an occurrence
moved (its steps move with it, the units already told are told again), one called off.

A small plan of its own: the office (Ban Dân vận) prepares its steering committee's quarterly
meeting, held on the fifth-last working day of the quarter's last month — 25/3/2024 for the
first quarter — with the family's steps: the activity report and the budget request 5 working
days before (18/3/2024), the meeting, the conclusions 5 working days after (1/4/2024).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ledger.audit import Actor
from ledger.db import transaction
from ledger.lifecycle import TaskNotFound
from ledger.models import Occurrence, OutboxMessage, Task, TaskNotice
from ledger.planning import plan_tasks
from ledger.store import read_catalogue, store_catalogue
from ledger.transitions import TransitionError
from obligations.loader import catalogue_files, load_catalogue
from tasks import steps
from tests.conftest import PLANS, at

Sessions = sessionmaker[Session]
MEETING = "bcd-hop-quy"
PLAN = """\
kind: plan
id: thu-nghiem-bcd
title: Ban Chỉ đạo thử nghiệm
owner: bdv
tracking_from: 2024-01-01
units:
  - code: bdv
    name: Ban Dân vận Tỉnh ủy
    kind: party-commission
    email: bdv@tinh.example
    head: {title: Trưởng ban, name: Nguyễn Văn A, email: tb@tinh.example}
    supervisor: tu
  - code: tu
    name: Thường trực Tỉnh ủy
    kind: party-committee
    email: tttu@tinh.example
obligations:
  - id: bcd-hop-quy
    name: Họp Ban Chỉ đạo thử nghiệm định kỳ quý
    family: steering-meeting
    rule: quarterly on workday -5 of month 3
"""


@pytest.fixture
def ledger(sessions: Sessions, tmp_path: Path) -> Sessions:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    catalogue = load_catalogue([plan, *catalogue_files(PLANS / "calendar")])
    day = date(2024, 1, 1)
    with transaction(sessions) as session:
        store_catalogue(session, catalogue, Actor("test", at(day), day), day)
        plan_tasks(session, read_catalogue(session), date(2024, 12, 31), Actor("t", at(day), day))
    return sessions


def steps_of(sessions: Sessions, key: str) -> dict[str, tuple[str, date, date]]:
    """step → (status, opens_on, due_on) of the occurrence `key`."""
    with transaction(sessions) as session:
        rows = session.execute(
            select(Task.step_id, Task.status, Task.opens_on, Task.due_on).where(
                Task.obligation_id == MEETING, Task.occurrence_key == key
            )
        ).all()
    return {step: (status, opens, due) for step, status, opens, due in rows}


def test_a_meeting_occurrence_has_its_steps_dated_from_the_meeting_day(ledger: Sessions) -> None:
    assert steps_of(ledger, "2024-Q1") == {
        "activity-report": ("planned", date(2024, 3, 8), date(2024, 3, 18)),
        "budget-request": ("planned", date(2024, 3, 8), date(2024, 3, 18)),
        "meeting": ("planned", date(2024, 3, 15), date(2024, 3, 25)),
        "minutes": ("planned", date(2024, 3, 25), date(2024, 4, 1)),
    }


def test_a_meeting_is_recorded_with_the_day_it_was_held_and_its_minutes(ledger: Sessions) -> None:
    day = date(2024, 3, 26)
    steps.open_tasks(ledger, day, at(day), date(2024, 12, 31))
    with pytest.raises(TransitionError, match="ngày thực hiện chỉ dành cho cuộc họp"):
        steps.record_submission(
            ledger, at(day), day, MEETING, "bdv", "2024-Q1", "1-BC", at(day), "activity-report",
            date(2024, 3, 18),
        )  # fmt: skip
    log = steps.record_submission(
        ledger, at(day), day, MEETING, "bdv", "2024-Q1", "12-TB/BCĐ", at(day), "meeting",
        date(2024, 3, 25),
    )  # fmt: skip
    assert log.counts == {"submitted": 1}
    assert log.rows[0]["Kết quả"] == "đã nộp đúng hạn (12-TB/BCĐ)"
    with transaction(ledger) as session:
        meeting = session.scalars(
            select(Task).where(Task.occurrence_key == "2024-Q1", Task.step_id == "meeting")
        ).one()
    assert (meeting.status, meeting.done_on, meeting.document_ref) == (
        "submitted_on_time",
        date(2024, 3, 25),
        "12-TB/BCĐ",
    )
    # A meeting held after its day is late; a report handed in needs its number.
    steps.record_submission(
        ledger, at(day), day, MEETING, "bdv", "2024-Q2", None, at(day), "meeting",
        date(2024, 6, 27),
    )  # fmt: skip
    assert steps_of(ledger, "2024-Q2")["meeting"][0] == "submitted_late"
    with pytest.raises(TransitionError, match="số, ký hiệu"):
        steps.record_submission(
            ledger, at(day), day, MEETING, "bdv", "2024-Q1", None, at(day), "activity-report"
        )
    with pytest.raises(TaskNotFound, match="nhiều bước"):  # which step: say it
        steps.record_submission(ledger, at(day), day, MEETING, "bdv", "2024-Q1", "1", at(day))


def test_a_moved_meeting_moves_its_steps_and_tells_the_units_already_told(
    ledger: Sessions,
) -> None:
    opened = date(2024, 3, 11)
    steps.open_tasks(ledger, opened, at(opened), date(2024, 12, 31))  # the reports open on 8/3
    day = date(2024, 3, 12)
    log = steps.move_occurrence(
        ledger, at(day), day, MEETING, "2024-Q1", date(2024, 4, 3), "Trùng lịch họp Tỉnh ủy"
    )
    # 3/4/2024 is a Wednesday: reports due 5 working days before (27/3), minutes 5 after (10/4).
    assert steps_of(ledger, "2024-Q1") == {
        "activity-report": ("open", date(2024, 3, 8), date(2024, 3, 27)),
        "budget-request": ("open", date(2024, 3, 8), date(2024, 3, 27)),
        "meeting": ("planned", date(2024, 3, 22), date(2024, 4, 3)),
        "minutes": ("planned", date(2024, 4, 3), date(2024, 4, 10)),
    }
    assert log.counts["rescheduled"] == 4
    # The two opened steps' unit was told of the old dates: it is told again, once each.
    assert log.counts["queued"] == 2
    with transaction(ledger) as session:
        told = session.execute(
            select(TaskNotice.stage, OutboxMessage.subject)
            .join(OutboxMessage, OutboxMessage.task_id == TaskNotice.task_id)
            .where(TaskNotice.kind == "moved", OutboxMessage.stage == TaskNotice.stage)
        ).all()
        occurrence = session.scalars(
            select(Occurrence).where(
                Occurrence.obligation_id == MEETING, Occurrence.key == "2024-Q1"
            )
        ).one()
    assert sorted(stage for stage, _ in told) == ["moved-1", "moved-1"]
    assert all("27/03/2024" in subject for _, subject in told)
    assert (occurrence.status, occurrence.anchor, occurrence.planned_anchor) == (
        "moved",
        date(2024, 4, 3),
        date(2024, 3, 25),
    )
    # Planning again keeps the moved day; it does not put the catalogue's back.
    later = date(2024, 3, 13)
    steps.open_tasks(ledger, later, at(later), date(2024, 12, 31))
    assert steps_of(ledger, "2024-Q1")["meeting"] == (
        "planned",
        date(2024, 3, 22),
        date(2024, 4, 3),
    )


def test_a_cancelled_occurrence_ends_its_tasks_and_stays_cancelled(ledger: Sessions) -> None:
    opened = date(2024, 6, 10)
    steps.open_tasks(ledger, opened, at(opened), date(2024, 12, 31))
    day = date(2024, 6, 11)
    log = steps.cancel_occurrence(ledger, at(day), day, MEETING, "2024-Q2", "Gộp với quý III")
    assert log.counts == {"called-off": 4}
    assert {status for status, _, _ in steps_of(ledger, "2024-Q2").values()} == {"cancelled"}
    with transaction(ledger) as session:
        queued = session.scalars(
            select(OutboxMessage.status)
            .join(Task, Task.id == OutboxMessage.task_id)
            .where(Task.occurrence_key == "2024-Q2")
        ).all()
    assert queued  # the opening mail, which had not gone out
    assert set(queued) == {"cancelled"}
    later = date(2024, 6, 12)
    steps.open_tasks(ledger, later, at(later), date(2024, 12, 31))
    assert {status for status, _, _ in steps_of(ledger, "2024-Q2").values()} == {"cancelled"}
    with pytest.raises(TransitionError, match="đã bị hủy"):
        steps.move_occurrence(ledger, at(day), day, MEETING, "2024-Q2", date(2024, 6, 28), "x")
