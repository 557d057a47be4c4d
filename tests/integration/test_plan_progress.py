"""`dondoc plan load` shows a progress bar on stderr when the load runs longer than a second,
on a terminal only: a pipe or a log file gets the summary lines and no bar.

A real `dondoc` process loads a plan of 1,200 units owing five monthly and five quarterly reports
(96,000 tasks to the end of this year: about 2 s of planning on the project's machine), once with
its stderr on a pseudo-terminal, once with it piped; and a one-unit plan, quick, on the
pseudo-terminal.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import threading
from pathlib import Path

from calendars.business_time import today
from tests.conftest import PLANS, ROOT

BAR = "Lập kế hoạch"
DONDOC = [sys.executable, "-m", "dondoc"]


def plan(units: int) -> str:
    lines = [
        "kind: plan",
        "id: tien-do",
        "title: Kế hoạch thử thanh tiến độ",
        "owner: bdv",
        "policies: {escalation: {default: [{level: 1, after: 3, notify: supervisor}]}}",
        "units:",
        "  - {code: bdv, name: Ban Dân vận, kind: party-commission, email: bdv@tinh.example}",
    ]
    lines += [
        f"  - {{code: u{n:04d}, name: Đơn vị {n}, kind: mass-association, "
        f"supervisor: bdv, tags: [reporter], email: u{n}@tinh.example}}"
        for n in range(units)
    ]
    lines += ["obligations:"]
    reports = [(f"thang-{n}", "monthly") for n in range(5)] + [
        (f"quy-{n}", "quarterly") for n in range(5)
    ]
    for suffix, period in reports:
        lines += [
            f"  - id: bc-{suffix}",
            f"    name: Báo cáo {suffix}",
            "    family: periodic-report",
            f"    period: {period}",
            "    due: day 18",
            "    unit_tags: [reporter]",
            "    valid_from: 2024-01-01",
        ]
    return "\n".join(lines) + "\n"


def load(
    tmp_path: Path, units: int, on_terminal: bool, after: float | None = None
) -> tuple[int, str, str]:
    """(exit status, stdout, what stderr showed) of `dondoc plan load` of a plan of `units`,
    the bar waiting `after` seconds (the default, 1 s, if None)."""
    file = tmp_path / "plan.yaml"
    file.write_text(plan(units), encoding="utf-8")
    env = {
        **os.environ,
        "DONDOC_HOME": str(tmp_path / "home"),
        "DONDOC_DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.db'}",
        "DONDOC_HORIZON_YEARS": "0",
        "COLUMNS": "100",
    }
    if after is not None:
        env["DONDOC_PROGRESS_AFTER"] = str(after)
    env.pop("TERM", None) if not on_terminal else env.setdefault("TERM", "xterm")
    calendar = [str(p) for p in sorted((PLANS / "calendar").glob("*.yaml"))]
    year = f"{today().year}-01-01"  # a year: to the end of this one (horizon + 0)
    command = [*DONDOC, "plan", "load", str(file), *calendar, "--track-from", year]
    if not on_terminal:
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
        return done.returncode, done.stdout, done.stderr
    master, slave = pty.openpty()
    shown: list[bytes] = []

    def read() -> None:  # drain the terminal, or the child would block on a full one
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            if not chunk:
                return
            shown.append(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    child = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=slave, text=True
    )
    stdout, _ = child.communicate()
    os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    return child.returncode, stdout, b"".join(shown).decode("utf-8", "replace")


def test_a_slow_load_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    code, stdout, terminal = load(tmp_path, 1200, on_terminal=True)
    assert code == 0, terminal
    assert re.search(r"tasks: [1-9][0-9]{4,} planned", stdout), stdout
    assert BAR in terminal


def test_the_same_load_piped_shows_no_bar(tmp_path: Path) -> None:
    code, stdout, stderr = load(tmp_path, 1200, on_terminal=False)
    assert code == 0, stderr
    assert re.search(r"tasks: [1-9][0-9]{4,} planned", stdout), stdout
    assert BAR not in stderr


def test_a_quick_load_shows_no_bar_even_on_a_terminal(tmp_path: Path) -> None:
    # "Quick" is relative to the wait: a loaded CI machine can take over 1 s for one unit.
    code, stdout, terminal = load(tmp_path, 1, on_terminal=True, after=30)
    assert code == 0, terminal
    assert re.search(r"tasks: [1-9][0-9]* planned", stdout), stdout
    assert BAR not in terminal
