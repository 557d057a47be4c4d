"""The `dondoc` commands, in process, against a real ledger (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from dondoc.cli import app
from tests.conftest import ROOT, demo_catalogue_files

runner = CliRunner()

DEMO = [str(p) for p in demo_catalogue_files()]


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def ledger_fingerprint(url: str) -> dict[str, object]:
    from ledger.db import make_engine

    engine: Engine = make_engine(url)
    tables = ["catalogue_documents", "units", "obligations", "tasks", "audit_log", "outbox"]
    with engine.connect() as connection:
        found: dict[str, object] = {
            t: connection.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in tables
        }
        found["hashes"] = sorted(
            connection.execute(
                text("SELECT id, content_hash, version FROM catalogue_documents")
            ).all()
        )
        found["tasks"] = sorted(
            connection.execute(text("SELECT id, status, due_on FROM tasks")).all()
        )
    engine.dispose()
    return found


def test_db_upgrade_creates_the_ledger_and_then_finds_it_up_to_date(cli: CliRunner) -> None:
    code, output = invoke("db", "upgrade")
    assert code == 0
    assert "migrated from empty to revision 0006" in output
    code, output = invoke("db", "upgrade")
    assert code == 0
    assert "is up to date (revision 0006)" in output


def test_plan_check_accepts_the_demo_catalogue(cli: CliRunner) -> None:
    code, output = invoke("plan", "check", *DEMO)
    assert code == 0, output
    assert "tay-ninh-2024.yaml: ok — plan tay-ninh-2024: 35 units, 54 obligations" in output


def test_plan_check_prints_file_line_reason_and_fails(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text_ = (ROOT / "plans" / "tay-ninh-2024.yaml").read_text(encoding="utf-8")
    bad.write_text(text_.replace("    due: day 18\n", "    due: day 40\n", 1), encoding="utf-8")
    line = text_[: text_.index("    due: day 18\n")].count("\n") + 1
    result = CliRunner().invoke(app, ["plan", "check", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:{line}: obligations.0.due: day 40 is not a day of a month" in result.output


BAD_LOADS = [
    # (file to break, text to replace, replacement, what the error says)
    pytest.param(
        "plans/calendar/festivals.yaml",
        'rule: "yearly on lunar 15/7"',
        'rule: "yearly on lunar 31/7"',
        "31/7 is not a lunar date",
        id="impossible-lunar-date",
    ),
    pytest.param(
        "plans/tay-ninh-2024.yaml",
        "unit_tags: [monthly-reporter]",
        "units: [tn-khong-co]",
        "unit 'tn-khong-co' is not declared",
        id="unknown-unit",
    ),
    pytest.param(
        "plans/tay-ninh-2024.yaml",
        "    due: day 20\n",
        "    due: [day 20\n",
        "not valid YAML",
        id="yaml-syntax",
    ),
    pytest.param(
        "plans/binh-phuoc-dvcq.yaml",
        "email: vanphong@snv.binhphuoc.example",
        "email: vanphong@snv",
        "not a valid email address",
        id="bad-address",
    ),
    pytest.param(
        "plans/calendar/workdays-vn.yaml",
        "date: 2024-05-04",
        "date: 2024-04-29",
        "is also a day off",
        id="day-off-and-working",
    ),
    pytest.param(
        "plans/calendar/workdays-vn.yaml",
        "date: 2024-05-04",
        "date: 2024-09-02",
        "2024-09-02 is a statutory holiday (Quốc khánh): it cannot be made a working day",
        id="working-day-on-a-holiday",
    ),
    pytest.param(
        "plans/tay-ninh-2024.yaml",
        "owner: tn-bdv\n",
        "owner: tn-bdv\ntracking_from: 0002-01-01\n",
        "0002-01-01 is outside the calendar dondoc knows (1900-01-01 to 2199-12-31)",
        id="year-2",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "reason"), BAD_LOADS)
def test_a_refused_load_leaves_the_ledger_as_it_was(
    cli: CliRunner, ledger_url: str, tmp_path: Path, name: str, old: str, new: str, reason: str
) -> None:
    # The demo is loaded from copies that are then edited: a document reloads from its own file.
    copies = {path: tmp_path / path.name for path in demo_catalogue_files()}
    for path, copy in copies.items():
        copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    files = [str(copy) for copy in copies.values()]
    code, output = invoke("plan", "load", *files, "--track-from", "2024-01-01")
    assert code == 0, output
    before = ledger_fingerprint(ledger_url)
    for path, copy in copies.items():
        text_ = path.read_text(encoding="utf-8").replace("day 18", "day 20")  # a change to load…
        if path == ROOT / name:
            assert old in text_
            text_ = text_.replace(old, new, 1)  # …and the error that must stop it
        copy.write_text(text_, encoding="utf-8")
    code, output = invoke("plan", "load", *files)
    assert code == 1
    assert f"{tmp_path / Path(name).name}:" in output
    assert reason in output
    assert ledger_fingerprint(ledger_url) == before


def test_plan_load_then_tasks_json_has_the_stable_shape(cli: CliRunner) -> None:
    code, output = invoke("plan", "load", *DEMO, "--track-from", "2024-01-01")
    assert code == 0, output
    assert "tasks: " in output
    code, output = invoke(
        "tasks", "--json", "--unit", "tn-bdv-go-dau", "--obligation", "tn-bc-dan-van-thang"
    )
    assert code == 0
    tasks = json.loads(output)
    assert tasks[0] == {
        "id": tasks[0]["id"],
        "obligation": "tn-bc-dan-van-thang",
        "unit": "tn-bdv-go-dau",
        "period_key": "2024-01",
        "period_label": "Tháng 1/2024",
        "window_start": "2023-12-15",
        "window_end": "2024-01-14",
        "opens_on": "2024-01-08",
        "due_on": "2024-01-18",
        "status": "planned",
        "submitted_at": None,
        "document_ref": None,
        "escalation_level": 0,
        "family": "periodic-report",
        "step": "report",
        "step_kind": "report",
        "done_on": None,
    }
    # 2024 and 2025: 7 months a year until the district level ends on 30/6/2025 (4 in 2025).
    assert [t["period_key"] for t in tasks] == [
        "2024-01", "2024-02", "2024-04", "2024-05", "2024-07", "2024-08", "2024-10",
        "2025-01", "2025-02", "2025-04", "2025-05",
    ]  # fmt: skip


def test_run_submit_status_and_tasks_as_of_tell_one_story(cli: CliRunner) -> None:
    assert invoke("plan", "load", *DEMO, "--track-from", "2024-01-01")[0] == 0
    for day in ("2024-01-08", "2024-01-22"):
        code, output = invoke("run", "periodic-reports", "--as-of", day, "--direct")
        assert code == 0, output
        code, output = invoke("run", "chase", "--as-of", day, "--direct")
        assert code == 0, output
    assert "tin chờ gửi (kênh chưa được cấu hình)" in output
    code, output = invoke(
        "submit",
        "tn-bc-dan-van-thang",
        "tn-mttq",
        "2024-01",
        "--ref",
        "12-BC/MTTQ",
        "--at",
        "2024-01-12T10:00",
    )
    assert code == 0, output
    assert "đã nộp đúng hạn (12-BC/MTTQ)" in output
    code, output = invoke(
        "submit",
        "tn-bc-dan-van-thang",
        "tn-mttq",
        "2024-01",
        "--ref",
        "13-BC/MTTQ",
        "--at",
        "2024-01-13T10:00",
    )
    assert code == 1
    assert "không ghi đè" in output
    code, output = invoke(
        "waive", "tn-bc-dan-van-thang", "tn-hnct", "2024-01", "--reason", "Đại hội",
        "--as-of", "2024-01-20",
    )  # fmt: skip
    assert code == 0, output

    code, output = invoke("status", "--as-of", "2024-01-22", "--json")
    assert code == 0
    units = {row["unit"]: row for row in json.loads(output)["units"]}
    assert units["tn-mttq"]["done_on_time"] == 1
    assert units["tn-bdv-go-dau"]["overdue"] == 1
    # its one task was waived on the 20th: counted as waived, not dropped from the table
    assert units["tn-hnct"] | {"name": ""} == {
        "unit": "tn-hnct",
        "name": "",
        "done_on_time": 0,
        "done_late": 0,
        "open_in_time": 0,
        "overdue": 0,
        "waived": 1,
    }
    code, output = invoke("status", "--as-of", "2024-01-19", "--json")
    units = {row["unit"]: row for row in json.loads(output)["units"]}
    assert units["tn-hnct"]["overdue"] == 1  # the day before the waiver
    code, output = invoke("status", "--as-of", "2024-01-10", "--json")
    units = {row["unit"]: row for row in json.loads(output)["units"]}
    assert units["tn-mttq"]["open_in_time"] == 1  # it handed in on the 12th

    code, output = invoke("tasks", "--json", "--as-of", "2024-01-20", "--unit", "tn-mttq")
    assert [(t["period_key"], t["status"]) for t in json.loads(output)] == [
        ("2024-01", "submitted_on_time")
    ]
    code, output = invoke("tasks", "--json", "--as-of", "2024-01-20", "--unit", "tn-hnd")
    assert [(t["period_key"], t["status"]) for t in json.loads(output)] == [("2024-01", "overdue")]


def test_an_unknown_task_is_a_clear_error(cli: CliRunner) -> None:
    assert invoke("plan", "load", *DEMO, "--track-from", "2024-01-01")[0] == 0
    code, output = invoke("waive", "tn-bc-dan-van-thang", "tn-khong-co", "2024-01", "--reason", "x")
    assert code == 1
    assert "không có nhiệm vụ 'tn-bc-dan-van-thang' của đơn vị 'tn-khong-co' kỳ '2024-01'" in output


def test_calendar_commands_print_the_stable_json(cli: CliRunner, tmp_path: Path) -> None:
    assert json.loads(invoke("calendar", "lunar", "2024-02-10", "--json")[1]) == {
        "day": 1, "month": 1, "year": 2024, "leap": False
    }  # fmt: skip
    code, output = invoke(
        "calendar", "lunar", "--from", "2023-04-19", "--to", "2023-04-21", "--format", "jsonl"
    )
    assert [json.loads(line) for line in output.splitlines()] == [
        {"solar": "2023-04-19", "day": 29, "month": 2, "year": 2023, "leap": True},
        {"solar": "2023-04-20", "day": 1, "month": 3, "year": 2023, "leap": False},
        {"solar": "2023-04-21", "day": 2, "month": 3, "year": 2023, "leap": False},
    ]
    assert json.loads(invoke("calendar", "solar", "--lunar", "15/7/2024", "--json")[1]) == {
        "solar": "2024-08-18"
    }
    assert json.loads(
        invoke("calendar", "solar", "--lunar", "1/2/2023", "--leap", "--json")[1]
    ) == {"solar": "2023-03-22"}
    code, output = invoke("calendar", "solar", "--lunar", "30/12/2024", "--json")
    assert code == 1
    assert "29 days" in output
    festivals = json.loads(invoke("calendar", "festivals", "2024", "--json")[1])
    duc_chi_ton = next(f for f in festivals if f["id"] == "dai-le-duc-chi-ton")
    assert duc_chi_ton == {
        "id": "dai-le-duc-chi-ton",
        "name": "Đại lễ Đức Chí Tôn",
        "religion": "Cao Đài",
        "start": "2024-02-18",
        "end": "2024-02-18",
        "ceremony": "2024-02-17",
        "rule": "yearly on lunar 9/1 eve",
    }
    assert json.loads(invoke("calendar", "workday", "2024-05-04", "--json")[1]) == {
        "date": "2024-05-04",
        "working": True,
        "reason": "Làm bù cho thứ Hai 29/4/2024",
        "source": "Công văn 2450/VPCP-KGVX",
    }
    assert json.loads(invoke("calendar", "period", "quarterly", "2026-Q1", "--json")[1]) == {
        "key": "2026-Q1",
        "label": "Quý I/2026",
        "start": "2025-12-15",
        "end": "2026-03-14",
    }
    ics = tmp_path / "le.ics"
    code, output = invoke("calendar", "ics", "2024", "--output", str(ics))
    assert code == 0, output
    content = ics.read_bytes()
    assert content.startswith(b"BEGIN:VCALENDAR")
    assert content.count(b"BEGIN:VEVENT") == len(festivals)


PROVINCE = """\
kind: plan
id: tinh
title: Kế hoạch của tỉnh
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
    zalo: 0333123456
    head: {title: Chủ tịch, name: Nguyễn Văn A, email: ct@tinh.example}
obligations:
  - id: bc-thang
    name: Báo cáo tháng
    family: periodic-report
    period: monthly
    due: day 18
    unit_tags: [monthly]
"""

DISTRICT = """\
kind: plan
id: huyen
title: Kế hoạch của huyện
owner: hnd
units:
  - code: hnd
    name: Hội Nông dân huyện
    kind: socio-political
    supervisor: tu
    email: hnd@huyen.example
    head: {name: Trần Văn B, email: ct@huyen.example}
obligations:
  - id: bc-huyen
    name: Báo cáo của huyện
    family: periodic-report
    period: monthly
    due: day 20
    units: [hnd]
"""


def write(path: Path, text_: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text_, encoding="utf-8")
    return path


def line_of(text_: str, fragment: str) -> int:
    return text_[: text_.index(fragment)].count("\n") + 1


def loaded(*files: Path) -> None:
    code, output = invoke("plan", "load", *map(str, files), "--track-from", "2024-01-01")
    assert code == 0, output


def refused_alike(url: str, *files: Path) -> list[str]:
    """What `plan check` and `plan load` say of files that both refuse; the ledger stays as is."""
    before = ledger_fingerprint(url)
    check_code, check_output = invoke("plan", "check", *map(str, files))
    load_code, load_output = invoke("plan", "load", *map(str, files))
    assert (check_code, load_code) == (1, 1), check_output + load_output
    assert check_output.splitlines() == load_output.splitlines()
    assert ledger_fingerprint(url) == before
    return check_output.splitlines()


def scalar(url: str, query: str) -> object:
    from ledger.db import make_engine

    engine: Engine = make_engine(url)
    with engine.connect() as connection:
        found = connection.execute(text(query)).scalar_one()
    engine.dispose()
    return found


def test_a_zalo_number_with_a_leading_zero_is_stored_as_written(
    cli: CliRunner, ledger_url: str, tmp_path: Path
) -> None:
    loaded(write(tmp_path / "tinh.yaml", PROVINCE))
    assert scalar(ledger_url, "SELECT zalo_phone FROM units WHERE code = 'mttq'") == "84333123456"


def test_a_plan_loaded_on_its_own_may_refer_to_a_unit_another_plan_stored(
    cli: CliRunner, ledger_url: str, tmp_path: Path
) -> None:
    loaded(write(tmp_path / "tinh.yaml", PROVINCE))
    district = write(tmp_path / "huyen.yaml", DISTRICT)
    code, output = invoke("plan", "check", str(district))
    assert (code, output) == (0, f"{district}: ok — plan huyen: 1 unit, 1 obligation\n")
    loaded(district)
    assert scalar(ledger_url, "SELECT supervisor_code FROM units WHERE code = 'hnd'") == "tu"
    assert scalar(ledger_url, "SELECT document_id FROM units WHERE code = 'tu'") == "tinh"


TAKEOVERS = [
    pytest.param(
        "  - code: mttq\n    name: Ủy ban MTTQ tỉnh\n    kind: fatherland-front\n"
        "    email: stranger@example.com\n",
        "unit 'mttq' belongs to plan 'tinh' ({tinh}), and only that plan may change it: refer "
        "to it by its code instead of declaring it here",
        id="a-unit-rewritten",
    ),
    pytest.param(
        "  - code: tu\n    name: Tỉnh ủy\n    kind: party-committee\n    email: vp@tinh.example\n",
        "unit 'tu' is declared in plan 'tinh' ({tinh}) already: refer to it by its code instead "
        "of declaring a copy",
        id="an-exact-copy-of-a-unit",
    ),
]


@pytest.mark.parametrize(("declaration", "reason"), TAKEOVERS)
def test_a_plan_cannot_declare_a_unit_another_plan_stored(
    cli: CliRunner, ledger_url: str, tmp_path: Path, declaration: str, reason: str
) -> None:
    province = write(tmp_path / "tinh.yaml", PROVINCE)
    loaded(province)
    district_text = DISTRICT.replace("obligations:\n", declaration + "obligations:\n")
    district = write(tmp_path / "huyen.yaml", district_text)
    line = line_of(district_text, declaration)
    assert refused_alike(ledger_url, district) == [
        f"{district}:{line}: " + reason.format(tinh=province.resolve())
    ]
    assert scalar(ledger_url, "SELECT email FROM units WHERE code = 'mttq'") == "mttq@tinh.example"


def test_a_plan_cannot_take_over_an_obligation_another_plan_stored(
    cli: CliRunner, ledger_url: str, tmp_path: Path
) -> None:
    province = write(tmp_path / "tinh.yaml", PROVINCE)
    loaded(province)
    district_text = DISTRICT.replace("id: bc-huyen", "id: bc-thang")
    district = write(tmp_path / "huyen.yaml", district_text)
    assert refused_alike(ledger_url, district) == [
        f"{district}:{line_of(district_text, '- id: bc-thang')}: obligation 'bc-thang' is "
        f"already in {province.resolve()}: give this one another id"
    ]
    assert scalar(ledger_url, "SELECT document_id FROM obligations WHERE id = 'bc-thang'") == "tinh"


def test_a_document_reloads_from_its_own_file_or_from_a_new_one_once_the_old_is_gone(
    cli: CliRunner, ledger_url: str, tmp_path: Path
) -> None:
    province = write(tmp_path / "tinh.yaml", PROVINCE)
    loaded(province)
    changed = PROVINCE.replace("due: day 18", "due: day 20")
    elsewhere = write(tmp_path / "elsewhere" / "tinh.yaml", changed)
    assert refused_alike(ledger_url, elsewhere) == [
        f"{elsewhere}:2: plan 'tinh' is already loaded from {province.resolve()}: reload it from "
        "that file, or give this document another id"
    ]
    province.unlink()  # the file was moved: its new place may load it
    loaded(elsewhere)
    assert scalar(ledger_url, "SELECT file FROM catalogue_documents WHERE id = 'tinh'") == str(
        elsewhere.resolve()
    )
    assert scalar(ledger_url, "SELECT version FROM catalogue_documents WHERE id = 'tinh'") == 2


def test_supervisors_in_a_cycle_are_refused_by_check_and_load_alike(
    cli: CliRunner, ledger_url: str, tmp_path: Path
) -> None:
    province = write(tmp_path / "tinh.yaml", PROVINCE)
    loaded(province)
    cyclic = PROVINCE.replace(
        "    kind: party-committee\n", "    kind: party-committee\n    supervisor: mttq\n"
    )
    write(province, cyclic)
    assert refused_alike(ledger_url, province) == [
        f"{province}:{line_of(cyclic, 'supervisor: mttq')}: supervisors form a cycle: "
        "tu → mttq → tu",
        f"{province}:{line_of(cyclic, 'supervisor: tu')}: supervisors form a cycle: "
        "mttq → tu → mttq",
    ]


def test_a_cycle_through_a_stored_plan_is_refused_at_both_ends(
    cli: CliRunner, ledger_url: str, tmp_path: Path
) -> None:
    province = write(tmp_path / "tinh.yaml", PROVINCE)
    district = write(
        tmp_path / "huyen.yaml", DISTRICT.replace("supervisor: tu", "supervisor: mttq")
    )
    loaded(province, district)
    cyclic = PROVINCE.replace("supervisor: tu", "supervisor: hnd")
    write(province, cyclic)
    assert refused_alike(ledger_url, province) == [
        f"{district.resolve()}:1: plan 'huyen' as the ledger holds it, at units.0.supervisor: "
        "supervisors form a cycle: hnd → mttq → hnd",
        f"{province}:{line_of(cyclic, 'supervisor: hnd')}: supervisors form a cycle: "
        "mttq → hnd → mttq",
    ]


def test_a_reload_cannot_drop_a_unit_another_stored_plan_refers_to(
    cli: CliRunner, ledger_url: str, tmp_path: Path
) -> None:
    province = write(tmp_path / "tinh.yaml", PROVINCE)
    loaded(province, write(tmp_path / "huyen.yaml", DISTRICT))
    without_tu = PROVINCE.replace(
        "  - code: tu\n    name: Tỉnh ủy\n    kind: party-committee\n    email: vp@tinh.example\n",
        "",
    ).replace("supervisor: tu", "supervisor: bdv")
    write(province, without_tu)
    # Both are the reload's doing: the unit gone, and so the escalation with nobody to reach.
    assert refused_alike(ledger_url, province) == [
        f"{(tmp_path / 'huyen.yaml').resolve()}:1: plan 'huyen' as the ledger holds it, at "
        "obligations.0: 'bc-huyen' escalates to the supervisor of 'hnd', which has none with "
        "an address",
        f"{(tmp_path / 'huyen.yaml').resolve()}:1: plan 'huyen' as the ledger holds it, at "
        f"units.0.supervisor: supervisor 'tu' is not a unit: plan 'tinh' ({province}) no longer "
        "declares it (a unit ends by its valid_to, not by leaving the file)",
    ]


def test_a_unit_whose_parent_names_it_as_supervisor_loads(
    cli: CliRunner, ledger_url: str, tmp_path: Path
) -> None:
    # bdv's parent is tu and tu's supervisor is bdv: no insert order satisfies both keys
    looped = PROVINCE.replace(
        "    kind: party-commission\n", "    kind: party-commission\n    parent: tu\n"
    ).replace("    kind: party-committee\n", "    kind: party-committee\n    supervisor: bdv\n")
    loaded(write(tmp_path / "tinh.yaml", looped))
    assert scalar(ledger_url, "SELECT parent_code FROM units WHERE code = 'bdv'") == "tu"
    assert scalar(ledger_url, "SELECT supervisor_code FROM units WHERE code = 'tu'") == "bdv"


def test_plan_check_reads_the_ledger_and_never_creates_one(
    cli: CliRunner, ledger_url: str, tmp_path: Path
) -> None:
    province = write(tmp_path / "tinh.yaml", PROVINCE)
    code, output = invoke("plan", "check", str(province))
    assert code == 0, output
    from ledger.db import current_revision, make_engine

    if ledger_url.startswith("sqlite:///"):
        assert not Path(ledger_url.removeprefix("sqlite:///")).exists()
    else:
        engine = make_engine(ledger_url)
        assert current_revision(engine) is None
        engine.dispose()


def test_acknowledge_records_that_the_unit_received_its_task_once(
    cli: CliRunner, ledger_url: str
) -> None:
    assert invoke("plan", "load", *DEMO, "--track-from", "2024-01-01")[0] == 0
    code, output = invoke("run", "periodic-reports", "--as-of", "2024-01-08", "--direct")
    assert code == 0, output
    code, output = invoke(
        "acknowledge", "tn-bc-dan-van-thang", "tn-mttq", "2024-01", "--as-of", "2024-01-09"
    )
    assert code == 0, output
    assert "Ghi nhận đã nhận" in output
    code, output = invoke(
        "acknowledge", "tn-bc-dan-van-thang", "tn-mttq", "2024-01", "--as-of", "2024-01-10"
    )
    assert code == 0, output
    assert "không thay đổi" in output
    code, output = invoke("tasks", "--json", "--as-of", "2024-01-10", "--unit", "tn-mttq")
    assert [(t["period_key"], t["status"]) for t in json.loads(output)] == [
        ("2024-01", "acknowledged")
    ]

    from ledger.db import make_engine

    engine = make_engine(ledger_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT a.actor, a.action FROM audit_log a JOIN tasks t ON a.entity = 'task' "
                "AND a.entity_id = CAST(t.id AS VARCHAR(255)) "
                "WHERE t.unit_code = 'tn-mttq' AND a.action = 'acknowledge'"
            )
        ).all()
    engine.dispose()
    assert rows == [("operator:acknowledge-task", "acknowledge")]


def test_acknowledging_an_unknown_task_is_a_clear_error(cli: CliRunner) -> None:
    assert invoke("plan", "load", *DEMO, "--track-from", "2024-01-01")[0] == 0
    code, output = invoke("acknowledge", "tn-bc-dan-van-thang", "tn-khong-co", "2024-01")
    assert code == 1
    assert "không có nhiệm vụ 'tn-bc-dan-van-thang' của đơn vị 'tn-khong-co' kỳ '2024-01'" in output
