"""The shared base of our detect-secrets plugins: regexes with word boundaries and a sanity check.

Each plugin module holds one detect-secrets `RegexBasedDetector` subclass (a `secret_type` and
a `denylist` of compiled regexes), so `detect-secrets scan --plugin <module file>` loads it
unchanged. On top of detect-secrets' contract this base adds what the linter needs:

- the SPAN of every secret (`find_spans`), not just its text, so diagnostics point at it;
- a named group `secret` in a regex marks the secret inside a larger context match
  (`WANDB_API_KEY=<40 hex>`); without it the whole match is the secret;
- `is_plausible`, which drops shape-alike placeholders (`hf_XXXX…`, `hf_` + an identifier):
  the policy every detector shares (`detectors/plausibility.py`), plus, by default, a random
  part that mixes character classes; a plugin adds its format's own checks by overriding it.

`analyze_string` (what detect-secrets calls) is defined in terms of `find_spans`, so the CLI
and the linter report exactly the same secrets.

This module imports detect-secrets: the linter reaches it only through `adapter.py`, on first use.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from typing import ClassVar

from detect_secrets.plugins.base import RegexBasedDetector

from truss_secret_lint.detectors.plausibility import is_plausible_credential, random_part
from truss_secret_lint.detectors.randomness import char_classes

# A credential must not be glued to a longer identifier on either side ("xhf_…", "…_suffix").
BEFORE = r"(?<![A-Za-z0-9_\-])"
AFTER = r"(?![A-Za-z0-9_\-])"


def named_assignment(name: str, value: str) -> re.Pattern[str]:
    """`NAME=value`, `NAME: "value"`, `name = 'value'`: `value` assigned to a key or variable
    whose name matches `name` (case-insensitive), the value as the group `secret`. For keys
    with no distinctive shape, whose provider is only known from the name. Linear: it starts
    only where a name starts, and its blanks cannot backtrack."""
    return re.compile(
        rf"(?<![A-Za-z0-9])(?i:{name})[\"']?[ \t]*+[:=][ \t]*+[\"']?(?P<secret>{value}){AFTER}"
    )


def token_body(secret: str) -> str:
    """The random part of a prefixed token: `hf_AbC…` → `AbC…`."""
    return random_part(secret)


def looks_generated(secret: str) -> bool:
    """The shared plausibility policy, and a random part that mixes character classes (every
    format of our plugins is generated from letters and digits)."""
    return is_plausible_credential(secret) and char_classes(token_body(secret)) >= 2


class TrussRegexDetector(RegexBasedDetector):
    """A detect-secrets regex plugin that knows where its secrets are.

    Subclasses set `secret_type` (detect-secrets' unique, user-facing id) and `denylist`.
    `secret_type` stays abstract here so detect-secrets does not load this base as a plugin.
    """

    denylist: ClassVar[tuple[re.Pattern[str], ...]]

    def analyze_string(self, string: str) -> Generator[str, None, None]:
        """Yield every secret in `string` (detect-secrets' plugin interface)."""
        for start, end in self.find_spans(string):
            yield string[start:end]

    def find_spans(self, string: str) -> Iterator[tuple[int, int]]:
        """Yield `(start, end)` of every plausible secret in `string`, pattern by pattern."""
        for regex in self.denylist:
            group = "secret" if "secret" in regex.groupindex else 0
            for match in regex.finditer(string):
                start, end = match.span(group)
                if self.is_plausible(string[start:end]):
                    yield start, end

    def is_plausible(self, secret: str) -> bool:
        """Whether a shape match is worth reporting; default: `looks_generated`."""
        return looks_generated(secret)
