"""The ledger's copy of a catalogue (`LoadedDocument.spec_json` → `Catalogue.from_specs`) means
what the files mean — in particular an obligation's change to one of its family's steps.

The family `directive-review` (obligations/families.yaml) gives its guidance letter to the lead,
due 2 months before the deadline; its conference follows the units' reports. An obligation that
only names a step (`{id: guidance-letter}`) or changes one field of it (`after:`) keeps the rest
of the family's step once stored and read back.
"""

from __future__ import annotations

from pathlib import Path

from obligations.loader import Catalogue, catalogue_files, load_catalogue

ROOT = Path(__file__).resolve().parents[3]

PLAN = """\
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
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    loaded = load_catalogue([path, *catalogue_files(ROOT / "plans" / "calendar")])
    stored = Catalogue.from_specs(
        (doc.document.kind, doc.file, doc.content_hash, doc.spec_json()) for doc in loaded.documents
    )
    steps = stored.resolved["so-ket-120"].steps
    assert [(s.id, s.kind, s.owner, str(s.due), s.after) for s in steps] == [
        ("guidance-letter", "guidance-letter", "lead", "2 months before", None),
        ("consolidated-report", "consolidated-report", "lead", "on anchor", "guidance-letter"),
        ("conference", "conference", "lead", "on anchor", "guidance-letter"),
    ]
    assert steps == loaded.resolved["so-ket-120"].steps
