"""The libcst pass: what `analyze` finds in model code, where, and what it must not find.

Tables of real shapes (from Truss models and chains) read like the specification: each row is a
snippet and the facts expected from it. Positions are asserted as 1-based (line, column) pairs;
`might_read_secrets` is checked against every snippet; hypothesis checks that no input raises.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from libcst.metadata import MetadataWrapper, PositionProvider

from tests.conftest import hang_guard
from truss_secret_lint.code_facts import (
    CodeFacts,
    ParsedModule,
    ParseFailure,
    analyze,
    might_read_secrets,
    parse_module,
)
from truss_secret_lint.diagnostic import Span

INIT = """\
class Model:
    def __init__(self, **kwargs):
        self._secrets = kwargs["secrets"]
"""
LOG = "import logging\nlogger = logging.getLogger(__name__)\n"

TYPICAL_MODEL = '''\
import logging
import os
from typing import Any, Dict

import torch
from huggingface_hub import login
from transformers import AutoModelForCausalLM, AutoTokenizer

logger = logging.getLogger(__name__)

DEFAULT_MAX_TOKENS = 512
MODEL_ID = "meta-llama/Llama-3.1-8B-Instruct"


class Model:
    """Serves a chat model from the Hugging Face hub."""

    def __init__(self, **kwargs) -> None:
        self._data_dir = kwargs["data_dir"]
        self._config = kwargs["config"]
        self._secrets = kwargs["secrets"]
        self._model = None
        self._tokenizer = None
        metadata = self._config.get("model_metadata", {})
        self._repo_id = metadata.get("repo_id", MODEL_ID)

    def load(self) -> None:
        token = self._secrets["hf_access_token"]
        login(token=token)
        logger.info("loading %s", self._repo_id)
        self._tokenizer = AutoTokenizer.from_pretrained(self._repo_id, token=token)
        self._model = AutoModelForCausalLM.from_pretrained(
            self._repo_id,
            torch_dtype=torch.float16,
            device_map="auto",
            token=token,
        )
        os.environ["HF_HUB_ENABLE_HF_TRANSFER"] = "1"

    def preprocess(self, request: Dict[str, Any]) -> Dict[str, Any]:
        if "messages" not in request:
            raise ValueError("request needs messages")
        request.setdefault("max_tokens", DEFAULT_MAX_TOKENS)
        return request

    def _generate(self, messages, max_tokens: int) -> str:
        inputs = self._tokenizer.apply_chat_template(
            messages, add_generation_prompt=True, return_tensors="pt"
        ).to(self._model.device)
        with torch.no_grad():
            outputs = self._model.generate(inputs, max_new_tokens=max_tokens)
        return self._tokenizer.decode(outputs[0][inputs.shape[-1]:], skip_special_tokens=True)

    def predict(self, request: Dict[str, Any]) -> Dict[str, Any]:
        messages = request["messages"]
        max_tokens = int(request.get("max_tokens", DEFAULT_MAX_TOKENS))
        try:
            text = self._generate(messages, max_tokens)
        except torch.cuda.OutOfMemoryError as error:
            logger.error("out of memory: %s", error)
            raise
        logger.debug("generated %d characters", len(text))
        return {"output": text}


def _stream(model: Model, messages):
    for chunk in model.predict({"messages": messages})["output"].split():
        yield chunk


def _format_prompt(system: str, user: str) -> str:
    return f"<|system|>{system}<|user|>{user}<|assistant|>"


def _device() -> str:
    return "cuda" if torch.cuda.is_available() else "cpu"


if __name__ == "__main__":
    print(_format_prompt("You are helpful.", "Hello"))
'''


def model(body: str) -> str:
    """The usual model `__init__` followed by `body` (methods indented by four)."""
    return INIT + textwrap.indent(textwrap.dedent(body), "    ")


def parsed(source: str, path: str = "model/model.py") -> ParsedModule:
    result = parse_module(textwrap.dedent(source), path)
    assert isinstance(result, ParsedModule), result
    return result


def facts_of(
    source: str,
    model_class: str | None = "Model",
    tracked: Mapping[str, frozenset[str | int]] | None = None,
) -> CodeFacts:
    return analyze(parsed(source), model_class_name=model_class, tracked_params=tracked or {})


def reads_of(source: str, model_class: str | None = "Model") -> set[tuple[object, ...]]:
    return {(r.key, r.mechanism, r.chainlet) for r in facts_of(source, model_class).reads}


def at(span: Span) -> tuple[int, int]:
    return span.line, span.column


# --------------------------------------------------------------------------- reads

CHAIN = "import truss_chains as chains\n"
CONTEXT_INIT = (
    "    def __init__(self, context: chains.DeploymentContext = chains.depends_context()):\n"
)

READS = [
    pytest.param(
        model("def load(self):\n    self.t = self._secrets['hf_access_token']\n"),
        {("hf_access_token", "subscript", None)},
        id="self._secrets-from-kwargs-read-in-load",
    ),
    pytest.param(
        "class Model:\n    def __init__(self, **kwargs):\n"
        "        self.t = kwargs['secrets']['hf_access_token']\n",
        {("hf_access_token", "subscript", None)},
        id="kwargs-secrets-subscript-directly",
    ),
    pytest.param(
        "class Model:\n    def __init__(self, **kw):\n        s = kw.get('secrets')\n"
        "        self.t = s['k']\n",
        {("k", "subscript", None)},
        id="kwargs-get-secrets-any-kwargs-name",
    ),
    pytest.param(
        "class Model:\n    def __init__(self, **kwargs):\n"
        "        self._s = kwargs.get('secrets', {}) or {}\n"
        "    def load(self):\n        return self._s['k']\n",
        {("k", "subscript", None)},
        id="kwargs-get-with-default-and-or",
    ),
    pytest.param(
        "class Model:\n    def __init__(self, data_dir, config, secrets):\n"
        "        self._secrets = secrets\n    def load(self):\n        self._secrets['k']\n",
        {("k", "subscript", None)},
        id="secrets-named-parameter",
    ),
    pytest.param(
        "class Model:\n    def __init__(self, *, config, secrets, **kwargs):\n"
        "        self.t = secrets.get('k')\n",
        {("k", "get", None)},
        id="secrets-keyword-only-parameter",
    ),
    pytest.param(
        model("def load(self):\n    self.t = self._secrets.get('hf_access_token', None)\n"),
        {("hf_access_token", "get_default", None)},
        id="get-with-None-default",
    ),
    pytest.param(
        model("def load(self):\n    self.t = self._secrets.get(key='k', default='')\n"),
        {("k", "get_default", None)},
        id="get-keyword-default",
    ),
    pytest.param(
        model(
            "def load(self):\n    if 'a' in self._secrets and 'b' not in self._secrets:\n"
            "        pass\n"
        ),
        {("a", "contains", None), ("b", "contains", None)},
        id="in-and-not-in",
    ),
    pytest.param(
        "from typing import Any, Dict\nclass Model:\n    def __init__(self, **kwargs):\n"
        "        self._secrets: Dict[str, Any] = kwargs['secrets']\n"
        "    def predict(self, x):\n        s = self._secrets\n        token = s['k']\n",
        {("k", "subscript", None)},
        id="annotated-attribute-and-local-alias",
    ),
    pytest.param(
        model("def load(self):\n    if (s := self._secrets) is not None:\n        s['w']\n"),
        {("w", "subscript", None)},
        id="walrus-alias",
    ),
    pytest.param(
        model(
            "def load(self):\n    s = self._secrets\n"
            "    def inner():\n        return s['closure']\n"
            "    f = lambda: self._secrets['lam']\n    return inner, f\n"
        ),
        {("closure", "subscript", None), ("lam", "subscript", None)},
        id="closure-and-lambda",
    ),
    pytest.param(
        "KEY = 'hf_access_token'\n" + model("def load(self):\n    self.t = self._secrets[KEY]\n"),
        {("hf_access_token", "subscript", None)},
        id="module-constant-key",
    ),
    pytest.param(
        "class Model:\n    KEY = 'class_key'\n    def __init__(self, secrets):\n"
        "        self._secrets = secrets\n    def load(self):\n"
        "        self._secrets[self.KEY], self._secrets[Model.KEY]\n",
        {("class_key", "subscript", None)},
        id="class-constant-key",
    ),
    pytest.param(
        "BASE = 'hf'\n"
        + model(
            "def load(self):\n    self._secrets[f'{BASE}_token']\n"
            "    self._secrets[BASE + '_key']\n"
        ),
        {("hf_token", "subscript", None), ("hf_key", "subscript", None)},
        id="f-string-and-concatenated-constant-keys",
    ),
    pytest.param(
        model("def load(self):\n    for name in ('a', 'b'):\n        self._secrets[name]\n"),
        {("a", "subscript", None), ("b", "subscript", None)},
        id="loop-over-constant-names",
    ),
    pytest.param(
        model("def predict(self, request):\n    return self._secrets[request['name']]\n"),
        {(None, "subscript", None)},
        id="dynamic-key",
    ),
    pytest.param(
        model("def load(self):\n    self._secrets[f'{self.prefix}_token']\n"),
        {(None, "subscript", None)},
        id="f-string-with-dynamic-part",
    ),
    pytest.param(
        "def make_client(secrets, region='us'):\n    return Client(key=secrets['api_key'])\n"
        + model("def load(self):\n    self.c = make_client(self._secrets)\n"),
        {("api_key", "subscript", None)},
        id="helper-function-same-module",
    ),
    pytest.param(
        "def make_client(region, *, creds):\n    return creds.get('api_key')\n"
        + model("def load(self):\n    self.c = make_client('eu', creds=self._secrets)\n"),
        {("api_key", "get", None)},
        id="helper-function-keyword-argument",
    ),
    pytest.param(
        "class Helper:\n    def __init__(self, secrets):\n        self.s = secrets\n"
        "    def token(self):\n        return self.s['helper_key']\n"
        + model("def load(self):\n    self.h = Helper(self._secrets)\n    self.h.token()\n"),
        {("helper_key", "subscript", None)},
        id="helper-class-same-module",
    ),
    pytest.param(
        model(
            "def load(self):\n    self._login(self._secrets)\n"
            "def _login(self, s):\n    return s['via_method']\n"
        ),
        {("via_method", "subscript", None)},
        id="own-method-receiving-the-object",
    ),
    pytest.param(
        "class Model:\n    def __init__(self, **kwargs):\n        self._kw = kwargs\n"
        "    @property\n    def secrets(self):\n        return self._kw['secrets']\n"
        "    def load(self):\n        self.secrets['prop']\n",
        {("prop", "subscript", None)},
        id="property-returning-the-object",
    ),
    pytest.param(
        "class Base:\n    def __init__(self, **kwargs):\n"
        "        self._secrets = kwargs['secrets']\n"
        "class Model(Base):\n    def load(self):\n        self._secrets['inherited']\n",
        {("inherited", "subscript", None)},
        id="init-inherited-from-same-module-base",
    ),
    pytest.param(
        "class Base:\n    def __init__(self, secrets):\n        self.t = secrets['via_super']\n"
        "class Model(Base):\n    def __init__(self, **kwargs):\n"
        "        super().__init__(secrets=kwargs['secrets'])\n",
        {("via_super", "subscript", None)},
        id="super-init-same-module",
    ),
    pytest.param(
        CHAIN
        + "class Hello(chains.ChainletBase):\n"
        + CONTEXT_INIT
        + "        self._context = context\n"
        "    def run_remote(self) -> str:\n        return self._context.secrets['k']\n",
        {("k", "subscript", "Hello")},
        id="chainlet-self-context-secrets",
    ),
    pytest.param(
        "from truss_chains import ChainletBase, DeploymentContext, depends_context\n"
        "class Hi(ChainletBase):\n    def __init__(self, ctx=depends_context()):\n"
        "        self.k = ctx.secrets.get('k')\n"
        "class Ann(ChainletBase):\n    def __init__(self, c: DeploymentContext):\n"
        "        c.secrets['a']\n",
        {("k", "get", "Hi"), ("a", "subscript", "Ann")},
        id="chainlet-from-imports-default-or-annotation",
    ),
    pytest.param(
        CHAIN + "def helper(s):\n    return s['h']\n"
        "class Hello(chains.ChainletBase):\n"
        + CONTEXT_INIT
        + "        self.t = helper(context.secrets)\n",
        {("h", "subscript", "Hello")},
        id="chainlet-helper-keeps-the-chainlet",
    ),
    pytest.param(
        "class MyModel:\n    def __init__(self, **kwargs):\n        kwargs['secrets']['x']\n",
        set(),
        id="model-class-name-is-not-Model",
    ),
    # environment and file reads: anywhere, no tracking needed
    pytest.param(
        "import os\nfrom os import environ, getenv\nfrom os import environ as env\n"
        "a = os.environ['TRUSS_SECRET_a']\nb = os.environ.get('TRUSS_SECRET_b')\n"
        "c = os.getenv('TRUSS_SECRET_c', 'x')\nd = environ['TRUSS_SECRET_d']\n"
        "e = env.get('TRUSS_SECRET_e')\nf = getenv('TRUSS_SECRET_f')\n",
        {(k, "environ", None) for k in "abcdef"},
        id="environ-every-spelling",
    ),
    pytest.param(
        "import os\nNAME = 'hf_access_token'\nPREFIX = 'TRUSS_SECRET_'\n"
        "a = os.environ[f'TRUSS_SECRET_{NAME}']\nb = os.environ[PREFIX + 'b']\n"
        "c = os.environ[f'TRUSS_SECRET_{name}']\nd = os.environ['HF_TOKEN']\n"
        "e = os.environ.get('PATH')\n",
        {("hf_access_token", "environ", None), ("b", "environ", None), (None, "environ", None)},
        id="environ-constant-and-dynamic-names",
    ),
    pytest.param(
        "import os, pathlib\nfrom pathlib import Path\nNAME = 'hf_access_token'\n"
        "a = open('/secrets/a').read()\nb = Path('/secrets/b').read_text()\n"
        "c = (pathlib.Path('/secrets') / 'c').read_text()\nd = open(f'/secrets/{NAME}')\n"
        "e = Path('/secrets', 'e').open()\nf = open(os.path.join('/secrets', 'f'))\n"
        "g = open('/secrets/' + name)\nh = open('/etc/hosts')\n",
        {(k, "file", None) for k in ("a", "b", "c", "hf_access_token", "e", "f", None)},
        id="file-every-spelling",
    ),
    pytest.param(
        "import os\nclass Model:\n    def load(self):\n"
        "        hf_token_path = '/secrets/hf_access_token'\n"
        "        if os.path.exists(hf_token_path):\n"
        "            with open(hf_token_path, 'r') as f:\n                self.t = f.read()\n",
        {("hf_access_token", "file", None)},
        id="file-path-in-a-variable",
    ),
]


@pytest.mark.parametrize(("source", "expected"), READS)
def test_reads(source: str, expected: set[tuple[object, ...]]) -> None:
    assert reads_of(source) == expected


NOT_READS = [
    pytest.param(
        "import secrets\nclass Model:\n    def __init__(self, **kwargs):\n"
        "        self.k = secrets.token_hex(8)\n        secrets.compare_digest('a', 'b')\n",
        id="stdlib-secrets-module",
    ),
    pytest.param(
        "def load(secrets):\n    return secrets['x']\nsecrets = {'a': 1}\nsecrets['a']\n",
        id="unrelated-variables-named-secrets",
    ),
    pytest.param(
        "class Helper:\n    def __init__(self, secrets):\n        self.s = secrets['not_model']\n",
        id="secrets-parameter-of-another-class",
    ),
    pytest.param(
        "class Model:\n    def __init__(self, **kwargs):\n        self.c = kwargs['config']\n"
        "        self.m = self.c['secrets']['x']\n",
        id="config-is-not-secrets",
    ),
    pytest.param(
        "class NotAChainlet:\n    def __init__(self, context=chains.depends_context()):\n"
        "        context.secrets['x']\n",
        id="context-outside-a-chainlet",
    ),
    pytest.param(
        "# self._secrets['commented']\nDOC = \"kwargs['secrets']['in_a_string']\"\n",
        id="comments-and-strings",
    ),
]


@pytest.mark.parametrize("source", NOT_READS)
def test_not_reads(source: str) -> None:
    assert reads_of(source) == set()


def test_pathlib_reads_are_recorded_where_the_path_is_built() -> None:
    source = (
        "import pathlib\nfrom pathlib import Path\n"
        "TOKEN_FILE = pathlib.Path('/secrets') / 'hf_access_token'\n"
        "def load():\n    if TOKEN_FILE.exists():\n        return TOKEN_FILE.read_text()\n"
        "other = Path('/secrets/other').read_text()\n"
    )
    facts = facts_of(source)
    assert [(r.key, r.mechanism, at(r.span)) for r in facts.reads] == [
        ("hf_access_token", "file", (3, 14)),
        ("other", "file", (7, 9)),
    ]


def test_no_model_class_means_no_tracking() -> None:
    source = "class Model:\n    def __init__(self, **kwargs):\n        kwargs['secrets']['x']\n"
    assert reads_of(source, model_class=None) == set()


# --------------------------------------------------------------------------- misuses

MISUSES = [
    pytest.param(
        model("def load(self):\n    for k in self._secrets:\n        pass\n"),
        ["iterate"],
        id="for-loop",
    ),
    pytest.param(model("def load(self):\n    list(self._secrets)\n"), ["iterate"], id="list"),
    pytest.param(model("def load(self):\n    sorted(self._secrets)\n"), ["iterate"], id="sorted"),
    pytest.param(
        model("def load(self):\n    [k for k in self._secrets]\n"), ["iterate"], id="comprehension"
    ),
    pytest.param(model("def load(self):\n    dict(self._secrets)\n"), ["dict"], id="dict"),
    pytest.param(model("def load(self):\n    {**self._secrets}\n"), ["unpack"], id="dict-unpack"),
    pytest.param(
        model("def load(self):\n    f(**self._secrets)\n"), ["unpack"], id="keyword-unpack"
    ),
    pytest.param(
        model("def load(self):\n    a, b = self._secrets\n"), ["unpack"], id="tuple-unpack"
    ),
    pytest.param(model("def load(self):\n    self._secrets.keys()\n"), ["keys"], id="keys"),
    pytest.param(model("def load(self):\n    self._secrets.values()\n"), ["values"], id="values"),
    pytest.param(
        model("def load(self):\n    for k, v in self._secrets.items():\n        pass\n"),
        ["items"],
        id="items",
    ),
    pytest.param(model("def load(self):\n    len(self._secrets)\n"), ["len"], id="len"),
    pytest.param(
        model("def load(self):\n    for k, v in dict(a=1).items():\n        pass\n"),
        [],
        id="other-dicts-are-fine",
    ),
    pytest.param(
        "class Model:\n    def __init__(self, **kwargs):\n"
        "        for k, v in kwargs.items():\n            pass\n",
        [],
        id="kwargs-itself-is-a-dict",
    ),
]


@pytest.mark.parametrize(("source", "kinds"), MISUSES)
def test_misuses(source: str, kinds: list[str]) -> None:
    assert [m.kind for m in facts_of(source).misuses] == kinds


def test_contains_on_keys_is_a_read_and_a_misuse() -> None:
    facts = facts_of(model("def load(self):\n    if 'k' in self._secrets.keys():\n        pass\n"))
    assert [(r.key, r.mechanism) for r in facts.reads] == [("k", "contains")]
    assert [m.kind for m in facts.misuses] == ["keys"]


# --------------------------------------------------------------------------- escapes

ESCAPES = [
    pytest.param(
        model("def load(self):\n    self.client = SomeClient(self._secrets)\n"),
        "passed to `SomeClient`",
        id="unknown-callee",
    ),
    pytest.param(
        model("def load(self):\n    self.cfg.secrets = self._secrets\n"),
        "stored on an object",
        id="stored-on-untracked-object",
    ),
    pytest.param(
        model("def load(self):\n    self.all = [self._secrets]\n"),
        "container",
        id="stored-in-a-list",
    ),
    pytest.param(
        model("def load(self, name):\n    self.d = {name: self._secrets}\n"),
        "container",
        id="stored-in-a-dict-under-a-computed-key",
    ),
    pytest.param(
        model("def load(self):\n    registry['s'] = self._secrets\n"),
        "container",
        id="stored-by-subscript",
    ),
    pytest.param(
        model("def get(self):\n    return self._secrets\n"), "returned", id="returned-from-a-method"
    ),
    pytest.param(
        model("def load(self):\n    getattr(self._secrets, 'x')\n"),
        "getattr",
        id="builtin-we-do-not-model",
    ),
    pytest.param(
        model("def load(self):\n    self._secrets._base_secrets.keys()\n"),
        "attribute `._base_secrets`",
        id="private-attribute",
    ),
    pytest.param(
        model("def load(self):\n    self._secrets.pop('k')\n"),
        "method `.pop()`",
        id="unknown-method",
    ),
    pytest.param(
        model("def load(self):\n    json.dumps(self._secrets)\n"), "json.dumps", id="undefined-name"
    ),
    pytest.param(
        "import os\n" + model("def load(self):\n    os.environ.update(self._secrets)\n"),
        "os.environ.update",
        id="stdlib-is-an-escape-not-outgoing",
    ),
    pytest.param(
        model("def load(self):\n    register(self)\n"),
        "passed to `register`",
        id="instance-holding-the-object",
    ),
    pytest.param(
        CHAIN
        + "class Hello(chains.ChainletBase):\n"
        + CONTEXT_INIT
        + "        self.client = Client(context)\n",
        "passed to `Client`",
        id="chains-context-to-unknown-callee",
    ),
]


@pytest.mark.parametrize(("source", "description"), ESCAPES)
def test_escapes(source: str, description: str) -> None:
    escapes = facts_of(source).escapes
    assert escapes
    assert any(description in e.description for e in escapes), escapes


NOT_ESCAPES = [
    pytest.param(
        model(
            "def load(self):\n    isinstance(self._secrets, dict)\n"
            "    if self._secrets and self._secrets is not None:\n        pass\n"
        ),
        id="type-and-truth-checks",
    ),
    pytest.param(
        "def helper(s):\n    return s['k']\n"
        + model("def load(self):\n    helper(self._secrets)\n"),
        id="same-module-helper-is-followed",
    ),
    pytest.param(
        model("def load(self):\n    self._s = self._secrets\n    self._s2 = self._s\n"),
        id="attribute-copies",
    ),
    pytest.param(
        model("def load(self):\n    self._get()['k']\ndef _get(self):\n    return self._secrets\n"),
        id="returned-to-a-same-module-caller",
    ),
    pytest.param(
        CHAIN + "class Stub(chains.StubBase):\n    pass\n"
        "class Hello(chains.ChainletBase):\n"
        + CONTEXT_INIT
        + "        self._stub = Stub.from_url('https://x', context)\n",
        id="context-to-chains-stub",
    ),
    pytest.param(
        model(
            "def load(self):\n    threading.Thread(target=self._bg).start()\n"
            "def _bg(self):\n    self._secrets['k']\n"
        ),
        id="bound-method-passed",
    ),
]


@pytest.mark.parametrize("source", NOT_ESCAPES)
def test_not_escapes(source: str) -> None:
    assert facts_of(source).escapes == ()


# --------------------------------------------------------------------------- other modules

OUTGOING = [
    pytest.param(
        "from .utils import load_client\n"
        + model("def load(self):\n    load_client(self._secrets)\n"),
        {(".utils", "load_client", 0)},
        id="relative-import-positional",
    ),
    pytest.param(
        "from . import helpers\n"
        + model("def load(self):\n    helpers.init(region='x', creds=self._secrets)\n"),
        {(".helpers", "init", "creds")},
        id="submodule-attribute-keyword",
    ),
    pytest.param(
        "import model.other as other\n"
        + model("def load(self):\n    other.setup(1, self._secrets)\n"),
        {("model.other", "setup", 1)},
        id="absolute-import-alias",
    ),
    pytest.param(
        "from helpers import Helper\n"
        + model("def load(self):\n    Helper(self._secrets)\n    Helper.create(s=self._secrets)\n"),
        {("helpers", "Helper", 0), ("helpers", "Helper.create", "s")},
        id="imported-class-and-classmethod",
    ),
    pytest.param(
        "from base import ExternalBase\nclass Model(ExternalBase):\n"
        "    def __init__(self, **kwargs):\n        super().__init__(**kwargs)\n",
        {("base", "ExternalBase", "secrets")},
        id="kwargs-forwarded-to-imported-base",
    ),
]


@pytest.mark.parametrize(("source", "expected"), OUTGOING)
def test_outgoing(source: str, expected: set[tuple[object, ...]]) -> None:
    facts = facts_of(source)
    assert {(o.module, o.name, o.param) for o in facts.outgoing} == expected
    assert facts.escapes == ()


HELPER_MODULE = """\
import logging

def load_client(secrets, region="us"):
    token = secrets["hf_access_token"]
    logging.info(token)
    return token

class Helper:
    def __init__(self, config, secrets):
        self._s = secrets

    def wandb(self):
        return self._s.get("wandb_key", None)

    @classmethod
    def create(cls, creds):
        return creds["created"]

def untracked(secrets):
    return secrets["nope"]
"""


def test_outgoing_then_reanalysis_with_tracked_params() -> None:
    main = facts_of(
        "from .helpers import load_client, Helper\n"
        + model(
            "def load(self):\n    load_client(self._secrets)\n"
            "    Helper(self.config, secrets=self._secrets)\n"
            "    Helper.create(self._secrets)\n"
        )
    )
    tracked: dict[str, set[str]] = {}
    for outgoing in main.outgoing:
        assert outgoing.module == ".helpers"
        tracked.setdefault(outgoing.name, set()).add(str(outgoing.param))  # as the engine does
    assert tracked == {"load_client": {"0"}, "Helper": {"secrets"}, "Helper.create": {"0"}}

    helper = parsed(HELPER_MODULE, "model/helpers.py")
    untouched = analyze(helper, model_class_name=None)
    assert untouched.reads == ()
    frozen = {name: frozenset(params) for name, params in tracked.items()}
    followed = analyze(helper, model_class_name=None, tracked_params=frozen)
    assert {(r.key, r.mechanism) for r in followed.reads} == {
        ("hf_access_token", "subscript"),
        ("wandb_key", "get_default"),
        ("created", "subscript"),
    }
    assert [(leak.secret, leak.sink) for leak in followed.leaks] == [("hf_access_token", "logging")]
    # the same ParsedModule serves both analyses, and neither changes it
    assert analyze(helper, model_class_name=None) == untouched


def test_tracked_params_by_position_name_and_int() -> None:
    helper = parsed(HELPER_MODULE)
    for params in (frozenset({"secrets"}), frozenset({"0"}), frozenset({0})):
        found = analyze(helper, model_class_name=None, tracked_params={"load_client": params})
        assert [r.key for r in found.reads] == ["hf_access_token"]
    by_position = analyze(helper, model_class_name=None, tracked_params={"Helper": frozenset({1})})
    assert [r.key for r in by_position.reads] == ["wandb_key"]


# --------------------------------------------------------------------------- chainlets

CHAINLETS = [
    pytest.param(
        CHAIN + "class Hello(chains.ChainletBase):\n"
        "    remote_config = chains.RemoteConfig(assets=chains.Assets(secret_keys=['a', 'b']))\n",
        {("Hello", ("a", "b"))},
        id="inline-secret-keys",
    ),
    pytest.param(
        "import truss_chains\nKEYS = ['hook']\n"
        "REMOTE = truss_chains.RemoteConfig(assets=truss_chains.Assets(secret_keys=KEYS))\n"
        "class Hello(truss_chains.ChainletBase):\n    remote_config = REMOTE\n",
        {("Hello", ("hook",))},
        id="module-level-config-and-keys",
    ),
    pytest.param(
        CHAIN + "class Hello(chains.ChainletBase):\n"
        "    remote_config = chains.RemoteConfig(assets=chains.Assets(secret_keys=load()))\n",
        {("Hello", None)},
        id="dynamic-keys",
    ),
    pytest.param(
        CHAIN + "class A(chains.ChainletBase):\n"
        "    remote_config = chains.RemoteConfig(docker_image=chains.DockerImage())\n"
        "class B(chains.ChainletBase):\n    pass\n"
        "class C(B):\n    pass\n",
        {("A", ()), ("B", ()), ("C", ())},
        id="no-keys-and-inherited-chainlet",
    ),
    pytest.param(
        "class Hello(ChainletBase):\n    remote_config = RemoteConfig(assets=Assets("
        "secret_keys=['a']))\n",
        set(),
        id="not-imported-from-truss-chains",
    ),
]


@pytest.mark.parametrize(("source", "expected"), CHAINLETS)
def test_chainlets(source: str, expected: set[tuple[object, ...]]) -> None:
    facts = facts_of(source, model_class=None)
    assert {(c.chainlet, c.keys) for c in facts.chainlets} == expected
    assert facts.imports_truss_chains == ("truss_chains" in source)


# --------------------------------------------------------------------------- leaks

LEAKS = [
    pytest.param(
        LOG
        + model("def load(self):\n    t = self._secrets['tok']\n    logger.info(f'token {t}')\n"),
        {("tok", "logging")},
        id="f-string-to-logger",
    ),
    pytest.param(
        model("def load(self):\n    print('token: ' + self._secrets['tok'])\n"),
        {("tok", "print")},
        id="concatenation-to-print",
    ),
    pytest.param(
        "import logging\n"
        + model(
            "def load(self):\n    t = self._secrets['tok'].strip()\n"
            "    logging.warning('t=%s' % t)\n    logging.debug('t={}'.format(str(t)))\n"
            "    logging.error('t', t)\n"
        ),
        {("tok", "logging")},
        id="percent-format-str-strip-to-logging",
    ),
    pytest.param(
        model(
            "def load(self):\n    self.tok = self._secrets['tok']\n"
            "def other(self):\n    self.logger.error(self.tok)\n    LOGGER.debug(self.tok)\n"
            "    log.warning(self.tok)\n"
        ),
        {("tok", "logging")},
        id="attribute-across-methods-to-logger-names",
    ),
    pytest.param(
        model(
            "def load(self):\n    t = self._secrets['tok']\n"
            "    raise ValueError(f'bad token {t}')\n"
        ),
        {("tok", "exception")},
        id="raise-with-f-string",
    ),
    pytest.param(
        model("def load(self):\n    err = RuntimeError(self._secrets['tok'])\n    raise err\n"),
        {("tok", "exception")},
        id="raise-prebuilt-exception",
    ),
    pytest.param(
        model("def predict(self, x):\n    return {'token': self._secrets['tok']}\n"),
        {("tok", "return")},
        id="return-from-predict",
    ),
    pytest.param(
        model("async def predict(self, x):\n    t = self._secrets['tok']\n    return t\n"),
        {("tok", "return")},
        id="return-from-async-predict",
    ),
    pytest.param(
        "import os\nprint(os.environ['TRUSS_SECRET_env_tok'])\n"
        "print(open('/secrets/file_tok').read())\n",
        {("env_tok", "print"), ("file_tok", "print")},
        id="env-and-file-values",
    ),
    pytest.param(
        model(
            "def load(self):\n    headers = {'Authorization': f\"Bearer {self._secrets['tok']}\"}\n"
            "    print(headers)\n"
        ),
        {("tok", "print")},
        id="inside-a-dict",
    ),
    pytest.param(
        model("def load(self):\n    print(self._secrets)\n"),
        {(None, "print")},
        id="the-whole-object",
    ),
]


@pytest.mark.parametrize(("source", "expected"), LEAKS)
def test_leaks(source: str, expected: set[tuple[object, ...]]) -> None:
    assert {(leak.secret, leak.sink) for leak in facts_of(source).leaks} == expected


NOT_LEAKS = [
    pytest.param(
        "from huggingface_hub import login\n"
        + model(
            "def load(self):\n    t = self._secrets['tok']\n    login(token=t)\n"
            "    self.m = AutoModel.from_pretrained('x', token=t)\n"
            "    self.c = Client(api_key=t)\n    print(self.m, self.c)\n"
        ),
        id="tokens-passed-to-libraries",
    ),
    pytest.param(
        "import logging, os\n"
        + model(
            "def load(self):\n    t = self._secrets['tok']\n"
            "    logging.info('has token: %s', t is not None)\n"
            "    print('logged in', bool(t), len(t))\n    os.environ['HF_TOKEN'] = t\n"
            "    if not t:\n        raise ValueError('missing token')\n"
        ),
        id="checks-about-the-token",
    ),
    pytest.param(
        model(
            "def load(self):\n    self.t = self._secrets['tok']\n"
            "def predict(self, x):\n    return self.model(x, token=self.t)\n"
        ),
        id="predict-returning-a-call-result",
    ),
    pytest.param(
        "class Helper:\n    def predict(self, s):\n        return s\n"
        + model("def load(self):\n    self.h = Helper().predict(self._secrets['k'])\n"),
        id="predict-of-another-class",
    ),
    pytest.param(
        model("def load(self):\n    print(kwargs_copy)\n    print('secrets')\n"),
        id="unrelated-prints",
    ),
]


@pytest.mark.parametrize("source", NOT_LEAKS)
def test_not_leaks(source: str) -> None:
    assert facts_of(source).leaks == ()


# --------------------------------------------------------------------------- literals

LITERALS = [
    pytest.param(
        "API_KEY = 'sk-abcdefghijklmnop'\n", ("sk-abcdefghijklmnop", "API_KEY"), id="assignment"
    ),
    pytest.param(
        "class C:\n    def f(self):\n        self.token = 'hf_abcdefghij'\n",
        ("hf_abcdefghij", "token"),
        id="attribute",
    ),
    pytest.param(
        "client = Client(api_key='0123456789abcdef')\n",
        ("0123456789abcdef", "api_key"),
        id="keyword-argument",
    ),
    pytest.param(
        "h = {'Authorization': 'Bearer abcdefgh'}\n",
        ("Bearer abcdefgh", "Authorization"),
        id="dict-value",
    ),
    pytest.param(
        "import os\nos.environ['HF_TOKEN'] = 'hf_abcdefghij'\n",
        ("hf_abcdefghij", "HF_TOKEN"),
        id="environ-assignment",
    ),
    pytest.param(
        "import os\nos.environ.setdefault('HF_TOKEN', 'hf_abcdefghij')\n",
        ("hf_abcdefghij", "HF_TOKEN"),
        id="environ-setdefault",
    ),
    pytest.param(
        "import os\nos.putenv('HF_TOKEN', 'hf_abcdefghij')\n",
        ("hf_abcdefghij", "HF_TOKEN"),
        id="putenv",
    ),
    pytest.param(
        "def f(token='hf_abcdefghij'):\n    pass\n",
        ("hf_abcdefghij", "token"),
        id="parameter-default",
    ),
    pytest.param(
        "url = f'https://user:{pw}@host/x'\n",
        ("https://user:@host/x", "url"),
        id="f-string-constant-parts",
    ),
    pytest.param("k = ('hf_abcd' 'efghij')\n", ("hf_abcdefghij", "k"), id="implicit-concatenation"),
    pytest.param(
        "tok = os.getenv('HF_TOKEN') or 'hf_abcdefghij'\n",
        ("hf_abcdefghij", "tok"),
        id="fallback-after-or",
    ),
    pytest.param("call('hf_abcdefghij')\n", ("hf_abcdefghij", None), id="no-context"),
]


@pytest.mark.parametrize(("source", "expected"), LITERALS)
def test_literals(source: str, expected: tuple[str, str | None]) -> None:
    literals = {(lit.value, lit.context) for lit in facts_of(source).literals}
    assert expected in literals


def test_short_and_blank_literals_are_left_out() -> None:
    facts = facts_of("a = 'short'\nb = '        '\nc = f'{x}{y}'\nd = '12345678'\n")
    assert [(lit.value, lit.context) for lit in facts.literals] == [("12345678", "d")]


# --------------------------------------------------------------------------- positions


def test_positions_of_reads_misuses_and_leaks() -> None:
    source = LOG + model(
        """\
        def load(self):
            t = self._secrets['hf_access_token']
            u = self._secrets.get('other', None)
            if 'wandb' in self._secrets:
                logger.info(f'token {t}')
            for k in self._secrets:
                pass
        """
    )
    facts = facts_of(source)
    assert [(r.key, at(r.span)) for r in facts.reads] == [
        ("hf_access_token", (7, 13)),
        ("other", (8, 13)),
        ("wandb", (9, 12)),
    ]
    assert facts.reads[0].span == Span(7, 13, 7, 45)
    assert [at(m.span) for m in facts.misuses] == [(11, 18)]
    assert [at(leak.span) for leak in facts.leaks] == [(10, 13)]


def test_positions_of_env_file_literal_and_outgoing() -> None:
    source = (
        "import os\n"
        "from .h import use\n"
        "TOKEN = os.environ['TRUSS_SECRET_hf_access_token']\n"
        "class Model:\n"
        "    def __init__(self, secrets):\n"
        "        self.t = open('/secrets/hf_access_token').read()\n"
        "        use(secrets)\n"
        "        os.environ['HF_TOKEN'] = 'hf_abcdefghijklmnopqrstuvwxyz'\n"
    )
    facts = facts_of(source)
    assert [(r.mechanism, at(r.span)) for r in facts.reads] == [
        ("environ", (3, 9)),
        ("file", (6, 18)),
    ]
    assert [at(o.span) for o in facts.outgoing] == [(7, 9)]
    hf = [lit for lit in facts.literals if lit.value.startswith("hf_")]
    assert [(at(lit.span), lit.span.end_column) for lit in hf] == [((8, 34), 65)]


def test_positions_of_chainlet_declarations() -> None:
    source = (
        CHAIN + "\nclass Hello(chains.ChainletBase):\n"
        "    remote_config = chains.RemoteConfig(assets=chains.Assets(secret_keys=['hook']))\n"
        "\n    def __init__(self, context: chains.DeploymentContext = chains.depends_context()):\n"
        "        self._k = context.secrets['b']\n"
    )
    facts = facts_of(source, model_class=None)
    (chainlet,) = facts.chainlets
    assert at(chainlet.span) == (4, 74)
    assert [at(span) for span in chainlet.key_spans] == [(4, 75)]
    assert [(r.key, r.chainlet, at(r.span)) for r in facts.reads] == [("b", "Hello", (7, 19))]


def test_positions_with_tabs_crlf_and_unicode() -> None:
    source = "x = 'é'\r\nclass Model:\r\n\tdef __init__(self, secrets):\r\n\t\tsecrets['k']\r\n"
    (read,) = facts_of(source).reads
    assert read.span == Span(4, 3, 4, 15)


def test_spans_match_libcst_position_provider() -> None:
    """Positions (computed per statement, see tests/test_positions.py) must agree with libcst's
    own PositionProvider on every node."""
    sources = [p.values[0] for table in (READS, LEAKS, ESCAPES) for p in table]
    sources.append(TYPICAL_MODEL)
    for source in sources:
        assert isinstance(source, str)
        result = parsed(source)
        positions = MetadataWrapper(result.module, unsafe_skip_copy=True).resolve(PositionProvider)
        for node, r in positions.items():
            expected = (r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)
            assert _span_tuple(result.span(node)) == expected, type(node).__name__


def _span_tuple(span: Span) -> tuple[int, int, int, int]:
    return span.line, span.column, span.end_line, span.end_column


# --------------------------------------------------------------------------- parse failures

PARSE_FAILURES = [
    pytest.param("print 'hf_abcdefghijklmnopqrstuvwxyz123456'\n", 1, id="python2-print"),
    pytest.param("x = 1\nexec 'code'\n", 2, id="python2-exec"),
    pytest.param("x = `y`\n", 1, id="python2-backticks"),
    pytest.param("def f(:\n    pass\n", 1, id="syntax-error"),
    pytest.param("x = 'unterminated\n", 1, id="unterminated-string"),
    pytest.param("x = 1\ny = 2\x00\n", 2, id="nul-byte"),
    pytest.param(b"x = '\xff\xfe'\n", 1, id="undecodable-bytes"),
    pytest.param(b"# coding: no-such-codec\nx = 1\n", 1, id="unknown-encoding"),
    pytest.param("x = 'a' b'b'\n", 1, id="str-and-bytes"),
    pytest.param("x = " + "(" * 100_000 + "1" + ")" * 100_000 + "\n", 1, id="100k-parentheses"),
    pytest.param("x = " + "-" * 100_000 + "1\n", 1, id="100k-unary-minus"),
    pytest.param("x = " + "1 + " * 100_000 + "1\n", 1, id="100k-additions"),
    pytest.param("x = a" + ".b" * 100_000 + "\n", 1, id="100k-attributes"),
    pytest.param("x = (" + "'a' " * 100_000 + ")\n", 1, id="100k-adjacent-strings"),
    pytest.param(
        "if x:\n    pass\n" + "elif x:\n    pass\n" * 100_000,
        2003,  # 1001st elif
        id="100k-elifs",
    ),
]


@pytest.mark.parametrize(("source", "line"), PARSE_FAILURES)
def test_parse_failures(source: str | bytes, line: int) -> None:
    with hang_guard(60):
        result = parse_module(source, "model/model.py")
    assert isinstance(result, ParseFailure)
    assert result.span.line == line
    assert result.path == "model/model.py"
    assert "hf_abcdefghijklmnop" not in result.message


def test_parse_accepts_bom_and_coding_cookie() -> None:
    for source in (
        b"\xef\xbb\xbfx = 'abcdefgh'\n",
        b"# -*- coding: latin-1 -*-\nx = '\xe9t\xe9abcdefgh'\n",
    ):
        result = parse_module(source, "m.py")
        assert isinstance(result, ParsedModule)
        assert len(analyze(result, model_class_name=None).literals) == 1


def test_recursion_during_analysis_becomes_an_escape(monkeypatch: pytest.MonkeyPatch) -> None:
    from truss_secret_lint.code_facts import interp

    def explode(self: object) -> None:
        raise RecursionError

    monkeypatch.setattr(interp.Interpreter, "run_round", explode)
    facts = facts_of(model("def load(self):\n    self._secrets['k']\n"))
    assert [e.description for e in facts.escapes] == [
        "analysis stopped: the code is nested too deeply"
    ]


# --------------------------------------------------------------------------- prefilter


def _all_sources() -> list[str]:
    tables = (
        READS,
        NOT_READS,
        MISUSES,
        ESCAPES,
        NOT_ESCAPES,
        OUTGOING,
        CHAINLETS,
        LEAKS,
        NOT_LEAKS,
        LITERALS,
    )
    sources = [p.values[0] for table in tables for p in table]
    return [s for s in sources if isinstance(s, str)] + [TYPICAL_MODEL, HELPER_MODULE]


@pytest.mark.parametrize("source", _all_sources())
def test_might_read_secrets_is_never_false_when_analyze_finds_something(source: str) -> None:
    facts = facts_of(source)
    found = (
        facts.reads,
        facts.misuses,
        facts.escapes,
        facts.outgoing,
        facts.leaks,
        facts.chainlets,
    )
    if any(found):
        assert might_read_secrets(textwrap.dedent(source))


def test_might_read_secrets_skips_ordinary_code() -> None:
    assert not might_read_secrets("import torch\n\ndef f(x):\n    return torch.tensor(x)\n")
    assert might_read_secrets("import os\nos.environ['TRUSS_SECRET_x']\n")
    assert might_read_secrets("import truss_chains as chains\n")


# --------------------------------------------------------------------------- robustness

MUTATION_SEEDS = [s for s in _all_sources()]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(MUTATION_SEEDS),
    start=st.integers(min_value=0, max_value=400),
    length=st.integers(min_value=0, max_value=40),
    insert=st.text(alphabet="()[]{}:,.'\"\\\n #=*-+fbr", max_size=8),
)
def test_mutated_code_never_raises(seed: str, start: int, length: int, insert: str) -> None:
    source = seed[:start] + insert + seed[start + length :]
    result = parse_module(source, "m.py")
    if isinstance(result, ParsedModule):
        analyze(result, model_class_name="Model", tracked_params={"helper": frozenset({"0"})})


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    result = parse_module(data, "m.py")
    if isinstance(result, ParsedModule):
        analyze(result, model_class_name="Model")


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "def f(logger):\n    while True:\n        logger = logger.warning\n",
            id="self-referential-attribute",
        ),
        pytest.param("x = ''\nfor c in data:\n    x = x + 'ab'\n", id="string-grown-in-a-loop"),
        pytest.param(
            "def f(n):\n    return f(n - 1) + f(n - 2)\ndef g(a):\n    return g([a])\n",
            id="recursive-functions",
        ),
    ],
)
def test_fixpoint_terminates(source: str) -> None:
    with hang_guard(60):
        facts_of(source)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text: str) -> None:
    result = parse_module(text, "m.py")
    if isinstance(result, ParsedModule):
        analyze(result, model_class_name="Model")


def test_analysis_is_deterministic() -> None:
    first = facts_of(TYPICAL_MODEL)
    assert facts_of(TYPICAL_MODEL) == first


def test_typical_model_facts() -> None:
    facts = facts_of(TYPICAL_MODEL)
    assert [(r.key, r.mechanism) for r in facts.reads] == [("hf_access_token", "subscript")]
    assert (facts.leaks, facts.escapes, facts.misuses, facts.outgoing) == ((), (), (), ())


# --------------------------------------------------------------------------- holders, partial

HELD_READS = [
    pytest.param(
        model(
            "def load(self):\n    self._ctx = {'secrets': self._secrets}\n"
            "    self.t = self._ctx['secrets']['k']\n"
        ),
        id="dict-literal",
    ),
    pytest.param(
        model(
            "def load(self):\n    self._ctx = {}\n    self._ctx['secrets'] = self._secrets\n"
            "    self.t = self._ctx['secrets']['k']\n"
        ),
        id="item-assigned-on-an-attribute",
    ),
    pytest.param(
        model(
            "def load(self):\n    ctx = dict(store=self._secrets)\n"
            "    self.t = ctx.get('store')['k']\n"
        ),
        id="dict-call-and-get",
    ),
    pytest.param(
        "from types import SimpleNamespace\n"
        + model(
            "def load(self):\n    ns = SimpleNamespace(secrets=self._secrets)\n"
            "    self.t = ns.secrets['k']\n"
        ),
        id="simple-namespace",
    ),
    pytest.param(
        "from dataclasses import dataclass\n@dataclass\nclass Ctx:\n    cfg: dict\n    s: dict\n"
        + model(
            "def load(self):\n    self.c = Ctx({}, self._secrets)\n    self.t = self.c.s['k']\n"
        ),
        id="dataclass-positional-field",
    ),
    pytest.param(
        "def use(*, store):\n    return store['k']\n"
        + model("def load(self):\n    self.c = {'store': self._secrets}\n    use(**self.c)\n"),
        id="holder-unpacked-into-a-keyword",
    ),
    pytest.param(
        "import functools\ndef use(repo, secrets):\n    return secrets['k']\n"
        + model(
            "def load(self):\n    f = functools.partial(use, secrets=self._secrets)\n"
            "    f('org/m')\n"
        ),
        id="functools-partial",
    ),
]


@pytest.mark.parametrize("source", HELD_READS)
def test_reads_through_holders(source: str) -> None:
    facts = facts_of(source)
    assert {(r.key, r.mechanism) for r in facts.reads} == {("k", "subscript")}
    assert facts.escapes == ()


def test_item_assigned_on_a_parameter_escapes() -> None:
    """`d["s"] = secrets` where `d` is the caller's dict: the caller's object is not followed."""
    facts = facts_of(
        model(
            "def load(self):\n    fill(self.reg)\ndef fill(self, d):\n    d['s'] = self._secrets\n"
        )
    )
    assert [e.description for e in facts.escapes] == ["the secrets object is stored in a container"]


def test_partial_of_an_imported_helper_is_outgoing() -> None:
    facts = facts_of(
        "from functools import partial\nfrom .download import fetch\n"
        + model("def load(self):\n    self.f = partial(fetch, 'org/m', secrets=self._secrets)\n")
    )
    assert {(o.module, o.name, o.param) for o in facts.outgoing} == {
        (".download", "fetch", "secrets")
    }
    assert facts.escapes == ()


# --------------------------------------------------------------------------- across modules


def test_imported_key_is_left_for_linking() -> None:
    facts = facts_of(
        "from .constants import HF\nfrom . import names\n"
        + model(
            "def load(self):\n    self.a = self._secrets[HF]\n"
            "    self.b = self._secrets[names.WANDB]\n"
        )
    )
    assert {(r.key, r.imported) for r in facts.reads} == {
        (None, (".constants", "HF")),
        (None, (".names", "WANDB")),
    }


def test_exports_constants_aliases_bases_and_held_attributes() -> None:
    facts = facts_of(
        "from .keys import WANDB\nfrom .base import Root\nimport os\n"
        "HF = 'hf_access_token'\nTWICE = 'a'\nTWICE = 'b'\nDYN = os.environ['X']\n"
        "class Base(Root):\n    def __init__(self, **kwargs):\n"
        "        self._s = kwargs['secrets']\n        self._ctx = {'secrets': kwargs['secrets']}\n",
        model_class=None,
        tracked={"Base": frozenset({"secrets"})},
    )
    assert facts.constants == (("HF", "hf_access_token"),)
    assert facts.aliases == (("Root", ".base", "Root"), ("WANDB", ".keys", "WANDB"))
    assert facts.bases == ((".base", "Root"),)
    assert {(h.cls, h.attr, h.key) for h in facts.attributes} == {
        ("Base", "_s", None),
        ("Base", "_ctx", "secrets"),
    }


def test_inherited_attributes_are_read_in_the_subclass() -> None:
    source = (
        "from .base import BaseModel\nclass Model(BaseModel):\n    def load(self):\n"
        "        self.t = self._secrets['k']\n"
    )
    alone = facts_of(source)
    assert alone.reads == ()
    assert {(o.module, o.name, o.param) for o in alone.outgoing} == {
        (".base", "BaseModel", "secrets")
    }
    linked = analyze(
        parsed(source),
        model_class_name="Model",
        inherited={(".base", "BaseModel"): frozenset({("_secrets", None)})},
    )
    assert {r.key for r in linked.reads} == {"k"}


def test_suspicious_comments_only() -> None:
    token = "hf_" + "Tz6Yq1Wm8Rk3Lp5Vn0Xb2Jc7Hd4Gf9As" + "Nu"
    facts = facts_of(
        f"x = '# not a comment {token}'  # see https://huggingface.co/org/model\n"
        f"# HF_TOKEN={token}\n",
        model_class=None,
    )
    assert [(c.span.line, c.span.column) for c in facts.comments] == [(2, 1)]


def test_computed_key_of_a_holder_may_be_the_object() -> None:
    """`for k in kwargs: setattr(self, k, kwargs[k])` hands the object to `setattr`."""
    facts = facts_of(
        "class Model:\n    def __init__(self, **kwargs):\n"
        "        for k in kwargs:\n            setattr(self, k, kwargs[k])\n"
    )
    assert [e.description for e in facts.escapes] == ["the secrets object is passed to `setattr`"]
