"""TSL301 undeclared-secret."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.config_facts import CHAIN_IMPLICIT_SECRETS, add_secret_edits, closest
from truss_secret_lint.diagnostic import Diagnostic, Fix, Severity
from truss_secret_lint.redact import Message, Name, render
from truss_secret_lint.rules.base import MODEL, Rule, truss
from truss_secret_lint.target import CheckTarget, PythonRole

_INIT = (
    "class Model:\n    def __init__(self, **kwargs):\n        self._secrets = kwargs['secrets']\n"
)
_BASE = (
    "class BaseModel:\n    def __init__(self, **kwargs):\n"
    "        self._secrets = kwargs['secrets']\n"
)


class UndeclaredSecret(Rule):
    """
    ## What it does
    Reports code that reads a secret that is not declared: the model class, helper modules it
    passes the secrets object to, `TRUSS_SECRET_<name>` environment reads and `/secrets/<name>`
    file reads are checked against `config.yaml`'s `secrets:`; a chainlet's reads are checked
    against its own `Assets(secret_keys=[...])` (`baseten_chain_api_key` is always available).
    The message suggests the closest declared name. Names listed by a malformed `secrets:` block
    (a list, a single name: TSL101) count as declared, so one mistake is reported once.

    ## Why is this bad?
    Reading an undeclared name raises `SecretNotFound` at runtime ("Secret 'k' not found ...
    defined in the 'secrets' section of the Truss config file") — in production, often in
    `load()`, so the deployment never becomes ready. The platform mounts only declared secrets,
    so environment and file reads of an undeclared name find nothing either.

    ## Example
    ```yaml
    secrets:
      hf_token: null
    ```
    ```python
    self._secrets["hf_access_token"]
    ```

    ## Use instead
    Declare exactly the name the code reads:
    ```yaml
    secrets:
      hf_access_token: null
    ```
    """

    code = "TSL301"
    name = "undeclared-secret"
    severity = Severity.ERROR
    summary = "code reads a secret that is not declared"
    fixable = True

    VALID = (
        truss(
            {
                "config.yaml": "model_name: m\nsecrets:\n  hf_access_token: null\n",
                MODEL: _INIT
                + "    def load(self):\n        t = self._secrets['hf_access_token']\n",
            }
        ),
        truss(
            {
                "config.yaml": "model_name: m\nsecrets: {}\n",
                MODEL: "import secrets\nclass Model:\n    def load(self):\n"
                "        self.k = secrets.token_hex(8)\n",
            }
        ),
        # a list instead of a mapping is TSL101's finding; the names it lists count as declared
        truss(
            {
                "config.yaml": "model_name: m\nsecrets:\n  - hf_access_token\n",
                MODEL: _INIT + "        self.t = self._secrets['hf_access_token']\n",
            }
        ),
        truss(
            {
                "config.yaml": "model_name: m\nsecrets: hf_access_token\n",
                MODEL: _INIT + "        self.t = self._secrets['hf_access_token']\n",
            }
        ),
        # the key is a constant imported from a sibling module
        truss(
            {
                "config.yaml": "model_name: m\nsecrets:\n  hf_access_token: null\n",
                "model/constants.py": "HF_SECRET_NAME = 'hf_access_token'\n",
                MODEL: "from .constants import HF_SECRET_NAME\n"
                + _INIT
                + "        self.t = self._secrets[HF_SECRET_NAME]\n",
            }
        ),
    )
    INVALID = (
        truss(
            {
                "config.yaml": "model_name: m\nsecrets:\n  hf_token: null\n",
                MODEL: _INIT
                + "    def load(self):\n        t = self._secrets['hf_access_token']\n",
            },
            (MODEL, 5, 13),
        ),
        truss(
            {
                "config.yaml": "model_name: m\nsecrets: {}  # none yet\n",
                MODEL: "class Model:\n    def __init__(self, **kwargs):\n"
                "        self.t = kwargs['secrets']['openai_api_key']\n",
            },
            (MODEL, 3, 18),
            fixed={"config.yaml": "model_name: m\nsecrets:\n  openai_api_key: null  # none yet\n"},
        ),
        truss(
            {
                "config.yaml": "model_name: m\nsecrets:\n  a: null  # first\n\nresources: {}\n",
                MODEL: _INIT
                + "        self.b = self._secrets['b']\n        self.c = self._secrets['c']\n",
            },
            (MODEL, 4, 18),
            (MODEL, 5, 18),
            fixed={
                "config.yaml": "model_name: m\nsecrets:\n  a: null  # first\n  b: null\n  c: null\n"
                "\nresources: {}\n"
            },
        ),
        truss(
            {
                "config.yaml": "model_name: m",
                MODEL: _INIT + "        self.b = self._secrets['b']\n",
            },
            (MODEL, 4, 18),
            fixed={"config.yaml": "model_name: m\nsecrets:\n  b: null\n"},
        ),
        truss(
            {
                "config.yaml": "model_name: m\nsecrets: {}\n",
                MODEL: "import os\nTOKEN = os.environ['TRUSS_SECRET_hf_access_token']\n",
            },
            (MODEL, 2, 9),
        ),
        truss(
            {
                "chain.py": "import truss_chains as chains\n\n"
                "class Hello(chains.ChainletBase):\n"
                "    remote_config = chains.RemoteConfig(\n"
                "        assets=chains.Assets(secret_keys=['a']))\n\n"
                "    def __init__(\n"
                "        self, context: chains.DeploymentContext = chains.depends_context()\n"
                "    ):\n"
                "        self._k = context.secrets['b']\n"
                "        self._c = context.secrets['baseten_chain_api_key']\n",
            },
            ("chain.py", 10, 19),
        ),
        # a key constant imported from a sibling module
        truss(
            {
                "config.yaml": "model_name: m\nsecrets:\n  hf_token: null\n",
                "model/constants.py": "HF_SECRET_NAME = 'hf_access_token'\n",
                MODEL: "from .constants import HF_SECRET_NAME\n"
                + _INIT
                + "        self.t = self._secrets[HF_SECRET_NAME]\n",
            },
            (MODEL, 5, 18),
        ),
        # `__init__` inherited from a base class in a sibling module
        truss(
            {
                "config.yaml": "model_name: m\nsecrets:\n  hf_access_token: null\n",
                "model/base.py": _BASE,
                MODEL: "from .base import BaseModel\n\nclass Model(BaseModel):\n"
                "    def load(self):\n        self.t = self._secrets['hf_token']\n",
            },
            (MODEL, 5, 18),
        ),
        # the secrets object kept in a dict, read back through it
        truss(
            {
                "config.yaml": "model_name: m\nsecrets:\n  hf_access_token: null\n",
                MODEL: "class Model:\n    def __init__(self, **kwargs):\n"
                "        self._ctx = {'secrets': kwargs['secrets']}\n"
                "    def load(self):\n        self.t = self._ctx['secrets']['hf_token']\n",
            },
            (MODEL, 5, 18),
        ),
        # the secrets object bound by functools.partial, read when the partial is called
        truss(
            {
                "config.yaml": "model_name: m\nsecrets:\n  hf_access_token: null\n",
                MODEL: "import functools\n\ndef download(repo, secrets):\n"
                "    return secrets['hf_token']\n\n"
                + _INIT
                + "        self._download = functools.partial(download, secrets=self._secrets)\n"
                "    def load(self):\n        self._download('org/model')\n",
            },
            (MODEL, 4, 12),
        ),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        config = target.config
        # A malformed block is TSL101's finding: the names it lists count as declared here, so
        # that one mistake is not shown as two.
        truss_names = config.intended_names if config is not None else []
        truss_checkable = config is not None and config.problem is None and config.is_mapping
        for file, facts in target.analysed():
            chainlets = {c.chainlet: c.keys for c in facts.chainlets}
            for read in facts.reads:
                if read.key is None:
                    continue
                if read.chainlet is not None:
                    keys = chainlets.get(read.chainlet, ())
                    if keys is None:
                        continue
                    declared = [*keys, *CHAIN_IMPLICIT_SECRETS]
                    where = render(
                        "chainlet `{chainlet}`'s secret_keys", chainlet=Name(read.chainlet)
                    )
                elif file.role in (PythonRole.MODEL, PythonRole.MODULE) and truss_checkable:
                    declared = truss_names
                    where = Message("config.yaml's `secrets:`")
                else:
                    continue
                if read.key in declared:
                    continue
                candidates = [k for k in declared if k not in CHAIN_IMPLICIT_SECRETS]
                suggestion = closest(read.key, candidates)
                hint = (
                    render("; did you mean `{name}`?", name=Name(suggestion))
                    if suggestion
                    else Message("")
                )
                fix = None
                if read.chainlet is None and config is not None:
                    edits = add_secret_edits(config, read.key)
                    if edits:
                        fix = Fix(edits, path=config.path.as_posix())
                yield self.diagnostic(
                    file.path,
                    read.span,
                    render(
                        "secret `{name}` is read but not declared in {where}; it raises "
                        "SecretNotFound at runtime{hint}",
                        name=Name(read.key),
                        where=where,
                        hint=hint,
                    ),
                    secret=read.key,
                    fix=fix,
                )
