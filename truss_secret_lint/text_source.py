"""Reading a checked file once: bytes → text, with every way that can fail turned into a problem.

Each file is read exactly once per run; the checkers and the suppression stage share the result.
Files that are not text (NUL bytes), too large, or not UTF-8 become a `ReadProblem` that the
checkers report as TSL001/TSL002. Text that is UTF-16 (with a BOM) or Latin-1 is still decoded
and checked, since a credential in it is committed all the same; the encoding itself is reported.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

MAX_BYTES = 2 * 1024 * 1024


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

    @cached_property
    def lines(self) -> list[str]:
        """The text split into lines without their line ends (`\\r\\n`, `\\n` or `\\r`)."""
        return self.text.splitlines()

    def line(self, number: int) -> str:
        """The 1-based line `number`, or "" when out of range."""
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def offset(self, line: int, column: int) -> int:
        """The 0-based character offset of a 1-based line and column."""
        offset = 0
        for index, text in enumerate(self.text.splitlines(keepends=True)):
            if index == line - 1:
                return offset + column - 1
            offset += len(text)
        return offset


def read_source(path: Path) -> SourceText:
    """Read and decode `path`; never raises."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
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
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return SourceText(path, "", ReadProblem(f"cannot read the file: {reason}", fatal=True))
    return decode(path, data)


def decode(path: Path, data: bytes) -> SourceText:
    """Decode bytes as truss would (UTF-8), describing anything else."""
    size = len(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        problem = ReadProblem("the file is UTF-16; truss reads it as UTF-8", fatal=False)
        return SourceText(path, text, problem, size)
    if b"\x00" in data:
        return SourceText(
            path, "", ReadProblem("binary content (NUL bytes), not text", fatal=True), size
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return SourceText(path, data.decode("utf-8"), None, size)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        text = data.decode("latin-1")
        problem = ReadProblem(
            f"not valid UTF-8 (byte {error.start + 1}, line {line}); truss reads files as UTF-8",
            fatal=False,
        )
        return SourceText(path, text, problem, size)
