"""One JSON object per line (the `json` format's objects, as log-safe), for streaming consumers."""

from __future__ import annotations

import json

from truss_secret_lint.report.context import ReportContext
from truss_secret_lint.report.escape import log_safe_json
from truss_secret_lint.report.json_format import as_dict


def render(context: ReportContext) -> str:
    """A JSON object per finding, one per line."""
    return "".join(log_safe_json(json.dumps(as_dict(d))) + "\n" for d in context.diagnostics)
