"""What the loader's fuzz run (tests/integration/test_loader_fuzz.py) found, each pinned small.

Each case is the failing mutant cut down to the lines that matter. Before its fix each ended in
a traceback (a `ValueError`, `IndexError`, `KeyError`, `AttributeError`, a pydantic
`ValidationError` from outside any line, an `AssertionError` while planning), or in an issue
that was not a clean `FILE:LINE: reason` (a line after the file's last, a message of 260,000
characters). Now each is refused at its line, in one sentence.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from obligations.loader import Stored, check_catalogue, load_catalogue
from obligations.yamlsrc import MAX_MESSAGE, CatalogueError, Issue

PLAN = """\
kind: plan
id: p
title: Kế hoạch
owner: vp
units:
  - {code: vp, name: Văn phòng, kind: other, email: vp@tinh.example}
"""


def refused(path: Path, text: str) -> list[str]:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as raised:
        load_catalogue([path])
    return [str(issue).removeprefix(f"{path}:") for issue in raised.value.issues]


def test_a_number_of_thousands_of_hex_digits_is_refused_at_its_line(tmp_path: Path) -> None:
    # `0x` + 5,000 f: an int of 6,000 digits, which Python will not print — repr(), to say it
    # is not a code, raised ValueError.
    digits = "f" * 5_000
    assert refused(tmp_path / "p.yaml", PLAN.replace("owner: vp", f"owner: 0x{digits}")) == [
        f"4: '0x{'f' * 58}'… (5,002 characters) is a number of more than 100 digits, which "
        "no catalogue value is: quote it if it is text"
    ]


def test_a_number_of_more_digits_than_python_converts_is_refused_at_its_line(
    tmp_path: Path,
) -> None:
    # The message used to be Python's: "Exceeds the limit (4300 digits) for integer string
    # conversion; use sys.set_int_max_str_digits() to increase the limit".
    assert refused(tmp_path / "p.yaml", PLAN + f"source: {'9' * 5_000}\n") == [
        f"7: '{'9' * 60}'… (5,000 characters) is a number of more than 100 digits, which no "
        "catalogue value is: quote it if it is text"
    ]


def test_an_impossible_date_as_a_key_is_refused_at_its_line(tmp_path: Path) -> None:
    # `2024-02-30:` resolves as a date key, whose construction raised ValueError.
    assert refused(tmp_path / "p.yaml", PLAN + "2024-02-30: x\n") == [
        "7: '2024-02-30' is not a date (YYYY-MM-DD): day is out of range for month"
    ]


def test_a_date_as_a_key_is_refused_in_words_not_as_python_writes_a_date(tmp_path: Path) -> None:
    assert refused(tmp_path / "p.yaml", PLAN + "2024-01-01: x\n") == [
        "7: a key must be text, not '2024-01-01' (quote it if it is)"
    ]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("!!int ''", "'' is not a whole number"),  # IndexError in PyYAML
        ("!!bool maybe", "'maybe' is not true or false"),  # KeyError
        ("!!timestamp soon", "'soon' is not a date (YYYY-MM-DD)"),  # AttributeError
        ("!!float x", "'x' is not a number"),  # ValueError, said in Python's words
    ],
)
def test_a_tagged_value_yaml_cannot_build_is_refused_at_its_line(
    tmp_path: Path, value: str, reason: str
) -> None:
    assert refused(tmp_path / "p.yaml", PLAN + f"source: {value}\n") == [f"7: {reason}"]


def test_a_field_coverage_ending_before_it_starts_is_refused_at_its_line(tmp_path: Path) -> None:
    # The field-day obligation made of it refused the dates, in a ValidationError raised while
    # the loader cross-checked the plan: a traceback.
    coverage = """\
field_coverage:
  obligation: di-co-so
  rule: monthly on workday -1
  valid_from: 2025-01-01
  valid_to: 2024-01-01
  areas:
    - {code: a, name: Huyện A, communes: [{code: c, name: Xã C}]}
  specialists:
    - {code: s, name: Chuyên viên S, email: s@tinh.example, areas: [a]}
"""
    assert refused(tmp_path / "p.yaml", PLAN + coverage) == [
        "7: field_coverage: valid_to is before valid_from"
    ]


def test_a_long_value_is_quoted_cut_so_that_the_message_stays_a_sentence(tmp_path: Path) -> None:
    # A unit's parent written 20,000 times over: the message quoted it whole, 260,000 characters.
    parent = "tn-chau-thanh" * 20_000
    lines = refused(
        tmp_path / "p.yaml", PLAN.replace("kind: other,", f"kind: other, parent: {parent},")
    )
    assert lines == [
        f"6: units.0.parent: '{parent[:60]}'… (260,000 characters) is not a code: use "
        "lower-case letters without accents, digits and '-' (like 'bc-thang')"
    ]


def test_a_long_rule_is_refused_without_being_quoted_whole(tmp_path: Path) -> None:
    rule = "monthly on day 20 " * 1_000
    obligation = f"""\
obligations:
  - id: hop
    name: Họp
    family: steering-meeting
    rule: {rule}
"""
    lines = refused(tmp_path / "p.yaml", PLAN + obligation)
    assert lines == [
        f"11: obligations.0.rule: '{rule[:60]}'… (17,999 characters) is too long for a rule, a "
        "deadline or a window (at most 500 characters)"
    ]


def test_a_syntax_error_at_the_end_of_a_file_without_a_final_line_break_is_on_its_last_line(
    tmp_path: Path,
) -> None:
    # YAML marks the end of the stream on the line after the last: line 8 of a 7-line file.
    assert refused(tmp_path / "p.yaml", PLAN + "%TAG ! tag:x,1:") == [
        "7: not valid YAML: did not find expected <document start>"
    ]


FESTIVALS = """\
kind: festivals
id: le-hoi
title: Lễ hội
festivals:
  - {id: giang-sinh, name: Lễ Giáng sinh, religion: Công giáo, rule: yearly on 25/12 eve}
  - {id: phat-dan, name: Đại lễ Phật đản, religion: Phật giáo, rule: yearly on lunar 15/4}
"""
VISITS = """\
policies:
  escalation:
    khong: []
obligations:
  - id: tham-giang-sinh
    name: Thăm, chúc mừng Lễ Giáng sinh
    family: holiday-visit
    festival: giang-sinh
    lead: vp
    units: [vp]
    escalation: khong
"""


def test_a_festival_catalogue_reloaded_without_a_festival_a_stored_plan_visits_is_refused(
    tmp_path: Path,
) -> None:
    # The fuzz run dropped a festival from plans/calendar/festivals.yaml and loaded it alone into
    # a ledger holding the plans: the check compared with what the ledger would hold without
    # any festival catalogue, found the plan's visit broken there too, and let it pass — and
    # `plan load` then failed planning the visit, on an AssertionError.
    festivals = tmp_path / "festivals.yaml"
    festivals.write_text(FESTIVALS, encoding="utf-8")
    plan = tmp_path / "p.yaml"
    plan.write_text(PLAN + VISITS, encoding="utf-8")
    held = load_catalogue([plan, festivals])
    stored = Stored(
        held.documents,
        {unit.code: doc.id for doc in held.plans for unit in doc.all_units},
        {ob.id: doc.id for doc in held.plans for ob in doc.all_obligations},
    )
    festivals.write_text(FESTIVALS.replace("giang-sinh", "le-khac"), encoding="utf-8")
    reloaded = load_catalogue([festivals])  # alone, it holds together
    with pytest.raises(CatalogueError) as raised:
        check_catalogue(reloaded, stored)
    assert [str(issue) for issue in raised.value.issues] == [
        f"{plan}:1: plan 'p' as the ledger holds it, at obligations.0.festival: there is no "
        "festival 'giang-sinh' in the festival catalogue (plans/calendar/festivals.yaml)"
    ]


def test_a_long_unknown_key_is_quoted_cut(tmp_path: Path) -> None:
    key = "x" * 10_000
    [line] = refused(
        tmp_path / "p.yaml", PLAN + f"? {key}\n: 1\n"
    )  # YAML's implicit keys stop at 1,024
    assert line.startswith(f"7: unknown key '{'x' * 60}'… (10,000 characters) (this kind of")


def test_a_long_kind_is_quoted_cut(tmp_path: Path) -> None:
    kind = "plan" * 5_000
    assert refused(tmp_path / "p.yaml", PLAN.replace("kind: plan", f"kind: {kind}")) == [
        f"1: kind must be one of families, festivals, plan, workdays, not '{kind[:60]}'… "
        "(20,000 characters)"
    ]


def test_a_long_directive_is_quoted_cut(tmp_path: Path) -> None:
    directive = "65-KL/TW" * 2_000
    review = f"""\
obligations:
  - id: so-ket
    family: directive-review
    directive: {directive}
    review: {{kind: so-ket, years: 5}}
    lead: vp
    coordinating: [vp]
"""
    [line] = refused(tmp_path / "p.yaml", PLAN + review)
    assert line.startswith(f"10: directive '{directive[:60]}'… (16,000 characters) is not in")


def test_a_reason_no_value_was_cut_in_is_cut_at_a_thousand_characters() -> None:
    # The net under every message that quotes a value without `quoted`.
    issue = Issue("plan.yaml", 3, "x" * 5_000)
    assert len(issue.message) == MAX_MESSAGE == 1_000
    assert issue.message.endswith("x…")
