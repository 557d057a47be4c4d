"""Ad-hoc requests in a real ledger (SQLite and PostgreSQL): stored once with their audit row,
opened at once, never retired by a reload of the YAML files, cancelled like any occurrence."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ledger.audit import Actor
from ledger.db import transaction
from ledger.models import AuditEntry, CatalogueDocument, Obligation, OutboxMessage, Task
from ledger.requests import list_requests
from ledger.store import load_against_ledger, store_catalogue
from obligations.loader import load_catalogue
from obligations.requests import RequestError
from obligations.yamlsrc import CatalogueError
from tasks import steps
from tests.conftest import ROOT, at, demo_catalogue_files

Sessions = sessionmaker[Session]
D = date
DAY = D(2024, 10, 9)  # a Wednesday
HORIZON = D(2025, 12, 31)
ASKED = ["tn-mttq", "tn-ldld", "tn-hnd"]
REQUEST: dict[str, Any] = {
    "title": "Báo cáo nhanh kết quả vận động quỹ “Vì người nghèo”",
    "units": ASKED,
    "due": D(2024, 10, 16),
    "note": "Gửi kèm số liệu đến 15/10.",
}


def request(sessions: Sessions, day: date = DAY, **values: Any) -> dict[str, int]:
    return steps.request_report(sessions, at(day, 10), day, HORIZON, REQUEST | values).counts


def count(session: Session, query: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def test_a_request_is_stored_with_its_audit_row_and_its_units_are_asked_at_once(
    demo_ledger: Sessions,
) -> None:
    counts = request(demo_ledger)
    assert counts["requested"] == 1
    assert counts["opened"] == 3
    assert counts["queued"] == 3
    with transaction(demo_ledger) as session:
        (ob,) = session.scalars(select(Obligation).where(Obligation.family == "ad-hoc-request"))
        assert ob.document_id == "tay-ninh-2024-dot-xuat"
        assert ob.name == REQUEST["title"]
        document = session.get(CatalogueDocument, "tay-ninh-2024-dot-xuat")
        assert document is not None
        assert document.file == "(đột xuất)"
        tasks = session.scalars(select(Task).where(Task.obligation_id == ob.id)).all()
        assert {(t.unit_code, t.status, t.opened_on, t.due_on) for t in tasks} == {
            (code, "open", DAY, D(2024, 10, 16)) for code in ASKED
        }
        (row,) = session.scalars(select(AuditEntry).where(AuditEntry.entity == "request"))
        assert (row.entity_id, row.action, row.actor) == (
            ob.id,
            "create",
            "operator:request-report",
        )
        assert row.after == {
            "plan": "tay-ninh-2024",
            "title": REQUEST["title"],
            "units": sorted(ASKED),
            "due": "2024-10-16",
            "note": "Gửi kèm số liệu đến 15/10.",
        }
        assert row.reason == "Yêu cầu đột xuất của Ban Dân vận Tỉnh ủy Tây Ninh ngày 09/10/2024"
        (listed,) = list_requests(session)
    assert (listed.id, listed.requested_on, listed.due, listed.tasks) == (
        ob.id,
        DAY,
        D(2024, 10, 16),
        {"open": 3},
    )


def test_two_submissions_racing_make_one_request(demo_ledger: Sessions) -> None:
    """A double click in the UI: two runs of the same request at the same moment."""
    barrier = threading.Barrier(2)
    results: list[dict[str, int]] = []
    failures: list[BaseException] = []

    def submit() -> None:
        barrier.wait()
        try:
            results.append(request(demo_ledger))
        except BaseException as error:  # the test reports it
            failures.append(error)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert sorted(r.get("requested", 0) for r in results) == [0, 1]
    assert sorted(r.get("unchanged", 0) for r in results) == [0, 1]
    with transaction(demo_ledger) as session:
        assert count(session, select(Obligation).where(Obligation.family == "ad-hoc-request")) == 1
        assert count(session, select(AuditEntry).where(AuditEntry.entity == "request")) == 1
        assert count(session, select(Task).where(Task.family == "ad-hoc-request")) == 3
        assert count(session, select(OutboxMessage)) == 3


def test_two_different_requests_on_one_day_are_both_kept(demo_ledger: Sessions) -> None:
    request(demo_ledger)
    request(demo_ledger, units=["tn-tinh-doan"], title="Báo cáo tình hình thanh niên")
    with transaction(demo_ledger) as session:
        rows = list_requests(session)
    assert {r.units for r in rows} == {tuple(sorted(ASKED)), ("tn-tinh-doan",)}


def test_a_refused_request_writes_nothing(demo_ledger: Sessions) -> None:
    with transaction(demo_ledger) as session:
        before = count(session, select(AuditEntry))
    with pytest.raises(RequestError) as error:
        request(demo_ledger, units=["tn-mttq", "tn-mtq"], due=D(2024, 10, 12))
    assert error.value.problems == [
        "không có đơn vị mã 'tn-mtq' trong danh mục",
        "hạn 12/10/2024 là ngày nghỉ (Thứ Bảy): chọn một ngày làm việc, như 11/10/2024 hoặc "
        "14/10/2024",
    ]
    with transaction(demo_ledger) as session:
        assert count(session, select(AuditEntry)) == before
        assert session.get(CatalogueDocument, "tay-ninh-2024-dot-xuat") is None


def test_a_reload_of_the_yaml_files_keeps_the_requests(demo_ledger: Sessions) -> None:
    request(demo_ledger)
    catalogue = load_catalogue(demo_catalogue_files())
    with transaction(demo_ledger) as session:
        report = store_catalogue(session, catalogue, Actor("test:reload", at(DAY, 11), DAY), DAY)
        assert "retired" not in report.obligations.values()
        (ob,) = session.scalars(select(Obligation).where(Obligation.family == "ad-hoc-request"))
        assert ob.active
    log = steps.open_tasks(demo_ledger, D(2024, 10, 10), at(D(2024, 10, 10), 7), HORIZON)
    assert "cancelled" not in log.counts
    with transaction(demo_ledger) as session:
        statuses = session.scalars(select(Task.status).where(Task.obligation_id == ob.id)).all()
    assert statuses == ["open"] * 3


def test_a_yaml_file_cannot_take_over_the_requests_document(
    demo_ledger: Sessions, tmp_path: Path
) -> None:
    request(demo_ledger)
    text = (ROOT / "plans" / "binh-phuoc-dvcq.yaml").read_text(encoding="utf-8")
    hijack = tmp_path / "hijack.yaml"
    hijack.write_text(
        text.replace("id: binh-phuoc-dvcq\n", "id: tay-ninh-2024-dot-xuat\n", 1), encoding="utf-8"
    )
    with pytest.raises(CatalogueError) as error:
        load_against_ledger([hijack], demo_ledger)
    assert any(
        "plan 'tay-ninh-2024-dot-xuat' holds the ad-hoc requests" in issue.message
        for issue in error.value.issues
    )


def test_a_request_is_cancelled_by_its_id_and_its_queued_mail_is_not_sent(
    demo_ledger: Sessions,
) -> None:
    request(demo_ledger)
    with transaction(demo_ledger) as session:
        (listed,) = list_requests(session)
    log = steps.cancel_request(demo_ledger, at(DAY, 11), DAY, listed.id, "Đã có số liệu khác")
    assert log.counts == {"called-off": 3}
    with transaction(demo_ledger) as session:
        (listed,) = list_requests(session)
        pending = count(session, select(OutboxMessage).where(OutboxMessage.status == "pending"))
    assert listed.cancelled == "Đã có số liệu khác"
    assert listed.tasks == {"cancelled": 3}
    assert pending == 0
    with pytest.raises(RequestError, match="không có yêu cầu đột xuất mã 'dx-000000000000'"):
        steps.cancel_request(demo_ledger, at(DAY, 11), DAY, "dx-000000000000", "x")
