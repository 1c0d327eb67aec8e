"""TSL101 secrets-not-mapping."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.config_facts import Shape, secrets_block_fix
from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Message, render, tag_part
from truss_secret_lint.rules.base import Rule, config
from truss_secret_lint.target import CheckTarget


class SecretsNotMapping(Rule):
    """
    ## What it does
    Reports a `secrets:` key whose value is not a mapping: null (`secrets:` with nothing under
    it, or `secrets: null`), a list of names, a single value, or a tagged collection such as
    `!!set`. Only the `secrets:` truss keeps is judged: the last one, merge keys (`<<`) expanded.

    ## Why is this bad?
    Truss's schema is `secrets: Mapping[str, str | None]`. truss 0.18.36 rejects anything else with
    "Input should be a valid dictionary" when the Truss is loaded, so the model cannot be pushed.
    A list (`- hf_access_token`) is the most common form: it reads naturally but declares nothing.

    ## Example
    ```yaml
    secrets:
      - hf_access_token
    ```

    ## Use instead
    ```yaml
    secrets:
      hf_access_token: null
    ```
    A Truss with no secrets writes `secrets: {}` or leaves the key out.
    """

    code = "TSL101"
    name = "secrets-not-mapping"
    severity = Severity.ERROR
    summary = "`secrets` is null, a list or a scalar"
    fixable = True

    VALID = (
        config("secrets: {}\n"),
        config("secrets:\n  hf_access_token: null\n"),
        config("model_name: m\n"),
        config("secrets:\nsecrets:\n  a: null\n"),  # truss keeps the last block (TSL103)
    )
    INVALID = (
        config("model_name: m\nsecrets:\n", (2, 8), fixed="model_name: m\nsecrets: {}\n"),
        config("model_name: m\nsecrets: null\n", (2, 10), fixed="model_name: m\nsecrets: {}\n"),
        config(
            "secrets:\n  - hf_access_token\n  - wandb_key  # W&B\n",
            (2, 3),
            fixed="secrets:\n  hf_access_token: null\n  wandb_key: null  # W&B\n",
        ),
        config(
            "secrets: [hf_access_token, other]\n",
            (1, 10),
            fixed="secrets: {hf_access_token: null, other: null}\n",
        ),
        config("secrets: hf_access_token\n", (1, 10)),
        config("model_name: m\n? secrets\n", (2, 10)),  # explicit key, no value: no fix
        config("secrets: !!set {a}\n", (1, 10)),
        config(
            "<<: {secrets: null}\nmodel_name: m\n",
            (1, 15),
            fixed="<<: {secrets: {}}\nmodel_name: m\n",
        ),
        config("secrets:\n- hf_access_token: null\n", (2, 1)),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        facts = target.config
        if facts is None or facts.truss is None or facts.truss.problem is not None:
            return
        block = facts.truss_secrets
        if block is None or facts.truss.secrets_is_mapping:
            return
        if block.value_is_null:
            shape = Message("null (nothing under `secrets:`)" if block.value_is_empty else "null")
        elif block.value_shape is Shape.SEQUENCE:
            shape = Message("a list")
        elif block.value_shape is Shape.MAPPING:
            shape = render(
                "a `{tag}` collection, not a plain mapping", tag=tag_part(block.value_kind)
            )
        else:
            shape = render("a single {tag} value", tag=tag_part(block.value_kind))
        yield self.diagnostic(
            facts.path,
            block.value_span if block.value_is_null else block.value_extent,
            render(
                "`secrets` is {shape}; truss requires a mapping of names to defaults "
                "(`name: null`) and rejects this",
                shape=shape,
            ),
            fix=secrets_block_fix(facts, block),
        )
