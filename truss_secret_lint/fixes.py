"""Applying fixes: splice the edits of each file's fixes into its text, write atomically.

Fixes come from the rules (never from a second checker); edits are offsets into the text the
checkers read. Overlapping edits are resolved first come, first served (the rest wait for the next
run), so a file is always rewritten consistently. Writes go to a temporary file in the same
directory that replaces the original, keeping its mode.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from truss_secret_lint.diagnostic import Diagnostic, Edit
from truss_secret_lint.redact import redact
from truss_secret_lint.text_source import SourceText


@dataclass(frozen=True)
class FixedFile:
    """The new text of one file and the diagnostics whose fixes went into it."""

    path: str
    source: SourceText
    new_text: str
    applied: tuple[Diagnostic, ...]
    sensitive: tuple[Edit, ...]  # edits that replace a value: redacted in diffs


def plan_fixes(
    diagnostics: Iterable[Diagnostic], sources: dict[str, SourceText]
) -> list[FixedFile]:
    """Group fixable diagnostics per file and splice their non-overlapping edits."""
    by_path: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        if diagnostic.fix is None:
            continue
        path = diagnostic.fix.path or diagnostic.path
        if path in sources:
            by_path.setdefault(path, []).append(diagnostic)
    planned = []
    for path, fixable in sorted(by_path.items()):
        source = sources[path]
        taken: list[Edit] = []
        sensitive: list[Edit] = []
        applied = []
        for diagnostic in fixable:
            assert diagnostic.fix is not None
            edits = tuple(e for e in diagnostic.fix.edits if e not in taken)
            if any(_overlaps(edit, other) for edit in edits for other in taken):
                continue
            taken.extend(edits)
            if diagnostic.fix.replaces_value:
                sensitive.extend(edits)
            applied.append(diagnostic)
        new_text = splice(source.text, taken)
        if new_text != source.text:
            planned.append(FixedFile(path, source, new_text, tuple(applied), tuple(sensitive)))
    return planned


def splice(text: str, edits: Iterable[Edit]) -> str:
    """Apply offset edits to `text` (from the end, so offsets stay valid)."""
    ordered = sorted(enumerate(edits), key=lambda item: (item[1].start, item[1].end, item[0]))
    for _, edit in reversed(ordered):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def _overlaps(a: Edit, b: Edit) -> bool:
    """Edits conflict when their replaced ranges intersect; insertions at one offset do not
    (they stack in order), nor does an insertion at the edge of a replacement."""
    return a.start < b.end and b.start < a.end


def unified_diff(fixed: FixedFile) -> str:
    """The unified diff of one planned fix; replaced values are shown redacted."""
    text = fixed.source.text
    shown = splice(
        text,
        [
            Edit(e.start, e.end, redact(text[e.start : e.end]))
            for e in fixed.sensitive
            if e.end > e.start
        ],
    )
    old = shown.splitlines(keepends=True)
    new = fixed.new_text.splitlines(keepends=True)
    return "".join(difflib.unified_diff(old, new, f"a/{fixed.path}", f"b/{fixed.path}"))


def write_atomically(path: Path, text: str, *, bom: bool = False) -> None:
    """Replace `path` with `text` via a temporary file in the same directory; keep the mode.

    Line endings are written exactly as they are in `text` (no newline translation), and a
    UTF-8 byte-order mark the file started with is written back.
    """
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(("\ufeff" if bom else "") + text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
