"""What a run is made of: its units of work, what checking one produced, and how it is checked.

These are the values the engine sends to worker processes and the result cache stores and
loads, so they live apart from both: `engine` and `cache` import them, neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from truss_secret_lint.diagnostic import Diagnostic
from truss_secret_lint.settings import Settings
from truss_secret_lint.sources.text import SourceText


@dataclass(frozen=True)
class Unit:
    """One unit of work, small and picklable so it can be sent to a worker process."""

    kind: str  # "truss", "chain" or "store"
    path: Path  # Truss root, chain file, or store file
    config: Path | None = None


@dataclass
class UnitResult:
    """What checking one unit produced: the decided findings, reported and suppressed."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    suppressed: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    sources: dict[str, SourceText] = field(default_factory=dict)


@dataclass(frozen=True)
class RunOptions:
    """How units are checked: picklable, sent to workers with each unit."""

    settings: Settings
    cache_dir: Path | None = (
        None  # None: no cache (see the `cache` package for where it normally lives)
    )
    keep_sources: bool = False
