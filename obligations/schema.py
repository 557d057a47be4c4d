"""The catalogue's typed schema: the YAML documents of `plans/`.

Four kinds of document:

- `kind: plan` — a province's plan: its units (who owes and who supervises), its directives,
  its chase and escalation policies, and its obligations;
- `kind: families` — the families of obligations (periodic reports, steering-committee
  meetings, directive reviews, holiday visits …): where their occurrences come from and the
  steps each occurrence asks for by default (dondoc ships `obligations/families.yaml`);
- `kind: workdays` — the published decisions on days off and make-up days;
- `kind: festivals` — the religious and ethnic festivals provinces mark.

An obligation is data: a rule that yields occurrences (report periods, a quarter's meeting, a
directive's anniversaries, a festival's ceremonies) × steps (report, plan, meeting, minutes,
visit …) × the units that owe each step.

Rule texts (deadlines, windows, recurrences) are parsed here, so a bad one is refused with the
line it is on. Unknown keys are refused too: a typo must not silently mean "the default".
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    PlainSerializer,
    PlainValidator,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_serializer,
    model_validator,
)

from calendars.coverage import outside_calendar
from calendars.deadlines import DEFAULT_OPENING, ON_ANCHOR, DueRule, OpenRule, StepDue
from calendars.periods import DECREE_09, PERIODS_PER_YEAR, PeriodKind, Window
from calendars.recurrence import Rule, parse_rule
from calendars.workdays import Shift
from obligations.policy import Audience, Condition
from obligations.text import nfc
from obligations.yamlsrc import quoted

CODE_PATTERN = r"[a-z0-9][a-z0-9-]{0,62}"
VN_MOBILE = re.compile(r"(?:\+?84|0)([35789]\d{8})")


def _nfc(value: Any) -> Any:
    """Vietnamese text is stored composed (NFC): the same word must compare equal."""
    if isinstance(value, str):
        return nfc(value).strip()
    return value


def _zalo_phone(value: Any) -> str:
    """A Vietnamese mobile number, normalised to 84xxxxxxxxx as Zalo's APIs take it."""
    text = re.sub(r"[\s.()-]", "", str(value))
    match = VN_MOBILE.fullmatch(text)
    if match is None:
        shown = quoted(value) if isinstance(value, str) else repr(value)
        raise ValueError(f"{shown} is not a Vietnamese mobile number (like 0912 345 678)")
    return "84" + match.group(1)


def _in_calendar_range(value: date) -> date:
    problem = outside_calendar(value)
    if problem:
        raise ValueError(problem)
    return value


MAX_RULE_TEXT = 500  # characters: the longest rule a seed writes is under 100


def _text_parser(parse: Any) -> Any:
    def validate(value: Any) -> Any:
        if not isinstance(value, str | int):
            raise ValueError(f"expected text, got {type(value).__name__}")
        text = str(value)
        if len(text) > MAX_RULE_TEXT:
            # Its parser would quote it whole, in a message that must stay one sentence.
            raise ValueError(
                f"{quoted(text)} is too long for a rule, a deadline or a window (at most "
                f"{MAX_RULE_TEXT} characters)"
            )
        return parse(text)

    return validate


Text = Annotated[str, BeforeValidator(_nfc), Field(min_length=1)]
Code = Annotated[str, Field(pattern=f"^{CODE_PATTERN}$")]
Day = Annotated[date, AfterValidator(_in_calendar_range)]  # every date of a catalogue
ZaloPhone = Annotated[str, PlainValidator(_zalo_phone)]


def _email(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
    """An address, checked — unless it is the ledger's copy of a catalogue already loaded.

    Every daily run rebuilds the catalogue from the ledger: checking a national catalogue's
    8,000 addresses again cost a second each run, for addresses checked when they were loaded.
    """
    if isinstance(value, str) and info.context and info.context.get(STORED):
        return value
    return handler(value)


STORED = "stored"  # validation context: the spec comes from the ledger, validated at its load
Email = Annotated[EmailStr, BeforeValidator(_nfc), WrapValidator(_email)]
DueText = Annotated[DueRule, PlainValidator(_text_parser(DueRule.parse)), PlainSerializer(str)]
OpenText = Annotated[OpenRule, PlainValidator(_text_parser(OpenRule.parse)), PlainSerializer(str)]
StepDueText = Annotated[StepDue, PlainValidator(_text_parser(StepDue.parse)), PlainSerializer(str)]
WindowText = Annotated[Window, PlainValidator(_text_parser(Window.parse)), PlainSerializer(str)]
RuleText = Annotated[Rule, PlainValidator(_text_parser(parse_rule)), PlainSerializer(str)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class _OmitsNewDefaults(Strict):
    """A model whose newer optional fields are left out of its JSON while they hold their
    default: the ledger hashes a document's JSON, and a plan that does not use them must hash
    as it did before they existed (else every stored plan would read as changed)."""

    _OMITTED_AT_DEFAULT: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _without_new_defaults(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        for name in self._OMITTED_AT_DEFAULT:
            if name in data and getattr(self, name) == type(self).model_fields[name].default:
                del data[name]
        return data


# The channels a message can go by, in a unit's order of preference (notifications/channels.py
# names them the same way).
ChannelName = Literal["email", "zalo-zns", "zalo-oa"]
CHANNEL_ADDRESS = {"email": "email", "zalo-zns": "zalo", "zalo-oa": "zalo_user_id"}


def _zalo_user_id(value: Any) -> Any:
    # YAML reads an unquoted id as a number: an id is text, as Zalo sends it.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# A follower of the office's Official Account, as Zalo's webhook names them (digits).
ZaloUserId = Annotated[str, BeforeValidator(_zalo_user_id), Field(pattern=r"^[0-9]{6,32}$")]


def _channels_reachable(channels: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    """Each channel listed has its address, and none is listed twice."""
    if len(set(channels)) != len(channels):
        raise ValueError("a channel is listed twice")
    for channel in channels:
        key = CHANNEL_ADDRESS[channel]
        if not info.data.get(key):
            raise ValueError(f"channel {channel!r} needs {key!r}: give it, or drop the channel")
    return channels


Channels = tuple[ChannelName, ...]


class UnitKind(StrEnum):
    FATHERLAND_FRONT = "fatherland-front"  # Mặt trận Tổ quốc
    SOCIO_POLITICAL = "socio-political"  # tổ chức chính trị - xã hội
    MASS_ASSOCIATION = "mass-association"  # hội quần chúng
    PARTY_COMMITTEE = "party-committee"  # cấp ủy: Tỉnh ủy, Huyện ủy, Thị ủy, Thành ủy
    PARTY_COMMISSION = "party-commission"  # ban của cấp ủy: Ban Dân vận …
    PARTY_GROUP = "party-group"  # đảng đoàn, ban cán sự đảng
    PEOPLES_COMMITTEE = "peoples-committee"  # Ủy ban nhân dân
    STATE_AGENCY = "state-agency"  # sở, ban, ngành
    ARMED_FORCES = "armed-forces"
    SPECIALIST = "specialist"  # chuyên viên phụ trách địa bàn (a plan's field_coverage)
    OTHER = "other"


class Person(_OmitsNewDefaults):
    _OMITTED_AT_DEFAULT = ("zalo_user_id", "channels")

    name: Text
    title: Text | None = None
    email: Email | None = None
    zalo: ZaloPhone | None = None
    zalo_user_id: ZaloUserId | None = None
    channels: Channels = ()  # in order of preference; default: e-mail, Zalo ZNS, Zalo OA

    check_channels = field_validator("channels")(_channels_reachable)


class UnitSpec(_OmitsNewDefaults):
    _OMITTED_AT_DEFAULT = ("zalo_user_id", "channels")

    code: Code
    name: Text
    kind: UnitKind
    parent: Code | None = None
    supervisor: Code | None = None  # escalations beyond the head go here
    tags: tuple[Code, ...] = ()
    email: Email | None = None
    zalo: ZaloPhone | None = None
    zalo_user_id: ZaloUserId | None = None
    channels: Channels = ()  # in order of preference; default: e-mail, Zalo ZNS, Zalo OA
    head: Person | None = None
    valid_from: Day | None = None
    valid_to: Day | None = None
    # The unit that takes over what this one owes, from the day after its `valid_to` (the 2025
    # reorganisation merged commissions and provinces); without it, a unit that ends dissolves.
    merged_into: Code | None = None
    note: str = ""

    @model_validator(mode="after")
    def _dates_in_order(self) -> UnitSpec:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        if self.merged_into is not None and self.valid_to is None:
            raise ValueError(
                "merged_into needs valid_to: the unit's last day (the merger takes effect the "
                "day after)"
            )
        if self.merged_into == self.code:
            raise ValueError("a unit is not merged into itself")
        return self

    @property
    def merger_day(self) -> date | None:
        """The day its successor takes over (the day after `valid_to`), if it is merged."""
        if self.merged_into is None or self.valid_to is None:
            return None
        return self.valid_to + timedelta(days=1)

    check_channels = field_validator("channels")(_channels_reachable)

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def _unique_sorted(values: tuple[int, ...]) -> tuple[int, ...]:
    if len(set(values)) != len(values):
        raise ValueError("a value is listed twice")
    return tuple(sorted(values))


class AfterDue(Strict):
    every: int = Field(2, ge=1, le=30)
    max: int = Field(3, ge=0, le=30)


class ChasePolicySpec(Strict):
    before_due: Annotated[
        tuple[Annotated[int, Field(ge=0, le=90)], ...], AfterValidator(_unique_sorted)
    ] = (0, 1, 3, 7)
    after_due: AfterDue = AfterDue()


class RepeatSpec(Strict):
    every: int = Field(ge=1, le=30, description="working days between two firings")
    times: int = Field(ge=2, le=10, description="firings in all, the first included")


class EscalationLevelSpec(_OmitsNewDefaults):
    _OMITTED_AT_DEFAULT = ("when", "repeat")

    level: int = Field(ge=1, le=9)
    # Working days after the deadline ("not submitted") or after the opening ("not
    # acknowledged").
    after: int = Field(ge=1, le=250, description="working days")
    notify: Literal[Audience.UNIT, Audience.HEAD, Audience.SUPERVISOR, Audience.STANDING]
    # An urgent escalation goes at once, outside office hours and not in a digest.
    urgent: bool = False
    when: Condition = Condition.NOT_SUBMITTED
    repeat: RepeatSpec | None = None


class Policies(Strict):
    chase: dict[Code, ChasePolicySpec] = Field(default_factory=dict)
    escalation: dict[Code, tuple[EscalationLevelSpec, ...]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _levels_grow(self) -> Policies:
        for name, levels in self.escalation.items():
            numbers = [lv.level for lv in levels]
            if numbers != list(range(1, len(levels) + 1)):
                raise ValueError(f"escalation policy {name!r}: number levels 1, 2, 3 … in order")
            # Each condition counts from its own day (the opening, the deadline): within one,
            # a later level comes later.
            for when in Condition:
                afters = [lv.after for lv in levels if lv.when is when]
                if afters != sorted(set(afters)):
                    raise ValueError(f"escalation policy {name!r}: each level must come later")
        return self


class OccurrenceSource(StrEnum):
    """Where a family's occurrences come from."""

    PERIOD = "period"  # report periods (Decree 09 windows): `period`, `due`, `window`
    RULE = "rule"  # a recurrence rule (calendars/recurrence.py): `rule`
    FESTIVAL = "festival"  # a festival of the festival catalogue: `festival`
    DIRECTIVE = "directive"  # anniversaries of a directive: `directive`, `review`


class Deliverable(StrEnum):
    DOCUMENT = "document"  # recorded with the document's number and symbol
    EVENT = "event"  # a meeting, a visit, a conference: recorded with its date (and minutes)


OWNER_ROLES = ("lead", "coordinating", "owing", "office")


class OwnerUnits(Strict):
    units: tuple[Code, ...] = ()
    unit_tags: tuple[Code, ...] = ()

    @model_validator(mode="after")
    def _someone(self) -> OwnerUnits:
        if not self.units and not self.unit_tags:
            raise ValueError("name the units: 'units' and/or 'unit_tags'")
        return self


# Who owes a step: the obligation's lead unit, its coordinating units, the units that owe the
# obligation ('units'/'unit_tags'), the office that keeps the calendar, or units named here.
Owner = Literal["lead", "coordinating", "owing", "office"] | OwnerUnits

EVENT_KINDS = frozenset(
    {"meeting", "visit", "conference", "supervision", "launch", "ceremony", "event"}
)


class StepSpec(Strict):
    """A step of an occurrence. In an obligation, a step with a family step's id changes only
    what it gives of that step (`skip: true` drops it); a step with a new id is added."""

    id: Code
    kind: Code | None = None  # report, plan, guidance-letter, decision, budget-request, meeting …
    name: Text | None = None  # default: the obligation's name
    owner: Owner = "owing"
    due: StepDueText = ON_ANCHOR
    opens: OpenText | None = None  # default: the obligation's
    delivers: Deliverable | None = None  # default: an event for meetings and visits
    after: Code | None = None  # opens when that earlier step is due
    chase: Code | None = None  # default: the obligation's policy
    escalation: Code | None = None
    skip: bool = False
    # A file beside the plan (the form the unit fills in), attached to the step's e-mails.
    form: Annotated[str, Field(max_length=255)] | None = None

    @model_serializer(mode="wrap")
    def _only_what_is_given(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # A step of an obligation changes only what it gives: the ledger keeps the catalogue as
        # JSON and rebuilds it from that, so a default written out (kind: null, owner: owing,
        # due: on anchor) would come back as given and overwrite the family's step.
        data: dict[str, Any] = handler(self)
        return {key: value for key, value in data.items() if key in self.model_fields_set}

    @property
    def deliverable(self) -> Deliverable:
        if self.delivers is not None:
            return self.delivers
        return Deliverable.EVENT if self.kind in EVENT_KINDS else Deliverable.DOCUMENT


def _steps_in_order(steps: tuple[StepSpec, ...]) -> tuple[StepSpec, ...]:
    ids = [step.id for step in steps]
    if len(set(ids)) != len(ids):
        raise ValueError("two steps have the same id")
    for index, step in enumerate(steps):
        if step.after is not None and step.after not in ids[:index]:
            raise ValueError(f"step {step.id!r} waits on {step.after!r}, which is not before it")
    return steps


Steps = Annotated[tuple[StepSpec, ...], AfterValidator(_steps_in_order)]


def _every_step_has_a_kind(steps: tuple[StepSpec, ...]) -> tuple[StepSpec, ...]:
    for step in steps:
        if step.kind is None:
            raise ValueError(f"step {step.id!r} needs its 'kind' (report, meeting, visit …)")
    return steps


class FamilySpec(Strict):
    id: Code
    name: Text
    flow: Code  # the deployment (prefect.yaml) whose daily run opens this family's tasks
    occurrences: OccurrenceSource
    steps: Annotated[Steps, Field(min_length=1), AfterValidator(_every_step_has_a_kind)]
    note: str = ""


class FamiliesDoc(Strict):
    kind: Literal["families"]
    id: Code
    title: Text
    families: tuple[FamilySpec, ...]


class DirectiveSpec(Strict):
    """A directive of the plan's registry: "Kết luận số 65-KL/TW, ngày 30/10/2019 của Bộ Chính
    trị …" (Party: 65-KL/TW; State: 33/CT-TTg)."""

    code: Annotated[str, Field(pattern=r"^[0-9]{1,4}[-/][0-9A-Za-zĐđ/.-]{2,40}$")]
    # A number is reused across terms (Chỉ thị 43-CT/TW of 8/6/2010 and of 14/5/2015, seed 000):
    # then each needs an id of its own, which obligations name instead of the code.
    id: Code | None = None
    kind: Text  # Nghị quyết, Chỉ thị, Kết luận, Quyết định, Quy định, Thông báo, Đề án …
    issuer: Text
    issued: Day
    title: Text
    source: str = ""

    @property
    def key(self) -> str:
        """What an obligation's `directive:` names: the id when given, else the code."""
        return self.id or self.code


class ReviewKind(StrEnum):
    SO_KET = "so-ket"  # sơ kết: an interim review
    TONG_KET = "tong-ket"  # tổng kết: a final review

    @property
    def label(self) -> str:
        return "Sơ kết" if self is ReviewKind.SO_KET else "Tổng kết"


_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
# A deadline month: seed 003 gives some reviews a month ("Báo cáo sơ kết 05 năm … Kết luận số
# 65-KL/TW" under "Tháng 10"), which a quarter cannot say (its guidance letter is due in August).
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_RELATIVE = re.compile(r"quarter(?: ([+-]\d))?")
_RELATIVE_MONTH = re.compile(r"month(?: ([+-]\d{1,2}))?")


def _review_due(value: Any) -> str:
    text = " ".join(str(value).split())
    if _QUARTER.fullmatch(text.upper()):
        return text.upper()
    if _MONTH.fullmatch(text):
        return text
    if _RELATIVE.fullmatch(text.lower()) or _RELATIVE_MONTH.fullmatch(text.lower()):
        return text.lower()
    raise ValueError(
        f"{quoted(text)} is not a deadline quarter or month: give one like 2021-Q2 "
        '("hoàn thành trong quý II-2021") or 2024-10 ("tháng 10/2024"), or one relative to the '
        "anniversary, like 'quarter +1' or 'month +1'"
    )


class ReviewSpec(Strict):
    kind: ReviewKind
    years: int | None = Field(None, ge=1, le=100)  # the one review n years after the directive
    every: int | None = Field(None, ge=1, le=100)  # or a review every n years
    due: Annotated[str, PlainValidator(_review_due)] = "quarter"

    @model_validator(mode="after")
    def _one_count(self) -> ReviewSpec:
        if (self.years is None) == (self.every is None):
            raise ValueError("give either 'years' (one review) or 'every' (a review every n years)")
        if self.every is not None and self.due[:4].isdigit():
            raise ValueError("a recurring review's deadline is relative: 'quarter +N', 'month +N'")
        return self

    def rule_text(self, issued: date) -> str:
        """The anniversaries as a recurrence rule (calendars/recurrence.py)."""
        count = f"every {self.every} years" if self.every else f"years {self.years}"
        # A fixed quarter or month, or a month relative to the anniversary, is worked out from
        # the anniversary's start (obligations/model.py: review_anchor); only a relative quarter
        # is carried by the rule itself.
        if not self.due.startswith("quarter"):
            return f"{count} after {issued.isoformat()}"
        return f"{count} after {issued.isoformat()} due in {self.due}"


class ObligationSpec(Strict):
    id: Code
    name: Text | None = None  # default for a directive review: its occurrence's label
    family: Code
    # Occurrences, as the family's source says.
    period: PeriodKind | None = None
    only: tuple[int, ...] | None = None  # only these months / quarters / halves
    window: WindowText = DECREE_09
    due: DueText | None = None
    shift: Shift | None = None  # default: next working day ("before D/M": previous)
    rule: RuleText | None = None
    festival: Code | None = None
    directive: str | None = None
    review: ReviewSpec | None = None
    label: Text | None = None  # the occurrence's label, with {year}, {period}, {n} …
    # Who.
    lead: Code | None = None
    coordinating: tuple[Code, ...] = ()
    units: tuple[Code, ...] = ()
    unit_tags: tuple[Code, ...] = ()
    # What each occurrence asks for (default: the family's steps).
    steps: Steps | None = None
    opens: OpenText = DEFAULT_OPENING
    chase: Code = "default"
    escalation: Code = "default"
    valid_from: Day | None = None
    valid_to: Day | None = None
    source: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _coherent(self) -> ObligationSpec:
        if self.period is not None:
            if self.due is None:
                raise ValueError("'due' is missing")
            self.due.check_period(self.period)
            if self.window.explicit is not None and self.period is not PeriodKind.YEARLY:
                raise ValueError("an explicit 'D/M to D/M' window suits yearly reports only")
        if self.only is not None:
            if self.period is None:
                raise ValueError("'only' picks report periods: give 'period' too")
            count = PERIODS_PER_YEAR[self.period]
            if count == 1:
                raise ValueError(f"'only' picks months, quarters or halves, not {self.period}")
            if not self.only or any(not 1 <= i <= count for i in self.only):
                raise ValueError(f"'only' lists {self.period} periods 1..{count}")
            _unique_sorted(self.only)
        if (self.directive is None) != (self.review is None):
            raise ValueError("a directive review names its 'directive' and its 'review'")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self

    @property
    def effective_shift(self) -> Shift:
        assert self.due is not None
        return self.shift or self.due.default_shift


class CommuneSpec(Strict):
    """A commune, ward or township (xã, phường, thị trấn) of an area."""

    code: Code
    name: Text


class AreaSpec(Strict):
    """A district-level area (huyện, thị xã, thành phố) and its communes."""

    code: Code
    name: Text
    communes: Annotated[tuple[CommuneSpec, ...], Field(min_length=1)]


class SpecialistSpec(_OmitsNewDefaults):
    """A specialist (chuyên viên) in charge of areas, or of single communes of an area."""

    _OMITTED_AT_DEFAULT = ("zalo_user_id", "channels")

    code: Code
    name: Text
    title: Text | None = None
    email: Email | None = None
    zalo: ZaloPhone | None = None
    zalo_user_id: ZaloUserId | None = None
    channels: Channels = ()

    check_channels = field_validator("channels")(_channels_reachable)
    areas: tuple[Code, ...] = ()  # every commune of these areas
    communes: tuple[Code, ...] = ()  # and these communes of other areas
    valid_from: Day | None = None
    valid_to: Day | None = None

    @model_validator(mode="after")
    def _covers_something(self) -> SpecialistSpec:
        if not self.areas and not self.communes:
            raise ValueError("a specialist covers 'areas' and/or 'communes'")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self


FIELD_COVERAGE_FAMILY = "field-coverage"


class FieldCoverageSpec(Strict):
    """Specialists assigned to areas, who go to the communes ("đi cơ sở") on a rule.

    Each specialist becomes a unit of the plan (kind `specialist`, under the plan's owner, who
    supervises them), and the field day an obligation of the family `field-coverage` they owe:
    it is opened, chased and escalated like any other task.
    """

    obligation: Code  # the id of the field-day obligation
    name: Text = "Đi cơ sở nắm tình hình"
    rule: RuleText
    label: Text | None = None
    head: Person | None = None  # told first of a missed field day; default: the owner's head
    chase: Code = "default"
    escalation: Code = "default"
    valid_from: Day | None = None
    valid_to: Day | None = None
    source: str = ""
    areas: Annotated[tuple[AreaSpec, ...], Field(min_length=1)]
    specialists: Annotated[tuple[SpecialistSpec, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _dates_in_order(self) -> FieldCoverageSpec:
        # Checked here, at its line: the field-day obligation made of it would refuse it later,
        # outside any line (PlanDoc._entries).
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self


# The notices dondoc sends (notifications/render.py: TEMPLATES, and the digest and the alert to
# the office), and the parameters it can fill in a Zalo ZNS template registered for each
# (notifications/zalo_templates.py fills them; a test holds the two lists together).
NOTICE_TEMPLATES = (
    "open",
    "remind",
    "overdue",
    "escalate-head",
    "escalate-supervisor",
    "moved",
    "unacknowledged",
    "escalate-standing",
    "digest",
    "alert",
)
_TASK_PARAMS = (
    "nguoi_nhan",
    "don_vi",
    "co_quan",
    "noi_dung",
    "viec",
    "ky",
    "han_nop",
    "so_ngay",
    "ma_viec",
    "ngay",
)
ZALO_PARAMS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(NOTICE_TEMPLATES[:5], _TASK_PARAMS),
    "moved": (*_TASK_PARAMS, "ly_do"),
    "unacknowledged": _TASK_PARAMS,
    "escalate-standing": _TASK_PARAMS,
    "digest": ("nguoi_nhan", "ngay", "so_viec", "so_qua_han", "noi_dung", "han_nop"),
    "alert": ("ngay", "noi_dung"),
}


def _template_id(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class ZaloTemplateSpec(Strict):
    """A Zalo ZNS template the office had approved: its id, and each parameter's longest value
    (Zalo refuses a longer one; dondoc shortens a value to fit)."""

    id: Annotated[str, BeforeValidator(_template_id), Field(pattern=r"^[0-9A-Za-z_-]{1,64}$")]
    params: dict[str, Annotated[int, Field(ge=1, le=4000)]] = Field(default_factory=dict)


class NotificationsSpec(Strict):
    """A plan's own wording and Zalo registrations."""

    # A directory, relative to the plan file's, whose files replace the templates of
    # notifications/templates/ of the same relative path (a province's wording, without code).
    templates: Text | None = None
    zalo_templates: dict[str, ZaloTemplateSpec] = Field(default_factory=dict)


class BulletinSigner(Strict):
    """Who signs: "T/M BAN DÂN VẬN" or "K/T TRƯỞNG BAN" over the title, then the name."""

    authority: Text | None = None  # the line above the title: T/M …, K/T …, TL. …
    title: Text  # PHÓ TRƯỞNG BAN, CHÁNH VĂN PHÒNG …
    name: Text


class BulletinRecipient(Strict):
    """A line of "Nơi nhận": a unit of the plan, an address, or a line only (Lưu Văn thư)."""

    unit: Code | None = None
    email: Email | None = None
    name: Text | None = None  # as the line reads; default: the unit's name
    note: Text | None = None  # (b/c), (p/h), (t/h)

    @model_validator(mode="after")
    def _one_kind(self) -> BulletinRecipient:
        if self.unit is None and self.email is None and self.name is None:
            raise ValueError("a recipient needs 'unit', 'email' or at least 'name' (e.g. Lưu)")
        if self.unit is not None and self.email is not None:
            raise ValueError("give a recipient 'unit' or 'email', not both")
        if self.email is not None and self.name is None:
            raise ValueError("an e-mail recipient needs the 'name' its line shows")
        return self


PARTY_SYMBOL = re.compile(r"^[A-ZĐ]{1,8}/[A-ZĐ0-9]{1,16}$")  # TB/BDVTU: type/issuer, no year
STATE_SYMBOL = re.compile(r"^[A-ZĐ]{1,8}-[A-ZĐ0-9-]{1,16}$")  # TB-UBND: type-issuer


class BulletinSpec(Strict):
    """The monthly compliance bulletin a plan's office issues about the units that owe it
    reports (seed 003: "Thông báo tình hình thông tin báo cáo … tháng N")."""

    format: Literal["party", "state"] = "party"  # Hướng dẫn 36-HD/VPTW or Nghị định 30/2020
    issuer: Code  # the unit issuing it (default sender and receiver of the reports)
    superior: Text | None = None  # the line above the issuer: TỈNH ỦY TÂY NINH, UBND TỈNH …
    issuer_line: Text | None = None  # the issuer as the heading writes it: BAN DÂN VẬN
    symbol: Text  # TB/BDVTU (party) or TB-UBND (state)
    place: Text  # Tây Ninh
    summary: Text = "Tình hình thông tin báo cáo tháng {month}/{year}"  # trích yếu
    signer: BulletinSigner
    # What counts: the plan's obligations of these families (default: the periodic reports),
    # or only those listed; the issuer's own reports never count.
    families: tuple[Code, ...] = ("periodic-report",)
    obligations: tuple[Code, ...] = ()
    recipients: tuple[BulletinRecipient, ...] = Field(min_length=1)
    day: Annotated[int, Field(ge=1, le=28)] | None = None  # of the month after; default 25th

    @field_validator("symbol")
    @classmethod
    def _symbol_fits_format(cls, symbol: str, info: ValidationInfo) -> str:
        kind = info.data.get("format", "party")
        pattern = PARTY_SYMBOL if kind == "party" else STATE_SYMBOL
        example = "TB/BDVTU" if kind == "party" else "TB-UBND"
        if not pattern.match(symbol):
            raise ValueError(
                f"symbol {quoted(symbol)} is not a {kind} document's symbol "
                f"(like {example!r}, capitals, without the number or the year)"
            )
        return symbol

    @field_validator("summary")
    @classmethod
    def _summary_fields(cls, summary: str) -> str:
        try:
            summary.format(month=1, year=2024)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(
                f"summary may use only {{month}} and {{year}} (found a problem: {exc})"
            ) from None
        return summary


class PlanDoc(_OmitsNewDefaults):
    _OMITTED_AT_DEFAULT = ("notifications", "standing_committee", "bulletin")

    kind: Literal["plan"]
    id: Code
    title: Text
    source: str = ""
    owner: Code  # the unit that keeps this calendar and receives the reports
    # Where an escalation to the standing committee goes (Thường trực, Ban Thường vụ): a unit.
    standing_committee: Code | None = None
    tracking_from: Day | None = None  # no task is due before this day (default: load day)
    units: tuple[UnitSpec, ...] = ()
    directives: tuple[DirectiveSpec, ...] = ()
    policies: Policies = Policies()
    obligations: tuple[ObligationSpec, ...] = ()
    field_coverage: FieldCoverageSpec | None = None
    notifications: NotificationsSpec | None = None
    bulletin: BulletinSpec | None = None

    # What the plan declares, and what its field coverage adds (its specialists, its field-day
    # obligation), each with where it is written: the loader reports a problem at that line.
    def unit_entries(self) -> tuple[tuple[tuple[str | int, ...], UnitSpec], ...]:
        return self._entries[0]

    def obligation_entries(self) -> tuple[tuple[tuple[str | int, ...], ObligationSpec], ...]:
        return self._entries[1]

    @cached_property
    def all_units(self) -> tuple[UnitSpec, ...]:
        return tuple(unit for _, unit in self._entries[0])

    @cached_property
    def all_obligations(self) -> tuple[ObligationSpec, ...]:
        return tuple(ob for _, ob in self._entries[1])

    @cached_property
    def _entries(
        self,
    ) -> tuple[
        tuple[tuple[tuple[str | int, ...], UnitSpec], ...],
        tuple[tuple[tuple[str | int, ...], ObligationSpec], ...],
    ]:
        units: list[Any] = [(("units", i), unit) for i, unit in enumerate(self.units)]
        obligations: list[Any] = [(("obligations", i), ob) for i, ob in enumerate(self.obligations)]
        coverage = self.field_coverage
        if coverage is not None:
            owner = next((u for u in self.units if u.code == self.owner), None)
            head = coverage.head or (owner.head if owner else None)
            for i, person in enumerate(coverage.specialists):
                unit = UnitSpec(
                    code=person.code,
                    name=person.name,
                    kind=UnitKind.SPECIALIST,
                    parent=self.owner,
                    supervisor=self.owner,
                    email=person.email,
                    zalo=person.zalo,
                    zalo_user_id=person.zalo_user_id,
                    channels=person.channels,
                    head=head,
                    valid_from=person.valid_from,
                    valid_to=person.valid_to,
                )
                units.append((("field_coverage", "specialists", i), unit))
            ob = ObligationSpec.model_validate(
                {
                    "id": coverage.obligation,
                    "name": coverage.name,
                    "family": FIELD_COVERAGE_FAMILY,
                    "rule": str(coverage.rule),
                    "label": coverage.label,
                    "units": [person.code for person in coverage.specialists],
                    "chase": coverage.chase,
                    "escalation": coverage.escalation,
                    "valid_from": coverage.valid_from,
                    "valid_to": coverage.valid_to,
                    "source": coverage.source,
                }
            )
            obligations.append((("field_coverage", "obligation"), ob))
        return tuple(units), tuple(obligations)


class CalendarDaySpec(Strict):
    date: Day
    name: Text
    replaces: Day | None = None
    swapped_with: Day | None = None


class DecisionSpec(Strict):
    ref: Text
    issued: Day | None = None
    title: str = ""
    url: str = ""
    days_off: tuple[CalendarDaySpec, ...] = ()
    working_days: tuple[CalendarDaySpec, ...] = ()

    @model_validator(mode="after")
    def _days_make_sense(self) -> DecisionSpec:
        # A day both off and working is reported by the loader, at the line of that day.
        if not self.days_off and not self.working_days:
            raise ValueError("a decision grants days off or working days")
        return self


class WorkdaysDoc(Strict):
    kind: Literal["workdays"]
    id: Code
    title: Text
    note: str = ""
    decisions: tuple[DecisionSpec, ...]


class OverrideSpec(Strict):
    year: int = Field(ge=1900, le=2199)
    start: Day
    end: Day
    ceremony: Day | None = None
    source: str = ""

    @model_validator(mode="after")
    def _in_order(self) -> OverrideSpec:
        if self.end < self.start:
            raise ValueError("end is before start")
        if self.start.year != self.year:
            raise ValueError(f"start {self.start.isoformat()} is not in {self.year}")
        return self


class FestivalSpec(Strict):
    id: Code
    name: Text
    religion: Text
    rule: RuleText
    note: str = ""
    source: str = ""
    overrides: tuple[OverrideSpec, ...] = ()


class FestivalsDoc(Strict):
    kind: Literal["festivals"]
    id: Code
    title: Text
    festivals: tuple[FestivalSpec, ...]


Document = PlanDoc | FamiliesDoc | WorkdaysDoc | FestivalsDoc
DOCUMENT_KINDS: dict[
    str, type[PlanDoc] | type[FamiliesDoc] | type[WorkdaysDoc] | type[FestivalsDoc]
] = {
    "plan": PlanDoc,
    "families": FamiliesDoc,
    "workdays": WorkdaysDoc,
    "festivals": FestivalsDoc,
}
