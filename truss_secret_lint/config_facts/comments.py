"""The comments of a config.yaml that parsed, with their positions: committed text too.

A `#` starts a YAML comment at the start of a line or after whitespace, outside every scalar —
inside a quoted or block scalar it is content (and already a string value the rules check). So
the scalars' spans from the composed document decide, and no second YAML scanner is needed.
Files that do not parse are not handled here (their text is scanned as a whole elsewhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from truss_secret_lint.config_facts.nodes import is_scalar, keyed_nodes, line_range, span_of
from truss_secret_lint.diagnostic import Span

if TYPE_CHECKING:
    from truss_secret_lint.config_facts.facts import ConfigFacts

_COMMENT_START = re.compile(r"(?:^|(?<=[ \t]))#")


@dataclass(frozen=True)
class YamlComment:
    """One comment: its text from `#` to the end of the line, and where that is."""

    text: str
    span: Span


def yaml_comments(facts: ConfigFacts) -> list[YamlComment]:
    """Every comment of a config.yaml whose (first) document composed."""
    source = facts.source
    if facts.root_node is None or facts.problem is not None or "#" not in source.text:
        return []
    candidates = [(n, line) for n, line in enumerate(source.lines, start=1) if "#" in line]
    scalars = _scalar_spans(facts, {number for number, _ in candidates})
    found = []
    for number, line in candidates:
        for match in _COMMENT_START.finditer(line):
            column = match.start() + 1
            if not any(_inside(span, number, column) for span in scalars.get(number, ())):
                text = line[match.start() :]
                found.append(YamlComment(text, Span(number, column, number, len(line) + 1)))
                break
    return found


def _scalar_spans(facts: ConfigFacts, lines: set[int]) -> dict[int, list[Span]]:
    """The spans of the scalars (keys and values) that cover any of `lines`, by every line
    they cover (only those lines can hold a comment: the other scalars are not looked at)."""
    by_line: dict[int, list[Span]] = {}
    assert facts.root_node is not None
    for key, node in keyed_nodes(facts.root_node):
        for scalar in (key, node):
            if scalar is None or not is_scalar(scalar):
                continue
            first, last = line_range(scalar)
            if lines.isdisjoint(range(first, last + 1)):
                continue
            span = span_of(scalar)
            for number in range(span.line, span.end_line + 1):
                by_line.setdefault(number, []).append(span)
    return by_line


def _inside(span: Span, line: int, column: int) -> bool:
    return (span.line, span.column) <= (line, column) < (span.end_line, span.end_column)
