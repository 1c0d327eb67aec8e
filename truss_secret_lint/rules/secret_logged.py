"""TSL305 secret-logged."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Message, Name, render
from truss_secret_lint.rules.base import MODEL, Rule, truss
from truss_secret_lint.target import CheckTarget

_CONFIG = "model_name: m\nsecrets:\n  hf_access_token: null\n"
_INIT = (
    "class Model:\n    def __init__(self, **kwargs):\n        self._secrets = kwargs['secrets']\n"
)
_SINKS = {
    "print": "is printed",
    "logging": "is logged",
    "warning": "is put into a warning",
    "exception": "is put into an exception message",
    "return": "is returned from predict",
}


class SecretLogged(Rule):
    """
    ## What it does
    Reports a secret's VALUE reaching `print` (or `sys.stdout`/`sys.stderr.write`), a
    `logging`/logger call (`logger.exception` included), `warnings.warn`, an exception message,
    or the return value of `predict` — directly or through assignments, attributes, f-strings,
    `%`/`.format` and concatenation. Passing the token to the library that needs it
    (`login(token=...)`, `from_pretrained(token=...)`) is not reported.

    ## Why is this bad?
    Model logs are shipped to the platform's log viewer and often to third-party log
    aggregation; exception messages end up in responses and error trackers; whatever `predict`
    returns goes to the caller. Any of these turns a secret into a leak readable by people who
    were never given it.

    ## Example
    ```python
    token = self._secrets["hf_access_token"]
    logger.info(f"using token {token}")
    ```

    ## Use instead
    ```python
    token = self._secrets["hf_access_token"]
    logger.info("using the Hugging Face token from secrets")
    ```
    """

    code = "TSL305"
    name = "secret-logged"
    severity = Severity.WARNING
    summary = "a secret's value reaches print, logging, an exception or a return value"

    VALID = (
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: _INIT + "    def load(self):\n        t = self._secrets['hf_access_token']\n"
                "        login(token=t)\n        print('logged in')\n",
            }
        ),
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: "import warnings\n"
                + _INIT
                + "    def load(self):\n        t = self._secrets['hf_access_token']\n"
                "        warnings.warn(f'token of {len(t)} characters', UserWarning)\n",
            }
        ),
    )
    INVALID = (
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: "import logging\nlogger = logging.getLogger(__name__)\n"
                + _INIT
                + "    def load(self):\n        t = self._secrets['hf_access_token']\n"
                "        logger.info(f'token {t}')\n",
            },
            (MODEL, 8, 9),
        ),
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: _INIT + "    def load(self):\n"
                "        print('token: ' + self._secrets['hf_access_token'])\n",
            },
            (MODEL, 5, 9),
        ),
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: "import sys\nimport warnings\n"
                + _INIT
                + "    def load(self):\n        t = self._secrets['hf_access_token']\n"
                "        warnings.warn(f'deprecated token {t}')\n"
                "        sys.stderr.write('token: {}\\n'.format(t))\n"
                "        warnings.warn('token %s' % t, UserWarning)\n",
            },
            (MODEL, 8, 9),
            (MODEL, 9, 9),
            (MODEL, 10, 9),
        ),
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: "import logging\nlogger = logging.getLogger(__name__)\n"
                + _INIT
                + "    def load(self):\n        t = self._secrets['hf_access_token']\n"
                "        try:\n            connect(t)\n        except OSError:\n"
                "            logger.exception('cannot connect with %s', t)\n",
            },
            (MODEL, 11, 13),
        ),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        for file, facts in target.analysed():
            for leak in facts.leaks:
                what = (
                    render("secret `{name}`", name=Name(leak.secret))
                    if leak.secret
                    else Message("a secret's value")
                )
                yield self.diagnostic(
                    file.path,
                    leak.span,
                    render(
                        "{what} {sink}",
                        what=what,
                        sink=Message(_SINKS.get(leak.sink, "reaches an output")),
                    ),
                    secret=leak.secret,
                )
