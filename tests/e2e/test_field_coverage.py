"""Seed 003, mục IV.2 — "Định kỳ đi cơ sở 01 tháng ít nhất 01 ngày, trong năm phải đến nắm tình
hình tại 100% xã, phường, thị trấn tại địa bàn phụ trách" — replayed through 2024 on the Tây
Ninh plan's field coverage, through the plain steps the flows run (the field-coverage family
opens each specialist's month; chase, escalate and delivery as for every family), with a real
SMTP server on loopback. On SQLite and on PostgreSQL.

Two specialists of plans/tay-ninh-2024.yaml: Võ Văn Em (Bến Cầu, 9 communes) records field days
in most months; Trần Thị Bích (Trảng Bàng and Gò Dầu, 19) records none. The dates below are
worked out by hand: a month's field day is due on its last working day (31/1, 26/4 — 29/4 is
swapped for Saturday 4/5, 30/4–1/5 are off —, …) and opens 25 days before (the working day on or
before: 6/1 is a Saturday, so 5/1). The plan's chase: reminders 7, 3, 1, 0 days before (on the
working day on or before), then every 2 working days, three times; the head (the Ban's Trưởng
ban) after 3 working days, the Ban itself after 7. Tết Giáp Thìn is off 8–14/2.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ledger.audit import Actor
from ledger.db import transaction
from ledger.models import AuditEntry, FieldDay
from ledger.store import store_catalogue
from obligations.loader import catalogue_files, load_catalogue
from tasks import field_days
from tests.conftest import BACKENDS, PLANS, RecordingHandler, SmtpServer, at, smtp_server_for
from tests.e2e.replay import migrated_ledger, one_task, queued, run_day

Sessions = sessionmaker[Session]
D = date
YEAR = [D(2024, 1, 1) + timedelta(days=n) for n in range(366)]
HORIZON = D(2025, 12, 31)
DUTY = "tn-di-co-so"
EM = "tn-cv-vo-van-em"  # Bến Cầu
BICH = "tn-cv-tran-thi-bich"  # Trảng Bàng, Gò Dầu
HEAD = "truongban.bdv@tinhuy.tayninh.example"  # the Ban's Trưởng ban
BAN = "bdv@tinhuy.tayninh.example"

# (day, commune): Em's field days, recorded the evening of the day. None in April, nor from July.
EM_DAYS = [
    (D(2024, 1, 10), "bcau-ben-cau"),
    (D(2024, 1, 10), "bcau-long-chu"),
    (D(2024, 2, 20), "bcau-long-phuoc"),
    (D(2024, 3, 12), "bcau-long-giang"),
    (D(2024, 5, 15), "bcau-tien-thuan"),
    (D(2024, 5, 16), "bcau-long-khanh"),  # a second day in May: the month is done already
    (D(2024, 6, 5), "bcau-ben-cau"),  # a commune visited again
]

Replayed = tuple[Sessions, SmtpServer, list[dict[str, int]]]


@pytest.fixture(scope="module", params=BACKENDS)
def replayed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Replayed]:
    with migrated_ledger(request.param, tmp_path_factory.mktemp("coverage")) as sessions:
        files = [PLANS / "tay-ninh-2024.yaml", *catalogue_files(PLANS / "calendar")]
        start = D(2024, 1, 1)
        with transaction(sessions) as session:
            store_catalogue(
                session, load_catalogue(files), Actor("test:load", at(start), start), start
            )
        counts: list[dict[str, int]] = []
        with smtp_server_for(RecordingHandler()) as smtp:
            for day in YEAR:
                run_day(sessions, smtp, day, HORIZON, ("field-coverage",))
                for when, commune in EM_DAYS:
                    if when == day:
                        log = field_days.record(sessions, at(day, 17), day, EM, commune, day)
                        counts.append(log.counts)
            # The June day recorded once more, in December: nothing changes.
            again = D(2024, 12, 2)
            counts.append(
                field_days.record(
                    sessions, at(again, 9), again, EM, "bcau-ben-cau", D(2024, 6, 5)
                ).counts
            )
            yield sessions, smtp, counts


def test_each_field_day_is_recorded_once_and_marks_its_month_done_once(replayed: Replayed) -> None:
    sessions, _, counts = replayed
    assert counts == [
        {"recorded": 1, "task-done": 1},  # 10/1: January done
        {"recorded": 1},  # 10/1, a second commune
        {"recorded": 1, "task-done": 1},  # 20/2
        {"recorded": 1, "task-done": 1},  # 12/3
        {"recorded": 1, "task-done": 1},  # 15/5
        {"recorded": 1},  # 16/5
        {"recorded": 1, "task-done": 1},  # 5/6
        {"unchanged": 1},  # 5/6 again
    ]
    with transaction(sessions) as session:
        assert len(session.scalars(select(FieldDay)).all()) == 7
        audited = session.scalars(select(AuditEntry).where(AuditEntry.entity == "field_day")).all()
        assert len(audited) == 7


def month(key_day: date) -> str:
    return key_day.strftime("%Y-%m")


def test_a_specialist_who_went_in_january_is_sent_the_request_and_nothing_after(
    replayed: Replayed,
) -> None:
    sessions, _, _ = replayed
    january = one_task(sessions, DUTY, EM, occurrence=month(D(2024, 1, 1)))
    assert (january.status, january.done_on, january.due_on) == (
        "submitted_on_time",
        D(2024, 1, 10),
        D(2024, 1, 31),
    )
    assert queued(sessions, DUTY, EM, occurrence="2024-01") == {"open": D(2024, 1, 5)}


def test_a_month_without_a_field_day_is_chased_then_told_to_the_head_and_the_ban(
    replayed: Replayed,
) -> None:
    sessions, _, _ = replayed
    # January, due Wednesday 31/1: working days late 1/2 (1), 2/2 (2), 5/2 (3), 6/2 (4), 7/2 (5),
    # then Tết, 15/2 (6), 16/2 (7).
    assert queued(sessions, DUTY, BICH, occurrence="2024-01") == {
        "open": D(2024, 1, 5),
        "before-7": D(2024, 1, 24),
        "before-3": D(2024, 1, 26),  # Sunday 28/1: the Friday before
        "before-1": D(2024, 1, 30),
        "due-day": D(2024, 1, 31),
        "overdue-1": D(2024, 2, 2),
        "escalate-1": D(2024, 2, 5),
        "overdue-2": D(2024, 2, 6),
        "overdue-3": D(2024, 2, 15),
        "escalate-2": D(2024, 2, 16),
    }
    assert one_task(sessions, DUTY, BICH, occurrence="2024-01").status == "overdue"


def test_the_month_the_diligent_specialist_missed_is_chased_too(replayed: Replayed) -> None:
    sessions, _, _ = replayed
    # April, due Friday 26/4 (29/4 swapped off, 30/4–1/5 holidays); Saturday 4/5 is a working
    # day: late 2/5 (1), 3/5 (2), 4/5 (3), 6/5 (4), 7/5 (5), 8/5 (6), 9/5 (7). 18/4 is Giỗ Tổ.
    assert queued(sessions, DUTY, EM, occurrence="2024-04") == {
        "open": D(2024, 4, 1),
        "before-7": D(2024, 4, 19),
        "before-3": D(2024, 4, 23),
        "before-1": D(2024, 4, 25),
        "due-day": D(2024, 4, 26),
        "overdue-1": D(2024, 5, 3),
        "escalate-1": D(2024, 5, 4),
        "overdue-2": D(2024, 5, 6),
        "overdue-3": D(2024, 5, 8),
        "escalate-2": D(2024, 5, 9),
    }


def test_the_escalations_reach_the_bans_head_and_then_the_ban(replayed: Replayed) -> None:
    _, smtp, _ = replayed

    def told(address: str, name: str) -> int:
        return sum(
            1 for m in smtp.received if address in m.rcpt_tos and name in str(m.parsed()["Subject"])
        )

    # Bích: every month but December (its escalations fall in 2025); Em: April and July–November.
    for address in (HEAD, BAN):
        assert told(address, "Trần Thị Bích") == 11
        assert told(address, "Võ Văn Em") == 6
    # The three other specialists of the plan record nothing either: 11 months each.
    assert sum(1 for m in smtp.received if HEAD in m.rcpt_tos) == 4 * 11 + 6
    to_head = [m for m in smtp.received if HEAD in m.rcpt_tos]
    subjects = {str(m.parsed()["Subject"]) for m in to_head}
    assert (
        "[Đôn đốc] Chuyên viên Trần Thị Bích chưa đi cơ sở tháng 1/2024 (quá 3 ngày làm việc)"
        in subjects
    )


def test_the_years_coverage_table(replayed: Replayed) -> None:
    sessions, _, _ = replayed
    found = {c.specialist: c for c in field_days.coverage(sessions, 2024, D(2024, 12, 31))}
    em = found[EM]
    assert len(em.communes) == 9
    assert em.visited == {
        "bcau-ben-cau": (D(2024, 1, 10), D(2024, 6, 5)),
        "bcau-long-chu": (D(2024, 1, 10),),
        "bcau-long-phuoc": (D(2024, 2, 20),),
        "bcau-long-giang": (D(2024, 3, 12),),
        "bcau-tien-thuan": (D(2024, 5, 15),),
        "bcau-long-khanh": (D(2024, 5, 16),),
    }
    assert [c.code for c in em.not_visited] == [
        "bcau-loi-thuan",
        "bcau-long-thuan",
        "bcau-an-thanh",
    ]
    assert em.months_without == (4, 7, 8, 9, 10, 11, 12)
    assert em.percent == 66.7
    bich = found[BICH]
    assert (len(bich.communes), bich.visited, bich.percent) == (19, {}, 0.0)
    assert bich.months_without == tuple(range(1, 13))
    # Mid-year, the months not yet ended are not counted as missed.
    mid = {c.specialist: c for c in field_days.coverage(sessions, 2024, D(2024, 7, 15), EM)}
    assert mid[EM].months_without == (4,)
