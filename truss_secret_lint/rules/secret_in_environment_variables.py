"""TSL108 secret-in-environment-variables."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.detectors import is_secret_like_name
from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.placeholders import is_placeholder_text
from truss_secret_lint.rules.base import Rule, config
from truss_secret_lint.target import CheckTarget
from truss_secret_lint.yaml_source import is_mapping, is_null, mapping_items, scalar_text, span_of


class SecretInEnvironmentVariables(Rule):
    """
    ## What it does
    Reports an entry under `environment_variables` whose name is a secret's
    (`hf_access_token`, `HF_TOKEN`, `OPENAI_API_KEY`, …) and whose value is null or placeholder
    text. A real-looking value there is TSL203 instead.

    ## Why is this bad?
    `environment_variables` declares nothing: the secret is not requested from the platform, and
    the container gets the literal string `"None"` (or the placeholder) in that variable, which
    libraries then send as a token. Truss's own description of the field says "Do not store
    secret values here". The real corpus of Truss examples has 21 configs with
    `hf_access_token: null` placed here.

    ## Example
    ```yaml
    environment_variables:
      hf_access_token: null
    ```

    ## Use instead
    ```yaml
    secrets:
      hf_access_token: null
    ```
    """

    code = "TSL108"
    name = "secret-in-environment-variables"
    severity = Severity.WARNING
    summary = "a secret-named entry with a null/placeholder value under environment_variables"

    VALID = (
        config("environment_variables:\n  HF_HUB_ENABLE_HF_TRANSFER: '1'\n  MAX_TOKENS: '512'\n"),
        config("environment_variables: {}\nsecrets:\n  hf_access_token: null\n"),
    )
    INVALID = (
        config("environment_variables:\n  hf_access_token: null\n", (2, 3)),
        config('environment_variables:\n  HF_TOKEN: "ENTER TOKEN HERE"\n', (2, 3)),
        config("environment_variables:\n  OPENAI_API_KEY: ''\n", (2, 3)),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        facts = target.config
        if facts is None:
            return
        env = facts.top("environment_variables")
        if env is None or not is_mapping(env):
            return
        for key, value in mapping_items(env):
            name = scalar_text(key)
            if name is None or not is_secret_like_name(name):
                continue
            text = scalar_text(value)
            if is_null(value) or (text is not None and is_placeholder_text(text)):
                shown = (
                    'null (the container gets the string "None")'
                    if is_null(value)
                    else ("a placeholder")
                )
                yield self.diagnostic(
                    facts.path,
                    span_of(key),
                    f"`{name}` under environment_variables is {shown} and declares no secret; "
                    "declare it under `secrets:` instead",
                    secret=name,
                )
