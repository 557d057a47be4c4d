"""Seeded random mutations of the seed catalogues, for the loader's fuzz run.

A mutant is one seed file (plans/*.yaml) changed by one to three operators: text operators
(lines deleted, duplicated, swapped or re-indented, scalars replaced by other types, huge values,
odd Unicode or control characters, anchors, aliases and alias bombs, deep nesting, tabs, BOMs,
YAML directives and tags, truncation, line endings, bytes that are not UTF-8) and tree
operators, which change the parsed document and write it out again (a key or an item dropped, an
item duplicated, values swapped or shifted) — those mostly stay valid YAML, and so reach the
schema and the cross-checks rather than the parser.

The same `(seed, index)` always makes the same mutant: a failure is reproduced by its index.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from obligations.yamlsrc import parse_yaml

Text = Callable[[random.Random, str], str]
Tree = Callable[[random.Random, Any], None]

# A `key: value` line whose value is a plain or quoted scalar (not a nested block).
_SCALAR_LINE = re.compile(r"^(?P<head>\s*(?:- )?[\w-]+:[ \t]+)(?P<value>[^\s#&*!|>{\[][^#]*?)\s*$")
_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?:- )?(?P<key>[\w-]+):")

HUGE_TEXT = "Ủy ban " * 20_000  # 140,000 characters
WRONG_DATES = [
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "2024-00-10",
    "0000-01-01",
    "0001-01-01",
    "1899-12-31",
    "2200-01-01",
    "9999-12-31",
    "2024-1-1",
    "2024-01-01T25:00:00",
    "2024-01-01 10:30:00",
    "2024-01-01T00:00:00+07:00",
    "31/12/2024",
]
SCALARS = [
    "~",
    "null",
    "''",
    '""',
    "true",
    "no",
    "0",
    "-1",
    "1.5",
    "-0.0",
    "1e400",
    ".nan",
    ".inf",
    "-.inf",
    "0o777",
    "0x1F",
    "0333123456",
    "1:30",
    "[]",
    "{}",
    "[a, b]",
    "{a: 1}",
    "=",
    "<<",
    "9" * 5_000,  # more digits than Python converts by default
    "0x" + "f" * 5_000,  # a hex number converts, to an int with 6,000 digits
    "-" + "9" * 30,
    "1" * 400 + ".5",
    '"' + "x" * 100_000 + '"',
    HUGE_TEXT,
    '"Ủy ban nhân dân"',
    '"' + unicodedata.normalize("NFD", "Ủy ban nhân dân") + '"',  # decomposed Vietnamese
    '"😀 \u202e lật ngược"',
    '"zero\u200bwidth"',
    '"\\x00"',  # escapes make control characters the raw text does not contain
    '"\\x1b[31mđỏ\\x1b[0m"',
    '"\\x07\\x08\\x7f"',
    '"\\u0085\\u2028\\u2029"',
    '"\\ud800"',
    '"line\\nbreak"',
    "!!binary aGVsbG8=",
    "!!binary /w==",
    "!!set {a, b}",
    "!!omap [a: 1, b: 2]",
    "!!timestamp 2024-01-01",
    "!!int 12",
    "!!str 12",
    "!!float 1",
    "!!null ''",
    "!!bool yes",
    "!!int ''",
    "!!int abc",
    "!!float x",
    "!!bool maybe",
    "!!timestamp soon",
    "!!timestamp 2024-02-30",
    "!!binary not-base64!",
    "!!merge x",
    "!!value x",
    "!!python/object/apply:os.system [echo pwned]",
    "!!python/name:builtins.print",
    "!custom value",
    "!<tag:yaml.org,2002:str> 5",
    "*undefined",
    "&anchor",
    "@reserved",
    "`backtick",
    "%percent",
    "'unterminated",
    '"unterminated',
    "|",
    ">-",
    "- item",
    "? key",
    "a: b: c",
    "{unclosed",
    "[unclosed",
    "]",
    "}",
    *WRONG_DATES,
]
NESTED = ["[" * n + "]" * n for n in (20, 31, 32, 33, 200)] + [
    "{a: " * n + "1" + "}" * n for n in (31, 40)
]
# Nine levels of nine aliases: 9**9 strings once expanded, 700 bytes on disk.
BOMB = 'bomb-a: &ba ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"bomb-{name}: &b{name} [{', '.join([f'*b{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)
INSERTED = [
    "\t",
    " ",
    "#",
    ":",
    ": ",
    "- ",
    "? ",
    "'",
    '"',
    "{",
    "}",
    "[",
    "]",
    ",",
    "&x ",
    "*x",
    "<<: *x",
    "!",
    "|",
    ">",
    "%",
    "@",
    "\\",
    "\ufeff",
    "\u00a0",
    "\u2028",
    "\x85",
    "\r",
    "\u0301",  # a lone combining accent
    "\U0001f600",
]


@dataclass(frozen=True)
class Mutant:
    index: int
    seed_file: Path  # the seed it was made from, and the path it is loaded at
    content: bytes
    operators: tuple[str, ...]

    def describe(self) -> str:
        return f"mutant {self.index} of {self.seed_file.name}: {', '.join(self.operators)}"


# --- text operators ------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _pick(rng: random.Random, lines: list[str], pattern: re.Pattern[str]) -> int | None:
    found = [i for i, line in enumerate(lines) if pattern.match(line)]
    return rng.choice(found) if found else None


def delete_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def duplicate_line(rng: random.Random, text: str) -> str:
    """A line twice: inside a mapping, a duplicate key."""
    lines = _lines(text)
    i = _pick(rng, lines, _KEY_LINE) if rng.random() < 0.8 else None
    i = rng.randrange(len(lines)) if i is None else i
    lines.insert(i, lines[i])
    return "\n".join(lines)


def swap_lines(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    j = min(i + 1, len(lines) - 1) if rng.random() < 0.5 else rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def move_block(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    block = lines[i : i + rng.randint(1, 8)]
    del lines[i : i + len(block)]
    j = rng.randrange(len(lines) + 1)
    return "\n".join(lines[:j] + block + lines[j:])


def reindent(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    first = rng.randrange(len(lines))
    chosen = [i] if rng.random() < 0.7 else range(first, min(first + 6, len(lines)))
    change = rng.choice([-4, -2, -1, 1, 2, 3, 8])
    for k in chosen:
        line = lines[k]
        body = line.lstrip(" ")
        indent = max(0, len(line) - len(body) + change)
        lines[k] = " " * indent + body
    return "\n".join(lines)


def tabs(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    body = lines[i].lstrip(" ")
    spaces = len(lines[i]) - len(body)
    lines[i] = rng.choice(["\t" * max(1, spaces // 2), "\t" + " " * spaces, " " * spaces + "\t"])
    lines[i] += body
    return "\n".join(lines)


def replace_scalar(rng: random.Random, text: str) -> str:
    """A value replaced by another type, a huge or odd value, a control character, a bad date."""
    lines = _lines(text)
    i = _pick(rng, lines, _SCALAR_LINE)
    if i is None:
        return text
    match = _SCALAR_LINE.match(lines[i])
    assert match is not None
    value = rng.choice(SCALARS) if rng.random() < 0.85 else rng.choice(NESTED)
    lines[i] = match.group("head") + value
    return "\n".join(lines)


KEYS = [
    "2024-02-30",
    "2024-01-01",
    "12",
    "0x" + "f" * 5_000,
    "9" * 5_000,
    "null",
    "true",
    "1.5",
    "[a, b]",
    "{a: 1}",
    "? [a]\n",
    "!!binary aGk=",
    "!!int ''",
    '"quoted key"',
    "kind",
    "id",
    "<<",
    "=",
    "x" * 10_000,
]


def replace_key(rng: random.Random, text: str) -> str:
    """A key replaced by a date, a number, a list, a mapping or a tagged value."""
    lines = _lines(text)
    i = _pick(rng, lines, _KEY_LINE)
    if i is None:
        return text
    match = _KEY_LINE.match(lines[i])
    assert match is not None
    start, end = match.span("key")
    lines[i] = lines[i][:start] + rng.choice(KEYS) + lines[i][end:]
    return "\n".join(lines)


def replace_date(rng: random.Random, text: str) -> str:
    dates = list(re.finditer(r"\b\d{4}-\d{2}-\d{2}\b", text))
    if not dates:
        return replace_scalar(rng, text)
    found = rng.choice(dates)
    return text[: found.start()] + rng.choice(WRONG_DATES) + text[found.end() :]


def insert_character(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(INSERTED) + text[at:]


def delete_span(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + text[at + rng.randint(1, 40) :]


def truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def anchor_and_alias(rng: random.Random, text: str) -> str:
    """An anchor on one value and an alias to it in place of another (or of itself)."""
    lines = _lines(text)
    chosen = [i for i, line in enumerate(lines) if _SCALAR_LINE.match(line)]
    if len(chosen) < 2:
        return text
    a, b = rng.sample(chosen, 2)
    name = rng.choice(["x", "a1", "lặp"])
    head_a = _SCALAR_LINE.match(lines[a])
    head_b = _SCALAR_LINE.match(lines[b])
    assert head_a is not None
    assert head_b is not None
    lines[a] = f"{head_a.group('head')}&{name} {head_a.group('value')}"
    use = rng.choice([f"*{name}", f"*{name}", f"[*{name}, *{name}]", "*missing"])
    lines[b] = head_b.group("head") + use
    return "\n".join(lines)


def merge_key(rng: random.Random, text: str) -> str:
    """A merge key (`<<: *name`) into a mapping, of an anchored mapping, a scalar or a list."""
    lines = _lines(text)
    keyed = [i for i, line in enumerate(lines) if _KEY_LINE.match(line)]
    if len(keyed) < 2:
        return text
    a, b = sorted(rng.sample(keyed, 2))
    match_a = _KEY_LINE.match(lines[a])
    match_b = _KEY_LINE.match(lines[b])
    assert match_a is not None
    assert match_b is not None
    if not lines[a].rstrip().endswith(":"):
        lines[a] = lines[a].rstrip() + " &m"
    else:
        lines[a] += " &m"
    indent = " " * (len(match_b.group("indent")) + (2 if lines[b].lstrip().startswith("- ") else 0))
    merged = rng.choice(["<<: *m", "<<: [*m, *m]", "<<: *m\n" + indent + "<<: *m", "<<: 5"])
    lines.insert(b + 1, indent + merged)
    return "\n".join(lines)


def alias_bomb(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    top = [i for i, line in enumerate(lines) if re.match(r"^[a-z]", line)]
    at = rng.choice(top) if top else 0
    return "\n".join([*lines[:at], BOMB.rstrip("\n"), *lines[at:]])


def recursive_alias(rng: random.Random, text: str) -> str:
    return text + rng.choice(["\nloop: &loop [*loop]\n", "\nloop: &loop {a: *loop}\n"])


def deep_nesting(rng: random.Random, text: str) -> str:
    depth = rng.choice([30, 31, 32, 33, 100, 5_000])
    if rng.random() < 0.5:
        value = "[" * depth + "]" * depth
    else:
        value = "".join(f"{'  ' * k}- \n" for k in range(min(depth, 60)))
        return text + "\nnote:\n" + value
    return text + f"\nnote: {value}\n"


def bom(rng: random.Random, text: str) -> str:
    if rng.random() < 0.6:
        return "\ufeff" + text
    at = rng.randrange(len(text) + 1)
    return text[:at] + "\ufeff" + text[at:]


def document_markers(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    marker = rng.choice(["---", "...", "--- |", "%YAML 1.1\n---", "%YAML 1.3", "%TAG ! tag:x,1:"])
    at = rng.choice([0, rng.randrange(len(lines) + 1), len(lines)])
    return "\n".join([*lines[:at], marker, *lines[at:]])


def line_endings(rng: random.Random, text: str) -> str:
    ending = rng.choice(["\r\n", "\r", "\x85", "\u2028"])
    if rng.random() < 0.5:
        return text.replace("\n", ending)
    lines = _lines(text)
    i = rng.randrange(len(lines))
    return "\n".join(lines[:i]) + ending + "\n".join(lines[i:])


def raw_control_character(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    return (
        text[:at]
        + rng.choice(["\x00", "\x01", "\x1b", "\x7f", "\x9b", "\ufffe", "\x0c"])
        + text[at:]
    )


def huge_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = _pick(rng, lines, _SCALAR_LINE)
    if i is None:
        return text
    match = _SCALAR_LINE.match(lines[i])
    assert match is not None
    lines[i] = match.group("head") + match.group("value") * rng.choice([1_000, 20_000])
    return "\n".join(lines)


TEXT_OPERATORS: list[Text] = [
    delete_line,
    delete_line,
    duplicate_line,
    duplicate_line,
    swap_lines,
    move_block,
    reindent,
    reindent,
    tabs,
    replace_scalar,
    replace_scalar,
    replace_scalar,
    replace_scalar,
    replace_date,
    replace_date,
    replace_key,
    insert_character,
    insert_character,
    delete_span,
    truncate,
    anchor_and_alias,
    merge_key,
    alias_bomb,
    recursive_alias,
    deep_nesting,
    bom,
    document_markers,
    line_endings,
    raw_control_character,
    huge_line,
]


# --- tree operators: on the parsed document ------------------------------------------------------


def _containers(node: Any) -> list[Any]:
    found: list[Any] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict | list):
            found.append(current)
            stack.extend(current.values() if isinstance(current, dict) else current)
    return found


def _leaves(node: Any) -> list[tuple[Any, Any]]:
    """(container, key or index) of every scalar in the tree."""
    found: list[tuple[Any, Any]] = []
    for container in _containers(node):
        items = container.items() if isinstance(container, dict) else enumerate(container)
        found.extend((container, key) for key, value in items if not isinstance(value, dict | list))
    return found


def drop_key(rng: random.Random, tree: Any) -> None:
    mappings = [c for c in _containers(tree) if isinstance(c, dict) and c]
    if mappings:
        mapping = rng.choice(mappings)
        del mapping[rng.choice(list(mapping))]


def drop_item(rng: random.Random, tree: Any) -> None:
    lists = [c for c in _containers(tree) if isinstance(c, list) and c]
    if lists:
        items = rng.choice(lists)
        del items[rng.randrange(len(items))]


def duplicate_item(rng: random.Random, tree: Any) -> None:
    """An item twice: a unit, an obligation, a step, a day declared twice."""
    lists = [c for c in _containers(tree) if isinstance(c, list) and c]
    if lists:
        items = rng.choice(lists)
        i = rng.randrange(len(items))
        items.insert(i, items[i])


def swap_values(rng: random.Random, tree: Any) -> None:
    leaves = _leaves(tree)
    if len(leaves) >= 2:
        (a, ka), (b, kb) = rng.sample(leaves, 2)
        a[ka], b[kb] = b[kb], a[ka]


def copy_value(rng: random.Random, tree: Any) -> None:
    """A value written where another of the same type was: another date, code or name."""
    leaves = _leaves(tree)
    if len(leaves) < 2:
        return
    container, key = rng.choice(leaves)
    same = [(c, k) for c, k in leaves if type(c[k]) is type(container[key])]
    source, source_key = rng.choice(same)
    container[key] = source[source_key]


def shift_value(rng: random.Random, tree: Any) -> None:
    """A date moved by days or years (valid_to before valid_from …), a number changed."""
    leaves = [(c, k) for c, k in _leaves(tree) if isinstance(c[k], date | int)]
    if not leaves:
        return
    container, key = rng.choice(leaves)
    value = container[key]
    if isinstance(value, bool):
        container[key] = not value
    elif isinstance(value, date):
        delta = rng.choice([-3650, -400, -366, -31, -1, 1, 31, 366, 3650, 60_000])
        try:
            container[key] = value + timedelta(days=delta)
        except OverflowError:
            container[key] = date.max
    else:
        container[key] = value + rng.choice([-1000, -value - 1, -1, 1, 7, 10**6])


def _field_names() -> list[str]:
    """Every key the schema knows: a mutant adds one where it may or may not belong."""
    from pydantic import BaseModel

    from obligations.schema import DOCUMENT_KINDS

    names: set[str] = set()
    pending: list[Any] = list(DOCUMENT_KINDS.values())
    seen: set[Any] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            stack = [info.annotation]
            while stack:
                current = stack.pop()
                if isinstance(current, type) and issubclass(current, BaseModel):
                    pending.append(current)
                stack.extend(getattr(current, "__args__", ()))
                stack.extend(getattr(current, "__metadata__", ()))
                origin = getattr(current, "__origin__", None)
                if origin is not None:
                    stack.append(origin)
    return sorted(names)


FIELD_NAMES = _field_names()


def add_key(rng: random.Random, tree: Any) -> None:
    """A key the schema knows added to a mapping, with a value taken from elsewhere in the
    document or a date near one (`valid_to` before `valid_from`, a `merged_into` …)."""
    mappings = [c for c in _containers(tree) if isinstance(c, dict)]
    leaves = _leaves(tree)
    if not mappings or not leaves:
        return
    mapping = rng.choice(mappings)
    container, key = rng.choice(leaves)
    value = container[key]
    if rng.random() < 0.3:
        value = date(2024, 1, 1) + timedelta(days=rng.randint(-4000, 4000))
    mapping[rng.choice(FIELD_NAMES)] = value


def swap_siblings(rng: random.Random, tree: Any) -> None:
    """Two values of one mapping swapped: valid_from and valid_to, a code and a name …"""
    mappings = [c for c in _containers(tree) if isinstance(c, dict) and len(c) >= 2]
    if mappings:
        mapping = rng.choice(mappings)
        a, b = rng.sample(list(mapping), 2)
        mapping[a], mapping[b] = mapping[b], mapping[a]


def change_id(rng: random.Random, tree: Any) -> None:
    """The document's id, or a unit's code, changed: a new document claiming taken units."""
    codes = [(c, k) for c, k in _leaves(tree) if k in ("id", "code") and isinstance(c[k], str)]
    if codes:
        container, key = rng.choice([(tree, "id")] if rng.random() < 0.4 else codes)
        container[key] = f"{container[key]}-{rng.randint(2, 9)}"


TREE_OPERATORS: list[Tree] = [
    drop_key,
    drop_key,
    drop_item,
    drop_item,
    duplicate_item,
    swap_values,
    copy_value,
    copy_value,
    shift_value,
    shift_value,
    add_key,
    add_key,
    add_key,
    swap_siblings,
    change_id,
]


def _tree_mutant(rng: random.Random, text: str, count: int) -> tuple[str, list[str]]:
    tree = parse_yaml(text, "seed").data
    applied = []
    for _ in range(count):
        operator = rng.choice(TREE_OPERATORS)
        operator(rng, tree)
        applied.append(operator.__name__)
    dumped = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=100)
    return dumped, applied


# --- bytes: what a text editor or a transfer can do to a file ------------------------------------


def _bytes(rng: random.Random, text: str) -> tuple[bytes, str | None]:
    raw = text.encode("utf-8", errors="surrogatepass")
    choice = rng.random()
    if choice < 0.03:
        at = rng.randrange(len(raw) + 1)
        return raw[:at] + rng.choice([b"\xff", b"\xc3", b"\xe1\xba", b"\xed\xa0\x80"]) + raw[at:], (
            "invalid_utf8"
        )
    if choice < 0.05:
        return raw[: rng.randrange(len(raw) + 1)], "truncate_bytes"  # may cut a character
    if choice < 0.06:
        return text.encode("utf-16"), "utf16"
    return raw, None


def mutants(
    seeds: list[Path], seed: int, count: int, start: int = 0, tree_share: float = 0.3
) -> Iterator[Mutant]:
    """`count` mutants of the seed files from index `start`; each depends only on (seed, index).

    `tree_share` of them are tree mutants, the others text mutants."""
    texts = {path: path.read_text(encoding="utf-8") for path in seeds}
    for index in range(start, start + count):
        rng = random.Random(f"{seed}:{index}")
        path = rng.choice(seeds)
        text = texts[path]
        operators: list[str] = []
        if rng.random() < tree_share:
            text, applied = _tree_mutant(rng, text, rng.choice([1, 1, 2, 3]))
            operators += [f"tree:{name}" for name in applied]
        else:
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                operator = rng.choice(TEXT_OPERATORS)
                text = operator(rng, text)
                operators.append(operator.__name__)
        content, damage = _bytes(rng, text)
        if damage:
            operators.append(damage)
        yield Mutant(index, path, content, tuple(operators))


def renamed(seeds: list[Path]) -> Iterator[Mutant]:
    """Each seed plan under another id: a new document declaring the units and obligations the
    stored plan owns. Without the ledger it holds together; against it, it is refused."""
    plans = [path for path in seeds if path.parent.name != "calendar"]
    for index, path in enumerate(plans, start=1):
        text = path.read_text(encoding="utf-8")
        moved = re.sub(r"(?m)^id: (\S+)$", r"id: \1-moi", text, count=1)
        yield Mutant(-index, path, moved.encode("utf-8"), ("renamed",))
