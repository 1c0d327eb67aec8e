"""TSL303 unused-secret."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from truss_secret_lint.config_facts import CHAIN_IMPLICIT_SECRETS
from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Name, render
from truss_secret_lint.rules.base import MODEL, Rule, truss
from truss_secret_lint.target import CheckTarget, PythonRole

if TYPE_CHECKING:
    from truss_secret_lint.code_facts import CodeFacts

_ENUMERATING = frozenset({"iterate", "keys", "values", "items", "dict", "unpack"})

_INIT = (
    "class Model:\n    def __init__(self, **kwargs):\n        self._secrets = kwargs['secrets']\n"
)
_BASE = (
    "class BaseModel:\n    def __init__(self, **kwargs):\n"
    "        self._secrets = kwargs['secrets']\n"
)
_TWO = "model_name: m\nsecrets:\n  a: null\n  b: null\n"


def _unknowable(facts: CodeFacts) -> bool:
    """Could this code read a secret the analysis cannot name? A dynamic key, the object
    escaping, or the object enumerated (`.items()`, `.values()`, `for k in s`, `{**s}`: every
    secret is read — it raises in production, which is TSL307's finding, but "unused" is
    unknowable)."""
    return (
        bool(facts.escapes)
        or any(read.key is None for read in facts.reads)
        or any(misuse.kind in _ENUMERATING for misuse in facts.misuses)
    )


class UnusedSecret(Rule):
    """
    ## What it does
    Reports a declared secret that nothing reads: not the model code or its helpers, not an
    environment or `/secrets/` read, and not the config itself (`model_cache` and `trt_llm`
    checkpoints consume `hf_access_token` by default; `runtime_secret_name`, docker auth,
    `/secrets/<name>` in `start_command`, `build_commands` or `data/` scripts count as reads). For
    chainlets, a key of `Assets(secret_keys=[...])` that the chainlet never reads.

    It is only raised when every consumer was analysed: not when a read has a dynamic key, when
    the secrets object escapes analysis (passed to code we cannot follow) or is enumerated
    (`.items()`, `.values()`, `for k in secrets`, `{**secrets}`: TSL307), when a file does not
    parse, or when the Truss has no model code. The object is followed into sibling modules
    (helpers it is passed to, a base class whose `__init__` keeps it, a dataclass or dict holding
    it, `functools.partial`), and keys imported from a constants module are resolved.

    ## Why is this bad?
    An unused declaration is usually a misspelling of the name the code really reads (the real
    corpus has a model declaring `hf_token` while reading `hf_access_token`), and every declared
    secret must be created on the platform before the model deploys.

    ## Example
    ```yaml
    secrets:
      hf_access_token: null
      wandb_api_key: null   # nothing reads it
    ```

    ## Use instead
    Remove the declaration, or read the secret where it is needed.
    """

    code = "TSL303"
    name = "unused-secret"
    severity = Severity.WARNING
    summary = "a declared secret that nothing reads"

    VALID = (
        truss(
            {
                "config.yaml": "model_name: m\nsecrets:\n  hf_access_token: null\n",
                MODEL: _INIT
                + "    def load(self):\n        self.t = self._secrets['hf_access_token']\n",
            }
        ),
        truss(
            {
                "config.yaml": "model_name: m\nmodel_cache:\n  - repo_id: org/m\n"
                "secrets:\n  hf_access_token: null\n",
                MODEL: "class Model:\n    def load(self):\n        pass\n",
            }
        ),
        truss(
            {
                "config.yaml": "model_name: m\nsecrets:\n  a: null\n",
                MODEL: _INIT + "        helper(self._secrets)\n",
            }
        ),
        truss({"config.yaml": "model_name: m\nsecrets:\n  a: null\n"}),
        truss(
            {
                "config.yaml": "model_name: m\nsecrets:\n  a: null\n",
                MODEL: "from transformers import login\n"
                + _INIT
                + "        login(self._secrets)\n",
            }
        ),
        # enumerating the object reads every secret (TSL307 reports that it raises)
        truss(
            {
                "config.yaml": _TWO,
                MODEL: _INIT + "        self.env = {k: v for k, v in self._secrets.items()}\n",
            }
        ),
        truss({"config.yaml": _TWO, MODEL: _INIT + "        self.env = dict(self._secrets)\n"}),
        # keys imported from a sibling module; the object inherited from a sibling base class
        truss(
            {
                "config.yaml": _TWO,
                "model/keys.py": "A = 'a'\nB = 'b'\n",
                "model/base.py": _BASE,
                MODEL: "from . import keys\nfrom .base import BaseModel\nfrom .keys import A\n\n"
                "class Model(BaseModel):\n    def load(self):\n"
                "        self.a = self._secrets[A]\n        self.b = self._secrets[keys.B]\n",
            }
        ),
        # the object kept in a dataclass and in a namespace, read back
        truss(
            {
                "config.yaml": _TWO,
                MODEL: "from dataclasses import dataclass\nfrom types import SimpleNamespace\n\n"
                "@dataclass\nclass Ctx:\n    secrets: dict\n\n"
                "class Model:\n    def __init__(self, **kwargs):\n"
                "        self._ctx = Ctx(kwargs['secrets'])\n"
                "        self._ns = SimpleNamespace(secrets=kwargs['secrets'])\n"
                "    def load(self):\n        self.a = self._ctx.secrets['a']\n"
                "        self.b = self._ns.secrets['b']\n",
            }
        ),
    )
    INVALID = (
        truss(
            {
                "config.yaml": "model_name: m\nsecrets:\n  a: null\n  b: null\n",
                MODEL: "from .helpers import read_a\n" + _INIT + "        read_a(self._secrets)\n",
                "model/helpers.py": "def read_a(store):\n    return store['a']\n",
            },
            ("config.yaml", 4, 3),
        ),
        # the object kept in a dict: `b` is still known to be unused
        truss(
            {
                "config.yaml": _TWO,
                MODEL: "class Model:\n    def __init__(self, **kwargs):\n"
                "        self._ctx = {'secrets': kwargs['secrets'], 'config': kwargs['config']}\n"
                "    def load(self):\n        self.a = self._ctx['secrets']['a']\n",
            },
            ("config.yaml", 4, 3),
        ),
        # `__init__` inherited from a sibling module's base class, partial-bound helper
        truss(
            {
                "config.yaml": _TWO,
                "model/base.py": _BASE,
                "model/download.py": "def fetch(repo, secrets):\n    return secrets['a']\n",
                MODEL: "from functools import partial\n\nfrom .base import BaseModel\n"
                "from .download import fetch\n\n"
                "class Model(BaseModel):\n    def load(self):\n"
                "        self._fetch = partial(fetch, secrets=self._secrets)\n"
                "        self._fetch('org/model')\n",
            },
            ("config.yaml", 4, 3),
        ),
        truss(
            {
                "config.yaml": "model_name: m\nsecrets:\n"
                "  hf_token: null\n  hf_access_token: null\n",
                MODEL: _INIT
                + "    def load(self):\n        self.t = self._secrets['hf_access_token']\n",
            },
            ("config.yaml", 3, 3),
        ),
        truss(
            {
                "chain.py": "import truss_chains as chains\n\n"
                "class Hello(chains.ChainletBase):\n"
                "    remote_config = chains.RemoteConfig(\n"
                "        assets=chains.Assets(secret_keys=['hook']))\n\n"
                "    def run_remote(self) -> str:\n        return 'hi'\n",
            },
            ("chain.py", 5, 42),
        ),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        yield from self._check_truss(target)
        yield from self._check_chainlets(target)

    def _check_truss(self, target: CheckTarget) -> Iterator[Diagnostic]:
        config = target.config
        if config is None or config.problem is not None or not config.blocks:
            return
        code = target.code_files(PythonRole.MODEL, PythonRole.MODULE)
        if not any(f.role is PythonRole.MODEL for f in code):
            return
        if any(f.failure is not None for f in code):
            return
        facts = [f.facts for f in target.python if f.facts is not None]
        if target.unfollowed_outgoing or any(_unknowable(fact) for fact in facts):
            return
        read = {r.key for fact in facts for r in fact.reads}
        read |= {ref.name for ref in target.config_secret_refs()}
        for name, entry in config.declared.items():
            if name not in read:
                yield self.diagnostic(
                    config.path,
                    entry.key_span,
                    render("secret `{name}` is declared but nothing reads it", name=Name(name)),
                    secret=name,
                )

    def _check_chainlets(self, target: CheckTarget) -> Iterator[Diagnostic]:
        for file in target.code_files(PythonRole.CHAIN):
            facts = file.facts
            if facts is None or _unknowable(facts):
                continue
            for chainlet in facts.chainlets:
                read = {r.key for r in facts.reads if r.chainlet == chainlet.chainlet}
                for key in chainlet.keys or ():
                    if key not in read and key not in CHAIN_IMPLICIT_SECRETS:
                        yield self.diagnostic(
                            file.path,
                            chainlet.span,
                            render(
                                "chainlet `{chainlet}` declares secret `{name}` but never reads it",
                                chainlet=Name(chainlet.chainlet),
                                name=Name(key),
                            ),
                            secret=key,
                        )
