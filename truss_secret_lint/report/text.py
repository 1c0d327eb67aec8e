"""`path:line:col: CODE message [name]`, one line per finding, then a summary line.

The shape editors' and CI problem matchers parse (see hooks/). Colour only on a terminal.
Everything that can come from the checked tree (paths, messages, names, notes) is escaped
(`report.escape`), so no file name or YAML key can add a line or drive the terminal.
"""

from __future__ import annotations

from collections import Counter

from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.report.context import ReportContext
from truss_secret_lint.report.escape import printable

_RESET = "\033[0m"
_BOLD = "\033[1m"
_RED = "\033[31m"
_YELLOW = "\033[33m"
_DIM = "\033[2m"


def line_for(diagnostic: Diagnostic, color: bool = False) -> str:
    """One finding as a text line."""
    span = diagnostic.span
    path, code = printable(diagnostic.path), printable(diagnostic.code)
    message, name = printable(diagnostic.message), printable(diagnostic.name)
    if not color:
        return f"{path}:{span.line}:{span.column}: {code} {message} [{name}]"
    tint = _RED if diagnostic.severity is Severity.ERROR else _YELLOW
    return (
        f"{_BOLD}{path}{_RESET}:{span.line}:{span.column}: "
        f"{_BOLD}{tint}{code}{_RESET} {message} {_DIM}[{name}]{_RESET}"
    )


def statistics(diagnostics: list[Diagnostic]) -> list[str]:
    """Counts per rule, most frequent first: `  12  TSL202  non-null-default`."""
    counts = Counter((d.code, d.name) for d in diagnostics)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    return [f"{count:>5}  {printable(code)}  {printable(name)}" for (code, name), count in ordered]


def summary(context: ReportContext) -> str:
    """`Found 3 problems (2 errors, 1 warning) in 12 files.` or `All checks passed!`."""
    found = context.diagnostics
    extras = []
    if context.suppressed:
        extras.append(f"{context.suppressed} suppressed inline")
    if context.baseline_hidden:
        extras.append(f"{context.baseline_hidden} in the baseline")
    if context.baseline_stale:
        extras.append(f"{context.baseline_stale} stale baseline entries")
    tail = f" ({'; '.join(extras)})" if extras else ""
    files = f" in {context.files} file{'s' if context.files != 1 else ''}"
    if not found:
        return f"All checks passed!{files.replace(' in', ' —', 1)} checked{tail}"
    errors = sum(1 for d in found if d.severity is Severity.ERROR)
    warnings = len(found) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    problems = f"{len(found)} problem{'s' if len(found) != 1 else ''}"
    return f"Found {problems} ({', '.join(parts)}){files}{tail}."


def render(context: ReportContext) -> str:
    """The whole text report."""
    if context.statistics:
        lines = statistics(context.diagnostics)
    else:
        lines = [line_for(d, context.color) for d in context.diagnostics]
    lines += [printable(note) for note in context.notes]
    if not context.quiet:
        lines.append(summary(context))
    return "\n".join(lines) + ("\n" if lines else "")
