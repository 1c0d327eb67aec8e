"""TSL102 secret-value-type."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Message, Name, render, tag_part
from truss_secret_lint.rules.base import Rule, config
from truss_secret_lint.target import CheckTarget

_KIND = {
    "map": "a mapping",
    "seq": "a list",
    "int": "a number",
    "float": "a number",
    "bool": "a boolean",
    "timestamp": "a date",
    "binary": "binary data",
}


class SecretValueType(Rule):
    """
    ## What it does
    Reports a secret whose default is not a string or null (a number, a boolean, a date, a
    mapping or a list), and a secret name that is not a string (`123: null`, `true: null`).

    ## Why is this bad?
    Truss validates `secrets` as `Mapping[str, str | None]`; truss 0.18.36 rejects anything else
    with "Input should be a valid string". Old docs suggested the number 0 as a default; truss now
    rejects it. Types are those of truss's own YAML loader (PyYAML, YAML 1.1): `yes`, `no`, `on`
    and `off` are booleans, while `y`, `n` and `1e3` stay strings. Only the value truss keeps is
    judged (the last of a repeated name, in the last `secrets:` block).

    ## Example
    ```yaml
    secrets:
      hf_access_token: 0
      use_auth: no
    ```

    ## Use instead
    ```yaml
    secrets:
      hf_access_token: null
      use_auth: null
    ```
    """

    code = "TSL102"
    name = "secret-value-type"
    severity = Severity.ERROR
    summary = "a secret's value is not a string or null, or a key is not a string"

    VALID = (
        config('secrets:\n  a: null\n  b: ~\n  c:\n  d: ""\n  e: "***"\n'),
        config("secrets:\n  port: '8080'\n"),
        config("secrets:\n  a: y\n  b: n\n  c: 1e3\n  d: !!binary aGk=\n"),
        config("secrets:\n  a: 1\n  a: null\n"),  # truss keeps the last value
    )
    INVALID = (
        config("secrets:\n  hf_access_token: 0\n", (2, 20)),
        config("secrets:\n  flag: no\n", (2, 9)),
        config("secrets:\n  nested:\n    a: b\n", (3, 5)),
        config("secrets:\n  list: [a]\n", (2, 9)),
        config("secrets:\n  123: null\n", (2, 3)),
        config("secrets:\n  day: 2024-01-01\n", (2, 8)),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        facts = target.config
        if facts is None:
            return
        for entry in facts.truss_entries:
            name = entry.name
            if name is None:
                yield self.diagnostic(
                    facts.path,
                    entry.key_span,
                    render(
                        "a secret name is {kind}; truss requires string names (quote it)",
                        kind=Message(_KIND.get(entry.key_kind, "not a string")),
                    ),
                )
                continue
            if entry.default_ok:
                continue
            tag = entry.value_kind
            kind = (
                Message(_KIND[tag])
                if tag in _KIND
                else render("a `{tag}` value", tag=tag_part(tag))
            )
            yield self.diagnostic(
                facts.path,
                entry.value_extent,
                render(
                    "secret `{name}` has {kind} as its default; truss accepts only a string or "
                    "null",
                    name=Name(name),
                    kind=kind,
                ),
                secret=name,
            )
