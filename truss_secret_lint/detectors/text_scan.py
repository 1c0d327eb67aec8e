"""Credentials in the TEXT of a checked file, line by line, whatever its parser says.

A file that does not parse (a YAML syntax error, a tab, nesting too deep, too many nodes;
Python 2, a syntax error, 300 implicitly concatenated strings) has no facts, so the value rules
cannot see into it — yet the credential in it is committed all the same, and a baselined
parse error must not hide a token added later. For such files (and for the never-commit
stores, whatever they hold) the rules run the credential detectors over the text instead:

- every detector shape (`detectors.find_credentials`) and every credential in a URL
  (`detectors.find_url_credentials`) on each line (when the whole text holds any: one pass
  over the text first, as lines without a shape are the rule);
- on a line with neither, a random-looking value right after a secret-like name
  (`HF_TOKEN: …`, `api_key = "…"`), as the config and code rules judge it
  (`detectors.verdict.named_value_verdict`).

The detectors run on one line at a time, through their public API only. Positions are the
real 1-based line and column of the offending text. Files the reader could not decode at all
(binary content, over the size limit) have no text and are not scanned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from truss_secret_lint.detectors.verdict import Verdict, named_value_verdict
from truss_secret_lint.diagnostic import Span
from truss_secret_lint.sources.text import SourceText

# `key: value`, `key = value`, `"key": "value"`, `- KEY=value`, `export KEY=value`: a name of
# at most 100 characters, then the value up to a quote, a space, a comment or a flow indicator.
# Anchored at the line start with bounded repetitions, so one match costs linear time.
_ASSIGNMENT = re.compile(
    r"""[ \t]*(?:-[ \t]+)?(?:export[ \t]+)?["']?(?P<key>[A-Za-z_][-.\w]{0,100})["']?[ \t]*[:=]
        [ \t]*[rbuf]{0,2}["']?(?P<value>[^\s"'#,{}\[\]]{8,})""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class TextCredential:
    """A credential found in a file's text: where, why, and the offending text (for the
    baseline digest only; never shown)."""

    span: Span
    verdict: Verdict
    text: str


def credentials_in_text(source: SourceText, first_line: int = 1) -> Iterator[TextCredential]:
    """Every credential on the lines of `source` from `first_line` on, in file order."""
    from truss_secret_lint.detectors import find_credentials, find_url_credentials

    first_line = max(first_line, 1)
    if first_line > len(source.lines):
        return
    # One pass over the whole text first: most lines of most files hold no shape at all, and
    # running the detectors once per line costs more than the rest of the scan.
    shapes_anywhere = bool(find_credentials(source.text) or find_url_credentials(source.text))
    for number, line in enumerate(source.lines[first_line - 1 :], start=first_line):
        found: list[tuple[str, int, int]] = []
        if shapes_anywhere:
            urls = [(m.kind, m.start, m.end) for m in find_url_credentials(line)]
            shapes = [
                (m.kind, m.start, m.end)
                for m in find_credentials(line)
                if not any(start <= m.start < end for _, start, end in urls)
            ]
            found = sorted(urls + shapes, key=lambda hit: hit[1])
        for kind, start, end in found:
            part = line[start:end]
            yield TextCredential(
                Span(number, start + 1, number, end + 1), Verdict(kind, part), part
            )
        if found:
            continue
        match = _ASSIGNMENT.match(line)
        if match is None:
            continue
        value = match.group("value")
        verdict = named_value_verdict(match.group("key"), value)
        if verdict is not None:
            start = match.start("value")
            yield TextCredential(
                Span(number, start + 1, number, start + len(value) + 1), verdict, value
            )
