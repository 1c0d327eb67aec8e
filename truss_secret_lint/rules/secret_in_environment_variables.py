"""TSL108 secret-in-environment-variables."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from truss_secret_lint.config_facts import ConfigFacts
from truss_secret_lint.config_facts.edits import add_secret_edits, remove_entry_edits
from truss_secret_lint.config_facts.nodes import (
    is_mapping,
    is_null,
    mapping_items,
    scalar_text,
    span_of,
)
from truss_secret_lint.detectors import is_secret_like_name
from truss_secret_lint.diagnostic import Diagnostic, Fix, Severity
from truss_secret_lint.placeholders import is_placeholder_text
from truss_secret_lint.redact import Message, Name, render
from truss_secret_lint.rules.base import Rule, config
from truss_secret_lint.target import CheckTarget

if TYPE_CHECKING:
    from ruamel.yaml.nodes import Node


class SecretInEnvironmentVariables(Rule):
    """
    ## What it does
    Reports an entry under `environment_variables` whose name is a secret's
    (`hf_access_token`, `HF_TOKEN`, `OPENAI_API_KEY`, …) and whose value is null or placeholder
    text. A real-looking value there is TSL203 instead.

    ## Why is this bad?
    `environment_variables` declares nothing: the secret is not requested from the platform, and
    truss 0.18.36 hands the container the literal string `"None"` (it applies `str()` to every
    value; or the placeholder) in that variable, which
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
    fixable = True

    VALID = (
        config("environment_variables:\n  HF_HUB_ENABLE_HF_TRANSFER: '1'\n  MAX_TOKENS: '512'\n"),
        config("environment_variables: {}\nsecrets:\n  hf_access_token: null\n"),
    )
    INVALID = (
        config(
            "model_name: m\nenvironment_variables:\n  hf_access_token: null\n",
            (3, 3),
            fixed="model_name: m\nenvironment_variables: {}\nsecrets:\n  hf_access_token: null\n",
        ),
        config(
            "environment_variables:\n  PORT: '8000'\n  hf_access_token:  # moved\n  LOG: debug\n"
            "secrets:\n  hf_access_token: null\n",
            (3, 3),
            fixed="environment_variables:\n  PORT: '8000'\n  LOG: debug\n"
            "secrets:\n  hf_access_token: null\n",
        ),
        config(
            "environment_variables:\n  hf_access_token: null\nsecrets:\n  other: null\n",
            (2, 3),
            fixed="environment_variables: {}\nsecrets:\n  other: null\n  hf_access_token: null\n",
        ),
        config('environment_variables:\n  HF_TOKEN: "ENTER TOKEN HERE"\n', (2, 3)),
        config("environment_variables:\n  OPENAI_API_KEY: ''\n", (2, 3)),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        facts = target.config
        if facts is None:
            return
        found = next(
            ((k, v) for k, v in facts.top_level if scalar_text(k) == "environment_variables"),
            None,
        )
        if found is None or not is_mapping(found[1]):
            return
        env_key, env = found
        for key, value in mapping_items(env):
            name = scalar_text(key)
            if name is None or not is_secret_like_name(name):
                continue
            text = scalar_text(value)
            if not (is_null(value) or (text is not None and is_placeholder_text(text))):
                continue
            shown = (
                'null (the container gets the string "None")'
                if is_null(value)
                else ("a placeholder")
            )
            advice = (
                "it is already declared under `secrets:`, so remove this entry"
                if name in facts.declared
                else "declare it under `secrets:` instead"
            )
            yield self.diagnostic(
                facts.path,
                span_of(key),
                render(
                    "`{name}` under environment_variables is {shown} and declares no secret; "
                    "{advice}",
                    name=Name(name),
                    shown=Message(shown),
                    advice=Message(advice),
                ),
                secret=name,
                fix=self._move_fix(
                    facts, env_key=env_key, env=env, key=key, value=value, name=name
                ),
            )

    @staticmethod
    def _move_fix(
        facts: ConfigFacts, *, env_key: Node, env: Node, key: Node, value: Node, name: str
    ) -> Fix | None:
        """Delete the entry and declare the name under `secrets:` (unless it already is)."""
        text = facts.source.text
        removal = remove_entry_edits(text, env_key, env, key, value)
        if removal is None:
            return None
        if name in facts.declared:
            return Fix(removal)
        addition = add_secret_edits(text, facts, name)
        return Fix(removal + addition) if addition is not None else None
