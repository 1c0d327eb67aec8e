"""TSL205 committed-local-secrets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from truss_secret_lint.diagnostic import Diagnostic, Severity, Span
from truss_secret_lint.redact import redact
from truss_secret_lint.rules.base import Example, Rule
from truss_secret_lint.target import CheckTarget, LocalStore, StoreKind
from truss_secret_lint.yaml_source import is_scalar, scalar_text, value_span, walk

# The value runs from its first to its last non-blank character (`\S.*?\s*$` retried the
# trailing blanks at every character: quadratic on a long line of spaces).
_API_KEY_LINE = re.compile(
    r"^\s*(api_key|apikey|api-key)\s*[=:]\s*(?P<value>\S(?:.*\S)?)\s*$", re.I
)
_KEY = "Ab3dEf7h" + "." + "Jk2mNp5qRs8tUv1wXy4zAb6cDe9fGh0i"


class CommittedLocalSecrets(Rule):
    """
    ## What it does
    Reports a local secret store inside the checked tree: a `.truss/config.yaml` that holds
    values under `secrets:` (truss's local config: `secrets` and `use_sudo`), or a `.trussrc`
    with an `api_key`. Each value is reported (first 4 characters and length only).

    ## Why is this bad?
    `~/.truss/config.yaml` is where truss reads real secret values for local runs, and `.trussrc`
    holds the platform API key that can deploy and delete models. Both belong in the home
    directory. Inside a repository they are one `git add .` away from being public, and once
    committed the values stay in git history: rotate them.

    ## Example
    A repository containing `.truss/config.yaml`:
    ```yaml
    secrets:
      hf_access_token: hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567
    ```

    ## Use instead
    Keep the file in your home directory (`~/.truss/config.yaml`, `~/.trussrc`), add both names
    to `.gitignore`, or use `TRUSS_SECRET_<name>` environment variables.
    """

    code = "TSL205"
    name = "committed-local-secrets"
    severity = Severity.ERROR
    summary = "a local secret store inside the checked tree"

    VALID = (
        Example({".truss/config.yaml": "secrets:\n  hf_access_token: null\n"}),
        Example({".trussrc": "[baseten]\nremote_provider = baseten\napi_key =\n"}),
    )
    INVALID = (
        Example(
            {".truss/config.yaml": "secrets:\n  hf_access_token: hf_" + "q" * 6 + "x" * 30 + "\n"},
            ((".truss/config.yaml", 2, 20),),
        ),
        Example(
            {".trussrc": f"[baseten]\nremote_url = https://app.baseten.co\napi_key = {_KEY}\n"},
            ((".trussrc", 3, 11),),
        ),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        for store in target.stores:
            if store.kind is StoreKind.TRUSSRC:
                yield from self._check_trussrc(store)
            else:
                yield from self._check_truss_config(store)

    def _check_trussrc(self, store: LocalStore) -> Iterator[Diagnostic]:
        for number, line in enumerate(store.source.lines, start=1):
            match = _API_KEY_LINE.match(line)
            if match is None:
                continue
            value = match.group("value")
            column = match.start("value") + 1
            yield self.diagnostic(
                store.path,
                Span(number, column, number, column + len(value)),
                f"`.trussrc` with a platform API key ({redact(value)}) is in the checked tree; "
                "keep it in your home directory and rotate the key",
                value=value,
            )

    def _check_truss_config(self, store: LocalStore) -> Iterator[Diagnostic]:
        facts = store.config
        secrets = facts.top("secrets") if facts is not None else None
        if secrets is None:
            return
        for path, key, node in walk(secrets):
            value = scalar_text(node) if is_scalar(node) else None
            if value is None or key is None or value in ("", "***"):
                continue
            name = str(path[-1]) if path else "secrets"
            yield self.diagnostic(
                store.path,
                value_span(key, node),
                f"a local secret store holds a value for `{name}` ({redact(value)}); keep "
                "`.truss/config.yaml` in your home directory and rotate the value",
                secret=name,
                value=value,
            )
