"""The monthly compliance bulletin on a real ledger: Tây Ninh, January 2024 (seed 003).

The scenario is made by hand. The plan's monthly report "Báo cáo công tác dân vận tháng" is owed
by the 20 units tagged monthly-reporter (11 provincial organisations, 9 district commissions),
due on the 18th (Thursday 18/1/2024, a working day). The Ban's own reports (tn-bdv-*) are its
own: they are not counted. The bulletin stands on 25/1/2024 (the catalogue's day):

- on time: MTTQ (15/1), LĐLĐ (18/1 16:30), Hội Nông dân (18/1 23:30 Vietnam time: still the 18th);
- late: Hội LHPN (19/1), Tỉnh Đoàn (24/1);
- Hội CCB sends on 26/1: after the bulletin's day, so not submitted as of 25/1;
- Hội Chữ thập đỏ is excused (waived): not owed;
- the 13 others send nothing.

So 19 reports owed, 3 on time, 2 late, 14 not submitted, 1 waived.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from dondoc.cli import app
from ledger.audit import Actor
from ledger.bulletin import figures, find
from ledger.db import make_engine, session_factory, transaction
from ledger.dbapi import Reader
from ledger.models import AuditEntry, IssuedDocument, OutboxMessage
from ledger.store import read_catalogue
from obligations.loader import load_catalogue
from tasks import bulletin as steps_bulletin
from tasks import steps
from tests.conftest import PLANS, at, demo_catalogue_files

Sessions = sessionmaker[Session]
MONTHLY = "tn-bc-dan-van-thang"
JAN = "2024-01"
ON_TIME = {"tn-mttq": at(date(2024, 1, 15), 10), "tn-ldld": at(date(2024, 1, 18), 16, 30),
           "tn-hnd": at(date(2024, 1, 18), 23, 30)}  # fmt: skip
LATE = {"tn-hlhpn": at(date(2024, 1, 19), 8), "tn-tinh-doan": at(date(2024, 1, 24), 9)}
AFTER = {"tn-hccb": at(date(2024, 1, 26), 9)}
WAIVED = "tn-hctd"
REPORTERS = [
    "tn-mttq", "tn-ldld", "tn-hnd", "tn-hlhpn", "tn-tinh-doan", "tn-hccb", "tn-hctd", "tn-hnct",
    "tn-hkh", "tn-hcttnxp", "tn-hnndc", "tn-bdv-tp-tay-ninh", "tn-bdv-hoa-thanh",
    "tn-bdv-trang-bang", "tn-bdv-tan-bien", "tn-bdv-tan-chau", "tn-bdv-duong-minh-chau",
    "tn-bdv-chau-thanh", "tn-bdv-ben-cau", "tn-bdv-go-dau",
]  # fmt: skip


def tay_ninh_files() -> list[Path]:
    return [PLANS / "tay-ninh-2024.yaml", *sorted((PLANS / "calendar").glob("*.yaml"))]


def january(sessions: Sessions) -> None:
    """The plan loaded from 1/1/2024, January's tasks opened, the scenario recorded."""
    catalogue = load_catalogue(tay_ninh_files())
    start = date(2024, 1, 1)
    steps.store_and_plan(
        sessions, catalogue, Actor("test:load", at(start), start), start, date(2024, 3, 31)
    )
    day = date(2024, 1, 12)
    steps.open_tasks(sessions, day, at(day), date(2024, 3, 31), {"periodic-report"}, "test")
    for unit, instant in {**ON_TIME, **LATE, **AFTER}.items():
        steps.record_submission(
            sessions, instant, instant.date(), MONTHLY, unit, JAN, f"01-BC/{unit}", instant
        )
    day = date(2024, 1, 16)
    steps.waive_task(sessions, at(day), day, MONTHLY, WAIVED, JAN, "Đơn vị đang kiện toàn")


@pytest.fixture
def ledger_january(sessions: Sessions) -> Sessions:
    january(sessions)
    return sessions


def test_the_january_figures_count_each_unit_on_time_late_or_not_submitted(
    ledger_january: Sessions,
) -> None:
    with transaction(ledger_january) as session:
        plan = next(p for p in read_catalogue(session).catalogue.plans if p.id == "tay-ninh-2024")
        found = figures(Reader.of_session(session), plan, 2024, 1, date(2024, 1, 25))
    by_unit = {u.code: (u.due, u.on_time, u.late, u.missing, u.waived) for u in found.units}
    assert sorted(by_unit) == sorted(REPORTERS)  # the Ban itself is not among them
    for unit in ON_TIME:
        assert by_unit[unit] == (1, 1, 0, 0, 0), unit
    for unit in LATE:
        assert by_unit[unit] == (1, 0, 1, 0, 0), unit
    assert by_unit["tn-hccb"] == (1, 0, 0, 1, 0)
    assert by_unit[WAIVED] == (0, 0, 0, 0, 1)
    assert by_unit["tn-bdv-go-dau"] == (1, 0, 0, 1, 0)
    totals = found.summary()["totals"]
    assert totals == {"due": 19, "on_time": 3, "late": 2, "missing": 14, "waived": 1}
    assert [u.code for u in found.units][:2] == ["tn-mttq", "tn-ldld"]  # the plan's order
    assert found.units[0].on_time_rate == 1.0


def test_a_day_later_the_late_sender_of_the_26th_counts_late(ledger_january: Sessions) -> None:
    with transaction(ledger_january) as session:
        plan = next(p for p in read_catalogue(session).catalogue.plans if p.id == "tay-ninh-2024")
        found = figures(Reader.of_session(session), plan, 2024, 1, date(2024, 1, 26))
    assert found.summary()["totals"] == {
        "due": 19, "on_time": 3, "late": 3, "missing": 13, "waived": 1
    }  # fmt: skip


def test_february_has_none_of_januarys_reports(ledger_january: Sessions) -> None:
    day = date(2024, 2, 12)
    steps.open_tasks(ledger_january, day, at(day), date(2024, 3, 31), {"periodic-report"}, "t")
    with transaction(ledger_january) as session:
        plan = next(p for p in read_catalogue(session).catalogue.plans if p.id == "tay-ninh-2024")
        found = figures(Reader.of_session(session), plan, 2024, 2, date(2024, 2, 26))
    # February's monthly reports (due 19/2: the 18th is a Sunday) are owed, none submitted.
    assert found.summary()["totals"] == {
        "due": 20, "on_time": 0, "late": 0, "missing": 20, "waived": 0
    }  # fmt: skip


def test_drafting_twice_keeps_one_row_approval_numbers_it_and_sending_queues_once(
    ledger_january: Sessions, tmp_path: Path
) -> None:
    now = at(date(2024, 1, 25), 7, 45)
    first = steps_bulletin.draft(ledger_january, now, JAN)
    again = steps_bulletin.draft(ledger_january, now, JAN)
    assert (first.document_id, first.status, first.number) == (again.document_id, "draft", None)
    assert "Ban Dân vận Huyện ủy Gò Dầu" in first.markdown
    issued = steps_bulletin.approve_and_send(
        ledger_january, now, "tay-ninh-2024", JAN, "chanh-van-phong", tmp_path
    )
    assert (issued.status, issued.number) == ("sent", "01-TB/BDVTU")
    # Thường trực Tỉnh ủy and the 20 reporting units have addresses; "Lưu" has none.
    assert issued.queued == 21
    assert sorted(Path(p).suffix for p in issued.files.values()) == [".docx", ".pdf", ".png"]
    repeat = steps_bulletin.approve_and_send(
        ledger_january, now, "tay-ninh-2024", JAN, "chanh-van-phong", tmp_path
    )
    assert (repeat.status, repeat.number, repeat.queued) == ("sent", "01-TB/BDVTU", 0)
    redraft = steps_bulletin.draft(ledger_january, now, JAN)
    assert (redraft.status, redraft.number) == ("sent", "01-TB/BDVTU")
    with transaction(ledger_january) as session:
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 1
        kinds = session.scalars(select(OutboxMessage.kind).where(OutboxMessage.kind == "document"))
        assert len(list(kinds)) == 21
        actions = session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity == "issued-document")
            .order_by(AuditEntry.id)
        ).all()
        assert actions == ["draft", "approve", "send"]  # the second draft changed nothing
        payload = session.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.kind == "document")
        ).first()
        assert payload is not None
        assert [a["name"] for a in payload["attachments"]] == [
            "thong-bao-tinh-hinh-bao-cao-2024-01.docx",
            "thong-bao-tinh-hinh-bao-cao-2024-01.pdf",
        ]


def test_the_next_approved_month_takes_the_next_number(
    ledger_january: Sessions, tmp_path: Path
) -> None:
    for period in ("2024-01", "2024-02"):
        day = date(int(period[:4]), int(period[5:]), 25)
        steps_bulletin.draft(ledger_january, at(day), period)
        issued = steps_bulletin.approve_and_send(
            ledger_january, at(day, 9), "tay-ninh-2024", period, "cvp", tmp_path
        )
    assert issued.number == "02-TB/BDVTU"


def test_a_rejected_draft_sends_nothing(ledger_january: Sessions, tmp_path: Path) -> None:
    now = at(date(2024, 1, 25), 7, 45)
    steps_bulletin.draft(ledger_january, now, JAN)
    status = steps_bulletin.reject_draft(
        ledger_january, now, "tay-ninh-2024", JAN, "cvp", "Số liệu chưa đủ"
    )
    assert status == "rejected"
    issued = steps_bulletin.approve_and_send(
        ledger_january, now, "tay-ninh-2024", JAN, "cvp", tmp_path
    )
    assert (issued.status, issued.queued) == ("rejected", 0)
    with transaction(ledger_january) as session:
        row = find(session, "tay-ninh-2024", JAN)
        assert row is not None
        assert row.number is None
        assert (
            session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.kind == "document")
            )
            == 0
        )


def test_dondoc_bulletin_writes_the_draft_docx_pdf_and_html(
    cli: CliRunner, ledger_url: str, tmp_path: Path
) -> None:
    engine = make_engine(ledger_url)
    from ledger.db import upgrade

    upgrade(engine)
    january(session_factory(engine))
    engine.dispose()
    for fmt in ("docx", "pdf", "html"):
        target = tmp_path / f"tb.{fmt}"
        result = cli.invoke(app, ["bulletin", JAN, "--format", fmt, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert "19 báo cáo phải gửi, 3 đúng hạn, 2 trễ hạn, 14 chưa gửi" in result.output
        assert target.stat().st_size > 1000
    from docx import Document

    texts = [p.text for p in Document(str(tmp_path / "tb.docx")).paragraphs]
    assert "DỰ THẢO" in texts
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in (tmp_path / "tb.html").read_text(encoding="utf-8")


def test_dondoc_bulletin_refuses_a_bad_month_and_a_plan_without_a_bulletin(
    cli: CliRunner, ledger_url: str
) -> None:
    bad = cli.invoke(app, ["bulletin", "01-2024"])
    assert bad.exit_code == 2
    assert "tháng '01-2024' không hợp lệ: ghi theo dạng NĂM-THÁNG" in bad.output
    loaded = cli.invoke(app, ["plan", "load", *map(str, demo_catalogue_files())])
    assert loaded.exit_code == 0, loaded.output
    other = cli.invoke(app, ["bulletin", JAN, "--plan", "lang-son-2024"])
    assert other.exit_code == 1
    assert "kế hoạch 'lang-son-2024' chưa khai báo mục 'bulletin:'" in other.output
    assert "Traceback" not in other.output
