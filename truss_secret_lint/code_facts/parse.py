"""Source text → libcst tree with positions, or a `ParseFailure`; never an exception.

The tree and its position metadata are built once per file and kept in `ParsedModule`, so the
engine can analyse the same file again (with more tracked parameters) without re-parsing.
Positions are converted from libcst's convention (1-based line, 0-based column) to `Span`
(1-based both, exclusive end) here and nowhere else.
"""

from __future__ import annotations

import ast
import codecs
import gc
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper

from truss_secret_lint.code_facts.facts import ParseFailure
from truss_secret_lint.code_facts.nesting import nesting_problem
from truss_secret_lint.code_facts.positions import LineIndex, Offsets, node_offsets
from truss_secret_lint.diagnostic import Span

_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_LIBCST_POSITION = re.compile(r"error at (\d+):(\d+)")
_LINE_END = re.compile(r"\r\n?|\n")


@dataclass(frozen=True, eq=False)
class ParsedModule:
    """A parsed file: the libcst module, a metadata wrapper over it (built without copying the
    tree, for analyses that want other libcst metadata) and every node's position."""

    path: str
    module: cst.Module
    wrapper: MetadataWrapper
    offsets: Offsets
    lines: LineIndex

    def span(self, node: cst.CSTNode) -> Span:
        """The node's position as a 1-based, end-exclusive `Span` (libcst's PositionProvider
        range: parentheses and surrounding whitespace excluded)."""
        return self.lines.span(*self.offsets[node])


def parse_module(source: str | bytes, path: str) -> ParsedModule | ParseFailure:
    """Parse one Python file; bad input of any kind becomes a `ParseFailure`."""
    if isinstance(source, bytes):
        decoded = _decode(source, path)
        if isinstance(decoded, ParseFailure):
            return decoded
        source = decoded
    problem = _lexical_problem(source, path)
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
        return _failure_from_python(source, path, f"cannot be parsed ({type(error).__name__})")
    try:
        with _no_cyclic_gc():
            offsets = node_offsets(module)
    except RecursionError:
        return ParseFailure("code too deeply nested to analyse", Span.point(1, 1), path)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    return ParsedModule(path, module, wrapper, offsets, LineIndex.of(source))


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


def _decode(data: bytes, path: str) -> str | ParseFailure:
    """Decode as Python does: a UTF-8 BOM, else a PEP 263 coding line, else UTF-8."""
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    else:
        for first_line in data.split(b"\n", 2)[:2]:
            match = _CODING.match(first_line)
            if match:
                encoding = match.group(1).decode("ascii")
                break
            if first_line.strip() and not first_line.lstrip().startswith(b"#"):
                break
    try:
        return data.decode(encoding)
    except LookupError:
        return ParseFailure(f"unknown encoding {_quiet(repr(encoding))}", Span.point(1, 1), path)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return ParseFailure(f"bytes that are not valid {encoding}", Span.point(line, column), path)


def _lexical_problem(text: str, path: str) -> ParseFailure | None:
    """NUL characters (CPython refuses them anywhere) and nesting that would crash libcst."""
    nul = text.find("\0")
    if nul >= 0:
        line, column = LineIndex.of(text[: nul + 1]).position(nul)
        return ParseFailure("source contains a NUL character", Span.point(line, column), path)
    nesting = nesting_problem(text)
    if nesting is not None:
        message, line = nesting
        return ParseFailure(message, Span.point(line, 1), path)
    return None


def _syntax_failure(text: str, path: str, error: cst.ParserSyntaxError) -> ParseFailure:
    """Prefer CPython's message and position (they name Python 2 `print` and the like)."""
    match = _LIBCST_POSITION.search(error.message)
    if match:
        line, column = int(match.group(1)), int(match.group(2)) + 1
    else:
        line, column = error.raw_line, error.raw_column + 1
    kind = _quiet(error.message.split(":", 1)[0].strip()) or "syntax error"
    fallback = ParseFailure(f"invalid syntax ({kind})", Span.point(max(line, 1), column), path)
    return _failure_from_python(text, path, fallback.message, fallback)


def _failure_from_python(
    text: str, path: str, message: str, fallback: ParseFailure | None = None
) -> ParseFailure:
    """CPython's own syntax error for `text` (compile only; nothing is executed)."""
    try:
        with warnings.catch_warnings():  # warnings about the checked code are not ours to print
            warnings.simplefilter("ignore")
            ast.parse(text, filename=path)
    except SyntaxError as error:
        line, column = _inside(text, error.lineno or 1, error.offset or 1)
        return ParseFailure(_quiet(error.msg), Span.point(line, column), path)
    except (ValueError, RecursionError, MemoryError):
        pass
    if fallback is not None:
        line, column = _inside(text, fallback.span.line, fallback.span.column)
        return ParseFailure(fallback.message, Span.point(line, column), path)
    return ParseFailure(message, Span.point(1, 1), path)


def _inside(text: str, line: int, column: int) -> tuple[int, int]:
    """A parser's 1-based position, made a character position inside `text`.

    CPython counts some tokenizer errors (`leading zeros in decimal integer literals`) in UTF-8
    bytes from the line start rather than characters, which lands past the end of a line
    holding non-ASCII text.
    """
    lines = _LINE_END.split(text)
    line = min(max(line, 1), len(lines))
    content = lines[line - 1]
    if column - 1 > len(content):
        prefix = content.encode("utf-8", "surrogatepass")[: column - 1]
        column = len(prefix.decode("utf-8", "ignore")) + 1
    return line, min(max(column, 1), len(content) + 1)


def _quiet(message: str) -> str:
    """CPython messages can quote source text (`invalid character '€'`, `'hunter2' was never
    closed`): what they quote is shown redacted, like any text of a checked file."""
    from truss_secret_lint.redact import redact_text

    return redact_text(message)
