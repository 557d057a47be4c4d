"""Field coverage, pure: which communes each specialist is in charge of, and how far a year's
field days cover them (seed 003, IV.2: "đi cơ sở 01 tháng ít nhất 01 ngày, trong năm phải đến
… 100% xã, phường, thị trấn tại địa bàn phụ trách")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from calendars.periods import Period, PeriodKind
from obligations.schema import FieldCoverageSpec, PlanDoc, SpecialistSpec


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    area: str  # the area's name


def find_specialist(
    plans: Iterable[PlanDoc], code: str
) -> tuple[PlanDoc, FieldCoverageSpec, SpecialistSpec] | None:
    for plan in plans:
        coverage = plan.field_coverage
        if coverage is None:
            continue
        for person in coverage.specialists:
            if person.code == code:
                return plan, coverage, person
    return None


def charge(coverage: FieldCoverageSpec, person: SpecialistSpec) -> list[Commune]:
    """The communes a specialist is in charge of, in the plan's order (areas, then communes)."""
    found: list[Commune] = []
    wanted_areas = set(person.areas)
    wanted = set(person.communes)
    for area in coverage.areas:
        for commune in area.communes:
            if area.code in wanted_areas or commune.code in wanted:
                found.append(Commune(commune.code, commune.name, area.name))
    return found


@dataclass(frozen=True)
class Coverage:
    """One specialist's year."""

    specialist: str
    name: str
    communes: tuple[Commune, ...]
    visited: dict[str, tuple[date, ...]]  # commune code → the days, in order
    months_without: tuple[int, ...]  # months ended by `through` with no field day

    @property
    def not_visited(self) -> tuple[Commune, ...]:
        return tuple(c for c in self.communes if c.code not in self.visited)

    @property
    def percent(self) -> float:
        if not self.communes:
            return 0.0
        return round(100 * len(self.visited) / len(self.communes), 1)


def month_end(year: int, month: int) -> date:
    return Period(year, PeriodKind.MONTHLY, month).end


def year_coverage(
    coverage: FieldCoverageSpec,
    person: SpecialistSpec,
    days: Iterable[tuple[str, date]],
    year: int,
    through: date,
) -> Coverage:
    """A specialist's coverage of `year` from their field days (commune, day), as of `through`.

    A month counts as missed once it has ended (by `through`) without a field day — of any
    commune of the charge; a day in a commune outside the charge (a reassigned area) still
    counts as the month's field day, but not towards the coverage of the charge.
    """
    communes = charge(coverage, person)
    mine = {c.code for c in communes}
    visited: dict[str, list[date]] = {}
    months: set[int] = set()
    for commune, day in days:
        if day.year != year:
            continue
        months.add(day.month)
        if commune in mine:
            visited.setdefault(commune, []).append(day)
    ended = [m for m in range(1, 13) if month_end(year, m) <= through]
    start = person.valid_from or coverage.valid_from
    if start is not None:
        ended = [m for m in ended if month_end(year, m) >= start]
    return Coverage(
        person.code,
        person.name,
        tuple(communes),
        {code: tuple(sorted(set(d))) for code, d in visited.items()},
        tuple(m for m in ended if m not in months),
    )
