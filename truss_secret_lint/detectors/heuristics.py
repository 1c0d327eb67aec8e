"""Judging a value or a name without a known credential shape: entropy, placeholders, names.

The shape detectors (`find_credentials`) only recognise credentials that announce themselves
(`hf_…`, `AKIA…`). Rules that look at a secret's default value or a secret-named variable
need two more questions answered: "does this value look generated?" and "does this name
suggest it holds a secret?". Both are pure functions over a string, cheap enough to call on
every config value, and tuned for precision: a false alarm on a model id or a placeholder
teaches users to ignore the linter.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter

__all__ = [
    "alphabet_size",
    "char_classes",
    "contains_sequence",
    "is_placeholder",
    "is_random_looking",
    "is_secret_like_name",
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


# Subwords of an identifier: camelCase humps, ACRONYMS, lowercase runs and digit runs.
_SUBWORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def _subwords(value: str) -> list[str]:
    return _SUBWORD.findall(value)


# --------------------------------------------------------------------------------------------
# Placeholders
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


def is_placeholder(value: str) -> bool:
    """True when `value` is obviously not a real secret: empty, a variable reference, filler,
    an instruction ("ENTER HF ACCESS TOKEN HERE", "your-token-here"), or the word "password".

    Used for URL parts (`user:password@`, `token=${TOKEN}`) and by `is_random_looking`.
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


# --------------------------------------------------------------------------------------------
# Random-looking values
# --------------------------------------------------------------------------------------------

_MIN_RANDOM_LENGTH = 16
_MIN_RANDOM_PART = 12
_MAX_STRUCTURED_LENGTH = 256
# A longer alphanumeric run is judged by its first 4 KiB (real tokens are far shorter): the
# word and entropy measures cost a few microseconds per character, and a hostile value is 2 MiB.
_MAX_PIECE_JUDGED = 4096
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Textbook UUIDs from RFC 9562 / Wikipedia / the Python docs, and other "shows the format" ones.
_EXAMPLE_UUIDS = frozenset(
    {
        "123e4567-e89b-12d3-a456-426614174000",
        "123e4567-e89b-42d3-a456-556642440000",
        "12345678-1234-5678-1234-567812345678",
        "12345678-1234-1234-1234-123456789012",
        "12345678-1234-1234-1234-123456789abc",
        "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        "a8098c1a-f86e-11da-bd1a-00112444be1e",
    }
)
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
    subwords = [sub for sub in _subwords(piece) if sub.isalpha()]
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


def is_random_looking(value: str) -> bool:
    """True for a value that looks like a generated token.

    Generated means: at least 16 characters, no whitespace, and at least 16 characters (or,
    for a url-safe token that `-`/`_` split into short runs, most of them) in alphanumeric runs
    that mix character classes, are not made of words (common English letter pairs, 3+ letter
    subwords), and have Shannon entropy near the maximum their length and alphabet allow. Git
    commit SHAs and sha256 digests ARE random-looking; callers decide by context where that
    matters. Calibrated on generated tokens: about 99.5% of 20+ character tokens pass.

    False for prose, placeholders, identifiers (`hf_access_token`, `MyModelClass`), model ids
    and paths, URLs without credentials, base64-encoded media, all-zero/example UUIDs, and
    keyboard/alphabet runs.
    """
    if len(value) < _MIN_RANDOM_LENGTH or any(c.isspace() for c in value):
        return False
    if "://" in value:
        from truss_secret_lint.detectors.urls import find_url_credentials

        return bool(find_url_credentials(value))
    if _UUID.fullmatch(value):
        hex_digits = value.replace("-", "").lower()
        return not (
            value.lower() in _EXAMPLE_UUIDS
            or shannon_entropy(hex_digits) < 3.0
            or contains_sequence(hex_digits)
        )
    if _MEDIA_BASE64.match(value):
        return False
    # Placeholders, keyboard runs and paths are short; a long value (a JWT, a base64 service
    # account key) is judged by its pieces alone, which keeps this linear and fast.
    if len(value) <= _MAX_STRUCTURED_LENGTH and (
        is_placeholder(value) or contains_sequence(value) or _is_path(value)
    ):
        return False
    pieces = _ALNUM_RUN.findall(value)
    random_chars = 0
    for piece in pieces:
        if _is_random_piece(piece[:_MAX_PIECE_JUDGED]):
            random_chars += len(piece)
            if random_chars >= _MIN_RANDOM_LENGTH:
                return True
    # Most of a url-safe token that `-`/`_` broke into short pieces.
    return random_chars >= _MIN_RANDOM_PART and 2 * random_chars >= sum(map(len, pieces))


# --------------------------------------------------------------------------------------------
# Secret-like names
# --------------------------------------------------------------------------------------------

# A word that, anywhere in a name, says the name holds a secret.
_SECRET_WORDS = frozenset(
    {
        "token",
        "secret",
        "secrets",
        "password",
        "passwd",
        "passphrase",
        "pwd",
        "credential",
        "credentials",
        "creds",
        "auth",
        "authorization",
        "bearer",
        "apikey",
        "apitoken",
        "accesstoken",
        "authtoken",
        "secretkey",
        "privatekey",
        "accesskey",
        "hftoken",
        "clientsecret",
        "apisecret",
        "refreshtoken",
        "sessiontoken",
    }
)
# Words that only say so as the last word: `db_pass`, `gh_pat` (but not `pass_through`).
_HEAD_ONLY_SECRET_WORDS = frozenset({"pass", "pat"})
# `<qualifier>_key` is a secret; a bare `key` (dict key, s3 key, sort key) is not.
_KEY_QUALIFIERS = frozenset(
    {
        "api",
        "access",
        "secret",
        "private",
        "signing",
        "encryption",
        "master",
        "client",
        "auth",
        "service",
        "ssh",
        "gpg",
        "pgp",
        "hmac",
        "app",
        "subscription",
        "license",
        "account",
        "storage",
        "openai",
        "anthropic",
        "claude",
        "hf",
        "huggingface",
        "hub",
        "wandb",
        "cohere",
        "groq",
        "replicate",
        "baseten",
        "google",
        "gemini",
        "mistral",
        "together",
        "pinecone",
        "nvidia",
        "ngc",
        "stripe",
        "twilio",
        "sendgrid",
        "slack",
        "github",
        "gitlab",
        "aws",
        "azure",
        "gcp",
        "deepseek",
        "fireworks",
        "perplexity",
        "xai",
        "serper",
        "tavily",
        "langchain",
        "langsmith",
        "comet",
        "neptune",
        "elevenlabs",
    }
)
# After a secret word, these make the name describe the secret (its name, path, size, ...)
# rather than hold it: `secret_name`, `token_limit`, `secret_to_path_mapping`.
_DESCRIPTIVE_WORDS = frozenset(
    {
        "name",
        "names",
        "limit",
        "limits",
        "count",
        "counts",
        "num",
        "number",
        "len",
        "length",
        "size",
        "max",
        "min",
        "type",
        "types",
        "kind",
        "prefix",
        "suffix",
        "column",
        "col",
        "mapping",
        "map",
        "path",
        "paths",
        "file",
        "files",
        "filename",
        "dir",
        "directory",
        "url",
        "uri",
        "endpoint",
        "id",
        "ids",
        "arn",
        "ref",
        "env",
        "var",
        "field",
        "format",
        "ttl",
        "expiry",
        "expires",
        "expiration",
        "enabled",
        "required",
        "method",
        "mode",
        "scheme",
        "provider",
        "strategy",
        "version",
        "location",
        "source",
        "template",
        "regex",
        "pattern",
        "policy",
        "store",
        "manager",
        "backend",
        "hint",
        "help",
        "description",
        "label",
        "index",
        "idx",
        "budget",
        "usage",
        "rate",
        "scope",
        "scopes",
        "hash",
        "digest",
        "class",
        "handler",
        "validator",
        "placeholder",
        "mount",
        "dict",
        "list",
        "keys",
        "exists",
        "set",
        "present",
        "missing",
        "timeout",
        "helper",
        "getter",
        "loader",
        "reader",
    }
)
# `<word>_token` in tokenizer configs names a vocabulary token, not a credential.
_VOCABULARY_TOKEN_QUALIFIERS = frozenset(
    {
        "pad",
        "eos",
        "bos",
        "unk",
        "cls",
        "sep",
        "mask",
        "start",
        "end",
        "stop",
        "special",
        "image",
        "audio",
        "video",
        "begin",
        "think",
        "eot",
        "eom",
        "chat",
        "system",
        "assistant",
        "tool",
        "fim",
        "prefix",
        "suffix",
        "middle",
        "vision",
        "boi",
        "eoi",
        "new",
        "next",
        "first",
        "last",
        "decoder",
        "encoder",
        "sentinel",
        "added",
        "extra",
        "reserved",
    }
)
# `<word>_tokens`/`max_token` count tokens.
_COUNT_QUALIFIERS = frozenset({"max", "min", "num", "n", "total", "input", "output"})


def _name_words(name: str) -> list[str]:
    return [w.lower() for w in _SUBWORD.findall(name)]


def _holds_secret(words: list[str], i: int) -> bool:
    """Does the word at `i` make the name a secret holder (given its neighbours)?"""
    word = words[i]
    before = words[i - 1] if i else ""
    after = words[i + 1 :]
    if word == "key":
        if before not in _KEY_QUALIFIERS:
            return False
        # aws_access_key_id is half of an AWS credential pair; other key ids are not secret.
        if after[:1] == ["id"] and before == "access":
            after = after[1:]
    elif word == "token":
        if before in _VOCABULARY_TOKEN_QUALIFIERS or before in _COUNT_QUALIFIERS:
            return False
    elif word in _HEAD_ONLY_SECRET_WORDS:
        return not after
    elif word not in _SECRET_WORDS and not word.endswith(("password", "passwd", "apikey")):
        return False
    return not any(w in _DESCRIPTIVE_WORDS for w in after)


def is_secret_like_name(name: str) -> bool:
    """True for a key or variable name that suggests it holds a secret.

    The name is split on `_ - .`, spaces and camelCase; it holds a secret when a secret word
    (token, secret, password/passwd/pwd, credential(s), auth, api_key/apikey, access_key,
    private_key, …) is not followed by a word that makes the name describe the secret instead
    (`secret_name`, `token_limit`, `secret_to_path_mapping`, `private_key_path`). Token counts
    (`max_tokens`), tokenizers and vocabulary tokens (`pad_token`) are not secrets.
    """
    words = _name_words(name)
    return any(_holds_secret(words, i) for i in range(len(words)))
