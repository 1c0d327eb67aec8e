"""From the engine's values to LSP's, at the edge and once: positions, diagnostics, edits, docs.

The engine counts 1-based lines and 1-based columns in characters (code points); LSP counts
0-based lines and columns in the code units the client and server agreed on at initialisation
(UTF-16 unless the client offers another). Every position that crosses the wire is converted
here, against the text the engine checked.

A quick fix is the `--fix` edit (planned by `fixes.plan_fixes`, the command line's own planner),
sent as the few line ranges it changes — never as a whole-file replacement, so no text of the
file other than the fix's own crosses the wire.
"""

from __future__ import annotations

import bisect
import difflib
import inspect
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from lsprotocol import types

from truss_secret_lint.diagnostic import Diagnostic, Severity, Span
from truss_secret_lint.sources.text import SourceText

SOURCE = "truss-secret-lint"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
}


def code_units(text: str, encoding: str) -> int:
    """The length of `text` in the agreed position encoding's code units."""
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", errors="surrogatepass"))
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def position(source: SourceText, line: int, column: int, encoding: str) -> types.Position:
    """The LSP position of a 1-based line and character column of `source`."""
    text = source.line(line)
    return types.Position(
        line=max(line - 1, 0), character=code_units(text[: max(column - 1, 0)], encoding)
    )


def to_range(source: SourceText, span: Span, encoding: str) -> types.Range:
    """The LSP range of an engine span."""
    return types.Range(
        start=position(source, span.line, span.column, encoding),
        end=position(source, span.end_line, span.end_column, encoding),
    )


def offset_position(source: SourceText, offset: int, encoding: str) -> types.Position:
    """The LSP position of a 0-based character offset into `source.text`."""
    index = bisect.bisect_right(source.line_starts, offset) - 1
    start = source.line_starts[index]
    return types.Position(line=index, character=code_units(source.text[start:offset], encoding))


@cache
def rule_doc_uri(code: str) -> str | None:
    """Where a rule's documentation is: the file URI of its module, whose docstring is what
    `truss-secret-lint rule CODE` prints (stable for an installation, and offline)."""
    from truss_secret_lint.rules import find_rule

    rule = find_rule(code)
    if rule is None:
        return None
    try:
        return Path(inspect.getfile(rule)).resolve().as_uri()
    except (TypeError, OSError, ValueError):
        return None


def to_lsp_diagnostic(
    diagnostic: Diagnostic, source: SourceText | None, encoding: str
) -> types.Diagnostic:
    """An LSP diagnostic with the CLI's message and rule name."""
    uri = rule_doc_uri(diagnostic.code)
    text = source if source is not None else SourceText(Path(), "")
    return types.Diagnostic(
        range=to_range(text, diagnostic.span, encoding),
        message=f"{diagnostic.message} [{diagnostic.name}]",
        severity=_SEVERITY.get(diagnostic.severity, types.DiagnosticSeverity.Error),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=uri) if uri is not None else None,
        source=SOURCE,
    )


def failure_diagnostic(message: str) -> types.Diagnostic:
    """A check that failed, shown on the file instead of stopping the server."""
    return types.Diagnostic(
        range=types.Range(
            start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
        ),
        message=f"truss-secret-lint could not check this file: {message}",
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )


def rule_markdown(codes: Iterable[str]) -> str:
    """The documentation of the rules `codes`, as Markdown (what hover shows)."""
    from truss_secret_lint.rules import find_rule

    parts = []
    for code in dict.fromkeys(codes):
        rule = find_rule(code)
        if rule is not None:
            parts.append("### " + rule.documentation().strip())
    return "\n\n---\n\n".join(parts)


def text_edits(old: str, new: str, source: SourceText, encoding: str) -> list[types.TextEdit]:
    """The edits that turn `old` (the text of `source`) into `new`: one per changed run of
    lines, trimmed to the characters that differ."""
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    old_starts = _starts(old_lines)
    new_starts = _starts(new_lines)
    edits = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start, end = old_starts[i1], old_starts[i2]
        new_start, new_end = new_starts[j1], new_starts[j2]
        while start < end and new_start < new_end and old[start] == new[new_start]:
            start += 1
            new_start += 1
        while end > start and new_end > new_start and old[end - 1] == new[new_end - 1]:
            end -= 1
            new_end -= 1
        edits.append(
            types.TextEdit(
                range=types.Range(
                    start=offset_position(source, start, encoding),
                    end=offset_position(source, end, encoding),
                ),
                new_text=new[new_start:new_end],
            )
        )
    return edits


def holds_credential(text: str) -> bool:
    """Whether `text` holds anything the detectors recognise as a credential."""
    from truss_secret_lint.redact import scrub_text

    return scrub_text(text) != text


def _starts(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts
