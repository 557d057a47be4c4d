"""Render notices into messages — pure: templates in, text out; sending is elsewhere.

One Jinja2 environment, autoescaped for HTML, StrictUndefined so that a missing value is an
error in tests rather than a blank in a letter to a provincial committee.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from calendars.workdays import WEEKDAY_NAMES
from ledger.notices import NoticeDraft, Recipient, RenderedMessage
from obligations.policy import Audience, StageKind

EMAIL = "email"


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


def template_name(draft: NoticeDraft) -> str:
    stage = draft.stage
    if stage.kind is StageKind.ESCALATE:
        return "escalate-supervisor" if stage.audience is Audience.SUPERVISOR else "escalate-head"
    return stage.kind.value


def context(draft: NoticeDraft, recipient: Recipient) -> dict[str, Any]:
    return {
        "task": draft.task,
        "stage": draft.stage,
        "recipient": recipient,
        "as_of": draft.as_of,
        "days_left": (draft.task.due_on - draft.as_of).days,
        "workdays_late": draft.workdays_late,
    }


def render_email(draft: NoticeDraft, recipient: Recipient) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of one notice to one recipient."""
    env = environment()
    name = template_name(draft)
    values = context(draft, recipient)
    subject = env.get_template(f"email/{name}.subject.txt").render(values)
    text = env.get_template(f"email/{name}.txt").render(values)
    html = env.get_template(f"email/{name}.html").render(values)
    return " ".join(subject.split()), text, html


def compose(draft: NoticeDraft) -> list[RenderedMessage]:
    """The messages of a notice: one e-mail per recipient with an address."""
    if draft.superseded:
        return []
    messages = []
    for recipient in draft.recipients:
        if recipient.email:
            subject, text, html = render_email(draft, recipient)
            messages.append(RenderedMessage(EMAIL, recipient, recipient.email, subject, text, html))
    return messages
