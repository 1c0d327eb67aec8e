"""A content-hash cache of unit results, like ruff's, in `.truss-secret-lint-cache/`.

An entry is keyed by the tool version, the settings and the unit; it records the SHA-256 of every
file the unit read and the modification times of the directories under the Truss (so a file
added to or removed from `model/` invalidates it), and holds the unit's decided diagnostics.
Nothing in it is a secret value: messages are already redacted, and file contents appear only as
hashes. A lookup re-reads and re-hashes the inputs but parses nothing. The folder ignores itself
(`.gitignore` with `*`) and is marked with CACHEDIR.TAG. Any failure to read or write the cache
is a cache miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from truss_secret_lint import __version__
from truss_secret_lint.diagnostic import Diagnostic, Severity, Span
from truss_secret_lint.discovery import SKIPPED_DIRS
from truss_secret_lint.text_source import MAX_BYTES, read_prefix
from truss_secret_lint.walk import walk

if TYPE_CHECKING:
    from truss_secret_lint.engine import Unit, UnitResult
    from truss_secret_lint.settings import Settings

CACHE_DIR_NAME = ".truss-secret-lint-cache"
MAX_DIRS = 2_000
_FORMAT = 1


def settings_fingerprint(settings: Settings) -> str:
    """What, besides the files, decides a unit's result."""
    from truss_secret_lint.rules import RULES

    material = repr((__version__, _FORMAT, settings, [r.code for r in RULES]))
    return hashlib.sha256(material.encode()).hexdigest()


class UnitCache:
    """Entries under one cache directory, for one settings fingerprint."""

    def __init__(self, directory: Path, fingerprint: str) -> None:
        self.directory = directory
        self.fingerprint = fingerprint

    def _entry_path(self, unit: Unit) -> Path:
        key = hashlib.sha256(
            "\0".join((self.fingerprint, unit.kind, str(unit.path.resolve()))).encode(
                "utf-8", "surrogateescape"
            )
        ).hexdigest()
        return self.directory / __version__ / key[:2] / f"{key}.json"

    def load(self, unit: Unit) -> UnitResult | None:
        """The cached result of `unit`, if every input is unchanged."""
        from truss_secret_lint.engine import UnitResult

        try:
            entry = json.loads(self._entry_path(unit).read_text(encoding="utf-8"))
            for path, recorded in entry["inputs"].items():
                if _hash_file(Path(path)) != recorded:
                    return None
            if _directory_times(unit) != entry["directories"]:
                return None
            return UnitResult(
                diagnostics=[_diagnostic(d) for d in entry["diagnostics"]],
                suppressed=[_diagnostic(d) for d in entry["suppressed"]],
                files=int(entry["files"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def store(self, unit: Unit, inputs: list[Path], result: UnitResult) -> None:
        """Record a freshly computed result; silently gives up on any failure."""
        try:
            directories = _directory_times(unit)
            if directories is None:
                return
            entry = {
                "inputs": {str(p): _hash_file(p) for p in inputs},
                "directories": directories,
                "diagnostics": [_serial(d) for d in result.diagnostics],
                "suppressed": [_serial(d) for d in result.suppressed],
                "files": result.files,
            }
            target = self._entry_path(unit)
            target.parent.mkdir(parents=True, exist_ok=True)
            _mark(self.directory)
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(entry, stream)
            os.replace(temporary, target)
        except (OSError, ValueError):
            return


def _hash_file(path: Path) -> str:
    """The digest of what read_source would read (bounded, never blocking)."""
    return hashlib.sha256(read_prefix(path, MAX_BYTES + 1)).hexdigest()


def _directory_times(unit: Unit) -> dict[str, int] | None:
    """Modification times of the unit's directories (a Truss: every directory under its root)."""
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


def _diagnostic(data: dict[str, Any]) -> Diagnostic:
    return Diagnostic(
        path=data["path"],
        span=Span(**data["span"]),
        code=data["code"],
        name=data["name"],
        severity=Severity(data["severity"]),
        message=data["message"],
        secret=data["secret"],
        value_digest=data["value_digest"],
    )


def _mark(directory: Path) -> None:
    """Make the cache folder ignore itself in git and identify itself to backup tools."""
    ignore = directory / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Created by truss-secret-lint\n*\n", encoding="utf-8")
    tag = directory / "CACHEDIR.TAG"
    if not tag.exists():
        tag.write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This file is a cache directory tag created by truss-secret-lint.\n",
            encoding="utf-8",
        )
