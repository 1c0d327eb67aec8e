"""pylint's parseable shape, `path:line: [CODE(name)] message`, for tools that read it."""

from __future__ import annotations

from truss_secret_lint.report.context import ReportContext


def render(context: ReportContext) -> str:
    """One line per finding."""
    return "".join(
        f"{d.path}:{d.span.line}: [{d.code}({d.name})] {d.message}\n" for d in context.diagnostics
    )
