"""Ad-hoc requests in the ledger: store one (once, however often it is submitted), list them.

A request is an obligation of a ledger-held plan document, `<plan id>-dot-xuat` (see
obligations/requests.py), stored through `store_catalogue` like any catalogue document — so it
is checked with what the ledger holds as a catalogue file is, and `plan load` of the YAML files
never retires it (a document is reloaded from its own file only).

Submitting is idempotent: requests are made one at a time (on PostgreSQL under the planner's
lock, on SQLite under the write lock every transaction takes at BEGIN), and one that the
ledger holds already is returned, not made again. Two submissions racing each other — a double
click, a retried flow run — make one request.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.audit import Actor, audit
from ledger.models import CatalogueDocument, Obligation, Occurrence, OccurrenceStatus, Task, Unit
from ledger.planning import planner_lock
from ledger.store import read_catalogue, store_catalogue
from obligations.loader import REQUESTS_FILE, Catalogue, LoadedDocument, spec_hash
from obligations.requests import (
    RequestError,
    RequestInput,
    build_request,
    document_id,
    due_of,
    existing,
    held_requests,
    requests_document,
)
from obligations.schema import ObligationSpec, PlanDoc
from obligations.yamlsrc import CatalogueError


@dataclass(frozen=True)
class Submitted:
    obligation: ObligationSpec  # the request, as the ledger holds it
    plan_id: str  # the plan it was made for
    created: bool  # False: the ledger held it already


def _held(catalogue: Catalogue, doc_id: str) -> PlanDoc | None:
    for loaded in catalogue.documents:
        if loaded.id != doc_id:
            continue
        if loaded.file != REQUESTS_FILE or not isinstance(loaded.document, PlanDoc):
            raise RequestError(
                [
                    f"tài liệu '{doc_id}' ({loaded.file}) không phải là danh sách yêu cầu đột "
                    "xuất: đổi mã của tài liệu đó để có thể ghi yêu cầu"
                ]
            )
        return loaded.document
    return None


def submit_request(session: Session, given: RequestInput, actor: Actor) -> Submitted:
    """Store a request made on `actor.as_of`, with its audit row; or return the one held.

    Raise `RequestError`, having written nothing, when it cannot be made.
    """
    assert actor.as_of is not None
    planner_lock(session)  # before reading: the next submission reads what this one wrote
    stored = read_catalogue(session)
    owners = dict(session.execute(select(Unit.code, Unit.document_id)).all())
    request = build_request(given, stored.catalogue, actor.as_of, owners)
    doc_id = document_id(request.plan.id)
    held = _held(stored.catalogue, doc_id)
    found = existing(request, held)
    if found is not None:
        return Submitted(found, request.plan.id, created=False)
    taken = session.get(Obligation, request.id)
    if taken is not None:
        raise RequestError(
            [
                f"mã yêu cầu '{request.id}' trùng mã một nghĩa vụ của '{taken.document_id}': "
                "dùng một mã khác, hoặc bỏ trống để hệ thống tự đặt"
            ]
        )
    row = session.get(CatalogueDocument, doc_id)
    document = requests_document(request, held, row.tracking_from if row else None)
    loaded = LoadedDocument(document, REQUESTS_FILE, spec_hash(document.model_dump(mode="json")))
    try:
        store_catalogue(session, Catalogue((loaded,)), actor, request.requested_on)
    except CatalogueError as error:
        # The catalogue's own checks (an address to escalate to …), in its words.
        raise RequestError([issue.message for issue in error.issues]) from None
    ob = request.obligation
    audit(
        session,
        actor,
        "request",
        ob.id,
        "create",
        after={
            "plan": request.plan.id,
            "title": ob.name,
            "units": list(ob.units),
            "due": request.due.isoformat(),
            "note": ob.note,
        },
        reason=ob.source,
    )
    return Submitted(ob, request.plan.id, created=True)


def request_occurrence(session: Session, request_id: str) -> str:
    """The key of a request's one occurrence (its deadline), to cancel or move it by."""
    for _, ob in held_requests(read_catalogue(session).catalogue):
        if ob.id == request_id:
            return due_of(ob).isoformat()
    raise RequestError(
        [f"không có yêu cầu đột xuất mã '{request_id}' (`dondoc request list` liệt kê các yêu cầu)"]
    )


@dataclass(frozen=True)
class RequestSummary:
    id: str
    plan_id: str
    title: str
    requested_on: date
    due: date
    units: tuple[str, ...]
    source: str
    note: str
    cancelled: str | None  # the reason, when an operator called it off
    tasks: dict[str, int] = field(default_factory=dict)  # task status → count


def requested_on(ob: ObligationSpec) -> date:
    """The day a request was made: it opens on that day, `opens` before its deadline."""
    return due_of(ob) - timedelta(days=ob.opens.n)


def list_requests(session: Session) -> list[RequestSummary]:
    """Every request the ledger holds, the latest deadline first, with its tasks' standing."""
    catalogue = read_catalogue(session).catalogue
    held = list(held_requests(catalogue))
    found = [ob for _, ob in held]
    ids = [ob.id for ob in found]
    counts: dict[str, Counter[str]] = {i: Counter() for i in ids}
    cancelled: dict[str, str | None] = {}
    if ids:
        for ob_id, status, n in session.execute(
            select(Task.obligation_id, Task.status, func.count())
            .where(Task.obligation_id.in_(ids))
            .group_by(Task.obligation_id, Task.status)
        ):
            counts[ob_id][str(status)] += n
        for ob_id, reason in session.execute(
            select(Occurrence.obligation_id, Occurrence.reason).where(
                Occurrence.obligation_id.in_(ids),
                Occurrence.status == OccurrenceStatus.CANCELLED,
            )
        ):
            cancelled[ob_id] = reason or ""
    # Request id → the plan it was made for (the plan whose requests document holds it).
    plan_of = {
        document_id(loaded.id): loaded.id
        for loaded in catalogue.documents
        if isinstance(loaded.document, PlanDoc) and loaded.file != REQUESTS_FILE
    }
    plans = {ob.id: plan_of.get(doc_id, doc_id) for doc_id, ob in held}
    rows = [
        RequestSummary(
            ob.id,
            plans[ob.id],
            ob.name or "",
            requested_on(ob),
            due_of(ob),
            ob.units,
            ob.source,
            ob.note,
            cancelled.get(ob.id),
            dict(sorted(counts[ob.id].items())),
        )
        for ob in found
    ]
    return sorted(rows, key=lambda r: (r.due, r.requested_on, r.id), reverse=True)
