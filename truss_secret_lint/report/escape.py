"""Make text from the checked tree safe to print on a line of its own.

File and directory names, YAML keys and parser messages come from the checked tree (SECURITY.md):
a name holding a newline or a carriage return could add a forged finding line to `text`,
`pylint` or `github` output, and terminal escape sequences (ESC `[…`) could rewrite what the
reader sees. Every character that is not printable — C0 and C1 controls, DEL, line and paragraph
separators, bidirectional and other format controls — is shown escaped, as git and Python do:
`\\n`, `\\r`, `\\t`, `\\x1b`, `\\u2028`. A byte of a file name that is not UTF-8 (held as a lone
surrogate by Python) is shown as `\\xNN`. Printable text, non-ASCII letters included, is unchanged;
a backslash is left as it is, so Windows paths still read as paths.

The escaping itself is `redact.printable`, the one the decide stage applies to every message:
formatters and the decide stage cannot escape differently.
"""

from __future__ import annotations

from truss_secret_lint.redact import printable

__all__ = ["printable"]
