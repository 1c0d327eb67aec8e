"""The stable machine contract: a JSON array with exactly the fields SPEC §3 names.

Written with `escape.log_safe_json`: printed into a CI log, no name in it reads as a log command.
"""

from __future__ import annotations

import json
from typing import Any

from truss_secret_lint.diagnostic import Diagnostic
from truss_secret_lint.report.context import ReportContext
from truss_secret_lint.report.escape import log_safe_json


def as_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    """One finding as the JSON contract's object."""
    span = diagnostic.span
    return {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity.value,
        "path": diagnostic.path,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "message": diagnostic.message,
        "secret": diagnostic.secret,
    }


def render(context: ReportContext) -> str:
    """A JSON array, indented, sorted as the diagnostics are."""
    return log_safe_json(json.dumps([as_dict(d) for d in context.diagnostics], indent=2)) + "\n"
