"""Blob results cached by blob id, in the same authenticated store as the tree scan's cache.

A blob id names immutable content, so a blob's result depends only on the id, what it was
checked as, the settings and the tool's code. All entries for one settings fingerprint live in
one entry of `cache.store.CacheStore` (namespace `history`), so a warm run reads one file however
many blobs it has.

Trust posture (SPEC §10): the entry is authenticated by the store (HMAC under the user's own key,
never read through a symlink, never written into the checked tree); a body that does not verify
or does not parse as expected is a miss, never executed or unpickled. Nothing in it is a value:
messages are redacted and findings carry only the fingerprint digest the rules gave them. A
`--cache-dir` inside the checked repository is refused by the caller (the run goes uncached).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from truss_secret_lint.cache.store import CacheStore
from truss_secret_lint.history.blobs import BlobKind, BlobResult
from truss_secret_lint.settings import Settings

_NAMESPACE = "history"
_FORMAT = 2
_MAX_ENTRIES = 2_000_000
_MAX_RUNS = 32


def is_inside(path: Path, directory: Path) -> bool:
    """Whether `path` is `directory` or under it (both resolved)."""
    try:
        path.resolve().relative_to(directory.resolve())
    except (OSError, ValueError, RuntimeError):
        return False
    return True


def fingerprint(settings: Settings) -> str:
    """What, besides the blob and the tool's code (the store's version), decides its result."""
    return hashlib.sha256(repr((_FORMAT, settings)).encode()).hexdigest()


class BlobCache:
    """The cached results for one settings fingerprint; `save` writes what was added."""

    def __init__(self, store: CacheStore, settings: Settings) -> None:
        self.store = store
        self.name = store.slot(_NAMESPACE, fingerprint(settings).encode())
        self.entries: dict[str, dict[str, Any]] = _load(store.read(_NAMESPACE, self.name))
        self._dirty = False

    @staticmethod
    def key_of(kind: BlobKind, oid: str) -> str:
        return f"{kind.value}:{oid}"

    def get(self, kind: BlobKind, oid: str) -> BlobResult | None:
        """The cached result, or None (also for an entry that does not parse)."""
        raw = self.entries.get(self.key_of(kind, oid))
        if raw is None:
            return None
        try:
            return BlobResult.from_json(raw)
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, kind: BlobKind, oid: str, result: BlobResult) -> None:
        self.entries[self.key_of(kind, oid)] = result.to_json()
        self._dirty = True

    def get_run(self, identity: str) -> dict[str, Any] | None:
        """A whole run's recorded outcome for a range identity (see scan.scan_history)."""
        return self.entries.get(f"run:{identity}")

    def put_run(self, identity: str, outcome: dict[str, Any]) -> None:
        """Record a run's outcome, keeping the most recent _MAX_RUNS."""
        key = f"run:{identity}"
        self.entries.pop(key, None)
        runs = [k for k in self.entries if k.startswith("run:")]
        for old in runs[: max(0, len(runs) - _MAX_RUNS + 1)]:
            del self.entries[old]
        self.entries[key] = outcome
        self._dirty = True

    def save(self) -> None:
        """Write the entry if anything was added; any failure leaves no cache."""
        if not self._dirty or len(self.entries) > _MAX_ENTRIES:
            return
        body = json.dumps(
            {"tool": "truss-secret-lint", "format": _FORMAT, "entries": self.entries},
            separators=(",", ":"),
        )
        self.store.write(_NAMESPACE, self.name, body.encode("utf-8"))


def _load(body: bytes | None) -> dict[str, dict[str, Any]]:
    if body is None:
        return {}
    try:
        document = json.loads(body)
        entries = document["entries"]
        if document.get("format") != _FORMAT or not isinstance(entries, dict):
            return {}
        return {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, dict)}
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}
