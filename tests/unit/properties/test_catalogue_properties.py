"""Properties of catalogues: generated valid plans load, and expand into what the docs promise.

obligations/expand.py: an occurrence is planned when its anchor falls in the window and its
obligation is in force then; a task is one (obligation, occurrence, step, unit); each step is
owed by units that exist on its due date, opens by its own rule but never after its due date.
Expansion is pure — the same catalogue, the same window, the same tasks — and the ledger's
copy of a catalogue (its JSON) is the catalogue. Plans are drawn by
tests/unit/properties/catalogues.py; settings: tests/unit/properties/profile.py.
"""

from __future__ import annotations

import itertools
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from calendars.periods import Period
from calendars.workdays import Shift
from obligations.expand import PlannedOccurrence, PlannedTask, expand, tasks_of
from obligations.loader import Catalogue, load_catalogue, spec_hash
from obligations.schema import OccurrenceSource, PlanDoc
from tests.conftest import PLANS
from tests.unit.properties.catalogues import plans
from tests.unit.properties.profile import examples

CALENDAR_FILES = [PLANS / "calendar" / "festivals.yaml", PLANS / "calendar" / "workdays-vn.yaml"]
SPANS = st.integers(0, 800)  # days planned from the plan's tracking start


def load(document: dict[str, Any]) -> Catalogue:
    """The plan written as YAML, as a province writes it, and loaded with the seed calendars."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "ke-hoach.yaml"
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
        return load_catalogue([path, *CALENDAR_FILES])


def window(catalogue: Catalogue, span: int) -> tuple[dict[str, date], date]:
    plan = catalogue.plans[0]
    assert plan.tracking_from is not None
    return {plan.id: plan.tracking_from}, plan.tracking_from + timedelta(days=span)


def tasks(planned: dict[str, list[PlannedOccurrence]]) -> list[PlannedTask]:
    return sorted(tasks_of(item for found in planned.values() for item in found))


@examples(60)
@given(document=plans(), span=SPANS)
def test_a_valid_plan_loads_and_expands_within_its_window_in_order_once_each(
    document: dict[str, Any], span: int
) -> None:
    catalogue = load(document)
    tracking, last = window(catalogue, span)
    first = next(iter(tracking.values()))
    planned = expand(catalogue, last, tracking)
    assert set(planned) == {ob["id"] for ob in document["obligations"]}
    for ob_id, found in planned.items():
        ob = catalogue.obligations[ob_id][1]
        anchors = [item.occurrence.anchor for item in found]
        assert anchors == sorted(anchors)
        assert all(first <= anchor <= last for anchor in anchors)
        assert all(ob.valid_from is None or ob.valid_from <= a for a in anchors)
        assert all(ob.valid_to is None or a <= ob.valid_to for a in anchors)
        keys = [item.occurrence.key for item in found]
        assert len(set(keys)) == len(keys), keys
        for item in found:
            steps = [step.step.id for step in item.steps]
            assert steps == [step.id for step in catalogue.resolved[ob_id].steps]
            for step in item.steps:
                assert step.opens_on <= step.due_on
                # owed by units that exist on the step's due date, each once
                assert len(set(step.units)) == len(step.units)
                assert all(catalogue.units[code].valid_on(step.due_on) for code in step.units)
    found_tasks = tasks(planned)
    assert len({task.key for task in found_tasks}) == len(found_tasks)


@examples(60)
@given(document=plans(), span=SPANS)
def test_a_periodic_report_is_due_once_per_period_after_its_data_cut_off(
    document: dict[str, Any], span: int
) -> None:
    catalogue = load(document)
    tracking, last = window(catalogue, span)
    planned = expand(catalogue, last, tracking, families={"periodic-report"})
    calendar = catalogue.calendar
    for ob_id, found in planned.items():
        ob = catalogue.obligations[ob_id][1]
        assert ob.period is not None
        assert ob.due is not None
        for item in found:
            occ = item.occurrence
            period = Period.parse(ob.period, occ.key)
            assert ob.only is None or period.index in ob.only
            assert occ.window == ob.window.window(period)
            if ob.effective_shift is not Shift.NONE:  # moved off days off, never onto one
                assert calendar.is_working_day(occ.anchor)
            if ob.due.kind.value in ("day", "workdays") and ob.effective_shift is Shift.NEXT:
                assert occ.anchor > occ.window[1]  # the figures are in before the report
        periods = [Period.parse(ob.period, item.occurrence.key) for item in found]
        # Consecutive periods, none skipped — unless `only` skips some, or the obligation
        # starts or ends between two.
        if ob.only is None and ob.valid_from is None and ob.valid_to is None:
            assert all(b == a.next() for a, b in itertools.pairwise(periods))


@examples(40)
@given(document=plans(), span=SPANS, cut=st.floats(0, 1))
def test_expanding_a_window_in_two_parts_plans_what_expanding_it_whole_does(
    document: dict[str, Any], span: int, cut: float
) -> None:
    """What the daily runs rely on: planning day by day adds up to planning the year."""
    catalogue = load(document)
    tracking, last = window(catalogue, span)
    first = next(iter(tracking.values()))
    middle = first + timedelta(days=int(span * cut))
    whole = expand(catalogue, last, tracking)
    before = expand(catalogue, middle, tracking)
    after = expand(catalogue, last, dict.fromkeys(tracking, middle + timedelta(days=1)))
    for ob_id in whole:
        assert before[ob_id] + after[ob_id] == whole[ob_id]


@examples(40)
@given(document=plans(), span=SPANS)
def test_the_same_plan_loaded_again_or_read_back_from_the_ledgers_json_plans_the_same_tasks(
    document: dict[str, Any], span: int
) -> None:
    catalogue = load(document)
    tracking, last = window(catalogue, span)
    planned = tasks(expand(catalogue, last, tracking))
    assert tasks(expand(load(document), last, tracking)) == planned
    stored = Catalogue.from_specs(
        (d.kind, d.file, d.content_hash, d.spec_json()) for d in catalogue.documents
    )
    assert [d.spec_json() for d in stored.documents] == [d.spec_json() for d in catalogue.documents]
    assert tasks(expand(stored, last, tracking)) == planned


@examples(40)
@given(document=plans())
def test_a_plan_written_out_from_its_loaded_form_loads_as_the_same_plan(
    document: dict[str, Any],
) -> None:
    """The document's JSON — what the ledger stores and hashes — written back as YAML is the
    same document: nothing given is lost, nothing defaulted comes back as given."""
    plan = load(document).plans[0]
    again = load(plan.model_dump(mode="json")).plans[0]
    assert spec_hash(again.model_dump(mode="json")) == spec_hash(plan.model_dump(mode="json"))
    assert again == plan


@examples(40)
@given(document=plans())
def test_every_obligation_of_a_loaded_plan_is_resolved_with_steps_of_its_family(
    document: dict[str, Any],
) -> None:
    catalogue = load(document)
    plan: PlanDoc = catalogue.plans[0]
    assert set(catalogue.resolved) == {ob.id for ob in plan.all_obligations}
    for resolved in catalogue.resolved.values():
        family = catalogue.families[resolved.spec.family]
        own = {step.id for step in resolved.spec.steps or ()}
        assert {s.id for s in resolved.steps} == {s.id for s in family.steps if not s.skip} | own
        if family.occurrences is OccurrenceSource.FESTIVAL:
            assert resolved.festival is not None
        if family.occurrences is OccurrenceSource.DIRECTIVE:
            assert resolved.directive is not None
