"""Results of unchanged units, reused like ruff's cache — but only when this user wrote them.

Where and why: entries live in the user's cache home (`cache.store.default_cache_dir()`), never in
the checked tree: a tree can come from a pull request, and a `.truss-secret-lint-cache/`
committed to it (the old default location) is attacker-written, so it is neither read nor written
(discovery still skips it). CI checks fresh trees, so a cache there would only ever be a miss or
a forgery; on a laptop the home directory is as fast as the tree. `--cache-dir` moves the entries
(the command line is trusted); the key always stays in the cache home.

Trust: entries are authenticated by `cache.store` (HMAC-SHA256 under a per-user random key); an
entry that does not verify, has missing, `null` or ill-typed fields, or is reached through a
symlink is a miss. Its slot is an HMAC of the settings fingerprint, the unit (kind, resolved and
displayed path) and the working directory, so an entry cannot be moved to another unit.

An entry records the keyed digest of every file the unit read and the modification times of the
directories under the Truss (so a file added to or removed from `model/` invalidates it; a Truss
with more than MAX_DIRS directories is never cached), and holds the unit's decided diagnostics.
Nothing in it is a secret value: messages are already redacted, value digests are fingerprints
(`fingerprint.value_digest`) and file contents appear only as keyed digests. A lookup re-reads
and re-hashes the inputs but parses nothing. Any failure is a cache miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from truss_secret_lint import __version__
from truss_secret_lint.cache.store import CacheStore, content_digest, package_build_id
from truss_secret_lint.diagnostic import Diagnostic, Severity, Span
from truss_secret_lint.discovery import SKIPPED_DIRS
from truss_secret_lint.settings import Settings
from truss_secret_lint.sources.text import MAX_BYTES, read_prefix
from truss_secret_lint.sources.walk import walk
from truss_secret_lint.units import Unit, UnitResult

IN_TREE_DIR_NAME = ".truss-secret-lint-cache"  # the old location: never read, never written
MAX_DIRS = 2_000
_FORMAT = 2
_NAMESPACE = "units"


@lru_cache(maxsize=1)
def cache_version() -> str:
    """What, besides the inputs, must match for any entry to be used: the tool's code."""
    return f"{__version__}-{_FORMAT}-{package_build_id()}"


def settings_fingerprint(settings: Settings) -> str:
    """What, besides the files, decides a unit's result."""
    from truss_secret_lint.rules import CODES

    material = repr((settings, list(CODES)))
    return hashlib.sha256(material.encode("utf-8", "surrogateescape")).hexdigest()


def open_store(directory: Path | None) -> CacheStore | None:
    """The authenticated store at `directory` (None: the user's cache home)."""
    return CacheStore.open(directory, cache_version())


class UnitCache:
    """Entries of one store, for one settings fingerprint."""

    def __init__(self, store: CacheStore, fingerprint: str) -> None:
        self.store = store
        self.fingerprint = fingerprint

    def _slot(self, unit: Unit) -> str:
        parts = (self.fingerprint, unit.kind, str(unit.path.resolve()), str(unit.path), os.getcwd())
        return self.store.slot(_NAMESPACE, *(p.encode("utf-8", "surrogateescape") for p in parts))

    def load(self, unit: Unit) -> UnitResult | None:
        """The cached result of `unit`, if this user stored it and every input is unchanged."""
        try:
            body = self.store.read(_NAMESPACE, self._slot(unit))
            if body is None:
                return None
            entry = json.loads(body)
            if not isinstance(entry, dict):
                return None
            inputs, directories = entry["inputs"], entry["directories"]
            diagnostics, suppressed = entry["diagnostics"], entry["suppressed"]
            files = entry["files"]
            if not (
                isinstance(inputs, dict)
                and isinstance(directories, dict)
                and isinstance(diagnostics, list)
                and isinstance(suppressed, list)
                and type(files) is int
            ):
                return None
            for path, recorded in inputs.items():
                if not isinstance(recorded, str) or self._hash_file(Path(path)) != recorded:
                    return None
            if _directory_times(unit) != directories:
                return None
            return UnitResult(
                diagnostics=[_diagnostic(d) for d in diagnostics],
                suppressed=[_diagnostic(d) for d in suppressed],
                files=files,
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def store_result(self, unit: Unit, inputs: list[Path], result: UnitResult) -> None:
        """Record a freshly computed result; silently gives up on any failure."""
        try:
            directories = _directory_times(unit)
            if directories is None:
                return
            entry = {
                "inputs": {str(p): self._hash_file(p) for p in inputs},
                "directories": directories,
                "diagnostics": [_serial(d) for d in result.diagnostics],
                "suppressed": [_serial(d) for d in result.suppressed],
                "files": result.files,
            }
            body = json.dumps(entry).encode("utf-8", "surrogatepass")
            self.store.write(_NAMESPACE, self._slot(unit), body)
        except (OSError, ValueError):
            return

    def _hash_file(self, path: Path) -> str:
        """The keyed digest of what read_source would read (bounded, never blocking)."""
        return content_digest(self.store, read_prefix(path, MAX_BYTES + 1))


def _directory_times(unit: Unit) -> dict[str, int] | None:
    """Modification times of the unit's directories (a Truss: every directory under its root);
    None when there are more than MAX_DIRS (such a Truss is not cached)."""
    if unit.kind != "truss":
        return {str(unit.path.parent): unit.path.parent.stat().st_mtime_ns}
    times: dict[str, int] = {}
    for current, dirs, _files in walk(unit.path):  # iterative: no depth crashes
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        times[current] = os.stat(current).st_mtime_ns
        if len(times) > MAX_DIRS:
            return None
    return times


def _serial(diagnostic: Diagnostic) -> dict[str, Any]:
    data = asdict(diagnostic)
    data.pop("fix")
    data["severity"] = diagnostic.severity.value
    return data


def _text(data: dict[str, Any], key: str, *, optional: bool = False) -> Any:
    value = data[key]
    if isinstance(value, str) or (optional and value is None):
        return value
    raise TypeError(key)


def _diagnostic(data: Any) -> Diagnostic:
    """A diagnostic from its entry form; TypeError/KeyError on anything ill-typed."""
    if not isinstance(data, dict) or not isinstance(data.get("span"), dict):
        raise TypeError("diagnostic")
    span = data["span"]
    numbers = [span[k] for k in ("line", "column", "end_line", "end_column")]
    if any(type(n) is not int for n in numbers):
        raise TypeError("span")
    return Diagnostic(
        path=_text(data, "path"),
        span=Span(*numbers),
        code=_text(data, "code"),
        name=_text(data, "name"),
        severity=Severity(_text(data, "severity")),
        message=_text(data, "message"),
        secret=_text(data, "secret", optional=True),
        value_digest=_text(data, "value_digest", optional=True),
    )
