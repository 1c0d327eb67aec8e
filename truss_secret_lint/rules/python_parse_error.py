"""TSL002 python-parse-error."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.diagnostic import Diagnostic, Severity, Span
from truss_secret_lint.redact import Message
from truss_secret_lint.rules.base import MODEL, Rule, truss
from truss_secret_lint.target import CheckTarget, PythonRole

_CONFIG = "model_name: m\nsecrets:\n  hf_access_token: null\n"


class PythonParseError(Rule):
    """
    ## What it does
    Reports a checked Python file — the model class file, other modules under
    `model_module_dir` or the bundled packages directory, a Truss Chains file — that cannot be
    parsed: a syntax error (a leftover merge-conflict marker), Python 2 code, binary content, an
    encoding other than UTF-8, or nesting too deep to analyse. Every module truss imports is
    checked, also one that never mentions a secret. The other files are still checked.

    ## Why is this bad?
    A model file that does not parse fails when the server imports it, and nothing in it can be
    checked: secret reads it makes cannot be compared with `config.yaml`, and credentials in it
    cannot be found. TSL303 (unused-secret) is not raised for a Truss with an unparsable file.

    ## Example
    ```python
    class Model:
        def load(self)
            print "loading"
    ```

    ## Use instead
    ```python
    class Model:
        def load(self):
            print("loading")
    ```
    """

    code = "TSL002"
    name = "python-parse-error"
    severity = Severity.ERROR
    summary = "a checked Python file cannot be parsed"

    VALID = (
        truss({"config.yaml": _CONFIG, MODEL: "class Model:\n    def load(self):\n        pass\n"}),
    )
    INVALID = (
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: "class Model:\n    def load(self)\n        self._s = kwargs['secrets']\n",
            },
            (MODEL, 2, 19),
        ),
        truss(
            {"config.yaml": _CONFIG, MODEL: "import os\nprint 'secrets'\n"},
            (MODEL, 2, 1),
        ),
        truss({"config.yaml": _CONFIG, MODEL: b"secrets = 1\x00\x01\x02"}, (MODEL, 1, 1)),
        truss(  # a module that never mentions a secret is still syntax-checked
            {
                "config.yaml": _CONFIG,
                MODEL: "from .preprocess import clean\n\nclass Model:\n    pass\n",
                "model/preprocess.py": (
                    "def clean(text):\n<<<<<<< HEAD\n    return text.strip()\n=======\n"
                    "    return text.lower()\n>>>>>>> feature\n"
                ),
            },
            ("model/preprocess.py", 2, 1),
        ),
        truss(  # Python 2 in a helper module
            {
                "config.yaml": _CONFIG,
                MODEL: "class Model:\n    pass\n",
                "model/util.py": "print 'x'\n",
            },
            ("model/util.py", 1, 1),
        ),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        for file in target.python:
            problem = file.source.problem
            if file.failure is not None:
                # code_facts.parse redacts what the parser quotes from the file
                yield self.diagnostic(file.path, file.failure.span, Message(file.failure.message))
            elif problem is not None and file.role is not PythonRole.DATA:
                # decoded anyway (and checked), but Python itself would refuse to import it
                yield self.diagnostic(file.path, Span(1, 1, 1, 2), Message(problem.message))
