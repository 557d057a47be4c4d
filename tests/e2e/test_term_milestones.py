"""Term milestones (family term-milestone) of seed 000 — Kiên Giang's Chương trình hành động số
13-CTr/TU — replayed through the plain steps the flows run, and previewed with `dondoc preview`.

What the seed states (mục II.6 and III): the "Dân vận khéo" steering committees' yearly review
reports; the district level's review "năm 2023 (giữa giai đoạn 2021-2023)"; the three levels'
final review "vào năm 2025, nhân dịp kỷ niệm 95 năm Ngày truyền thống công tác dân vận của Đảng
(ngày 15-10-2025)"; the units' end-of-term summaries to the Ban Thường vụ Tỉnh ủy through the Ban
Dân vận, and the Ban's summary "vào năm 2025 phục vụ … Đại hội Đảng bộ tỉnh lần thứ XII". The days
the seed does not give are chosen in plans/kien-giang.yaml (each with its reason): the yearly
review report by the last working day of November; the district review by the end of quarter
III-2023; the end-of-term summary by the end of quarter II-2025.

Three stretches are replayed day by day on SQLite and PostgreSQL (the term-milestones flow's
opening, then chase, escalate and delivery to a real SMTP server on loopback), with operators
recording a few completions after the day's runs:

- 10/7–12/10/2023: the district review (quý III-2023) and the 2023 yearly review's guidance;
- 10/4–10/7/2025: the end-of-term summary (quý II-2025), across 30/4–2/5 (and the make-up
  Saturday 26/4/2025);
- 28/7–20/10/2025: the final review of 15/10/2025, after district level ended (30/6/2025).

The expected days were worked out by hand from a wall calendar and the official decisions
(plans/calendar/workdays-vn.yaml: 2025's 30/4, 1/5 and the swapped Friday 2/5 off, Saturday 26/4
worked; 1–2/9/2025 off) with the steps of obligations/families.yaml and the plan's policies: the
guidance letter 2 months before the anchor, opening 15 days before it is due; the units' reports
a month before; the consolidated report and the conference on the anchor; a step opens 10 days
before it is due, not before the step it follows is due, and never on a day off (the working day
before); a step due before the anchor on a day off is due the working day before. Reminders 7, 3,
1 and 0 days before, moved back to a working day, the nearer one winning when two land together;
after the deadline every 2 working days, 3 times; the head after 3 working days late, the
supervising unit (Ban Thường vụ Tỉnh ủy) after 7.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from dondoc.cli import app
from ledger.audit import Actor
from ledger.db import transaction
from ledger.models import OutboxMessage, Task, TaskNotice
from obligations.loader import catalogue_files, load_catalogue
from tasks import steps
from tests.conftest import BACKENDS, PLANS, SmtpServer, at
from tests.e2e.replay import (
    Done,
    migrated_ledger,
    one_task,
    queued,
    record_done,
    replayed_year,
)

D = date
FILES = [PLANS / "kien-giang.yaml", *catalogue_files(PLANS / "calendar")]
HORIZON = D(2025, 12, 31)
FAMILY = "term-milestone"
YEARLY = "kg-dvk-so-ket-nam"
MIDTERM = "kg-dvk-so-ket-giua-giai-doan"
FINAL = "kg-dvk-tong-ket-2021-2025"
SUMMARY = "kg-bc-tong-ket-nhiem-ky-ctr-13"

DISTRICTS = {
    "kg-rach-gia", "kg-ha-tien", "kg-phu-quoc", "kg-kien-luong", "kg-hon-dat", "kg-tan-hiep",
    "kg-chau-thanh", "kg-giong-rieng", "kg-go-quao", "kg-an-bien", "kg-an-minh", "kg-vinh-thuan",
    "kg-u-minh-thuong", "kg-giang-thanh", "kg-kien-hai",
}  # fmt: skip
# Mục III.2: "Ban cán sự đảng Ủy ban nhân dân tỉnh, Mặt trận Tổ quốc, các đoàn thể chính trị-xã
# hội tỉnh, các huyện, thành ủy …" (the Front's and the organisations' Party groups).
REPORTERS = DISTRICTS | {
    "kg-bcsd-ubnd", "kg-dd-mttq", "kg-dd-ldld", "kg-dd-hnd", "kg-dd-hlhpn", "kg-dd-hccb",
    "kg-btv-tinh-doan",
}  # fmt: skip

STRETCHES = [
    (D(2023, 7, 10), D(2023, 10, 12)),
    (D(2025, 4, 10), D(2025, 7, 10)),
    (D(2025, 7, 28), D(2025, 10, 20)),
]


# Operators' records, made after the day's scheduled runs (office hours).
DONE = [
    # The Ban sends the district review's guidance on Wed 2/8/2023, after that morning's
    # escalation to its head.
    Done(MIDTERM, "kg-bdv", "2023-Q3", "guidance-letter", at(D(2023, 8, 2), 10), "45-HD/BDVTU"),
    # Thành ủy Rạch Giá holds its conference on Tue 26/9/2023 and reports the next day.
    Done(MIDTERM, "kg-rach-gia", "2023-Q3", "conference", at(D(2023, 9, 26), 16), None,
         D(2023, 9, 26)),
    Done(MIDTERM, "kg-rach-gia", "2023-Q3", "unit-reports", at(D(2023, 9, 27), 10), "112-BC/TU"),
    # The end-of-term summaries: the Front's Party group on time (Wed 28/5/2025), Huyện ủy Phú
    # Quốc late (Wed 4/6, after that morning's escalation); the Ban's own on its deadline.
    Done(SUMMARY, "kg-dd-mttq", "2025-Q2", "unit-reports", at(D(2025, 5, 28), 10), "87-BC/ĐĐ"),
    Done(SUMMARY, "kg-phu-quoc", "2025-Q2", "unit-reports", at(D(2025, 6, 4), 10), "301-BC/HU"),
    Done(SUMMARY, "kg-bdv", "2025-Q2", "consolidated-report", at(D(2025, 6, 30), 15),
         "215-BC/BDVTU"),
    # The final review: the guidance the day before its deadline, the conference on 15/10/2025.
    Done(FINAL, "kg-bdv", "2025-10-15", "guidance-letter", at(D(2025, 8, 14), 10), "60-HD/BDVTU"),
    Done(FINAL, "kg-bdv", "2025-10-15", "conference", at(D(2025, 10, 15), 17), None,
         D(2025, 10, 15)),
]  # fmt: skip


def stretch_days() -> Iterator[date]:
    for first, last in STRETCHES:
        day = first
        while day <= last:
            yield day
            day += timedelta(days=1)


Sessions = sessionmaker[Session]
Replayed = tuple[Sessions, SmtpServer]


@pytest.fixture(scope="module", params=BACKENDS)
def replayed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Replayed]:
    """The plan loaded tracking from 1/1/2021, then the three stretches replayed."""
    directory = tmp_path_factory.mktemp("terms")
    days = list(stretch_days())
    with replayed_year(
        request.param, directory, FILES, days, HORIZON, [FAMILY],
        lambda sessions, day: record_done(sessions, day, DONE),
        start=D(2021, 1, 1), plan_at_load=True,
    ) as done:  # fmt: skip
        yield done


def notices(
    sessions: Sessions, obligation: str, step: str, unit: str, occurrence: str
) -> dict[str, date]:
    return queued(sessions, obligation, unit, step=step, occurrence=occurrence)


def task(sessions: Sessions, obligation: str, step: str, unit: str, occurrence: str) -> Task:
    return one_task(sessions, obligation, unit, step=step, occurrence=occurrence)


# --- 2023: the district level's review, "giữa giai đoạn" ----------------------------------------


def test_the_district_reviews_guidance_is_opened_chased_escalated_and_stopped_when_sent(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # Quý III-2023 ends Saturday 30/9: due Friday 29/9. The guidance 2 months before, Sat 29/7 →
    # Fri 28/7, opening 15 days before, Thu 13/7. Working days after 28/7: 31/7, 1/8, 2/8. Sent
    # on 2/8 at 10:00, after that morning's escalation to the head: nothing later.
    assert notices(sessions, MIDTERM, "guidance-letter", "kg-bdv", "2023-Q3") == {
        "open": D(2023, 7, 13),
        "before-7": D(2023, 7, 21),
        "before-3": D(2023, 7, 25),
        "before-1": D(2023, 7, 27),
        "due-day": D(2023, 7, 28),
        "overdue-1": D(2023, 8, 1),
        "escalate-1": D(2023, 8, 2),
    }
    letter = task(sessions, MIDTERM, "guidance-letter", "kg-bdv", "2023-Q3")
    assert (letter.status, letter.family) == ("submitted_late", FAMILY)


def test_a_district_that_holds_no_review_is_chased_and_escalated_to_the_standing_committee(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # The districts' conference and report, due Fri 29/9/2023, open Tue 19/9. Working days after
    # 29/9: 2, 3, 4, 5, 6, 9, 10/10.
    chased = {
        "open": D(2023, 9, 19),
        "before-7": D(2023, 9, 22),
        "before-3": D(2023, 9, 26),
        "before-1": D(2023, 9, 28),
        "due-day": D(2023, 9, 29),
        "overdue-1": D(2023, 10, 3),
        "escalate-1": D(2023, 10, 4),
        "overdue-2": D(2023, 10, 5),
        "overdue-3": D(2023, 10, 9),
        "escalate-2": D(2023, 10, 10),
    }
    assert notices(sessions, MIDTERM, "unit-reports", "kg-ha-tien", "2023-Q3") == chased
    assert notices(sessions, MIDTERM, "conference", "kg-ha-tien", "2023-Q3") == chased
    # The yearly review's guidance of 2023 (last working day of November, Thu 30/11; 2 months
    # before, Fri 29/9; opening Thu 14/9) was never sent: chased the same days after 29/9.
    assert notices(sessions, YEARLY, "guidance-letter", "kg-bdv", "2023") == chased | {
        "open": D(2023, 9, 14)
    }


def test_a_district_conference_held_and_its_report_sent_stop_their_chase(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    # Rạch Giá held its conference on Tue 26/9 (after that morning's reminder) and reported on
    # Wed 27/9: nothing after 26/9 for either.
    before = {"open": D(2023, 9, 19), "before-7": D(2023, 9, 22), "before-3": D(2023, 9, 26)}
    assert notices(sessions, MIDTERM, "conference", "kg-rach-gia", "2023-Q3") == before
    assert notices(sessions, MIDTERM, "unit-reports", "kg-rach-gia", "2023-Q3") == before
    conference = task(sessions, MIDTERM, "conference", "kg-rach-gia", "2023-Q3")
    assert (conference.status, conference.done_on) == ("submitted_on_time", D(2023, 9, 26))
    report = task(sessions, MIDTERM, "unit-reports", "kg-rach-gia", "2023-Q3")
    assert (report.status, report.document_ref) == ("submitted_on_time", "112-BC/TU")


# --- 2025: the end-of-term summary, before district level ended ----------------------------------


def test_the_end_of_term_guidance_is_chased_over_the_april_holidays(replayed: Replayed) -> None:
    sessions, _ = replayed
    # Quý II-2025 ends Mon 30/6. 2 months before is Wed 30/4, a holiday → Tue 29/4; opening 15
    # days before, Mon 14/4. 3 days before is Saturday 26/4, a make-up working day: the reminder
    # goes that Saturday. After 29/4: 30/4, 1/5 and the swapped 2/5 off, then 5, 6, 7, 8, 9, 12,
    # 13/5.
    assert notices(sessions, SUMMARY, "guidance-letter", "kg-bdv", "2025-Q2") == {
        "open": D(2025, 4, 14),
        "before-7": D(2025, 4, 22),
        "before-3": D(2025, 4, 26),
        "before-1": D(2025, 4, 28),
        "due-day": D(2025, 4, 29),
        "overdue-1": D(2025, 5, 6),
        "escalate-1": D(2025, 5, 7),
        "overdue-2": D(2025, 5, 8),
        "overdue-3": D(2025, 5, 12),
        "escalate-2": D(2025, 5, 13),
    }


def test_every_reporting_unit_owes_its_end_of_term_summary_and_a_record_stops_the_chase(
    replayed: Replayed,
) -> None:
    sessions, _ = replayed
    with transaction(sessions) as session:
        owing = set(
            session.scalars(
                select(Task.unit_code).where(
                    Task.obligation_id == SUMMARY, Task.step_id == "unit-reports"
                )
            )
        )
    assert owing == REPORTERS  # the districts still exist on 30/5/2025
    # Due a month before 30/6: Fri 30/5, opening Tue 20/5. After: 2, 3, 4, 5, 6, 9, 10/6.
    chased = {
        "open": D(2025, 5, 20),
        "before-7": D(2025, 5, 23),
        "before-3": D(2025, 5, 27),
        "before-1": D(2025, 5, 29),
        "due-day": D(2025, 5, 30),
        "overdue-1": D(2025, 6, 3),
        "escalate-1": D(2025, 6, 4),
        "overdue-2": D(2025, 6, 5),
        "overdue-3": D(2025, 6, 9),
        "escalate-2": D(2025, 6, 10),
    }
    assert notices(sessions, SUMMARY, "unit-reports", "kg-giang-thanh", "2025-Q2") == chased
    # The Front's Party group handed in on Wed 28/5: nothing after the reminder of 27/5.
    mttq = {k: v for k, v in chased.items() if v <= D(2025, 5, 27)}
    assert notices(sessions, SUMMARY, "unit-reports", "kg-dd-mttq", "2025-Q2") == mttq
    # Phú Quốc handed in on Wed 4/6 at 10:00, after that morning's escalation.
    phu_quoc = {k: v for k, v in chased.items() if v <= D(2025, 6, 4)}
    assert notices(sessions, SUMMARY, "unit-reports", "kg-phu-quoc", "2025-Q2") == phu_quoc
    statuses = {
        unit: task(sessions, SUMMARY, "unit-reports", unit, "2025-Q2").status
        for unit in ("kg-dd-mttq", "kg-phu-quoc", "kg-giang-thanh")
    }
    assert statuses == {
        "kg-dd-mttq": "submitted_on_time",
        "kg-phu-quoc": "submitted_late",
        "kg-giang-thanh": "overdue",
    }


def test_the_escalations_of_a_late_summary_reach_the_head_and_the_standing_committee(
    replayed: Replayed,
) -> None:
    sessions, smtp = replayed
    with transaction(sessions) as session:
        rows = session.execute(
            select(OutboxMessage.stage, OutboxMessage.recipient, OutboxMessage.status)
            .join(Task, Task.id == OutboxMessage.task_id)
            .where(
                Task.obligation_id == SUMMARY,
                Task.step_id == "unit-reports",
                Task.unit_code == "kg-giang-thanh",
            )
        ).all()
    sent = {stage: (recipient, status) for stage, recipient, status in rows}
    assert sent["open"] == ("vanphong@giangthanh.kiengiang.example", "sent")
    assert sent["escalate-1"] == ("bithu@giangthanh.kiengiang.example", "sent")
    assert sent["escalate-2"] == ("btv@tinhuy.kiengiang.example", "sent")
    received = {r for message in smtp.received for r in message.rcpt_tos}
    assert {"bithu@giangthanh.kiengiang.example", "btv@tinhuy.kiengiang.example"} <= received


def test_the_bans_summary_for_the_congress_is_in_on_its_deadline(replayed: Replayed) -> None:
    sessions, _ = replayed
    # Due Mon 30/6, opening Fri 20/6; 3 days before (Fri 27/6) and 1 day before (Sun 29/6 → Fri
    # 27/6) land together. Handed in on 30/6 at 15:00, after that morning's reminder.
    assert notices(sessions, SUMMARY, "consolidated-report", "kg-bdv", "2025-Q2") == {
        "open": D(2025, 6, 20),
        "before-7": D(2025, 6, 23),
        "before-1": D(2025, 6, 27),
        "due-day": D(2025, 6, 30),
    }
    report = task(sessions, SUMMARY, "consolidated-report", "kg-bdv", "2025-Q2")
    assert (report.status, report.document_ref) == ("submitted_on_time", "215-BC/BDVTU")


# --- 15/10/2025: the movement's final review, after district level ended -------------------------


def test_no_district_owes_a_step_of_the_final_review(replayed: Replayed) -> None:
    sessions, _ = replayed
    with transaction(sessions) as session:
        rows = session.execute(
            select(Task.step_id, Task.unit_code).where(Task.obligation_id == FINAL)
        ).all()
    owed = {(step, unit) for step, unit in rows}
    # The districts' reports and conferences are due Mon 15/9/2025, after 30/6/2025. The Ban
    # Dân vận Tỉnh ủy has no end date in this plan (its successor after the merger into An Giang
    # is the units' section's business): it owes the provincial steps.
    assert owed == {
        ("guidance-letter", "kg-bdv"),
        ("consolidated-report", "kg-bdv"),
        ("conference", "kg-bdv"),
    }


def test_the_final_reviews_steps_are_chased_to_the_95th_anniversary(replayed: Replayed) -> None:
    sessions, _ = replayed
    # The guidance 2 months before Wed 15/10: Fri 15/8, opening Thu 31/7; sent Thu 14/8 at 10:00,
    # after that morning's reminder.
    assert notices(sessions, FINAL, "guidance-letter", "kg-bdv", "2025-10-15") == {
        "open": D(2025, 7, 31),
        "before-7": D(2025, 8, 8),
        "before-3": D(2025, 8, 12),
        "before-1": D(2025, 8, 14),
    }
    # The conference and the report open 10 days before 15/10, Sun 5/10 → Fri 3/10; 3 days before
    # is Sun 12/10 → Fri 10/10. The conference is held on the day; the report never comes: after
    # 15/10 the working days are 16, 17, 20/10.
    reminded = {
        "open": D(2025, 10, 3),
        "before-7": D(2025, 10, 8),
        "before-3": D(2025, 10, 10),
        "before-1": D(2025, 10, 14),
        "due-day": D(2025, 10, 15),
    }
    assert notices(sessions, FINAL, "conference", "kg-bdv", "2025-10-15") == reminded
    assert notices(sessions, FINAL, "consolidated-report", "kg-bdv", "2025-10-15") == reminded | {
        "overdue-1": D(2025, 10, 17),
        "escalate-1": D(2025, 10, 20),
    }
    conference = task(sessions, FINAL, "conference", "kg-bdv", "2025-10-15")
    assert (conference.status, conference.done_on) == ("submitted_on_time", D(2025, 10, 15))


def test_nobody_is_chased_on_a_day_off_in_the_replayed_stretches(replayed: Replayed) -> None:
    sessions, _ = replayed
    calendar = load_catalogue(FILES).calendar
    with transaction(sessions) as session:
        days = set(session.scalars(select(TaskNotice.as_of).where(TaskNotice.outcome == "queued")))
    assert D(2025, 4, 26) in days  # the make-up Saturday is a working day
    assert sorted(d for d in days if not calendar.is_working_day(d)) == []


# --- `dondoc preview --json`: the milestones in the seed's years and quarters --------------------


def preview(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, first: str, last: str, *files: Path
) -> list[dict[str, Any]]:
    """`dondoc preview --family term-milestone --json` on these files, parsed."""
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path / "var"))
    args = ["preview", "--from", first, "--to", last, "--family", FAMILY, "--json"]
    result = CliRunner().invoke(app, [*args, *map(str, files)])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.output)
    return rows


def test_the_kien_giang_milestones_are_previewed_in_the_seeds_years_with_their_owners(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rows = preview(monkeypatch, tmp_path, "2021-01-01", "2025-12-31", *FILES)
    assert {row["family"] for row in rows} == {FAMILY}
    found: dict[tuple[str, str, str], tuple[str, set[str]]] = {}
    for row in rows:
        key = (row["obligation"], row["occurrence_key"], row["step"])
        due, units = found.setdefault(key, (row["due_on"], set()))
        assert row["due_on"] == due, key
        units.add(row["unit"])
    bdv = {"kg-bdv"}
    # The yearly review (chosen: by the last working day of November) for 2021–2024: guidance 2
    # months before, the districts' reports a month before (a Saturday or Sunday → the Friday).
    yearly = {
        "2021": ("2021-09-30", "2021-10-29", "2021-11-30"),  # 30/10/2021 a Saturday
        "2022": ("2022-09-30", "2022-10-28", "2022-11-30"),  # 30/10/2022 a Sunday
        "2023": ("2023-09-29", "2023-10-30", "2023-11-30"),  # 30/9/2023 a Saturday
        "2024": ("2024-09-27", "2024-10-29", "2024-11-29"),  # 30/11/2024 a Saturday
    }
    expected: dict[tuple[str, str, str], tuple[str, set[str]]] = {}
    for year, (letter, reports, consolidated) in yearly.items():
        expected[(YEARLY, year, "guidance-letter")] = (letter, bdv)
        expected[(YEARLY, year, "unit-reports")] = (reports, DISTRICTS)
        expected[(YEARLY, year, "consolidated-report")] = (consolidated, bdv)
    expected |= {
        # "cấp huyện … thực hiện năm 2023": by the end of quarter III-2023 (chosen), Fri 29/9.
        (MIDTERM, "2023-Q3", "guidance-letter"): ("2023-07-28", bdv),
        (MIDTERM, "2023-Q3", "unit-reports"): ("2023-09-29", DISTRICTS),
        (MIDTERM, "2023-Q3", "conference"): ("2023-09-29", DISTRICTS),
        # "cuối nhiệm kỳ có báo cáo tổng kết" / "tổng kết vào năm 2025": quarter II-2025 (chosen).
        (SUMMARY, "2025-Q2", "guidance-letter"): ("2025-04-29", bdv),
        (SUMMARY, "2025-Q2", "unit-reports"): ("2025-05-30", REPORTERS),
        (SUMMARY, "2025-Q2", "consolidated-report"): ("2025-06-30", bdv),
        # "… ở ba cấp … vào năm 2025, nhân dịp kỷ niệm 95 năm … (ngày 15-10-2025)": the districts'
        # steps (due 15/9/2025) are owed by nobody, so they are not listed.
        (FINAL, "2025-10-15", "guidance-letter"): ("2025-08-15", bdv),
        (FINAL, "2025-10-15", "consolidated-report"): ("2025-10-15", bdv),
        (FINAL, "2025-10-15", "conference"): ("2025-10-15", bdv),
    }
    assert found == expected


def test_the_binh_phuoc_quarter_iv_2025_milestone_is_owed_by_nobody_in_the_preview(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Seed 004, mục III.3: "Quý IV năm 2025, các cơ quan, đơn vị tổ chức Hội nghị tổng kết …":
    # its steps are due 31/10–31/12/2025 (tests/e2e/test_seed_binh_phuoc.py), and every unit of
    # the plan ends on 30/6/2025 — the preview lists no step anyone owes.
    files = [PLANS / "binh-phuoc-dvcq.yaml", *catalogue_files(PLANS / "calendar")]
    assert preview(monkeypatch, tmp_path, "2025-01-01", "2025-12-31", *files) == []


# --- the end-of-term summary was a yearly report: reloading it as a milestone keeps its history --

# The obligation as plans/kien-giang.yaml had it before it became a term milestone.
AS_A_REPORT = """  - id: kg-bc-tong-ket-nhiem-ky-ctr-13
    name: Báo cáo tổng kết thực hiện Chương trình hành động số 13-CTr/TU nhiệm kỳ 2020-2025
    family: periodic-report
    period: yearly
    due: day 18
    label: "Nhiệm kỳ 2020-2025"
    unit_tags: [kg-annual-reporter]
    valid_from: 2025-01-01
    valid_to: 2025-12-31
"""


def test_the_summary_reloaded_as_a_milestone_cancels_its_planned_report_and_keeps_its_id(
    tmp_path: Path,
) -> None:
    plan = (PLANS / "kien-giang.yaml").read_text(encoding="utf-8")
    start = plan.index(f"  - id: {SUMMARY}\n")
    end = plan.index("\n  - id: ", start) + 1  # the next obligation
    copy = tmp_path / "plans" / "kien-giang.yaml"
    copy.parent.mkdir()
    copy.write_text(plan[:start] + AS_A_REPORT + plan[end:], encoding="utf-8")
    files = [copy, *catalogue_files(PLANS / "calendar")]
    with migrated_ledger("sqlite", tmp_path) as sessions:
        first = D(2025, 1, 1)
        steps.store_and_plan(
            sessions, load_catalogue(files), Actor("test:load", at(first), first), first, HORIZON
        )
        copy.write_text(plan, encoding="utf-8")  # the same file, now with the milestone
        again = D(2025, 2, 3)
        report = steps.store_and_plan(
            sessions, load_catalogue(files), Actor("test:reload", at(again), again), first, HORIZON
        )
        with transaction(sessions) as session:
            rows = session.execute(
                select(Task.family, Task.occurrence_key, Task.step_id, Task.status).where(
                    Task.obligation_id == SUMMARY
                )
            ).all()
    assert report["obligations"][SUMMARY] == "changed"
    tally: dict[tuple[str, str, str, str], int] = {}
    for family, occurrence, step, status in rows:
        key = (family, occurrence, step, status)
        tally[key] = tally.get(key, 0) + 1
    # The report of 18/12/2025 was owed by the 7 provincial units (the districts end on
    # 30/6/2025): cancelled, as the catalogue no longer asks for it; the milestone's steps are
    # planned under the same obligation.
    assert tally == {
        ("periodic-report", "2025", "report", "cancelled"): 7,
        (FAMILY, "2025-Q2", "guidance-letter", "planned"): 1,
        (FAMILY, "2025-Q2", "unit-reports", "planned"): 22,
        (FAMILY, "2025-Q2", "consolidated-report", "planned"): 1,
    }
