"""Python source → text and CPython's syntax verdict, without libcst (so without its import).

Every Python module truss will import must at least compile, or the deploy breaks: a
merge-conflicted `model/preprocess.py` is as fatal as a broken `model.py`. Files whose text cannot
produce a secrets fact are never given to libcst (`target.python_pass`), but each still gets this
check: decoding as Python does, the lexical guards (NUL characters, nesting that would exhaust a
parser), then CPython's own parser (`ast.parse`: parsing only, nothing is compiled to code or
executed). `parse` uses the same functions before and after libcst.
"""

from __future__ import annotations

import ast
import codecs
import re
import warnings

from truss_secret_lint.code_facts.facts import ParseFailure
from truss_secret_lint.code_facts.nesting import nesting_problem
from truss_secret_lint.diagnostic import Span

_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_LINE_END = re.compile(r"\r\n?|\n")


def syntax_failure(source: str | bytes, path: str) -> ParseFailure | None:
    """Why CPython would refuse to import this file, or None when it parses."""
    text = checked_text(source, path)
    if isinstance(text, ParseFailure):
        return text
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return failure_from_python(text, path, "cannot be parsed")
    return None


def checked_text(source: str | bytes, path: str) -> str | ParseFailure:
    """The text of a Python file that passed decoding and the lexical guards, or why not.

    What every parser here sees first: CPython's (`syntax_failure`) and libcst (`parse`)."""
    if isinstance(source, bytes):
        decoded = decode_python(source, path)
        if isinstance(decoded, ParseFailure):
            return decoded
        source = decoded
    problem = lexical_problem(source, path)
    return source if problem is None else problem


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of character `offset` (lines end at LF, CRLF or CR)."""
    starts = [0] + [m.end() for m in _LINE_END.finditer(text, 0, offset)]
    return len(starts), offset - starts[-1] + 1


def decode_python(data: bytes, path: str) -> str | ParseFailure:
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
        return ParseFailure(f"unknown encoding {quiet(repr(encoding))}", Span.point(1, 1), path)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return ParseFailure(f"bytes that are not valid {encoding}", Span.point(line, column), path)


def lexical_problem(text: str, path: str) -> ParseFailure | None:
    """NUL characters (CPython refuses them anywhere) and nesting that would crash libcst."""
    nul = text.find("\0")
    if nul >= 0:
        line, column = _position(text, nul)
        return ParseFailure("source contains a NUL character", Span.point(line, column), path)
    nesting = nesting_problem(text)
    if nesting is not None:
        message, line = nesting
        return ParseFailure(message, Span.point(line, 1), path)
    return None


def failure_from_python(
    text: str, path: str, message: str, fallback: ParseFailure | None = None
) -> ParseFailure:
    """CPython's own syntax error for `text` (compile only; nothing is executed)."""
    try:
        with warnings.catch_warnings():  # warnings about the checked code are not ours to print
            warnings.simplefilter("ignore")
            ast.parse(text, filename=path)
    except SyntaxError as error:
        line, column = _inside(text, error.lineno or 1, error.offset or 1)
        return ParseFailure(quiet(error.msg), Span.point(line, column), path)
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


def quiet(message: str) -> str:
    """CPython messages can quote source text (`invalid character '€'`, `'hunter2' was never
    closed`): what they quote is shown redacted, like any text of a checked file."""
    from truss_secret_lint.redact import redact_text

    return redact_text(message)
