"""The committed table is what the generator makes, and says so."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from calendars import _lunar_table

ROOT = Path(__file__).resolve().parents[3]
GENERATOR = ROOT / "scripts" / "generate_lunar_table.py"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_lunar_table", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_committed_table_and_its_doc_equal_a_fresh_generation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert load_generator().main(["--check", "--quiet"]) == 0, capsys.readouterr().err


def test_the_table_header_says_it_is_generated_by_which_command_from_what() -> None:
    header = Path(_lunar_table.__file__).read_text(encoding="utf-8").splitlines()[:6]
    assert header[0] == "# GENERATED FILE - DO NOT EDIT BY HAND."
    assert "uv run python scripts/generate_lunar_table.py" in header[1]
    assert any("PyEphem" in line and "UTC+7" in line for line in [" ".join(header)])


def test_the_table_holds_one_row_per_lunar_year_from_1899_to_2200() -> None:
    assert (_lunar_table.FIRST_YEAR, _lunar_table.LAST_YEAR) == (1899, 2200)
    assert len(_lunar_table.YEARS) == 2200 - 1899 + 1
    for (tet, leap, mask), (next_tet, _, _) in zip(
        _lunar_table.YEARS, [*_lunar_table.YEARS[1:], (_lunar_table.END_ORDINAL, 0, 0)], strict=True
    ):
        count = 13 if leap else 12
        assert 0 <= leap <= 12
        assert mask < 1 << count
        assert next_tet - tet == 29 * count + mask.bit_count()
