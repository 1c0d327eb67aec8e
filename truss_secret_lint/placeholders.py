"""Which secret defaults are placeholders rather than values.

Truss's own placeholders are null/`~`/empty, `""` (what `truss`'s `add_secret` writes) and `"***"`
(what Truss Chains generate); an all-zero or textbook example UUID only shows a format. Everything
else under `secrets:` is a value the model receives when the platform secret is missing — even
placeholder *text* such as "ENTER TOKEN HERE", and the strings "None" and "null".

The user's `extend-placeholders` regexes come from a settings file, which can be part of the
checked (hostile) tree. Python's backtracking `re` takes exponential time on patterns such as
`(a+)+$`, so these patterns are compiled and matched by RE2 (google-re2), whose matching time
is linear in the value whatever the pattern. RE2 has no lookaround and no backreferences; a
pattern it cannot compile is a settings error naming the key (`placeholder_pattern_error`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

ACCEPTED = frozenset({"", "***"})
_EXAMPLE_UUIDS = frozenset(
    {
        "00000000-0000-0000-0000-000000000000",
        "123e4567-e89b-12d3-a456-426614174000",
        "123e4567-e89b-12d3-a456-426655440000",
    }
)
_PLACEHOLDER_TEXT = re.compile(
    r"""
    \s                                  # prose has spaces; tokens do not
    | ^<[^<>]*>$ | ^\$\{[^}]*\}$ | ^\$[A-Z_]+$ | ^\{\{.*\}\}$   # <token>, ${VAR}, $VAR, {{ var }}
    | ^(?:x+|\*+|\.+|-+|_+|0+)$          # xxxx, ****, ...., 0000
    | (?:^|[-_])(?:your|my|dummy|example|sample|placeholder|changeme|change[-_]me|replace[-_]?me
      |todo|tbd|fixme|fill[-_]?in|insert|enter|redacted|secret[-_]here|token[-_]here|here)(?:$|[-_])
    """,
    re.VERBOSE | re.IGNORECASE,
)
_NONE_STRINGS = frozenset({"none", "null", "nil", "undefined"})


class PlaceholderPatternError(ValueError):
    """An `extend-placeholders` pattern RE2 cannot compile (its message says why)."""


@functools.cache
def _placeholder_matcher(pattern: str) -> Callable[[str], bool]:
    """`pattern` compiled by RE2: a function telling whether it matches a whole value."""
    import re2  # type: ignore[import-untyped]

    options = re2.Options()
    options.log_errors = False  # RE2 would print the pattern's error to stderr as well
    try:
        regex = re2.compile(pattern, options)
    except re2.error as error:
        reason = error.args[0] if error.args else "not a valid pattern"
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise PlaceholderPatternError(str(reason)) from None
    return lambda value: regex.fullmatch(value) is not None


def placeholder_pattern_error(pattern: str) -> str | None:
    """Why RE2 cannot use `pattern` as an `extend-placeholders` regex, or None when it can."""
    try:
        _placeholder_matcher(pattern)
    except PlaceholderPatternError as error:
        return str(error)
    return None


def is_accepted_placeholder(value: str, extra: Iterable[str] = ()) -> bool:
    """True for truss-native placeholders, example UUIDs, and values matching `extra` regexes
    (whole-value matches in RE2 syntax; settings validation has rejected any it cannot compile)."""
    if value in ACCEPTED or value.strip().lower() in _EXAMPLE_UUIDS:
        return True
    return any(_placeholder_matcher(pattern)(value) for pattern in extra)


def is_none_string(value: str) -> bool:
    """`None`, `null` and friends written as strings: truthy, and handed to the model as-is."""
    return value.strip().lower() in _NONE_STRINGS


def is_placeholder_text(value: str) -> bool:
    """Human placeholder text ("ENTER HF TOKEN HERE", "<your-token>", "${HF_TOKEN}", "xxxx")."""
    return (
        is_accepted_placeholder(value)
        or is_none_string(value)
        or bool(_PLACEHOLDER_TEXT.search(value))
    )
