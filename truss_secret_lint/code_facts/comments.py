"""The comments of a Python module that may hold a credential: committed text too.

Tokenizing a whole module is slow in pure Python (about a fifth of a libcst parse), and almost no
comment holds a credential, so a cheap pass first: every `#`-to-end-of-line stretch (some of them
inside strings) is a candidate, and only when a candidate holds what the credential rules would
report (`detectors.verdict.free_text_verdict`, whose detectors return at once on ordinary text)
is the module tokenized, to keep exactly the comments. Judging them stays the rules' job.
"""

from __future__ import annotations

import io
import re
import tokenize

from truss_secret_lint.code_facts.facts import Comment
from truss_secret_lint.diagnostic import Span

_CANDIDATE = re.compile(r"#[^\r\n]*")
_WORTH_A_LOOK = re.compile(r"[A-Za-z0-9_\-+/=.]{16}|://|[:=]\s*\S{8}")


def suspicious_comments(text: str) -> tuple[Comment, ...]:
    """The comments of `text` worth checking for credentials, in source order."""
    if "#" not in text:
        return ()
    from truss_secret_lint.detectors.verdict import free_text_verdict

    suspicious = {
        candidate
        for match in _CANDIDATE.finditer(text)
        if _WORTH_A_LOOK.search(candidate := match.group()) and free_text_verdict(candidate)
    }
    if not suspicious:
        return ()
    found = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text, newline=None).readline):
            if token.type == tokenize.COMMENT and token.string in suspicious:
                line, column = token.start
                end = column + len(token.string)
                found.append(Comment(token.string, Span(line, column + 1, line, end + 1)))
    except (tokenize.TokenError, SyntaxError, ValueError):
        return tuple(found)
    return tuple(found)
