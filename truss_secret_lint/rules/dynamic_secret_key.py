"""TSL302 dynamic-secret-key."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Message
from truss_secret_lint.rules.base import MODEL, Rule, truss
from truss_secret_lint.target import CheckTarget

_CONFIG = "model_name: m\nsecrets:\n  hf_access_token: null\n"
_INIT = (
    "class Model:\n    def __init__(self, **kwargs):\n        self._secrets = kwargs['secrets']\n"
)


class DynamicSecretKey(Rule):
    """
    ## What it does
    Reports a secret read whose key is not a constant (a variable, a function result, an
    f-string with a variable part). Keys given by a module-level string constant — of the same
    module or imported from another module of the Truss (`from .constants import
    HF_SECRET_NAME`) — are resolved and are not reported.

    ## Why is this bad?
    A name that is only known at runtime cannot be checked against `secrets:`, so a typo or a
    missing declaration surfaces as `SecretNotFound` in production. It also stops TSL303 from
    telling you which declared secrets are unused.

    ## Example
    ```python
    provider = request["provider"]
    key = self._secrets[f"{provider}_api_key"]
    ```

    ## Use instead
    ```python
    if provider == "openai":
        key = self._secrets["openai_api_key"]
    else:
        key = self._secrets["anthropic_api_key"]
    ```
    Or read every secret you need by its constant name in `load()`.
    """

    code = "TSL302"
    name = "dynamic-secret-key"
    severity = Severity.WARNING
    summary = "a secret read whose key is not a constant"

    VALID = (
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: "KEY = 'hf_access_token'\n"
                + _INIT
                + "        self.t = self._secrets[KEY]\n",
            }
        ),
        # a constant imported from a sibling module (re-exported by the package) is resolved
        truss(
            {
                "config.yaml": _CONFIG,
                "model/constants.py": "HF_SECRET_NAME = 'hf_access_token'\n",
                "model/__init__.py": "from .constants import HF_SECRET_NAME\n",
                MODEL: "from . import HF_SECRET_NAME\n"
                + _INIT
                + "        self.t = self._secrets[HF_SECRET_NAME]\n",
            }
        ),
    )
    INVALID = (
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: _INIT + "    def predict(self, req):\n"
                "        return self._secrets[req['name']]\n",
            },
            (MODEL, 5, 16),
        ),
        # an imported name that is not one constant string stays dynamic
        truss(
            {
                "config.yaml": _CONFIG,
                "model/settings.py": "import os\nTOKEN_NAME = os.environ['TOKEN_SECRET_NAME']\n",
                MODEL: "from .settings import TOKEN_NAME\n"
                + _INIT
                + "        self.t = self._secrets[TOKEN_NAME]\n",
            },
            (MODEL, 5, 18),
        ),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        for file, facts in target.analysed():
            for read in facts.reads:
                if read.key is None:
                    yield self.diagnostic(
                        file.path,
                        read.span,
                        Message(
                            "the secret's name is not a constant, so it cannot be checked "
                            "against the declared secrets"
                        ),
                    )
