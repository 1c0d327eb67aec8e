"""Does a value without a known credential shape look generated? Entropy, words, sequences.

The shape detectors (`find_credentials`) only recognise credentials that announce themselves
(`hf_…`, `AKIA…`). Rules that look at a secret's default value or a secret-named variable
also ask "does this value look generated?" (`is_random_token`; the package exports
`is_random_looking`, which also judges URLs: see `urls.py`). The measures here are pure
functions over a string, cheap enough to call on every config value, and tuned for precision:
a false alarm on a model id or a placeholder teaches users to ignore the linter.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter

from truss_secret_lint.detectors.names import identifier_subwords
from truss_secret_lint.detectors.placeholders import has_placeholder_marker, is_example_uuid

__all__ = [
    "MIN_RANDOM_LENGTH",
    "alphabet_size",
    "char_classes",
    "contains_sequence",
    "could_be_token",
    "is_random_token",
    "is_wordy",
    "shannon_entropy",
]

# --------------------------------------------------------------------------------------------
# Small measures
# --------------------------------------------------------------------------------------------


def shannon_entropy(value: str) -> float:
    """Shannon entropy of the characters of `value`, in bits per character."""
    if not value:
        return 0.0
    length = len(value)
    return -sum(n / length * math.log2(n / length) for n in Counter(value).values())


def char_classes(value: str) -> int:
    """How many of the classes lowercase letter, uppercase letter and digit occur in `value`."""
    return (
        any(map(str.islower, value)) + any(map(str.isupper, value)) + any(map(str.isdigit, value))
    )


# --------------------------------------------------------------------------------------------
# Random-looking values
# --------------------------------------------------------------------------------------------

MIN_RANDOM_LENGTH = 16
_MIN_RANDOM_PART = 12
_MAX_STRUCTURED_LENGTH = 256
# A longer alphanumeric run is judged by its first 4 KiB (real tokens are far shorter): the
# word and entropy measures cost a few microseconds per character, and a hostile value is 2 MiB.
_MAX_PIECE_JUDGED = 4096
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Base64 of common media files (example inputs in model_metadata): PNG, JPEG, GIF, WebP/WAV
# (RIFF), MP3 (ID3), Ogg, FLAC, PDF. Data, not tokens.
_MEDIA_BASE64 = re.compile(
    r"data:[\w/+.-]+;base64,|iVBORw0KGg|/9j/|R0lGOD|UklGR|SUQz|T2dnUw|ZkxhQ|JVBERi0"
)
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "zyxwvutsrqponmlkjihgfedcba",
    "0123456789012345678901234567890",
    "9876543210987654321098765432109",
    "qwertyuiopasdfghjklzxcvbnm",
)
_SEQUENCE_RUN = 6
_SEQUENCE_WINDOWS = frozenset(
    seq[i : i + _SEQUENCE_RUN] for seq in _SEQUENCES for i in range(len(seq) - _SEQUENCE_RUN + 1)
)
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")
# The 200 most frequent letter pairs of English text (after Norvig's Google-books counts):
# about 90% of the pairs inside identifier words, 30% of the pairs of random letters.
_COMMON_BIGRAMS = frozenset(
    re.findall(
        r"[a-z]{2}",
        """
    th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le
    ve co me de hi ri ro ic ne ea ra ce li ch ll be ma si om ur ca el ta la ns di fo ho pe ec
    pr no ct us ac ot il tr ly nc et ut ss so rs un lo wa ge ie wh ee wi em ad ol rt po we na
    ul ni ts mo ow pa im mi ai sh ir su id os iv ia am fi ci vi pl ig tu ev ld ry mp fe bl ab
    gh ty op wo sa ay ex ke fr oo av ag if ap gr od bo sp rd do uc bu ei ov by rm ep tt oc fa
    ef cu rn sc gi da yo cr cl du ga qu ue ff ba ey ls va um pp ua up lu go ht ru ug ds lt pi
    rc rr eg au ck ew mu br bi pt ak pu ui rg ib tl ny ki rk ys
    """,
    )
)
_MIN_WORD_LETTER_SHARE = 0.6
_MIN_COMMON_PAIR_SHARE = 0.7
_MIN_MEAN_WORD_LENGTH = 3
_MIN_ENTROPY_RATIO = 0.6


@functools.cache
def _sequence_windows(run: int) -> frozenset[str]:
    if run == _SEQUENCE_RUN:
        return _SEQUENCE_WINDOWS
    return frozenset(seq[i : i + run] for seq in _SEQUENCES for i in range(len(seq) - run + 1))


def contains_sequence(value: str, run: int = _SEQUENCE_RUN) -> bool:
    """A keyboard or alphabet run of `run` (6) or more characters ("abcdef", "123456",
    "qwerty")."""
    folded = value.lower()
    windows = _sequence_windows(run)
    return any(folded[i : i + run] in windows for i in range(len(folded) - run + 1))


def alphabet_size(piece: str) -> int:
    """16 for hex, else 26/52/62 by the letter cases and digits `piece` uses."""
    if re.fullmatch(r"[0-9a-f]+|[0-9A-F]+", piece):
        return 16
    return (
        26 * any(map(str.islower, piece))
        + 26 * any(map(str.isupper, piece))
        + 10 * any(map(str.isdigit, piece))
    )


def is_wordy(piece: str) -> bool:
    """`piece` reads like words ("Instruct", "cu122torch2", "ModelClassName"), not random.

    Mostly letters, in subwords of 3+ letters on average (random mixed case breaks into
    1-2 letter humps), whose letter pairs are mostly common English pairs.
    """
    letters = sum(map(str.isalpha, piece))
    if letters < _MIN_WORD_LETTER_SHARE * len(piece):
        return False
    subwords = [sub for sub in identifier_subwords(piece) if sub.isalpha()]
    if letters < _MIN_MEAN_WORD_LENGTH * len(subwords):  # short humps: random mixed case
        return False
    pairs = [sub[i : i + 2].lower() for sub in subwords for i in range(len(sub) - 1)]
    common = sum(pair in _COMMON_BIGRAMS for pair in pairs)
    return len(pairs) >= 3 and common >= _MIN_COMMON_PAIR_SHARE * len(pairs)


def _is_random_piece(piece: str) -> bool:
    """An alphanumeric run that looks generated: mixed classes, not words, near-max entropy."""
    if len(piece) < 6 or char_classes(piece) < 2 or is_wordy(piece):
        return False
    best = math.log2(min(len(piece), alphabet_size(piece)))
    return shannon_entropy(piece) >= _MIN_ENTROPY_RATIO * best


def _is_plain_segment(segment: str) -> bool:
    """A path segment made of words, numbers and short labels (`models--meta-llama--hf`)."""
    return sum(c.isalpha() for c in segment) >= 2 and all(
        len(piece) <= 3 or char_classes(piece) == 1 or is_wordy(piece)
        for piece in _ALNUM_RUN.findall(segment)
    )


def _is_path(value: str) -> bool:
    """Most `/`- (or `\\`-) separated segments are plain: a filesystem path or a model id.

    Base64 also contains `/`, but its segments are random chunks, not words.
    """
    if "/" not in value and "\\" not in value:
        return False
    segments = [s for s in re.split(r"[/\\]", value) if s]
    plain = sum(_is_plain_segment(s) for s in segments)
    return len(segments) >= 2 and plain * 2 > len(segments)


def could_be_token(value: str) -> bool:
    """At least MIN_RANDOM_LENGTH characters and no whitespace: what any generated token has."""
    return len(value) >= MIN_RANDOM_LENGTH and not any(c.isspace() for c in value)


def is_random_token(value: str) -> bool:
    """True for a value that looks like a generated token (for a value that is not a URL:
    `urls.is_random_looking` judges a URL by the credentials it carries, then calls this).

    Generated means: at least 16 characters, no whitespace, and at least 16 characters (or,
    for a url-safe token that `-`/`_` split into short runs, most of them) in alphanumeric runs
    that mix character classes, are not made of words (common English letter pairs, 3+ letter
    subwords), and have Shannon entropy near the maximum their length and alphabet allow. Git
    commit SHAs and sha256 digests ARE random-looking; callers decide by context where that
    matters. Calibrated on generated tokens: about 99.5% of 20+ character tokens pass.

    False for prose, placeholders, identifiers (`hf_access_token`, `MyModelClass`), model ids
    and paths, base64-encoded media, all-zero/example UUIDs, and keyboard/alphabet runs.
    """
    if not could_be_token(value):
        return False
    if _UUID.fullmatch(value):
        hex_digits = value.replace("-", "").lower()
        return not (
            is_example_uuid(value)
            or shannon_entropy(hex_digits) < 3.0
            or contains_sequence(hex_digits)
        )
    if _MEDIA_BASE64.match(value):
        return False
    # Placeholders, keyboard runs and paths are short; a long value (a JWT, a base64 service
    # account key) is judged by its pieces alone, which keeps this linear and fast.
    if len(value) <= _MAX_STRUCTURED_LENGTH and (
        has_placeholder_marker(value) or contains_sequence(value) or _is_path(value)
    ):
        return False
    pieces = _ALNUM_RUN.findall(value)
    random_chars = 0
    for piece in pieces:
        if _is_random_piece(piece[:_MAX_PIECE_JUDGED]):
            random_chars += len(piece)
            if random_chars >= MIN_RANDOM_LENGTH:
                return True
    # Most of a url-safe token that `-`/`_` broke into short pieces.
    return random_chars >= _MIN_RANDOM_PART and 2 * random_chars >= sum(map(len, pieces))
