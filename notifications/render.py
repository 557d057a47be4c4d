"""Render notices into messages — pure: templates in, text out; sending is elsewhere.

One Jinja2 environment, autoescaped for HTML, StrictUndefined so that a missing value is an
error in tests rather than a blank in a letter to a provincial committee.

Templates are chosen per family, step kind and stage, the most specific first:

    email/families/<family>/<kind>/<stage>.{subject,sentence}.txt   a family's own wording
    email/steps/<kind>/<stage>.{subject,sentence}.txt                 a step kind's wording
    email/steps/_generic/<stage>.{subject,sentence}.txt               plain, for any step

Step kinds that are worded alike share a directory (`KIND_TEMPLATES`); a kind with none of its
own gets the generic wording, and `dondoc plan check` says so.

A notice's sentence is written once, as plain text, and given to the HTML template as a value,
so that autoescaping escapes the catalogue's text in it (an included template's output would
arrive already marked safe).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from calendars.workdays import WEEKDAY_NAMES
from notifications.messages import Notice, Recipient, RenderedMessage

EMAIL = "email"
TEMPLATES = ("open", "remind", "overdue", "escalate-head", "escalate-supervisor", "moved")
GENERIC = "_generic"
# Step kinds worded alike: the directory under email/steps/ that words them.
KIND_TEMPLATES = {"report": "report", "consolidated-report": "report"}


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
        "about": what if what == task.obligation_name else f"{what} ({task.obligation_name})",
    }


def kind_directory(kind: str) -> str | None:
    """The directory that words a step kind, or None when only the generic wording does."""
    known = KIND_TEMPLATES.get(kind, kind)
    return known if _has_templates(f"email/steps/{known}") else None


@cache
def _has_templates(directory: str) -> bool:
    return any(name.startswith(directory + "/") for name in environment().list_templates())


def has_wording(family: str, kind: str) -> bool:
    """Whether a step kind (of a family) has wording of its own, not only the generic one."""
    return kind_directory(kind) is not None or _has_templates(f"email/families/{family}/{kind}")


def template_names(family: str, kind: str, stage: str, part: str) -> list[str]:
    """Where the wording of a stage's `part` (subject, sentence) is looked for, in order."""
    names = [f"email/families/{family}/{kind}/{stage}.{part}.txt"]
    directory = kind_directory(kind)
    if directory is not None:
        names.append(f"email/steps/{directory}/{stage}.{part}.txt")
    names.append(f"email/steps/{GENERIC}/{stage}.{part}.txt")
    return names


def render_email(notice: Notice, recipient: Recipient) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of one notice to one recipient."""
    env = environment()
    values = context(notice, recipient)
    task = notice.task

    def part(name: str) -> str:
        names = template_names(task.family, task.step_kind, notice.template, name)
        return " ".join(env.select_template(names).render(values).split())

    values["sentence"] = part("sentence")
    values["subject"] = part("subject")
    text = env.get_template("email/message.txt").render(values)
    html = env.get_template("email/message.html").render(values)
    return values["subject"], text, html


def compose(notice: Notice) -> list[RenderedMessage]:
    """The messages of a notice: one e-mail per recipient with an address."""
    messages = []
    for recipient in notice.recipients:
        if recipient.email:
            subject, text, html = render_email(notice, recipient)
            messages.append(
                RenderedMessage(EMAIL, recipient.name, recipient.email, subject, text, html)
            )
    return messages
