"""The real calendar data, loaded once through the real loader.

`plans/calendar/workdays-vn.yaml` (decisions 2020–2027 with their numbers) and
`plans/calendar/festivals.yaml`; the research behind them is in `docs/research/`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from calendars.festivals import Festival
from calendars.workdays import WorkCalendar
from obligations.loader import Catalogue, load_catalogue

ROOT = Path(__file__).resolve().parents[3]
CALENDAR_FILES = [
    ROOT / "plans" / "calendar" / "workdays-vn.yaml",
    ROOT / "plans" / "calendar" / "festivals.yaml",
]


@pytest.fixture(scope="session")
def calendar_catalogue() -> Catalogue:
    return load_catalogue(CALENDAR_FILES)


@pytest.fixture(scope="session")
def cal(calendar_catalogue: Catalogue) -> WorkCalendar:
    """The civil-service working days: statutory holidays plus every published decision."""
    return calendar_catalogue.calendar


@pytest.fixture(scope="session")
def festivals(calendar_catalogue: Catalogue) -> list[Festival]:
    return calendar_catalogue.festivals()
