"""YAML documents that remember where each value came from.

PyYAML's safe loader builds plain values; we build them ourselves from its node tree so that
every key and item keeps its line, duplicate keys are refused (PyYAML would silently keep the
last one), and a validation error deep inside a document can name the line it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Issue:
    """One problem in a catalogue file, printed as `FILE:LINE: reason`."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class CatalogueError(Exception):
    """The catalogue is refused; `issues` says every reason found, with file and line."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues, key=lambda i: (i.file, i.line, i.message))
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


class _Builder:
    def __init__(self, file: str, loader: yaml.SafeLoader) -> None:
        self.file = file
        self.loader = loader
        self.lines: dict[Loc, int] = {}
        self.issues: list[Issue] = []

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                if not isinstance(key, str | int):
                    line = key_node.start_mark.line + 1
                    self.issues.append(Issue(self.file, line, f"a key must be text, not {key!r}"))
                    continue
                if key in result:
                    line = key_node.start_mark.line + 1
                    self.issues.append(Issue(self.file, line, f"duplicate key {key!r}"))
                    continue
                self.lines[(*loc, key)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, (*loc, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError as error:  # e.g. 2024-02-30: YAML resolves it as a date, then fails
            line = node.start_mark.line + 1
            self.issues.append(Issue(self.file, line, f"{node.value!r} is not valid: {error}"))
            return node.value


def parse_yaml(text: str, file: str) -> Source:
    """Parse one YAML document; raise `CatalogueError` with the line of any syntax error."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise CatalogueError([Issue(file, 1, "the file is empty")])
        builder = _Builder(file, loader)
        data = builder.build(node, ())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        reason = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise CatalogueError([Issue(file, line, f"not valid YAML: {reason}")]) from None
    except yaml.YAMLError as error:
        raise CatalogueError([Issue(file, 1, f"not valid YAML: {error}")]) from None
    finally:
        loader.dispose()
    if builder.issues:
        raise CatalogueError(builder.issues)
    return Source(file, data, builder.lines)


def read_source(path: Path, display: str | None = None) -> Source:
    """Read and parse a catalogue file; unreadable or non-UTF-8 files are refused clearly."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CatalogueError([Issue(name, 1, f"cannot read the file: {error.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CatalogueError([Issue(name, line, "the file is not UTF-8 text")]) from None
    return parse_yaml(text, name)
