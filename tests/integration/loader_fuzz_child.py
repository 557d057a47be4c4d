"""The fuzz run's worker: loads the catalogues it is sent, and says what happened, as JSON.

Run as `python -m tests.integration.loader_fuzz_child` from the repository. It reads one JSON
job a line on stdin — `{"paths": [...]}` — and answers one JSON line on the descriptor that was
stdout when it started (anything the code under test prints goes to /dev/null):

- `refused`: a `CatalogueError`, with its issues and its text;
- `loaded`: a clean load, which was then rebuilt from its JSON as the ledger keeps it (the
  rebuilt documents must dump the same) and planned: every obligation expanded over two years
  from its plan's tracking start (default 2024-01-01), with the expansion's own invariants
  checked (`violations`);
- `crash`: any other exception, with the phase and its traceback.

Its address space is limited, so that a mutant that costs gigabytes fails the run as a crash
instead of taking the machine down; the parent kills it if it does not answer in time.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import traceback
from datetime import date, timedelta
from pathlib import Path
from typing import Any

MEMORY_LIMIT = 2 << 30
TRACK_FROM = date(2024, 1, 1)
PLANNED_DAYS = 730


def _plan(catalogue: Any) -> tuple[int, list[str]]:
    """Expand every obligation over two years from its plan's start; (tasks, violations)."""
    from calendars.coverage import LAST_DAY
    from obligations.expand import expand_obligation, tasks_of

    violations: list[str] = []
    count = 0
    for ob_id, resolved in catalogue.resolved.items():
        first = resolved.plan.tracking_from or TRACK_FROM
        last = min(first + timedelta(days=PLANNED_DAYS), LAST_DAY)
        planned = expand_obligation(resolved, catalogue, first, last)
        anchors = [item.occurrence.anchor for item in planned]
        keys = [item.occurrence.key for item in planned]
        if anchors != sorted(anchors):
            violations.append(f"{ob_id}: occurrences out of order")
        if len(set(keys)) != len(keys):
            violations.append(f"{ob_id}: an occurrence key twice: {keys}")
        if any(not first <= anchor <= last for anchor in anchors):
            violations.append(f"{ob_id}: an anchor outside {first}..{last}")
        tasks = list(tasks_of(planned))
        if len({task.key for task in tasks}) != len(tasks):
            violations.append(f"{ob_id}: a task twice")
        for task in tasks:
            if task.opens_on > task.due_on:
                violations.append(f"{ob_id}: {task.key} opens {task.opens_on} after {task.due_on}")
        count += len(tasks)
    return count, violations


def attempt(paths: list[Path]) -> dict[str, Any]:
    from obligations.loader import Catalogue, load_catalogue
    from obligations.yamlsrc import CatalogueError

    phase = "load"
    started = time.process_time()
    try:
        try:
            catalogue = load_catalogue(paths)
        except CatalogueError as error:
            return {
                "outcome": "refused",
                "issues": [[i.file, i.line, i.message] for i in error.issues],
                "text": str(error),
                "cpu": time.process_time() - started,
            }
        loaded_cpu = time.process_time() - started
        phase = "ledger copy"
        specs = [d.spec_json() for d in catalogue.documents]
        rebuilt = Catalogue.from_specs(
            (d.kind, d.file, d.content_hash, spec)
            for d, spec in zip(catalogue.documents, specs, strict=True)
        )
        violations = [
            f"{d.id}: the ledger's copy dumps differently"
            for d, again in zip(catalogue.documents, rebuilt.documents, strict=True)
            if again.spec_json() != d.spec_json()
        ]
        phase = "plan"
        tasks, found = _plan(catalogue)
        violations += found
        phase = "plan check's warnings"
        from dondoc.cli.catalogue import wording_warnings

        wording_warnings(catalogue)
        return {
            "outcome": "loaded",
            "cpu": loaded_cpu,
            "plan_cpu": time.process_time() - started - loaded_cpu,
            "tasks": tasks,
            "violations": violations,
        }
    except BaseException as error:  # what the test is looking for: reported, not raised
        return {
            "outcome": "crash",
            "phase": phase,
            "error": f"{type(error).__name__}: {str(error)[:500]}",
            "traceback": "".join(traceback.format_exc()[-4000:]),
        }


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process's life
    for line in sys.stdin:
        job = json.loads(line)
        answer = attempt([Path(p) for p in job["paths"]])
        answers.write(json.dumps(answer, ensure_ascii=True) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
