"""TSL107 colliding-secret-names."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.config_facts import normalised
from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Name, render
from truss_secret_lint.rules.base import Rule, config
from truss_secret_lint.target import CheckTarget


class CollidingSecretNames(Rule):
    """
    ## What it does
    Reports two declared names that differ only in punctuation (`-`, `.`, `_`), such as
    `hf_access_token` and `hf-access-token`.

    ## Why is this bad?
    The hosting platform normalises punctuation in secret names, so both are THE SAME secret
    there: the model gets one value for both, and which default applies is not what the config
    suggests.

    ## Example
    ```yaml
    secrets:
      hf_access_token: null
      hf-access-token: null
    ```

    ## Use instead
    ```yaml
    secrets:
      hf_access_token: null
    ```
    """

    code = "TSL107"
    name = "colliding-secret-names"
    severity = Severity.ERROR
    summary = "two names that are the same secret after punctuation normalisation"

    VALID = (config("secrets:\n  hf_access_token: null\n  hf_token: null\n"),)
    INVALID = (
        config("secrets:\n  hf_access_token: null\n  hf-access-token: null\n", (3, 3)),
        config("secrets:\n  a.b: null\n  a_b: null\n  a-b: null\n", (3, 3), (4, 3)),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        facts = target.config
        if facts is None:
            return
        first: dict[str, str] = {}
        for entry in facts.entries:
            name = entry.name
            if name is None:
                continue
            key = normalised(name)
            earlier = first.setdefault(key, name)
            if earlier != name:
                yield self.diagnostic(
                    facts.path,
                    entry.key_span,
                    render(
                        "secret `{name}` is the same secret as `{earlier}` on the platform, "
                        "which normalises punctuation in names",
                        name=Name(name),
                        earlier=Name(earlier),
                    ),
                    secret=name,
                )
