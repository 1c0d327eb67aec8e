"""One placeholder and plausibility policy for every credential detector, ours and detect-secrets'.

A detector's regex says that a string has a credential's SHAPE. Documentation, tests, templates
and rule fixtures are full of strings with the shape and none of the randomness: AWS's own
documentation key `AKIAIOSFODNN7EXAMPLE`, `AKIAXXXXXXXXXXXXXXXX`, Slack's `xoxb-12345-abcd234`
and `xoxb-…-YourTokenHere`, `AIzaaaaaaaa…`, `hf_` followed by a camelCase identifier, a
`-----BEGIN PRIVATE KEY-----` line in code that parses keys. Every match of every detector
passes `is_plausible_credential` (the adapter applies it; our plugins' `is_plausible`, which
`detect-secrets scan --plugin` uses too, starts from it). A secret is plausible when its random
part — the secret without its lowercase labels (`hf_`, `xoxb-`, `sk_test_`, `npm_`):

1. holds at least MIN_RANDOM_CHARS letters and digits (`xoxb-12345-abcd234` has 7);
2. carries no placeholder marker: filler (`XXXX`, `xxxx`, `***`, `...`, one character six times
   in a row, an eight-character alphabet, digit or keyboard run such as `abcdefgh`,
   `12345678`, `qwertyui`) or an instruction or example word (`example`, `your`, `here`,
   `placeholder`, `dummy`, `sample`, `fake`, `redacted`, `changeme`, `insert`, `replace`,
   `notreal`);
3. is not made of words (a camelCase or snake_case identifier: `randomness.is_wordy`);
4. has Shannon entropy near the maximum its length and alphabet allow (`AIzaaaa…` has almost
   none), the test `randomness.is_random_token` uses for its pieces.

A private key must have a body: at least MIN_KEY_BODY base64 characters after its header.

These are properties of generated tokens, not of a vendor's format, so they hold for every
detector: a real credential fails them with negligible probability (a six-character filler
run in 40 random base62 characters: about 1 in 20 million). Checks that belong to one format
(Anthropic's `AA` suffix) stay in that detector. Long secrets are judged by their first
MAX_JUDGED characters, which keeps this linear in hostile text.
"""

from __future__ import annotations

import math
import re

from truss_secret_lint.detectors.randomness import (
    alphabet_size,
    contains_sequence,
    is_wordy,
    shannon_entropy,
)

__all__ = ["MIN_RANDOM_CHARS", "is_plausible_credential", "random_part"]

MIN_RANDOM_CHARS = 16
MIN_KEY_BODY = 64
MAX_JUDGED = 4096
_MIN_ENTROPY_RATIO = 0.6
_SEQUENCE_RUN = 8

# "hf_", "sk-proj-", "xoxb-", "sk_test_", "github_pat_": lowercase labels ending in `_` or `-`.
_LABELS = re.compile(r"(?:[a-z0-9]{1,8}[_-]){1,3}")
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")
_MARKER = re.compile(
    r"xxxx|\*\*\*|\.\.\.|(.)\1{5}"
    r"|example|your|here|placeholder|dummy|sample|fake|redacted|change_?me|insert|replace"
    r"|not_?real",
    re.IGNORECASE,
)
_KEY_HEADER = re.compile(r"-*BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-*")
_KEY_BODY_CHAR = re.compile(r"[A-Za-z0-9+/]")


def random_part(secret: str) -> str:
    """The part of a secret a generator made: without its leading lowercase labels."""
    labels = _LABELS.match(secret)
    return secret[labels.end() :] if labels else secret


def _has_key_body(secret: str) -> bool:
    header = _KEY_HEADER.match(secret)
    if header is None:  # PuTTY's key file: its span ends at the Private-MAC line
        return "Private-MAC" in secret
    body = secret[header.end() : header.end() + MAX_JUDGED].split("-----END", 1)[0]
    return len(_KEY_BODY_CHAR.findall(body)) >= MIN_KEY_BODY


def _is_high_entropy(chars: str) -> bool:
    best = math.log2(min(len(chars), alphabet_size(chars)))
    return shannon_entropy(chars) >= _MIN_ENTROPY_RATIO * best


def _is_made_of_words(pieces: list[str]) -> bool:
    worded = sum(len(piece) for piece in pieces if is_wordy(piece))
    return 2 * worded >= sum(map(len, pieces))


def is_plausible_credential(secret: str) -> bool:
    """Whether a detector's match looks generated rather than written (see the module doc)."""
    if "PRIVATE KEY" in secret[:64] or secret.startswith("PuTTY"):
        return _has_key_body(secret)
    body = random_part(secret)[:MAX_JUDGED]
    pieces = _ALNUM_RUN.findall(body)
    chars = "".join(pieces)
    return (  # cheapest first
        len(chars) >= MIN_RANDOM_CHARS
        and _MARKER.search(body) is None
        and _is_high_entropy(chars)
        and not contains_sequence(chars, _SEQUENCE_RUN)
        and not _is_made_of_words(pieces)
    )
