"""The one stage that decides what is reported: selection, per-file ignores, inline suppressions.

Checkers report everything they find; formatters print whatever reaches them. In between, this
module applies `--select`/`--ignore` (code prefixes, the more specific wins, as in ruff),
`per-file-ignores`, `# noqa[: CODES]` and detect-secrets' `# pragma: allowlist secret`, and scrubs
every message one last time so that no credential value can be printed even by a rule's mistake.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from truss_secret_lint.diagnostic import Diagnostic
from truss_secret_lint.redact import printable, scrub_text
from truss_secret_lint.settings import Settings
from truss_secret_lint.text_source import SourceText

_NOQA = re.compile(
    r"#\s*noqa(?::[\s]*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE
)
_ALLOWLIST = re.compile(r"pragma:\s*allowlist[\s-]+secret", re.IGNORECASE)
_ALLOWLIST_NEXT = re.compile(r"pragma:\s*allowlist[\s-]+nextline[\s-]+secret", re.IGNORECASE)
ALLOWLIST_CODES = frozenset({"TSL201", "TSL203", "TSL204", "TSL304"})


def _prefix_length(code: str, prefixes: Iterable[str]) -> int:
    """Length of the most specific prefix matching `code` (ALL counts as 0), -1 when none."""
    best = -1
    for prefix in prefixes:
        if prefix == "ALL":
            best = max(best, 0)
        elif code.startswith(prefix):
            best = max(best, len(prefix))
    return best


def is_selected(code: str, enabled_by_default: bool, settings: Settings) -> bool:
    """Whether a rule runs: the most specific matching select/ignore prefix decides."""
    selected = _prefix_length(code, (settings.select or ()) + settings.extend_select)
    if settings.select is None and enabled_by_default:
        selected = max(selected, 0)
    return selected >= 0 and selected > _prefix_length(code, settings.ignore)


def is_ignored_for_file(diagnostic: Diagnostic, settings: Settings) -> bool:
    """`per-file-ignores`: a glob matching the path (or its file name) with the code's prefix."""
    for pattern, codes in settings.per_file_ignores:
        if (
            fnmatch.fnmatch(diagnostic.path, pattern)
            or fnmatch.fnmatch(diagnostic.path.rsplit("/", 1)[-1], pattern)
        ) and _prefix_length(diagnostic.code, codes) >= 0:
            return True
    return False


@dataclass(frozen=True)
class Suppression:
    """A `# noqa` comment: its line and the codes it names (empty: all)."""

    line: int
    column: int
    codes: tuple[str, ...]


def suppressions_in(source: SourceText) -> dict[int, Suppression]:
    """Every `# noqa` comment of a file by line; only lines with a `#` are searched."""
    found: dict[int, Suppression] = {}
    if "noqa" not in source.text.lower():
        return found
    for number, line in enumerate(source.lines, start=1):
        if "#" not in line:
            continue
        match = _NOQA.search(line)
        if match:
            codes = (
                tuple(re.split(r"[\s,]+", match.group("codes").upper()))
                if match.group("codes")
                else ()
            )
            found[number] = Suppression(number, match.start() + 1, codes)
    return found


def is_suppressed_inline(
    diagnostic: Diagnostic, source: SourceText, noqa: dict[int, Suppression]
) -> Suppression | bool:
    """The noqa comment (from `suppressions_in(source)`) or allowlist pragma that suppresses
    `diagnostic`, else False."""
    lines = {diagnostic.span.line, diagnostic.span.end_line}
    for line in sorted(lines):
        comment = noqa.get(line)
        if comment and (not comment.codes or _prefix_length(diagnostic.code, comment.codes) >= 0):
            return comment
    if diagnostic.code in ALLOWLIST_CODES:
        if any(_ALLOWLIST.search(source.line(line)) for line in lines):
            return True
        if _ALLOWLIST_NEXT.search(source.line(diagnostic.span.line - 1)):
            return True
    return False


def scrub(diagnostic: Diagnostic) -> Diagnostic:
    """Redact any credential shape left in a message or secret name, and escape characters that
    are not printable (defence in depth)."""
    message = printable(scrub_text(diagnostic.message))
    secret = printable(scrub_text(diagnostic.secret)) if diagnostic.secret is not None else None
    if message == diagnostic.message and secret == diagnostic.secret:
        return diagnostic
    return replace(diagnostic, message=message, secret=secret)
