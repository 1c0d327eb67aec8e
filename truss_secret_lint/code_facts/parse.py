"""Source text → libcst tree with positions, or a `ParseFailure`; never an exception.

The tree and its position metadata are built once per file and kept in `ParsedModule`, so the
engine can analyse the same file again (with more tracked parameters) without re-parsing.
Positions are converted from libcst's convention (1-based line, 0-based column) to `Span`
(1-based both, exclusive end) here and nowhere else.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper

from truss_secret_lint.code_facts.facts import ParseFailure
from truss_secret_lint.code_facts.positions import LineIndex, Offsets, node_offsets
from truss_secret_lint.code_facts.syntax import (
    decode_python,
    failure_from_python,
    lexical_problem,
    quiet,
)
from truss_secret_lint.diagnostic import Span

_LIBCST_POSITION = re.compile(r"error at (\d+):(\d+)")


@dataclass(frozen=True, eq=False)
class ParsedModule:
    """A parsed file: the libcst module, a metadata wrapper over it (built without copying the
    tree, for analyses that want other libcst metadata) and every node's position."""

    path: str
    module: cst.Module
    wrapper: MetadataWrapper
    offsets: Offsets
    lines: LineIndex
    text: str = ""

    def span(self, node: cst.CSTNode) -> Span:
        """The node's position as a 1-based, end-exclusive `Span` (libcst's PositionProvider
        range: parentheses and surrounding whitespace excluded)."""
        return self.lines.span(*self.offsets[node])


def parse_module(source: str | bytes, path: str) -> ParsedModule | ParseFailure:
    """Parse one Python file; bad input of any kind becomes a `ParseFailure`."""
    if isinstance(source, bytes):
        decoded = decode_python(source, path)
        if isinstance(decoded, ParseFailure):
            return decoded
        source = decoded
    problem = lexical_problem(source, path)
    if problem is not None:
        return problem
    try:
        with _no_cyclic_gc():
            module = cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        return _syntax_failure(source, path, error)
    except RecursionError:
        return ParseFailure("code too deeply nested to parse", Span.point(1, 1), path)
    except Exception as error:  # libcst validation, e.g. "Cannot concatenate string and bytes"
        return failure_from_python(source, path, f"cannot be parsed ({type(error).__name__})")
    try:
        with _no_cyclic_gc():
            offsets = node_offsets(module)
    except RecursionError:
        return ParseFailure("code too deeply nested to analyse", Span.point(1, 1), path)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    return ParsedModule(path, module, wrapper, offsets, LineIndex.of(source), source)


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
