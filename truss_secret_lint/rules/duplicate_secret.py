"""TSL103 duplicate-secret."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Name, render
from truss_secret_lint.rules.base import Rule, config
from truss_secret_lint.target import CheckTarget


class DuplicateSecret(Rule):
    """
    ## What it does
    Reports a secret name declared twice in a `secrets:` block, and a config with two top-level
    `secrets:` keys. Each later occurrence is reported with the line of the first.

    ## Why is this bad?
    truss 0.18.36 only warns ("Detected duplicate key …, will use the last entry") and keeps the
    LAST value, so an earlier default
    silently stops mattering — or a placeholder further down silently replaces the intended one.
    With two `secrets:` keys the whole first block is discarded: none of its names is declared.

    ## Example
    ```yaml
    secrets:
      hf_access_token: null
      hf_access_token: "paste-here"
    ```

    ## Use instead
    ```yaml
    secrets:
      hf_access_token: null
    ```
    """

    code = "TSL103"
    name = "duplicate-secret"
    severity = Severity.ERROR
    summary = "a secret declared twice, or two `secrets:` keys"

    VALID = (config("secrets:\n  a: null\n  b: null\n"),)
    INVALID = (
        config("secrets:\n  a: null\n  b: null\n  a: null\n", (4, 3)),
        config("secrets:\n  a: null\nmodel_name: m\nsecrets:\n  b: null\n", (4, 1)),
        config("secrets: {a: null, a: ~}\n", (1, 20)),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        facts = target.config
        if facts is None:
            return
        first_block = None
        for block in facts.blocks:
            if first_block is None:
                first_block = block
            else:
                line = first_block.key_span.line
                yield self.diagnostic(
                    facts.path,
                    block.key_span,
                    render(
                        "a second `secrets:` key (the first is on line {line}); truss keeps "
                        "only the last one, so the names of the first are not declared",
                        line=line,
                    ),
                )
            first_seen: dict[str, int] = {}
            for entry in block.items:
                name = entry.name
                if name is None:
                    continue
                if name in first_seen:
                    yield self.diagnostic(
                        facts.path,
                        entry.key_span,
                        render(
                            "secret `{name}` is declared again (first on line {line}); "
                            "truss silently keeps the last value",
                            name=Name(name),
                            line=first_seen[name],
                        ),
                        secret=name,
                    )
                else:
                    first_seen[name] = entry.key_span.line
