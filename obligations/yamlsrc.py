"""YAML documents that remember where each value came from.

PyYAML's safe loader builds plain values; we build them ourselves from its node tree so that
every key and item keeps its line, duplicate keys are refused (PyYAML would silently keep the
last one), and a validation error deep inside a document can name the line it is about.

A catalogue file may come from anyone, so reading one is bounded: its size, how deep it nests,
how many aliases it uses and how many values it stands for once aliases are expanded are all
limited, and checked on the event stream as the composer takes each event — before it composes
anything from it, because PyYAML's composer (and our builder) recurse once per level, and an
alias bomb is small on disk and huge once expanded.

Plain scalars follow YAML 1.2 where YAML 1.1 surprises: `0333123456` (a Zalo number) and
`1:30` stay text instead of becoming the octal or sexagesimal numbers 57452334 and 90.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    ScalarEvent,
)
from yaml.resolver import Resolver

Loc = tuple[str | int, ...]

# A province's plan is a few hundred lines, nesting five levels deep, with no alias or a few
# merge keys; the national catalogue of every province may reach ~10 MB. The limits leave a wide
# margin above that and stop a hostile file long before it costs seconds or gigabytes.
MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 32  # collections inside collections
MAX_ALIASES = 1_000  # `*name` uses, merge keys included
MAX_ALIAS_VALUES = 100_000  # values the aliases copy, summed, once expanded
MAX_VALUES = 4_000_000  # values the whole document stands for, once expanded
MAX_MESSAGE = 1_000  # characters of one issue's reason
MAX_DIGITS = 100  # of a number: none in a catalogue comes near (a Zalo id has at most 32)
_TOO_LARGE = 10**MAX_DIGITS

INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
MERGE_TAG = "tag:yaml.org,2002:merge"
VALUE_TAG = "tag:yaml.org,2002:value"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


@dataclass(frozen=True)
class Issue:
    """One problem in a catalogue file, printed as `FILE:LINE: reason`."""

    file: str
    line: int
    message: str

    def __post_init__(self) -> None:
        # A message is a sentence: the values it quotes are cut (`quoted`); this bounds the rest.
        if len(self.message) > MAX_MESSAGE:
            object.__setattr__(self, "message", self.message[: MAX_MESSAGE - 1] + "…")

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class CatalogueError(Exception):
    """The catalogue is refused; `issues` says every reason found, with file and line."""

    def __init__(self, issues: list[Issue]) -> None:
        unique = dict.fromkeys(issues)  # a merged mapping may repeat its own problems
        self.issues = sorted(unique, key=lambda i: (i.file, i.line, i.message))
        super().__init__("\n".join(map(str, self.issues)))


@dataclass
class Source:
    """A parsed YAML document and the line of every location in it."""

    file: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line(self, loc: Loc) -> int:
        """The line of `loc`, or of its closest enclosing location that has one."""
        for cut in range(len(loc), -1, -1):
            found = self.lines.get(loc[:cut])
            if found is not None:
                return found
        return 1

    def issue(self, loc: Loc, message: str) -> Issue:
        return Issue(self.file, self.line(loc), message)


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _without(tags: set[str]) -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    return {
        first: [(tag, regex) for tag, regex in resolvers if tag not in tags]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


# libyaml scans and parses (the bulk of the cost: a national catalogue's 4,000 units took
# ~10 s in PyYAML's pure-Python scanner); the Python composer on top of it still asks for every
# event through `get_event`, so the guard below sees them all. Without libyaml, PyYAML's own.
if getattr(yaml, "__with_libyaml__", False):
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class _Base(Composer, CParser, SafeConstructor, Resolver):
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

else:  # pragma: no cover - every supported install ships libyaml

    class _Base(yaml.SafeLoader):  # type: ignore[no-redef]
        pass


class _Loader(_Base):
    """PyYAML's safe loader with YAML 1.2 numbers and a guard on every event it composes."""

    yaml_implicit_resolvers = _without({INT_TAG, FLOAT_TAG})

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._aliases = 0
        self._alias_values = 0
        self._values = 0
        # per open collection: [anchor, values in it so far, levels of the deepest value in it]
        self._open: list[list[Any]] = []
        self._anchors: dict[str, tuple[int, int]] = {}  # complete anchor → (values, levels)

    def get_event(self) -> Event:
        event = super().get_event()
        assert event is not None  # the composer asks only while events remain
        self._guard(event)
        return event

    def _guard(self, event: Event) -> None:
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, CollectionEndEvent):
            anchor, values, levels = self._open.pop()
            if anchor is not None:
                self._anchors[anchor] = (values, levels + 1)
            self._add(values, levels + 1)
        elif isinstance(event, AliasEvent):
            anchor = str(event.anchor)
            if any(frame[0] == anchor for frame in self._open):
                raise _Refused(line, f"alias *{anchor} refers to a value that contains it")
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _Refused(line, f"more than {MAX_ALIASES:,} aliases (*name) in one file")
            values, levels = self._anchors.get(anchor, (1, 0))  # the composer refuses unknowns
            if len(self._open) + levels > MAX_DEPTH:
                raise _Refused(line, f"*{anchor} makes values nest more than {MAX_DEPTH} levels")
            self._alias_values += values
            if self._alias_values > MAX_ALIAS_VALUES:
                raise _Refused(
                    line,
                    f"the aliases (*name) stand for more than {MAX_ALIAS_VALUES:,} values in all",
                )
            self._count(line, values)
            self._add(values, levels)
        elif isinstance(event, ScalarEvent):
            self._count(line, 1)
            if event.anchor is not None:
                self._anchors[event.anchor] = (1, 0)
            self._add(1, 0)
        elif isinstance(event, CollectionStartEvent):
            if len(self._open) >= MAX_DEPTH:
                raise _Refused(line, f"values nest more than {MAX_DEPTH} levels deep")
            self._count(line, 1)
            self._open.append([event.anchor, 1, 0])

    def _add(self, values: int, levels: int) -> None:
        """Count a complete value in the collection that holds it."""
        if self._open:
            frame = self._open[-1]
            frame[1] += values
            frame[2] = max(frame[2], levels)

    def _count(self, line: int, values: int) -> None:
        self._values += values
        if self._values > MAX_VALUES:
            raise _Refused(line, f"the file stands for more than {MAX_VALUES:,} values")


# YAML 1.2 integers: no octal by a leading 0 (`0333123456` is a phone number), no base 60, no
# `_`; floats as PyYAML reads them, less base 60.
_Loader.add_implicit_resolver(
    INT_TAG,
    re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+|0o[0-7]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    FLOAT_TAG,
    re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
        |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    list("-+0123456789."),
)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _Builder:
    def __init__(self, file: str, loader: _Loader) -> None:
        self.file = file
        self.loader = loader
        self.lines: dict[Loc, int] = {}
        self.issues: list[Issue] = []

    def refuse(self, node: yaml.Node, message: str) -> None:
        self.issues.append(Issue(self.file, _line(node), message))

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.lines.setdefault(loc, _line(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            self.merge_into(result, node, loc)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]
        return self.scalar(node)[1]

    def scalar(self, node: yaml.Node) -> tuple[bool, Any]:
        """(True, value) of a scalar, or (False, its text) once refused at its line."""
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.MarkedYAMLError:
            raise
        except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError) as error:
            # How PyYAML's constructors fail on 2024-02-30, on a number of more digits than
            # Python converts, on `!!timestamp soon`, `!!int ''` or `!!bool maybe`.
            self.refuse(node, _unreadable(node, error))
            return False, node.value
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _TOO_LARGE:
            self.refuse(node, _unreadable(node, None))
            return False, node.value
        return True, value

    def merge_into(self, result: dict[Any, Any], node: yaml.MappingNode, loc: Loc) -> None:
        """Add the pairs of `node` that `result` lacks: its own keys, then what it merges.

        As in PyYAML, a key written in the mapping wins over a merged one (`<<: *base`), and
        of a list of merged mappings (`<<: [*a, *b]`) the earlier wins. A merged key keeps the
        line where it is written, inside the mapping it comes from.
        """
        own: set[Any] = set()
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                if merges:
                    self.refuse(key_node, "duplicate key '<<': merge a list, like <<: [*a, *b]")
                else:
                    merges.append(value_node)
                continue
            key = self.key(key_node)
            if key is None:
                continue
            if key in own:
                shown = quoted(key) if isinstance(key, str) else repr(key)
                self.refuse(key_node, f"duplicate key {shown}")
                continue
            own.add(key)
            if key in result:  # written in a mapping that merges this one
                continue
            self.lines[(*loc, key)] = _line(key_node)
            result[key] = self.build(value_node, (*loc, key))
        for value_node in merges:
            sources = (
                value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            )
            for source in sources:
                if isinstance(source, yaml.MappingNode):
                    self.merge_into(result, source, loc)
                else:
                    self.refuse(source, "'<<' merges a mapping (*name) or a list of them")

    def key(self, node: yaml.Node) -> str | int | None:
        if node.tag == VALUE_TAG:  # a plain `=` is a key like any other
            return str(node.value)
        if not isinstance(node, yaml.ScalarNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
            self.refuse(node, f"a key must be text, not {kind}")
            return None
        readable, key = self.scalar(node)
        if not readable:
            return None
        if isinstance(key, str | int) and not isinstance(key, bool):
            return key
        self.refuse(node, f"a key must be text, not {quoted(node.value)} (quote it if it is)")
        return None


_TAG_WORDS = {
    TIMESTAMP_TAG: "a date (YYYY-MM-DD)",
    INT_TAG: "a whole number",
    FLOAT_TAG: "a number",
    "tag:yaml.org,2002:bool": "true or false",
}


def _unreadable(node: yaml.Node, error: Exception | None) -> str:
    """Why a scalar YAML resolves (or is tagged) as a date, a number … cannot be one."""
    # More digits than Python converts (4,300) fail to build; fewer, over 100, are refused.
    if error is None or (node.tag == INT_TAG and node.value.lstrip("+-").isdigit()):
        return (
            f"{quoted(node.value)} is a number of more than {MAX_DIGITS} digits, which no "
            "catalogue value is: quote it if it is text"
        )
    words = _TAG_WORDS.get(node.tag) or f"a {node.tag.rsplit(':', 1)[-1]}"
    # Python's own reason for a date ("day is out of range for month") is a clerk's too.
    why = f": {error}" if node.tag == TIMESTAMP_TAG and isinstance(error, ValueError) else ""
    return f"{quoted(node.value)} is not {words}{why}"


QUOTED_CHARACTERS = 60


def quoted(text: str) -> str:
    """A value of the file as a message quotes it: `repr`, a long one cut (a message must stay
    a sentence, not a copy of a 100,000-character value)."""
    if len(text) <= QUOTED_CHARACTERS:
        return repr(text)
    return f"{text[:QUOTED_CHARACTERS]!r}… ({len(text):,} characters)"


# What YAML counts as a line break: its marks, and so the lines of the issues, count these.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _line_count(text: str) -> int:
    """The file's lines as YAML counts them; a line break at the end ends the last line."""
    count = len(_BREAK.findall(text))
    if not text.endswith(("\n", "\r", "\x85", "\u2028", "\u2029")):
        count += 1
    return max(count, 1)


def parse_yaml(text: str, file: str) -> Source:
    """Parse one YAML document; raise `CatalogueError` with the line of any syntax error."""
    if len(text) > MAX_BYTES:
        raise CatalogueError([Issue(file, 1, _too_big(len(text.encode("utf-8"))))])
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)  # what PyYAML refuses, found first
    if bad is not None:
        line = len(_BREAK.findall(text, 0, bad.start())) + 1
        code = ord(bad.group())
        raise CatalogueError(
            [
                Issue(
                    file,
                    line,
                    f"the file contains a control character (U+{code:04X}), "
                    "which YAML text may not: remove it",
                )
            ]
        )
    builder: _Builder | None = None
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            raise CatalogueError([Issue(file, 1, "the file is empty")])
        builder = _Builder(file, loader)
        data = builder.build(node, ())
    # A problem at the end of the stream is marked on the line after the last: say the last.
    except _Refused as refused:
        line = min(refused.line, _line_count(text))
        raise CatalogueError([Issue(file, line, refused.message)]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = min(mark.line + 1 if mark else 1, _line_count(text))
        reason = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise CatalogueError([Issue(file, line, f"not valid YAML: {reason}")]) from None
    except yaml.YAMLError as error:
        raise CatalogueError([Issue(file, 1, f"not valid YAML: {error}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if builder.issues:
        raise CatalogueError(builder.issues)
    return Source(file, data, builder.lines)


def _too_big(size: int) -> str:
    return (
        f"the file is {size / 1024 / 1024:.0f} MB; a catalogue file may be at most "
        f"{MAX_BYTES // 1024 // 1024} MB: split it"
    )


def read_source(path: Path, display: str | None = None) -> Source:
    """Read and parse a catalogue file; unreadable or non-UTF-8 files are refused clearly."""
    name = display or str(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)  # never more than the limit in memory
            if len(raw) > MAX_BYTES:
                size = path.stat().st_size
                raise CatalogueError([Issue(name, 1, _too_big(size))])
    except OSError as error:
        raise CatalogueError([Issue(name, 1, f"cannot read the file: {error.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CatalogueError([Issue(name, line, "the file is not UTF-8 text")]) from None
    return parse_yaml(text, name)
