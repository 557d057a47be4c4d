"""Render notices into messages — pure: templates in, text out; sending is elsewhere.

One Jinja2 environment, autoescaped for HTML, StrictUndefined so that a missing value is an
error in tests rather than a blank in a letter to a provincial committee.

A notice's sentence is written once, as plain text (`email/_<template>_sentence.txt`), and
given to the HTML template as a value, so that autoescaping escapes the catalogue's text in
it (an included template's output would arrive already marked safe).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from calendars.workdays import WEEKDAY_NAMES
from notifications.messages import Notice, Recipient, RenderedMessage

EMAIL = "email"
TEMPLATES = ("open", "remind", "overdue", "escalate-head", "escalate-supervisor")


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
    return {
        "task": notice.task,
        "stage": notice.stage,
        "recipient": recipient,
        "as_of": notice.as_of,
        "days_left": (notice.task.due_on - notice.as_of).days,
        "workdays_late": notice.workdays_late,
    }


def render_email(notice: Notice, recipient: Recipient) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of one notice to one recipient."""
    env = environment()
    name = notice.template
    values = context(notice, recipient)
    values["sentence"] = " ".join(
        env.get_template(f"email/_{name.replace('-', '_')}_sentence.txt").render(values).split()
    )
    values["subject"] = " ".join(
        env.get_template(f"email/{name}.subject.txt").render(values).split()
    )
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
