"""History findings in every output format: the commit goes where each format's consumer shows it.

The message of every format names the commit (abbreviated SHA and author date), whether the
credential is still at the tip, and that it must be rotated, with the README's "Rewriting
history" section as the reference — so the text, github, gitlab, pylint and junit formats show
it on the finding's line. JSON and JSON Lines add `commit` (full SHA), `commit_time` (ISO 8601)
and `in_tip` to the fields of SPEC §3; SARIF adds them as each result's `properties`. Every JSON
document is written with `escape.log_safe_json`, as the formats' own are.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from truss_secret_lint.diagnostic import Diagnostic
from truss_secret_lint.history.scan import Leak
from truss_secret_lint.report import formatter
from truss_secret_lint.report.context import ReportContext
from truss_secret_lint.report.escape import log_safe_json
from truss_secret_lint.report.json_format import as_dict

DOCS = "README.md#rewriting-history"


def leak_message(leak: Leak) -> str:
    """The finding's own message with the commit and what to do about a leak in history."""
    where = "still in the tip" if leak.in_tip else "removed since, but still in the history"
    return (
        f"{leak.diagnostic.message} [introduced in {leak.short} on {leak.commit_time[:10]}; "
        f"{where}: rotate the credential, see {DOCS}]"
    )


def shown(leak: Leak) -> Diagnostic:
    """The diagnostic the formats print for a leak."""
    return replace(leak.diagnostic, message=leak_message(leak))


def extra_fields(leak: Leak) -> dict[str, Any]:
    """The fields history mode adds to JSON and SARIF."""
    return {"commit": leak.commit, "commit_time": leak.commit_time, "in_tip": leak.in_tip}


def render(fmt: str, leaks: list[Leak], context: ReportContext) -> str:
    """`context.diagnostics` are `shown(leak)` for `leaks`, in the same order."""
    if fmt == "json":
        items = [
            as_dict(d) | extra_fields(leak)
            for d, leak in zip(context.diagnostics, leaks, strict=True)
        ]
        return log_safe_json(json.dumps(items, indent=2)) + "\n"
    if fmt == "json-lines":
        return "".join(
            log_safe_json(json.dumps(as_dict(d) | extra_fields(leak))) + "\n"
            for d, leak in zip(context.diagnostics, leaks, strict=True)
        )
    text = formatter(fmt)(context)
    if fmt != "sarif":
        return text
    log = json.loads(text)
    for result, leak in zip(log["runs"][0]["results"], leaks, strict=True):
        result.setdefault("properties", {}).update(extra_fields(leak))
    return log_safe_json(json.dumps(log, indent=2)) + "\n"
