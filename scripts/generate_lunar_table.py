"""Generate the Vietnamese lunar calendar table, ``calendars/_lunar_table.py``.

Source of truth: PyEphem (libastro: VSOP87 Sun, ELP2000 Moon, its own ΔT model). Every new
moon and every principal solar term (zhongqi, apparent solar longitude a multiple of 30°) is
found as an instant in UT, then placed on the civil day of the meridian UTC+7. From those days
the usual rules build the calendar:

* a month begins on the civil day that contains the new moon;
* month 11 is the month that contains the winter solstice (270°);
* when 13 months separate two months 11, the first of them after month 11 that contains no
  zhongqi is intercalary and takes the number of the month before it.

UTC+7 is applied to every year, proleptically before 1968 (see docs/lunar-calendar.md).

Usage::

    uv run python scripts/generate_lunar_table.py              # write the table, print the report
    uv run python scripts/generate_lunar_table.py --write-doc  # also refresh the doc's report
    uv run python scripts/generate_lunar_table.py --check      # exit 1 if table or doc is stale

The report lists the months whose new moon falls within ten minutes of midnight (UTC+7), with
a second opinion from the sxwnl ephemeris shipped in ``lunar_python`` and the ΔT that would
change the day, and the months of 1900-1967 where the UTC+8 (Chinese) calendar differs.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import itertools
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import ephem
from lunar_python.util.ShouXingUtil import ShouXingUtil

ROOT = Path(__file__).resolve().parent.parent
TABLE_PATH = ROOT / "calendars" / "_lunar_table.py"
DOC_PATH = ROOT / "docs" / "lunar-calendar.md"

# Whole lunar years in the table: 1899 starts before 1900-01-01, 2200 ends after 2199-12-31.
FIRST_YEAR = 1899
LAST_YEAR = 2200
VIETNAM_UTC_OFFSET = 7
CHINA_UTC_OFFSET = 8
CLOSE_CALL_MINUTES = 10.0
# Months 11 of 1897 and 2201 are needed to number the ends of the table.
SEARCH_START = ephem.Date("1897/10/01")
SEARCH_END = ephem.Date("2202/04/01")
# Decision 121-CP (8 Aug 1967) moved North Vietnam to UTC+7; the report compares before it.
UTC8_REPORT_RANGE = (date(1900, 1, 1), date(1967, 12, 31))
# Observed ΔT in 2025 (TT - UT1, from TAI - UTC = 37 s); the far future is bracketed between
# this value held constant and ephem's parabolic extrapolation.
DELTA_T_2025 = 69.1
DELTA_T_KNOWN_UNTIL = ephem.Date("2025/01/01")

# ephem dates count days from 1899-12-31 12:00 UT; proleptic ordinals count from 0001-01-01.
_EPHEM_EPOCH_ORDINAL = date(1899, 12, 31).toordinal() + 0.5
_J2000_MINUS_EPHEM = 36525.0  # ephem.Date("2000/01/01 12:00")
_TWO_PI = 2.0 * math.pi
_TERM = math.pi / 6.0
_WINTER_SOLSTICE = 9  # term index k: longitude 30° × k

STEMS = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
BRANCHES = ("Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi")


# --------------------------------------------------------------------------- astronomy


def local_days(instant: float, utc_offset: int) -> float:
    """Proleptic ordinal plus fraction of the civil day at ``utc_offset`` hours."""
    return instant + _EPHEM_EPOCH_ORDINAL + utc_offset / 24.0


def local_day(instant: float, utc_offset: int) -> int:
    return math.floor(local_days(instant, utc_offset))


def to_datetime(instant: float, utc_offset: int = 0) -> datetime:
    epoch = datetime(1899, 12, 31, 12, tzinfo=UTC)
    return epoch + timedelta(days=instant, hours=utc_offset)


def find_new_moons(start: float, end: float) -> list[float]:
    moons: list[float] = []
    instant = float(ephem.next_new_moon(start))
    while instant < end:
        moons.append(instant)
        # Step a day past the new moon: from the instant itself ephem may return it again.
        instant = float(ephem.next_new_moon(instant + 1.0))
    return moons


_sun = ephem.Sun()


def solar_longitude(instant: float) -> float:
    """Apparent geocentric longitude of the Sun, ecliptic and equinox of date, in radians."""
    _sun.compute(instant)
    of_date = ephem.Equatorial(_sun.g_ra, _sun.g_dec, epoch=instant)
    return float(ephem.Ecliptic(of_date, epoch=instant).lon)


def _wrap(angle: float) -> float:
    return (angle + math.pi) % _TWO_PI - math.pi


def find_principal_terms(start: float, end: float) -> list[tuple[float, int]]:
    """Instants at which the Sun's longitude is a multiple of 30°, with that multiple (0..11)."""
    terms: list[tuple[float, int]] = []
    k = math.floor(solar_longitude(start) / _TERM) + 1
    guess = start
    while True:
        target = (k % 12) * _TERM
        guess += _wrap(target - solar_longitude(guess)) * 365.2422 / _TWO_PI
        # Secant steps; the Sun moves smoothly, three or four steps reach a millisecond.
        previous, instant = guess - 0.5, guess
        f_prev = _wrap(solar_longitude(previous) - target)
        for _ in range(20):
            f_now = _wrap(solar_longitude(instant) - target)
            if f_now == f_prev:
                break
            previous, instant, f_prev = (
                instant,
                instant - f_now * (instant - previous) / (f_now - f_prev),
                f_now,
            )
            if abs(instant - previous) < 1e-8:
                break
        if instant >= end:
            return terms
        terms.append((instant, k % 12))
        guess = instant + 30.0
        k += 1


def sxwnl_new_moon(instant: float) -> tuple[float, float]:
    """The same new moon from sxwnl (lunar_python): (UT instant, ΔT seconds), ephem's scale.

    A second, independent ephemeris (sxwnl's ELP/MPP02 and VSOP87 series) used only to check
    the close calls; its own ΔT model differs from ephem's in the future.
    """
    days_from_j2000 = instant - _J2000_MINUS_EPHEM
    lunation = round((days_from_j2000 - 5.76) / 29.530588853)
    tt = ShouXingUtil.msaLonT(lunation * _TWO_PI) * 36525.0
    delta_t = ShouXingUtil.dtT(tt)
    return tt - delta_t + _J2000_MINUS_EPHEM, delta_t * 86400.0


def sxwnl_term(instant: float, k: int) -> float:
    """The same principal term from sxwnl (lunar_python), as a UT instant on ephem's scale."""
    target = k * _TERM
    # sxwnl counts longitude without wrapping: add the turns since J2000 (Sun near 280.5° then).
    turns = round(((instant - _J2000_MINUS_EPHEM) / 365.2422 * _TWO_PI + 4.895 - target) / _TWO_PI)
    tt = ShouXingUtil.saLonT(target + turns * _TWO_PI) * 36525.0
    return float(tt - ShouXingUtil.dtT(tt)) + _J2000_MINUS_EPHEM


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class Month:
    year: int
    number: int
    leap: bool
    start: int  # proleptic ordinal of day 1
    length: int
    new_moon: float  # ephem instant (UT) of the new moon that starts it

    @property
    def label(self) -> str:
        return f"{self.year} month {self.number}{' (leap)' if self.leap else ''}"


def build_months(
    moons: Sequence[float], terms: Sequence[tuple[float, int]], utc_offset: int
) -> list[Month]:
    """Number the months between the given new moons by the rules in the module docstring."""
    starts = [local_day(moon, utc_offset) for moon in moons]
    term_days = sorted((local_day(instant, utc_offset), k) for instant, k in terms)
    days_only = [day for day, _ in term_days]
    contents: list[list[int]] = []
    for i in range(len(starts) - 1):
        lo = bisect.bisect_left(days_only, starts[i])
        hi = bisect.bisect_left(days_only, starts[i + 1])
        contents.append([k for _, k in term_days[lo:hi]])

    elevens = [i for i, ks in enumerate(contents) if _WINTER_SOLSTICE in ks]
    numbered: list[tuple[int, int, bool]] = []  # (index, number, leap)
    for first, following in itertools.pairwise(elevens):
        span = following - first
        if span not in (12, 13):
            raise RuntimeError(f"{span} months between two months 11 at month index {first}")
        leap_at = 99
        if span == 13:
            leap_at = next(j for j in range(1, 13) if not contents[first + j])
        for j in range(span):
            if j < leap_at:
                numbered.append((first + j, (10 + j) % 12 + 1, False))
            else:
                numbered.append((first + j, (9 + j) % 12 + 1, j == leap_at))

    months: list[Month] = []
    year = None
    for index, number, leap in numbered:
        if number == 1 and not leap:
            year = date.fromordinal(starts[index]).year
        if year is None:
            continue
        length = starts[index + 1] - starts[index]
        months.append(Month(year, number, leap, starts[index], length, moons[index]))
    return months


@dataclass(frozen=True)
class YearRow:
    year: int
    tet: int
    leap: int
    mask: int
    lengths: tuple[int, ...]


def year_rows(months: Iterable[Month], first: int, last: int) -> list[YearRow]:
    by_year: dict[int, list[Month]] = {}
    for month in months:
        by_year.setdefault(month.year, []).append(month)
    rows: list[YearRow] = []
    for year in range(first, last + 1):
        ms = by_year[year]
        expected = list(range(1, 13))
        leaps = [m.number for m in ms if m.leap]
        if [m.number for m in ms if not m.leap] != expected or len(leaps) > 1:
            raise RuntimeError(f"lunar year {year} is malformed: {ms}")
        if not all(m.length in (29, 30) for m in ms):
            raise RuntimeError(f"lunar year {year} has a month that is neither 29 nor 30 days")
        next_year = by_year.get(year + 1)
        if next_year is None or ms[-1].start + ms[-1].length != next_year[0].start:
            raise RuntimeError(f"lunar year {year} does not end where {year + 1} begins")
        mask = sum(1 << i for i, m in enumerate(ms) if m.length == 30)
        rows.append(
            YearRow(year, ms[0].start, leaps[0] if leaps else 0, mask, tuple(m.length for m in ms))
        )
    return rows


def year_name(year: int) -> str:
    return f"{STEMS[(year + 6) % 10]} {BRANCHES[(year + 8) % 12]}"


# --------------------------------------------------------------------------- table file


def render_table(rows: Sequence[YearRow]) -> str:
    first, last = rows[0], rows[-1]
    end = date.fromordinal(last.tet + sum(last.lengths) - 1)
    lines = [
        "# GENERATED FILE - DO NOT EDIT BY HAND.",
        "# Made by: uv run python scripts/generate_lunar_table.py",
        "# Checked by: uv run python scripts/generate_lunar_table.py --check",
        f"# Source: PyEphem {ephem.__version__} (libastro VSOP87/ELP2000, its own ΔT): apparent",
        "# new moons and principal solar terms, placed on civil days at UTC+7 (proleptic before",
        "# 1968). How and why: docs/lunar-calendar.md.",
        '"""Vietnamese lunar calendar, one row per lunar year (generated data, see the header)."""',
        "",
        f"FIRST_YEAR = {first.year}",
        f"LAST_YEAR = {last.year}",
        f"# Day after the last day of lunar year {last.year} ({end.isoformat()} is the last day).",
        f"END_ORDINAL = {end.toordinal() + 1}",
        "",
        "# (proleptic ordinal of Tết = day 1 of month 1, leap month or 0, month lengths mask):",
        "# bit i of the mask is set when the i-th month of the year in order (leap included)",
        "# has 30 days. The comment spells the row out: Tết, leap month, lengths in order.",
        "YEARS: tuple[tuple[int, int, int], ...] = (",
    ]
    for row in rows:
        lengths = "".join("L" if n == 30 else "s" for n in row.lengths)
        leap = f"leap {row.leap:>2}" if row.leap else "        "
        lines.append(
            f"    ({row.tet}, {row.leap:>2}, 0b{row.mask:013b}),"
            f"  # {row.year} {year_name(row.year):<10} Tết {date.fromordinal(row.tet)}"
            f"  {leap}  {lengths}"
        )
    lines.append(")")
    lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class CloseCall:
    month: Month
    margin_seconds: float  # > 0: after the midnight that opens the chosen day; < 0: before
    delta_t: float
    sxwnl_margin_seconds: float  # the same, with sxwnl's instant and ΔT
    delta_t_band: float  # plausible error of ephem's ΔT at that date, seconds
    moves_leap: bool  # flipping the day would also renumber months (not only two lengths)


def _signed_margin(instant: float, utc_offset: int) -> float:
    """Seconds from the nearest local midnight: positive after it, negative before it."""
    fraction = local_days(instant, utc_offset) % 1.0
    return fraction * 86400.0 if fraction < 0.5 else (fraction - 1.0) * 86400.0


def delta_t_band(instant: float) -> float:
    if instant < DELTA_T_KNOWN_UNTIL:
        return 1.0  # ΔT is measured in the past; the ephemerides agree to a few seconds
    return abs(float(ephem.delta_t(instant)) - DELTA_T_2025)


def numbering(months: Iterable[Month]) -> list[tuple[int, int, bool]]:
    return [(m.year, m.number, m.leap) for m in months]


def close_calls(
    months: Sequence[Month],
    moons: Sequence[float],
    terms: Sequence[tuple[float, int]],
    first: int,
    last: int,
) -> list[CloseCall]:
    base = numbering(m for m in months if first <= m.year <= last)
    calls: list[CloseCall] = []
    for month in months:
        if not first <= month.year <= last:
            continue
        margin = _signed_margin(month.new_moon, VIETNAM_UTC_OFFSET)
        if abs(margin) > CLOSE_CALL_MINUTES * 60:
            continue
        sx_instant, _ = sxwnl_new_moon(month.new_moon)
        sx_margin = (local_days(sx_instant, VIETNAM_UTC_OFFSET) - month.start) * 86400.0
        if margin < 0:
            sx_margin -= 86400.0
        # Move the new moon across midnight and rebuild: does more than two lengths change?
        shifted = [m - 2 * margin / 86400.0 if m == month.new_moon else m for m in moons]
        rebuilt = build_months(shifted, terms, VIETNAM_UTC_OFFSET)
        moves = numbering(m for m in rebuilt if first <= m.year <= last) != base
        calls.append(
            CloseCall(
                month,
                margin,
                float(ephem.delta_t(month.new_moon)),
                sx_margin,
                delta_t_band(month.new_moon),
                moves,
            )
        )
    return calls


TermCall = tuple[float, int, float, float, bool]


def term_close_calls(
    months: Sequence[Month], terms: Sequence[tuple[float, int]], first: int, last: int
) -> list[TermCall]:
    """Principal terms within the window of a midnight that opens a month.

    Only there does the civil day of a term decide which month holds it. Returns (instant, k,
    margin seconds, sxwnl's margin, decisive) where decisive means moving the term across
    midnight would change the table.
    """
    starts = {m.start for m in months if first <= m.year <= last}
    moons = [m.new_moon for m in months] + [math.inf]
    base = numbering(m for m in months if first <= m.year <= last)
    found: list[TermCall] = []
    for index, (instant, k) in enumerate(terms):
        margin = _signed_margin(instant, VIETNAM_UTC_OFFSET)
        if abs(margin) > CLOSE_CALL_MINUTES * 60:
            continue
        boundary = round(local_days(instant, VIETNAM_UTC_OFFSET))
        if boundary not in starts:
            continue
        moved = list(terms)
        moved[index] = (instant - 2 * margin / 86400.0, k)
        rebuilt = build_months(moons[:-1], moved, VIETNAM_UTC_OFFSET)
        decisive = numbering(m for m in rebuilt if first <= m.year <= last) != base
        sx_margin = (local_days(sxwnl_term(instant, k), VIETNAM_UTC_OFFSET) - boundary) * 86400.0
        found.append((instant, k, margin, sx_margin, decisive))
    return found


def _fmt_instant(instant: float, utc_offset: int) -> str:
    return to_datetime(instant, utc_offset).strftime("%Y-%m-%d %H:%M:%S")


def _fmt_margin(seconds: float) -> str:
    sign = "+" if seconds >= 0 else "−"
    minutes, secs = divmod(round(abs(seconds)), 60)
    return f"{sign}{minutes}m{secs:02d}s"


def render_close_calls(calls: Sequence[CloseCall], terms: Sequence[TermCall]) -> str:
    out = [
        f"Months whose new moon falls within ±{CLOSE_CALL_MINUTES:.0f} minutes of midnight "
        f"(UTC+7), {len(calls)} in lunar years {FIRST_YEAR}–{LAST_YEAR}. *Margin*: time from "
        "the nearest midnight, + after it (the month starts that day), − before it (the month "
        "starts the day before). *sxwnl*: the same margin from the independent sxwnl ephemeris "
        "(lunar_python) with its own ΔT. *ΔT band*: how wrong ephem's ΔT may plausibly be "
        f"(1 s before 2025; after, the distance between ephem's ΔT and ΔT frozen at "
        f"{DELTA_T_2025} s). *Verdict*: `ΔT-sensitive` when |margin| < ΔT band — the day could "
        "flip and the row must be re-checked against the official almanac of that year; "
        "*renumbers* when flipping would also move the leap month or month 11 (otherwise only "
        "the lengths of two months change).",
        "",
        "| lunar month | new moon (UT) | UTC+7 | margin | table's day 1 | ΔT (ephem) "
        "| sxwnl | ΔT band | verdict |",
        "|---|---|---|---:|---|---:|---:|---:|---|",
    ]
    for c in calls:
        m = c.month
        verdict = []
        if abs(c.margin_seconds) < c.delta_t_band:
            verdict.append("ΔT-sensitive")
        if (c.sxwnl_margin_seconds >= 0) != (c.margin_seconds >= 0):
            verdict.append("sxwnl disagrees")
        if c.moves_leap:
            verdict.append("renumbers")
        out.append(
            f"| {m.label} | {_fmt_instant(m.new_moon, 0)} | "
            f"{_fmt_instant(m.new_moon, VIETNAM_UTC_OFFSET)[11:]} | "
            f"{_fmt_margin(c.margin_seconds)} | {date.fromordinal(m.start)} | "
            f"{c.delta_t:.0f} s | {_fmt_margin(c.sxwnl_margin_seconds)} | "
            f"{c.delta_t_band:.0f} s | {', '.join(verdict) or 'safe'} |"
        )
    out += [
        "",
        "Principal solar terms (zhongqi) within the same window of a midnight that opens a "
        "month — the only place where a term's civil day decides which month holds it:",
        "",
    ]
    if not terms:
        out.append("- none.")
    for instant, k, margin, sx_margin, decisive in terms:
        effect = (
            "**decisive**: across midnight it would change the table"
            if decisive
            else "not decisive: the month numbering is the same either way"
        )
        out.append(
            f"- {k * 30}° at {_fmt_instant(instant, VIETNAM_UTC_OFFSET)} UTC+7 "
            f"({_fmt_margin(margin)}; sxwnl {_fmt_margin(sx_margin)}; ΔT band "
            f"{delta_t_band(instant):.0f} s); {effect}."
        )
    return "\n".join(out)


def render_utc8(vn: Sequence[Month], cn: Sequence[Month]) -> str:
    lo, hi = (d.toordinal() for d in UTC8_REPORT_RANGE)
    vn_by = {(m.year, m.number, m.leap): m for m in vn}
    cn_by = {(m.year, m.number, m.leap): m for m in cn}
    keys = sorted(
        {k for k, m in vn_by.items() if lo <= m.start <= hi}
        | {k for k, m in cn_by.items() if lo <= m.start <= hi},
        key=lambda k: (vn_by.get(k) or cn_by[k]).start,
    )
    rows = []
    for key in keys:
        a, b = vn_by.get(key), cn_by.get(key)
        if a is not None and b is not None and a.start == b.start:
            continue
        label = (a or b).label  # type: ignore[union-attr]
        rows.append(
            f"| {label} | {date.fromordinal(a.start) if a else '—'} "
            f"| {date.fromordinal(b.start) if b else '—'} "
            f"| {_fmt_instant((a or b).new_moon, 0)} |"  # type: ignore[union-attr]
        )
    leap_vn = {m.year: m.number for m in vn if m.leap}
    leap_cn = {m.year: m.number for m in cn if m.leap}
    tet_vn = {m.year: m.start for m in vn if m.number == 1 and not m.leap}
    tet_cn = {m.year: m.start for m in cn if m.number == 1 and not m.leap}
    years = range(UTC8_REPORT_RANGE[0].year, UTC8_REPORT_RANGE[1].year + 1)
    tets = [
        f"{y} ({date.fromordinal(tet_vn[y]).strftime('%d %b')} at UTC+7, "
        f"{date.fromordinal(tet_cn[y]).strftime('%d %b')} at UTC+8)"
        for y in years
        if tet_vn[y] != tet_cn[y]
    ]
    leaps = [
        f"{y} (UTC+7: {leap_vn.get(y, 'none')}, UTC+8: {leap_cn.get(y, 'none')})"
        for y in years
        if leap_vn.get(y) != leap_cn.get(y)
    ]
    all_tets = [
        f"{y}: {date.fromordinal(tet_vn[y])} vs {date.fromordinal(tet_cn[y])}"
        for y in range(FIRST_YEAR, LAST_YEAR + 1)
        if tet_vn.get(y) != tet_cn.get(y)
    ]
    return "\n".join(
        [
            f"Months whose first day differs between UTC+7 (the table) and UTC+8 (the same "
            f"rules and ephemeris at 120°E), for months starting {UTC8_REPORT_RANGE[0]} – "
            f"{UTC8_REPORT_RANGE[1]}: {len(rows)}.",
            "",
            "| lunar month | day 1 at UTC+7 (table) | day 1 at UTC+8 | new moon (UT) |",
            "|---|---|---|---|",
            *rows,
            "",
            f"- Tết differs in: {'; '.join(tets) or 'none'}.",
            f"- The leap month differs in: {'; '.join(leaps) or 'none'}.",
            f"- Tết differs over the whole table ({FIRST_YEAR}–{LAST_YEAR}, UTC+7 vs UTC+8): "
            + "; ".join(all_tets)
            + ".",
        ]
    )


# --------------------------------------------------------------------------- main


def replace_section(text: str, name: str, body: str) -> str:
    pattern = re.compile(
        rf"(<!-- generated:{name}:start[^>]*-->\n)(.*?)(<!-- generated:{name}:end -->)", re.S
    )
    if not pattern.search(text):
        raise SystemExit(f"{DOC_PATH}: no <!-- generated:{name}:start/end --> markers")
    return pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(3), text)


def _diff(old: str, new: str, name: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), f"{name} (committed)", f"{name} (fresh)", lineterm=""
    )
    return "\n".join(list(lines)[:40])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify, write nothing")
    parser.add_argument("--write-doc", action="store_true", help="refresh the doc's report")
    parser.add_argument("--quiet", action="store_true", help="do not print the report")
    args = parser.parse_args(argv)

    moons = find_new_moons(SEARCH_START, SEARCH_END)
    terms = find_principal_terms(SEARCH_START, SEARCH_END)
    vn = build_months(moons, terms, VIETNAM_UTC_OFFSET)
    cn = build_months(moons, terms, CHINA_UTC_OFFSET)
    table = render_table(year_rows(vn, FIRST_YEAR, LAST_YEAR))
    close = render_close_calls(
        close_calls(vn, moons, terms, FIRST_YEAR, LAST_YEAR),
        term_close_calls(vn, terms, FIRST_YEAR, LAST_YEAR),
    )
    utc8 = render_utc8(vn, cn)
    if not args.quiet:
        print("## Close calls\n\n" + close + "\n\n## UTC+7 and UTC+8 before 1968\n\n" + utc8)

    doc_text = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else None
    fresh_doc = None
    if doc_text is not None:
        fresh_doc = replace_section(replace_section(doc_text, "close-calls", close), "utc8", utc8)

    if args.check:
        stale = []
        committed = TABLE_PATH.read_text(encoding="utf-8") if TABLE_PATH.exists() else ""
        if committed != table:
            stale.append(_diff(committed, table, str(TABLE_PATH.relative_to(ROOT))))
        if doc_text is not None and fresh_doc != doc_text:
            stale.append(_diff(doc_text, fresh_doc or "", str(DOC_PATH.relative_to(ROOT))))
        if stale:
            print("\n\n".join(stale), file=sys.stderr)
            print(
                "stale: run uv run python scripts/generate_lunar_table.py --write-doc",
                file=sys.stderr,
            )
            return 1
        print("ok: the committed table and doc equal a fresh generation", file=sys.stderr)
        return 0

    TABLE_PATH.write_text(table, encoding="utf-8")
    print(f"wrote {TABLE_PATH.relative_to(ROOT)}", file=sys.stderr)
    if args.write_doc and fresh_doc is not None:
        DOC_PATH.write_text(fresh_doc, encoding="utf-8")
        print(f"wrote {DOC_PATH.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
