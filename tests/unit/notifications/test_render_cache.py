"""The messages of a day are rendered once per notice and recipient kind, then copied per unit
(`notifications.render.compose`): every copy must be, to the byte, what rendering that unit's
notice on its own gives — for every template, every family's steps, and names typed by people
(HTML to escape, runs of spaces the subject and the sentence fold).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from notifications import render
from notifications.messages import Notice, Recipient, TaskSummary
from notifications.render import TEMPLATES, compose, render_email
from obligations.loader import built_in_families
from tests.unit.notifications.test_render import HOSTILE

TEMPLATE_DIR = Path(render.__file__).with_name("templates")
STEPS = sorted(
    {(family.id, step.kind) for family in built_in_families().families for step in family.steps}
)
NAMES = (
    "Hội Nông dân tỉnh",
    f"Ban {HOSTILE}",
    "Đoàn  Thanh   niên\txã An Hòa",
    # A name that holds the copies' own markers: it must come out as typed, not pull in the
    # recipient, the task id or itself.
    "Hội \ue000recipient\ue001 \ue000UNIT\ue001 \ue000id\ue001 <b>",
)


def notice(template: str, family: str, kind: str, task_id: int, unit: str) -> Notice:
    task = TaskSummary(
        task_id,
        "Báo cáo công tác dân vận tháng",
        unit,
        "Ban Dân vận Tỉnh ủy",
        "Tháng 1/2024",
        date(2023, 12, 15) if kind == "report" else None,
        date(2024, 1, 14) if kind == "report" else None,
        date(2024, 1, 18),
        family,
        kind,
        "Báo cáo" if kind == "report" else "Bước của họ",
        kind in ("meeting", "visit", "conference"),
    )
    recipients = (Recipient(f"Chủ tịch {unit}", f"u{task_id}@example.org"),)
    return Notice(template, "stage-1", task, date(2024, 1, 22), recipients, 2, "lý do & cớ")


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize(("family", "kind"), STEPS)
def test_every_copy_is_what_rendering_its_own_notice_gives(
    template: str, family: str, kind: str
) -> None:
    for task_id, unit in enumerate(NAMES, start=101):
        one = notice(template, family, kind, task_id, unit)
        (message,) = compose(one)
        assert (message.subject, message.text, message.html) == render_email(one, one.recipients[0])


def test_units_told_the_same_thing_share_one_rendering() -> None:
    render._RENDERED.clear()
    for task_id, unit in enumerate(NAMES * 3, start=1):
        compose(notice("open", "periodic-report", "report", task_id, unit))
    assert len(render._RENDERED) == 1


def test_the_templates_print_the_per_unit_fields_only_as_they_are() -> None:
    # The copies replace markers: a filter, a test or a condition on one of these fields would
    # see the marker, not the unit's value, so none may appear anywhere but in a plain {{ … }}.
    # A recipient's address is not printed at all: the copies share one rendering whatever it is.
    fields = re.compile(r"task\.id\b|task\.unit_name\b|recipient\.\w+")
    plain = re.compile(r"\{\{ (task\.id|task\.unit_name|recipient\.name) \}\}")
    for path in TEMPLATE_DIR.rglob("*.*"):
        text = plain.sub("", path.read_text(encoding="utf-8"))
        assert not fields.search(text), path


def test_a_notice_without_an_address_renders_nothing() -> None:
    one = notice("open", "periodic-report", "report", 1, "Hội")
    assert compose(replace(one, recipients=(Recipient("Hội"),))) == []
