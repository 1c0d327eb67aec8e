"""Source text → libcst tree with positions, or a `ParseFailure`; never an exception.

The tree is built once per file and kept in `ParsedModule`, so the engine can analyse the same
file again (with more tracked parameters) without re-parsing. Positions are converted from
libcst's convention (1-based line, 0-based column) to `Span` (1-based both, exclusive end) here
and nowhere else.

Positions are computed for the nodes asked for (`positions.Positions`). A module whose full
codegen pass would exhaust the recursion limit was always reported as too deeply nested; that
verdict stands because the full pass still runs here, eagerly, unless `anchors` proves it would
succeed.
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import libcst as cst

from truss_secret_lint.code_facts.anchors import layout_of
from truss_secret_lint.code_facts.facts import ParseFailure
from truss_secret_lint.code_facts.positions import LineIndex, Positions, node_offsets
from truss_secret_lint.code_facts.syntax import checked_text, failure_from_python, quiet
from truss_secret_lint.diagnostic import Span

_LIBCST_POSITION = re.compile(r"error at (\d+):(\d+)")

RECURSION_MARGIN = 150
"""Frames kept free beyond the bound when positions are left for later: they are computed
from the analysis driver, a few frames deeper than this call."""


@dataclass(frozen=True, eq=False)
class ParsedModule:
    """A parsed file: the libcst module, its source text and the positions of its nodes."""

    path: str
    module: cst.Module
    positions: Positions
    lines: LineIndex
    text: str = ""
    _spans: dict[cst.CSTNode, Span] = field(default_factory=dict, repr=False)

    def span(self, node: cst.CSTNode) -> Span:
        """The node's position as a 1-based, end-exclusive `Span` (libcst's PositionProvider
        range: parentheses and surrounding whitespace excluded)."""
        span = self._spans.get(node)
        if span is None:
            span = self._spans[node] = self.lines.span(*self.positions.offsets(node))
        return span


def parse_module(source: str | bytes, path: str) -> ParsedModule | ParseFailure:
    """Parse one Python file; bad input of any kind becomes a `ParseFailure`."""
    text = checked_text(source, path)
    if isinstance(text, ParseFailure):
        return text
    try:
        with _no_cyclic_gc():
            module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return _syntax_failure(text, path, error)
    except RecursionError:
        return ParseFailure("code too deeply nested to parse", Span.point(1, 1), path)
    except Exception as error:  # libcst validation, e.g. "Cannot concatenate string and bytes"
        return failure_from_python(text, path, f"cannot be parsed ({type(error).__name__})")
    lines = LineIndex.of(text)
    with _no_cyclic_gc():  # CPython's tree is thousands of objects, none of them garbage
        layout = layout_of(module, text, lines)
    budget = sys.getrecursionlimit() - _stack_depth() - RECURSION_MARGIN
    if layout is not None and layout.codegen_fits(text, budget):
        return ParsedModule(path, module, Positions(module, text, layout), lines, text)
    try:
        with _no_cyclic_gc():
            offsets = node_offsets(module)
    except RecursionError:
        return ParseFailure("code too deeply nested to analyse", Span.point(1, 1), path)
    return ParsedModule(path, module, Positions(module, text, offsets=offsets), lines, text)


def _stack_depth() -> int:
    """How many frames are on the stack now."""
    frame = sys._getframe()
    depth = 0
    while frame is not None:
        depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    return depth


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while libcst builds a tree.

    A parse allocates hundreds of thousands of objects, none of them garbage yet; each full
    collection the allocations trigger walks the whole, growing heap, which made large files
    take superlinear time (40k statements: 21 s instead of 14 s).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _syntax_failure(text: str, path: str, error: cst.ParserSyntaxError) -> ParseFailure:
    """Prefer CPython's message and position (they name Python 2 `print` and the like)."""
    match = _LIBCST_POSITION.search(error.message)
    if match:
        line, column = int(match.group(1)), int(match.group(2)) + 1
    else:
        line, column = error.raw_line, error.raw_column + 1
    kind = quiet(error.message.split(":", 1)[0].strip()) or "syntax error"
    fallback = ParseFailure(f"invalid syntax ({kind})", Span.point(max(line, 1), column), path)
    return failure_from_python(text, path, fallback.message, fallback)
