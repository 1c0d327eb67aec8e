"""Make text from the checked tree safe to print on a line of its own.

File and directory names, YAML keys and parser messages come from the checked tree (SECURITY.md):
a name holding a newline or a carriage return could add a forged finding line to `text`,
`pylint` or `github` output, and terminal escape sequences (ESC `[…`) could rewrite what the
reader sees. Every character that is not printable — C0 and C1 controls, DEL, line and paragraph
separators, bidirectional and other format controls — is shown escaped, as git and Python do:
`\\n`, `\\r`, `\\t`, `\\x1b`, `\\u2028`. A byte of a file name that is not UTF-8 (held as a lone
surrogate by Python) is shown as `\\xNN`. Printable text, non-ASCII letters included, is unchanged;
a backslash is left as it is, so Windows paths still read as paths.

CI logs read commands out of printable text too: GitHub Actions runs a line that starts with
`::` (after blanks) as a workflow command, and `##[command]` and Azure Pipelines' `##vso[…]`
anywhere in a line (`add-mask`, `set-output`, `remove-matcher`, `stop-commands`, forged
annotations). So `printable` also writes a leading `::` as `\\x3a:` and the `[` of `##[` /
`##vso[` as `\\x5b`. Formats whose encoder can say the same character another way do so without
changing the value (`log_safe_json`).

The character escaping itself is `redact.printable`, the one the decide stage applies to every
message; this module adds what only a terminal or a CI log needs.
"""

from __future__ import annotations

import re

from truss_secret_lint.redact import printable as printable_characters

_LOG_COMMAND_BRACKET = re.compile(r"(##(?:vso)?)\[", re.IGNORECASE)
_LEADING_COMMAND = re.compile(r"( *):(?=:)")


def printable(text: str) -> str:
    """`text` with every non-printable character escaped (`redact.printable`), and no CI log
    command in it; other printable text unchanged."""
    text = printable_characters(text)
    if "##" in text:
        text = _LOG_COMMAND_BRACKET.sub(r"\1\\x5b", text)
    if text.lstrip(" ").startswith("::"):
        text = _LEADING_COMMAND.sub(r"\1\\x3a", text, count=1)
    return text


def log_safe_json(document: str) -> str:
    """A JSON document (from `json.dumps`) with the `[` of `##[` / `##vso[` written `\\u005b`:
    it decodes to the same values, and no line of it is a CI log command (a JSON line never
    starts with `::`). `#` only occurs inside JSON strings, never just after a backslash."""
    if "##" not in document:
        return document
    return _LOG_COMMAND_BRACKET.sub(r"\1\\u005b", document)
