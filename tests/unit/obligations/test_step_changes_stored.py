"""A plan's change to one of its family's steps says only what differs; the ledger keeps the
catalogue as JSON and rebuilds it from there, and the change must come back as it was written —
not with every default written out, which would reset the family's kind, owner and due date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from obligations.expand import expand, tasks_of
from obligations.loader import Catalogue, catalogue_files, load_catalogue

ROOT = Path(__file__).resolve().parents[3]

PLAN = """\
kind: plan
id: thu-nghiem-buoc
title: Bước thử nghiệm
owner: bdv
units:
  - code: bdv
    name: Ban Dân vận Tỉnh ủy
    kind: party-commission
    email: bdv@tinh.example
    supervisor: tu
    head: {title: Trưởng ban, name: Nguyễn Văn A, email: tb@tinh.example}
  - code: tu
    name: Thường trực Tỉnh ủy
    kind: party-committee
    email: tttu@tinh.example
obligations:
  - id: bcd-hop
    name: Họp Ban Chỉ đạo quý I
    family: steering-meeting
    rule: yearly on workday -5 of month 3
    lead: bdv
    steps:
      - {id: activity-report, name: Báo cáo quý I của Ban Chỉ đạo}
      - {id: budget-request, skip: true}
      - {id: minutes, due: 10 days after}
"""


def planned(catalogue: Catalogue) -> dict[str, tuple[str, date]]:
    found = expand(catalogue, date(2024, 12, 31), {"thu-nghiem-buoc": date(2024, 1, 1)})
    return {task.step_id: (task.step_kind, task.due_on) for task in tasks_of(found["bcd-hop"])}


def test_a_changed_step_comes_back_from_the_stored_copy_as_it_was_written(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    loaded = load_catalogue([path, *catalogue_files(ROOT / "plans" / "calendar")])
    stored = Catalogue.from_specs(
        (d.kind, str(d.file), d.content_hash, d.spec_json()) for d in loaded.documents
    )
    # The meeting on the fifth-last working day of March 2024: Monday 25/3 (29/3 is the last).
    # The report keeps the family's kind and its 5 working days before (18/3); the minutes move
    # to 10 days after (4/4); the budget request is dropped.
    expected = {
        "activity-report": ("report", date(2024, 3, 18)),
        "meeting": ("meeting", date(2024, 3, 25)),
        "minutes": ("minutes", date(2024, 4, 4)),
    }
    assert planned(loaded) == expected
    assert planned(stored) == expected
    step = stored.resolved["bcd-hop"].steps[0]
    assert (step.name, step.owner) == ("Báo cáo quý I của Ban Chỉ đạo", "lead")
