"""TSL306 direct-secret-read."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Message, Name, render
from truss_secret_lint.rules.base import MODEL, Rule, truss
from truss_secret_lint.target import CheckTarget, PythonRole

_CONFIG = "model_name: m\nsecrets:\n  hf_access_token: null\n"


class DirectSecretRead(Rule):
    """
    ## What it does
    Reports a DECLARED secret read around the secrets object: through
    `os.environ["TRUSS_SECRET_<name>"]`/`os.getenv(...)` or by opening `/secrets/<name>`.
    (An undeclared name read this way is TSL301.)

    ## Why is this bad?
    Truss resolves a secret from the config default, then `TRUSS_SECRET_<name>`, then
    `/secrets/<name>`; reading one source directly skips the others, so the model behaves
    differently locally and on the platform, and `SecretNotFound`'s clear error becomes a
    `KeyError` or `FileNotFoundError`.

    ## Example
    ```python
    token = open("/secrets/hf_access_token").read()
    ```

    ## Use instead
    ```python
    token = self._secrets["hf_access_token"]
    ```
    """

    code = "TSL306"
    name = "direct-secret-read"
    severity = Severity.WARNING
    summary = "a declared secret read through the environment or /secrets/"

    VALID = (
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: "class Model:\n    def __init__(self, secrets):\n"
                "        self.t = secrets['hf_access_token']\n",
            }
        ),
    )
    INVALID = (
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: "import os\nclass Model:\n    def load(self):\n"
                "        self.t = os.environ['TRUSS_SECRET_hf_access_token']\n",
            },
            (MODEL, 4, 18),
        ),
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: "class Model:\n    def load(self):\n"
                "        self.t = open('/secrets/hf_access_token').read()\n",
            },
            (MODEL, 3, 18),
        ),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        config = target.config
        if config is None:
            return
        declared = config.declared
        for file, facts in target.analysed(PythonRole.MODEL, PythonRole.MODULE):
            for read in facts.reads:
                if read.mechanism in ("environ", "file") and read.key in declared:
                    how = "the environment" if read.mechanism == "environ" else "its /secrets/ file"
                    yield self.diagnostic(
                        file.path,
                        read.span,
                        render(
                            "secret `{name}` is read from {how}; read it from the secrets "
                            "object instead",
                            name=Name(read.key),
                            how=Message(how),
                        ),
                        secret=read.key,
                    )
