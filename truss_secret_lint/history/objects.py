"""Reading git objects through one `git cat-file --batch` process.

Each object id is written on the process's stdin by a feeder thread while this thread reads the
answers, so thousands of blobs stream without a round trip each and without the pipes filling
up. An object that the repository does not have (a partial or shallow clone, a deleted loose
object) is answered `missing` and counted, never an error.

Tree objects are parsed here too (`trees`: the files of the commits just below a range):
`<mode> <name>\\0<binary id>` entries, the id's length given by the repository's hash (20 bytes
for SHA-1, 32 for SHA-256). What a tip holds at a path is asked by name (`resolve`).
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from truss_secret_lint.sources.git import start_git
from truss_secret_lint.sources.text import MAX_BYTES

MAX_BLOB_BYTES = MAX_BYTES  # larger blobs are not checked, like a too-large file in the tree


class ObjectReaderError(Exception):
    """The cat-file process failed or answered something unexpected."""


@dataclass(frozen=True)
class TreeEntry:
    """One entry of a tree object."""

    mode: str
    name: str
    oid: str


class ObjectReader:
    """A running `git cat-file --batch` in a repository."""

    def __init__(self, repository: Path) -> None:
        self._process = start_git(["cat-file", "--batch"], cwd=repository)
        self.missing: set[str] = set()
        self.too_large = 0

    def close(self) -> None:
        """Stop the process (idempotent)."""
        process = self._process
        if process.poll() is None:
            try:
                if process.stdin is not None:
                    process.stdin.close()
                process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()

    def __enter__(self) -> ObjectReader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def read(self, oids: Iterable[str]) -> Iterator[tuple[str, str, bytes | None]]:
        """(id, type, content) for each id, in order; content None when missing or too large."""
        wanted = list(oids)
        if not wanted:
            return
        process = self._process
        assert process.stdin is not None
        assert process.stdout is not None
        feeder = threading.Thread(target=_feed, args=(process.stdin, wanted), daemon=True)
        feeder.start()
        stdout = process.stdout
        answered = 0
        try:
            for oid in wanted:
                answered += 1
                header = stdout.readline()
                if not header:
                    raise ObjectReaderError("git cat-file stopped answering")
                parts = header.split()
                if len(parts) == 2 and parts[1] in (b"missing", b"ambiguous"):
                    self.missing.add(oid)
                    yield oid, "missing", None
                    continue
                if len(parts) != 3 or not parts[2].isdigit():
                    raise ObjectReaderError("unexpected answer from git cat-file")
                kind, size = parts[1].decode("ascii", "replace"), int(parts[2])
                content = _read_exactly(stdout, size)
                stdout.read(1)  # the newline after the content
                if kind == "blob" and size > MAX_BLOB_BYTES:
                    self.too_large += 1
                    yield oid, kind, None
                    continue
                yield oid, kind, content
        finally:
            if answered < len(wanted):  # stopped early: the feeder may be blocked on a full pipe
                process.kill()
            feeder.join()

    def resolve(self, repository: Path, names: list[str]) -> dict[str, str | None]:
        """The object id each name (`<commit>:<path>`) resolves to, None when there is none,
        from one `git cat-file --batch-check` (names with a newline cannot be asked: None)."""
        askable = [n for n in dict.fromkeys(names) if "\n" not in n and "\r" not in n]
        found: dict[str, str | None] = dict.fromkeys(names)
        if not askable:
            return found
        process = start_git(["cat-file", "--batch-check"], cwd=repository)
        assert process.stdin is not None
        assert process.stdout is not None
        feeder = threading.Thread(target=_feed, args=(process.stdin, askable), daemon=True)
        feeder.start()
        try:
            for name in askable:
                parts = process.stdout.readline().split()
                if not parts:
                    raise ObjectReaderError("git cat-file stopped answering")
                if len(parts) == 3 and parts[2].isdigit():
                    found[name] = parts[0].decode("ascii", "replace")
        finally:
            process.kill()
            feeder.join()
            process.wait()
            process.stdout.close()
        return found

    def trees(self, oids: Iterable[str]) -> dict[str, list[TreeEntry]]:
        """The entries of each tree object (missing trees: no entries)."""
        found: dict[str, list[TreeEntry]] = {}
        for oid, kind, content in self.read(oids):
            found[oid] = parse_tree(content, len(oid) // 2) if kind == "tree" and content else []
        return found


def _feed(stream: IO[bytes], names: list[str]) -> None:
    """Write the requests (a separate thread, so answers are read while requests are sent)."""
    try:
        for start in range(0, len(names), 512):
            chunk = "".join(f"{name}\n" for name in names[start : start + 512])
            stream.write(chunk.encode("utf-8", "surrogateescape"))
        stream.flush()
    except (OSError, ValueError):
        return  # the reader sees the process stop and raises


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks: list[bytes] = []
    remaining = size
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            raise ObjectReaderError("git cat-file stopped in the middle of an object")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def parse_tree(data: bytes, id_length: int) -> list[TreeEntry]:
    """The entries of a raw tree object (stops at the first malformed entry)."""
    entries: list[TreeEntry] = []
    position = 0
    while position < len(data):
        space = data.find(b" ", position)
        nul = data.find(b"\0", space + 1) if space >= 0 else -1
        if space < 0 or nul < 0 or nul + 1 + id_length > len(data):
            break
        mode = data[position:space].decode("ascii", "replace")
        name = data[space + 1 : nul].decode("utf-8", "surrogateescape")
        oid = data[nul + 1 : nul + 1 + id_length].hex()
        entries.append(TreeEntry(mode, name, oid))
        position = nul + 1 + id_length
    return entries
