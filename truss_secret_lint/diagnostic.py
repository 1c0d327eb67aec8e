"""The values every stage shares: a source span and a diagnostic.

Positions are 1-based for lines and columns; `end_column` is exclusive (the column of the
character after the node), as SARIF and ruff's JSON output define it. Checkers convert their
parser's convention once, at the edge (ruamel: 0-based line and column; libcst: 1-based line,
0-based column) with the constructors below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is; the string value is part of the JSON contract."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Span:
    """A 1-based region of a file; `end_column` is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def from_zero_based(cls, line: int, column: int, end_line: int, end_column: int) -> Span:
        """Build a span from 0-based lines and columns (ruamel.yaml marks)."""
        return cls(line + 1, column + 1, end_line + 1, end_column + 1)

    @classmethod
    def point(cls, line: int, column: int) -> Span:
        """A one-character span at a 1-based position."""
        return cls(line, column, line, column + 1)


@dataclass(frozen=True)
class Edit:
    """Replace the text between two 0-based character offsets of a file."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Fix:
    """A set of edits to one file that resolves a diagnostic, and what to tell the user.

    `path` names the edited file when it is not the diagnostic's own (an undeclared read in
    model.py is fixed in config.yaml). `--diff` redacts every changed line (`redact.redacted_diff`),
    so no fix needs to say whether it overwrites a value.
    """

    edits: tuple[Edit, ...]
    note: str = ""
    path: str | None = None


@dataclass(frozen=True)
class Diagnostic:
    """One finding.

    `secret` is the secret's NAME when one is involved (never its value). `value_digest` is
    `fingerprint.value_digest` of the offending value (None for findings without one), used
    only to identify the finding; no guessable value can be recovered from it.
    """

    path: str
    span: Span
    code: str
    name: str
    severity: Severity
    message: str
    secret: str | None = None
    value_digest: str | None = field(default=None, compare=False)
    fix: Fix | None = field(default=None, compare=False)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by path, line, column, then code: the order every format prints in."""
        return (self.path, self.span.line, self.span.column, self.code, self.message)
