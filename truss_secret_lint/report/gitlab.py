"""GitLab Code Quality report (a JSON array of CodeClimate-style issues); fingerprints from
`fingerprint.fingerprint`, the same as SARIF's. Written with `escape.log_safe_json`."""

from __future__ import annotations

import json

from truss_secret_lint.diagnostic import Severity
from truss_secret_lint.fingerprint import fingerprint
from truss_secret_lint.report.context import ReportContext
from truss_secret_lint.report.escape import log_safe_json


def render(context: ReportContext) -> str:
    """Issues with description, check_name, fingerprint, severity and location."""
    issues = [
        {
            "description": f"{d.code} {d.message}",
            "check_name": f"{d.code} {d.name}",
            "fingerprint": fingerprint(d),
            "severity": "major" if d.severity is Severity.ERROR else "minor",
            "location": {
                "path": d.path,
                "positions": {
                    "begin": {"line": d.span.line, "column": d.span.column},
                    "end": {"line": d.span.end_line, "column": d.span.end_column},
                },
            },
        }
        for d in context.diagnostics
    ]
    return log_safe_json(json.dumps(issues, indent=2)) + "\n"
