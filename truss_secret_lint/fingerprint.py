"""Fingerprints of findings: stable across machines and runs, and no way back to a value.

Baseline entries, SARIF `partialFingerprints`, GitLab fingerprints and the cache all identify a
finding without its line number. They are written to files that get committed and uploaded, so
a fingerprint must not let anyone recover the value it was made from — and a committed baseline
must match in CI, on another machine, so no per-machine key can be involved.

A plain hash of a value cannot do that for a guessable value: a 6-digit PIN is recovered from
SHA-256 by trying all 10^6 candidates in about a second. A slow hash only moves the bound (a
cost that keeps a run fast still lets a PIN fall in minutes). So the value enters a fingerprint
only when it holds a part that cannot be guessed: a run of at least 16 token characters that
looks generated (`detectors.randomness.is_random_token`: mixed classes, high entropy, no words)
and is worth at least 96 bits by its length and alphabet — a detector-matched token, a random
API key. Brute force against such a value is hopeless, and for it the fingerprint changes when
the value changes. Every other value (a PIN, a short or dictionary password, a URL whose only
secret is a weak password) is replaced by its length alone.

What that means for a baselined finding: a new token in place of a baselined token is a new
finding (reported); a new guessable value of the same length in place of a baselined one is the
same finding (still hidden), one of another length is new. A finding that has no value (a
misspelled key, an undeclared read) is identified by code, path, secret name and its message —
which every output prints anyway, redacted — never by its source line, which may hold a value.

`value_digest` is what rules store in `Diagnostic.value_digest`; `fingerprint` is the identity
every writer uses. Both are plain SHA-256 under a scheme label, the same everywhere.
"""

from __future__ import annotations

import hashlib
import math
import re

from truss_secret_lint.diagnostic import Diagnostic

SCHEME = "truss-secret-lint/fingerprint/v2"
MIN_UNGUESSABLE_BITS = 96
_TOKEN_RUN = re.compile(r"[A-Za-z0-9+/=_\-]{16,}")


def _sha256(*parts: str) -> str:
    material = "\0".join((SCHEME, *parts)).encode("utf-8", "surrogatepass")
    return hashlib.sha256(material).hexdigest()


def _estimated_bits(run: str) -> float:
    """An upper estimate of a run's entropy: its length times the bits of its alphabet."""
    alphabet = (
        26 * any(c.islower() for c in run)
        + 26 * any(c.isupper() for c in run)
        + 10 * any(c.isdigit() for c in run)
        + len({c for c in run if not c.isalnum()})
    )
    return len(run) * math.log2(alphabet) if alphabet > 1 else 0.0


def is_guessable(value: str) -> bool:
    """True unless some part of `value` is a generated token that brute force cannot reach."""
    from truss_secret_lint.detectors.randomness import is_random_token

    return not any(
        _estimated_bits(run) >= MIN_UNGUESSABLE_BITS and is_random_token(run)
        for run in _TOKEN_RUN.findall(value)
    )


def value_digest(value: str) -> str:
    """The identity of an offending value: its hash when it cannot be guessed, else a hash of
    its length only."""
    if is_guessable(value):
        return _sha256("guessable-value", str(len(value)))
    return _sha256("value", value)


def finding_fingerprint(
    code: str, path: str, secret: str | None, digest: str | None, message: str
) -> str:
    """The fingerprint of a finding from its parts (`digest` from `value_digest`, or None)."""
    identity = ("value", digest) if digest is not None else ("message", message)
    return _sha256("finding", code, path, secret or "", *identity)


def fingerprint(diagnostic: Diagnostic) -> str:
    """The fingerprint of a finding: what baselines, SARIF, GitLab (and history) key it by."""
    return finding_fingerprint(
        diagnostic.code,
        diagnostic.path,
        diagnostic.secret,
        diagnostic.value_digest,
        diagnostic.message,
    )
