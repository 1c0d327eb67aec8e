"""Blob results cached by blob id, authenticated, outside the checked tree.

A blob id names immutable content, so a blob's result depends only on the id, what it was
checked as, and the settings and tool version (the `fingerprint`). All entries for one
fingerprint live in one JSON file, so a warm run reads one file however many blobs it has.

Trust posture (SPEC §10): the cache is read as untrusted input all the same. The file holds a
body and an HMAC-SHA256 of it under a random key kept beside it (`key`, created 0600); a body
whose MAC does not verify, or that does not parse as expected, is ignored (a miss), never
executed or unpickled. Nothing in it is a value: messages are redacted and findings carry only
the digest the decide stage gave them. The default folder is the user's cache directory; a
folder inside the checked repository is refused (the caller runs without a cache).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

from truss_secret_lint import __version__
from truss_secret_lint.history.blobs import BlobKind, BlobResult
from truss_secret_lint.settings import Settings

_FORMAT = 1
_KEY_NAME = "key"
_MAX_ENTRIES = 2_000_000
_MAX_RUNS = 32


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/truss-secret-lint/history` (or the platform's user cache folder)."""
    if sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    elif os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "truss-secret-lint" / "history"


def is_inside(path: Path, directory: Path) -> bool:
    """Whether `path` is `directory` or under it (both resolved)."""
    try:
        path.resolve().relative_to(directory.resolve())
    except (OSError, ValueError, RuntimeError):
        return False
    return True


def fingerprint(settings: Settings) -> str:
    """What, besides the blob, decides its result: the tool's version, the settings, and the
    checking code itself (names, sizes and times of the package's modules, so an edited rule
    or detector invalidates the cache without importing them: a warm run imports no rule)."""
    material = repr((__version__, _FORMAT, settings, _code_stamp()))
    return hashlib.sha256(material.encode()).hexdigest()


def _code_stamp() -> list[tuple[str, int, int]]:
    package = Path(__file__).resolve().parent.parent
    stamp: list[tuple[str, int, int]] = []
    for current, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(current, name))
                stamp.append((os.path.join(current, name), info.st_size, info.st_mtime_ns))
    return stamp


class BlobCache:
    """The cached results for one settings fingerprint; `save` writes what was added."""

    def __init__(self, directory: Path, settings: Settings) -> None:
        self.directory = directory
        self.path = directory / f"{fingerprint(settings)[:32]}.json"
        self.entries: dict[str, dict[str, Any]] = {}
        self._dirty = False
        self._key = _load_key(directory)
        if self._key is not None:
            self.entries = _load(self.path, self._key)

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
        """A whole run's recorded outcome for a range identity (see scan.run_key)."""
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
        """Write the file atomically if anything was added; any failure leaves no cache."""
        if not self._dirty or len(self.entries) > _MAX_ENTRIES:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            key = self._key or _create_key(self.directory)
            if key is None:
                return
            body = json.dumps(
                {"tool": "truss-secret-lint", "format": _FORMAT, "entries": self.entries},
                separators=(",", ":"),
            )
            mac = hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    stream.write(mac + "\n" + body)
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except (OSError, ValueError):
            return


def _load(path: Path, key: bytes) -> dict[str, dict[str, Any]]:
    try:
        with path.open("r", encoding="utf-8") as stream:
            mac = stream.readline().strip()
            body = stream.read()
        expected = hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(mac, expected):
            return {}
        document = json.loads(body)
        entries = document["entries"]
        if document.get("format") != _FORMAT or not isinstance(entries, dict):
            return {}
        return {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, dict)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _load_key(directory: Path) -> bytes | None:
    """The folder's MAC key, if it exists, is ours alone (a regular file, 32 bytes)."""
    path = directory / _KEY_NAME
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(path, flags)
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077:
                return None
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                return None  # a key someone else planted would let them forge entries
            key = os.read(descriptor, 64)
        finally:
            os.close(descriptor)
    except OSError:
        return None
    return key if len(key) == 32 else None


def _create_key(directory: Path) -> bytes | None:
    """Create the key file (0600, never over an existing one), then read back what won."""
    path = directory / _KEY_NAME
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(path, flags, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(secrets.token_bytes(32))
    except FileExistsError:
        pass
    except OSError:
        return None
    return _load_key(directory)
