"""Load catalogue files into a validated `Catalogue`, or refuse them with `FILE:LINE: reason`.

The files given together are one catalogue: references between them (a plan naming units of
another file) are checked, and nothing is half-loaded — the caller gets a whole catalogue or a
`CatalogueError` listing every problem found.

Files may also be loaded on their own into a ledger that holds others: then they are checked
together with what the ledger holds (`Stored`), so that one plan cannot take over another's
units, obligations or document id, and a reload cannot break a plan it leaves alone. What a
document declares belongs to it: a unit code or an obligation id is the first storer's, and any
other document may only refer to it.
"""

from __future__ import annotations

import hashlib
import json
import re
import types
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from calendars.festivals import Festival, FestivalOverride
from calendars.workdays import CalendarDay, Decision, WorkCalendar, statutory_days_off
from obligations.model import LABEL_FIELDS, ModelError, Step, label_fields, resolve_steps
from obligations.policy import (
    Audience,
    ChasePolicy,
    EscalationLevel,
    EscalationPolicy,
)
from obligations.schema import (
    DOCUMENT_KINDS,
    NOTICE_TEMPLATES,
    STORED,
    ZALO_PARAMS,
    DirectiveSpec,
    Document,
    FamiliesDoc,
    FamilySpec,
    FestivalsDoc,
    ObligationSpec,
    OccurrenceSource,
    Person,
    PlanDoc,
    UnitSpec,
    WorkdaysDoc,
)
from obligations.yamlsrc import (
    QUOTED_CHARACTERS,
    CatalogueError,
    Issue,
    Loc,
    Source,
    quoted,
    read_source,
)

DEFAULT_POLICY = "default"
# The file of a document the ledger holds and no YAML file declares: a plan's ad-hoc requests
# (obligations/requests.py), made from the Prefect UI or `dondoc request new`.
REQUESTS_FILE = "(đột xuất)"
BUILT_IN_FAMILIES = Path(__file__).with_name("families.yaml")


@cache
def built_in_families() -> FamiliesDoc:
    """The families dondoc ships (obligations/families.yaml): data, read once."""
    document, issues = parse_document(read_source(BUILT_IN_FAMILIES))
    if issues or not isinstance(document, FamiliesDoc):
        raise CatalogueError(issues or [Issue(str(BUILT_IN_FAMILIES), 1, "not a families file")])
    return document


@dataclass(frozen=True)
class Resolved:
    """An obligation with what it takes from the rest of the catalogue."""

    plan: PlanDoc
    spec: ObligationSpec
    family: FamilySpec
    steps: tuple[Step, ...]
    festival: Festival | None = None
    directive: DirectiveSpec | None = None

    @property
    def source(self) -> OccurrenceSource:
        return self.family.occurrences

    def step(self, step_id: str) -> Step | None:
        return next((step for step in self.steps if step.id == step_id), None)

    @property
    def name(self) -> str:
        """The obligation's name; a review without one is named after its directive."""
        if self.spec.name:
            return self.spec.name
        if self.directive is not None and self.spec.review is not None:
            review = self.spec.review
            years = f" {review.years} năm" if review.years else ""
            return (
                f"{review.kind.label}{years} thực hiện {self.directive.kind} số "
                f"{self.directive.code}"
            )
        return self.family.name


MAX_FORM_BYTES = 5_000_000  # a form attached to e-mail: most relays refuse 10 MB or more


@dataclass(frozen=True)
class LoadedDocument:
    document: Document
    file: str  # as shown to the user; for a stored document, where it was loaded from
    content_hash: str
    path: Path | None = None  # the file, resolved; None for a document built in code
    # Where each value is written, for the errors found later (against a ledger); not stored.
    source: Source | None = field(default=None, compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def kind(self) -> str:
        return self.document.kind

    def spec_json(self) -> dict[str, Any]:
        # A step an obligation changes dumps only the fields it gives (StepSpec's serializer).
        return self.document.model_dump(mode="json")


def spec_hash(spec: Any) -> str:
    """A stable hash of a JSON-able spec: the same content always hashes the same."""
    encoded = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def chase_policy(plan: PlanDoc, name: str) -> ChasePolicy:
    """The plan's chase policy of that name; the built-in default when it defines none."""
    spec = plan.policies.chase.get(name)
    if spec is None:
        return ChasePolicy()
    return ChasePolicy(tuple(spec.before_due), spec.after_due.every, spec.after_due.max)


def escalation_policy(plan: PlanDoc, name: str) -> EscalationPolicy:
    levels = plan.policies.escalation.get(name)
    if levels is None:
        return EscalationPolicy()
    return EscalationPolicy(
        tuple(
            EscalationLevel(
                lv.level,
                lv.after,
                Audience(lv.notify),
                lv.urgent,
                lv.when,
                lv.repeat.every if lv.repeat else 0,
                lv.repeat.times if lv.repeat else 1,
            )
            for lv in levels
        )
    )


@dataclass(frozen=True)
class Catalogue:
    documents: tuple[LoadedDocument, ...] = ()

    def of_kind(self, kind: type[Document]) -> list[Any]:
        return [d.document for d in self.documents if isinstance(d.document, kind)]

    @property
    def plans(self) -> list[PlanDoc]:
        return self.of_kind(PlanDoc)

    @cached_property
    def units(self) -> dict[str, UnitSpec]:
        return {unit.code: unit for plan in self.plans for unit in plan.all_units}

    @cached_property
    def obligations(self) -> dict[str, tuple[PlanDoc, ObligationSpec]]:
        return {ob.id: (plan, ob) for plan in self.plans for ob in plan.all_obligations}

    @cached_property
    def calendar(self) -> WorkCalendar:
        """The working-day calendar of the catalogue's decisions."""
        return WorkCalendar(self.decisions())

    @cached_property
    def families(self) -> dict[str, FamilySpec]:
        """dondoc's families, and those the catalogue's own `families` documents add."""
        found = {f.id: f for f in built_in_families().families}
        for doc in self.of_kind(FamiliesDoc):
            for family in doc.families:
                found.setdefault(family.id, family)
        return found

    @cached_property
    def festivals_by_id(self) -> dict[str, Festival]:
        return {festival.id: festival for festival in self.festivals()}

    @cached_property
    def resolved(self) -> dict[str, Resolved]:
        """Every obligation whose family, steps, festival and directive are known.

        The loader refuses a catalogue where one is not, so in a loaded catalogue this holds
        every obligation.
        """
        found: dict[str, Resolved] = {}
        for ob_id, (plan, ob) in self.obligations.items():
            family = self.families.get(ob.family)
            if family is None:
                continue
            try:
                steps = resolve_steps(family, ob)
            except (ModelError, ValueError):
                continue
            festival = self.festivals_by_id.get(ob.festival) if ob.festival else None
            directives = {d.key: d for d in plan.directives}
            directive = directives.get(ob.directive) if ob.directive else None
            found[ob_id] = Resolved(plan, ob, family, steps, festival, directive)
        return found

    def decisions(self) -> list[Decision]:
        found = []
        for doc in self.of_kind(WorkdaysDoc):
            for spec in doc.decisions:
                days = [
                    CalendarDay(d.date, d.name, spec.ref, False, d.swapped_with)
                    for d in spec.days_off
                ] + [
                    CalendarDay(d.date, d.name, spec.ref, True, d.replaces)
                    for d in spec.working_days
                ]
                found.append(Decision(spec.ref, tuple(days), spec.issued, spec.title))
        return found

    def festivals(self) -> list[Festival]:
        return [
            Festival(
                f.id,
                f.name,
                f.religion,
                f.rule,
                f.note,
                f.source,
                tuple(
                    FestivalOverride(o.year, o.start, o.end, o.ceremony, o.source)
                    for o in f.overrides
                ),
            )
            for doc in self.of_kind(FestivalsDoc)
            for f in doc.festivals
        ]

    def units_of(self, obligation: ObligationSpec) -> list[UnitSpec]:
        """The units an obligation names as owing, by code or by its own plan's tags."""
        from obligations.model import owners

        plan = next(p for p, o in self.obligations.values() if o is obligation)
        return owners("owing", obligation, plan, self.units.values())

    @classmethod
    def from_specs(cls, rows: Iterable[tuple[str, str, str, dict[str, Any]]]) -> Catalogue:
        """Rebuild from stored (kind, file, content hash, spec JSON) rows — the ledger's copy."""
        return cls(
            tuple(
                LoadedDocument(
                    DOCUMENT_KINDS[kind].model_validate(spec, context={STORED: True}),
                    file,
                    content_hash,
                )
                for kind, file, content_hash, spec in rows
            )
        )


def _unwrap(annotation: Any) -> Any:
    """The type inside `Annotated[…]` and `… | None`."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _model_at(model: type[BaseModel], path: Loc) -> type[BaseModel] | None:
    """The schema model of the mapping at `path` in a document of `model`."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            found = current.model_fields.get(part) if isinstance(part, str) else None
            if found is None:
                return None
            current = found.annotation
        elif get_origin(current) in (tuple, list) and isinstance(part, int):
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _shown(value: Any) -> str:
    """A value as the file wrote it, for a sentence."""
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "nothing"
    if hasattr(value, "isoformat"):
        return repr(value.isoformat())
    if isinstance(value, bytes):  # !!binary
        return f"binary data ({len(value):,} bytes)"
    text = repr(value)  # a number: the builder refuses one of more than 100 digits
    if len(text) > QUOTED_CHARACTERS:
        return f"{text[:QUOTED_CHARACTERS]}… ({len(text):,} characters)"
    return text


def _alternatives(expected: str) -> str:
    # Pydantic spells a Literal of enum members as <Audience.HEAD: 'head'>: keep the value.
    return re.sub(r"<[\w.]+: ('[^']*')>", r"\1", expected)


_DATE_ERRORS = {
    "date_type",
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
    "datetime_type",
    "datetime_parsing",
}
_INT_ERRORS = {"int_type", "int_parsing", "int_from_float", "int_parsing_size"}
_LIST_ERRORS = {"tuple_type", "list_type", "set_type", "iterable_type", "frozen_set_type"}
_MAPPING_ERRORS = {"dict_type", "model_type", "model_attributes_type", "mapping_type"}
_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}


def _plain(item: Any, loc: Loc, model: type[BaseModel]) -> tuple[Loc, str]:
    """(where, what) of one pydantic error, in words a clerk can act on."""
    kind = str(item["type"])
    value = item.get("input")
    ctx: dict[str, Any] = item.get("ctx") or {}
    if kind == "missing":
        return loc[:-1], f"{quoted(str(loc[-1]))} is missing"
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        takes = f" (this kind of entry takes: {', '.join(owner.model_fields)})" if owner else ""
        return loc[:-1], f"unknown key {quoted(str(loc[-1]))}{takes}"
    if kind in _DATE_ERRORS:
        return loc, f"{_shown(value)} is not a date (YYYY-MM-DD)"
    if kind in _INT_ERRORS:
        return loc, f"{_shown(value)} is not a whole number"
    if kind in ("float_type", "float_parsing"):
        return loc, f"{_shown(value)} is not a number"
    if kind in ("bool_type", "bool_parsing"):
        return loc, f"{_shown(value)} is not true or false"
    if kind in ("literal_error", "enum"):
        return loc, f"must be one of {_alternatives(str(ctx.get('expected')))}, not {_shown(value)}"
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        return loc, f"must be {words} {ctx.get(key)}, not {_shown(value)}"
    if kind == "string_type":
        return loc, f"must be text, not {_shown(value)}"
    if kind in ("string_too_short", "too_short"):
        return loc, "must not be empty"
    if kind == "string_pattern_mismatch":
        return loc, (
            f"{_shown(value)} is not a code: use lower-case letters without accents, digits "
            "and '-' (like 'bc-thang')"
        )
    if kind in _MAPPING_ERRORS:
        return loc, f"must be a mapping of keys and values, not {_shown(value)}"
    if kind in _LIST_ERRORS:
        return loc, f"must be a list (like [a, b]), not {_shown(value)}"
    message = str(item["msg"])
    for prefix in ("Value error, ", "Assertion failed, ", "Input "):
        message = message.removeprefix(prefix)
    return loc, message


def _pydantic_issues(source: Source, error: ValidationError, model: type[BaseModel]) -> list[Issue]:
    issues = []
    for item in error.errors():
        loc: Loc = tuple(part for part in item["loc"] if isinstance(part, str | int))
        # Pydantic puts the union member or validator name in loc for some errors: drop it.
        loc = tuple(p for p in loc if not (isinstance(p, str) and "[" in p))
        where, message = _plain(item, loc, model)
        # The line is the key's own (a missing key has none: its mapping's line, then).
        line_of = loc if item["type"] != "missing" else where
        prefix = ".".join(str(p) for p in where)
        issues.append(source.issue(line_of, f"{prefix}: {message}" if prefix else message))
    return issues


def parse_document(source: Source) -> tuple[Document | None, list[Issue]]:
    data = source.data
    if not isinstance(data, dict):
        return None, [source.issue((), "a catalogue document is a mapping with a 'kind'")]
    kind = data.get("kind")
    model = DOCUMENT_KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        known = ", ".join(sorted(DOCUMENT_KINDS))
        return None, [source.issue(("kind",), f"kind must be one of {known}, not {_shown(kind)}")]
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, _pydantic_issues(source, error, model)


def _with_successors(found: list[UnitSpec], units: Mapping[str, UnitSpec]) -> list[UnitSpec]:
    """The units and those they merge into, in turn: each may be chased for what they owe."""
    out = list(found)
    seen = {unit.code for unit in out}
    for unit in out:  # grows as successors are found; a cycle is refused elsewhere
        code = unit.merged_into
        if code is not None and code in units and code not in seen:
            seen.add(code)
            out.append(units[code])
    return out


def _addressed(who: UnitSpec | Person) -> bool:
    """Whether a unit or a person can be written to: by e-mail, Zalo ZNS or Zalo OA."""
    return bool(who.email or who.zalo or who.zalo_user_id)


@dataclass(frozen=True)
class Stored:
    """What a ledger holds already, for checking files loaded without the rest."""

    documents: tuple[LoadedDocument, ...] = ()  # `file`: where each was loaded from
    unit_owners: Mapping[str, str] = field(default_factory=dict)  # unit code → document id
    obligation_owners: Mapping[str, str] = field(default_factory=dict)  # id → document id


def _same_file(stored: str, path: Path | None) -> bool:
    """Whether `path` is the file a stored document came from (or that file is gone)."""
    if path is None:  # a catalogue built in code names no file to compare
        return True
    before = Path(stored)
    try:
        return not before.exists() or before.samefile(path)
    except OSError:
        return before.resolve() == path.resolve()


class _Checker:
    """Cross-document checks, each reported at the line it is about.

    `kept` are the ledger's documents that this load leaves as they are: the new documents are
    checked with them, and what the new ones break in them is reported too (at their stored
    file, which has no line map: line 1, saying which document).
    """

    def __init__(
        self, kept: Sequence[LoadedDocument], new: Sequence[LoadedDocument], stored: Stored
    ) -> None:
        self.new = list(new)
        self.loaded = {d.id: d for d in (*kept, *new)}
        self.kept = {d.id for d in kept}
        self.stored = stored
        self.issues: list[Issue] = []
        # The notices each recipient gets, for the Zalo ZNS templates its choice needs:
        # ("unit" | "head", unit code) → notice templates.
        self.notices_of: dict[tuple[str, str], set[str]] = defaultdict(set)

    def add(self, doc_id: str, loc: Loc, message: str) -> None:
        loaded = self.loaded[doc_id]
        if doc_id not in self.kept and loaded.source is not None:
            self.issues.append(loaded.source.issue(loc, message))
            return
        # No line map (a stored document, or one built in code): say where in words.
        where = ".".join(str(p) for p in loc)
        if doc_id in self.kept:
            where = f"{loaded.kind} {doc_id!r} as the ledger holds it, at {where}"
        self.issues.append(Issue(loaded.file, 1, f"{where}: {message}"))

    def named(self, doc_id: str) -> str:
        """A document as a message names it: its kind, id and file."""
        loaded = self.loaded.get(doc_id)
        if loaded is None:
            return repr(doc_id)
        return f"{loaded.kind} {doc_id!r} ({loaded.file})"

    def check(self) -> None:
        docs = [d.document for d in self.loaded.values()]
        plans = [d for d in docs if isinstance(d, PlanDoc)]
        self._documents()
        units = self._units(plans)
        self._obligations(plans, units)
        self._notifications()
        self._bulletins(plans, units)
        self._zalo_choices(plans, units)
        self._workdays([d for d in docs if isinstance(d, WorkdaysDoc)])
        self._festivals([d for d in docs if isinstance(d, FestivalsDoc)])
        self._families([d for d in docs if isinstance(d, FamiliesDoc)])

    def _bulletins(self, plans: list[PlanDoc], units: dict[str, UnitSpec]) -> None:
        """A plan's bulletin names units, obligations and families that exist."""
        for plan in plans:
            spec = plan.bulletin
            if spec is None or plan.id in self.kept:
                continue
            base: Loc = ("bulletin",)
            if spec.issuer not in units:
                self.add(
                    plan.id,
                    (*base, "issuer"),
                    self._unknown_unit(
                        f"issuer {spec.issuer!r} is not a declared unit", spec.issuer
                    ),
                )
            own = {ob.id for ob in plan.all_obligations}
            for i, ob_id in enumerate(spec.obligations):
                if ob_id not in own:
                    self.add(
                        plan.id,
                        (*base, "obligations", i),
                        f"obligation {ob_id!r} is not one of this plan's obligations",
                    )
            families = Catalogue(tuple(self.loaded.values())).families
            for i, family in enumerate(spec.families):
                if family not in families:
                    known = ", ".join(sorted(families))
                    self.add(
                        plan.id,
                        (*base, "families", i),
                        f"{family!r} is not a family of obligations (known: {known})",
                    )
            for i, recipient in enumerate(spec.recipients):
                if recipient.unit is not None and recipient.unit not in units:
                    self.add(
                        plan.id,
                        (*base, "recipients", i, "unit"),
                        self._unknown_unit(
                            f"recipient {recipient.unit!r} is not a declared unit", recipient.unit
                        ),
                    )

    def _notifications(self) -> None:
        """A plan's own template directory exists; its Zalo templates are registered for
        notices dondoc sends, with parameters dondoc fills."""
        for loaded in self.new:
            plan = loaded.document
            if not isinstance(plan, PlanDoc) or plan.notifications is None:
                continue
            base: Loc = ("notifications",)
            directory = plan.notifications.templates
            if directory is not None and loaded.path is not None:
                found = loaded.path.parent / directory
                if not found.is_dir():
                    self.add(
                        plan.id,
                        (*base, "templates"),
                        f"there is no directory {quoted(directory)} beside the plan file "
                        f"(looked for {found}): create it, with files laid out as "
                        "notifications/templates/ (email/…, zalo/…), or drop 'templates'",
                    )
            for name, spec in plan.notifications.zalo_templates.items():
                at: Loc = (*base, "zalo_templates", name)
                if name not in ZALO_PARAMS:
                    self.add(
                        plan.id,
                        at,
                        f"{name!r} is not a message dondoc sends (Zalo templates are registered "
                        f"for: {', '.join(NOTICE_TEMPLATES)})",
                    )
                    continue
                for param in spec.params:
                    if param not in ZALO_PARAMS[name]:
                        self.add(
                            plan.id,
                            (*at, "params", param),
                            f"dondoc does not fill {param!r} in a {name!r} message (it fills: "
                            f"{', '.join(ZALO_PARAMS[name])})",
                        )

    def _zalo_choices(self, plans: list[PlanDoc], units: dict[str, UnitSpec]) -> None:
        """A recipient choosing Zalo ZNS has a registered template for each notice it gets (a
        template registered by any plan of the catalogue counts)."""
        registered = {
            name
            for plan in plans
            if plan.notifications is not None
            for name in plan.notifications.zalo_templates
        }
        entries = {
            unit.code: (plan.id, at)
            for plan in plans
            for at, unit in plan.unit_entries()
            if units.get(unit.code) is unit
        }
        for (who, code), notices in sorted(self.notices_of.items()):
            unit = units.get(code)
            person = unit if who == "unit" else (unit.head if unit else None)
            if person is None or "zalo-zns" not in person.channels or code not in entries:
                continue
            missing = [name for name in NOTICE_TEMPLATES if name in notices - registered]
            if not missing:
                continue
            doc_id, at = entries[code]
            whom = f"unit {code!r}" if who == "unit" else f"the head of {code!r}"
            self.add(
                doc_id,
                (*at, "channels") if who == "unit" else (*at, "head", "channels"),
                f"{whom} chooses zalo-zns, but no Zalo ZNS template is registered for "
                f"{', '.join(missing)}, which it is sent: register them under "
                "notifications.zalo_templates, or drop zalo-zns",
            )

    def _families(self, docs: list[FamiliesDoc]) -> None:
        seen: dict[str, str] = {f.id: "dondoc" for f in built_in_families().families}
        for doc in docs:
            for index, family in enumerate(doc.families):
                first = seen.setdefault(family.id, doc.id)
                if first != doc.id or any(f.id == family.id for f in doc.families[:index]):
                    where = "dondoc's own families" if first == "dondoc" else self.named(first)
                    self.add(
                        doc.id,
                        ("families", index, "id"),
                        f"family {family.id!r} is already defined by {where}: give yours "
                        "another id",
                    )

    def _documents(self) -> None:
        by_id = {d.id: d for d in self.stored.documents}
        for loaded in self.new:
            before = by_id.get(loaded.id)
            if before is not None and before.file == REQUESTS_FILE and loaded.path is not None:
                self.add(
                    loaded.id,
                    ("id",),
                    f"{loaded.kind} {loaded.id!r} holds the ad-hoc requests made with `dondoc "
                    "request new` or the request-report flow, which the ledger keeps: give "
                    "this document another id",
                )
            elif before is not None and not _same_file(before.file, loaded.path):
                self.add(
                    loaded.id,
                    ("id",),
                    f"{loaded.kind} {loaded.id!r} is already loaded from {before.file}: reload "
                    "it from that file, or give this document another id",
                )

    @staticmethod
    def _owners(ledger: Mapping[str, str], declared: Iterable[tuple[str, str]]) -> dict[str, str]:
        """Who owns each code: the document that stored it first, else the first to declare it."""
        owners = dict(ledger)
        for code, doc_id in declared:
            owners.setdefault(code, doc_id)
        return owners

    def _units(self, plans: list[PlanDoc]) -> dict[str, UnitSpec]:
        owners = self._owners(
            self.stored.unit_owners, ((u.code, p.id) for p in plans for u in p.all_units)
        )
        units: dict[str, UnitSpec] = {}
        for plan in plans:
            for unit in plan.all_units:
                if owners[unit.code] == plan.id:
                    units.setdefault(unit.code, unit)
        declared: dict[str, set[str]] = {}  # plan id → codes it may use as its own
        for plan in plans:
            seen: set[str] = set()
            own = declared.setdefault(plan.id, set())
            for at, unit in plan.unit_entries():
                loc: Loc = (*at, "code")
                if unit.code in seen:
                    self.add(plan.id, loc, f"unit {unit.code!r} is declared twice")
                    continue
                seen.add(unit.code)
                owner = owners[unit.code]
                if owner == plan.id:
                    own.add(unit.code)
                elif plan.id not in self.kept:  # a copy the ledger has from before the rule
                    self.add(plan.id, loc, self._not_yours(unit, owner, units))
        for plan in plans:
            if plan.owner not in units:
                self.add(
                    plan.id,
                    ("owner",),
                    self._unknown_unit(f"owner {plan.owner!r} is not a declared unit", plan.owner),
                )
            committee = plan.standing_committee
            if committee is not None and committee not in units:
                self.add(
                    plan.id,
                    ("standing_committee",),
                    self._unknown_unit(
                        f"standing_committee {committee!r} is not a declared unit", committee
                    ),
                )
            for at, unit in plan.unit_entries():
                if unit.code not in declared[plan.id]:
                    continue
                for attr in ("parent", "supervisor"):
                    ref = getattr(unit, attr)
                    where: Loc = (*at, attr)
                    if ref is not None and ref not in units:
                        self.add(
                            plan.id, where, self._unknown_unit(f"{attr} {ref!r} is not a unit", ref)
                        )
                    elif ref == unit.code:
                        self.add(plan.id, where, f"a unit is not its own {attr}")
                    elif ref is not None:
                        cycle = self._cycle(unit.code, units, attr)
                        if cycle:
                            self.add(plan.id, where, f"{attr}s form a cycle: {cycle}")
                self._merger(plan, at, unit, units)
        return units

    def _merger(self, plan: PlanDoc, at: Loc, unit: UnitSpec, units: dict[str, UnitSpec]) -> None:
        """A merged unit's successor exists, takes over on the merger day, and is not merged
        back into it (`valid_to` given is the schema's check)."""
        code, day = unit.merged_into, unit.merger_day
        if code is None or day is None:
            return
        where: Loc = (*at, "merged_into")
        successor = units.get(code)
        if successor is None:
            unknown = self._unknown_unit(f"merged_into {code!r} is not a unit", code)
            self.add(plan.id, where, unknown)
            return
        cycle = self._cycle(unit.code, units, "merged_into")
        if cycle:
            self.add(plan.id, where, f"mergers form a cycle: {cycle}")
        elif not successor.valid_on(day):
            since = f"from {successor.valid_from.isoformat()}" if successor.valid_from else ""
            until = f"to {successor.valid_to.isoformat()}" if successor.valid_to else ""
            self.add(
                plan.id,
                where,
                f"{code!r} takes over from {unit.code!r} on {day.isoformat()}, the day after its "
                f"valid_to, but is valid only {' '.join(p for p in (since, until) if p)}: make "
                f"{code!r} valid from {day.isoformat()} or earlier",
            )

    def _not_yours(self, unit: UnitSpec, owner: str, units: dict[str, UnitSpec]) -> str:
        known = units.get(unit.code)
        if known is None:
            return (
                f"unit {unit.code!r} belongs to {self.named(owner)}, which no longer declares "
                "it: a unit stays with the plan that declared it first; declare it there again"
            )
        if known == unit:
            return (
                f"unit {unit.code!r} is declared in {self.named(owner)} already: refer to it "
                "by its code instead of declaring a copy"
            )
        return (
            f"unit {unit.code!r} belongs to {self.named(owner)}, and only that plan may change "
            "it: refer to it by its code instead of declaring it here"
        )

    def _unknown_unit(self, message: str, code: str) -> str:
        owner = self.stored.unit_owners.get(code)
        if owner is not None:  # the ledger knows it: its plan has dropped it
            return (
                f"{message}: {self.named(owner)} no longer declares it (a unit ends by its "
                "valid_to, not by leaving the file)"
            )
        return message

    @staticmethod
    def _cycle(code: str, units: dict[str, UnitSpec], attr: str) -> str | None:
        """`a → b → a` when following `attr` from `code` comes back to it; else None.

        Each unit of a cycle is reported, not the units that merely lead into one.
        """
        chain = [code]
        current = getattr(units[code], attr)
        while current is not None and current in units:
            if current == code:
                return " → ".join([*chain, code])
            if current in chain:
                return None
            chain.append(current)
            current = getattr(units[current], attr)
        return None

    def _obligations(self, plans: list[PlanDoc], units: dict[str, UnitSpec]) -> None:
        owners = self._owners(
            self.stored.obligation_owners, ((o.id, p.id) for p in plans for o in p.all_obligations)
        )
        families = {f.id: f for f in built_in_families().families}
        for doc in self.loaded.values():
            if isinstance(doc.document, FamiliesDoc):
                for family in doc.document.families:
                    families.setdefault(family.id, family)
        festivals = {
            f.id
            for doc in self.loaded.values()
            if isinstance(doc.document, FestivalsDoc)
            for f in doc.document.festivals
        }
        for plan in plans:
            # A tag names the plan's own units only (obligations.model.owners).
            tags = {tag for unit in plan.units for tag in unit.tags}
            self._directives(plan)
            entries = plan.obligation_entries()
            self._field_coverage(plan)
            for index, (loc, ob) in enumerate(entries):
                owner = owners[ob.id]
                if owner != plan.id:
                    if plan.id not in self.kept:  # else a copy from before the rule
                        self.add(plan.id, (*loc, "id"), self._taken(ob.id, owner))
                    continue
                if any(o.id == ob.id for _, o in entries[:index]):
                    self.add(plan.id, (*loc, "id"), f"obligation {ob.id!r} is declared twice")
                    continue
                for i, code in enumerate(ob.units):
                    if code not in units:
                        self.add(
                            plan.id,
                            (*loc, "units", i),
                            self._unknown_unit(f"unit {code!r} is not declared", code),
                        )
                for i, tag in enumerate(ob.unit_tags):
                    if tag not in tags:
                        self.add(
                            plan.id,
                            (*loc, "unit_tags", i),
                            f"no unit of this plan has tag {tag!r} (a tag names the plan's own "
                            "units; name another plan's units by code)",
                        )
                for key, codes in (
                    ("lead", (ob.lead,) if ob.lead else ()),
                    ("coordinating", ob.coordinating),
                ):
                    for i, code in enumerate(codes):
                        if code not in units:
                            where = (*loc, key) if key == "lead" else (*loc, key, i)
                            self.add(
                                plan.id,
                                where,
                                self._unknown_unit(f"unit {code!r} is not declared", code),
                            )
                for key in ("chase", "escalation"):
                    self._policy(plan, (*loc, key), key, getattr(ob, key))
                found = families.get(ob.family)
                if found is None:
                    known = ", ".join(sorted(families))
                    self.add(
                        plan.id,
                        (*loc, "family"),
                        f"there is no family {ob.family!r} (the families: {known})",
                    )
                    continue
                family = found
                if not self._source(plan, loc, ob, family, festivals):
                    continue
                try:
                    steps = resolve_steps(family, ob)
                except ModelError as error:
                    self.add(plan.id, (*loc, "steps"), str(error))
                    continue
                except ValueError as error:
                    self.add(plan.id, (*loc, "steps"), str(error).splitlines()[-1])
                    continue
                for step_index, step in enumerate(steps):
                    self._step(plan, loc, ob, step, step_index)
                self._reachable(plan, loc, ob, steps, units)

    def _form(self, plan: PlanDoc, where: Loc, step: Step) -> None:
        """A step's form is a file beside the plan, small enough to attach to an e-mail."""
        path = self.loaded[plan.id].path
        if path is None or step.form is None:
            return
        found = path.parent / step.form
        if not found.resolve().is_relative_to(path.parent.resolve()):
            self.add(plan.id, where, f"the form {step.form!r} is not beside the plan file")
        elif not found.is_file():
            self.add(
                plan.id,
                where,
                f"step {step.id!r}: there is no form {step.form!r} beside the plan file (looked "
                f"for {found}): put the file there, or drop 'form'",
            )
        elif found.stat().st_size > MAX_FORM_BYTES:
            self.add(
                plan.id,
                where,
                f"step {step.id!r}: the form {step.form!r} is larger than "
                f"{MAX_FORM_BYTES // 1_000_000} MB, too large to attach to e-mail: link it instead",
            )

    def _field_coverage(self, plan: PlanDoc) -> None:
        """Areas and communes named once; each specialist's areas and communes known; no
        commune in two specialists' charge (a commune missed by both, or visited twice for one
        duty, is what the coverage is kept to prevent)."""
        coverage = plan.field_coverage
        if coverage is None:
            return
        base: Loc = ("field_coverage",)
        areas: dict[str, Any] = {}
        area_of: dict[str, str] = {}  # commune code → area code
        for ai, area in enumerate(coverage.areas):
            if area.code in areas:
                self.add(
                    plan.id, (*base, "areas", ai, "code"), f"area {area.code!r} is listed twice"
                )
                continue
            areas[area.code] = area
            for ci, commune in enumerate(area.communes):
                where: Loc = (*base, "areas", ai, "communes", ci, "code")
                if commune.code in area_of:
                    self.add(
                        plan.id,
                        where,
                        f"commune {commune.code!r} is already listed in area "
                        f"{area_of[commune.code]!r}",
                    )
                    continue
                area_of[commune.code] = area.code
        in_charge: dict[str, str] = {}  # commune code → specialist code
        for si, person in enumerate(coverage.specialists):
            at: Loc = (*base, "specialists", si)
            covered: list[tuple[Loc, str]] = []
            for ai, code in enumerate(person.areas):
                if code not in areas:
                    known = ", ".join(areas)
                    self.add(
                        plan.id,
                        (*at, "areas", ai),
                        f"there is no area {code!r} in field_coverage.areas (the areas: {known})",
                    )
                    continue
                covered += [((*at, "areas", ai), c.code) for c in areas[code].communes]
            for ci, code in enumerate(person.communes):
                if code not in area_of:
                    self.add(
                        plan.id,
                        (*at, "communes", ci),
                        f"there is no commune {code!r} in any area of field_coverage.areas",
                    )
                    continue
                covered.append(((*at, "communes", ci), code))
            for where, code in covered:
                first = in_charge.setdefault(code, person.code)
                if first != person.code:
                    self.add(
                        plan.id,
                        where,
                        f"commune {code!r} is already in the charge of specialist {first!r}: "
                        "a commune has one specialist",
                    )

    def _policy(self, plan: PlanDoc, loc: Loc, key: str, name: str) -> None:
        known = plan.policies.chase if key == "chase" else plan.policies.escalation
        if name != DEFAULT_POLICY and name not in known:
            self.add(plan.id, loc, f"no {key} policy named {name!r}")

    def _directives(self, plan: PlanDoc) -> None:
        seen: set[str] = set()
        for index, directive in enumerate(plan.directives):
            if directive.key in seen:
                field = "id" if directive.id else "code"
                hint = "" if directive.id else " (one number, two directives: give each an 'id')"
                self.add(
                    plan.id,
                    ("directives", index, field),
                    f"directive {directive.key!r} is listed twice{hint}",
                )
            seen.add(directive.key)

    _SOURCE_KEYS: ClassVar[dict[OccurrenceSource, tuple[str, ...]]] = {
        OccurrenceSource.PERIOD: ("period", "due"),
        OccurrenceSource.RULE: ("rule",),
        OccurrenceSource.FESTIVAL: ("festival",),
        OccurrenceSource.DIRECTIVE: ("directive", "review"),
    }
    _ALL_SOURCE_KEYS: ClassVar[tuple[str, ...]] = (
        "period",
        "due",
        "only",
        "shift",
        "rule",
        "festival",
        "directive",
        "review",
    )

    def _source(
        self,
        plan: PlanDoc,
        loc: Loc,
        ob: ObligationSpec,
        family: FamilySpec,
        festivals: set[str],
    ) -> bool:
        """The obligation says what its family's occurrences need, and nothing another needs."""
        source = family.occurrences
        needed = self._SOURCE_KEYS[source]
        ok = True
        for key in needed:
            if getattr(ob, key) is None:
                self.add(
                    plan.id,
                    loc,
                    f"a {family.id} obligation needs {' and '.join(map(repr, needed))}",
                )
                return False
        allowed = set(needed) | ({"only", "shift"} if source is OccurrenceSource.PERIOD else set())
        for key in self._ALL_SOURCE_KEYS:
            if key not in allowed and getattr(ob, key) is not None:
                self.add(
                    plan.id,
                    (*loc, key),
                    f"{key!r} does not apply to a {family.id} obligation (its occurrences come "
                    f"from {' and '.join(map(repr, needed))})",
                )
                ok = False
        if source is OccurrenceSource.FESTIVAL and ob.festival not in festivals:
            self.add(
                plan.id,
                (*loc, "festival"),
                f"there is no festival {ob.festival!r} in the festival catalogue "
                "(plans/calendar/festivals.yaml)",
            )
            ok = False
        if source is OccurrenceSource.DIRECTIVE and ob.directive not in {
            d.key for d in plan.directives
        }:
            by_id = [d.id for d in plan.directives if d.code == ob.directive and d.id]
            hint = f" (name it by its id: {', '.join(by_id)})" if by_id else ""
            self.add(
                plan.id,
                (*loc, "directive"),
                f"directive {quoted(ob.directive or '')} is not in this plan's 'directives'{hint}",
            )
            ok = False
        if ob.label is not None:
            unknown = label_fields(ob.label) - LABEL_FIELDS
            if unknown:
                self.add(
                    plan.id,
                    (*loc, "label"),
                    f"the label uses {', '.join(sorted(unknown))}, which it cannot know "
                    f"(it may use: {', '.join(sorted(LABEL_FIELDS))})",
                )
                ok = False
        if family.occurrences is not OccurrenceSource.DIRECTIVE and ob.name is None:
            self.add(plan.id, loc, "an obligation needs its 'name'")
            ok = False
        return ok

    def _step(self, plan: PlanDoc, loc: Loc, ob: ObligationSpec, step: Step, index: int) -> None:
        where: Loc = (*loc, "steps")
        if step.owner == "coordinating" and not ob.coordinating:
            self.add(
                plan.id,
                where,
                f"step {step.id!r} is owed by the coordinating units: list them in 'coordinating'",
            )
        if step.owner == "owing" and not ob.units and not ob.unit_tags:
            self.add(
                plan.id,
                loc,
                f"step {step.id!r} is owed by the obligation's units: say who owes it "
                "('units' and/or 'unit_tags')",
            )
        if step.form is not None:
            self._form(plan, where, step)
        # A step's own policies only: the obligation's are checked at their line.
        if step.chase != ob.chase:
            self._policy(plan, where, "chase", step.chase)
        if step.escalation != ob.escalation:
            self._policy(plan, where, "escalation", step.escalation)

    def _taken(self, ob_id: str, owner: str) -> str:
        plan = self.loaded.get(owner)
        if (
            plan is not None
            and isinstance(plan.document, PlanDoc)
            and any(o.id == ob_id for o in plan.document.all_obligations)
        ):
            return f"obligation {ob_id!r} is already in {plan.file}: give this one another id"
        return (
            f"obligation {ob_id!r} belongs to {self.named(owner)}, whose tasks for it stay in "
            "the ledger: give this one another id"
        )

    def _reachable(
        self,
        plan: PlanDoc,
        loc: Loc,
        ob: ObligationSpec,
        steps: tuple[Step, ...],
        units: dict[str, UnitSpec],
    ) -> None:
        """Everyone a chase or an escalation would write to must have an address."""
        from obligations.model import owners

        told: set[tuple[str, str]] = set()
        # A specialist of the plan's field coverage is written at its own entry: report there.
        written = {unit.code: at for at, unit in plan.unit_entries() if at[0] == "field_coverage"}
        for step in steps:
            audiences = {level.notify for level in escalation_policy(plan, step.escalation).levels}
            chase = chase_policy(plan, step.chase)
            to_unit = {"open", "moved"} | ({"remind"} if chase.before_due else set())
            to_unit |= {"overdue"} if chase.max_after else set()
            for unit in _with_successors(owners(step.owner, ob, plan, units.values()), units):
                self.notices_of["unit", unit.code] |= to_unit
                if Audience.HEAD in audiences:
                    self.notices_of["head", unit.code].add("escalate-head")
                if Audience.SUPERVISOR in audiences and unit.supervisor:
                    self.notices_of["unit", unit.supervisor].add("escalate-supervisor")
                if Audience.STANDING in audiences and plan.standing_committee:
                    self.notices_of["unit", plan.standing_committee].add("escalate-standing")
                for audience in ("unit", *sorted(audiences)):
                    if (unit.code, audience) in told:
                        continue
                    told.add((unit.code, audience))
                    problem = self._unreachable(ob, unit, audience, units, plan.standing_committee)
                    if problem:
                        self.add(plan.id, written.get(unit.code, loc), problem)

    @staticmethod
    def _unreachable(
        ob: ObligationSpec,
        unit: UnitSpec,
        audience: str,
        units: dict[str, UnitSpec],
        standing: str | None = None,
    ) -> str | None:
        if audience == "unit" and not _addressed(unit):
            return f"unit {unit.code!r} owes {ob.id!r} but has no e-mail or Zalo"
        if audience == Audience.HEAD and not (unit.head and _addressed(unit.head)):
            return f"{ob.id!r} escalates to the head of {unit.code!r}, who has no address"
        if audience == Audience.SUPERVISOR:
            boss = units.get(unit.supervisor) if unit.supervisor else None
            if boss is None or not _addressed(boss):
                return (
                    f"{ob.id!r} escalates to the supervisor of {unit.code!r}, "
                    "which has none with an address"
                )
        if audience == Audience.STANDING:
            committee = units.get(standing) if standing else None
            if committee is None:
                return (
                    f"{ob.id!r} escalates to the standing committee, but the plan names none: "
                    "set standing_committee to the unit it is"
                )
            if not _addressed(committee):
                return (
                    f"{ob.id!r} escalates to the standing committee {committee.code!r}, "
                    "which has no address"
                )
        return None

    def _workdays(self, docs: list[WorkdaysDoc]) -> None:
        meaning: dict[Any, tuple[bool, str]] = {}
        statutory: dict[int, Any] = {}
        for doc in docs:
            for di, decision in enumerate(doc.decisions):
                entries = [(False, "days_off", d) for d in decision.days_off] + [
                    (True, "working_days", d) for d in decision.working_days
                ]
                positions: dict[str, int] = defaultdict(int)
                for working, key, day in entries:
                    index = positions[key]
                    positions[key] += 1
                    loc: Loc = ("decisions", di, key, index, "date")
                    if not working and day.date.weekday() >= 5:
                        self.add(doc.id, loc, f"{day.date.isoformat()} is a weekend day already")
                    year = day.date.year
                    if working and year not in statutory:
                        statutory[year] = statutory_days_off(year)
                    holiday = statutory[year].get(day.date) if working else None
                    if holiday is not None:
                        self.add(
                            doc.id,
                            loc,
                            f"{day.date.isoformat()} is a statutory holiday ({holiday}): "
                            "it cannot be made a working day",
                        )
                    previous = meaning.get(day.date)
                    if previous is not None and previous[0] != working:
                        self.add(
                            doc.id,
                            loc,
                            f"{day.date.isoformat()} is also a "
                            f"{'working day' if previous[0] else 'day off'} in {previous[1]}",
                        )
                    meaning[day.date] = (working, decision.ref)

    def _festivals(self, docs: list[FestivalsDoc]) -> None:
        seen: dict[str, str] = {}  # festival id → document id
        for doc in docs:
            for index, festival in enumerate(doc.festivals):
                first = seen.setdefault(festival.id, doc.id)
                if first == doc.id and any(f.id == festival.id for f in doc.festivals[:index]):
                    self.add(doc.id, ("festivals", index, "id"), f"festival {festival.id!r} twice")
                elif first != doc.id:
                    self.add(
                        doc.id,
                        ("festivals", index, "id"),
                        f"festival {festival.id!r} is also in {self.named(first)}",
                    )
                years = [o.year for o in festival.overrides]
                if len(years) != len(set(years)):
                    self.add(
                        doc.id, ("festivals", index, "overrides"), "a year is overridden twice"
                    )


def check_catalogue(catalogue: Catalogue, stored: Stored | None = None) -> None:
    """Cross-check the documents of `catalogue`, together with what `stored` holds besides.

    Raise `CatalogueError` for every problem found, at its line. A problem the stored documents
    had already is not this catalogue's doing, and is not reported.
    """
    stored = stored or Stored()
    new_ids = {d.id for d in catalogue.documents}
    kept = [d for d in stored.documents if d.id not in new_ids]
    checker = _Checker(kept, catalogue.documents, stored)
    checker.check()
    issues = checker.issues
    kept_files = {d.file for d in kept}
    if any(issue.file in kept_files for issue in issues):
        before = _Checker(stored.documents, (), stored)  # the ledger as it is now
        before.check()
        known = set(before.issues)
        issues = [i for i in issues if i not in known]
    if issues:
        raise CatalogueError(issues)


def load_catalogue(
    paths: Sequence[Path], display: dict[Path, str] | None = None, stored: Stored | None = None
) -> Catalogue:
    """Read, validate and cross-check `paths` as one catalogue, or raise `CatalogueError`.

    With `stored` (what a ledger holds), the files are checked together with it.
    """
    if not paths:
        raise CatalogueError([Issue("(no files)", 1, "give at least one catalogue file")])
    issues: list[Issue] = []
    loaded: list[LoadedDocument] = []
    sources: dict[str, Source] = {}
    for path in paths:
        name = (display or {}).get(path, str(path))
        try:
            source = read_source(path, name)
        except CatalogueError as error:
            issues.extend(error.issues)
            continue
        document, found = parse_document(source)
        issues.extend(found)
        if document is None:
            continue
        if document.id in sources:
            issues.append(
                source.issue(
                    ("id",), f"id {document.id!r} is also used by {sources[document.id].file}"
                )
            )
            continue
        sources[document.id] = source
        digest = spec_hash(document.model_dump(mode="json"))
        loaded.append(LoadedDocument(document, name, digest, path.resolve(), source))
    if issues:
        raise CatalogueError(issues)
    catalogue = Catalogue(tuple(loaded))
    check_catalogue(catalogue, stored)
    return catalogue


def catalogue_files(directory: Path) -> list[Path]:
    """Every `*.yaml` catalogue file under a plans directory, in a stable order."""
    return sorted(p for p in directory.rglob("*.yaml") if p.is_file())
