"""Placeholders: what people write where a secret goes instead of a secret.

Three questions, asked in different places, each with its own predicate:

- `is_accepted_placeholder(value, extra)`: may a secret's default in `secrets:` be this? Truss's
  own placeholders are null/`~`/empty, `""` (what `truss`'s `add_secret` writes) and `"***"`
  (what Truss Chains generate); an example UUID (`EXAMPLE_UUIDS`) only shows a format; the user
  adds regexes with `extend-placeholders`. Everything else under `secrets:` is a value the model
  receives when the platform secret is missing (TSL202) — even placeholder *text* such as
  "ENTER TOKEN HERE", and the strings "None" and "null" (`is_none_string`).
- `looks_like_placeholder_text(value)`: does the whole value read as text a person typed in
  place of a secret ("ENTER HF TOKEN HERE", "<your-token>", "${HF_TOKEN}", "xxxx", "None")?
  Such a value is not a random-looking credential, and under a secret-named environment
  variable it is reported as a placeholder (TSL108). Instruction words count only at a word
  boundary (`your-token`, not `Yourself42`).
- `has_placeholder_marker(value)`: does the value carry a placeholder marker anywhere — a
  template reference, filler, an instruction or example word, or the NAME of a secret
  (`password`, `HF_TOKEN`)? Looser than the text test: for the parts of a URL
  (`user:password@`, `token=${TOKEN}`) and for the short values `randomness.is_random_token`
  judges, where a real secret with such a marker is vanishingly rare.

A detector's match (a credential SHAPE) is judged by its own plausibility policy instead
(`plausibility.py`), which looks for markers inside the random part of the match.

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

from truss_secret_lint.detectors.names import is_secret_like_name

__all__ = [
    "EXAMPLE_UUIDS",
    "TRUSS_PLACEHOLDERS",
    "PlaceholderPatternError",
    "has_placeholder_marker",
    "is_accepted_placeholder",
    "is_example_uuid",
    "is_none_string",
    "looks_like_placeholder_text",
    "placeholder_pattern_error",
]

# --------------------------------------------------------------------------------------------
# Accepted defaults
# --------------------------------------------------------------------------------------------

TRUSS_PLACEHOLDERS = frozenset({"", "***"})
# The all-zero UUID and textbook ones (RFC 4122/9562, Wikipedia, the Python docs): a format.
EXAMPLE_UUIDS = frozenset(
    {
        "00000000-0000-0000-0000-000000000000",
        "123e4567-e89b-12d3-a456-426614174000",
        "123e4567-e89b-12d3-a456-426655440000",
        "123e4567-e89b-42d3-a456-556642440000",
        "12345678-1234-5678-1234-567812345678",
        "12345678-1234-1234-1234-123456789012",
        "12345678-1234-1234-1234-123456789abc",
        "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        "a8098c1a-f86e-11da-bd1a-00112444be1e",
    }
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


def is_example_uuid(value: str) -> bool:
    """The all-zero UUID or a textbook one, in any case (`value` without surrounding space)."""
    return value.lower() in EXAMPLE_UUIDS


def is_accepted_placeholder(value: str, extra: Iterable[str] = ()) -> bool:
    """True for truss-native placeholders, example UUIDs, and values matching `extra` regexes
    (whole-value matches in RE2 syntax; settings validation has rejected any it cannot compile)."""
    if value in TRUSS_PLACEHOLDERS or is_example_uuid(value.strip()):
        return True
    return any(_placeholder_matcher(pattern)(value) for pattern in extra)


def is_none_string(value: str) -> bool:
    """`None`, `null` and friends written as strings: truthy, and handed to the model as-is."""
    return value.strip().lower() in _NONE_STRINGS


# --------------------------------------------------------------------------------------------
# Placeholder text: the whole value reads as an instruction, a template or filler
# --------------------------------------------------------------------------------------------

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


def looks_like_placeholder_text(value: str) -> bool:
    """Human placeholder text ("ENTER HF TOKEN HERE", "<your-token>", "${HF_TOKEN}", "xxxx"),
    a none string, or an accepted placeholder."""
    return (
        is_accepted_placeholder(value)
        or is_none_string(value)
        or bool(_PLACEHOLDER_TEXT.search(value))
    )


# --------------------------------------------------------------------------------------------
# Placeholder markers anywhere in a value
# --------------------------------------------------------------------------------------------

# Template and variable references: ${VAR}, $VAR, $(cmd), ${{ expr }}, {{ var }}, {var},
# <var>, %VAR%, %(var)s, %s — anywhere in the value, since "Bearer ${TOKEN}" or
# "hf_<your token>" are placeholders too.
_TEMPLATED = re.compile(
    r"\$\{|\$\(|\{\{|\}\}|%\([A-Za-z_]+\)s|%s\b|^\$[A-Za-z_][A-Za-z0-9_]*$|^%[A-Za-z_]+%$"
    r"|^\{[^{}]*\}$|<[^<>]*>|^\[[^\[\]]*\]$"
)
# Filler characters people type instead of a value: xxxx, ****, ...., ????, ####.
_FILLER = re.compile(r"xxx|XXX|\*{3}|\.{3}|\?{3}|#{3}|…")
# Words that mark an instruction or an example rather than a value. Unmistakable ones are
# searched as substrings ("YourTokenHere"); the others must be whole words ("enter-token-here"
# is a placeholder, "Enterprise2024" may be a real password).
_PLACEHOLDER_SUBSTRINGS = re.compile(
    r"your|placeholder|changeme|change[_\-.]?me|redacted|example|dummy|notreal"
    r"|not[_\-.]?a[_\-.]?real",
    re.IGNORECASE,
)
_PLACEHOLDER_WORDS = frozenset(
    {
        "here",
        "insert",
        "enter",
        "replace",
        "paste",
        "put",
        "todo",
        "tbd",
        "tbc",
        "fixme",
        "fake",
        "test",
        "demo",
        "sample",
        "none",
        "null",
        "nil",
        "undefined",
        "foo",
        "bar",
        "baz",
        "foobar",
        "xyz",
        "abc",
    }
)
# Whole values that are the NAME of a secret, not a secret (`user:password@`, `token=token`).
_PLACEHOLDER_VALUES = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "pwd",
        "secret",
        "token",
        "apikey",
        "key",
        "user",
        "username",
        "pat",
        "accesstoken",
        "authtoken",
        "mytoken",
        "mypassword",
        "mysecret",
        "mykey",
        "myapikey",
        "xoauthbasic",
        "oauth2",
        "bearer",
        "none",
        "null",
        "true",
        "false",
        "empty",
        "unset",
        "redacted",
        "hidden",
        "masked",
        "secretvalue",
    }
)


def has_placeholder_marker(value: str) -> bool:
    """True when `value` is obviously not a real secret: empty, or a placeholder marker anywhere
    in it — a variable reference, filler, an instruction or example word ("ENTER HF ACCESS TOKEN
    HERE", "your-token-here"), or a secret's name where its value goes ("password", `HF_TOKEN`).

    Used for URL parts (`user:password@`, `token=${TOKEN}`) and by `randomness.is_random_token`.
    """
    stripped = value.strip().strip("\"'`")
    if not stripped:
        return True
    if _TEMPLATED.search(stripped) or _FILLER.search(stripped):
        return True
    if len(set(stripped)) == 1:
        return True
    folded = re.sub(r"[^a-z0-9]", "", stripped.lower())
    if folded in _PLACEHOLDER_VALUES:
        return True
    if _PLACEHOLDER_SUBSTRINGS.search(stripped):
        return True
    words = {w.lower() for w in re.split(r"[^A-Za-z0-9]+", stripped) if w}
    if words & _PLACEHOLDER_WORDS:
        return True
    # An identifier that NAMES a secret (HF_TOKEN, github_token) written where the value goes.
    return bool(re.fullmatch(r"[A-Za-z_]+", stripped)) and is_secret_like_name(stripped)
