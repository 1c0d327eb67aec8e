"""TSL304 hardcoded-credential."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from truss_secret_lint.detectors.text_scan import credentials_in_text
from truss_secret_lint.detectors.verdict import (
    free_text_verdict,
    named_value_verdict,
    url_credential,
)
from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import render
from truss_secret_lint.rules.base import MODEL, Rule, truss
from truss_secret_lint.target import CheckTarget

if TYPE_CHECKING:
    from truss_secret_lint.code_facts import CodeFacts

_CONFIG = "model_name: m\nsecrets:\n  hf_access_token: null\n"
_HF = "hf_" + "Tz6Yq1Wm8Rk3Lp5Vn0Xb2Jc7Hd4Gf9As" + "Nu"
_RANDOM = "pW4n" + "Zq8vK2xT7mR1bY5hL9cJ3fD6sG0a"
_GH = "ghp_" + "Rk3Vb8Nw1Qz6Lx4Tp9Hy2Mc7Jd5Fs0Ga" + "Ke7W"


class HardcodedCredential(Rule):
    """
    ## What it does
    Reports a credential-looking string literal in checked Python code (model files, helpers,
    bundled packages, chainlets): a known token shape anywhere — including
    `os.environ["HF_TOKEN"] = "hf_..."` and `Authorization` headers —, a random-looking value
    bound to a secret-like name (`api_key="..."`, `TOKEN = "..."`), or a URL with embedded
    credentials (`git+https://<token>@github.com/...` in `chains.DockerImage(pip_requirements=
    [...])`, `requests.get("https://user:password@host/...")`: in Python code this rule reports
    them, TSL204 is for config.yaml and requirements files). Comments count too: a token in a
    `#` comment (or `# HF_TOKEN=...`) is committed like code. Uses the same detectors as the
    config checks.

    A Python file that cannot be parsed (TSL002: a syntax error, Python 2, nesting too deep, too
    many implicitly concatenated strings) is still searched: every line of its text goes through
    the credential detectors, and a random-looking value assigned to a secret-like name counts
    too. Such findings are reported here at their real line and column, so a baselined TSL002
    never hides a token added to the file later.

    ## Why is this bad?
    Model code is copied into the image and pushed to the platform; a token in it is readable by
    anyone with the image, the repository, or its history. Truss has a secrets mechanism exactly
    so that code never holds values.

    ## Example
    ```python
    os.environ["HF_TOKEN"] = "hf_vXFyiB4njlL0MTzdcuV3RsejEr91bPzGco"
    ```

    ## Use instead
    ```python
    os.environ["HF_TOKEN"] = self._secrets["hf_access_token"]
    ```
    with `hf_access_token: null` declared under `secrets:`.
    """

    code = "TSL304"
    name = "hardcoded-credential"
    severity = Severity.ERROR
    summary = "a credential-looking literal in checked Python code"

    VALID = (
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: "MODEL_ID = 'meta-llama/Meta-Llama-3-8B-Instruct'\n"
                "REVISION = '5f0b02c75b57c5855da9ae460ce51323ea669d8a'\n"
                "max_tokens = 'max_new_tokens_limit'\n",
            }
        ),
        # a syntax error and nothing credential-shaped in the text
        truss({"config.yaml": _CONFIG, MODEL: "def f(:\n    api_key = 'set-me-later'\n"}),
        truss(
            {
                "chain.py": "import truss_chains as chains\n\n"
                "IMAGE = chains.DockerImage(\n"
                "    pip_requirements=['git+https://github.com/acme/lib.git@v1.2', 'torch'])\n"
                "# see https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct for the weights\n"
                "# TOKEN = os.environ['HF_TOKEN']  # never a literal\n",
            }
        ),
    )
    INVALID = (
        # Python 2 does not parse; its text is still searched
        truss(
            {"config.yaml": _CONFIG, MODEL: f"import os\nprint 'x'\nTOKEN = '{_HF}'\n"},
            (MODEL, 3, 10),
        ),
        truss(
            {"config.yaml": _CONFIG, MODEL: f"def f(:\n    api_key = '{_RANDOM}'\n"},
            (MODEL, 2, 16),
        ),
        truss(
            {"config.yaml": _CONFIG, MODEL: f"import os\nos.environ['HF_TOKEN'] = '{_HF}'\n"},
            (MODEL, 2, 26),
        ),
        truss(
            {"config.yaml": _CONFIG, MODEL: f"client = Client(api_key='{_RANDOM}')\n"},
            (MODEL, 1, 25),
        ),
        truss(
            {"config.yaml": _CONFIG, MODEL: f"headers = {{'Authorization': 'Bearer {_HF}'}}\n"},
            (MODEL, 1, 29),
        ),
        truss(
            {
                "chain.py": "import truss_chains as chains\n\n"
                "IMAGE = chains.DockerImage(\n"
                f"    pip_requirements=['git+https://{_GH}@github.com/acme/lib.git'])\n",
            },
            ("chain.py", 4, 23),
        ),
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: "import requests\n"
                "r = requests.get('https://deploy:Xq7vT2mP9wL4kR8z@registry.acme.dev/v2/')\n",
            },
            (MODEL, 2, 18),
        ),
        truss(
            {
                "config.yaml": _CONFIG,
                MODEL: f"import os\n# for local runs: HF_TOKEN={_HF}\n"
                f"x = 1  # api_key = '{_RANDOM}'\n",
            },
            (MODEL, 2, 1),
            (MODEL, 3, 8),
        ),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        for file in target.python:
            if file.failure is None:
                continue
            for hit in credentials_in_text(file.source):
                yield self.diagnostic(
                    file.path,
                    hit.span,
                    render(
                        "a credential in code ({verdict}) in a file that cannot be parsed; "
                        "declare a secret and read it from the secrets object",
                        verdict=hit.verdict.describe(),
                    ),
                    value=hit.text,
                )
        for file, facts in target.analysed():
            for literal in facts.literals:
                verdict = named_value_verdict(literal.context, literal.value) or url_credential(
                    literal.value
                )
                if verdict is None:
                    continue
                yield self.diagnostic(
                    file.path,
                    literal.span,
                    render(
                        "a credential in code ({verdict}); declare a secret and read it "
                        "from the secrets object",
                        verdict=verdict.describe(),
                    ),
                    value=literal.value,
                )
            yield from self._comments(file.path, facts)

    def _comments(self, path: Path, facts: CodeFacts) -> Iterator[Diagnostic]:
        """Credentials in comments of a file that parsed (unparsable files are text-scanned
        elsewhere)."""
        for comment in facts.comments:
            verdict = free_text_verdict(comment.text)
            if verdict is not None:
                yield self.diagnostic(
                    path,
                    comment.span,
                    render(
                        "a credential in a comment ({verdict}); remove it and rotate it",
                        verdict=verdict.describe(),
                    ),
                    value=comment.text,
                )
