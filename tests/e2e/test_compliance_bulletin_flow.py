"""The compliance-bulletin flow under Prefect: it pauses for the office's answer; resumed with
approval it numbers the bulletin and its e-mails, each with the DOCX and the PDF, reach a real
SMTP server; resumed with a refusal it sends nothing; run again for a sent month, nothing twice.

The ledger is the hand-made Tây Ninh January 2024 of tests/integration/test_bulletin.py.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterKey,
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import StateType
from prefect.flow_runs import resume_flow_run
from prefect.testing.utilities import prefect_test_harness
from sqlalchemy import select

import flows.compliance_bulletin as module
from flows.compliance_bulletin import compliance_bulletin
from ledger.db import make_engine, session_factory, transaction, upgrade
from ledger.models import IssuedDocument
from tests.conftest import SmtpServer
from tests.integration.test_bulletin import january

pytestmark = pytest.mark.prefect

JAN_25 = date(2024, 1, 25)
ADDRESSED = 21  # Thường trực Tỉnh ủy and the 20 reporting units ("Lưu" has no address)


@pytest.fixture(scope="module")
def harness() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def ledger(tmp_path: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> Any:
    url = f"sqlite:///{tmp_path / 'bulletin.db'}"
    engine = make_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    january(sessions)
    monkeypatch.setenv("DONDOC_DATABASE_URL", url)
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DONDOC_SMTP__HOST", smtp_server.settings.host)
    monkeypatch.setenv("DONDOC_SMTP__PORT", str(smtp_server.settings.port))
    monkeypatch.setenv("DONDOC_SMTP__SENDER_ADDRESS", "bdv@tinhuy.tayninh.example")
    monkeypatch.setenv("DONDOC_NOTIFY__OFFICE_HOURS_ONLY", "false")
    monkeypatch.setattr(module, "POLL_SECONDS", 1)
    yield sessions
    engine.dispose()


def bulletins(server: SmtpServer) -> list[Any]:
    """The bulletin's e-mails (the deliver step also sends the chase notices already queued)."""
    return [m for m in server.received if "TB/BDVTU" in str(m.parsed()["Subject"])]


def start() -> tuple[ThreadPoolExecutor, Future[dict[str, Any]]]:
    pool = ThreadPoolExecutor(1)
    return pool, pool.submit(lambda: asyncio.run(compliance_bulletin(as_of=JAN_25)))


async def paused_run(deadline: float) -> UUID:
    async with get_client() as client:
        while time.monotonic() < deadline:
            runs = await client.read_flow_runs(
                flow_run_filter=FlowRunFilter(
                    state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PAUSED]))
                )
            )
            if runs:
                return runs[0].id
            await asyncio.sleep(0.5)
    raise AssertionError("the flow never paused for the office's answer")


async def draft_artifacts() -> list[str]:
    """The Markdown the office read before answering."""
    async with get_client() as client:
        found = await client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=["compliance-bulletin-draft"])
            )
        )
    return [str(a.data) for a in found]


def answer(future: Future[dict[str, Any]], run_input: dict[str, Any]) -> dict[str, Any]:
    run_id = asyncio.run(paused_run(time.monotonic() + 120))
    assert not future.done()  # it waits: nothing is sent before the answer
    resume_flow_run(run_id, run_input=run_input)
    return future.result(timeout=180)


def test_approved_in_the_ui_the_bulletin_is_numbered_and_mailed_with_docx_and_pdf(
    harness: None, ledger: Any, smtp_server: SmtpServer
) -> None:
    pool, future = start()
    result = answer(future, {"approve": True, "signer": "Chánh Văn phòng"})
    pool.shutdown()
    assert result == {"status": "sent", "number": "01-TB/BDVTU", "queued": ADDRESSED}
    assert len(bulletins(smtp_server)) == ADDRESSED
    to_mttq = next(
        m for m in bulletins(smtp_server) if m.rcpt_tos == ["vanphong@mttq.tayninh.example"]
    )
    message = to_mttq.parsed()
    assert "Số 01-TB/BDVTU" in str(message["Subject"])
    files = [
        (part.get_filename(), part.get_content_type(), len(part.get_content()))
        for part in message.iter_attachments()
    ]
    assert [f[:2] for f in files] == [
        (
            "thong-bao-tinh-hinh-bao-cao-2024-01.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("thong-bao-tinh-hinh-bao-cao-2024-01.pdf", "application/pdf"),
    ]
    assert all(size > 1000 for *_, size in files)
    pdf = next(p for p in message.iter_attachments() if p.get_content_type() == "application/pdf")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.get_content())).pages)
    assert "Số 01-TB/BDVTU" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    with transaction(ledger) as session:
        row = session.scalars(select(IssuedDocument)).one()
        assert (row.status, row.approved_by) == ("sent", "Chánh Văn phòng")

    drafts = asyncio.run(draft_artifacts())
    assert any("Ban Dân vận Huyện ủy Gò Dầu" in d and "DỰ THẢO" in d for d in drafts)

    # Run again for the month: it is sent already; nothing pauses, nothing goes twice.
    again = asyncio.run(compliance_bulletin(as_of=JAN_25))
    assert again == {"status": "sent", "number": "01-TB/BDVTU", "queued": 0}
    assert len(bulletins(smtp_server)) == ADDRESSED


def test_refused_in_the_ui_the_bulletin_is_rejected_and_nothing_is_sent(
    harness: None, ledger: Any, smtp_server: SmtpServer
) -> None:
    pool, future = start()
    result = answer(future, {"approve": False, "signer": "cvp", "comment": "Chưa đủ số liệu"})
    pool.shutdown()
    assert result == {"status": "rejected", "number": None, "queued": 0}
    assert smtp_server.received == []
    with transaction(ledger) as session:
        row = session.scalars(select(IssuedDocument)).one()
        assert (row.status, row.number) == ("rejected", None)
