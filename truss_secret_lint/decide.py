"""The one stage that decides what is reported: selection, per-file ignores, inline suppressions,
unused suppressions and the baseline.

Checkers report everything they find; formatters print whatever reaches them. In between, this
module applies `--select`/`--ignore` (code prefixes, the more specific wins, as in ruff:
`selected_rules`), and then per unit (`decide_unit`) `per-file-ignores`, `# noqa[: CODES]` and
detect-secrets' `# pragma: allowlist secret`, reports the `# noqa` comments that suppressed
nothing (TSL901, when selected), and scrubs every message one last time so that no credential
value can be printed even by a rule's mistake. Once the whole run is known (`decide_run`), the
findings a baseline records are hidden.
"""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from truss_secret_lint.baseline import BaselineOutcome, Entry, apply_baseline, read_baseline
from truss_secret_lint.diagnostic import Diagnostic
from truss_secret_lint.redact import printable, scrub_text
from truss_secret_lint.rules import CODES, REGISTRY, UNUSED_NOQA
from truss_secret_lint.settings import Settings
from truss_secret_lint.sources.text import SourceText

if TYPE_CHECKING:
    from truss_secret_lint.rules.base import Rule
    from truss_secret_lint.rules.unused_noqa import UnusedNoqa

# A noqa comment, bare or with codes; public so that the server's quick fix adds or extends the
# very comment this module reads.
NOQA_COMMENT = re.compile(
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


def selected_rules(settings: Settings) -> list[Rule]:
    """Instances of the rules this run uses (the registry imports a rule's module here)."""
    return [
        entry.load()()
        for entry in REGISTRY
        if is_selected(entry.code, entry.enabled_by_default, settings)
    ]


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
        match = NOQA_COMMENT.search(line)
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


def decide_unit(
    findings: Iterable[Diagnostic],
    sources: Mapping[Path, SourceText],
    rules: Sequence[Rule],
    settings: Settings,
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """What one unit reports and what it suppressed, from what its `rules` (the selected ones)
    found in the files of `sources`, in the order found: a finding that `per-file-ignores` names
    is dropped, every other one is scrubbed, then suppressed by a `# noqa` or allowlist pragma
    on its lines (unless `no-inline-ignores`) or reported. Last, when unused-noqa is among
    `rules`, every `# noqa` comment that suppressed nothing is reported."""
    inline = not settings.no_inline_ignores
    comments = {path: suppressions_in(source) for path, source in sources.items()} if inline else {}
    by_display = {path.as_posix(): path for path in sources}
    used: dict[Path, dict[int, set[str]]] = {}
    reported: list[Diagnostic] = []
    suppressed: list[Diagnostic] = []
    for found in findings:
        if is_ignored_for_file(found, settings):
            continue
        diagnostic = scrub(found)
        path = by_display.get(diagnostic.path)
        comment = (
            is_suppressed_inline(diagnostic, sources[path], comments[path])
            if inline and path is not None
            else False
        )
        if not comment:
            reported.append(diagnostic)
            continue
        suppressed.append(diagnostic)
        if isinstance(comment, Suppression) and path is not None:
            used.setdefault(path, {}).setdefault(comment.line, set()).add(diagnostic.code)
    if inline:
        reported += _unused_noqa(comments, used, rules)
    return reported, suppressed


def _unused_noqa(
    comments: Mapping[Path, Mapping[int, Suppression]],
    used: Mapping[Path, Mapping[int, set[str]]],
    rules: Sequence[Rule],
) -> list[Diagnostic]:
    """TSL901's findings over every file's `# noqa` comments, when it is among `rules`: the rule
    judges a comment, but only this stage knows which codes each comment suppressed."""
    unused_noqa = next((cast("UnusedNoqa", r) for r in rules if r.code == UNUSED_NOQA), None)
    if unused_noqa is None:
        return []
    ran = {rule.code for rule in rules}
    known = set(CODES)
    return [
        diagnostic
        for path, in_file in comments.items()
        for diagnostic in unused_noqa.check_comments(path, in_file, used.get(path, {}), ran, known)
    ]


def decide_run(
    diagnostics: list[Diagnostic],
    baseline: Path | None,
    read: Callable[[Path], Counter[Entry]] = read_baseline,
) -> BaselineOutcome:
    """The decision that needs the whole run: the findings the baseline file `baseline` records
    (None: no baseline) are hidden, its entries that match nothing are counted as stale. Raises
    `BaselineError` for a file that cannot be used; `read` lets a caller that checks again and
    again reuse a parsed file (the language server)."""
    if baseline is None:
        return BaselineOutcome(diagnostics, 0, 0)
    return apply_baseline(diagnostics, read(baseline))
