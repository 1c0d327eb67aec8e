"""Output formats: each module turns sorted diagnostics into text and does nothing else.

Formats are imported on demand: a run prints one, and some (junit's XML) cost import time.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from truss_secret_lint.report.context import ReportContext

Formatter = Callable[[ReportContext], str]

MODULES: dict[str, str] = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "json-lines": "json_lines",
    "junit": "junit",
    "gitlab": "gitlab",
    "pylint": "pylint",
}


def formatter(name: str) -> Formatter:
    """The render function of the format `name` (one of MODULES)."""
    module = importlib.import_module(f"truss_secret_lint.report.{MODULES[name]}")
    render: Formatter = module.render
    return render


class _Formats(Mapping[str, Formatter]):
    """Every format by name, each imported when it is looked up."""

    def __getitem__(self, name: str) -> Formatter:
        if name not in MODULES:
            raise KeyError(name)
        return formatter(name)

    def __iter__(self) -> Iterator[str]:
        return iter(MODULES)

    def __len__(self) -> int:
        return len(MODULES)


FORMATS: Mapping[str, Formatter] = _Formats()
