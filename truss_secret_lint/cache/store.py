"""Authenticated cache entries in a directory the checked tree cannot reach.

Where: the user's cache home — `$TRUSS_SECRET_LINT_CACHE_DIR`, else
`$XDG_CACHE_HOME/truss-secret-lint`, else `~/.cache/truss-secret-lint` — never the checked tree.
The tree may come from a pull request, a tarball or a fresh clone, so a
`.truss-secret-lint-cache/` inside it is attacker-written: it is never read and never written.
CI trees are fresh, so CI gains nothing from a cache in the tree; on a laptop the cache in the
home directory is as fast as one beside the code. `--cache-dir DIR` moves the entries (the
command line is trusted) but not the key.

Trust: every entry is authenticated with HMAC-SHA256 under a random 32-byte key created once per
user (`key` in the cache home, mode 0600, created with O_EXCL|O_NOFOLLOW, never read through a
symlink, rejected unless it is a regular file owned by this user with no group/other access —
`git` cannot check out such a file). An entry's name is the HMAC of what it is the result of, and
its MAC covers that name and its body, so an entry is valid only where this user's runs wrote
it: an entry copied from another machine, edited, or moved to another slot is a miss. Content
hashes stored in entries are keyed too (`keyed_digest`), so a low-entropy file cannot be
brute-forced from a cache file. (Whoever can read the key as well — the user — can test guesses of
a whole file against its digest, as they can read the file; do not share the cache home with
its `key`. Entries carried to another machine are misses anyway.)

Writes never follow a symlink and never leave the cache directory: every directory below the
cache root is opened relative to its parent with O_NOFOLLOW (created with mode 0700), files are
written to an O_EXCL|O_NOFOLLOW temporary and renamed into place. An entry reached through a
symlink is a miss. Any failure is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import stat
from functools import lru_cache
from pathlib import Path

ENV_VAR = "TRUSS_SECRET_LINT_CACHE_DIR"
KEY_FILE = "key"
KEY_BYTES = 32
MAX_ENTRY_BYTES = 64 * 1024 * 1024
_MAC_HEX = 64
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | _CLOEXEC
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | _CLOEXEC | getattr(os, "O_NONBLOCK", 0)
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
_MARKS = {
    "CACHEDIR.TAG": b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This file is a cache directory tag created by truss-secret-lint.\n",
    ".gitignore": b"# Created by truss-secret-lint\n*\n",
}


def default_cache_dir() -> Path | None:
    """The user's cache home for this tool (None when no home directory is known)."""
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "truss-secret-lint"
    try:
        home = Path.home()
    except RuntimeError:
        return None
    return home / ".cache" / "truss-secret-lint"


def supported() -> bool:
    """Safe relative opens need O_NOFOLLOW and dir_fd support (POSIX)."""
    return bool(_NOFOLLOW) and os.open in os.supports_dir_fd and os.mkdir in os.supports_dir_fd


def load_key(home: Path) -> bytes | None:
    """The user's cache key from `home`, created when missing; None when it cannot be had or
    the file there is not one this user created privately."""
    if not supported():
        return None
    try:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
        directory = os.open(home, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC)
    except OSError:
        return None
    try:
        key = _read_key(directory)
        if key is None and _create_key(directory):
            key = _read_key(directory)
        return key
    finally:
        os.close(directory)


@lru_cache(maxsize=4)
def _key_of(home: Path) -> bytes | None:
    """`load_key`, once per process (a worker checks many units)."""
    return load_key(home)


def _read_key(directory: int) -> bytes | None:
    try:
        descriptor = os.open(KEY_FILE, _READ_FLAGS, dir_fd=directory)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_mode & 0o077
            or (hasattr(os, "geteuid") and info.st_uid != os.geteuid())
            or info.st_size != KEY_BYTES
        ):
            return None
        key = os.read(descriptor, KEY_BYTES + 1)
        return key if len(key) == KEY_BYTES else None
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _create_key(directory: int) -> bool:
    """Write a fresh key under a temporary name, then link it into place: another process
    creating one at the same moment wins or loses whole, and nobody reads a partial key."""
    temporary = f".key.{os.getpid()}.{os.urandom(6).hex()}.tmp"
    try:
        descriptor = os.open(temporary, _CREATE_FLAGS, 0o600, dir_fd=directory)
    except OSError:
        return False
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(os.urandom(KEY_BYTES))
        os.link(temporary, KEY_FILE, src_dir_fd=directory, dst_dir_fd=directory)
    except OSError:
        pass
    finally:
        _unlink(temporary, directory)
    return True


class CacheStore:
    """Authenticated entries under `root`, grouped in namespaces (`units`, `facts`)."""

    def __init__(self, root: Path, key: bytes, version: str) -> None:
        self.root = root
        self.key = key
        self.version = version

    @classmethod
    def open(cls, root: Path | None, version: str) -> CacheStore | None:
        """The store at `root` (default: the user's cache home) keyed by the user's key."""
        home = default_cache_dir()
        if home is None:
            return None
        key = _key_of(home)
        if key is None:
            return None
        return cls(root if root is not None else home, key, version)

    def keyed_digest(self, *parts: bytes) -> str:
        """HMAC-SHA256 of `parts` (length-prefixed, so no two part lists collide)."""
        material = b"".join(len(p).to_bytes(8, "big") + p for p in parts)
        return hmac.digest(self.key, material, "sha256").hex()

    def slot(self, namespace: str, *parts: bytes) -> str:
        """The entry name for what `parts` describe (an HMAC: reveals nothing about them)."""
        return self.keyed_digest(b"slot", namespace.encode(), self.version.encode(), *parts)

    def _mac(self, namespace: str, name: str, body: bytes) -> str:
        return self.keyed_digest(b"entry", namespace.encode(), name.encode(), body)

    def _location(self, namespace: str, name: str) -> list[str]:
        return [f"v-{self.version}", namespace, name[:2]]

    def read(self, namespace: str, name: str) -> bytes | None:
        """The body of an entry this user wrote, else None (missing, forged, via a symlink)."""
        directory = _open_below(self.root, self._location(namespace, name), create=False)
        if directory is None:
            return None
        try:
            data = _read_regular(f"{name}.entry", directory)
        finally:
            os.close(directory)
        if data is None or len(data) < _MAC_HEX + 1 or data[_MAC_HEX : _MAC_HEX + 1] != b"\n":
            return None
        body = data[_MAC_HEX + 1 :]
        expected = self._mac(namespace, name, body).encode()
        return body if hmac.compare_digest(expected, data[:_MAC_HEX]) else None

    def write(self, namespace: str, name: str, body: bytes) -> None:
        """Store an entry; silently gives up on any failure."""
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            return
        self._mark()
        directory = _open_below(self.root, self._location(namespace, name), create=True)
        if directory is None:
            return
        try:
            data = self._mac(namespace, name, body).encode() + b"\n" + body
            _write_atomic(f"{name}.entry", data, directory)
        finally:
            os.close(directory)

    def _mark(self) -> None:
        """Identify the folder to backup tools (CACHEDIR.TAG) and to git (ignore everything)."""
        directory = _open_below(self.root, [], create=False)
        if directory is None:
            return
        try:
            for name, content in _MARKS.items():
                try:
                    descriptor = os.open(name, _CREATE_FLAGS, 0o600, dir_fd=directory)
                except OSError:
                    continue  # present already (or a symlink: left alone)
                with os.fdopen(descriptor, "wb") as stream:
                    stream.write(content)
        except OSError:
            return
        finally:
            os.close(directory)


def _open_below(root: Path, parts: list[str], *, create: bool) -> int | None:
    """A descriptor of root/parts..., never following a symlink below `root` (the root itself
    comes from the user: a symlinked ~/.cache is fine)."""
    if not supported():
        return None
    try:
        current = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC)
    except OSError:
        return None
    for part in parts:
        try:
            try:
                child = os.open(part, _DIR_FLAGS, dir_fd=current)
            except FileNotFoundError:
                if not create:
                    raise
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o700, dir_fd=current)
                child = os.open(part, _DIR_FLAGS, dir_fd=current)
        except OSError:
            os.close(current)
            return None
        os.close(current)
        current = child
    return current


def _read_regular(name: str, directory: int) -> bytes | None:
    try:
        descriptor = os.open(name, _READ_FLAGS, dir_fd=directory)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        chunks = []
        remaining = info.st_size + 1
        while remaining > 0:
            chunk = os.read(descriptor, remaining)
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _write_atomic(name: str, data: bytes, directory: int) -> None:
    temporary = f".{name}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
    try:
        descriptor = os.open(temporary, _CREATE_FLAGS, 0o600, dir_fd=directory)
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
    except OSError:
        _unlink(temporary, directory)


def _unlink(name: str, directory: int) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name, dir_fd=directory)


def content_digest(store: CacheStore, data: bytes) -> str:
    """The keyed digest of a file's bytes, as entries record it."""
    return store.keyed_digest(b"content", data)


def package_build_id() -> str:
    """Names, sizes and modification times of this package's source files: an editable
    install whose code changed must not reuse results of the old code. An installed package is
    identified by its version alone (no walk: a few milliseconds on every hook run)."""
    root = Path(__file__).resolve().parent
    if {"site-packages", "dist-packages"} & set(root.parts):
        return "installed"
    material = []
    for current, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                try:
                    info = os.stat(os.path.join(current, name))
                except OSError:
                    continue
                relative = os.path.relpath(os.path.join(current, name), root)
                material.append(f"{relative}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(material).encode("utf-8", "surrogateescape")).hexdigest()[:16]
