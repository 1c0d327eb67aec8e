"""What a formatter receives: the decided diagnostics and a few facts about the run."""

from __future__ import annotations

from dataclasses import dataclass, field

from truss_secret_lint.diagnostic import Diagnostic


@dataclass(frozen=True)
class ReportContext:
    """Inputs of every formatter; formatters only format."""

    diagnostics: list[Diagnostic]
    files: int = 0
    suppressed: int = 0
    baseline_hidden: int = 0
    baseline_stale: int = 0
    color: bool = False
    quiet: bool = False
    statistics: bool = False
    notes: list[str] = field(default_factory=list)
