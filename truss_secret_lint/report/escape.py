"""Make text from the checked tree safe to print on a line of its own.

File and directory names, YAML keys and parser messages come from the checked tree (SECURITY.md):
a name holding a newline or a carriage return could add a forged finding line to `text`,
`pylint` or `github` output, and terminal escape sequences (ESC `[…`) could rewrite what the
reader sees. Every character that is not printable — C0 and C1 controls, DEL, line and paragraph
separators, bidirectional and other format controls — is shown escaped, as git and Python do:
`\\n`, `\\r`, `\\t`, `\\x1b`, `\\u2028`. A byte of a file name that is not UTF-8 (held as a lone
surrogate by Python) is shown as `\\xNN`. Printable text, non-ASCII letters included, is unchanged;
a backslash is left as it is, so Windows paths still read as paths.
"""

from __future__ import annotations

_SURROGATE_ESCAPES = range(0xDC80, 0xDD00)  # os.fsdecode's stand-ins for undecodable bytes


def printable(text: str) -> str:
    """`text` with every non-printable character escaped; printable text unchanged."""
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
