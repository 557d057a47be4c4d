"""Hostile YAML is refused at its line, quickly and in bounded memory.

Each file is loaded in a child process limited to 1 GiB of address space and 20 s of CPU; the
load itself must take under 1 s of CPU. A refusal that needed gigabytes or a minute (an alias
bomb did both) fails the test instead of taking the machine down with it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from obligations import yamlsrc
from obligations.loader import load_catalogue
from obligations.yamlsrc import CatalogueError

ROOT = Path(__file__).resolve().parents[3]

CHILD = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
from pathlib import Path
from obligations.loader import load_catalogue
from obligations.yamlsrc import CatalogueError
start = time.process_time()
try:
    load_catalogue([Path(sys.argv[1])])
except CatalogueError as error:
    print(f"{time.process_time() - start:.3f}")
    print(error)
else:
    print("accepted")
"""

HEAD = "kind: plan\nid: x\n"
BOMB = (  # nine levels of nine aliases: 9**9 strings once expanded, 700 bytes on disk
    HEAD
    + 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
)
NESTED_ANCHOR = HEAD + "a: &a " + "[" * 30 + "]" * 30 + "\nb: [[[*a]]]\n"


def write_text(text: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


def sparse(size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("wb") as stream:
            stream.truncate(size)

    return write


HOSTILE: list[tuple[str, Callable[[Path], None], int, str]] = [
    # (case, how to write the file, line, reason)
    (
        "alias-bomb",  # refused at f: its first alias brings the count past 100,000
        write_text(BOMB),
        8,
        "the aliases (*name) stand for more than 100,000 values in all",
    ),
    (
        "recursive-alias",
        write_text(HEAD + "a: &a [*a]\n"),
        3,
        "alias *a refers to a value that contains it",
    ),
    (
        "3000-levels",
        write_text(HEAD + "note: " + "[" * 3000 + "]" * 3000 + "\n"),
        3,
        "values nest more than 32 levels deep",
    ),
    (
        "deep-through-an-alias",
        write_text(NESTED_ANCHOR),
        4,
        "*a makes values nest more than 32 levels",
    ),
    (
        "too-many-aliases",
        write_text(HEAD + "a: &a x\nb: [" + ", ".join(["*a"] * 1001) + "]\n"),
        4,
        "more than 1,000 aliases (*name) in one file",
    ),
    (
        "nul-byte",
        write_text(HEAD + 'title: "Kế hoạch\x00"\n'),
        3,
        "the file contains a control character (U+0000), which YAML text may not: remove it",
    ),
    (
        "33-mb",
        sparse(33 * 1024 * 1024),
        1,
        "the file is 33 MB; a catalogue file may be at most 32 MB: split it",
    ),
]


@pytest.mark.parametrize(
    ("write", "line", "reason"), [pytest.param(w, n, r, id=i) for i, w, n, r in HOSTILE]
)
def test_hostile_yaml_is_refused_at_its_line_within_a_second_in_bounded_memory(
    tmp_path: Path, write: Callable[[Path], None], line: int, reason: str
) -> None:
    path = tmp_path / "hostile.yaml"
    write(path)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        # A hang guard only: the bound is the load's CPU time below (wall time on a shared
        # machine measures the other processes), and the child's CPU is capped at 20 s.
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    elapsed, *issues = done.stdout.splitlines()
    assert issues == [f"{path}:{line}: {reason}"], done.stdout
    assert float(elapsed) < 1.0


def test_a_file_that_stands_for_too_many_values_is_refused_where_it_crosses_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlsrc, "MAX_VALUES", 10)  # 4,000,000 would take a 10 MB file
    path = tmp_path / "plan.yaml"
    path.write_text("kind: plan\nid: x\nunits:\n  - a\n  - b\n  - c\n  - d\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as raised:
        load_catalogue([path])
    # the mapping (1), kind: plan (3), id: x (5), units (6), its list (7), a, b, c (10), d
    assert [str(i) for i in raised.value.issues] == [
        f"{path}:7: the file stands for more than 10 values"
    ]
