"""An escalation ladder walked day by day, on pinned working days, on both backends.

The Tây Ninh plan with one change: its monthly report (`tn-bc-dan-van-thang`) climbs a
four-level ladder, and the plan names its standing committee (Thường trực Tỉnh ủy, `tn-tttu`):

    1. not acknowledged, 2 working days after the opening  → the unit's own address
    2. not submitted, 1 working day after the deadline     → its head, again 2 working days later
    3. not submitted, 5 working days after the deadline    → the supervising unit
    4. not submitted, 10 working days after the deadline   → the standing committee, urgently

January 2024's report opens on Mon 8/1 (the first daily run) and is due Thu 18/1. Working days
of January 2024 by hand (1/1 is New Year's Day; weekends off; Tết is in February): 8–12, 15–19,
22–26, 29–31, then Thu 1/2. So: level 1 on Wed 10/1 (8/1 + 2); level 2 on Fri 19/1 (18/1 + 1)
and its repeat on Tue 23/1 (18/1 + 3); level 3 on Thu 25/1 (18/1 + 5); level 4 on Thu 1/2
(18/1 + 10: 19, 22, 23, 24, 25, 26, 29, 30, 31, 1/2).

On Sat 20/1 the office shortens the ladder in the catalogue (level 3 after 2 working days, no
level 4) and reloads the plan: the January tasks, opened under the old ladder, keep it.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ledger import lifecycle
from ledger.audit import Actor
from ledger.db import transaction
from ledger.models import AuditEntry, OutboxMessage, PolicySnapshot, Task, TaskNotice
from ledger.planning import plan_tasks
from ledger.store import read_catalogue, store_catalogue
from obligations.loader import load_catalogue
from tasks import steps
from tests.conftest import PLANS, at

Sessions = sessionmaker[Session]
HORIZON = date(2024, 12, 31)
MONTHLY = "tn-bc-dan-van-thang"

LADDER = """\
    ladder:
      - {level: 1, after: 2, when: not-acknowledged, notify: unit}
      - {level: 2, after: 1, notify: head, repeat: {every: 2, times: 2}}
      - {level: 3, after: 5, notify: supervisor}
      - {level: 4, after: 10, notify: standing-committee, urgent: true}
"""
SHORTER = """\
    ladder:
      - {level: 1, after: 2, when: not-acknowledged, notify: unit}
      - {level: 2, after: 1, notify: head, repeat: {every: 2, times: 2}}
      - {level: 3, after: 2, notify: supervisor}
"""

# Who does what, and what each should get: a unit that never answers; one that acknowledges on
# Tue 9/1, before level 1; one that submits on Mon 22/1, after level 2's first firing.
SILENT, ACKNOWLEDGES, SUBMITS = "tn-mttq", "tn-hnd", "tn-hlhpn"
EVERY_LEVEL = {
    "escalate-1": date(2024, 1, 10),
    "escalate-2": date(2024, 1, 19),
    "escalate-2-r2": date(2024, 1, 23),
    "escalate-3": date(2024, 1, 25),
    "escalate-4": date(2024, 2, 1),
}


def plan_file(tmp_path: Path, ladder: str) -> Path:
    text = (PLANS / "tay-ninh-2024.yaml").read_text(encoding="utf-8")
    text = text.replace("owner: tn-bdv\n", "owner: tn-bdv\nstanding_committee: tn-tttu\n", 1)
    text = text.replace(
        "  escalation:\n    default:\n", f"  escalation:\n{ladder}    default:\n", 1
    )
    marker = "    unit_tags: [monthly-reporter]\n    valid_from: 2024-01-01\n"
    # The monthly report is the plan's first obligation: the marker's first line is its own.
    assert text.index(marker) > text.index(f"  - id: {MONTHLY}\n") > text.index("obligations:")
    text = text.replace(marker, f"{marker}    escalation: ladder\n", 1)
    path = tmp_path / "tay-ninh-2024.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load(sessions: Sessions, path: Path, day: date) -> None:
    catalogue = load_catalogue([path, *sorted((PLANS / "calendar").glob("*.yaml"))])
    actor = Actor("test:load", at(day, 6), day)
    with transaction(sessions) as session:
        store_catalogue(session, catalogue, actor, date(2024, 1, 1))
    with transaction(sessions) as session:
        plan_tasks(session, read_catalogue(session), HORIZON, actor)


def run_day(sessions: Sessions, day: date) -> None:
    """The day's runs, each twice: a level fires once however often the runs go."""
    for hour in (7, 9):
        now = at(day, hour)
        steps.open_tasks(sessions, day, now, HORIZON, {"periodic-report"})
        steps.chase(sessions, day, now)
        steps.escalate(sessions, day, now)


def task_of(session: Session, unit: str, period: str = "2024-01") -> Task:
    return session.scalars(
        select(Task).where(
            Task.obligation_id == MONTHLY, Task.unit_code == unit, Task.occurrence_key == period
        )
    ).one()


def escalations(sessions: Sessions, unit: str) -> dict[str, date]:
    with transaction(sessions) as session:
        task = task_of(session, unit)
        rows = session.execute(
            select(TaskNotice.stage, TaskNotice.as_of, TaskNotice.outcome).where(
                TaskNotice.task_id == task.id, TaskNotice.kind == "escalate"
            )
        ).all()
    assert {outcome for _, _, outcome in rows} <= {"queued"}
    return {stage: day for stage, day, _ in rows}


@pytest.fixture
def walked(sessions: Sessions, tmp_path: Path) -> Sessions:
    """Mon 8/1 to Wed 7/2/2024, the day February's report opens; the ladder shortened on Sat
    20/1."""
    load(sessions, plan_file(tmp_path, LADDER), date(2024, 1, 8))
    day = date(2024, 1, 8)
    while day <= date(2024, 2, 7):  # February's report opens on Wed 7/2
        if day == date(2024, 1, 20):
            load(sessions, plan_file(tmp_path, SHORTER), day)  # the same file, edited
        run_day(sessions, day)
        if day == date(2024, 1, 9):
            with transaction(sessions) as session:
                actor = Actor("link:ack", at(day, 14), day)
                assert lifecycle.acknowledge(session, actor, task_of(session, ACKNOWLEDGES))
        if day == date(2024, 1, 22):
            with transaction(sessions) as session:
                actor = Actor("operator:record-submission", at(day, 14), day)
                task = task_of(session, SUBMITS)
                assert lifecycle.record_done(session, actor, task, at(day, 14), "03-BC/HLHPN")
        day += timedelta(days=1)
    return sessions


def test_the_january_reports_opened_on_the_first_run_under_the_four_level_ladder(
    walked: Sessions,
) -> None:
    with transaction(walked) as session:
        task = task_of(session, SILENT)
        assert (task.opened_on, task.due_on) == (date(2024, 1, 8), date(2024, 1, 18))
        snapshot = session.get(PolicySnapshot, task.policy_id)
        assert snapshot is not None
        levels = [(lv["level"], lv["after"], lv["notify"]) for lv in snapshot.spec["escalation"]]
    assert levels == [
        (1, 2, "unit"),
        (2, 1, "head"),
        (3, 5, "supervisor"),
        (4, 10, "standing-committee"),
    ]


def test_a_silent_unit_climbs_every_level_once_on_its_working_day(walked: Sessions) -> None:
    assert escalations(walked, SILENT) == EVERY_LEVEL


def test_the_policy_changed_half_way_leaves_the_open_task_on_its_snapshot(
    walked: Sessions,
) -> None:
    # The shorter ladder would have sent level 3 on Mon 22/1 and no level 4 at all.
    assert escalations(walked, SILENT)["escalate-3"] == date(2024, 1, 25)
    assert escalations(walked, SILENT)["escalate-4"] == date(2024, 2, 1)
    with transaction(walked) as session:
        january = task_of(session, SILENT)
        february = task_of(session, SILENT, "2024-02")  # opened after the change
        assert february.opened_on is not None
        assert february.opened_on > date(2024, 1, 20)
        assert february.policy_id != january.policy_id
        snapshot = session.get(PolicySnapshot, february.policy_id)
        assert snapshot is not None
        shorter = [(lv["level"], lv["after"]) for lv in snapshot.spec["escalation"]]
    assert shorter == [(1, 2), (2, 1), (3, 2)]


def test_an_acknowledgement_stops_the_not_acknowledged_level_and_no_other(
    walked: Sessions,
) -> None:
    expected = {k: v for k, v in EVERY_LEVEL.items() if k != "escalate-1"}
    assert escalations(walked, ACKNOWLEDGES) == expected
    with transaction(walked) as session:
        task = task_of(session, ACKNOWLEDGES)
        assert task.acknowledged_at == at(date(2024, 1, 9), 14)
        actions = session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.entity == "task", AuditEntry.entity_id == str(task.id)
            )
        ).all()
    assert "acknowledge" in actions


def test_a_submission_stops_the_ladder(walked: Sessions) -> None:
    assert escalations(walked, SUBMITS) == {
        "escalate-1": date(2024, 1, 10),
        "escalate-2": date(2024, 1, 19),
    }


def test_each_level_goes_to_its_audience_and_the_top_one_at_once(walked: Sessions) -> None:
    with transaction(walked) as session:
        task = task_of(session, SILENT)
        rows = session.execute(
            select(
                OutboxMessage.stage,
                OutboxMessage.recipient,
                OutboxMessage.urgent,
                OutboxMessage.subject,
            )
            .where(OutboxMessage.task_id == task.id, OutboxMessage.stage.like("escalate-%"))
            .order_by(OutboxMessage.id)
        ).all()
    by_stage = {stage: (to, urgent, subject) for stage, to, urgent, subject in rows}
    assert len(rows) == len(by_stage) == 5  # one message per level and repeat
    assert by_stage["escalate-1"][0] == "vanphong@mttq.tayninh.example"  # the unit itself
    assert by_stage["escalate-1"][2].startswith("[Đôn đốc] Đề nghị xác nhận đã nhận")
    assert (
        by_stage["escalate-2"][0] == by_stage["escalate-2-r2"][0] == "chutich@mttq.tayninh.example"
    )
    assert by_stage["escalate-3"][0] == "thuongtruc@tinhuy.tayninh.example"  # its supervisor
    assert by_stage["escalate-4"][0] == "thuongtruc@tinhuy.tayninh.example"  # the committee
    assert by_stage["escalate-4"][2].startswith("[Báo cáo] Ủy ban Mặt trận Tổ quốc")
    assert [stage for stage, (_, urgent, _) in by_stage.items() if urgent] == ["escalate-4"]


def test_an_acknowledgement_cancels_a_not_acknowledged_level_still_waiting_to_go(
    sessions: Sessions, tmp_path: Path
) -> None:
    load(sessions, plan_file(tmp_path, LADDER), date(2024, 1, 8))
    for day in (date(2024, 1, 8), date(2024, 1, 9), date(2024, 1, 10)):
        run_day(sessions, day)
    with transaction(sessions) as session:
        task = task_of(session, SILENT)
        waiting = session.execute(
            select(OutboxMessage.status).where(
                OutboxMessage.task_id == task.id, OutboxMessage.stage == "escalate-1"
            )
        ).scalar_one()
        assert waiting == "pending"  # queued on 10/1, not yet delivered
        day = date(2024, 1, 10)
        assert lifecycle.acknowledge(session, Actor("link:ack", at(day, 15), day), task)
    with transaction(sessions) as session:
        statuses = dict(
            session.execute(
                select(OutboxMessage.stage, OutboxMessage.status).where(
                    OutboxMessage.task_id == task.id
                )
            ).all()
        )
    assert statuses["escalate-1"] == "cancelled"
    assert statuses["open"] == "pending"  # the rest of the chase is not the acknowledgement's
