"""The catalogue loader: valid files load; bad input is refused as FILE:LINE: reason."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from calendars.deadlines import DueKind
from calendars.workdays import Shift
from obligations.loader import catalogue_files, load_catalogue
from obligations.yamlsrc import CatalogueError

ROOT = Path(__file__).resolve().parents[3]

PLAN = """\
kind: plan
id: thu-nghiem
title: Kế hoạch thử nghiệm
owner: bdv
units:
  - code: bdv
    name: Ban Dân vận Tỉnh ủy
    kind: party-commission
    email: bdv@tinh.example
  - code: tu
    name: Tỉnh ủy
    kind: party-committee
    email: vp@tinh.example
  - code: mttq
    name: Ủy ban MTTQ tỉnh
    kind: fatherland-front
    supervisor: tu
    tags: [monthly]
    email: mttq@tinh.example
    zalo: "0912 345 678"
    head: {title: Chủ tịch, name: Nguyễn Văn A, email: ct@tinh.example}
obligations:
  - id: bc-thang
    name: Báo cáo tháng
    family: periodic-report
    period: monthly
    due: day 18
    unit_tags: [monthly]
"""

WORKDAYS = """\
kind: workdays
id: ngay-nghi
title: Ngày nghỉ
decisions:
  - ref: "Công văn 1/VPCP-KGVX"
    days_off:
      - {date: 2024-04-29, name: Nghỉ hoán đổi}
    working_days:
      - {date: 2024-05-04, name: Làm bù, replaces: 2024-04-29}
"""

FESTIVALS = """\
kind: festivals
id: le-trong
title: Lễ trọng
festivals:
  - id: vu-lan
    name: Lễ Vu Lan
    religion: Phật giáo
    rule: "yearly on lunar 15/7"
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str, *, last: bool = False) -> int:
    """The 1-based line where `fragment` starts (its first or last occurrence)."""
    index = text.rindex(fragment) if last else text.index(fragment)
    return text[:index].count("\n") + 1


def test_the_valid_files_load_into_one_catalogue(tmp_path: Path) -> None:
    catalogue = load_catalogue(
        [
            write(tmp_path, "plan.yaml", PLAN),
            write(tmp_path, "workdays.yaml", WORKDAYS),
            write(tmp_path, "festivals.yaml", FESTIVALS),
        ]
    )
    plan, obligation = catalogue.obligations["bc-thang"]
    assert plan.id == "thu-nghiem"
    assert obligation.due is not None
    assert obligation.due.kind is DueKind.DAY_OF_MONTH
    assert obligation.effective_shift is Shift.NEXT
    assert [u.code for u in catalogue.units_of(obligation)] == ["mttq"]
    assert catalogue.units["mttq"].zalo == "84912345678"  # normalised for Zalo's APIs
    assert [f.id for f in catalogue.festivals()] == ["vu-lan"]
    assert not catalogue.calendar.is_working_day(date(2024, 4, 29))  # the decision's day off
    assert catalogue.calendar.is_working_day(date(2024, 5, 4))  # its make-up Saturday


def test_the_shipped_catalogue_is_valid() -> None:
    catalogue = load_catalogue(catalogue_files(ROOT / "plans"))
    assert {"tay-ninh-2024", "binh-phuoc-dvcq", "vn-civil-service", "vn-religious-ethnic"} <= {
        d.id for d in catalogue.documents
    }


Mutation = Callable[[str], str]

# What pydantic says to a programmer; a clerk gets sentences instead.
RAW_PYDANTIC = re.compile(
    r"Input should|Value error|Field required|Extra inputs|unable to parse|String should|"
    r"Value should|Assertion failed"
)


def replace(old: str, new: str) -> Mutation:
    def mutate(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return mutate


# (case id, file to break, mutation, fragment on the line the error must name, reason pattern)
PLAN_CASES: list[tuple[str, Mutation, str, str]] = [
    (
        "yaml-syntax",
        replace("tags: [monthly]", "tags: [monthly"),
        "email: mttq@",
        r"not valid YAML",
    ),
    (
        "duplicate-key",
        replace("    due: day 18\n", "    due: day 18\n    due: day 20\n"),
        "due: day 20",
        r"duplicate key 'due'",
    ),
    ("unknown-kind", replace("kind: plan", "kind: plann"), "kind: plann", r"kind must be one of"),
    (
        "missing-field",
        replace("    due: day 18\n", ""),
        "- id: bc-thang",
        r"^obligations\.0: 'due' is missing$",
    ),
    (
        "unknown-key",
        replace("    due: day 18", "    due: day 18\n    dew: day 20"),
        "dew: day 20",
        r"^obligations\.0: unknown key 'dew' \(this kind of entry takes: id, name, family, period, "
        r"only, window, due, shift, rule, festival, directive, review, label, lead, coordinating, "
        r"units, unit_tags, steps, opens, chase, escalation, valid_from, valid_to, source, note\)$",
    ),
    (
        "unknown-unit",
        replace("    unit_tags: [monthly]", "    units: [hnd]"),
        "units: [hnd]",
        r"unit 'hnd' is not declared",
    ),
    (
        "unknown-tag",
        replace("    unit_tags: [monthly]", "    unit_tags: [quarterly]"),
        "unit_tags: [quarterly]",
        r"no unit of this plan has tag 'quarterly'",
    ),
    (
        "bad-email",
        replace("email: mttq@tinh.example", "email: mttq@@tinh"),
        "mttq@@tinh",
        r"email: value is not a valid email address",
    ),
    (
        "bad-zalo-phone",
        replace('zalo: "0912 345 678"', 'zalo: "0212 345 678"'),
        "0212 345 678",
        r"is not a Vietnamese mobile number",
    ),
    ("bad-deadline", replace("due: day 18", "due: soon"), "due: soon", r"unknown deadline 'soon'"),
    (
        "fixed-date-on-monthly",
        replace("due: day 18", "due: 20/11"),
        "- id: bc-thang",
        r"a fixed date \(20/11\) suits yearly",
    ),
    (
        "impossible-day",
        replace("due: day 18", "due: day 32"),
        "due: day 32",
        r"day 32 is not a day of a month",
    ),
    (
        "unknown-period",
        replace("period: monthly", "period: weekly"),
        "period: weekly",
        r"^obligations\.0\.period: must be one of 'monthly', 'quarterly', 'half-yearly', "
        r"'nine-months' or 'yearly', not 'weekly'$",
    ),
    (
        "only-out-of-range",
        replace("    due: day 18", "    only: [1, 13]\n    due: day 18"),
        "- id: bc-thang",
        r"'only' lists monthly periods 1\.\.12",
    ),
    (
        "explicit-window-on-monthly",
        replace("    due: day 18", "    window: 15/12 to 14/11\n    due: day 18"),
        "- id: bc-thang",
        r"explicit 'D/M to D/M' window suits yearly",
    ),
    (
        "bad-window",
        replace("    due: day 18", "    window: weekly\n    due: day 18"),
        "window: weekly",
        r"unknown window 'weekly'",
    ),
    (
        "dates-inverted",
        replace(
            "    supervisor: tu\n",
            "    supervisor: tu\n    valid_from: 2025-01-01\n    valid_to: 2024-06-30\n",
        ),
        "code: mttq",
        r"valid_to is before valid_from",
    ),
    (
        "owner-unknown",
        replace("owner: bdv", "owner: bdvv"),
        "owner: bdvv",
        r"owner 'bdvv' is not a declared unit",
    ),
    (
        "supervisor-unknown",
        replace("supervisor: tu", "supervisor: ttu"),
        "supervisor: ttu",
        r"supervisor 'ttu' is not a unit",
    ),
    (
        "parent-cycle",  # bdv's parent is tu, and tu's parent is bdv
        lambda t: t.replace(
            "    kind: party-commission\n", "    kind: party-commission\n    parent: tu\n"
        ).replace("    kind: party-committee\n", "    kind: party-committee\n    parent: bdv\n"),
        "parent: tu",
        r"parents form a cycle",
    ),
    (
        "unit-declared-twice",
        replace("  - code: tu\n", "  - code: bdv\n"),
        "- code: bdv\n    name: Tỉnh ủy",
        r"unit 'bdv' is declared twice",
    ),
    (
        "unknown-chase-policy",
        replace("    unit_tags: [monthly]", "    unit_tags: [monthly]\n    chase: gap"),
        "chase: gap",
        r"no chase policy named 'gap'",
    ),
    (
        "head-without-address",
        replace(
            "head: {title: Chủ tịch, name: Nguyễn Văn A, email: ct@tinh.example}",
            "head: {title: Chủ tịch, name: Nguyễn Văn A}",
        ),
        "- id: bc-thang",
        r"escalates to the head of 'mttq', who has no address",
    ),
    (
        "unit-without-contact",
        replace('    email: mttq@tinh.example\n    zalo: "0912 345 678"\n', ""),
        "- id: bc-thang",
        r"unit 'mttq' owes 'bc-thang' but has no e-mail or Zalo",
    ),
    (
        "bad-code",
        replace("  - id: bc-thang", "  - id: Báo cáo tháng"),
        "- id: Báo cáo tháng",
        r"^obligations\.0\.id: 'Báo cáo tháng' is not a code: use lower-case letters without "
        r"accents, digits and '-' \(like 'bc-thang'\)$",
    ),
    (
        "not-a-date",
        replace("    supervisor: tu\n", "    supervisor: tu\n    valid_from: '2024-13-01'\n"),
        "valid_from: '2024-13-01'",
        r"^units\.2\.valid_from: '2024-13-01' is not a date \(YYYY-MM-DD\)$",
    ),
    (
        "not-a-whole-number",
        replace(
            "obligations:\n", "policies: {chase: {gap: {after_due: {every: abc}}}}\nobligations:\n"
        ),
        "policies:",
        r"^policies\.chase\.gap\.after_due\.every: 'abc' is not a whole number$",
    ),
    (
        "above-the-maximum",
        replace(
            "obligations:\n", "policies: {chase: {gap: {after_due: {max: 99}}}}\nobligations:\n"
        ),
        "policies:",
        r"^policies\.chase\.gap\.after_due\.max: must be at most 30, not 99$",
    ),
    (
        "not-one-of-the-audiences",
        replace(
            "obligations:\n",
            "policies:\n  escalation:\n    up:\n      - {level: 1, after: 3, notify: boss}\n"
            "obligations:\n",
        ),
        "notify: boss",
        r"^policies\.escalation\.up\.0\.notify: must be one of 'unit', 'head', 'supervisor' or "
        r"'standing-committee', not 'boss'$",
    ),
    (
        "a-ladder-to-a-standing-committee-the-plan-does-not-name",
        replace(
            "obligations:\n",
            "policies:\n  escalation:\n    default:\n"
            "      - {level: 1, after: 3, notify: standing-committee}\n"
            "obligations:\n",
        ),
        "  - id: bc-thang",
        r"^'bc-thang' escalates to the standing committee, but the plan names none: set "
        r"standing_committee to the unit it is$",
    ),
    (
        "a-standing-committee-that-is-no-unit",
        replace("owner: bdv\n", "owner: bdv\nstanding_committee: ttu\n"),
        "standing_committee: ttu",
        r"^standing_committee 'ttu' is not a declared unit",
    ),
    (
        "a-repeat-of-one-firing",
        replace(
            "obligations:\n",
            "policies:\n  escalation:\n    up:\n"
            "      - {level: 1, after: 3, notify: head, repeat: {every: 2, times: 1}}\n"
            "obligations:\n",
        ),
        "repeat:",
        r"^policies\.escalation\.up\.0\.repeat\.times: must be at least 2, not 1$",
    ),
    (
        "an-unknown-condition",
        replace(
            "obligations:\n",
            "policies:\n  escalation:\n    up:\n"
            "      - {level: 1, after: 3, notify: head, when: not-read}\n"
            "obligations:\n",
        ),
        "when: not-read",
        r"^policies\.escalation\.up\.0\.when: must be one of 'not-acknowledged' or "
        r"'not-submitted', not 'not-read'$",
    ),
    (
        "text-where-a-list",
        replace("    unit_tags: [monthly]", "    unit_tags: monthly"),
        "unit_tags: monthly",
        r"^obligations\.0\.unit_tags: must be a list \(like \[a, b\]\), not 'monthly'$",
    ),
    (
        "empty-name",
        replace("    name: Ban Dân vận Tỉnh ủy\n", '    name: ""\n'),
        'name: ""',
        r"^units\.0\.name: must not be empty$",
    ),
    (
        "number-where-text",
        replace("    name: Tỉnh ủy\n", "    name: 5\n"),
        "name: 5",
        r"^units\.1\.name: must be text, not 5$",
    ),
    (
        "unknown-top-level-key",
        replace("title: Kế hoạch thử nghiệm\n", "titel: Kế hoạch thử nghiệm\n"),
        "titel:",
        r"^unknown key 'titel' \(this kind of entry takes: kind, id, title, source, owner, "
        r"standing_committee, tracking_from, units, directives, policies, obligations, "
        r"field_coverage, notifications, bulletin\)$",
    ),
    (
        "missing-top-level-key",
        replace("owner: bdv\n", ""),
        "kind: plan",
        r"^'owner' is missing$",
    ),
    (
        "merge-of-a-scalar",
        replace("  - code: mttq\n", "  - <<: 5\n    code: mttq\n"),
        "<<: 5",
        r"^'<<' merges a mapping \(\*name\) or a list of them$",
    ),
    (
        "merge-twice",
        lambda t: t.replace("  - code: tu\n", "  - &tu\n    code: tu\n").replace(
            "  - code: mttq\n", "  - <<: *tu\n    <<: *tu\n    code: mttq\n"
        ),
        "<<: *tu\n    code",
        r"^duplicate key '<<': merge a list, like <<: \[\*a, \*b\]$",
    ),
    (
        "supervisor-cycle",  # escalation from bdv would go to tu, and from tu back to bdv
        lambda t: t.replace(
            "    kind: party-commission\n", "    kind: party-commission\n    supervisor: tu\n"
        ).replace(
            "    kind: party-committee\n", "    kind: party-committee\n    supervisor: bdv\n"
        ),
        "supervisor: tu",
        r"^supervisors form a cycle: bdv → tu → bdv$",
    ),
    (
        "date-before-the-calendar",
        replace("owner: bdv\n", "owner: bdv\ntracking_from: 0002-01-01\n"),
        "tracking_from: 0002-01-01",
        r"^tracking_from: 0002-01-01 is outside the calendar dondoc knows "
        r"\(1900-01-01 to 2199-12-31\)$",
    ),
    (
        "date-after-the-calendar",
        replace("    supervisor: tu\n", "    supervisor: tu\n    valid_to: 2200-01-01\n"),
        "valid_to: 2200-01-01",
        r"^units\.2\.valid_to: 2200-01-01 is outside the calendar dondoc knows "
        r"\(1900-01-01 to 2199-12-31\)$",
    ),
    (
        "text-where-mapping",
        replace(
            "    head: {title: Chủ tịch, name: Nguyễn Văn A, email: ct@tinh.example}",
            "    head: Nguyễn Văn A",
        ),
        "head: Nguyễn Văn A",
        r"^units\.2\.head: must be a mapping of keys and values, not 'Nguyễn Văn A'$",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "fragment", "reason"),
    [pytest.param(m, f, r, id=i) for i, m, f, r in PLAN_CASES],
)
def test_a_bad_plan_is_refused_with_its_file_line_and_reason(
    tmp_path: Path, mutate: Mutation, fragment: str, reason: str
) -> None:
    text = mutate(PLAN)
    path = write(tmp_path, "plan.yaml", text)
    with pytest.raises(CatalogueError) as raised:
        load_catalogue([path])
    issues = raised.value.issues
    expected_line = line_of(text, fragment)
    matching = [i for i in issues if re.search(reason, i.message)]
    assert matching, f"no issue matches {reason!r}: {[str(i) for i in issues]}"
    assert (matching[0].file, matching[0].line) == (str(path), expected_line), str(matching[0])
    assert str(matching[0]).startswith(f"{path}:{expected_line}: ")
    assert not [str(i) for i in issues if RAW_PYDANTIC.search(i.message)]


OTHER_CASES: list[tuple[str, str, str, Mutation, str, str]] = [
    (
        "impossible-lunar-date",
        "festivals.yaml",
        FESTIVALS,
        replace("lunar 15/7", "lunar 31/7"),
        "lunar 31/7",
        r"31/7 is not a lunar date",
    ),
    (
        "unknown-rule",
        "festivals.yaml",
        FESTIVALS,
        replace("yearly on lunar 15/7", "fortnightly on day 3"),
        "fortnightly",
        r"is not a rule",
    ),
    (
        "festival-twice",
        "festivals.yaml",
        FESTIVALS,
        lambda t: (
            t
            + FESTIVALS[FESTIVALS.index("  - id: vu-lan") :].replace(
                "name: Lễ Vu Lan", "name: Vu Lan (trùng)"
            )
        ),
        "- id: vu-lan\n    name: Vu Lan (trùng)",
        r"festival 'vu-lan' twice",
    ),
    (
        "day-off-on-a-weekend",
        "workdays.yaml",
        WORKDAYS,
        replace("2024-04-29, name: Nghỉ", "2024-04-27, name: Nghỉ"),
        "2024-04-27",
        r"is a weekend day already",
    ),
    (
        "day-both-off-and-working",
        "workdays.yaml",
        WORKDAYS,
        replace("2024-05-04, name: Làm bù", "2024-04-29, name: Làm bù"),
        "date: 2024-04-29, name: Làm",
        r"2024-04-29 is also a day off in Công văn 1/VPCP-KGVX",
    ),
    (
        "working-day-on-a-holiday",  # Mùng ba Tết Giáp Thìn
        "workdays.yaml",
        WORKDAYS,
        replace("2024-05-04, name: Làm bù", "2024-02-12, name: Làm bù"),
        "2024-02-12",
        r"^2024-02-12 is a statutory holiday \(Mùng ba Tết Nguyên Đán\): it cannot be made a "
        r"working day$",
    ),
    (
        "workday-before-the-calendar",
        "workdays.yaml",
        WORKDAYS,
        replace("2024-04-29, name: Nghỉ", "1899-12-29, name: Nghỉ"),
        "1899-12-29",
        r"^decisions\.0\.days_off\.0\.date: 1899-12-29 is outside the calendar dondoc knows "
        r"\(1900-01-01 to 2199-12-31\)$",
    ),
    (
        "decision-issued-before-the-calendar",
        "workdays.yaml",
        WORKDAYS,
        replace(
            '  - ref: "Công văn 1/VPCP-KGVX"\n',
            '  - ref: "Công văn 1/VPCP-KGVX"\n    issued: 1024-04-01\n',
        ),
        "issued: 1024-04-01",
        r"^decisions\.0\.issued: 1024-04-01 is outside the calendar dondoc knows "
        r"\(1900-01-01 to 2199-12-31\)$",
    ),
    (
        "festival-override-after-the-calendar",
        "festivals.yaml",
        FESTIVALS,
        replace(
            '    rule: "yearly on lunar 15/7"\n',
            '    rule: "yearly on lunar 15/7"\n    overrides:\n'
            "      - {year: 2199, start: 2199-08-30, end: 2200-08-31}\n",
        ),
        "{year: 2199",
        r"^festivals\.0\.overrides\.0\.end: 2200-08-31 is outside the calendar dondoc knows "
        r"\(1900-01-01 to 2199-12-31\)$",
    ),
    (
        "impossible-date",
        "workdays.yaml",
        WORKDAYS,
        replace("2024-04-29, name: Nghỉ", "2024-02-30, name: Nghỉ"),
        "2024-02-30",
        r"'2024-02-30' is not a date \(YYYY-MM-DD\): day is out of range for month",
    ),
]


@pytest.mark.parametrize(
    ("name", "base", "mutate", "fragment", "reason"),
    [pytest.param(n, b, m, f, r, id=i) for i, n, b, m, f, r in OTHER_CASES],
)
def test_bad_calendar_data_is_refused_with_its_file_line_and_reason(
    tmp_path: Path, name: str, base: str, mutate: Mutation, fragment: str, reason: str
) -> None:
    text = mutate(base)
    path = write(tmp_path, name, text)
    with pytest.raises(CatalogueError) as raised:
        load_catalogue([path])
    matching = [i for i in raised.value.issues if re.search(reason, i.message)]
    assert matching, [str(i) for i in raised.value.issues]
    assert (matching[0].file, matching[0].line) == (str(path), line_of(text, fragment))
    assert not [str(i) for i in raised.value.issues if RAW_PYDANTIC.search(i.message)]


def test_a_file_that_is_not_utf8_is_refused_at_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(
        PLAN.encode() + "# tỉnh (Windows-1252)\n".encode().replace(b"\xe1\xbb\x89", b"\xec")
    )
    with pytest.raises(CatalogueError) as raised:
        load_catalogue([path])
    assert (
        str(raised.value.issues[0])
        == f"{path}:{PLAN.count(chr(10)) + 1}: the file is not UTF-8 text"
    )


def test_an_empty_file_and_a_missing_file_are_refused(tmp_path: Path) -> None:
    empty = write(tmp_path, "empty.yaml", "")
    with pytest.raises(CatalogueError) as raised:
        load_catalogue([empty, tmp_path / "missing.yaml"])
    messages = [str(i) for i in raised.value.issues]
    assert f"{empty}:1: the file is empty" in messages
    assert any(
        m.startswith(f"{tmp_path / 'missing.yaml'}:1: cannot read the file") for m in messages
    )


def test_an_obligation_declared_in_two_files_is_refused_in_the_second(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", PLAN)
    second_text = PLAN.replace("id: thu-nghiem", "id: thu-nghiem-2")
    second = write(tmp_path, "b.yaml", second_text)
    with pytest.raises(CatalogueError) as raised:
        load_catalogue([first, second])
    assert f"{second}:{line_of(second_text, '- id: bc-thang')}: obligations.0.id" not in [
        str(i) for i in raised.value.issues
    ]
    assert any(
        i.file == str(second)
        and i.line == line_of(second_text, "- id: bc-thang")
        and f"obligation 'bc-thang' is already in {first}" in i.message
        for i in raised.value.issues
    ), [str(i) for i in raised.value.issues]


def test_two_documents_with_one_id_are_refused(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", FESTIVALS)
    second = write(tmp_path, "b.yaml", FESTIVALS)
    with pytest.raises(CatalogueError) as raised:
        load_catalogue([first, second])
    assert [str(i) for i in raised.value.issues] == [
        f"{second}:2: id 'le-trong' is also used by {first}"
    ]


def test_every_problem_is_reported_at_once_in_file_order(tmp_path: Path) -> None:
    text = PLAN.replace("due: day 18", "due: soon").replace("email: bdv@tinh.example", "email: bdv")
    path = write(tmp_path, "plan.yaml", text)
    with pytest.raises(CatalogueError) as raised:
        load_catalogue([path])
    lines = [i.line for i in raised.value.issues]
    assert lines == sorted(lines)
    assert {line_of(text, "email: bdv"), line_of(text, "due: soon")} <= set(lines)


MERGING = """\
kind: plan
id: thu-nghiem
title: Kế hoạch thử nghiệm
owner: bdv
units:
  - &committee
    code: tu
    name: Tỉnh ủy
    kind: party-committee
    email: vp@tinh.example
    head: {title: Bí thư, name: Nguyễn Văn A, email: bt@tinh.example}
  - &commission
    code: bdv
    name: Ban Dân vận Tỉnh ủy
    kind: party-commission
    email: bdv@tinh.example
    supervisor: tu
  - <<: [*commission, *committee]
    code: mttq
    name: Ủy ban MTTQ tỉnh
    kind: fatherland-front
    tags: [monthly]
obligations:
  - id: bc-thang
    name: Báo cáo tháng
    family: periodic-report
    period: monthly
    due: day 18
    unit_tags: [monthly]
"""


def test_merge_keys_fill_in_what_a_mapping_does_not_say_the_earlier_mapping_first(
    tmp_path: Path,
) -> None:
    catalogue = load_catalogue([write(tmp_path, "plan.yaml", MERGING)])
    mttq = catalogue.units["mttq"]
    assert (mttq.name, mttq.kind.value) == ("Ủy ban MTTQ tỉnh", "fatherland-front")  # its own
    assert mttq.email == "bdv@tinh.example"  # from *commission, which comes before *committee
    assert mttq.supervisor == "tu"  # only *commission says it
    assert mttq.head is not None
    assert mttq.head.email == "bt@tinh.example"  # only *committee says it


def test_a_merged_key_keeps_the_line_where_it_is_written(tmp_path: Path) -> None:
    text = MERGING.replace("email: bdv@tinh.example", "email: bdv@@tinh")
    path = write(tmp_path, "plan.yaml", text)
    with pytest.raises(CatalogueError) as raised:
        load_catalogue([path])
    line = line_of(text, "email: bdv@@tinh")
    where = {i.message.split(":")[0]: i.line for i in raised.value.issues}
    assert where == {"units.1.email": line, "units.2.email": line}


def test_numbers_with_a_leading_zero_and_base_60_stay_text_as_in_yaml_1_2(tmp_path: Path) -> None:
    text = PLAN.replace('zalo: "0912 345 678"', "zalo: 0333123456").replace(
        "    supervisor: tu\n", "    supervisor: tu\n    note: 1:30\n"
    )
    catalogue = load_catalogue([write(tmp_path, "plan.yaml", text)])
    assert catalogue.units["mttq"].zalo == "84333123456"  # YAML 1.1: the octal int 57452334
    assert catalogue.units["mttq"].note == "1:30"  # YAML 1.1: the int 90


def test_a_unit_declared_in_two_files_is_refused_in_the_second_even_as_an_exact_copy(
    tmp_path: Path,
) -> None:
    first = write(tmp_path, "a.yaml", PLAN)
    second_text = PLAN.replace("id: thu-nghiem", "id: thu-nghiem-2").replace(
        "id: bc-thang", "id: bc-thang-2"
    )
    second = write(tmp_path, "b.yaml", second_text)
    with pytest.raises(CatalogueError) as raised:
        load_catalogue([first, second])
    assert [str(i) for i in raised.value.issues] == [
        f"{second}:{line_of(second_text, '- code: ' + code)}: unit {code!r} is declared in "
        f"plan 'thu-nghiem' ({first}) already: refer to it by its code instead of declaring "
        "a copy"
        for code in ("bdv", "tu", "mttq")
    ]


def test_a_plan_may_refer_to_the_units_of_another_file_without_declaring_them(
    tmp_path: Path,
) -> None:
    first = write(tmp_path, "a.yaml", PLAN)
    second = write(
        tmp_path,
        "b.yaml",
        """\
kind: plan
id: huyen
title: Kế hoạch của huyện
owner: hnd
units:
  - {code: hnd, name: Hội Nông dân huyện, kind: socio-political, supervisor: tu,
     email: hnd@huyen.example, head: {name: Trần Văn B, email: ct@huyen.example}}
obligations:
  - {id: bc-huyen, name: Báo cáo, family: periodic-report, period: monthly, due: day 18,
     units: [hnd, mttq]}
""",
    )
    catalogue = load_catalogue([first, second])
    assert catalogue.units["hnd"].supervisor == "tu"
    assert [u.code for u in catalogue.units_of(catalogue.obligations["bc-huyen"][1])] == [
        "mttq",
        "hnd",
    ]


OTHER_PROVINCE = """\
kind: plan
id: tinh-khac
title: Kế hoạch của tỉnh khác
owner: bdv-khac
units:
  - code: bdv-khac
    name: Ban Dân vận Tỉnh ủy (tỉnh khác)
    kind: party-commission
    email: bdv@khac.example
  - code: mttq-khac
    name: Ủy ban MTTQ tỉnh (tỉnh khác)
    kind: fatherland-front
    supervisor: bdv-khac
    tags: [monthly]
    email: mttq@khac.example
    head: {title: Chủ tịch, name: Trần Thị B, email: ct@khac.example}
obligations:
  - id: bc-thang-khac
    name: Báo cáo tháng (tỉnh khác)
    family: periodic-report
    period: monthly
    due: day 20
    unit_tags: [monthly]
"""


def test_a_tag_names_only_its_own_plans_units_so_two_provinces_may_share_tags(
    tmp_path: Path,
) -> None:
    catalogue = load_catalogue(
        [
            write(tmp_path, "plan.yaml", PLAN),
            write(tmp_path, "khac.yaml", OTHER_PROVINCE),
            write(tmp_path, "workdays.yaml", WORKDAYS),
        ]
    )
    ours = catalogue.obligations["bc-thang"][1]
    theirs = catalogue.obligations["bc-thang-khac"][1]
    # Both provinces tag their Front `monthly`; each report is owed by its own province's Front.
    assert [u.code for u in catalogue.units_of(ours)] == ["mttq"]
    assert [u.code for u in catalogue.units_of(theirs)] == ["mttq-khac"]


def test_a_tag_only_another_plan_uses_is_refused_at_its_line(tmp_path: Path) -> None:
    borrowing = OTHER_PROVINCE.replace("    tags: [monthly]\n", "").replace(
        "bc-thang-khac", "bc-muon-tag"
    )
    path = write(tmp_path, "khac.yaml", borrowing)
    with pytest.raises(CatalogueError) as refused:
        load_catalogue([write(tmp_path, "plan.yaml", PLAN), path])
    assert (
        f"{path}:{line_of(borrowing, 'unit_tags: [monthly]')}: no unit of this plan has tag "
        "'monthly'"
    ) in str(refused.value)
