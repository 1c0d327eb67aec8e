"""pylint's parseable shape, `path:line: [CODE(name)] message`, for tools that read it.

Paths, names and messages are escaped (`report.escape`): one finding is always one line.
"""

from __future__ import annotations

from truss_secret_lint.diagnostic import Diagnostic
from truss_secret_lint.report.context import ReportContext
from truss_secret_lint.report.escape import printable


def line_for(d: Diagnostic) -> str:
    """One finding as a pylint-parseable line."""
    return (
        f"{printable(d.path)}:{d.span.line}: "
        f"[{printable(d.code)}({printable(d.name)})] {printable(d.message)}"
    )


def render(context: ReportContext) -> str:
    """One line per finding."""
    return "".join(line_for(d) + "\n" for d in context.diagnostics)
