"""Solar↔lunar conversion speed: calendars.lunar against other Python packages.

    uv run python benchmarks/bench_lunar.py [--n 20000] [--seed 2026] [--repeats 5]

Every implementation converts the same random solar dates (fixed seed, 1901-2099, the range
every package covers) and, the other way, the same lunar dates. Each figure is the best of
``--repeats`` runs (the least disturbed by a noisy machine); slow packages run on the first
dates of the same list, sized to about ``--budget`` seconds, and the table says how many.
Ratios are taken inside this one run: ours against a bare ``date.toordinal()`` loop (the
machine's baseline), each package against ours. Agreement is the share of the sampled dates
on which the package gives our answer; the Chinese packages compute for UTC+8.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import lunar_vn
import lunardate
import vnlunar
from lunar_python import Lunar, Solar

from calendars import lunar

LunarTuple = tuple[int, int, int, bool]  # (year, month, day, leap)
T = TypeVar("T")


@dataclass(frozen=True)
class Implementation:
    name: str
    to_lunar: Callable[[date], LunarTuple]
    to_solar: Callable[[LunarTuple], date]


def _vnlunar_to_lunar(d: date) -> LunarTuple:
    r = vnlunar.get_lunar_date(d.day, d.month, d.year)
    return r["year"], r["month"], r["day"], bool(r["leap"])


def _vnlunar_to_solar(ld: LunarTuple) -> date:
    result = vnlunar.convert_lunar_to_solar(ld[2], ld[1], ld[0], int(ld[3]))
    if result is None:
        raise ValueError(f"vnlunar has no lunar date {ld}")
    day, month, year = result
    return date(year, month, day)


def _lunar_vn_to_lunar(d: date) -> LunarTuple:
    r = lunar_vn.solar_to_lunar(d)
    return r.year, r.month, r.day, r.leap


def _lunar_vn_to_solar(ld: LunarTuple) -> date:
    return lunar_vn.convert_lunar_to_solar(ld[2], ld[1], ld[0], int(ld[3]))


def _lunardate_to_lunar(d: date) -> LunarTuple:
    r = lunardate.LunarDate.from_solar_date(d.year, d.month, d.day)
    return r.year, r.month, r.day, bool(r.isLeapMonth)


def _lunardate_to_solar(ld: LunarTuple) -> date:
    return lunardate.LunarDate(ld[0], ld[1], ld[2], ld[3]).to_solar_date()  # type: ignore[no-any-return]


def _lunar_python_to_lunar(d: date) -> LunarTuple:
    r = Solar.fromYmd(d.year, d.month, d.day).getLunar()
    return r.getYear(), abs(r.getMonth()), r.getDay(), r.getMonth() < 0


def _lunar_python_to_solar(ld: LunarTuple) -> date:
    s = Lunar.fromYmd(ld[0], -ld[1] if ld[3] else ld[1], ld[2]).getSolar()
    return date(s.getYear(), s.getMonth(), s.getDay())


def _ours_to_solar(ld: LunarTuple) -> date:
    return lunar.to_solar(*ld)


OURS = Implementation("dondoc (this table)", lunar.to_lunar, _ours_to_solar)
OTHERS = [
    Implementation("vnlunar 1.0 (HND tables, VN)", _vnlunar_to_lunar, _vnlunar_to_solar),
    Implementation("lunar_vn 1.4 (HND algorithm, VN)", _lunar_vn_to_lunar, _lunar_vn_to_solar),
    Implementation("lunardate 0.3 (CN)", _lunardate_to_lunar, _lunardate_to_solar),
    Implementation("lunar_python 1.4 (sxwnl, CN)", _lunar_python_to_lunar, _lunar_python_to_solar),
]


@dataclass(frozen=True)
class Timing:
    n: int
    seconds: float  # best of the repeats, for n conversions

    @property
    def per_second(self) -> float:
        return self.n / self.seconds


def best_time(call: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def time_loop(
    convert: Callable[[T], object], items: Sequence[T], repeats: int, budget: float | None
) -> Timing:
    """Best-of-``repeats`` time for a plain loop over the first items fitting the budget."""
    probe = items[: min(len(items), 200)]
    for item in probe:  # warm up: lazy tables, caches, imports
        with contextlib.suppress(*REFUSALS):
            convert(item)
    n = len(items)
    if budget is not None:
        rate = len(probe) / max(best_time(lambda: agreement(convert, probe, probe), 1), 1e-9)
        n = max(len(probe), min(n, int(rate * budget)))
    sample = items[:n]

    def loop() -> None:
        for item in sample:
            # Not contextlib.suppress: entering it costs more than the fastest conversions;
            # a try block is free in Python 3.11 unless something is raised.
            try:  # noqa: SIM105
                convert(item)
            except REFUSALS:
                pass

    return Timing(n, best_time(loop, repeats))


# A package may refuse a date it numbers differently (a leap month it does not have);
# lunar_python refuses with a bare Exception.
REFUSALS = (Exception,)


def agreement(
    convert: Callable[[T], object], items: Sequence[T], expected: Sequence[object]
) -> float:
    same = 0
    for item, want in zip(items, expected, strict=True):
        with contextlib.suppress(*REFUSALS):  # a refusal counts as a disagreement
            same += convert(item) == want
    return 100.0 * same / len(items)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="random dates (default 20000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--budget", type=float, default=1.0, help="seconds per slow package")
    parser.add_argument(
        "--agree", type=int, default=1000, help="dates checked for agreement, at least"
    )
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore", DeprecationWarning)

    rng = random.Random(args.seed)
    lo, hi = date(1901, 1, 1).toordinal(), date(2099, 12, 31).toordinal()
    solar_days = [date.fromordinal(rng.randint(lo, hi)) for _ in range(args.n)]
    lunar_days: list[LunarTuple] = [lunar.to_lunar(d) for d in solar_days]

    baseline = time_loop(date.toordinal, solar_days, args.repeats, budget=None)
    ours_l = time_loop(OURS.to_lunar, solar_days, args.repeats, budget=None)
    ours_s = time_loop(OURS.to_solar, lunar_days, args.repeats, budget=None)

    rows = [
        "| implementation | dates timed | solar→lunar /s | ours is × faster | lunar→solar /s "
        "| ours is × faster | same answer (s→l / l→s) |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| **{OURS.name}** | {ours_l.n:,} | **{ours_l.per_second:,.0f}** | 1 "
        f"| **{ours_s.per_second:,.0f}** | 1 | — |",
    ]
    for impl in OTHERS:
        to_l = time_loop(impl.to_lunar, solar_days, args.repeats, args.budget)
        to_s = time_loop(impl.to_solar, lunar_days, args.repeats, args.budget)
        n = min(to_l.n, to_s.n)
        checked = max(n, min(args.agree, args.n))
        agree_l = agreement(impl.to_lunar, solar_days[:checked], lunar_days[:checked])
        agree_s = agreement(impl.to_solar, lunar_days[:checked], solar_days[:checked])
        rows.append(
            f"| {impl.name} | {n:,} | {to_l.per_second:,.0f} "
            f"| {ours_l.per_second / to_l.per_second:,.0f} | {to_s.per_second:,.0f} "
            f"| {ours_s.per_second / to_s.per_second:,.0f} "
            f"| {agree_l:.2f} % / {agree_s:.2f} % of {checked:,} |"
        )
    print(
        f"{args.n:,} random dates 1901-2099 (seed {args.seed}), best of {args.repeats} runs, "
        f"plain Python loops.\n"
    )
    print("\n".join(rows))
    print(
        f"\nMachine baseline: a bare `date.toordinal()` loop runs {baseline.per_second:,.0f} /s; "
        f"our to_lunar runs at {100 * ours_l.per_second / baseline.per_second:.0f} % of it, "
        f"to_solar at {100 * ours_s.per_second / baseline.per_second:.0f} %. "
        f"Target: ≥ 1,000,000 to_lunar /s — "
        f"{'met' if ours_l.per_second >= 1_000_000 else 'NOT met'}."
    )


if __name__ == "__main__":
    main()
