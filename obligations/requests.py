"""Ad-hoc requests (yêu cầu đột xuất): an operator asks some units for a report by a day.

Pure: no database, no clock. A request becomes an obligation of family `ad-hoc-request`, due
once on its day, owed by the units it names, opening on the day it is made. The requests of a
plan are kept in a plan document of their own, `<plan id>-dot-xuat`, held by the ledger (its
file is `REQUESTS_FILE`, not a YAML file): `plan load` of the YAML files never reloads it, so a
request is never retired by a reload; the planner, the chase and the escalation treat it like
any other obligation.

A request is checked as catalogue text is, and refused with sentences a clerk can act on: an
unknown unit or tag, a deadline in the past, too far ahead or on a day off.

Its id is stable: given by the client, or made from what it asks (the plan, the title, the
units, the deadline), so that the same request made twice — a double click in the Prefect UI, a
retried flow run — is one request.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from pydantic import Field, ValidationError

from calendars.deadlines import OpenRule
from calendars.recurrence import OnceRule
from obligations.loader import DEFAULT_POLICY, REQUESTS_FILE, Catalogue
from obligations.schema import Code, Day, ObligationSpec, PlanDoc, Strict, Text, UnitSpec

FAMILY = "ad-hoc-request"
DOCUMENT_SUFFIX = "-dot-xuat"
ID_PREFIX = "dx-"
MAX_LEAD_DAYS = 180  # a task opens at most this long before its deadline (OpenRule)
TITLE_LENGTH = 300


class RequestError(ValueError):
    """A request that cannot be made: one sentence per problem, in Vietnamese."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class RequestInput(Strict):
    """What an operator gives: the Prefect flow's parameters, the command's options."""

    title: Text = Field(max_length=TITLE_LENGTH)
    due: Day
    units: tuple[Code, ...] = ()
    unit_tags: tuple[Code, ...] = ()
    note: str = ""
    request_id: Code | None = None
    plan: Code | None = None
    requested_by: Text | None = None


_FIELDS = {
    "title": "tiêu đề",
    "due": "hạn",
    "units": "đơn vị",
    "unit_tags": "nhóm đơn vị",
    "note": "ghi chú",
    "request_id": "mã yêu cầu",
    "plan": "kế hoạch",
    "requested_by": "người yêu cầu",
}


def _field_problem(item: Mapping[str, object]) -> str:
    loc = item.get("loc") or ()
    assert isinstance(loc, tuple)
    name = _FIELDS.get(str(loc[0]), str(loc[0])) if loc else "yêu cầu"
    kind = str(item.get("type"))
    value = item.get("input")
    if kind == "missing":
        return f"thiếu {name}"
    if kind in ("string_too_short", "too_short"):
        return f"{name}: không được để trống"
    if kind == "string_too_long":
        return f"{name}: dài quá {TITLE_LENGTH} ký tự"
    if kind == "string_pattern_mismatch":
        return (
            f"{name}: {value!r} không phải là mã (chữ thường không dấu, chữ số và '-', "
            "như 'tn-mttq')"
        )
    if kind.startswith("date"):
        return f"{name}: {value!r} không phải là ngày (YYYY-MM-DD)"
    if kind == "extra_forbidden":
        return f"không có trường {loc[-1]!r}"
    message = str(item.get("msg", "")).removeprefix("Value error, ")
    return f"{name}: {message}"


def parse_input(values: Mapping[str, object]) -> RequestInput:
    """The operator's values, typed; `RequestError` saying what is wrong with them."""
    try:
        return RequestInput.model_validate(dict(values))
    except ValidationError as error:
        raise RequestError([_field_problem(item) for item in error.errors()]) from None


def document_id(plan_id: str) -> str:
    """The id of the document holding a plan's requests (a document id is 63 characters)."""
    wanted = plan_id + DOCUMENT_SUFFIX
    if len(wanted) <= 63:
        return wanted
    digest = hashlib.sha256(plan_id.encode()).hexdigest()[:8]
    return f"{plan_id[: 63 - len(DOCUMENT_SUFFIX) - 9]}-{digest}{DOCUMENT_SUFFIX}"


def is_requests_document(doc: PlanDoc, file: str) -> bool:
    return file == REQUESTS_FILE and doc.id.endswith(DOCUMENT_SUFFIX)


def request_key(plan_id: str, title: str, units: tuple[str, ...], due: date) -> str:
    """A request's id made from what it asks: the same plan, title, units and deadline make the
    same id (the title compared as a reader would: case and spacing ignored)."""
    content = {
        "plan": plan_id,
        "title": " ".join(title.split()).casefold(),
        "units": sorted(units),
        "due": due.isoformat(),
    }
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return ID_PREFIX + hashlib.sha256(encoded).hexdigest()[:12]


@dataclass(frozen=True)
class AdHocRequest:
    """A request, checked: the obligation it becomes and the plan it is made for."""

    plan: PlanDoc  # the plan whose office makes the request (its owner, its policies)
    obligation: ObligationSpec
    requested_on: date

    @property
    def id(self) -> str:
        return self.obligation.id

    @property
    def due(self) -> date:
        return due_of(self.obligation)

    def identity(self) -> tuple[str, tuple[str, ...], date]:
        """What makes two requests the same: the plan's office, title, units, deadline."""
        return identity_of(self.obligation)


def due_of(ob: ObligationSpec) -> date:
    """A request's deadline: its rule's one day."""
    assert isinstance(ob.rule, OnceRule)
    assert ob.rule.spans
    return ob.rule.spans[0][0]


def identity_of(ob: ObligationSpec) -> tuple[str, tuple[str, ...], date]:
    assert ob.name is not None
    return " ".join(ob.name.split()).casefold(), tuple(sorted(ob.units)), due_of(ob)


def held_requests(catalogue: Catalogue) -> Iterator[tuple[str, ObligationSpec]]:
    """Every request a catalogue holds, with the id of the document that holds it."""
    for loaded in catalogue.documents:
        doc = loaded.document
        if isinstance(doc, PlanDoc) and is_requests_document(doc, loaded.file):
            for ob in doc.obligations:
                yield doc.id, ob


def _plans(catalogue: Catalogue) -> dict[str, PlanDoc]:
    """The plans a request can be made from (not the documents of requests themselves)."""
    return {
        loaded.id: loaded.document
        for loaded in catalogue.documents
        if isinstance(loaded.document, PlanDoc)
        and not is_requests_document(loaded.document, loaded.file)
    }


def _which_plan(
    given: RequestInput, plans: dict[str, PlanDoc], unit_owner: Mapping[str, str]
) -> PlanDoc:
    if given.plan is not None:
        found = plans.get(given.plan)
        if found is None:
            known = ", ".join(sorted(plans)) or "chưa có kế hoạch nào"
            raise RequestError([f"không có kế hoạch '{given.plan}' (các kế hoạch: {known})"])
        return found
    candidates = set(plans)
    for code in given.units:
        if code in unit_owner:
            candidates &= {unit_owner[code]}
    for tag in given.unit_tags:
        # A tag no plan has is reported as unknown once the plan is known: it picks none.
        narrowed = candidates & {
            p for p, doc in plans.items() if any(tag in u.tags for u in doc.units)
        }
        candidates = narrowed or candidates
    if len(candidates) == 1:
        return plans[candidates.pop()]
    known = ", ".join(sorted(plans)) or "chưa có kế hoạch nào"
    raise RequestError(
        [f"không rõ yêu cầu thuộc kế hoạch nào: nêu kế hoạch (--plan; các kế hoạch: {known})"]
    )


def build_request(
    given: RequestInput,
    catalogue: Catalogue,
    as_of: date,
    unit_owner: Mapping[str, str] | None = None,
) -> AdHocRequest:
    """The obligation a request becomes, checked against the catalogue, on day `as_of`.

    `unit_owner` (unit code → the plan that declares it) picks the plan when none is given;
    by default, the catalogue's own.
    """
    plans = _plans(catalogue)
    owners = unit_owner or {u.code: p.id for p in plans.values() for u in p.units}
    plan = _which_plan(given, plans, owners)
    units = catalogue.units
    problems: list[str] = []
    if not given.units and not given.unit_tags:
        problems.append("nêu các đơn vị được yêu cầu báo cáo (mã đơn vị và/hoặc nhóm đơn vị)")
    wanted: dict[str, UnitSpec] = {}
    for code in given.units:
        unit = units.get(code)
        if unit is None:
            problems.append(f"không có đơn vị mã '{code}' trong danh mục")
        else:
            wanted[code] = unit
    for tag in given.unit_tags:
        # As in the catalogue, a tag names the plan's own units only.
        tagged = [u for u in plan.units if tag in u.tags]
        if not tagged:
            problems.append(f"kế hoạch '{plan.id}' không có đơn vị nào thuộc nhóm '{tag}'")
        wanted.update((u.code, u) for u in tagged if u.valid_on(given.due))
    calendar = catalogue.calendar
    due = given.due
    if due < as_of:
        problems.append(
            f"hạn {due:%d/%m/%Y} đã qua (hôm nay là {as_of:%d/%m/%Y}): chọn một ngày từ hôm nay"
        )
    elif (due - as_of).days > MAX_LEAD_DAYS:
        problems.append(
            f"hạn {due:%d/%m/%Y} cách hôm nay hơn {MAX_LEAD_DAYS} ngày: một việc xa như vậy "
            "nên đưa vào kế hoạch (plans/*.yaml)"
        )
    if not calendar.is_working_day(due):
        reason = calendar.info(due).reason
        why = f" ({reason})" if reason else ""
        before = calendar.previous_working_day(due)
        after = calendar.next_working_day(due)
        problems.append(
            f"hạn {due:%d/%m/%Y} là ngày nghỉ{why}: chọn một ngày làm việc, như "
            f"{before:%d/%m/%Y} hoặc {after:%d/%m/%Y}"
        )
    for code, unit in wanted.items():
        if code in given.units and not unit.valid_on(due):
            problems.append(f"đơn vị '{code}' ({unit.name}) không còn hoạt động vào ngày hạn")
        elif not (unit.email or unit.zalo):
            problems.append(f"đơn vị '{code}' ({unit.name}) chưa có địa chỉ e-mail hoặc Zalo")
    if given.unit_tags and not problems and not wanted:
        problems.append("các nhóm đơn vị đã nêu không còn đơn vị nào hoạt động vào ngày hạn")
    if problems:
        raise RequestError(problems)
    codes = tuple(sorted(wanted))
    office = units.get(plan.owner)
    who = given.requested_by or (office.name if office else plan.owner)
    # Written as a catalogue file would write it, and validated as one is.
    ob = ObligationSpec.model_validate(
        {
            "id": given.request_id or request_key(plan.id, given.title, codes, due),
            "name": given.title,
            "family": FAMILY,
            "rule": f"once on {due.isoformat()}",
            "label": f"Yêu cầu ngày {as_of:%d/%m/%Y}",
            "units": codes,
            # Opens on the day it is made (one made on a day off opens the working day
            # before: at once).
            "opens": str(OpenRule((due - as_of).days)),
            "chase": DEFAULT_POLICY,
            "escalation": DEFAULT_POLICY,
            "source": f"Yêu cầu đột xuất của {who} ngày {as_of:%d/%m/%Y}",
            "note": given.note.strip(),
        }
    )
    return AdHocRequest(plan, ob, as_of)


def requests_document(
    request: AdHocRequest, held: PlanDoc | None, tracking_from: date | None = None
) -> PlanDoc:
    """The plan's document of requests with `request` added (`held`: the one the ledger holds).

    It takes the plan's office and its chase and escalation policies as they are now: a
    request is chased as the plan's own obligations are.
    """
    plan = request.plan
    kept = held.obligations if held is not None else ()
    first = min(d for d in (tracking_from, request.requested_on) if d is not None)
    return PlanDoc(
        kind="plan",
        id=document_id(plan.id),
        title=f"Yêu cầu đột xuất – {plan.title}",
        source=f"Các yêu cầu đột xuất của kế hoạch {plan.id}",
        owner=plan.owner,
        tracking_from=first,
        policies=plan.policies,
        obligations=(*kept, request.obligation),
    )


def existing(request: AdHocRequest, held: PlanDoc | None) -> ObligationSpec | None:
    """The request the ledger holds already under this id, if any; `RequestError` if that id
    is a different request's."""
    if held is None:
        return None
    for ob in held.obligations:
        if ob.id != request.id:
            continue
        if identity_of(ob) != request.identity():
            raise RequestError(
                [
                    f"mã yêu cầu '{request.id}' đã dùng cho một yêu cầu khác "
                    f'("{ob.name}", hạn {due_of(ob):%d/%m/%Y}): dùng một mã khác, hoặc bỏ '
                    "trống để hệ thống tự đặt"
                ]
            )
        return ob
    return None
