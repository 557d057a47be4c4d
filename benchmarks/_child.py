"""Run one `dondoc` command in this process and report how long its own work took.

    python benchmarks/_child.py RESULT.json [--profile OUT.prof] -- plan load …

`bench_national.py` starts one of these per step. The heavy modules a command imports inside
its body (SQLAlchemy, Alembic, the ledger, Jinja2) are imported before the clock starts, so the
time is the command's work, not the interpreter's start-up (which `bench_startup.py` measures);
the parent reads the process's peak memory from `os.wait4`, imports included.
"""

from __future__ import annotations

import cProfile
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    result = Path(argv[0])
    profile: Path | None = None
    rest = argv[1:]
    if rest[:1] == ["--profile"]:
        profile, rest = Path(rest[1]), rest[2:]
    if rest[:1] == ["--"]:
        rest = rest[1:]

    import alembic.command  # noqa: F401
    import holidays.countries  # noqa: F401
    import sqlalchemy  # noqa: F401

    import dondoc.wiring  # noqa: F401
    import ledger.db  # noqa: F401
    import notifications.render  # noqa: F401
    import tasks.steps  # noqa: F401
    from dondoc.cli import app

    profiler = cProfile.Profile() if profile else None
    code = 0
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    try:
        returned = app(rest, standalone_mode=False)
        code = returned if isinstance(returned, int) else 0
    except SystemExit as stop:
        code = int(stop.code or 0)
    finally:
        if profiler:
            profiler.disable()
    elapsed = time.perf_counter() - start
    if profiler and profile:
        profiler.dump_stats(str(profile))
    result.write_text(json.dumps({"seconds": elapsed, "code": code}), encoding="utf-8")
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
