"""The catalogue in the ledger: store a validated catalogue, read it back.

A document (plan, workdays, festivals) is replaced as a whole when it is loaded again; its
version grows when its content changes. Obligations are versioned the same way. An obligation
that disappears from a reloaded plan is retired, not deleted: its tasks stay in the ledger and
the planning step cancels the ones still open. Units are upserted (a unit ends by its
`valid_to`, never by deletion: tasks refer to it).

What a document declares is its own: a unit or an obligation belongs to the document that
stored it first, and a document id is reloaded from its own file only. Files loaded on their
own are checked against what the ledger holds (`ledger_state`), by `plan check` as by
`plan load`, and `store_catalogue` checks again in its transaction before it writes anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from ledger.audit import Actor, AuditRow, audit, audit_many, jsonable
from ledger.db import planner_lock
from ledger.models import CatalogueDocument, Obligation, Unit
from obligations.loader import (
    Catalogue,
    LoadedDocument,
    Stored,
    check_catalogue,
    load_catalogue,
    spec_hash,
)
from obligations.schema import PlanDoc, UnitSpec


@dataclass
class StoreReport:
    documents: dict[str, str] = field(default_factory=dict)  # id → new | changed | unchanged
    obligations: dict[str, str] = field(default_factory=dict)  # id → new | changed | retired
    units: dict[str, str] = field(default_factory=dict)  # code → new | changed


def _unit_row(unit: UnitSpec, document_id: str) -> dict[str, Any]:
    head = unit.head
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind.value,
        "parent_code": unit.parent,
        "supervisor_code": unit.supervisor,
        "tags": list(unit.tags),
        "email": unit.email,
        "zalo_phone": unit.zalo,
        "head_name": head.name if head else None,
        "head_title": head.title if head else None,
        "head_email": head.email if head else None,
        "head_zalo_phone": head.zalo if head else None,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "document_id": document_id,
    }


def _stored_file(loaded: LoadedDocument) -> str:
    """Where a document is loaded from, as the ledger keeps it: the resolved path if known."""
    return str(loaded.path) if loaded.path is not None else loaded.file


def _store_document(
    session: Session, loaded: LoadedDocument, actor: Actor, today: date, report: StoreReport
) -> None:
    doc = loaded.document
    row = session.get(CatalogueDocument, doc.id)
    tracking = doc.tracking_from if isinstance(doc, PlanDoc) else None
    file = _stored_file(loaded)
    if row is None:
        row = CatalogueDocument(
            id=doc.id,
            kind=doc.kind,
            title=doc.title,
            file=file,
            content_hash=loaded.content_hash,
            version=1,
            spec=loaded.spec_json(),
            tracking_from=tracking or (today if isinstance(doc, PlanDoc) else None),
            loaded_at=actor.now,
        )
        session.add(row)
        report.documents[doc.id] = "new"
        audit(session, actor, "document", doc.id, "load", after={"version": 1, "file": file})
        return
    if row.content_hash == loaded.content_hash:
        if row.file != file:  # the same content from a new place: the old file is gone
            audit(
                session,
                actor,
                "document",
                doc.id,
                "move",
                before={"file": row.file},
                after={"file": file},
            )
            row.file = file
            report.documents[doc.id] = "moved"
            return
        report.documents[doc.id] = "unchanged"
        return
    before = {"version": row.version, "content_hash": row.content_hash}
    row.version += 1
    row.kind, row.title, row.file = doc.kind, doc.title, file
    row.content_hash, row.spec, row.loaded_at = loaded.content_hash, loaded.spec_json(), actor.now
    if tracking is not None:
        row.tracking_from = tracking
    report.documents[doc.id] = "changed"
    after = {"version": row.version, "content_hash": row.content_hash}
    audit(session, actor, "document", doc.id, "reload", before=before, after=after)


_REFERENCES = ("parent_code", "supervisor_code")


def _store_units(session: Session, catalogue: Catalogue, actor: Actor, report: StoreReport) -> None:
    """Upsert the units, then set their parents and supervisors.

    A unit may name as parent or supervisor a unit that names it in turn (A's parent is B, B's
    supervisor is A): no order of inserts satisfies both foreign keys, so every unit is written
    first without its references, and the references once every unit exists.
    """
    existing = {row.code: row for row in session.scalars(select(Unit))}
    new_rows: list[dict[str, Any]] = []
    references: list[dict[str, Any]] = []
    audit_rows: list[AuditRow] = []
    for plan in catalogue.plans:
        for unit in plan.all_units:
            values = _unit_row(unit, plan.id)
            row = existing.get(unit.code)
            if row is None:
                # A national catalogue creates thousands of units: one multi-row INSERT and
                # one batched UPDATE of the references, not an ORM object each.
                new_rows.append({**values, **dict.fromkeys(_REFERENCES), "updated_at": actor.now})
                report.units[unit.code] = "new"
                audit_rows.append(AuditRow("unit", unit.code, "create", after=jsonable(values)))
                references.append(values)
                continue
            before = {key: getattr(row, key) for key in values}
            if before == values:
                continue
            for key, value in values.items():
                if key not in _REFERENCES:
                    setattr(row, key, value)
            row.updated_at = actor.now
            report.units[unit.code] = "changed"
            audit_rows.append(
                AuditRow("unit", unit.code, "update", jsonable(before), jsonable(values))
            )
            references.append(values)
    if new_rows:
        session.execute(insert(Unit), new_rows)
    session.flush()
    if references:
        session.execute(
            update(Unit),
            [{"code": v["code"], **{key: v[key] for key in _REFERENCES}} for v in references],
        )
    audit_many(session, actor, audit_rows)


def _store_obligations(
    session: Session, catalogue: Catalogue, actor: Actor, report: StoreReport
) -> None:
    audit_rows: list[AuditRow] = []  # written at once: one statement, not one per obligation
    for plan in catalogue.plans:
        existing = {
            row.id: row
            for row in session.scalars(select(Obligation).where(Obligation.document_id == plan.id))
        }
        for ob in plan.all_obligations:
            resolved = catalogue.resolved[ob.id]
            spec = ob.model_dump(mode="json")
            digest = spec_hash(spec)
            row = existing.pop(ob.id, None) or session.get(Obligation, ob.id)
            if row is None:
                session.add(
                    Obligation(
                        id=ob.id,
                        document_id=plan.id,
                        version=1,
                        spec_hash=digest,
                        name=resolved.name,
                        family=ob.family,
                        period_kind=ob.period.value if ob.period else None,
                        spec=spec,
                        active=True,
                        updated_at=actor.now,
                        retired_at=None,
                    )
                )
                report.obligations[ob.id] = "new"
                audit_rows.append(AuditRow("obligation", ob.id, "create", after={"version": 1}))
                continue
            if row.spec_hash == digest and row.active and row.document_id == plan.id:
                continue
            before = {"version": row.version, "active": row.active, "document": row.document_id}
            row.version += 1
            row.spec_hash, row.spec, row.name = digest, spec, resolved.name
            row.family, row.period_kind = ob.family, ob.period.value if ob.period else None
            row.document_id, row.active, row.retired_at = plan.id, True, None
            row.updated_at = actor.now
            report.obligations[ob.id] = "changed"
            after = {"version": row.version, "active": True, "document": plan.id}
            audit_rows.append(AuditRow("obligation", ob.id, "update", before, after))
        for row in existing.values():
            if not row.active:
                continue
            row.active, row.retired_at, row.updated_at = False, actor.now, actor.now
            report.obligations[row.id] = "retired"
            audit_rows.append(
                AuditRow(
                    "obligation",
                    row.id,
                    "retire",
                    {"version": row.version, "active": True},
                    {"version": row.version, "active": False},
                    f"không còn trong kế hoạch {plan.id}",
                )
            )
    audit_many(session, actor, audit_rows)


def ledger_state(session: Session) -> Stored:
    """What the ledger holds, for checking catalogue files loaded without the rest."""
    held = read_catalogue(session)
    # The parsed catalogue is shared by every ledger with the same contents: its files are the
    # first ledger's. Where each document comes from is this ledger's own.
    files = dict(session.execute(select(CatalogueDocument.id, CatalogueDocument.file)).all())
    documents = tuple(replace(d, file=files[d.id]) for d in held.catalogue.documents)
    units = dict(session.execute(select(Unit.code, Unit.document_id)).all())
    obligations = dict(session.execute(select(Obligation.id, Obligation.document_id)).all())
    return Stored(documents, units, obligations)


def load_against_ledger(paths: Sequence[Path], sessions: sessionmaker[Session] | None) -> Catalogue:
    """Load catalogue files, checked with what the ledger holds besides (if there is a ledger).

    This is the check of both `plan check` and `plan load`: they refuse the same files, at the
    same lines. The ledger is only read.
    """
    stored = None
    if sessions is not None:
        with sessions() as session:
            stored = ledger_state(session)
    return load_catalogue(paths, stored=stored)


def store_catalogue(
    session: Session, catalogue: Catalogue, actor: Actor, today: date
) -> StoreReport:
    """Store the documents of `catalogue` (others already in the ledger stay as they are).

    Raise `CatalogueError`, having written nothing, if the catalogue does not hold together
    with what the ledger holds now (the check of `load_against_ledger`, in this transaction).
    Writers queue at the planner's lock before that check: of four loads at once, the first
    stores the catalogue and the others find it unchanged.
    """
    planner_lock(session)
    check_catalogue(catalogue, ledger_state(session))
    report = StoreReport()
    for loaded in catalogue.documents:
        _store_document(session, loaded, actor, today, report)
    session.flush()
    _store_units(session, catalogue, actor, report)
    _store_obligations(session, catalogue, actor, report)
    session.flush()
    return report


@dataclass(frozen=True)
class StoredCatalogue:
    catalogue: Catalogue
    tracking_from: dict[str, date]  # plan id → first deadline tracked
    versions: dict[str, int]  # obligation id → version
    retired: frozenset[str]  # obligations no longer in force


_PARSED: dict[tuple[tuple[str, str], ...], Catalogue] = {}


def read_catalogue(session: Session) -> StoredCatalogue:
    """The catalogue as the ledger holds it — what every flow run works from.

    Validating the stored documents costs more than the rest of a run, so the parsed catalogue
    is kept per set of content hashes: a catalogue is immutable, and a reload changes a hash.
    """
    heads = session.execute(
        select(
            CatalogueDocument.id, CatalogueDocument.content_hash, CatalogueDocument.tracking_from
        ).order_by(CatalogueDocument.id)
    ).all()
    fingerprint = tuple((doc_id, digest) for doc_id, digest, _ in heads)
    catalogue = _PARSED.get(fingerprint)
    if catalogue is None:
        rows = session.scalars(select(CatalogueDocument).order_by(CatalogueDocument.id)).all()
        catalogue = Catalogue.from_specs((r.kind, r.file, r.content_hash, r.spec) for r in rows)
        if len(_PARSED) > 8:
            _PARSED.clear()
        _PARSED[fingerprint] = catalogue
    tracking = {doc_id: day for doc_id, _, day in heads if day is not None}
    obligations = session.execute(
        select(Obligation.id, Obligation.version, Obligation.active)
    ).all()
    return StoredCatalogue(
        catalogue,
        tracking,
        {ob_id: version for ob_id, version, _ in obligations},
        frozenset(ob_id for ob_id, _, active in obligations if not active),
    )
