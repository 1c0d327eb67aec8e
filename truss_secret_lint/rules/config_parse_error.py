"""TSL001 config-parse-error."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.config_facts import ConfigFacts, Shape
from truss_secret_lint.diagnostic import Diagnostic, Severity, Span
from truss_secret_lint.redact import Message, render
from truss_secret_lint.rules.base import Example, Rule, config, truss
from truss_secret_lint.target import CheckTarget


class ConfigParseError(Rule):
    """
    ## What it does
    Reports a `config.yaml` (or another checked YAML file, such as a committed
    `.truss/config.yaml`) that cannot be read: YAML syntax errors, several documents in one file,
    a top level that is not a mapping, an encoding other than UTF-8, binary content, or a file too
    large to check. The finding points at the place the parser stopped.

    ## Why is this bad?
    truss 0.18.36 loads `config.yaml` with PyYAML's pure-Python `SafeLoader` and rejects it when it
    does not load — including what that loader refuses and other YAML readers accept: a tab after
    a value or before `#`, an unknown tag, a list used as a key, a date such as `2024-02-30` — so
    the model cannot be pushed — and nothing in a file that does not parse can be checked for leaked
    secrets. The most common cause around secrets is writing `secrets: {}` and then indenting
    entries under it: `{}` is already a complete, empty mapping.

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

    code = "TSL001"
    name = "config-parse-error"
    severity = Severity.ERROR
    summary = "config.yaml (or another checked YAML file) cannot be read"

    VALID = (
        config("model_name: bert\nsecrets:\n  hf_access_token: null\n"),
        config("model_name: bert\nsecrets: {}\n"),
        config(""),
        # truss reads `... or {}`: an empty list is an empty config
        truss({"config.yaml": "[]\n", "model/model.py": "class Model: ...\n"}),
    )
    INVALID = (
        config("model_name: bert\nsecrets: {}\n  hf_access_token: null\n", (3, 3)),
        config("secrets:\n  a: null \t\n", (2, 11)),
        config("secrets:\n  a: 2024-02-30\n", (2, 6)),
        config("secrets:\n  a: !vault x\n", (2, 6)),
        config("model_name: m\n? [a]\n: b\n", (2, 3)),
        config("model_name: bert\nsecrets:\n\thf_access_token: null\n", (3, 1)),
        config('model_name: "bert\n', (2, 1)),
        config("model_name: a\n---\nmodel_name: b\n", (2, 1)),
        truss(
            {"config.yaml": "- model_name\n- secrets\n", "model/model.py": "class Model: ...\n"},
            ("config.yaml", 1, 1),
        ),
        Example({"config.yaml": b"model_name: caf\xe9\n"}, (("config.yaml", 1, 1),)),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        yamls = [target.config] + [store.config for store in target.stores]
        for facts in yamls:
            if facts is not None:
                yield from self._check_one(facts)

    def _check_one(self, facts: ConfigFacts) -> Iterator[Diagnostic]:
        read_problem = facts.source.problem
        if read_problem is not None and not read_problem.fatal:
            yield self.diagnostic(facts.path, Span(1, 1, 1, 2), Message(read_problem.message))
        if facts.problem is not None:
            # config_facts redacts what the parser quotes from the file (redact.redact_text)
            yield self.diagnostic(facts.path, facts.problem.span, Message(facts.problem.message))
        elif (
            facts.root_start is not None
            and not facts.is_mapping
            and (facts.truss is None or not facts.truss.is_mapping)
        ):
            kind = "a list" if facts.root_shape is Shape.SEQUENCE else "a single value"
            yield self.diagnostic(
                facts.path,
                facts.root_start,
                render(
                    "the top level of the file is {kind}; truss expects a mapping of config fields",
                    kind=Message(kind),
                ),
            )
