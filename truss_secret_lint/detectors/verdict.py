"""One verdict for "is this value a credential, and why?", shared by the config and code rules.

Inside a `secrets:` block every non-placeholder value is suspect, so random-looking values count;
elsewhere only specific detector shapes, or a random-looking value under a secret-like name, do —
git SHAs, image digests and base64 example inputs must not be reported.

A `Verdict` is what a rule reports (the detector's kind and the offending part); the detectors
below it answer in `CredentialMatch`es (`match.py`), offsets into the scanned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from truss_secret_lint.detectors import (
    find_credentials,
    find_url_credentials,
    is_random_looking,
    is_secret_like_name,
)
from truss_secret_lint.detectors.placeholders import looks_like_placeholder_text
from truss_secret_lint.redact import Message, Name, Value, render


@dataclass(frozen=True)
class Verdict:
    """Why a value looks like a credential: the detector's kind (a constant of the detector,
    never text of the file), the offending part, and for a random-looking value the key that
    holds it."""

    kind: str
    secret_part: str
    key: str | None = None

    def describe(self) -> Message:
        """`Hugging Face token, hf_a… (37 chars)`: never more than 4 characters of the value."""
        if self.key is not None:
            return render(
                "random-looking value of `{key}`, {part}",
                key=Name(self.key),
                part=Value(self.secret_part),
            )
        return render("{kind}, {part}", kind=Message(self.kind), part=Value(self.secret_part))


def specific_credential(value: str) -> Verdict | None:
    """A detector shape anywhere in `value` (not inside a URL's credentials: see url_credential)."""
    url_ranges = [(m.start, m.end) for m in find_url_credentials(value)]
    for match in find_credentials(value):
        if any(start <= match.start < end for start, end in url_ranges):
            continue
        return Verdict(match.kind, value[match.start : match.end])
    return None


def url_credential(value: str) -> Verdict | None:
    """Credentials embedded in a URL in `value`."""
    for match in find_url_credentials(value):
        return Verdict(match.kind, value[match.start : match.end])
    return None


def secret_default_verdict(value: str) -> Verdict | None:
    """For a value under `secrets:`: any detector, a URL credential, or a random-looking token."""
    verdict = specific_credential(value) or url_credential(value)
    if verdict is None and not looks_like_placeholder_text(value) and is_random_looking(value):
        verdict = Verdict("random-looking token", value)
    return verdict


@lru_cache(maxsize=2048)
def named_value_verdict(name: str | None, value: str) -> Verdict | None:
    """For a value outside `secrets:`: a detector shape, or a token under a secret-like name.
    (Memoised: the facts cache asks about each code literal just before TSL304 does.)"""
    verdict = specific_credential(value)
    if (
        verdict is None
        and name is not None
        and is_secret_like_name(name)
        and not looks_like_placeholder_text(value)
        and is_random_looking(value)
    ):
        verdict = Verdict("random-looking value", value, key=name)
    return verdict


# `name = value` / `name: value` in free text; starts only at a token start, so linear time.
_ASSIGNED = re.compile(r"""(?<![\w.\-])([A-Za-z_][\w.\-]*)["']?\s*[:=]\s*["']?([^\s"',;]+)""")


def free_text_verdict(text: str) -> Verdict | None:
    """For a comment: a detector shape, a URL credential, or a random-looking value assigned to a
    secret-like name inside it (`# HF_TOKEN=...`, `# api_key: ...`)."""
    verdict = specific_credential(text) or url_credential(text)
    if verdict is not None:
        return verdict
    for match in _ASSIGNED.finditer(text):
        verdict = named_value_verdict(match.group(1), match.group(2))
        if verdict is not None:
            return verdict
    return None
