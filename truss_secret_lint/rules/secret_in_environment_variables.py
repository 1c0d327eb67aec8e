"""TSL108 secret-in-environment-variables."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.config_facts import (
    ConfigFacts,
    Entry,
    Shape,
    add_secret_edits,
    remove_entry_edits,
)
from truss_secret_lint.detectors import is_secret_like_name
from truss_secret_lint.detectors.placeholders import looks_like_placeholder_text
from truss_secret_lint.diagnostic import Diagnostic, Fix, Severity
from truss_secret_lint.redact import Message, Name, render
from truss_secret_lint.rules.base import Rule, config
from truss_secret_lint.target import CheckTarget


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
        env = next((e for e in facts.top_level if e.name == "environment_variables"), None)
        if env is None or env.value_shape is not Shape.MAPPING:
            return
        for entry in env.items:
            name = entry.name
            if name is None or not is_secret_like_name(name):
                continue
            text = entry.value_string
            if not (
                entry.value_is_null or (text is not None and looks_like_placeholder_text(text))
            ):
                continue
            shown = (
                'null (the container gets the string "None")'
                if entry.value_is_null
                else ("a placeholder")
            )
            advice = (
                "it is already declared under `secrets:`, so remove this entry"
                if name in facts.declared
                else "declare it under `secrets:` instead"
            )
            yield self.diagnostic(
                facts.path,
                entry.key_span,
                render(
                    "`{name}` under environment_variables is {shown} and declares no secret; "
                    "{advice}",
                    name=Name(name),
                    shown=Message(shown),
                    advice=Message(advice),
                ),
                secret=name,
                fix=self._move_fix(facts, env=env, entry=entry, name=name),
            )

    @staticmethod
    def _move_fix(facts: ConfigFacts, *, env: Entry, entry: Entry, name: str) -> Fix | None:
        """Delete the entry and declare the name under `secrets:` (unless it already is)."""
        removal = remove_entry_edits(facts, env, entry)
        if removal is None:
            return None
        if name in facts.declared:
            return Fix(removal)
        addition = add_secret_edits(facts, name)
        return Fix(removal + addition) if addition is not None else None
