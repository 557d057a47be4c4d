"""Render notices into messages — pure: templates in, text out; sending is elsewhere.

One Jinja2 environment, autoescaped for HTML, StrictUndefined so that a missing value is an
error in tests rather than a blank in a letter to a provincial committee.

Templates are chosen per family, step kind and stage, the most specific first:

    email/families/<family>/<kind>/<stage>.{subject,sentence}.txt   a family's own wording
    email/steps/<kind>/<stage>.{subject,sentence}.txt                 a step kind's wording
    email/steps/_generic/<stage>.{subject,sentence}.txt               plain, for any step

each file on its own: a family's directory holds only what it words differently (a sentence,
say), and takes the rest from its kind's. Step kinds that are worded alike share a directory
(`KIND_TEMPLATES`: the documents a unit hands in share `steps/document/`); a kind with none of
its own gets the generic wording, and `dondoc plan check` says so (`has_own_wording`). The
footer's line on what to write back (`reply.txt`: a document's number, a meeting's date and
conclusions …) is looked up the same way, once per message.

A notice's sentence is written once, as plain text, and given to the HTML template as a value,
so that autoescaping escapes the catalogue's text in it (an included template's output would
arrive already marked safe).

Zalo (`compose` renders every channel a recipient has, the first one with the others as its
fallbacks): a Zalo OA message is plain text, `zalo/message.txt`, whose subject, sentence and
reply are looked up as the e-mail's are, a `zalo/` file before the `email/` one at each level
(family, step kind, generic); a ZNS message is an approved template's parameters
(notifications/zalo_templates.py), with the OA text beside it for the outbox's listing.

A province's own wording: a `TemplateSet` with an override directory, whose files replace the
package's of the same relative path (the plan's `notifications.templates`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import escape

from calendars.workdays import WEEKDAY_NAMES
from notifications.messages import EMAIL as EMAIL  # the name tasks/steps.py imports from here
from notifications.messages import (
    ZALO_OA,
    ZALO_ZNS,
    Notice,
    Recipient,
    RenderedMessage,
    TaskSummary,
    preferred_channels,
)
from notifications.zalo_templates import ZaloTemplate, fill, plain, shorten

ZALO = "zalo"  # the template directory of both Zalo channels
OA_LIMIT = 2000  # characters of a Zalo OA text message
TEMPLATES = ("open", "remind", "overdue", "escalate-head", "escalate-supervisor", "moved")
# The ladder's other rungs, worded once for every step (email/steps/_generic): a unit that has
# not acknowledged a task, and the standing committee at the top of an escalation.
LADDER_TEMPLATES = ("unacknowledged", "escalate-standing")
GENERIC = "_generic"
PARTS = ("subject", "sentence")
REPLY = "reply.txt"  # the footer's line on what to write back: one per message, not per stage
# Step kinds worded alike: the directory under email/steps/ that words them. A kind not named
# here is worded by the directory of its own name, if there is one.
DOCUMENT = "document"
KIND_TEMPLATES = {
    "report": "report",
    "plan": DOCUMENT,
    "guidance-letter": DOCUMENT,
    "budget-request": DOCUMENT,
    "minutes": DOCUMENT,
    "consolidated-report": DOCUMENT,
    "decision": DOCUMENT,
    "conclusion": DOCUMENT,  # thông qua kết quả giám sát: a document recorded by its number
    # Events held on a day, worded alike ("chưa ghi nhận hoạt động đã được thực hiện").
    "supervision": "event",
    "launch": "event",
    "ceremony": "event",
}


def vn_date(day: date) -> str:
    """17/01/2024"""
    return day.strftime("%d/%m/%Y")


def vn_weekday_date(day: date) -> str:
    """thứ Tư, ngày 17/01/2024"""
    weekday = WEEKDAY_NAMES[day.weekday()]
    return f"{weekday[0].lower()}{weekday[1:]}, ngày {vn_date(day)}"


@dataclass(frozen=True)
class TemplateSet:
    """The templates a plan's messages are rendered with: dondoc's, under a province's own
    files (`overrides`: a directory laid out as notifications/templates/), and the Zalo ZNS
    templates the office had approved (by notice template: open, remind … digest, alert)."""

    overrides: Path | None = None
    zalo: tuple[tuple[str, ZaloTemplate], ...] = ()

    def __post_init__(self) -> None:
        if self.overrides is not None:  # one environment per directory, however it is named
            object.__setattr__(self, "overrides", Path(self.overrides).resolve())

    @classmethod
    def of(cls, notifications: Mapping[str, Any] | None, base: Path | None = None) -> TemplateSet:
        """From a plan's `notifications` section as JSON (the ledger's copy, or the file's),
        its `templates` directory taken relative to `base`, the plan file's directory."""
        if not notifications:
            return cls()
        directory = notifications.get("templates")
        overrides = None
        if directory:
            overrides = (base or Path.cwd()) / directory
        zalo = notifications.get("zalo_templates") or {}
        return cls(overrides, tuple((name, ZaloTemplate.of(spec)) for name, spec in zalo.items()))

    @property
    def key(self) -> str | None:
        """What the rendering depends on (the Zalo registrations change no wording)."""
        return str(self.overrides) if self.overrides is not None else None

    def zalo_template(self, name: str) -> ZaloTemplate | None:
        return next((found for known, found in self.zalo if known == name), None)


DEFAULT_TEMPLATES = TemplateSet()


@cache
def environment(overrides: str | None = None) -> Environment:
    """The environment of dondoc's templates, under an override directory's when given.

    A province's files are rendered sandboxed: they are data a clerk edits, not code. A name
    with `..` is refused by the file loader: an override cannot reach outside its directory.
    """
    package = PackageLoader("notifications", "templates")
    loader: BaseLoader = package
    kind: type[Environment] = Environment
    if overrides is not None:
        loader = ChoiceLoader([FileSystemLoader(overrides), package])
        kind = SandboxedEnvironment
    env = kind(
        loader=loader,
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["vn_date"] = vn_date
    env.filters["vn_weekday_date"] = vn_weekday_date
    return env


def context(notice: Notice, recipient: Recipient) -> dict[str, Any]:
    task = notice.task
    what = task.step_name or task.obligation_name  # the step asked for
    return {
        "task": notice.task,
        "stage": notice.stage,
        "recipient": recipient,
        "as_of": notice.as_of,
        "days_left": (notice.task.due_on - notice.as_of).days,
        "workdays_late": notice.workdays_late,
        "reason": notice.reason,
        "what": what,
        "about": about(what, task.obligation_name, task.occurrence_label),
        "links": notice.links,
    }


def about(what: str, obligation: str, occurrence: str) -> str:
    """The step named with its obligation, once each: what a sentence quotes before "– <label>".

    The obligation is left out when it is the step itself or the occurrence's own label (a
    directive review named after its directive); when it starts with the step's name, it says
    more than the step, and is said alone ("Thăm, chúc mừng" of "Thăm, chúc mừng chức sắc …").
    """
    if what == obligation or obligation == occurrence:
        return what
    if obligation.casefold().startswith(what.casefold()):
        return obligation
    return f"{what} ({obligation})"


def kind_directory(kind: str, overrides: str | None = None, top: str = EMAIL) -> str | None:
    """The directory under email/steps/ (or zalo/steps/) that words a step kind (its own, or
    the one it shares by `KIND_TEMPLATES`), or None when only the generic wording does."""
    known = KIND_TEMPLATES.get(kind, kind)
    return known if known != GENERIC and _has_templates(f"{top}/steps/{known}", overrides) else None


def family_directory(family: str, kind: str, overrides: str | None = None) -> str | None:
    """The directory of a family's own wording of a step kind, or None when it has none."""
    directory = f"{EMAIL}/families/{family}/{kind}"
    return directory if _has_templates(directory, overrides) else None


def has_own_wording(kind: str, family: str | None = None) -> bool:
    """Whether a step kind (of `family`) has wording of its own, for what the step asks.

    False means its messages are the plain generic ones (`dondoc plan check` warns about it).
    A family's own wording of the kind counts, for that family.
    """
    if kind_directory(kind) is not None:
        return True
    return family is not None and family_directory(family, kind) is not None


def generic_parts(kind: str, family: str | None = None) -> tuple[str, ...]:
    """The templates ("moved.subject.txt" …) a step kind (of `family`) takes from the generic
    wording: every one for a kind without wording of its own, none for one worded throughout."""
    known = _template_set()
    files = [f"{stage}.{part}.txt" for stage in TEMPLATES for part in PARTS] + [REPLY]

    def own(name: str) -> list[str]:
        return _lookup(family or "", kind, name)[:-1]  # every place but the generic one

    return tuple(name for name in files if not any(found in known for found in own(name)))


@cache
def _template_set(overrides: str | None = None) -> frozenset[str]:
    return frozenset(environment(overrides).list_templates())


@cache
def _has_templates(directory: str, overrides: str | None = None) -> bool:
    return any(name.startswith(directory + "/") for name in _template_set(overrides))


def _lookup(
    family: str, kind: str, name: str, overrides: str | None = None, channel: str = EMAIL
) -> list[str]:
    """Where a template file of a step's wording is looked for, most specific first.

    For Zalo, a `zalo/` file comes before the `email/` one at each level: a family's own
    e-mail wording is more to the point than a generic Zalo one.
    """
    tops = (ZALO, EMAIL) if channel != EMAIL else (EMAIL,)
    names = [f"{top}/families/{family}/{kind}/{name}" for top in tops] if family else []
    for top in tops:
        directory = kind_directory(kind, overrides, top)
        if directory is not None:
            names.append(f"{top}/steps/{directory}/{name}")
    names += [f"{top}/steps/{GENERIC}/{name}" for top in tops]
    return names


def template_names(
    family: str,
    kind: str,
    stage: str,
    part: str,
    overrides: str | None = None,
    channel: str = EMAIL,
) -> list[str]:
    """Where the wording of a stage's `part` (subject, sentence) is looked for, in order."""
    return _lookup(family, kind, f"{stage}.{part}.txt", overrides, channel)


def render_email(
    notice: Notice, recipient: Recipient, templates: TemplateSet | None = None
) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of one notice to one recipient."""
    return _render(notice, recipient, None, (templates or DEFAULT_TEMPLATES).key, EMAIL)


def render_zalo(
    notice: Notice, recipient: Recipient, templates: TemplateSet | None = None
) -> tuple[str, str]:
    """(subject, plain text) of one notice on Zalo: the OA message, at most `OA_LIMIT` long."""
    subject, text, _ = _render(notice, recipient, None, (templates or DEFAULT_TEMPLATES).key, ZALO)
    return subject, _oa_text(text)


def _oa_text(text: str) -> str:
    return shorten(plain(text, lines=True), OA_LIMIT)


def _render(
    notice: Notice,
    recipient: Recipient,
    after_fold: Callable[[str], str] | None = None,
    overrides: str | None = None,
    channel: str = EMAIL,
) -> tuple[str, str, str]:
    """Render a notice; `after_fold` rewrites each folded part (subject, sentence, reply).

    E-mail: (subject, text, HTML); Zalo: (subject, text, "").
    """
    env = environment(overrides)
    values = context(notice, recipient)
    task = notice.task

    def render(names: list[str]) -> str:
        folded = " ".join(env.select_template(names).render(values).split())
        return after_fold(folded) if after_fold else folded

    def part(name: str) -> str:
        names = template_names(
            task.family, task.step_kind, notice.template, name, overrides, channel
        )
        return render(names)

    values["sentence"] = part("sentence")
    values["subject"] = part("subject")
    values["reply"] = render(_lookup(task.family, task.step_kind, REPLY, overrides, channel))
    if channel != EMAIL:
        return values["subject"], env.get_template(f"{ZALO}/message.txt").render(values), ""
    text = env.get_template("email/message.txt").render(values)
    html = env.get_template("email/message.html").render(values)
    return values["subject"], text, html


# The fields that differ between the units told the same thing on the same day. The templates
# only ever print them as they are (no filter, no test: `test_render_cache` holds them to it), so
# a notice is rendered once with markers in their place and each unit's copy is the markers
# replaced: a national day's 16,864 openings render 4 times, not 16,864 × 5 templates.
_MARK = "\ue000{}\ue001"  # private-use characters: survive escaping and whitespace folding
_FIELDS = ("id", "unit", "recipient", "ack", "submit")
_RAW = {name: _MARK.format(name) for name in _FIELDS}
_FOLDED = {name: _MARK.format(name.upper()) for name in _FIELDS}  # inside a folded part
_RENDERED: dict[tuple[Any, ...], tuple[str, str, str]] = {}
_PER_NOTICE = ("task", "recipients", "links")
_NOTICE_KEY = attrgetter(*(f.name for f in fields(Notice) if f.name not in _PER_NOTICE))
_TASK_KEY = attrgetter(*(f.name for f in fields(TaskSummary) if f.name not in ("id", "unit_name")))


def _marked(
    notice: Notice, recipient: Recipient, overrides: str | None = None, channel: str = EMAIL
) -> tuple[str, str, str]:
    # Every field but the per-unit ones, read in C; the recipient's address is not printed.
    linked = notice.links is not None  # whether it has links, not which: they are per task
    key = (overrides, channel, _NOTICE_KEY(notice), _TASK_KEY(notice.task), linked)
    found = _RENDERED.get(key)
    if found is None:
        task: Any = replace(notice.task, id=_RAW["id"], unit_name=_RAW["unit"])  # type: ignore[arg-type]

        def mark_folded(folded: str) -> str:
            for name in _FIELDS:
                folded = folded.replace(_RAW[name], _FOLDED[name])
            return folded

        links = (_RAW["ack"], _RAW["submit"]) if linked else None
        found = _render(
            replace(notice, task=task, links=links),
            replace(recipient, name=_RAW["recipient"]),
            mark_folded,
            overrides,
            channel,
        )
        if len(_RENDERED) >= 4096:
            _RENDERED.clear()
        _RENDERED[key] = found
    return found


_MARKS = re.compile("\ue000(" + "|".join(_FIELDS + tuple(f.upper() for f in _FIELDS)) + ")\ue001")


def _fill(marked: str, values: dict[str, str], html: bool) -> str:
    # One pass: a value put in is never scanned again, so a name that holds a marker's
    # characters cannot pull another field (or itself) into the message.
    def value_of(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values[name.lower()]
        if name.isupper():
            value = " ".join(value.split())
        return str(escape(value)) if html else value

    return _MARKS.sub(value_of, marked)


def _values(notice: Notice, recipient: Recipient) -> dict[str, str]:
    ack, submit = notice.links or ("", "")
    return {
        "id": str(notice.task.id),
        "unit": notice.task.unit_name,
        "recipient": recipient.name,
        "ack": ack,
        "submit": submit,
    }


def render_email_fast(
    notice: Notice, recipient: Recipient, templates: TemplateSet | None = None
) -> tuple[str, str, str]:
    """What `render_email` returns, from a copy rendered once per notice and recipient kind."""
    subject, text, html = _marked(notice, recipient, (templates or DEFAULT_TEMPLATES).key)
    values = _values(notice, recipient)
    return _fill(subject, values, False), _fill(text, values, False), _fill(html, values, True)


def render_zalo_fast(
    notice: Notice, recipient: Recipient, templates: TemplateSet | None = None
) -> tuple[str, str]:
    """What `render_zalo` returns, from a copy rendered once per notice and recipient kind."""
    subject, text, _ = _marked(notice, recipient, (templates or DEFAULT_TEMPLATES).key, ZALO)
    values = _values(notice, recipient)
    return _fill(subject, values, False), _oa_text(_fill(text, values, False))


def zns_values(notice: Notice, recipient: Recipient) -> dict[str, str]:
    """What dondoc fills in a notice's ZNS template (notifications/zalo_templates.py: FILLED)."""
    task = notice.task
    what = task.step_name or task.obligation_name
    late = notice.template in (
        "overdue",
        "escalate-head",
        "escalate-supervisor",
        "escalate-standing",
    )
    days = notice.workdays_late if late else max((task.due_on - notice.as_of).days, 0)
    return {
        "nguoi_nhan": recipient.name,
        "don_vi": task.unit_name,
        "co_quan": task.owner_name,
        "noi_dung": about(what, task.obligation_name, task.occurrence_label),
        "viec": what,
        "ky": task.occurrence_label,
        "han_nop": vn_date(task.due_on),
        "so_ngay": str(days),
        "ma_viec": str(task.id),
        "ngay": vn_date(notice.as_of),
        "ly_do": notice.reason,
    }


def render_on(
    channel: str,
    address: str,
    notice: Notice,
    recipient: Recipient,
    templates: TemplateSet | None = None,
) -> RenderedMessage | None:
    """One notice to one recipient on one channel; None for a ZNS message whose template the
    office has not registered (`dondoc plan check` says so for a unit that chose ZNS)."""
    templates = templates or DEFAULT_TEMPLATES
    name = recipient.name
    if channel == EMAIL:
        subject, text, html = render_email_fast(notice, recipient, templates)
        return RenderedMessage(EMAIL, name, address, subject, text, html)
    if channel == ZALO_ZNS:
        registered = templates.zalo_template(notice.template)
        if registered is None:
            return None
        subject, text = render_zalo_fast(notice, recipient, templates)
        payload = fill(registered, zns_values(notice, recipient))
        return RenderedMessage(ZALO_ZNS, name, address, subject, text, None, payload)
    if channel == ZALO_OA:
        subject, text = render_zalo_fast(notice, recipient, templates)
        return RenderedMessage(ZALO_OA, name, address, subject, text, None)
    raise ValueError(f"no channel {channel!r}")


def compose(notice: Notice, templates: TemplateSet | None = None) -> list[RenderedMessage]:
    """The messages of a notice: one per recipient with an address, on its first channel,
    with its renderings on the next channels as `fallbacks`, in order."""
    messages = []
    for recipient in notice.recipients:
        found = []
        for channel, address in preferred_channels(
            recipient.email, recipient.zalo, recipient.zalo_user_id, recipient.channels
        ):
            message = render_on(channel, address, notice, recipient, templates)
            if message is not None:
                found.append(message)
        if found:
            messages.append(replace(found[0], fallbacks=tuple(found[1:])))
    return messages
