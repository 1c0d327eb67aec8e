"""The one place that decides how text from a checked file is shown.

The rule (SPEC §6): text that comes from a VALUE position of a checked file — a secret's
default, any other scalar, an alias or tag name, a parser's quote of a line, a context line of
`--diff` — is shown only redacted (its first 4 characters and its length). A secret NAME (a
mapping key, a key read by code) is shown verbatim only when it is a plausible name: the
portable-name pattern `[-._a-zA-Z0-9]+`, at most 253 characters, not random-looking and not a
credential shape; anything else (`db_password:hunter2` read as one key, a token used as a key)
is redacted too.

Messages are built only by `render`, which takes the text of a checked file only through the
typed wrappers `Name` and `Value` and shows each with `show`. A rule cannot interpolate a raw
string into a message without naming what it is: `Diagnostic` messages are `Message`s, and
`Rule.diagnostic` accepts nothing else (mypy checks it). The decide stage still scrubs every
message for credential shapes as a second line of defence.

Two more jobs complete it: `printable` escapes characters that are not printable, so no text can
forge an output line or drive a terminal, and `scrub_text` replaces every credential shape in
free text (a message, a diff, a log line) by its redacted form; `error_detail` combines them for
an internal error's message.
"""

from __future__ import annotations

import builtins
import functools
import keyword
import re
from typing import Final

PORTABLE_NAME: Final = re.compile(r"[-._a-zA-Z0-9]+")
MAX_NAME_LENGTH: Final = 253


class Name(str):
    """A name from a checked file (a secret name, a mapping key, a path of keys): shown
    verbatim when plausible, else redacted."""

    __slots__ = ()


class Value(str):
    """Text from a value position of a checked file: always shown redacted."""

    __slots__ = ()


class Message(str):
    """Text that is safe to print: built by `render`, or a constant of the program itself
    (a detector's kind, a rule's fixed wording) wrapped explicitly."""

    __slots__ = ()


Part = Name | Value | Message | int


def redact(value: str) -> str:
    """`hf_abcdef…` → `hf_a… (37 chars)`; short values show fewer characters."""
    shown = 4 if len(value) >= 16 else min(2, len(value) // 4)
    return f"{value[:shown]}… ({len(value)} chars)"


@functools.lru_cache(maxsize=4096)
def is_plausible_name(text: str) -> bool:
    """A name that can be shown as it is: portable characters, at most 253 of them, not
    random-looking and not shaped like a credential."""
    if len(text) > MAX_NAME_LENGTH or not PORTABLE_NAME.fullmatch(text):
        return False
    from truss_secret_lint.detectors import find_credentials, is_random_looking

    return not is_random_looking(text) and not find_credentials(text)


def show(part: Part) -> str:
    """How one part of a message is printed (see the module docstring)."""
    if isinstance(part, Value):
        return redact(part)
    if isinstance(part, Name):
        return str(part) if is_plausible_name(part) else redact(part)
    if isinstance(part, int):
        return str(part)
    if isinstance(part, Message):
        return str(part)
    raise TypeError(f"a message part must be Name, Value, Message or int, not {type(part)}")


def show_path(parts: tuple[str | int, ...]) -> str:
    """A key path (`environment_variables.HF_TOKEN`, `model_cache.0.repo_id`,
    `model_cache[].runtime_secret_name`) with each key shown as a `Name`; `[]` after a key is
    the tool's notation for any item of a list, never judged as part of the name."""
    return ".".join(str(p) if isinstance(p, int) else _show_key(p) for p in parts)


def _show_key(key: str) -> str:
    name, brackets = (key[:-2], "[]") if key.endswith("[]") else (key, "")
    return show(Name(name)) + brackets


def render(template: str, **parts: Part) -> Message:
    """Fill `template` (a constant with `{field}`s) with parts, each shown by `show`."""
    return Message(template.format(**{key: show(part) for key, part in parts.items()}))


_YAML_TAGS: Final = frozenset(
    {"str", "int", "float", "bool", "null", "binary", "timestamp", "map", "seq", "set", "omap",
     "pairs", "merge", "value"}
)  # fmt: skip


def tag_part(tag: str) -> Part:
    """A YAML tag for a message: a standard short tag (`int`, `map`) as it is, any other
    (`!custom`, `!hunter2`) as text of the file, redacted."""
    return Message(tag) if tag in _YAML_TAGS else Value(tag)


def show_secret(name: str | None) -> str | None:
    """The `secret` field of a finding (JSON `secret`, the baseline): the name when plausible,
    else its redacted form."""
    return None if name is None else show(Name(name))


# --------------------------------------------------------------------------------------------
# Lines of a checked file (`--diff` context) and free text (parser and internal errors)
# --------------------------------------------------------------------------------------------

# One YAML/INI-ish token: a quoted string, a flow indicator, a comment, or a run of plain text.
_LINE_TOKEN: Final = re.compile(
    r"""(?P<space>\s+)
      | (?P<comment>\#.*)
      | (?P<quoted>'(?:[^']|'')*'?|"(?:[^"\\]|\\.)*"?)
      | (?P<indicator>[{}\[\],]|-(?=\s|$)|:(?=\s|$|[,\]}])|[=|>](?=\s|$))
      | (?P<plain>(?:[^\s#{}\[\],:"'=]|:(?!\s|$|[,\]}])|\#)+)
    """,
    re.VERBOSE,
)
_SHOWN_WORDS: Final = frozenset(
    {"null", "Null", "NULL", "~", "{}", "[]", '""', "''", "true", "false", "True", "False"}
)
_NOQA_COMMENT: Final = re.compile(
    r"#\s*noqa(?::\s*[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)?\s*$", re.IGNORECASE
)


def redact_line(line: str) -> str:
    """A line of a checked file with every value redacted: keys that are plausible names,
    indentation, indicators (`- : { } [ ] , =`) and `null`/`true`/`false` stay; every other
    scalar and every comment (but a bare `# noqa[: CODES]`) is shown as `show(Value(...))`."""
    out: list[str] = []
    position = 0
    while position < len(line):
        match = _LINE_TOKEN.match(line, position)
        if match is None:  # cannot happen (every character is some token); be safe anyway
            out.append(redact(line[position:]))
            break
        text = match.group()
        kind = match.lastgroup
        position = match.end()
        if kind in ("space", "indicator"):
            out.append(text)
        elif kind == "comment":
            out.append(text if _NOQA_COMMENT.fullmatch(text) else "# " + redact(text[1:].strip()))
        elif text in _SHOWN_WORDS or _is_plain_key(line, position, text):
            out.append(text)
        else:
            out.append(redact(text))
    return "".join(out)


def _is_plain_key(line: str, end: int, text: str) -> bool:
    """A key (followed by `:` or `=`) that is a plausible name."""
    return _is_key(line, end) and is_plausible_name(_unquoted(text))


_KEY_INDICATOR: Final = re.compile(r"[ \t]*[:=](?:[ \t,\]}=]|$)")


def _is_key(line: str, end: int) -> bool:
    """Whether the token ending at `end` is followed by a key indicator (`:` or `=`)."""
    return _KEY_INDICATOR.match(line, end) is not None


def _unquoted(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def redacted_diff(path: str, old: str, new: str) -> str:
    """The unified diff of a file's old and new text as `--diff` prints it: computed on the
    real lines, each shown line (context, removed, added) passed through `redact_line`."""
    import difflib

    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        f"a/{printable(path)}",
        f"b/{printable(path)}",
        lineterm="\n",
    )
    shown: list[str] = []
    for index, line in enumerate(lines):
        if index < 2 or line.startswith("@@"):
            shown.append(line if line.endswith("\n") else line + "\n")
        else:
            shown.append(line[:1] + redact_line(line[1:].rstrip("\r\n")) + "\n")
    return "".join(shown)


def redact_text(text: str) -> str:
    """Free text that may quote a checked file (a parser's message, an internal error's): quoted
    parts are redacted (but a single character, `'\\t'`, or a token name like `'<scalar>'`),
    and so is every word that is not ordinary prose (letters only, at most 12; small numbers)."""
    return "".join(_redact_free_token(m) for m in _FREE_TOKEN.finditer(text))


_FREE_TOKEN: Final = re.compile(r"""'[^'\n]*'|"[^"\n]*"|<[a-z ]{1,24}>[.,;:]*|\s+|[^\s'"]+|['"]""")
_PROSE_WORD: Final = re.compile(r"\(?(?:[A-Za-z]{1,12}|[0-9]{1,3})[^\w\s]{0,6}|[^\w\s'\"]{1,3}")
_TOKEN_NAME: Final = re.compile(r"<[a-z ]{1,24}>")
_PYTHON_WORDS: Final = frozenset(keyword.kwlist) | frozenset(dir(builtins))
"""Python's keywords and builtins, which CPython's messages quote (`call to 'print'`)."""


def _redact_free_token(match: re.Match[str]) -> str:
    token = match.group()
    if token.isspace() or _PROSE_WORD.fullmatch(token) or token in ("'", '"'):
        return token
    if _TOKEN_NAME.fullmatch(token.rstrip(".,;:")):
        return token
    if token[0] in "'\"" and len(token) >= 2:
        inner = token[1:-1]
        if len(inner) <= 2 or _TOKEN_NAME.fullmatch(inner) or inner in _PYTHON_WORDS:
            return token
        return token[0] + redact(inner) + token[-1]
    return redact(token)


# --------------------------------------------------------------------------------------------
# Characters that are not printable, credential shapes in free text, internal errors
# --------------------------------------------------------------------------------------------

_SURROGATE_ESCAPES: Final = range(0xDC80, 0xDD00)  # os.fsdecode's stand-ins for undecodable bytes


def printable(text: str) -> str:
    """`text` with every character that is not printable escaped, as git and Python show them
    (`\\n`, `\\r`, `\\x1b`, `\\u2028`, a byte of a file name that is not UTF-8 as `\\xNN`), so
    that no text from the checked tree can forge an output line or drive a terminal. Printable
    text, non-ASCII letters included, is unchanged; a backslash is left as it is."""
    if text.isprintable():
        return text
    return "".join(_escaped(character) for character in text)


def _escaped(character: str) -> str:
    if character.isprintable():
        return character
    code = ord(character)
    if code in _SURROGATE_ESCAPES:
        return f"\\x{code - 0xDC00:02x}"
    return ascii(character)[1:-1]


def scrub_text(text: str) -> str:
    """Replace every detector match in `text` by its redacted form."""
    from truss_secret_lint.detectors import find_credentials, find_url_credentials

    matches = sorted(
        [(m.start, m.end) for m in find_credentials(text)]
        + [(m.start, m.end) for m in find_url_credentials(text)],
        reverse=True,
    )
    pieces: list[str] = []  # from the end, joined once: linear in the text and the matches
    last_start = len(text)
    for start, end in matches:
        if end > last_start:
            continue
        pieces += (text[end:last_start], redact(text[start:end]))
        last_start = start
    pieces.append(text[:last_start])
    return "".join(reversed(pieces))


def error_detail(error: BaseException) -> str:
    """One line describing an internal error. Its message may quote a checked file (a parser's
    or a detector's exception), so it is shown as free text of a file (`redact_text`: quotes and
    every word that is not plain prose redacted), then scrubbed for credential shapes; only the
    type is left if that fails too (a detector may be what failed)."""
    lines = str(error).strip().splitlines()
    try:
        return printable(scrub_text(redact_text(lines[0])))[:200] if lines else ""
    except Exception:
        return ""


def debug_traceback(error: BaseException) -> str:
    """The traceback `TSL_DEBUG=1` prints: every frame of the exception and of its causes, with
    each exception's message shown as `error_detail` shows it (the frames are the linter's own
    code, never the checked files')."""
    import traceback

    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    parts: list[str] = []
    for index, link in enumerate(reversed(chain)):
        if index:
            parts.append("\nThe above exception led to the following exception:\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_list(traceback.extract_tb(link.__traceback__)))
        detail = error_detail(link)
        parts.append(f"{type(link).__name__}{': ' + detail if detail else ''}\n")
    return "".join(parts)
