"""SARIF 2.1.0 as GitHub code scanning reads it.

Every rule of the run is described under tool.driver.rules (id, name, short and full
description, help text, default level); results carry ruleId, ruleIndex, level, message, a
physicalLocation with a 1-based region, and partialFingerprints that survive line moves
(`fingerprint.fingerprint`: nothing a guessable value can be recovered from). Written with
`escape.log_safe_json`: printed into a CI log, no name in it reads as a log command.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from truss_secret_lint import __version__
from truss_secret_lint.diagnostic import Diagnostic
from truss_secret_lint.fingerprint import fingerprint
from truss_secret_lint.report.context import ReportContext
from truss_secret_lint.report.escape import log_safe_json
from truss_secret_lint.rules import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule_descriptor(rule: Any) -> dict[str, Any]:
    docs = rule.documentation()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": rule.severity.value},
        "properties": {"tags": ["security", "secrets", "truss"]},
    }


def _result(diagnostic: Diagnostic, index: int) -> dict[str, Any]:
    span = diagnostic.span
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": index,
        "level": diagnostic.severity.value,
        "message": {"text": diagnostic.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": quote(diagnostic.path), "uriBaseId": "%SRCROOT%"},
                    "region": {
                        "startLine": span.line,
                        "startColumn": span.column,
                        "endLine": span.end_line,
                        "endColumn": span.end_column,
                    },
                }
            }
        ],
        "partialFingerprints": {"trussSecretLint/v2": fingerprint(diagnostic)},
    }


def render(context: ReportContext) -> str:
    """A SARIF log with one run."""
    index = {rule.code: i for i, rule in enumerate(RULES)}
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "truss-secret-lint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule_descriptor(rule) for rule in RULES],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index.get(d.code, 0)) for d in context.diagnostics],
            }
        ],
    }
    return log_safe_json(json.dumps(log, indent=2)) + "\n"
