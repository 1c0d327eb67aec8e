"""TSL106 misspelled-secrets-key."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.config_facts import is_secrets_misspelling, rename_key_fix
from truss_secret_lint.diagnostic import Diagnostic, Fix, Severity
from truss_secret_lint.redact import Name, render
from truss_secret_lint.rules.base import Rule, config
from truss_secret_lint.target import CheckTarget


class MisspelledSecretsKey(Rule):
    """
    ## What it does
    Reports a top-level key that was meant to be `secrets`: `secret`, `Secrets`, `SECRETS`,
    `secrets_`, `secerts` and other near misses.

    ## Why is this bad?
    Truss loads a config with an unknown top-level key locally and rejects it only at `truss push`
    ("Extra fields not allowed"). Until then nothing under the misspelled key is declared, and
    every read of those names raises `SecretNotFound`.

    ## Example
    ```yaml
    secret:
      hf_access_token: null
    ```

    ## Use instead
    ```yaml
    secrets:
      hf_access_token: null
    ```
    """

    code = "TSL106"
    name = "misspelled-secrets-key"
    severity = Severity.ERROR
    summary = "a top-level key that is a near miss of `secrets`"
    fixable = True

    VALID = (config("secrets:\n  a: null\n"), config("model_name: m\nsystem_packages: []\n"))
    INVALID = (
        config(
            "model_name: m\nsecret:\n  a: null\n",
            (2, 1),
            fixed="model_name: m\nsecrets:\n  a: null\n",
        ),
        config(
            "model_name: m\nSecrets:\n  a: null\n",
            (2, 1),
            fixed="model_name: m\nsecrets:\n  a: null\n",
        ),
        config("model_name: m\nsecerts: {}\n", (2, 1), fixed="model_name: m\nsecrets: {}\n"),
        config(
            "model_name: m\nsecrets_: # later\n  a: null\n",
            (2, 1),
            fixed="model_name: m\nsecrets: # later\n  a: null\n",
        ),
        config("model_name: m\nsecrets: {}\nsecret:\n  a: null\n", (3, 1)),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        facts = target.config
        if facts is None:
            return
        has_secrets = bool(facts.blocks)
        for entry in facts.top_level:
            name = entry.name
            if name is None or not is_secrets_misspelling(name):
                continue
            fix: Fix | None = None
            if not has_secrets and entry.key_is_plain:
                fix = rename_key_fix(entry, "secrets")
            yield self.diagnostic(
                facts.path,
                entry.key_span,
                render(
                    "`{name}` is not a Truss config field; did you mean `secrets`? Nothing "
                    "under it is declared",
                    name=Name(name),
                ),
                fix=fix,
            )
