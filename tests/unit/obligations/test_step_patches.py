"""An obligation's step that changes its family's step keeps the rest of it — also once the
catalogue has been stored as JSON and rebuilt from there, as the ledger does.

The family is dondoc's directive-review (obligations/families.yaml): its guidance letter is a
`guidance-letter` owed by the lead, due 2 months before the deadline, opening 15 days before;
its unit reports are owed by the coordinating units 30 days before, after the guidance letter.
"""

from __future__ import annotations

from pathlib import Path

from obligations.loader import Catalogue, catalogue_files, load_catalogue

ROOT = Path(__file__).resolve().parents[3]
PLAN = """\
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


def loaded(tmp_path: Path) -> Catalogue:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    return load_catalogue([plan, *catalogue_files(ROOT / "plans" / "calendar")])


def steps_of(catalogue: Catalogue) -> list[tuple[str, str, object, str, str | None]]:
    return [
        (s.id, s.kind, s.owner, str(s.due), s.after) for s in catalogue.resolved["so-ket-65"].steps
    ]


def test_a_changed_step_keeps_what_it_does_not_change(tmp_path: Path) -> None:
    assert steps_of(loaded(tmp_path)) == [
        ("guidance-letter", "guidance-letter", "lead", "3 months before", None),
        ("unit-reports", "report", "coordinating", "30 days before", "guidance-letter"),
        ("consolidated-report", "consolidated-report", "lead", "on anchor", "unit-reports"),
    ]


def test_a_changed_step_is_the_same_once_stored_as_json_and_read_back(tmp_path: Path) -> None:
    catalogue = loaded(tmp_path)
    rows = [(d.kind, d.file, d.content_hash, d.spec_json()) for d in catalogue.documents]
    rebuilt = Catalogue.from_specs(rows)
    assert steps_of(rebuilt) == steps_of(catalogue)


def test_a_stored_step_holds_only_the_fields_the_plan_gives(tmp_path: Path) -> None:
    plan = next(d for d in loaded(tmp_path).documents if d.id == "thu-nghiem-so-ket")
    assert plan.spec_json()["obligations"][0]["steps"] == [
        {"id": "guidance-letter", "due": "3 months before"},
        {"id": "unit-reports"},
        {"id": "conference", "skip": True},
    ]
