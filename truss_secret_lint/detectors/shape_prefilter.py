"""The shape prefilter: which shape detectors could match a text, decided without running any.

Nearly every value the linter scans ("null", "A100:1", `meta-llama/Llama-3-8B`,
`hf_access_token`) cannot hold a credential shape. Each detector's anchors (`registry.py`) are
a necessary condition for it to match; a text in which no anchor occurs returns at once,
without loading detect-secrets, and a text that passes runs only the detectors whose anchors
occur in it. Correctness rests on the anchors being necessary, which the tests check against
every detector regex; speed on choosing, for each text length, the cheapest way to look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from truss_secret_lint.detectors.plausibility import MIN_RANDOM_CHARS
from truss_secret_lint.detectors.registry import ALL_DETECTORS, DetectorSpec

__all__ = [
    "MIN_CREDENTIAL_LENGTH",
    "candidate_detectors",
    "literal_prefix",
    "may_contain_credential",
]

# The shortest text any detector can report: every reported secret passes the plausibility
# policy, so it holds at least MIN_RANDOM_CHARS letters and digits. Shorter values skip the scan.
MIN_CREDENTIAL_LENGTH = MIN_RANDOM_CHARS
# Up to this length one regex alternation of all anchors is the fastest check. Beyond it
# (base64 example inputs run to megabytes) the alternation, which tries every anchor at every
# position, is slower than looking for each anchor on its own: first its punctuation
# character and literal prefix with `in` (a memchr-speed scan), only then its regex.
_UNION_MAX_LENGTH = 256
_REGEX_SPECIAL = frozenset("[](){}?*+|^$.\\")
_QUANTIFIERS = frozenset("?*+{")


def _has_top_level_alternation(pattern: str) -> bool:
    """`a|b` outside any group or class: then no prefix is common to all matches."""
    depth, in_class, escaped = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return True
    return False


def literal_prefix(pattern: str) -> str:
    """The literal text every match of `pattern` starts with ("" if none): `gh[pousr]_` → `gh`."""
    if _has_top_level_alternation(pattern):
        return ""
    prefix: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            char, width = pattern[i + 1], 2
        elif char in _REGEX_SPECIAL:
            break
        else:
            width = 1
        if i + width < len(pattern) and pattern[i + width] in _QUANTIFIERS:
            break
        prefix.append(char)
        i += width
    return "".join(prefix)


@dataclass(frozen=True)
class Anchor:
    """One compiled anchor, the literal its matches start with, and the literal's first
    punctuation character (`_` of `hf_`): a one-character search is the cheapest rejection
    (memchr), and base64 blobs contain no `_`, `-`, `.`, `:` or spaces at all."""

    gate: str
    prefix: str
    regex: re.Pattern[str]

    @classmethod
    def of(cls, pattern: str) -> Anchor:
        prefix = literal_prefix(pattern)
        gate = next((c for c in prefix if not c.isalnum()), "")
        return cls(gate, prefix, re.compile(pattern))

    def search(self, text: str) -> bool:
        if self.gate not in text or self.prefix not in text:
            return False
        return self.prefix == self.regex.pattern or self.regex.search(text) is not None


@dataclass(frozen=True)
class Anchors:
    """The anchors of some detectors: `matches(text, folded)` is their necessary condition."""

    plain: tuple[Anchor, ...]
    folded: tuple[Anchor, ...]

    @classmethod
    def of(cls, specs: tuple[DetectorSpec, ...]) -> Anchors:
        return cls(
            tuple(Anchor.of(a) for spec in specs if not spec.casefold for a in spec.anchors),
            tuple(Anchor.of(a) for spec in specs if spec.casefold for a in spec.anchors),
        )

    def matches(self, text: str, folded: str) -> bool:
        return any(a.search(text) for a in self.plain) or any(a.search(folded) for a in self.folded)


_ANCHORS = {spec.class_name: Anchors.of((spec,)) for spec in ALL_DETECTORS}
_ALL_ANCHORS = Anchors.of(ALL_DETECTORS)
_PLAIN_UNION = re.compile("|".join(a.regex.pattern for a in _ALL_ANCHORS.plain))
_FOLDED_UNION = re.compile("|".join(a.regex.pattern for a in _ALL_ANCHORS.folded))


def candidate_detectors(text: str) -> tuple[DetectorSpec, ...]:
    """The detectors that could match somewhere in `text` (one of their anchors occurs).

    Short texts are rejected first by one alternation of all anchors; the detectors of a text
    that passes, and of any long text, are then picked anchor by anchor.
    """
    if len(text) < MIN_CREDENTIAL_LENGTH:
        return ()
    folded = text.casefold()
    if len(text) <= _UNION_MAX_LENGTH and not (
        _PLAIN_UNION.search(text) or _FOLDED_UNION.search(folded)
    ):
        return ()
    return tuple(spec for spec in ALL_DETECTORS if _ANCHORS[spec.class_name].matches(text, folded))


def may_contain_credential(text: str) -> bool:
    """Cheap necessary condition for `find_credentials(text)` to find anything."""
    return bool(candidate_detectors(text))
