"""An ad-hoc request replayed day by day (seed 003's Tây Ninh plan, October 2024), through the
steps the flows run and a real SMTP server on loopback.

On Wednesday 9/10/2024, after the morning's runs, the Ban Dân vận asks three provincial
organisations for a report due 5 working days later: 10, 11, 14, 15, 16 → Wednesday 16/10
(October 2024 has no day off but its weekends). Worked out by hand from the plan's default
policies (plans/tay-ninh-2024.yaml): reminders 7, 3, 1 and 0 calendar days before the deadline
on the working day on or before — 9/10 is the opening day itself (no reminder then), 13/10 is a
Sunday (→ Friday 11/10), 15/10, 16/10 —; then every 2 working days, three times: 18/10, 22/10,
24/10; the head after 3 working days overdue (17, 18, 21 → 21/10), the supervising unit
(Thường trực Tỉnh ủy) after 7 (… 22, 23, 24, 25 → 25/10).

The Liên đoàn Lao động hands its report in on Monday 14/10: it is told nothing more. The Hội
Nông dân hands its in late, on 21/10 in the afternoon, after its head was told that morning:
nothing more after that. The Mặt trận never does: it is chased and escalated to the end.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from ledger.audit import Actor
from ledger.db import Sessions, transaction
from ledger.models import Obligation, Task
from ledger.store import store_catalogue
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
from tests.e2e.replay import migrated_ledger, one_task, queued, run_day

D = date
ASKED_ON = D(2024, 10, 9)
DUE = D(2024, 10, 16)
HORIZON = D(2025, 12, 31)
DAYS = [D(2024, 10, 1) + timedelta(days=n) for n in range(45)]  # to 14/11
FAMILIES = ("ad-hoc-request",)
TITLE = "Báo cáo nhanh kết quả vận động Quỹ “Vì người nghèo” năm 2024"
MTTQ, LDLD, HND = "tn-mttq", "tn-ldld", "tn-hnd"
SUBMITTED = {
    D(2024, 10, 14): (LDLD, "31-BC/LĐLĐ", 10),
    D(2024, 10, 21): (HND, "52-BC/HND", 15),
}

Replayed = tuple[Sessions, SmtpServer, str]


def yaml_files() -> list[Path]:
    return [PLANS / "tay-ninh-2024.yaml", *catalogue_files(PLANS / "calendar")]


@pytest.fixture(scope="module", params=BACKENDS)
def replayed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Replayed]:
    with migrated_ledger(request.param, tmp_path_factory.mktemp("ad-hoc")) as sessions:
        start = D(2024, 10, 1)
        with transaction(sessions) as session:
            store_catalogue(
                session, load_catalogue(yaml_files()), Actor("test:load", at(start), start), start
            )
        with smtp_server_for(RecordingHandler()) as smtp:
            request_id = ""
            for day in DAYS:
                run_day(sessions, smtp, day, HORIZON, FAMILIES)
                if day == ASKED_ON:
                    now = at(day, 10)
                    values = {"title": TITLE, "units": [MTTQ, LDLD, HND], "due": DUE}
                    steps.request_report(sessions, now, day, HORIZON, values)
                    asyncio.run(steps.deliver(sessions, smtp.settings, now))
                    with transaction(sessions) as session:
                        request_id = session.scalars(
                            select(Obligation.id).where(Obligation.family == "ad-hoc-request")
                        ).one()
                if day in SUBMITTED:
                    unit, ref, hour = SUBMITTED[day]
                    when = at(day, hour)
                    steps.record_submission(
                        sessions, when, day, request_id, unit, DUE.isoformat(), ref, when
                    )
            yield sessions, smtp, request_id


def test_the_units_are_asked_the_day_the_request_is_made_by_mail(replayed: Replayed) -> None:
    sessions, smtp, request_id = replayed
    for unit in (MTTQ, LDLD, HND):
        task = one_task(sessions, request_id, unit)
        assert (task.opened_on, task.due_on) == (ASKED_ON, DUE)
    asked = [
        m.parsed()
        for m in smtp.received
        if m.rcpt_tos == ["vanphong@mttq.tayninh.example"] and TITLE in plain_text(m.parsed())
    ]
    assert asked
    assert "16/10/2024" in plain_text(asked[0])


def test_the_unit_that_submitted_on_time_is_not_chased(replayed: Replayed) -> None:
    sessions, _, request_id = replayed
    assert queued(sessions, request_id, LDLD) == {"open": ASKED_ON, "before-3": D(2024, 10, 11)}
    task = one_task(sessions, request_id, LDLD)
    assert (task.status, task.document_ref) == ("submitted_on_time", "31-BC/LĐLĐ")


def test_the_unit_that_never_reports_is_chased_and_escalated_to_its_supervisor(
    replayed: Replayed,
) -> None:
    sessions, smtp, request_id = replayed
    assert queued(sessions, request_id, MTTQ) == {
        "open": ASKED_ON,
        "before-3": D(2024, 10, 11),
        "before-1": D(2024, 10, 15),
        "due-day": DUE,
        "overdue-1": D(2024, 10, 18),
        "escalate-1": D(2024, 10, 21),
        "overdue-2": D(2024, 10, 22),
        "overdue-3": D(2024, 10, 24),
        "escalate-2": D(2024, 10, 25),
    }
    assert one_task(sessions, request_id, MTTQ).status == "overdue"
    to_head = [m for m in smtp.received if m.rcpt_tos == ["chutich@mttq.tayninh.example"]]
    to_supervisor = [
        m
        for m in smtp.received
        if m.rcpt_tos == ["thuongtruc@tinhuy.tayninh.example"] and TITLE in plain_text(m.parsed())
    ]
    assert len(to_head) == 1
    assert TITLE in plain_text(to_head[0].parsed())
    assert len(to_supervisor) == 1


def test_a_late_submission_stops_the_chase_on_its_day(replayed: Replayed) -> None:
    sessions, _, request_id = replayed
    assert queued(sessions, request_id, HND) == {
        "open": ASKED_ON,
        "before-3": D(2024, 10, 11),
        "before-1": D(2024, 10, 15),
        "due-day": DUE,
        "overdue-1": D(2024, 10, 18),
        "escalate-1": D(2024, 10, 21),
    }
    task = one_task(sessions, request_id, HND)
    assert (task.status, task.document_ref) == ("submitted_late", "52-BC/HND")


def test_a_plan_load_of_the_yaml_files_afterwards_does_not_retire_the_request(
    replayed: Replayed,
) -> None:
    sessions, _, request_id = replayed
    day = DAYS[-1]
    with transaction(sessions) as session:
        report = store_catalogue(
            session, load_catalogue(yaml_files()), Actor("test:reload", at(day), day), day
        )
        assert request_id not in report.obligations
    log = steps.open_tasks(sessions, day, at(day, 12), HORIZON, set(FAMILIES))
    assert "cancelled" not in log.counts
    with transaction(sessions) as session:
        assert session.get(Obligation, request_id).active  # type: ignore[union-attr]
        statuses = dict(
            session.execute(
                select(Task.unit_code, Task.status).where(Task.obligation_id == request_id)
            ).all()
        )
    assert statuses == {MTTQ: "overdue", LDLD: "submitted_on_time", HND: "submitted_late"}
