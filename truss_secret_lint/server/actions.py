"""What a quick fix changes, as new file texts (no LSP types): the `--fix` edit and `# noqa`.

The `--fix` edit comes from `fixes.plan_fixes`, the command line's own planner, applied to the
one diagnostic and the texts that check read (the open buffers). A fix can edit another file
than the diagnostic's: an undeclared read in model.py is fixed in config.yaml.

The suppression comment goes on the finding's line — for Python, the line where the node ends,
so a multi-line string keeps its text — and extends an existing `# noqa: CODES` list. None is
offered where a comment cannot go (after a line continuation) or would change nothing (a bare
`# noqa` already suppresses everything).
"""

from __future__ import annotations

from dataclasses import dataclass

# The comment `decide` recognises (so the one added or extended here is the one that counts).
from truss_secret_lint.decide import NOQA_COMMENT
from truss_secret_lint.diagnostic import Diagnostic, Edit
from truss_secret_lint.fixes import plan_fixes, splice
from truss_secret_lint.sources.text import SourceText

_PYTHON_SUFFIXES = (".py", ".pyi", ".pyw")


@dataclass(frozen=True)
class FileChange:
    """The new text of one checked file (`path` as in Diagnostic.path)."""

    path: str
    source: SourceText
    new_text: str


def fix_change(diagnostic: Diagnostic, sources: dict[str, SourceText]) -> FileChange | None:
    """The `--fix` edit of one diagnostic, or None when it has none (or it cannot apply)."""
    if diagnostic.fix is None:
        return None
    for fixed in plan_fixes([diagnostic], sources):
        if fixed.source.problem is not None:
            return None  # as --fix: a file that was not read as-is is not rewritten
        return FileChange(fixed.path, fixed.source, fixed.new_text)
    return None


def noqa_change(diagnostic: Diagnostic, source: SourceText) -> FileChange | None:
    """Add `# noqa: CODE` to the line that suppresses `diagnostic`, or None when it cannot."""
    if source.problem is not None and source.problem.fatal:
        return None
    python = source.path.suffix in _PYTHON_SUFFIXES
    number = diagnostic.span.end_line if python else diagnostic.span.line
    if not 0 < number <= max(len(source.lines), 1):
        return None
    line = source.line(number)
    start = source.line_starts[number - 1] if number <= len(source.line_starts) else 0
    if python and line.rstrip().endswith("\\"):
        return None
    existing = NOQA_COMMENT.search(line) if "#" in line else None
    if existing is not None:
        if existing.group("codes") is None:
            return None
        at = start + existing.end("codes")
        edit = Edit(at, at, f", {diagnostic.code}")
    else:
        content = line.rstrip()
        edit = Edit(start + len(content), start + len(line), f"  # noqa: {diagnostic.code}")
    return FileChange(diagnostic.path, source, splice(source.text, [edit]))
