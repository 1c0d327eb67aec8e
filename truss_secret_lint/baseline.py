"""Baselines: adopt the linter in a repository that already has findings, then report only new ones.

An entry is keyed by rule code, path, secret name and `fingerprint.fingerprint` of the finding:
the offending value enters it only when it cannot be guessed (a generated token), a guessable
one (a PIN, a short password) only by its length, and a finding without a value by its message —
see `fingerprint` for why and what a changed value does. No line numbers (moving code must not
churn the file), no timestamps, no per-machine key (a committed baseline must match in CI),
never a value or anything a value can be brute-forced from. Entries are sorted and written with
a trailing newline, so the file is byte-identical for identical findings.

Version 1 baselines held plain SHA-256 digests of values and lines, from which a short value can
be recovered; they are refused with a message asking to regenerate the file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from truss_secret_lint.diagnostic import Diagnostic
from truss_secret_lint.fingerprint import fingerprint

FORMAT_VERSION = 2


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
    """The baseline entry of a finding."""
    return Entry(diagnostic.code, diagnostic.path, diagnostic.secret or "", fingerprint(diagnostic))


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
    if document.get("version") == 1:
        raise BaselineError(
            f"baseline {path}: version 1 fingerprints can reveal short values; regenerate the "
            "baseline with --write-baseline (and rotate any value it held)"
        )
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
