"""One-off deadlines of seed 000 (Chương trình hành động số 13-CTr/TU, Kiên Giang): "hoàn thành
trong quý III-2021" is due by the quarter's last working day, Thursday 30/9/2021, and "trong quý
I-2022" by Thursday 31/3/2022, owed by whom the seed names — and by nobody a second time."""

from __future__ import annotations

import json
from collections import Counter

from typer.testing import CliRunner

from dondoc.cli import app
from tests.conftest import PLANS

# The 15 district-level committees of Kiên Giang in 2021–2022 (plans/kien-giang.yaml).
DISTRICTS = {
    "kg-rach-gia", "kg-ha-tien", "kg-phu-quoc", "kg-kien-luong", "kg-hon-dat", "kg-tan-hiep",
    "kg-chau-thanh", "kg-giong-rieng", "kg-go-quao", "kg-an-bien", "kg-an-minh", "kg-vinh-thuan",
    "kg-u-minh-thuong", "kg-kien-hai", "kg-giang-thanh",
}  # fmt: skip


def test_the_one_off_deadlines_of_seed_000_fall_on_their_quarters_last_working_days() -> None:
    files = [str(PLANS / "kien-giang.yaml"), *map(str, sorted(PLANS.glob("calendar/*.yaml")))]
    result = CliRunner().invoke(
        app, ["preview", "--from", "2021-01-01", "--to", "2025-12-31", "--json", *files]
    )
    assert result.exit_code == 0, result.output
    rows = [r for r in json.loads(result.output) if r["obligation"].startswith("kg-lop-boi-duong")]
    owed = Counter((r["obligation"], r["occurrence_key"], r["due_on"], r["unit"]) for r in rows)
    assert set(owed.values()) == {1}
    assert set(owed) == {
        ("kg-lop-boi-duong-dan-van-tinh", "2021-Q3", "2021-09-30", "kg-bdv"),
        *(("kg-lop-boi-duong-dan-van-huyen", "2022-Q1", "2022-03-31", d) for d in DISTRICTS),
    }
    assert {r["occurrence_label"] for r in rows} == {"Quý III/2021", "Quý I/2022"}
