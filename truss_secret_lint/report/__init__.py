"""Output formats: each module turns sorted diagnostics into text and does nothing else."""

from __future__ import annotations

from collections.abc import Callable

from truss_secret_lint.report import (
    github,
    gitlab,
    json_format,
    json_lines,
    junit,
    pylint,
    sarif,
    text,
)
from truss_secret_lint.report.context import ReportContext

Formatter = Callable[[ReportContext], str]

FORMATS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "json-lines": json_lines.render,
    "junit": junit.render,
    "gitlab": gitlab.render,
    "pylint": pylint.render,
}
