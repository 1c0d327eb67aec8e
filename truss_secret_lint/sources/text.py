"""Reading a checked file once: bytes → text, with every way that can fail turned into a problem.

Each file is read exactly once per run; the checkers and the suppression stage share the result.
Files that are not text (NUL bytes), too large, or not UTF-8 become a `ReadProblem` that the
checkers report as TSL001/TSL002. Text that is UTF-16 (with a BOM) or Latin-1 is still decoded
and checked, since a credential in it is committed all the same; the encoding itself is reported.

Reading is bounded and never blocks: only regular files are read (a FIFO, socket or device
named like a checked file is a problem, not a hang), symbolic links are not followed, and at
most MAX_BYTES + 1 bytes are read even when the file grows while it is being read.

Lines end where the parsers' positions say they end, so that `# noqa` comments and line digests
land on the line a finding names: at LF, CRLF and a lone CR only. `str.splitlines` also splits
at form feeds, NEL, U+2028 and the like, which Python allows inside a source file (a form feed
between functions is common) and ruamel.yaml's marks do not count either.

An editor's unsaved buffers replace files on disk through an `Overlay`, installed for the
duration of one check with `reading_through(overlay)`: every read of a checked file (the
checkers' `read_source` and discovery's `read_prefix`) then takes the buffer's text when there
is one, and refuses any file outside the overlay's root directories. The command line never
installs one, so its reads are unchanged.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

MAX_BYTES = 2 * 1024 * 1024

_LINE_END = re.compile(r"\r\n?|\n")
_PYTHON_SUFFIXES = frozenset({".py", ".pyi", ".pyw"})
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


@dataclass(frozen=True)
class ReadProblem:
    """Why a file's text could not be read as-is; `fatal` means there is no text to check."""

    message: str
    fatal: bool


@dataclass(frozen=True)
class SourceText:
    """A file's decoded text and what went wrong reading it."""

    path: Path
    text: str
    problem: ReadProblem | None = None
    raw_size: int = field(default=0, compare=False)
    bom: bool = field(default=False, compare=False)
    """The file starts with a UTF-8 byte order mark, which `text` does not hold (a writer that
    must keep every other byte, such as `--fix`, writes it back)."""

    @cached_property
    def line_starts(self) -> tuple[int, ...]:
        """The 0-based character offset where each line starts (see the module docstring for
        what ends a line)."""
        return (0, *(match.end() for match in _LINE_END.finditer(self.text)))

    @cached_property
    def lines(self) -> list[str]:
        """The text split into lines without their line ends (no empty last line after a final
        line end, like `str.splitlines`)."""
        starts = self.line_starts
        text = self.text
        lines: list[str] = []
        for index, start in enumerate(starts):
            if index + 1 < len(starts):
                end = starts[index + 1]
                line = text[start:end]
                lines.append(line[:-2] if line.endswith("\r\n") else line[:-1])
            elif start < len(text):
                lines.append(text[start:])
        return lines

    def line(self, number: int) -> str:
        """The 1-based line `number`, or "" when out of range."""
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def offset(self, line: int, column: int) -> int:
        """The 0-based character offset of a 1-based line and column."""
        starts = self.line_starts
        if line < 1:
            return 0
        if line > len(starts):
            return len(self.text)
        return min(starts[line - 1] + column - 1, len(self.text))


@dataclass(frozen=True)
class Overlay:
    """Texts that stand in for files (an editor's unsaved buffers, by real absolute path), and
    the directories (real absolute paths) outside which no file is read."""

    texts: Mapping[str, str]
    roots: tuple[str, ...]

    def lookup(self, path: Path) -> str | bool:
        """The buffer's text for `path`; True to read the file from disk; False when `path` is
        outside every root."""
        real = os.path.realpath(path)
        text = self.texts.get(real)
        if text is not None:
            return text
        return any(real == root or real.startswith(root + os.sep) for root in self.roots)


_OVERLAY: ContextVar[Overlay | None] = ContextVar("truss_secret_lint_overlay", default=None)


@contextmanager
def reading_through(overlay: Overlay) -> Iterator[None]:
    """Within the block, reads of checked files go through `overlay` (see the module docstring)."""
    token = _OVERLAY.set(overlay)
    try:
        yield
    finally:
        _OVERLAY.reset(token)


def from_text(path: Path, text: str) -> SourceText:
    """The SourceText of text that is already decoded (an editor buffer), with the same limits
    as a file read from disk."""
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_BYTES:
        return _too_large(path, size)
    if "\x00" in text:
        return SourceText(
            path, "", ReadProblem("binary content (NUL bytes), not text", fatal=True), size
        )
    return SourceText(path, text, None, size)


_OUTSIDE = ReadProblem("file skipped: outside the workspace", fatal=True)


def read_source(path: Path) -> SourceText:
    """Read and decode `path`; never raises and never blocks."""
    overlay = _OVERLAY.get()
    if overlay is not None:
        found = overlay.lookup(path)
        if isinstance(found, str):
            return from_text(path, found)
        if not found:
            return SourceText(path, "", _OUTSIDE)
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        return _unreadable(path, error)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return SourceText(path, "", ReadProblem("file skipped: not a regular file", fatal=True))
        if info.st_size > MAX_BYTES:
            return _too_large(path, info.st_size)
        chunks: list[bytes] = []
        remaining = MAX_BYTES + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as error:
        return _unreadable(path, error)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > MAX_BYTES:  # it grew while we read it
        return _too_large(path, max(len(data), info.st_size))
    return decode(path, data)


def read_prefix(path: Path, limit: int) -> bytes:
    """Up to `limit` bytes of a regular file, never blocking (FIFOs, devices) and never following
    a final symlink; b"" for anything that is not a readable regular file."""
    overlay = _OVERLAY.get()
    if overlay is not None:
        found = overlay.lookup(path)
        if isinstance(found, str):
            return found.encode("utf-8", errors="surrogatepass")[:limit]
        if not found:
            return b""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return b""
        return os.read(descriptor, limit)
    except OSError:
        return b""
    finally:
        os.close(descriptor)


def _too_large(path: Path, size: int) -> SourceText:
    return SourceText(
        path,
        "",
        ReadProblem(
            f"file skipped: {size / 1024 / 1024:.1f} MiB is over the "
            f"{MAX_BYTES // 1024 // 1024} MiB limit for a checked file",
            fatal=True,
        ),
        size,
    )


def _unreadable(path: Path, error: OSError) -> SourceText:
    import errno

    if error.errno == errno.ELOOP:
        reason = "a symbolic link (not followed)"
    else:
        reason = error.strerror or type(error).__name__
    return SourceText(path, "", ReadProblem(f"cannot read the file: {reason}", fatal=True))


def decode(path: Path, data: bytes) -> SourceText:
    """Decode bytes as truss would (UTF-8), describing anything else."""
    size = len(data)
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        text = data.decode("utf-32", errors="replace")
        problem = ReadProblem("the file is UTF-32; truss reads it as UTF-8", fatal=False)
        return SourceText(path, text, problem, size)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        problem = ReadProblem("the file is UTF-16; truss reads it as UTF-8", fatal=False)
        return SourceText(path, text, problem, size)
    if b"\x00" in data:
        return SourceText(
            path, "", ReadProblem("binary content (NUL bytes), not text", fatal=True), size
        )
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[len(codecs.BOM_UTF8) :]
    elif path.suffix in _PYTHON_SUFFIXES:
        declared = _python_coding(data)
        if declared is not None:
            try:
                return SourceText(path, data.decode(declared), None, size)
            except (LookupError, UnicodeDecodeError):
                pass  # described below, as for any file that is not UTF-8
    try:
        return SourceText(path, data.decode("utf-8"), None, size, bom)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        text = data.decode("latin-1")
        problem = ReadProblem(
            f"not valid UTF-8 (byte {error.start + 1}, line {line}); truss reads files as UTF-8",
            fatal=False,
        )
        return SourceText(path, text, problem, size)


def _python_coding(data: bytes) -> str | None:
    """The encoding a PEP 263 coding line declares (`# -*- coding: latin-1 -*-`), when it is
    not UTF-8: Python decodes such a file with it, so it is not an encoding problem."""
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        return None
    return None if encoding in ("utf-8", "utf-8-sig") else encoding
