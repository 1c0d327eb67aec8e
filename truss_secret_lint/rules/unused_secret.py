"""TSL303 unused-secret."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Name, render
from truss_secret_lint.rules.base import MODEL, Rule, truss
from truss_secret_lint.secret_names import CHAIN_IMPLICIT_SECRETS
from truss_secret_lint.target import CheckTarget, PythonRole

_INIT = (
    "class Model:\n    def __init__(self, **kwargs):\n        self._secrets = kwargs['secrets']\n"
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
    the secrets object escapes analysis (passed to code we cannot follow), when a file does not
    parse, or when the Truss has no model code.

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
        if (
            target.unfollowed_outgoing
            or any(fact.escapes for fact in facts)
            or any(read.key is None for fact in facts for read in fact.reads)
        ):
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
            if facts is None or facts.escapes or any(r.key is None for r in facts.reads):
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
