"""Node positions, exactly as libcst's `PositionProvider` gives them, for the nodes asked for.

`PositionProvider` regenerates the module's code and tracks line and column through a regular
expression on every token and a generator-based context manager on every node; that costs more
than parsing. The codegen state here tracks only a character offset (identical rules for which
range a node gets: syntactic where the node records one, whitespace-inclusive otherwise), and
offsets become 1-based lines and columns only for the few nodes a fact is reported on.

Even that pass visits every node of the module to place a dozen facts. `Positions` therefore
looks for the node's own code in the source: on one line and found once, that is where the node
is. Otherwise it generates only the statements that hold the node (`anchors.Unit`: placed at the
offset CPython's parser gives the statement's first token, and checked against the source text):
every occurrence of the code's first line points at one unit, and the unit that records this
very node object is the one. A node no unit holds falls back to the pass over the whole module.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst
from libcst._nodes.internal import CodegenState  # the hook libcst's own providers use

from truss_secret_lint.diagnostic import Span

if TYPE_CHECKING:
    from truss_secret_lint.code_facts.anchors import Layout, Unit

_NEWLINE = re.compile(r"\r\n?|\n")

Offsets = dict[cst.CSTNode, tuple[int, int]]


class _Stopped(Exception):
    """Raised when a unit's codegen reaches the body it stops at."""


@dataclass
class _OffsetCodegenState(CodegenState):
    """Generates no text of its own: adds up token lengths and notes each node's [start, end)
    offsets. `root` is the node whose syntactic start is noted in `root_start`; codegen stops
    (raising `_Stopped`) when it reaches `stop`."""

    offset: int = 0
    ranges: Offsets = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)
    root: cst.CSTNode | None = None
    root_start: int = -1
    stop: cst.CSTNode | None = None

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.offset += len(token)
        self.tokens.extend(self.indent_tokens)

    def add_token(self, value: str) -> None:
        self.offset += len(value)
        self.tokens.append(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        if node is self.stop:
            raise _Stopped
        self.starts.append(self.offset)

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self.starts.pop()
        if node not in self.ranges:
            self.ranges[node] = (start, self.offset)

    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> _Recording:
        if node is self.root:
            self.root_start = self.offset
        return _Recording(self, node, start_node, end_node)


class _Recording:
    """The context manager `record_syntactic_position` returns (a class: cheaper than a
    generator-based one, and it runs for nearly every node)."""

    __slots__ = ("end_node", "node", "start", "start_node", "state")

    def __init__(
        self,
        state: _OffsetCodegenState,
        node: cst.CSTNode,
        start_node: cst.CSTNode | None,
        end_node: cst.CSTNode | None,
    ) -> None:
        self.state = state
        self.node = node
        self.start_node = start_node
        self.end_node = end_node
        self.start = state.offset

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        if exc_type is not None:  # e.g. RecursionError or `_Stopped`: let it through unchanged
            return
        state = self.state
        ranges = state.ranges
        start = ranges[self.start_node][0] if self.start_node is not None else self.start
        end = ranges[self.end_node][1] if self.end_node is not None else state.offset
        ranges[self.node] = (start, end)


def node_offsets(module: cst.Module) -> Offsets:
    """Every node's [start, end) character offsets in the module's source (one pass over all)."""
    state = _OffsetCodegenState(
        default_indent=module.default_indent, default_newline=module.default_newline
    )
    module._codegen(state)
    return state.ranges


def unit_offsets(module: cst.Module, unit: Unit, text: str) -> Offsets | None:
    """The offsets of the nodes in one unit, placed at its anchor; None when the generated
    text is not the source text there (then the unit is not trusted)."""
    state = _OffsetCodegenState(
        default_indent=module.default_indent,
        default_newline=module.default_newline,
        indent_tokens=list(unit.indent),
        root=unit.node if unit.root is None else unit.root,
        stop=unit.stop,
    )
    try:
        if unit.is_elif:
            unit.node._codegen(state, is_elif=True)
        else:
            unit.node._codegen(state)
    except _Stopped:
        pass
    shift = unit.anchor - state.root_start
    if state.root_start < 0 or shift < 0 or not _matches(module, state.tokens, text, shift):
        return None
    return {node: (start + shift, end + shift) for node, (start, end) in state.ranges.items()}


def _matches(module: cst.Module, tokens: list[str], text: str, start: int) -> bool:
    """Whether the generated tokens are the source text at `start`. The last statement of a
    file without a final line end generates one that the module's codegen drops again."""
    generated = "".join(tokens)
    if text.startswith(generated, start):
        return True
    if module.has_trailing_newline or not tokens:
        return False
    generated = generated[: len(generated) - len(tokens[-1])]
    return start + len(generated) == len(text) and text.startswith(generated, start)


def own_text(module: cst.Module, node: cst.CSTNode) -> str:
    """The node's own code: its syntactic range, as it reads in the source when on one line."""
    if isinstance(node, cst.Name | cst.SimpleString):  # no parentheses or whitespace inside
        return node.value
    state = _OffsetCodegenState(
        default_indent=module.default_indent, default_newline=module.default_newline
    )
    node._codegen(state)
    start, end = state.ranges[node]
    return "".join(state.tokens)[start:end]


class Positions:
    """Offsets of a module's nodes, computed on first request and kept."""

    def __init__(
        self,
        module: cst.Module,
        text: str,
        layout: Layout | None = None,
        offsets: Offsets | None = None,
    ) -> None:
        """With `offsets` (the full pass, already done) every look-up is a dict hit; else units
        of `layout` are generated as needed, and the full pass runs when they do not suffice."""
        self._module = module
        self._text = text
        self._layout = layout
        self._ranges: Offsets = offsets if offsets is not None else {}
        self._complete = offsets is not None
        self._generated: set[int] = set()
        self.full_passes = 0
        """How often the pass over the whole module ran here (for the tests and the bench)."""

    @property
    def lazy(self) -> bool:
        """Whether positions are computed per statement (else the full pass ran at parse)."""
        return self._layout is not None

    def offsets(self, node: cst.CSTNode) -> tuple[int, int]:
        """The node's [start, end) character offsets (KeyError for a node not in the module)."""
        found = self._ranges.get(node)
        if found is None:
            found = self._from_units(node)
        if found is None:
            self._ranges = node_offsets(self._module)
            self._complete = True
            self.full_passes += 1
            found = self._ranges[node]
        return found

    def _from_units(self, node: cst.CSTNode) -> tuple[int, int] | None:
        layout = self._layout
        if layout is None or self._complete or isinstance(node, cst.Module):
            return None
        try:
            code = own_text(self._module, node)
        except Exception:  # a node libcst cannot generate on its own: the full pass decides
            return None
        text, units, regions = self._text, layout.units, layout.regions
        key = _NEWLINE.split(code, maxsplit=1)[0]
        if not key:
            return None
        position = text.find(key)
        if key == code and text.find(key, position + 1) < 0:
            # The node's code is in the source, and on one line it is the same text whatever
            # surrounds it: found once, that is the node.
            self._ranges[node] = (position, position + len(code))
            return self._ranges[node]
        while position >= 0:
            index = bisect.bisect_right(regions, position) - 1
            if index >= 0 and index not in self._generated:
                self._generated.add(index)
                offsets = unit_offsets(self._module, units[index], text)
                if offsets is not None:
                    self._ranges.update(offsets)
                    found = self._ranges.get(node)
                    if found is not None:
                        return found
            # The rest of this unit's text cannot hold the node: continue after it.
            following = regions[index + 1] if index + 1 < len(regions) else len(text)
            position = text.find(key, max(position + 1, following))
        return None


@dataclass(frozen=True)
class LineIndex:
    """Converts character offsets of one source text into 1-based lines and columns."""

    line_starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> LineIndex:
        return cls((0, *(match.end() for match in _NEWLINE.finditer(text))))

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)
