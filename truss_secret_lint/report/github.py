"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`.

Text from the checked tree is escaped twice: first every non-printable character as in the text
format (`report.escape`: a newline becomes `\\n`, ESC `\\x1b`), so the log shows no control byte;
then as the runner requires (`%`, CR, LF in the message; also `:` and `,` in a property), so no
name can end a property, start another command or add a line.
"""

from __future__ import annotations

from truss_secret_lint.diagnostic import Diagnostic
from truss_secret_lint.report.context import ReportContext
from truss_secret_lint.report.escape import printable


def _escape_data(text: str) -> str:
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command_for(diagnostic: Diagnostic) -> str:
    """One workflow command; severity maps to `error` or `warning`."""
    span = diagnostic.span
    properties = ",".join(
        [
            f"file={_escape_property(diagnostic.path)}",
            f"line={span.line}",
            f"col={span.column}",
            f"endLine={span.end_line}",
            f"endColumn={span.end_column}",
            f"title={_escape_property(f'{diagnostic.code} {diagnostic.name}')}",
        ]
    )
    return f"::{diagnostic.severity.value} {properties}::{_escape_data(diagnostic.message)}"


def render(context: ReportContext) -> str:
    """One command per finding."""
    return "".join(command_for(d) + "\n" for d in context.diagnostics)
