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
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date
from functools import cache
from operator import attrgetter
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import escape

from calendars.workdays import WEEKDAY_NAMES
from notifications.messages import Notice, Recipient, RenderedMessage, TaskSummary

EMAIL = "email"
TEMPLATES = ("open", "remind", "overdue", "escalate-head", "escalate-supervisor", "moved")
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


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("notifications", "templates"),
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


def kind_directory(kind: str) -> str | None:
    """The directory under email/steps/ that words a step kind (its own, or the one it shares
    by `KIND_TEMPLATES`), or None when only the generic wording does."""
    known = KIND_TEMPLATES.get(kind, kind)
    return known if known != GENERIC and _has_templates(f"{EMAIL}/steps/{known}") else None


def family_directory(family: str, kind: str) -> str | None:
    """The directory of a family's own wording of a step kind, or None when it has none."""
    directory = f"{EMAIL}/families/{family}/{kind}"
    return directory if _has_templates(directory) else None


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
def _template_set() -> frozenset[str]:
    return frozenset(environment().list_templates())


@cache
def _has_templates(directory: str) -> bool:
    return any(name.startswith(directory + "/") for name in _template_set())


def _lookup(family: str, kind: str, name: str) -> list[str]:
    """Where a template file of a step's wording is looked for, most specific first."""
    names = [f"{EMAIL}/families/{family}/{kind}/{name}"] if family else []
    directory = kind_directory(kind)
    if directory is not None:
        names.append(f"{EMAIL}/steps/{directory}/{name}")
    names.append(f"{EMAIL}/steps/{GENERIC}/{name}")
    return names


def template_names(family: str, kind: str, stage: str, part: str) -> list[str]:
    """Where the wording of a stage's `part` (subject, sentence) is looked for, in order."""
    return _lookup(family, kind, f"{stage}.{part}.txt")


def render_email(notice: Notice, recipient: Recipient) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of one notice to one recipient."""
    return _render(notice, recipient)


def _render(
    notice: Notice, recipient: Recipient, after_fold: Callable[[str], str] | None = None
) -> tuple[str, str, str]:
    """Render a notice; `after_fold` rewrites each folded part (subject, sentence, reply)."""
    env = environment()
    values = context(notice, recipient)
    task = notice.task

    def render(names: list[str]) -> str:
        folded = " ".join(env.select_template(names).render(values).split())
        return after_fold(folded) if after_fold else folded

    def part(name: str) -> str:
        return render(template_names(task.family, task.step_kind, notice.template, name))

    values["sentence"] = part("sentence")
    values["subject"] = part("subject")
    values["reply"] = render(_lookup(task.family, task.step_kind, REPLY))
    text = env.get_template("email/message.txt").render(values)
    html = env.get_template("email/message.html").render(values)
    return values["subject"], text, html


# The fields that differ between the units told the same thing on the same day. The templates
# only ever print them as they are (no filter, no test: `test_render_cache` holds them to it), so
# a notice is rendered once with markers in their place and each unit's copy is the markers
# replaced: a national day's 16,864 openings render 4 times, not 16,864 × 5 templates.
_MARK = "\ue000{}\ue001"  # private-use characters: survive escaping and whitespace folding
_FIELDS = ("id", "unit", "recipient")
_RAW = {name: _MARK.format(name) for name in _FIELDS}
_FOLDED = {name: _MARK.format(name.upper()) for name in _FIELDS}  # inside a folded part
_RENDERED: dict[tuple[Any, Any], tuple[str, str, str]] = {}
_NOTICE_KEY = attrgetter(*(f.name for f in fields(Notice) if f.name not in ("task", "recipients")))
_TASK_KEY = attrgetter(*(f.name for f in fields(TaskSummary) if f.name not in ("id", "unit_name")))


def _marked(notice: Notice, recipient: Recipient) -> tuple[str, str, str]:
    # Every field but the per-unit ones, read in C; the recipient's address is not printed.
    key = (_NOTICE_KEY(notice), _TASK_KEY(notice.task))
    found = _RENDERED.get(key)
    if found is None:
        task: Any = replace(notice.task, id=_RAW["id"], unit_name=_RAW["unit"])  # type: ignore[arg-type]

        def mark_folded(folded: str) -> str:
            for name in _FIELDS:
                folded = folded.replace(_RAW[name], _FOLDED[name])
            return folded

        found = _render(
            replace(notice, task=task), replace(recipient, name=_RAW["recipient"]), mark_folded
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


def render_email_fast(notice: Notice, recipient: Recipient) -> tuple[str, str, str]:
    """What `render_email` returns, from a copy rendered once per notice and recipient kind."""
    subject, text, html = _marked(notice, recipient)
    values = {
        "id": str(notice.task.id),
        "unit": notice.task.unit_name,
        "recipient": recipient.name,
    }
    return _fill(subject, values, False), _fill(text, values, False), _fill(html, values, True)


def compose(notice: Notice) -> list[RenderedMessage]:
    """The messages of a notice: one e-mail per recipient with an address."""
    messages = []
    for recipient in notice.recipients:
        if recipient.email:
            subject, text, html = render_email_fast(notice, recipient)
            messages.append(
                RenderedMessage(EMAIL, recipient.name, recipient.email, subject, text, html)
            )
    return messages
