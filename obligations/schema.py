"""The catalogue's typed schema: the YAML documents of `plans/`.

Three kinds of document:

- `kind: plan` — a province's plan: its units (who owes and who supervises), its chase and
  escalation policies, and its obligations;
- `kind: workdays` — the published decisions on days off and make-up days;
- `kind: festivals` — the religious and ethnic festivals provinces mark.

Rule texts (deadlines, windows, recurrences) are parsed here, so a bad one is refused with the
line it is on. Unknown keys are refused too: a typo must not silently mean "the default".
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    PlainSerializer,
    PlainValidator,
    model_validator,
)

from calendars.coverage import outside_calendar
from calendars.deadlines import DEFAULT_OPENING, DueRule, OpenRule
from calendars.periods import DECREE_09, PERIODS_PER_YEAR, PeriodKind, Window
from calendars.recurrence import Rule, parse_rule
from calendars.workdays import Shift
from obligations.policy import Audience
from obligations.text import nfc

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
        raise ValueError(f"{value!r} is not a Vietnamese mobile number (like 0912 345 678)")
    return "84" + match.group(1)


def _in_calendar_range(value: date) -> date:
    problem = outside_calendar(value)
    if problem:
        raise ValueError(problem)
    return value


def _text_parser(parse: Any) -> Any:
    def validate(value: Any) -> Any:
        if not isinstance(value, str | int):
            raise ValueError(f"expected text, got {type(value).__name__}")
        return parse(str(value))

    return validate


Text = Annotated[str, BeforeValidator(_nfc), Field(min_length=1)]
Code = Annotated[str, Field(pattern=f"^{CODE_PATTERN}$")]
Day = Annotated[date, AfterValidator(_in_calendar_range)]  # every date of a catalogue
ZaloPhone = Annotated[str, PlainValidator(_zalo_phone)]
Email = Annotated[EmailStr, BeforeValidator(_nfc)]
DueText = Annotated[DueRule, PlainValidator(_text_parser(DueRule.parse)), PlainSerializer(str)]
OpenText = Annotated[OpenRule, PlainValidator(_text_parser(OpenRule.parse)), PlainSerializer(str)]
WindowText = Annotated[Window, PlainValidator(_text_parser(Window.parse)), PlainSerializer(str)]
RuleText = Annotated[Rule, PlainValidator(_text_parser(parse_rule)), PlainSerializer(str)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


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
    OTHER = "other"


class Person(Strict):
    name: Text
    title: Text | None = None
    email: Email | None = None
    zalo: ZaloPhone | None = None


class UnitSpec(Strict):
    code: Code
    name: Text
    kind: UnitKind
    parent: Code | None = None
    supervisor: Code | None = None  # escalations beyond the head go here
    tags: tuple[Code, ...] = ()
    email: Email | None = None
    zalo: ZaloPhone | None = None
    head: Person | None = None
    valid_from: Day | None = None
    valid_to: Day | None = None
    note: str = ""

    @model_validator(mode="after")
    def _dates_in_order(self) -> UnitSpec:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self

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


class EscalationLevelSpec(Strict):
    level: int = Field(ge=1, le=9)
    after: int = Field(ge=1, le=250, description="working days overdue")
    notify: Literal[Audience.HEAD, Audience.SUPERVISOR]


class Policies(Strict):
    chase: dict[Code, ChasePolicySpec] = Field(default_factory=dict)
    escalation: dict[Code, tuple[EscalationLevelSpec, ...]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _levels_grow(self) -> Policies:
        for name, levels in self.escalation.items():
            numbers = [lv.level for lv in levels]
            afters = [lv.after for lv in levels]
            if numbers != list(range(1, len(levels) + 1)):
                raise ValueError(f"escalation policy {name!r}: number levels 1, 2, 3 … in order")
            if afters != sorted(set(afters)):
                raise ValueError(f"escalation policy {name!r}: each level must come later")
        return self


class ObligationFamily(StrEnum):
    PERIODIC_REPORT = "periodic-report"


class ObligationSpec(Strict):
    id: Code
    name: Text
    family: ObligationFamily
    period: PeriodKind
    only: tuple[int, ...] | None = None  # only these months / quarters / halves
    window: WindowText = DECREE_09
    due: DueText
    shift: Shift | None = None  # default: next working day ("before D/M": previous)
    opens: OpenText = DEFAULT_OPENING
    units: tuple[Code, ...] = ()
    unit_tags: tuple[Code, ...] = ()
    chase: Code = "default"
    escalation: Code = "default"
    valid_from: Day | None = None
    valid_to: Day | None = None
    source: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _coherent(self) -> ObligationSpec:
        if not self.units and not self.unit_tags:
            raise ValueError("say who owes it: 'units' and/or 'unit_tags'")
        self.due.check_period(self.period)
        if self.window.explicit is not None and self.period is not PeriodKind.YEARLY:
            raise ValueError("an explicit 'D/M to D/M' window suits yearly reports only")
        if self.only is not None:
            count = PERIODS_PER_YEAR[self.period]
            if count == 1:
                raise ValueError(f"'only' picks months, quarters or halves, not {self.period}")
            if not self.only or any(not 1 <= i <= count for i in self.only):
                raise ValueError(f"'only' lists {self.period} periods 1..{count}")
            _unique_sorted(self.only)
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self

    @property
    def effective_shift(self) -> Shift:
        return self.shift or self.due.default_shift


class PlanDoc(Strict):
    kind: Literal["plan"]
    id: Code
    title: Text
    source: str = ""
    owner: Code  # the unit that keeps this calendar and receives the reports
    tracking_from: Day | None = None  # no task is due before this day (default: load day)
    units: tuple[UnitSpec, ...] = ()
    policies: Policies = Policies()
    obligations: tuple[ObligationSpec, ...] = ()


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


Document = PlanDoc | WorkdaysDoc | FestivalsDoc
DOCUMENT_KINDS: dict[str, type[PlanDoc] | type[WorkdaysDoc] | type[FestivalsDoc]] = {
    "plan": PlanDoc,
    "workdays": WorkdaysDoc,
    "festivals": FestivalsDoc,
}
