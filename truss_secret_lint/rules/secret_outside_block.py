"""TSL105 secret-outside-block."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.config_facts import TRUSS_CONFIG_FIELDS, is_secrets_misspelling
from truss_secret_lint.detectors import is_secret_like_name
from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Name, render
from truss_secret_lint.rules.base import MODEL, Rule, config, truss
from truss_secret_lint.target import CheckTarget


class SecretOutsideBlock(Rule):
    """
    ## What it does
    Reports a top-level key that is not a Truss config field and is a secret: the model code
    reads it as one, or its name is shaped like a secret name (`hf_access_token`, `*_api_key`).
    The usual cause is an entry left dedented after `secrets: {}` or after the block ends.

    ## Why is this bad?
    An unknown top-level key loads fine locally and fails only at `truss push` ("Extra fields not
    allowed"). Until then the secret is not declared, so reading it raises `SecretNotFound`.

    ## Example
    ```yaml
    secrets: {}
    hf_access_token: null
    ```

    ## Use instead
    ```yaml
    secrets:
      hf_access_token: null
    ```
    """

    code = "TSL105"
    name = "secret-outside-block"
    severity = Severity.ERROR
    summary = "a secret declared as a top-level key instead of under `secrets:`"

    VALID = (
        config("model_name: m\nsecrets:\n  hf_access_token: null\n"),
        config("model_name: m\nmax_tokens: 5\n"),
    )
    INVALID = (
        config("model_name: m\nsecrets: {}\nhf_access_token: null\n", (3, 1)),
        config("model_name: m\nopenai_api_key: null\n", (2, 1)),
        truss(
            {
                "config.yaml": "model_name: m\nsecrets: {}\nmodel_repo_key: null\n",
                MODEL: "class Model:\n    def __init__(self, **kwargs):\n"
                "        self._k = kwargs['secrets']['model_repo_key']\n",
            },
            ("config.yaml", 3, 1),
        ),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        facts = target.config
        if facts is None:
            return
        read = target.names_read_by_code()
        for entry in facts.top_level:
            name = entry.name
            if name is None or name in TRUSS_CONFIG_FIELDS or is_secrets_misspelling(name):
                continue
            if name in read or is_secret_like_name(name):
                yield self.diagnostic(
                    facts.path,
                    entry.key_span,
                    render(
                        "`{name}` is a top-level key, not a declared secret; move it under "
                        "`secrets:` (truss push rejects unknown top-level keys)",
                        name=Name(name),
                    ),
                    secret=name,
                )
