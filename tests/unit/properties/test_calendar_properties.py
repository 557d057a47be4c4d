"""Properties of the calendars (calendars/), over many generated dates, periods and rules.

What calendars/tests pins with literal dates, these check as laws: conversions that undo each
other, counts that add up, deadlines that never land on a day off, windows that tile the year.
The working-day laws run on the published decisions (plans/calendar/workdays-vn.yaml) as well
as on the statutory days alone. Settings: tests/unit/properties/profile.py.
"""

from __future__ import annotations

import itertools
from calendar import monthrange
from datetime import date, timedelta
from functools import cache

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from calendars import lunar
from calendars.coverage import FIRST_DAY, LAST_DAY
from calendars.deadlines import DueKind, DueRule, OpenRule, StepDue, StepDueKind
from calendars.periods import (
    PERIODS_PER_YEAR,
    Period,
    PeriodError,
    PeriodKind,
    Window,
    periods_between,
)
from calendars.workdays import Shift, WorkCalendar
from obligations.loader import load_catalogue
from tests.conftest import PLANS
from tests.unit.properties.profile import examples

ONE_DAY = timedelta(days=1)


@cache
def published() -> WorkCalendar:
    """Statutory days off and every published decision (plans/calendar/workdays-vn.yaml)."""
    return load_catalogue([PLANS / "calendar" / "workdays-vn.yaml"]).calendar


@cache
def statutory() -> WorkCalendar:
    return WorkCalendar()


CALENDARS = st.sampled_from(["published", "statutory"]).map(
    lambda name: published() if name == "published" else statutory()
)
# Where the decisions are (2020–2027) and a margin around them, and the whole range.
RECENT = st.dates(date(2018, 1, 1), date(2029, 12, 31))
ANY_DAY = st.dates(FIRST_DAY, LAST_DAY - timedelta(days=200))
DAYS = st.one_of(RECENT, RECENT, ANY_DAY)
COUNTS = st.integers(-60, 60)


# --- lunar ---------------------------------------------------------------------------------------


@examples(300)
@given(
    year=st.integers(1800, 2300),
    month=st.integers(-1, 14),
    day=st.integers(-1, 32),
    leap=st.booleans(),
)
def test_a_lunar_date_converts_and_back_or_is_refused_as_a_lunar_date_error(
    year: int, month: int, day: int, leap: bool
) -> None:
    try:
        solar = lunar.to_solar(year, month, day, leap)
    except lunar.LunarDateError:
        return  # and never another exception
    assert lunar.to_lunar(solar) == lunar.LunarDate(year, month, day, leap)


@st.composite
def lunar_months(draw: st.DrawFn) -> lunar.LunarMonth:
    year = draw(st.integers(*lunar.LUNAR_YEAR_RANGE))
    return draw(st.sampled_from(lunar.months(year)))


@examples(200)
@given(month=lunar_months())
def test_a_lunar_month_ends_on_its_length_and_the_next_day_starts_a_month(
    month: lunar.LunarMonth,
) -> None:
    length = lunar.month_length(month.year, month.month, month.leap)
    assert length in (29, 30)
    last = lunar.to_solar(month.year, month.month, length, month.leap)
    assert last == month.end
    if length == 29:
        with pytest.raises(lunar.LunarDateError):
            lunar.to_solar(month.year, month.month, 30, month.leap)
    assume(last < lunar.SUPPORTED_RANGE[1])
    assert lunar.to_lunar(last + ONE_DAY).day == 1


@examples(100)
@given(year=st.integers(lunar.LUNAR_YEAR_RANGE[0] + 1, lunar.LUNAR_YEAR_RANGE[1]))
def test_tet_is_day_one_of_month_one_and_follows_the_last_day_of_the_year_before(
    year: int,
) -> None:
    tet = lunar.new_year(year)
    assert lunar.to_solar(year, 1, 1) == tet
    eve = lunar.to_lunar(tet - ONE_DAY)
    assert (eve.year, eve.month) == (year - 1, 12)
    assert eve.day == lunar.month_length(year - 1, 12, eve.leap)
    # Tết falls between the winter solstice's month and the spring: 21 January to 20 February.
    assert date(tet.year, 1, 21) <= tet <= date(tet.year, 2, 20)


@examples(100)
@given(year=st.integers(-3000, 3000))
def test_the_sexagenary_names_repeat_every_sixty_years_and_only_then(year: int) -> None:
    names = [lunar.year_name(year + k) for k in range(60)]
    assert len(set(names)) == 60
    assert lunar.year_name(year + 60) == names[0]


# --- working days --------------------------------------------------------------------------------


@examples(300)
@given(calendar=CALENDARS, day=DAYS, count=COUNTS.filter(bool))
def test_n_working_days_later_is_a_working_day_exactly_n_working_days_away(
    calendar: WorkCalendar, day: date, count: int
) -> None:
    found = calendar.add_working_days(day, count)
    assert calendar.is_working_day(found)
    assert (found > day) == (count > 0)
    # Working days in (day, found] — or, back, in (found, day], which holds `day` itself.
    back = 0 if count > 0 or calendar.is_working_day(day) else 1
    assert calendar.working_days_between(day, found) == count + back


@examples(300)
@given(calendar=CALENDARS, day=DAYS, count=COUNTS)
def test_counting_back_the_same_working_days_returns_to_a_working_day(
    calendar: WorkCalendar, day: date, count: int
) -> None:
    start = calendar.next_working_day(day)
    there = calendar.add_working_days(start, count)
    assert calendar.add_working_days(there, -count) == start


@examples(200)
@given(calendar=CALENDARS, day=DAYS, counts=st.tuples(COUNTS, COUNTS))
def test_more_working_days_is_always_later(
    calendar: WorkCalendar, day: date, counts: tuple[int, int]
) -> None:
    low, high = sorted(counts)
    assume(low < high)
    assert calendar.add_working_days(day, low) < calendar.add_working_days(day, high)


@examples(200)
@given(calendar=CALENDARS, days=st.tuples(DAYS, st.integers(-90, 90), st.integers(-90, 90)))
def test_working_days_between_add_up_and_change_sign_when_reversed(
    calendar: WorkCalendar, days: tuple[date, int, int]
) -> None:
    a, first, second = days
    b, c = a + timedelta(days=first), a + timedelta(days=first + second)
    between = calendar.working_days_between
    assert between(a, b) == -between(b, a)
    assert between(a, b) + between(b, c) == between(a, c)
    low = min(a, b)  # the working days in (low, high], signed
    counted = sum(
        calendar.is_working_day(low + timedelta(days=k)) for k in range(1, abs(first) + 1)
    )
    assert between(a, b) == (counted if b >= a else -counted)


@examples(300)
@given(calendar=CALENDARS, day=DAYS)
def test_a_shifted_day_is_the_nearest_working_day_in_its_direction(
    calendar: WorkCalendar, day: date
) -> None:
    after = calendar.shift(day, Shift.NEXT)
    before = calendar.shift(day, Shift.PREVIOUS)
    assert calendar.shift(day, Shift.NONE) == day
    assert calendar.is_working_day(after)
    assert calendar.is_working_day(before)
    assert before <= day <= after
    between = [day + timedelta(days=k) for k in range((after - day).days)]
    between += [before + timedelta(days=k + 1) for k in range((day - before).days)]
    assert not any(calendar.is_working_day(d) for d in between if d not in (before, after))
    if calendar.is_working_day(day):
        assert before == day == after
    assert calendar.next_working_day(day, inclusive=False) > day
    assert calendar.previous_working_day(day, inclusive=False) < day


@examples(200)
@given(
    calendar=CALENDARS,
    month=st.tuples(st.integers(2018, 2029), st.integers(1, 12)),
    n=st.integers(1, 30),
)
def test_the_nth_working_day_of_a_month_counts_from_either_end(
    calendar: WorkCalendar, month: tuple[int, int], n: int
) -> None:
    year, number = month
    first = date(year, number, 1)
    last = (first + timedelta(days=31)).replace(day=1) - ONE_DAY
    working = [
        first + timedelta(days=k)
        for k in range((last - first).days + 1)
        if calendar.is_working_day(first + timedelta(days=k))
    ]
    if n > len(working):
        with pytest.raises(ValueError, match="fewer than"):
            calendar.nth_working_day_of_month(year, number, n)
        return
    assert calendar.nth_working_day_of_month(year, number, n) == working[n - 1]
    assert calendar.nth_working_day_of_month(year, number, -n) == working[-n]


@examples(150)
@given(calendar=CALENDARS, year=st.integers(1995, 2060))
def test_the_days_off_and_make_up_days_of_a_year_are_what_the_predicate_says(
    calendar: WorkCalendar, year: int
) -> None:
    for info in calendar.days_off(year):
        assert info.day.weekday() < 5
        assert not calendar.is_working_day(info.day)
        assert calendar.info(info.day) == info
    for info in calendar.make_up_days(year):
        assert calendar.is_working_day(info.day)
        assert info.working
    day = date(year, 1, 1)
    while day.year == year:
        assert calendar.info(day).working == calendar.is_working_day(day)
        day += timedelta(days=3)


# Vietnam's public holidays as the Labour Code states them (2019 Code, art. 112 — the 2012 Code
# had the same, with 2/9 alone): every year, whatever the weekday.
@examples(200)
@given(calendar=CALENDARS, year=st.integers(2013, LAST_DAY.year))
def test_tet_hung_kings_day_and_the_solar_holidays_are_never_working_days(
    calendar: WorkCalendar, year: int
) -> None:
    tet = lunar.new_year(year)
    holidays = [
        date(year, 1, 1),
        *(tet + timedelta(days=k) for k in range(-1, 4)),  # 30 Tết, mùng 1–4 (2013 on)
        lunar.to_solar(year, 3, 10),  # Giỗ Tổ Hùng Vương
        date(year, 4, 30),
        date(year, 5, 1),
        date(year, 9, 2),
    ]
    working = [d for d in holidays if calendar.is_working_day(d)]
    assert working == [], [calendar.info(d) for d in working]


@examples(100)
@given(decision=st.data())
def test_every_published_day_off_is_off_and_every_make_up_day_works(
    decision: st.DataObject,
) -> None:
    calendar = published()
    days = [day for d in calendar.decisions for day in d.days]
    day = decision.draw(st.sampled_from(days))
    assert calendar.is_working_day(day.day) == day.working


# --- periods -------------------------------------------------------------------------------------

KINDS = st.sampled_from(list(PeriodKind))


@st.composite
def periods(draw: st.DrawFn, years: tuple[int, int] = (1900, 2199)) -> Period:
    kind = draw(KINDS)
    return Period(draw(st.integers(*years)), kind, draw(st.integers(1, PERIODS_PER_YEAR[kind])))


@examples(300)
@given(period=periods((2, 9997)))
def test_a_periods_key_parses_back_to_it_and_next_and_previous_undo_each_other(
    period: Period,
) -> None:
    assert Period.parse(period.kind, period.key) == period
    assert Period.parse(period.kind, f"  {period.key} ") == period
    assert period.next().previous() == period
    assert period.previous().next() == period
    assert period.previous() < period < period.next()


@examples(300)
@given(kind=KINDS, day=ANY_DAY)
def test_the_period_containing_a_day_spans_it(kind: PeriodKind, day: date) -> None:
    if kind is PeriodKind.NINE_MONTHS and day.month > 9:
        with pytest.raises(PeriodError):
            Period.containing(kind, day)
        return
    period = Period.containing(kind, day)
    assert period.start <= day <= period.end
    assert Period.parse(kind, period.key) == period


@examples(200)
@given(period=periods())
def test_periods_of_a_kind_tile_the_calendar(period: Period) -> None:
    following = period.next()
    if period.kind is PeriodKind.NINE_MONTHS:  # January to September, every year
        assert (following.start, following.end) == (
            date(period.year + 1, 1, 1),
            date(period.year + 1, 9, 30),
        )
    else:
        assert following.start == period.end + ONE_DAY
    assert period.start <= period.end


@examples(200)
@given(kind=KINDS, first=ANY_DAY, length=st.integers(-30, 800))
def test_periods_between_are_every_period_overlapping_the_span_in_order(
    kind: PeriodKind, first: date, length: int
) -> None:
    last = first + timedelta(days=length)
    found = periods_between(kind, first, last)
    if last < first:
        assert found == []
        return
    assert all(p.start <= last and p.end >= first for p in found)
    assert all(b == a.next() for a, b in itertools.pairwise(found))
    if found:
        assert found[0].previous().end < first or found[0].previous().start > last
        assert found[-1].next().start > last
    else:  # only the nine months leave days uncovered: October to December
        assert kind is PeriodKind.NINE_MONTHS


@examples(100)
@given(kind=KINDS, year=st.integers(1900, 2190))
def test_no_two_periods_share_a_label(kind: PeriodKind, year: int) -> None:
    labels = [p.label for p in periods_between(kind, date(year, 1, 1), date(year + 9, 12, 31))]
    assert len(set(labels)) == len(labels)


WINDOWS = st.one_of(
    st.just(Window.parse("decree-09")),
    st.just(Window.parse("calendar")),
    st.integers(1, 28).map(lambda day: Window.parse(f"cutoff {day}")),
)


@examples(300)
@given(period=periods((1901, 2198)), window=WINDOWS)
def test_the_data_windows_of_consecutive_periods_tile_the_calendar(
    period: Period, window: Window
) -> None:
    start, end = window.window(period)
    assert start <= end
    assert Window.parse(str(window)) == window
    if period.kind is not PeriodKind.NINE_MONTHS:
        next_start, _ = window.window(period.next())
        assert next_start == end + ONE_DAY
    if window.cutoff_day is not None:  # it ends on the cut-off day of the period's last month
        assert (end.year, end.month) == period.last_month
    else:
        assert (start, end) == (period.start, period.end)


@st.composite
def explicit_windows(draw: st.DrawFn) -> Window:
    def day_of_year() -> tuple[int, int]:
        month = draw(st.integers(1, 12))
        return draw(st.integers(1, monthrange(2001, month)[1])), month

    (sd, sm), (ed, em) = day_of_year(), day_of_year()
    return Window.parse(f"{sd}/{sm} to {ed}/{em}")


@examples(200)
@given(window=explicit_windows(), year=st.integers(1901, 2199))
def test_an_explicit_yearly_window_ends_on_its_day_and_lasts_at_most_a_year(
    window: Window, year: int
) -> None:
    assert Window.parse(str(window)) == window
    start, end = window.window(Period(year, PeriodKind.YEARLY))
    assert window.explicit is not None
    assert (end.day, end.month, end.year) == (window.explicit[2], window.explicit[3], year)
    assert start <= end
    assert (end - start).days < 366


# --- deadlines -----------------------------------------------------------------------------------


@st.composite
def due_rules(draw: st.DrawFn, kind: PeriodKind) -> DueRule:
    forms = ["day", "workdays"]
    if kind in (PeriodKind.YEARLY, PeriodKind.NINE_MONTHS):
        forms += ["fixed", "before"]
    form = draw(st.sampled_from(forms))
    if form == "day":
        return DueRule.parse(f"day {draw(st.integers(1, 31))}")
    if form == "workdays":
        return DueRule.parse(f"{draw(st.integers(1, 60))} workdays after cutoff")
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    return DueRule.parse(f"{'before ' if form == 'before' else ''}{day}/{month}")


@examples(300)
@given(data=st.data(), period=periods((1995, 2060)), window=WINDOWS, calendar=CALENDARS)
def test_a_reports_deadline_is_a_working_day_after_its_data_cut_off(
    data: st.DataObject, period: Period, window: Window, calendar: WorkCalendar
) -> None:
    rule = data.draw(due_rules(period.kind))
    assert DueRule.parse(str(rule)) == rule
    deadline = rule.deadline(period, calendar, window)
    assert calendar.is_working_day(deadline)
    _, cut_off = window.window(period)
    nominal = rule.deadline(period, calendar, window, Shift.NONE)
    if rule.kind in (DueKind.DAY_OF_MONTH, DueKind.WORKDAYS_AFTER_CUTOFF):
        assert deadline >= nominal > cut_off  # moved forward off a day off
    if rule.kind is DueKind.DAY_OF_MONTH:  # the first such day after the cut-off
        assert nominal.day == min(rule.n, monthrange(nominal.year, nominal.month)[1])
        assert (nominal - cut_off).days <= 31
    elif rule.kind is DueKind.WORKDAYS_AFTER_CUTOFF:
        assert calendar.working_days_between(cut_off, nominal) == rule.n
    elif rule.kind is DueKind.BEFORE:  # "trước ngày D/M": before that day, never on it
        assert deadline <= nominal < date(period.year, rule.month, rule.day)


OPEN_RULES = st.builds(
    lambda n, workdays: OpenRule.parse(f"{n} {'workdays' if workdays else 'days'} before due"),
    st.integers(0, 180),
    st.booleans(),
)


@examples(300)
@given(rule=OPEN_RULES, due=DAYS, calendar=CALENDARS)
def test_a_task_opens_on_a_working_day_no_later_than_its_deadline(
    rule: OpenRule, due: date, calendar: WorkCalendar
) -> None:
    assert OpenRule.parse(str(rule)) == rule
    opens = rule.opens_on(due, calendar)
    assert opens <= due
    if rule.n == 0:
        return  # opens on the due day itself, working or not
    assert calendar.is_working_day(opens)
    if rule.workdays:  # the n-th working day before the deadline
        counted = calendar.working_days_between(opens, due)
        assert counted == (rule.n if calendar.is_working_day(due) else rule.n - 1)
    else:
        assert opens <= due - timedelta(days=rule.n)


STEP_DUES = st.one_of(
    st.just("on anchor"),
    st.sampled_from(["in the month", "in the month before", "in the month after"]),
    st.integers(1, 24).flatmap(lambda n: st.sampled_from([f"in month -{n}", f"in month +{n}"])),
    st.builds(
        lambda n, unit, side: f"{n} {unit} {side}",
        st.integers(1, 12),
        st.sampled_from(["days", "workdays", "months"]),
        st.sampled_from(["before", "after"]),
    ),
    st.builds(
        lambda n, unit, side: f"{n} {unit} {side}",
        st.integers(1, 366),
        st.sampled_from(["days", "workdays"]),
        st.sampled_from(["before", "after"]),
    ),
).map(StepDue.parse)


@examples(300)
@given(step=STEP_DUES, anchor=DAYS, calendar=CALENDARS)
def test_a_step_is_due_on_its_side_of_the_anchor_and_on_a_working_day(
    step: StepDue, anchor: date, calendar: WorkCalendar
) -> None:
    assert StepDue.parse(str(step)) == step
    due = step.due(anchor, calendar)
    if step.kind is StepDueKind.ANCHOR:
        assert due == anchor  # a ceremony on a Sunday is on Sunday
        return
    assert calendar.is_working_day(due)
    if step.kind is StepDueKind.BEFORE:
        assert due < anchor
    elif step.kind is StepDueKind.AFTER:
        assert due > anchor
    else:
        index = anchor.year * 12 + anchor.month - 1 + step.n
        assert (due.year, due.month) == (index // 12, index % 12 + 1)
        # by the month's last working day: none after it in the month
        later = due + ONE_DAY
        while later.month == due.month:
            assert not calendar.is_working_day(later)
            later += ONE_DAY
