"""A plan's change to one of its family's steps says only what differs, and keeps the rest of
the family's step — also once the catalogue is stored as JSON and rebuilt from there, as the
ledger does: were every default written out, it would come back "given" and reset the family's
kind, owner and due date.

The families are dondoc's (obligations/families.yaml): a steering-committee meeting's activity
report is the lead's, 5 working days before the meeting; a directive review's guidance letter
is a `guidance-letter` owed by the lead, due 2 months before the deadline, opening 15 days
before; its unit reports are owed by the coordinating units 30 days before, after the letter.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from obligations.expand import expand, tasks_of
from obligations.loader import Catalogue, catalogue_files, load_catalogue

ROOT = Path(__file__).resolve().parents[3]


def load(tmp_path: Path, text: str) -> Catalogue:
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    return load_catalogue([plan, *catalogue_files(ROOT / "plans" / "calendar")])


def stored_copy(catalogue: Catalogue) -> Catalogue:
    """The catalogue as the ledger rebuilds it from the JSON it stored."""
    return Catalogue.from_specs(
        (d.kind, str(d.file), d.content_hash, d.spec_json()) for d in catalogue.documents
    )


# --- a meeting's steps renamed, dropped, re-dated --------------------------------------------

MEETING = """\
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
    loaded = load(tmp_path, MEETING)
    stored = stored_copy(loaded)
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


# --- a review's steps only named, or given another `after` -----------------------------------

REVIEW_NAMED = """\
kind: plan
id: thu-nghiem-luu
title: Lưu thử nghiệm
owner: bdv
units:
  - code: bdv
    name: Ban Dân vận Tỉnh ủy
    kind: party-commission
    email: bdv@tinh.example
    head: {title: Trưởng ban, name: Nguyễn Văn A, email: tb@tinh.example}
    supervisor: tu
  - code: tu
    name: Thường trực Tỉnh ủy
    kind: party-committee
    email: tttu@tinh.example
directives:
  - code: 120-KL/TW
    kind: Kết luận
    issuer: Bộ Chính trị (khóa XI)
    issued: 2016-01-07
    title: về tiếp tục đẩy mạnh việc xây dựng và thực hiện quy chế dân chủ ở cơ sở
obligations:
  - id: so-ket-120
    family: directive-review
    directive: 120-KL/TW
    review: {kind: so-ket, years: 5, due: 2021-Q2}
    lead: bdv
    steps:
      - {id: guidance-letter}
      - {id: unit-reports, skip: true}
      - {id: consolidated-report, after: guidance-letter}
      - {id: conference, after: guidance-letter}
"""


def test_a_stored_catalogue_keeps_the_family_step_an_obligation_changes(tmp_path: Path) -> None:
    loaded = load(tmp_path, REVIEW_NAMED)
    stored = stored_copy(loaded)
    steps = stored.resolved["so-ket-120"].steps
    assert [(s.id, s.kind, s.owner, str(s.due), s.after) for s in steps] == [
        ("guidance-letter", "guidance-letter", "lead", "2 months before", None),
        ("consolidated-report", "consolidated-report", "lead", "on anchor", "guidance-letter"),
        ("conference", "conference", "lead", "on anchor", "guidance-letter"),
    ]
    assert steps == loaded.resolved["so-ket-120"].steps


# --- a review's guidance letter re-dated -----------------------------------------------------

REVIEW_REDATED = """\
kind: plan
id: thu-nghiem-so-ket
title: Sơ kết thử nghiệm
owner: bdv
units:
  - code: tu
    name: Thường trực Tỉnh ủy
    kind: party-committee
    email: tttu@tinh.example
  - code: bdv
    name: Ban Dân vận Tỉnh ủy
    kind: party-commission
    supervisor: tu
    email: bdv@tinh.example
    head: {title: Trưởng ban, name: Nguyễn Văn A, email: tb@tinh.example}
  - code: mttq
    name: Ủy ban MTTQ tỉnh
    kind: fatherland-front
    supervisor: tu
    email: mttq@tinh.example
    head: {title: Chủ tịch, name: Trần Thị B, email: ct@mttq.tinh.example}
directives:
  - code: 65-KL/TW
    kind: Kết luận
    issuer: Bộ Chính trị (khóa XII)
    issued: 2019-10-30
    title: về công tác dân tộc trong tình hình mới
obligations:
  - id: so-ket-65
    family: directive-review
    directive: 65-KL/TW
    review: {kind: so-ket, years: 5}
    lead: bdv
    coordinating: [mttq]
    steps:
      - {id: guidance-letter, due: 3 months before}
      - {id: unit-reports}
      - {id: conference, skip: true}
"""


def steps_of(catalogue: Catalogue) -> list[tuple[str, str, object, str, str | None]]:
    return [
        (s.id, s.kind, s.owner, str(s.due), s.after) for s in catalogue.resolved["so-ket-65"].steps
    ]


def test_a_changed_step_keeps_what_it_does_not_change(tmp_path: Path) -> None:
    assert steps_of(load(tmp_path, REVIEW_REDATED)) == [
        ("guidance-letter", "guidance-letter", "lead", "3 months before", None),
        ("unit-reports", "report", "coordinating", "30 days before", "guidance-letter"),
        ("consolidated-report", "consolidated-report", "lead", "on anchor", "unit-reports"),
    ]


def test_a_changed_step_is_the_same_once_stored_as_json_and_read_back(tmp_path: Path) -> None:
    catalogue = load(tmp_path, REVIEW_REDATED)
    assert steps_of(stored_copy(catalogue)) == steps_of(catalogue)


def test_a_stored_step_holds_only_the_fields_the_plan_gives(tmp_path: Path) -> None:
    plan = next(d for d in load(tmp_path, REVIEW_REDATED).documents if d.id == "thu-nghiem-so-ket")
    assert plan.spec_json()["obligations"][0]["steps"] == [
        {"id": "guidance-letter", "due": "3 months before"},
        {"id": "unit-reports"},
        {"id": "conference", "skip": True},
    ]
