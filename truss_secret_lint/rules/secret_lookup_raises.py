"""TSL307 secret-lookup-raises."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Message, render
from truss_secret_lint.rules.base import MODEL, Rule, truss
from truss_secret_lint.target import CheckTarget

_CONFIG = "model_name: m\nsecrets:\n  hf_access_token: null\n"
_INIT = (
    "class Model:\n    def __init__(self, **kwargs):\n        self._secrets = kwargs['secrets']\n"
)
_LOOKUPS = {
    "get": "`.get()` raises SecretNotFound instead of returning None",
    "get_default": "`.get(k, default)` raises SecretNotFound instead of returning the default",
    "contains": "`in` raises instead of returning False",
}
_MISUSES = {
    "iterate": "iterating the secrets object",
    "keys": "`.keys()` on the secrets object",
    "values": "`.values()` on the secrets object",
    "items": "`.items()` on the secrets object",
    "dict": "`dict()` of the secrets object",
    "unpack": "unpacking the secrets object",
    "len": "`len()` of the secrets object",
}


class SecretLookupRaises(Rule):
    """
    ## What it does
    Reports dict-style lookups on the secrets object that raise in production:
    `secrets.get("k")`, `secrets.get("k", default)`, `"k" in secrets`, and iteration
    (`for k in secrets`, `list()`, `dict()`, `{**secrets}`, `.keys()`, `.items()`, `len()`).

    ## Why is this bad?
    The production secrets object is not a dict. `SecretNotFound` is not a `KeyError`, so `.get`
    raises instead of returning the default, `in` raises, and iterating raises
    `NotImplementedError`. Locally a plain dict is often passed, so the bug hides until the
    model is deployed.

    ## Example
    ```python
    token = self._secrets.get("hf_access_token", None)
    ```

    ## Use instead
    Declare the secret and read it directly; handle a missing one explicitly:
    ```python
    token = self._secrets["hf_access_token"]
    ```
    """

    code = "TSL307"
    name = "secret-lookup-raises"
    severity = Severity.WARNING
    summary = "`.get`, `in` or iteration on the secrets object (raises in production)"

    VALID = (
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: _INIT + "        self.t = self._secrets['hf_access_token']\n"
                "        self.cfg = {}.get('x', None)\n",
            }
        ),
    )
    INVALID = (
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: _INIT + "        self.t = self._secrets.get('hf_access_token', None)\n",
            },
            (MODEL, 4, 18),
        ),
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: _INIT + "        if 'hf_access_token' in self._secrets:\n            pass\n",
            },
            (MODEL, 4, 12),
        ),
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: _INIT + "        for k in self._secrets:\n            pass\n",
            },
            (MODEL, 4, 18),
        ),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        for file, facts in target.analysed():
            for read in facts.reads:
                if read.mechanism in _LOOKUPS:
                    yield self.diagnostic(
                        file.path,
                        read.span,
                        render(
                            "{lookup} on the production secrets object; declare the secret and "
                            "subscript it",
                            lookup=Message(_LOOKUPS[read.mechanism]),
                        ),
                        secret=read.key,
                    )
            for misuse in facts.misuses:
                yield self.diagnostic(
                    file.path,
                    misuse.span,
                    render(
                        "{misuse} raises NotImplementedError in production",
                        misuse=Message(_MISUSES.get(misuse.kind, "this use of the secrets object")),
                    ),
                )
