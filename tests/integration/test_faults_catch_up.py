"""Thirty days of downtime, then a day: the tasks due are opened and every recipient hears once
where things stand — against the seed plans, a real ledger (SQLite, and PostgreSQL in CI) and
a real SMTP server on loopback.

The office's daily runs (each family opens, the chase, the escalation, the 07:30 delivery)
work on Friday 1/3/2024, then nothing runs from Saturday 2/3 to Sunday 31/3 (30 days), then
they run on Monday 1/4/2024 and on Tuesday 2/4. The catch-up window of 1/4 starts on 1/3, so
everything missed is inside it: the latest reminder of each task is sent and the earlier ones
are recorded as superseded, each escalation level due is sent once, a task opened after its
deadline is chased rather than greeted — and each recipient gets one message that day (a
digest of its items), not thirty days of reminders.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date

from sqlalchemy import func, select

from ledger.db import transaction
from ledger.models import OutboxMessage, Task, TaskNotice
from ledger.store import read_catalogue
from notifications.config import SmtpSettings
from notifications.email import EmailChannel
from notifications.timing import OfficeHours
from tasks import dispatch, steps
from tests.conftest import Received, at, load_demo, plain_text, smtp_server_for
from tests.integration.faults import CountingHandler, Sessions

HORIZON = date(2025, 12, 31)
BEFORE = date(2024, 3, 1)  # Friday: the last day the runs worked
BACK = date(2024, 4, 1)  # Monday: the first day they work again, after 30 days of nothing
NEXT = date(2024, 4, 2)
FAMILIES = (
    "periodic-report",
    "steering-meeting",
    "directive-review",
    "holiday-visit",
    "supervision",
    "campaign",
    "event",
    "term-milestone",
    "task",
    "ad-hoc-request",
    "field-coverage",
)
REMINDERS = ("remind", "overdue")


def office(sessions: Sessions, smtp: SmtpSettings) -> dispatch.Dispatch:
    with transaction(sessions) as session:
        calendar = read_catalogue(session).catalogue.calendar
    return dispatch.Dispatch(
        {"email": EmailChannel(smtp)},
        timing=dispatch.office_timing(calendar.is_working_day, OfficeHours()),
        compose_digest=dispatch.digest_composer(),
        alert_text=dispatch.alert_text,
    )


def run_day(sessions: Sessions, smtp: SmtpSettings, day: date) -> None:
    """The day's deployments as scheduled: the families open (06:30), the chase (07:00), the
    escalation (07:15), the delivery (07:30)."""
    for family in FAMILIES:
        steps.open_tasks(sessions, day, at(day, 6, 30), HORIZON, {family}, f"flow:{family}")
    steps.chase(sessions, day, at(day, 7))
    steps.escalate(sessions, day, at(day, 7, 15))
    asyncio.run(dispatch.deliver(sessions, office(sessions, smtp), at(day, 7, 30)))


def notices_of(sessions: Sessions, day: date) -> list[tuple[int, str, str, str, date]]:
    """(task, kind, stage, outcome, the day the stage fell due) of the notices decided on `day`."""
    with transaction(sessions) as session:
        rows = session.execute(
            select(
                TaskNotice.task_id,
                TaskNotice.kind,
                TaskNotice.stage,
                TaskNotice.outcome,
                TaskNotice.due_on,
            ).where(TaskNotice.as_of == day)
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def queued_to(sessions: Sessions, day: date) -> set[str]:
    """The addresses the notices queued on `day` are for (on the channel they went by)."""
    with transaction(sessions) as session:
        rows = session.scalars(
            select(func.lower(OutboxMessage.recipient))
            .join(TaskNotice, TaskNotice.task_id == OutboxMessage.task_id)
            .where(
                TaskNotice.as_of == day,
                TaskNotice.outcome == "queued",
                TaskNotice.stage == OutboxMessage.stage,
                OutboxMessage.status.in_(("sent", "held")),
            )
        )
        return set(rows)


def test_after_30_days_of_downtime_the_day_back_opens_what_is_due_and_tells_each_recipient_once(
    sessions: Sessions,
) -> None:
    load_demo(sessions, BEFORE)
    handler = CountingHandler()
    with smtp_server_for(handler) as smtp:
        run_day(sessions, smtp.settings, BEFORE)
        first = len(handler.received)
        run_day(sessions, smtp.settings, BACK)
        back: list[Received] = handler.received[first:]
        second = len(handler.received)
        run_day(sessions, smtp.settings, NEXT)
        following: list[Received] = handler.received[second:]

    # Every task whose opening day has come is open (none was handed in meanwhile).
    with transaction(sessions) as session:
        due = Counter(
            session.scalars(
                select(Task.status).where(Task.opens_on <= BACK, Task.opens_on > BEFORE)
            )
        )
        left = session.scalar(
            select(func.count()).where(Task.opens_on <= NEXT, Task.status == "planned")
        )
    assert sum(due.values()) > 40
    assert set(due) <= {"open", "overdue"}
    assert left == 0

    # No task hears more than its latest reminder; the earlier ones of the downtime are
    # recorded as superseded, each escalation level once.
    decided = notices_of(sessions, BACK)
    by_task: dict[int, list[tuple[str, str, str, date]]] = {}
    for task, kind, stage, outcome, fell_due in decided:
        by_task.setdefault(task, []).append((kind, stage, outcome, fell_due))
    caught_up = 0
    for task, rows in by_task.items():
        reminders = sorted((d, s, o) for k, s, o, d in rows if k in REMINDERS)
        sent = [s for _, s, o in reminders if o == "queued"]
        assert len(sent) <= 1, f"task {task} was sent {sent} on the day back"
        if sent:
            assert sent == [reminders[-1][1]], f"task {task}: not its latest reminder"
            assert all(o == "superseded" for _, _, o in reminders[:-1])
            caught_up += len(reminders) > 1
        levels = Counter(s for k, s, o, _ in rows if k == "escalate" and o == "queued")
        assert all(n == 1 for n in levels.values())
        opening = [o for k, _, o, _ in rows if k == "open"]
        if opening and sent and sent[0].startswith("overdue"):
            assert opening == ["superseded"], f"task {task}, opened late, was greeted"
    assert caught_up >= 20  # reminders missed during the downtime were indeed caught up

    # One message per recipient that day: each of those its queued notices are for.
    recipients = Counter(r.lower() for m in back for r in m.rcpt_tos)
    assert recipients, "nothing was sent on the day back"
    assert max(recipients.values()) == 1, recipients.most_common(3)
    assert set(recipients) == queued_to(sessions, BACK)
    with transaction(sessions) as session:
        digests = session.execute(
            select(OutboxMessage.recipient, func.count())
            .where(OutboxMessage.kind == "digest")
            .group_by(OutboxMessage.recipient, func.date(OutboxMessage.created_at))
        ).all()
    assert digests
    assert all(n == 1 for _, n in digests)

    # Gò Dầu's Ban Dân vận owes the first quarter's report, due Monday 18/3: it hears once,
    # that it is 10 working days late (19/3 … 29/3 and 1/4), and its head and its district's
    # party committee are told too — one message each.
    godau = [m for m in back if m.rcpt_tos == ["bdv@godau.tayninh.example"]]
    assert len(godau) == 1
    assert "Quý I/2024: quá hạn 10 ngày làm việc" in str(godau[0].parsed()["Subject"])
    assert "thứ Hai, ngày 18/03/2024" in plain_text(godau[0].parsed())
    for above in ("truongban.bdv@godau.tayninh.example", "vanphong@godau.tayninh.example"):
        assert recipients[above] == 1

    # The day after, only what falls due that day: nothing of the downtime comes again.
    assert all(fell_due == NEXT for _, _, _, outcome, fell_due in notices_of(sessions, NEXT)
               if outcome == "queued")  # fmt: skip
    again = Counter(r.lower() for m in following for r in m.rcpt_tos)
    assert not again or max(again.values()) == 1
    assert len(following) < len(back)
