"""The 2025 reorganisation, end to end: Tây Ninh's Ban Dân vận merged into the Ban Tuyên giáo và
Dân vận Tỉnh ủy on 1/7/2025 (plans/tay-ninh-2024.yaml), on SQLite and PostgreSQL.

The ledger runs June 2025 with the plan as it stood before the reorganisation (no merger). On
the morning of 1/7/2025, after the chase has queued the day's reminders and before they go out,
the office loads the plan as it is now. The replay then runs the daily deployments to 25/7.

The dates are the plan's (tests/e2e/test_seed_tay_ninh.py checks them for 2024): the BCĐ 37's
quý II meeting is on the fifth-last working day of June, Tuesday 24/6/2025 (30, 27, 26, 25,
24); its report 5 working days before, Tuesday 17/6; its minutes 5 working days after, Tuesday
1/7/2025 (25, 26, 27, 30/6, 1/7), opening with the meeting; next year's budget estimate a
month after it, Thursday 24/7, opening 10 days before (Monday 14/7).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from ledger.audit import Actor
from ledger.db import Sessions, transaction
from ledger.dbapi import Reader
from ledger.models import AuditEntry, OutboxMessage, Task, TaskNotice, Unit
from ledger.readmodels import standings
from ledger.store import store_catalogue
from obligations.loader import catalogue_files, load_catalogue
from tasks import steps
from tests.conftest import BACKENDS, RecordingHandler, SmtpServer, at, smtp_server_for
from tests.e2e.replay import migrated_ledger, one_task, run_day

D = date
PLANS = Path(__file__).resolve().parents[2] / "plans"
PLAN = PLANS / "tay-ninh-2024.yaml"
HORIZON = D(2025, 12, 31)
START = D(2025, 6, 1)  # the ledger tracks the plan from here
MERGER = D(2025, 7, 1)
LAST = D(2025, 7, 25)
FAMILIES = ("periodic-report", "steering-meeting", "directive-review", "holiday-visit")
BDV, BTGDV = "tn-bdv", "tn-btgdv"
BDV_MAIL, BTGDV_MAIL = "bdv@tinhuy.tayninh.example", "btgdv@tinhuy.tayninh.example"
BCD37_Q2, BCD37_Q3 = "tn-bcd37-hop-quy-2", "tn-bcd37-hop-quy-3"
OCC = "2025"
REASON = (
    "Sáp nhập đơn vị: nhiệm vụ chuyển cho Ban Tuyên giáo và Dân vận Tỉnh ủy Tây Ninh từ ngày "
    "01/07/2025"
)


def before_the_reorganisation(directory: Path) -> Path:
    """The plan as it stood in June 2025: the Ban Dân vận with no end, no successor."""
    data = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    units = [unit for unit in data["units"] if unit["code"] != BTGDV]
    for unit in units:
        if unit["code"] == BDV:
            del unit["valid_to"], unit["merged_into"]
    assert len(units) == len(data["units"]) - 1
    data["units"] = units
    path = directory / "tay-ninh-2024.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def load(sessions: Sessions, plan: Path, day: date) -> dict[str, Any]:
    files = [plan, *catalogue_files(PLANS / "calendar")]
    return steps.store_and_plan(
        sessions, load_catalogue(files), Actor("test:load", at(day, 8, 15), day), START, HORIZON
    )


Replayed = tuple[Sessions, SmtpServer, dict[str, Any], dict[str, int], Path]


@pytest.fixture(scope="module", params=BACKENDS)
def replayed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Replayed]:
    directory = tmp_path_factory.mktemp("merger")
    with migrated_ledger(request.param, directory) as sessions:
        with transaction(sessions) as session:
            files = [before_the_reorganisation(directory), *catalogue_files(PLANS / "calendar")]
            store_catalogue(
                session, load_catalogue(files), Actor("test:load", at(START), START), START
            )
        with smtp_server_for(RecordingHandler()) as smtp:
            for day in days(START, MERGER - timedelta(days=1)):
                run_day(sessions, smtp, day, HORIZON, FAMILIES)
                if day == D(2025, 6, 16):  # the quý II report, handed in before it is due
                    steps.record_submission(
                        sessions, at(day, 14), day, BCD37_Q2, BDV, OCC, "12-BC/BCĐ37",
                        at(day, 14), "activity-report",
                    )  # fmt: skip
                if day == D(2025, 6, 27):  # next year's estimate, ahead of its 24/7 deadline
                    steps.record_submission(
                        sessions, at(day, 15), day, BCD37_Q2, BDV, OCC, "15-DT/BCĐ37",
                        at(day, 15), "budget-estimate",
                    )  # fmt: skip
            # 1/7: the morning's runs queue the day's reminders; the reorganisation is loaded
            # before they go out; then the day's runs again, and delivery.
            now = at(MERGER, 8)
            for family in FAMILIES:
                steps.open_tasks(sessions, MERGER, now, HORIZON, {family}, f"flow:{family}")
            steps.chase(sessions, MERGER, now)
            queued_before = dict(_messages(sessions, BCD37_Q2, BDV, "minutes"))
            with transaction(sessions) as session:  # what the Ban Dân vận still owes from 1/7
                owed = dict(
                    session.execute(
                        select(Task.id, Task.status).where(
                            Task.unit_code == BDV,
                            Task.due_on >= MERGER,
                            Task.status.in_(["planned", "open", "acknowledged", "overdue"]),
                        )
                    ).all()
                )
            # The office edits its plan file to what plans/ holds now, and reloads it.
            edited = directory / PLAN.name
            edited.write_text(PLAN.read_text(encoding="utf-8"), encoding="utf-8")
            reload = load(sessions, edited, MERGER)
            reload["queued_before"] = queued_before
            reload["owed"] = owed
            sent_before = len(smtp.received)
            for day in days(MERGER, LAST):
                run_day(sessions, smtp, day, HORIZON, FAMILIES)
            yield sessions, smtp, reload, {"sent_before": sent_before}, edited


def _messages(sessions: Sessions, obligation: str, unit: str, step: str) -> list[tuple[str, str]]:
    """(stage, status) of the outbox messages of one unit's task of the quý II meeting."""
    with transaction(sessions) as session:
        return [
            (stage, status)
            for stage, status in session.execute(
                select(OutboxMessage.stage, OutboxMessage.status)
                .join(Task, Task.id == OutboxMessage.task_id)
                .where(
                    Task.obligation_id == obligation,
                    Task.unit_code == unit,
                    Task.step_id == step,
                    Task.occurrence_key == OCC,
                )
                .order_by(OutboxMessage.id)
            )
        ]


def _subjects_to(smtp: SmtpServer, address: str) -> list[str]:
    return [
        str(make_header(decode_header(str(r.parsed()["Subject"]))))
        for r in smtp.received
        if address in r.rcpt_tos
    ]


def test_the_minutes_open_at_the_merger_move_to_the_successor(replayed: Replayed) -> None:
    sessions, _, reload, _, _ = replayed
    old = one_task(sessions, BCD37_Q2, BDV, step="minutes", occurrence=OCC)
    new = one_task(sessions, BCD37_Q2, BTGDV, step="minutes", occurrence=OCC)
    # The old task was opened with the meeting, 24/6, and is closed on 1/7 naming the successor.
    assert (old.status, old.opened_on, old.closed_on) == ("cancelled", D(2025, 6, 24), MERGER)
    assert old.status_reason == REASON
    # The successor's task has the same dates and is open from the day it was moved.
    assert (new.opens_on, new.due_on, new.opened_on) == (D(2025, 6, 24), MERGER, MERGER)
    assert reload["cancelled"] == 0


def test_every_task_the_old_unit_still_owed_from_the_merger_is_moved(replayed: Replayed) -> None:
    sessions, _, reload, _, _ = replayed
    owed: dict[int, str] = reload["owed"]
    minutes = one_task(sessions, BCD37_Q2, BDV, step="minutes", occurrence=OCC)
    estimate = one_task(sessions, BCD37_Q2, BDV, step="budget-estimate", occurrence=OCC)
    # The minutes were open; the rest of 2025 (quý III and IV meetings, the visits from Vu Lan
    # on) planned; the estimate, handed in on 27/6, is not among them.
    assert owed[minutes.id] == "open"
    assert estimate.id not in owed
    assert set(owed.values()) == {"open", "planned"}
    assert reload["transferred"] == len(owed)
    with transaction(sessions) as session:
        moved: dict[str, object] = dict(
            session.execute(
                select(AuditEntry.entity_id, AuditEntry.before).where(
                    AuditEntry.action == "transfer"
                )
            ).all()
        )
        closed = set(
            session.execute(
                select(Task.status, Task.status_reason).where(Task.id.in_(list(owed)))
            ).all()
        )
    assert {int(task_id) for task_id in moved} == set(owed)
    assert closed == {("cancelled", REASON)}


def test_the_audit_links_the_old_task_and_the_successors(replayed: Replayed) -> None:
    sessions, _, _, _, _ = replayed
    old = one_task(sessions, BCD37_Q2, BDV, step="minutes", occurrence=OCC)
    new = one_task(sessions, BCD37_Q2, BTGDV, step="minutes", occurrence=OCC)
    with transaction(sessions) as session:
        rows = {
            (entry.entity_id, entry.action): entry
            for entry in session.scalars(
                select(AuditEntry).where(
                    AuditEntry.action.in_(["transfer", "take-over"]),
                    AuditEntry.entity_id.in_([str(old.id), str(new.id)]),
                )
            )
        }
    assert set(rows) == {(str(old.id), "transfer"), (str(new.id), "take-over")}
    out = rows[(str(old.id), "transfer")]
    assert out.before == {"status": "open", "unit": BDV}
    assert out.after == {"status": "cancelled", "unit": BTGDV, "task": new.id}
    assert out.reason == REASON
    assert rows[(str(new.id), "take-over")].before == {"unit": BDV, "task": old.id}


def test_the_old_units_reminder_queued_that_morning_is_not_sent(replayed: Replayed) -> None:
    sessions, smtp, reload, counts, _ = replayed
    # Due 1/7: the chase of 1/7 queued "today" for the Ban Dân vận before the reload …
    assert reload["queued_before"]["due-day"] == "pending"
    # … and the reload cancelled it; what went out before stays sent.
    messages = dict(_messages(sessions, BCD37_Q2, BDV, "minutes"))
    assert messages["due-day"] == "cancelled"
    assert messages["open"] == "sent"
    assert all(status != "pending" for status in messages.values())
    after = [r for r in smtp.received[counts["sent_before"] :] if BDV_MAIL in r.rcpt_tos]
    subjects = [str(make_header(decode_header(str(r.parsed()["Subject"])))) for r in after]
    assert not [s for s in subjects if "Thông báo kết luận cuộc họp" in s]


def test_the_successor_is_asked_for_the_minutes_once(replayed: Replayed) -> None:
    sessions, smtp, _, _, _ = replayed
    subjects = [s for s in _subjects_to(smtp, BTGDV_MAIL) if "Thông báo kết luận" in s]
    stages = [stage for stage, _ in _messages(sessions, BCD37_Q2, BTGDV, "minutes")]
    # Opened on 1/7, its deadline: the request, then (never handed in) the reminders after the
    # deadline, to the unit, and the escalations, to its head and the Thường trực Tỉnh ủy.
    assert stages[0] == "open"
    assert len(stages) == len(set(stages))
    to_unit = [s for s in stages if not s.startswith("escalate")]
    assert len(subjects) == len(to_unit)
    assert subjects[0].startswith("[Đôn đốc] Thông báo kết luận cuộc họp Ban Chỉ đạo 37 tỉnh")
    with transaction(sessions) as session:
        statuses = set(
            session.scalars(
                select(OutboxMessage.status)
                .join(Task, Task.id == OutboxMessage.task_id)
                .where(Task.unit_code == BTGDV)
            )
        )
    assert statuses == {"sent"}


def test_what_the_old_unit_did_stays_its_own(replayed: Replayed) -> None:
    sessions, _, _, _, _ = replayed
    report = one_task(sessions, BCD37_Q2, BDV, step="activity-report", occurrence=OCC)
    estimate = one_task(sessions, BCD37_Q2, BDV, step="budget-estimate", occurrence=OCC)
    assert (report.status, report.document_ref) == ("submitted_on_time", "12-BC/BCĐ37")
    # Due 24/7, after the merger, but handed in by the Ban Dân vận on 27/6: not owed again.
    assert (estimate.status, estimate.document_ref) == ("submitted_on_time", "15-DT/BCĐ37")
    with transaction(sessions) as session:
        successor_steps = set(
            session.scalars(
                select(Task.step_id).where(Task.obligation_id == BCD37_Q2, Task.unit_code == BTGDV)
            )
        )
        old_row = session.get(Unit, BDV)
        assert old_row is not None
        assert old_row.name == "Ban Dân vận Tỉnh ủy Tây Ninh"
        notices = set(
            session.scalars(select(TaskNotice.stage).where(TaskNotice.task_id == report.id))
        )
    assert successor_steps == {"minutes"}
    assert "open" in notices  # its history: the request it was sent on 6/6


def test_the_status_report_shows_the_old_name_for_the_old_tasks(replayed: Replayed) -> None:
    sessions, _, _, _, _ = replayed
    with transaction(sessions) as session:
        by_code = {row.code: row for row in standings(Reader.of_session(session), LAST)}
    assert by_code[BDV].name == "Ban Dân vận Tỉnh ủy Tây Ninh"
    assert by_code[BDV].counts["done_on_time"] >= 2  # the report and the estimate
    assert by_code[BTGDV].name == "Ban Tuyên giáo và Dân vận Tỉnh ủy Tây Ninh"


def test_later_occurrences_are_owed_by_the_successor(replayed: Replayed) -> None:
    sessions, _, _, _, _ = replayed
    with transaction(sessions) as session:
        owners = set(
            session.execute(
                select(Task.unit_code, Task.status).where(
                    Task.obligation_id == BCD37_Q3, Task.occurrence_key == OCC
                )
            ).all()
        )
        old_units_later = session.scalars(
            select(Task.id).where(
                Task.unit_code == BDV,
                Task.due_on >= MERGER,
                Task.status.in_(["planned", "open", "acknowledged", "overdue"]),
            )
        ).all()
    # The quý III meeting (Wednesday 24/9/2025), its report, request and minutes: planned for
    # the Ban Dân vận in June, moved on 1/7.
    assert owners == {(BTGDV, "planned"), (BDV, "cancelled")}
    assert old_units_later == []


def test_planning_again_changes_nothing(replayed: Replayed) -> None:
    sessions, _, _, _, edited = replayed
    with transaction(sessions) as session:
        before = session.execute(select(Task.id, Task.unit_code, Task.status)).all()
    again = load(sessions, edited, LAST)
    with transaction(sessions) as session:
        after = session.execute(select(Task.id, Task.unit_code, Task.status)).all()
    assert (again["planned"], again["cancelled"], again["transferred"]) == (0, 0, 0)
    assert sorted(before) == sorted(after)
