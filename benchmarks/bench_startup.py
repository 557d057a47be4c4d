"""How long a command takes to start, against a bare interpreter measured in the same run.

    uv run python benchmarks/bench_startup.py [--repeats 7]

Each command runs `--repeats` times in a fresh process (interleaved with the others, so that
a busy moment of a shared machine hits them alike); the table gives the median wall time,
the median CPU time (user + system of the child), and how much longer than `python -c pass`
each took. The target for the commands that run no flow: within 1 s of the bare interpreter.
`dondoc status` reads a scratch ledger holding the demo plans.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DONDOC = [sys.executable, "-m", "dondoc"]

COMMANDS: list[tuple[str, list[str]]] = [
    ("python -c pass (the bare interpreter)", [sys.executable, "-c", "pass"]),
    ("dondoc --help", [*DONDOC, "--help"]),
    (
        "dondoc calendar lunar 2030-02-02 --json",
        [*DONDOC, "calendar", "lunar", "2030-02-02", "--json"],
    ),
    ("dondoc status", [*DONDOC, "status", "--as-of", "2024-01-31"]),
]


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "PREFECT_"))}
        env |= {"DONDOC_HOME": home, "DONDOC_PLANS_DIR": str(ROOT / "plans")}
        plans = [str(p) for p in sorted((ROOT / "plans").rglob("*.yaml"))]
        load = [*DONDOC, "plan", "load", *plans, "--track-from", "2024-01-01"]
        subprocess.run(load, env=env, check=True, capture_output=True)
        for _, command in COMMANDS:  # warm the file cache and the bytecode
            subprocess.run(command, env=env, check=True, capture_output=True)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in COMMANDS}
        for _ in range(args.repeats):
            for name, command in COMMANDS:
                samples[name].append(timed(command, env))
    medians = {
        name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        for name, runs in samples.items()
    }
    bare_wall, _bare_cpu = medians[COMMANDS[0][0]]
    print(f"\nmedian of {args.repeats} runs each, interleaved\n")
    print("| command | wall | CPU | wall − bare | × bare |")
    print("|---|---:|---:|---:|---:|")
    for name, (wall, cpu) in medians.items():
        print(
            f"| `{name}` | {wall * 1000:,.0f} ms | {cpu * 1000:,.0f} ms "
            f"| {(wall - bare_wall) * 1000:+,.0f} ms | {wall / bare_wall:,.1f} |"
        )
    worst = max(wall - bare_wall for name, (wall, _) in medians.items() if name != COMMANDS[0][0])
    verdict = "met" if worst <= 1.0 else "NOT met"
    print(f"\ntarget (within 1 s of the bare interpreter): {verdict} — worst {worst:+.2f} s")


if __name__ == "__main__":
    main()
