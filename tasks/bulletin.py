"""Plain steps of the monthly compliance bulletin, for its flow and `dondoc bulletin`.

draft → (the operator approves in the Prefect UI) → approve: numbered, rendered to DOCX and PDF
under DONDOC_HOME/documents, one e-mail per recipient queued with both files; or reject.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from calendars.periods import clamped
from ledger.audit import Actor
from ledger.bulletin import (
    Figures,
    approve,
    figures,
    find,
    parse_period,
    queue_sending,
    record_draft,
    record_files,
    reject,
)
from ledger.db import Sessions, transaction
from ledger.dbapi import Reader
from ledger.store import read_catalogue
from notifications.documents.bulletin import (
    Bulletin,
    Row,
    file_stem,
    render_chart,
    render_docx,
    render_markdown,
    render_pdf,
)
from obligations.loader import Catalogue
from obligations.schema import BulletinSpec, PlanDoc

MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class NoBulletin(LookupError):
    """The plan has no `bulletin:` section (or there is no such plan)."""


def plan_with_bulletin(catalogue: Catalogue, plan_id: str | None) -> tuple[PlanDoc, BulletinSpec]:
    """The plan named, or the only plan with a bulletin; a clear Vietnamese error otherwise."""
    plans = catalogue.plans
    if plan_id is not None:
        found = [p for p in plans if p.id == plan_id]
        if not found:
            known = ", ".join(sorted(p.id for p in plans)) or "chưa có kế hoạch nào"
            raise NoBulletin(f"không có kế hoạch {plan_id!r} trong sổ (các kế hoạch: {known})")
        plan = found[0]
        if plan.bulletin is None:
            raise NoBulletin(
                f"kế hoạch {plan_id!r} chưa khai báo mục 'bulletin:' (thông báo tình hình báo cáo "
                "hằng tháng): thêm mục này vào tệp kế hoạch rồi chạy `dondoc plan load`"
            )
        return plan, plan.bulletin
    with_bulletin = [p for p in plans if p.bulletin is not None]
    if len(with_bulletin) == 1:
        plan = with_bulletin[0]
        assert plan.bulletin is not None
        return plan, plan.bulletin
    if not with_bulletin:
        raise NoBulletin(
            "chưa kế hoạch nào khai báo mục 'bulletin:' (thông báo tình hình báo cáo hằng tháng)"
        )
    names = ", ".join(sorted(p.id for p in with_bulletin))
    raise NoBulletin(f"có nhiều kế hoạch lập thông báo ({names}): chọn một bằng --plan")


def issue_day(spec: BulletinSpec, year: int, month: int) -> date:
    """The day it is dated and its figures stand on: the catalogue's day of the month, else
    the 25th (seed 003's notice is due on the 25th, a week after the reports' 18th)."""
    return clamped(year, month, spec.day or 25)


def recipient_lines(catalogue: Catalogue, spec: BulletinSpec) -> tuple[str, ...]:
    lines = []
    for r in spec.recipients:
        unit = catalogue.units.get(r.unit) if r.unit else None
        name = r.name or (unit.name if unit else r.unit or str(r.email))
        lines.append(f"{name} {r.note}" if r.note else name)
    return tuple(lines)


def recipient_addresses(catalogue: Catalogue, spec: BulletinSpec) -> list[tuple[str, str]]:
    """(name, e-mail) of each recipient with an address, once each (Lưu lines have none)."""
    found: dict[str, tuple[str, str]] = {}
    for r in spec.recipients:
        if r.email is not None:
            found.setdefault(str(r.email).lower(), (r.name or str(r.email), str(r.email)))
            continue
        unit = catalogue.units.get(r.unit) if r.unit else None
        if unit is not None and unit.email:
            found.setdefault(str(unit.email).lower(), (unit.name, str(unit.email)))
    return list(found.values())


def compose(
    catalogue: Catalogue,
    plan: PlanDoc,
    spec: BulletinSpec,
    found: Figures,
    number: str | None,
    issued_on: date,
) -> Bulletin:
    issuer = catalogue.units.get(spec.issuer)
    return Bulletin(
        format=spec.format,
        superior=spec.superior,
        issuer_line=spec.issuer_line or (issuer.name.upper() if issuer else spec.issuer),
        issuer_name=issuer.name if issuer else spec.issuer,
        symbol=spec.symbol,
        number=number,
        place=spec.place,
        issued_on=issued_on,
        summary=spec.summary.format(month=f"{found.month:02d}", year=found.year),
        year=found.year,
        month=found.month,
        as_of=found.as_of,
        rows=tuple(Row(u.name, u.due, u.on_time, u.late, u.missing) for u in found.units),
        signer_authority=spec.signer.authority,
        signer_title=spec.signer.title,
        signer_name=spec.signer.name,
        recipients=recipient_lines(catalogue, spec),
        draft=number is None,
    )


@dataclass(frozen=True)
class Drafted:
    document_id: int
    plan_id: str
    period: str
    status: str
    number: str | None
    markdown: str
    summary: dict[str, object]


def draft(
    sessions: Sessions,
    now: datetime,
    period: str,
    plan_id: str | None = None,
    as_of: date | None = None,
    actor: str = "flow:compliance-bulletin",
) -> Drafted:
    """The month's figures recorded as its draft (an approved or sent one is left as it is)."""
    year, month = parse_period(period)
    with transaction(sessions) as session:
        catalogue = read_catalogue(session).catalogue
        plan, spec = plan_with_bulletin(catalogue, plan_id)
        day = as_of or issue_day(spec, year, month)
        found = figures(Reader.of_session(session), plan, year, month, day)
        row = record_draft(session, Actor(actor, now, day), found)
        doc = compose(catalogue, plan, spec, found, row.number, issue_day(spec, year, month))
        return Drafted(
            row.id,
            plan.id,
            row.period,
            row.status,
            row.number,
            render_markdown(doc),
            dict(found.summary()),
        )


def preview(
    reader: Reader,
    catalogue: Catalogue,
    period: str,
    plan_id: str | None,
    as_of: date | None,
) -> Bulletin:
    """The month's bulletin as a draft, read only (for `dondoc bulletin`)."""
    year, month = parse_period(period)
    plan, spec = plan_with_bulletin(catalogue, plan_id)
    day = as_of or issue_day(spec, year, month)
    found = figures(reader, plan, year, month, day)
    return compose(catalogue, plan, spec, found, None, issue_day(spec, year, month))


@dataclass(frozen=True)
class Issued:
    status: str
    number: str | None
    files: dict[str, str]
    queued: int


def _stored_figures(plan_id: str, period: str, summary: dict[str, object]) -> Figures:
    from ledger.bulletin import UnitFigures

    year, month = parse_period(period)
    units = tuple(UnitFigures(**u) for u in summary["units"])  # type: ignore[attr-defined]
    return Figures(plan_id, year, month, date.fromisoformat(str(summary["as_of"])), units)


def approve_and_send(
    sessions: Sessions,
    now: datetime,
    plan_id: str,
    period: str,
    by: str,
    out_dir: Path,
    actor: str = "flow:compliance-bulletin",
) -> Issued:
    """Approve the draft (numbered), write its DOCX, PDF and chart, queue its e-mails — each
    once: an approved or sent bulletin is rendered again from its row but queued no twice."""
    with transaction(sessions) as session:
        catalogue = read_catalogue(session).catalogue
        plan, spec = plan_with_bulletin(catalogue, plan_id)
        row = find(session, plan_id, period)
        if row is None:
            raise LookupError(f"chưa có dự thảo thông báo tháng {period} của kế hoạch {plan_id!r}")
        if row.status == "rejected":
            return Issued(row.status, row.number, dict(row.files or {}), 0)
        act = Actor(actor, now, row.as_of)
        approve(session, act, row, spec, by)
        assert row.summary is not None
        found = _stored_figures(plan_id, period, row.summary)
        doc = compose(
            catalogue, plan, spec, found, row.number, issue_day(spec, found.year, found.month)
        )
        folder = out_dir / plan_id / period
        folder.mkdir(parents=True, exist_ok=True)
        stem = file_stem(doc)
        files = {
            "docx": folder / f"{stem}.docx",
            "pdf": folder / f"{stem}.pdf",
            "png": folder / f"{stem}-ty-le-dung-han.png",
        }
        if not row.files:  # written once: the files sent are the files kept
            files["docx"].write_bytes(render_docx(doc))
            files["pdf"].write_bytes(render_pdf(doc))
            files["png"].write_bytes(render_chart(doc))
            record_files(session, row, {k: str(v) for k, v in files.items()})
        stored = {k: Path(v) for k, v in (row.files or {}).items()}
        subject = f"{doc.number_line} — Thông báo {doc.summary}"
        text = (
            f"Kính gửi các đơn vị,\n\n{doc.issuer_name} gửi kèm {doc.number_line} ngày "
            f"{doc.issued_on:%d/%m/%Y} thông báo {doc.summary[0].lower() + doc.summary[1:]} "
            "(bản DOCX và PDF).\n\nTrân trọng.\n"
        )
        attachments = [
            {"name": stored[k].name, "path": str(stored[k]), "mime_type": MIME[k]}
            for k in ("docx", "pdf")
        ]
        queued = queue_sending(
            session, act, row, recipient_addresses(catalogue, spec), subject, text, attachments
        )
        return Issued(row.status, row.number, {k: str(v) for k, v in stored.items()}, len(queued))


def reject_draft(
    sessions: Sessions,
    now: datetime,
    plan_id: str,
    period: str,
    by: str,
    reason: str | None,
    actor: str = "flow:compliance-bulletin",
) -> str:
    with transaction(sessions) as session:
        row = find(session, plan_id, period)
        if row is None:
            raise LookupError(f"chưa có dự thảo thông báo tháng {period} của kế hoạch {plan_id!r}")
        reject(session, Actor(actor, now, row.as_of), row, by, reason)
        return row.status
