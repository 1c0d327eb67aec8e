"""TSL202 non-null-default."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.config_facts import null_value_fix
from truss_secret_lint.detectors.placeholders import is_none_string
from truss_secret_lint.detectors.verdict import secret_default_verdict
from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Message, Name, Value, render
from truss_secret_lint.rules.base import Rule, config
from truss_secret_lint.target import CheckTarget


class NonNullDefault(Rule):
    """
    ## What it does
    Reports a secret whose default is a string other than truss's own placeholders — `null`,
    `~`, empty, `""` or `"***"` (and an all-zero or textbook example UUID) — when it does not
    look like a real credential (that is TSL201). Placeholder text such as
    "ENTER HF ACCESS TOKEN HERE" and the strings `None` and `"null"` are reported here.
    Accept more placeholders with `extend-placeholders` in `[tool.truss-secret-lint]`.

    ## Why is this bad?
    At runtime the default is what the model receives when the platform secret is missing. A
    placeholder string is truthy, so instead of failing clearly with `SecretNotFound`, the model
    sends "ENTER HF ACCESS TOKEN HERE" as its token and fails later with an authentication error.
    In YAML `None` is the STRING "None", and `"null"` in quotes is the string "null".

    ## Example
    ```yaml
    secrets:
      hf_access_token: None
    ```

    ## Use instead
    ```yaml
    secrets:
      hf_access_token: null
    ```
    """

    code = "TSL202"
    name = "non-null-default"
    severity = Severity.WARNING
    summary = "a secret's default is not null and not an accepted placeholder"
    fixable = True

    VALID = (
        config('secrets:\n  a: null\n  b: ~\n  c:\n  d: ""\n  e: "***"\n'),
        config("secrets:\n  a: 00000000-0000-0000-0000-000000000000\n"),
        config("secrets:\n  a: f81d4fae-7dec-11d0-a765-00a0c91e6bf6\n"),  # RFC 4122's example
    )
    INVALID = (
        config(
            "secrets:\n  hf_access_token: None\n",
            (2, 20),
            fixed="secrets:\n  hf_access_token: null\n",
        ),
        config('secrets:\n  hf_access_token: "null"\n', (2, 20)),
        config(
            'secrets:\n  hf_access_token: "ENTER HF ACCESS TOKEN HERE"  # see README\n',
            (2, 20),
            fixed="secrets:\n  hf_access_token: null  # see README\n",
        ),
        config("secrets:\n  region: us-east-1\n", (2, 11)),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        facts = target.config
        if facts is None:
            return
        for entry in facts.entries:
            value = entry.value_string
            name = entry.name
            if value is None or name is None or target.options.is_accepted_placeholder(value):
                continue
            if secret_default_verdict(value) is not None:
                continue
            if is_none_string(value):
                # is_none_string: one of a few fixed spellings of None/null, safe to show
                what = render(
                    'the string "{none}", which is not null: truss hands it to the model',
                    none=Message(value.strip()),
                )
            else:
                what = render(
                    "a non-null default ({value}) that the model receives as the value",
                    value=Value(value),
                )
            yield self.diagnostic(
                facts.path,
                entry.value_span,
                render(
                    "secret `{name}` has {what} when the platform secret is missing; use null",
                    name=Name(name),
                    what=what,
                ),
                secret=name,
                value=value,
                fix=null_value_fix(facts, entry),
            )
