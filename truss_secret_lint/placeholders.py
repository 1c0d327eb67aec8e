"""Which secret defaults are placeholders rather than values.

Truss's own placeholders are null/`~`/empty, `""` (what `truss`'s `add_secret` writes) and `"***"`
(what Truss Chains generate); an all-zero or textbook example UUID only shows a format. Everything
else under `secrets:` is a value the model receives when the platform secret is missing — even
placeholder *text* such as "ENTER TOKEN HERE", and the strings "None" and "null".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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


def is_accepted_placeholder(value: str, extra: Iterable[str] = ()) -> bool:
    """True for truss-native placeholders, example UUIDs, and values matching `extra` regexes."""
    if value in ACCEPTED or value.strip().lower() in _EXAMPLE_UUIDS:
        return True
    return any(re.fullmatch(pattern, value) for pattern in extra)


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
