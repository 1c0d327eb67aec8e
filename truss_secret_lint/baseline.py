"""Baselines: adopt the linter in a repository that already has findings, then report only new ones.

An entry is keyed by rule code, path, secret name and a fingerprint — a SHA-256 over the code,
path and the finding's digest: of the offending value, or (for findings without a value) of its
source line with whitespace folded, which the decide stage computes. No line numbers (moving
code must not churn the file), no timestamps, never a value. Entries are sorted and written
with a trailing newline, so the file is byte-identical for identical findings.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from truss_secret_lint.diagnostic import Diagnostic

FORMAT_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or is not ours (exit 2)."""


@dataclass(frozen=True, order=True)
class Entry:
    """One baselined finding."""

    code: str
    path: str
    secret: str
    fingerprint: str

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "path": self.path,
            "secret": self.secret,
            "fingerprint": self.fingerprint,
        }


def entry_for(diagnostic: Diagnostic) -> Entry:
    """The baseline entry of a finding (the decide stage gave every finding a digest)."""
    material = diagnostic.value_digest or diagnostic.message
    fingerprint = hashlib.sha256(
        "\0".join((diagnostic.code, diagnostic.path, material)).encode("utf-8", "surrogatepass")
    ).hexdigest()
    return Entry(diagnostic.code, diagnostic.path, diagnostic.secret or "", fingerprint)


def write_baseline(path: Path, diagnostics: Iterable[Diagnostic]) -> int:
    """Write the baseline of `diagnostics`; returns the number of entries."""
    entries = sorted(entry_for(d) for d in diagnostics)
    document = {
        "tool": "truss-secret-lint",
        "version": FORMAT_VERSION,
        "entries": [e.as_dict() for e in entries],
    }
    path.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return len(entries)


def read_baseline(path: Path) -> Counter[Entry]:
    """The entries of a baseline file, as a multiset (the same finding may occur twice)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"baseline {path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"baseline {path}: cannot read: {error}") from None
    if not isinstance(document, dict) or document.get("tool") != "truss-secret-lint":
        raise BaselineError(f"baseline {path}: not a truss-secret-lint baseline")
    if document.get("version") != FORMAT_VERSION:
        raise BaselineError(f"baseline {path}: unsupported version {document.get('version')!r}")
    entries: Counter[Entry] = Counter()
    for raw in document.get("entries", []):
        try:
            entries[Entry(raw["code"], raw["path"], raw["secret"], raw["fingerprint"])] += 1
        except (KeyError, TypeError):
            raise BaselineError(f"baseline {path}: malformed entry {raw!r:.80}") from None
    return entries


@dataclass(frozen=True)
class BaselineOutcome:
    """What applying a baseline did."""

    reported: list[Diagnostic]
    hidden: int
    stale: int


def apply_baseline(diagnostics: list[Diagnostic], entries: Counter[Entry]) -> BaselineOutcome:
    """Hide findings that the baseline holds; count entries that matched nothing as stale."""
    remaining = Counter(entries)
    reported = []
    for diagnostic in diagnostics:
        entry = entry_for(diagnostic)
        if remaining[entry] > 0:
            remaining[entry] -= 1
        else:
            reported.append(diagnostic)
    hidden = len(diagnostics) - len(reported)
    return BaselineOutcome(reported, hidden, sum(remaining.values()))
