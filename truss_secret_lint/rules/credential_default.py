"""TSL201 credential-default."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.config_facts import ROTATE_NOTE, null_value_fix
from truss_secret_lint.detectors.verdict import secret_default_verdict, specific_credential
from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Name, render
from truss_secret_lint.rules.base import Rule, config
from truss_secret_lint.target import CheckTarget

# Fake credentials assembled at import time so the source never holds a token-shaped literal.
_HF = "hf_" + "Zq7Xw2Lp9Rt4Vn6Bm1Kc8Hd3Js5Fg0Ay" + "Ue"
_RANDOM = "Xb8" + "kP2qZ7vT4nW9rL5mY3hC6jF1sD0gA"


class CredentialDefault(Rule):
    """
    ## What it does
    Reports a secret whose default value in `config.yaml` looks like a real credential — a known
    token shape (Hugging Face, OpenAI, Anthropic, AWS, GitHub, …), a URL with credentials, or a
    random-looking token — and a secret whose NAME is a credential (a token pasted as the key).
    The message shows at most the first 4 characters and the length.

    ## Why is this bad?
    The default is not a template: at runtime it is the value the model receives whenever the
    platform secret is missing. `config.yaml` is copied verbatim into the build context and the
    image (`/app/config.yaml`), uploaded on every push, and with the legacy `model_cache`
    (`use_volume: false`) the `hf_access_token` default is written into a Dockerfile. Removing it
    from the file does not remove it from git history: rotate it.

    ## Example
    ```yaml
    secrets:
      hf_access_token: hf_vXFyiB4njlL0MTzdcuV3RsejEr91bPzGco
    ```

    ## Use instead
    ```yaml
    secrets:
      hf_access_token: null
    ```
    and set the value in the platform's secret manager, in `~/.truss/config.yaml`, or in a
    `TRUSS_SECRET_hf_access_token` environment variable for local runs.
    """

    code = "TSL201"
    name = "credential-default"
    severity = Severity.ERROR
    summary = "a secret's default value (or its name) looks like a real credential"
    fixable = True

    VALID = (
        config("secrets:\n  hf_access_token: null\n"),
        config('secrets:\n  hf_access_token: ""\n  other: "***"\n'),
        config('secrets:\n  hf_access_token: "ENTER HF ACCESS TOKEN HERE"\n'),
    )
    INVALID = (
        config(
            f"secrets:\n  hf_access_token: {_HF}  # mine\n",
            (2, 20),
            fixed="secrets:\n  hf_access_token: null  # mine\n",
        ),
        config(
            f'secrets:\n  api_key: "{_RANDOM}"\n',
            (2, 12),
            fixed="secrets:\n  api_key: null\n",
        ),
        config(f"secrets:\n  {_HF}: null\n", (2, 3)),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        facts = target.config
        if facts is None:
            return
        for entry in facts.entries:
            name = entry.name
            if name is not None and specific_credential(name) is not None:
                verdict = specific_credential(name)
                assert verdict is not None
                yield self.diagnostic(
                    facts.path,
                    entry.key_span,
                    render(
                        "a secret NAME is a credential ({verdict}); use a name such as "
                        "`hf_access_token` and rotate the credential",
                        verdict=verdict.describe(),
                    ),
                    value=name,
                )
                continue
            value = entry.value_string
            if value is None or target.options.is_accepted_placeholder(value):
                continue
            verdict = secret_default_verdict(value)
            if verdict is None:
                continue
            yield self.diagnostic(
                facts.path,
                entry.value_span,
                render(
                    "secret `{name}` has a credential as its default ({verdict}); "
                    "set it to null and rotate the credential",
                    name=Name(str(name)),
                    verdict=verdict.describe(),
                ),
                secret=name,
                value=value,
                fix=null_value_fix(facts, entry, note=ROTATE_NOTE),
            )
