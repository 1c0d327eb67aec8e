"""Facts about secret NAMES: portability, the platform's normalisation, near-misses of `secrets`.

Truss no longer validates names, but names safe everywhere match `^[-._a-zA-Z0-9]+$`, are at most
253 characters and are not `.` or `..` (the Kubernetes rule truss still applies to
`build.secret_to_path_mapping` keys). The hosting platform normalises punctuation, so
`hf_access_token` and `hf-access-token` are the same secret there.
"""

from __future__ import annotations

import difflib
import re

_PORTABLE = re.compile(r"[-._a-zA-Z0-9]+")
_PUNCTUATION = re.compile(r"[-._]+")
MAX_NAME_LENGTH = 253
CHAIN_IMPLICIT_SECRETS = frozenset({"baseten_chain_api_key"})


def portability_problem(name: str) -> str | None:
    """Why a name is not safe on every platform, or None when it is."""
    if name == "":
        return "the name is empty"
    if name in (".", ".."):
        return f"`{name}` is not a valid name"
    if len(name) > MAX_NAME_LENGTH:
        return f"the name is {len(name)} characters long (at most {MAX_NAME_LENGTH} are portable)"
    if not _PORTABLE.fullmatch(name):
        bad = sorted({c for c in name if not _PORTABLE.fullmatch(c)})
        shown = " ".join(repr(c) for c in bad[:5])
        return f"the name has characters outside [-._a-zA-Z0-9]: {shown}"
    return None


def normalised(name: str) -> str:
    """The platform's view of a name: runs of `-`, `.` and `_` are one separator."""
    return _PUNCTUATION.sub("_", name)


def is_secrets_misspelling(key: str) -> bool:
    """A top-level key meant to be `secrets` (`secret`, `Secrets`, `secrets_`, `secerts`)."""
    if key == "secrets":
        return False
    folded = _PUNCTUATION.sub("", key.strip().lower())
    if folded in ("secret", "secrets", "secretes", "secrts", "secrest"):
        return True
    return folded.startswith("s") and 5 <= len(folded) <= 9 and _distance(folded, "secrets") <= 2


def closest(name: str, candidates: list[str]) -> str | None:
    """The declared name closest to `name` (for "did you mean"), or None."""
    by_normal = {normalised(c).lower(): c for c in candidates}
    if normalised(name).lower() in by_normal:
        return by_normal[normalised(name).lower()]
    matches = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _distance(a: str, b: str) -> int:
    """Optimal-string-alignment edit distance (a transposition counts as one edit)."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]
