"""Secrets followed across the modules of a model package, through the real command line.

Each case is a Truss written the way real ones are: a model package with a base class, a
constants module, a context dataclass, helpers bound with `functools.partial`. What a user
must see is pinned as (code, path, line, secret) — nothing more, nothing less — so a read the
analysis loses (a false TSL303, a missed TSL301) and a key it cannot resolve (a false TSL302)
both fail the test.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from tests.conftest import hang_guard, write_tree
from truss_secret_lint.cli import main

CODE_RULES = "TSL301,TSL302,TSL303,TSL305,TSL307"

CONFIG = """\
model_name: chat-llm
python_version: py311
requirements:
  - vllm==0.6.3
  - huggingface_hub
resources:
  accelerator: H100
  use_gpu: true
secrets:
  hf_access_token: null
  wandb_api_key: null
  openai_api_key: null  # the judge model, not wired up yet
"""

BASE = '''\
"""Shared plumbing for every model in this repository."""
import logging
from typing import Any

logger = logging.getLogger(__name__)


class BaseModel:
    def __init__(self, **kwargs: Any) -> None:
        self._config = kwargs["config"]
        self._data_dir = kwargs["data_dir"]
        self._secrets = kwargs["secrets"]
        self._model = None

    @property
    def model_metadata(self) -> dict:
        return self._config.get("model_metadata", {})

    def predict(self, request: dict) -> dict:
        if self._model is None:
            raise RuntimeError("load() was not called")
        return self.generate(request)
'''

CONSTANTS = '''\
"""Names of the platform secrets this model reads."""
HF_SECRET_NAME = "hf_access_token"
WANDB_SECRET_NAME = "wandb_api_key"
DEFAULT_MAX_TOKENS = 512
'''

MODEL = """\
import logging

from huggingface_hub import login

from . import constants
from .base import BaseModel
from .constants import HF_SECRET_NAME

logger = logging.getLogger(__name__)


class Model(BaseModel):
    def load(self) -> None:
        login(token=self._secrets[HF_SECRET_NAME])
        import wandb

        wandb.login(key=self._secrets[constants.WANDB_SECRET_NAME])
        logger.info("loaded %s", self.model_metadata.get("repo_id"))
        self._model = object()

    def generate(self, request: dict) -> dict:
        return {"text": request.get("prompt", "")[: constants.DEFAULT_MAX_TOKENS]}
"""


def _findings(root: Path, select: str = CODE_RULES) -> list[tuple[str, str, int, str | None]]:
    stdout = io.StringIO()
    with hang_guard(120), contextlib.redirect_stdout(stdout):
        status = main(["--format", "json", "--no-cache", "--select", select, str(root)])
    assert status in (0, 1)
    return sorted(
        (f["code"], Path(f["path"]).relative_to(root).as_posix(), f["line"], f["secret"])
        for f in json.loads(stdout.getvalue())
    )


def test_base_class_and_key_constants_in_sibling_modules(tmp_path: Path) -> None:
    """`__init__` inherited from `model/base.py`, keys imported from `model/constants.py`: the
    two reads are seen (no TSL302, no TSL303 for them) and the one unused secret is reported."""
    write_tree(
        tmp_path,
        {
            "config.yaml": CONFIG,
            "model/__init__.py": "",
            "model/base.py": BASE,
            "model/constants.py": CONSTANTS,
            "model/model.py": MODEL,
        },
    )
    assert _findings(tmp_path) == [("TSL303", "config.yaml", 12, "openai_api_key")]


def test_misspelt_constant_is_an_undeclared_read(tmp_path: Path) -> None:
    """The constant names a secret the config does not declare: TSL301 at the read, TSL303 for
    the declared name nothing reads — not a TSL302 that hides both."""
    config = CONFIG.replace("  hf_access_token: null\n", "  hf_token: null\n")
    write_tree(
        tmp_path,
        {
            "config.yaml": config.replace(
                "  openai_api_key: null  # the judge model, not wired up yet\n", ""
            ),
            "model/__init__.py": "from .constants import HF_SECRET_NAME, WANDB_SECRET_NAME\n",
            "model/base.py": BASE,
            "model/constants.py": CONSTANTS,
            "model/model.py": MODEL,
        },
    )
    assert _findings(tmp_path) == [
        ("TSL301", "model/model.py", 14, "hf_access_token"),
        ("TSL303", "config.yaml", 10, "hf_token"),
    ]


def test_inheritance_over_three_modules(tmp_path: Path) -> None:
    """root.py keeps the object, base.py forwards `**kwargs` to it, model.py reads through it."""
    write_tree(
        tmp_path,
        {
            "config.yaml": "model_name: m\nsecrets:\n  hf_access_token: null\n",
            "model/__init__.py": "",
            "model/root.py": "class Root:\n    def __init__(self, **kwargs):\n"
            "        self._secrets = kwargs['secrets']\n",
            "model/base.py": "from .root import Root\n\n\nclass Base(Root):\n"
            "    def __init__(self, **kwargs):\n        super().__init__(**kwargs)\n"
            "        self._ready = False\n",
            "model/model.py": "from .base import Base\n\n\nclass Model(Base):\n"
            "    def load(self):\n        self.token = self._secrets['hf_token']\n",
        },
    )
    assert _findings(tmp_path) == [
        ("TSL301", "model/model.py", 6, "hf_token"),
        ("TSL303", "config.yaml", 3, "hf_access_token"),
    ]


CONTEXT = """\
from dataclasses import dataclass
from typing import Any


@dataclass
class InferenceContext:
    config: dict
    secrets: Any
    device: str = "cuda"
"""

DOWNLOAD = """\
from huggingface_hub import snapshot_download


def fetch_weights(repo_id: str, *, secrets) -> str:
    return snapshot_download(repo_id, token=secrets["hf_access_token"])
"""


def test_context_object_partial_and_dict_across_modules(tmp_path: Path) -> None:
    """The object in a dataclass from `model/context.py`, in a dict, and bound by
    `functools.partial` to a helper in `model/download.py`: every read is found."""
    write_tree(
        tmp_path,
        {
            "config.yaml": CONFIG,
            "model/__init__.py": "",
            "model/context.py": CONTEXT,
            "model/download.py": DOWNLOAD,
            "model/model.py": """\
import functools

import openai

from .context import InferenceContext
from .download import fetch_weights


class Model:
    def __init__(self, **kwargs):
        self._ctx = InferenceContext(config=kwargs["config"], secrets=kwargs["secrets"])
        self._clients = {"secrets": kwargs["secrets"], "timeout": 30}
        self._fetch = functools.partial(fetch_weights, secrets=self._ctx.secrets)

    def load(self):
        self._path = self._fetch("meta-llama/Llama-3.1-8B-Instruct")
        self._judge = openai.OpenAI(api_key=self._clients["secrets"]["openai_api_key"])
        self._wandb = self._ctx.secrets["wandb_key"]
""",
        },
    )
    assert _findings(tmp_path) == [
        ("TSL301", "model/model.py", 18, "wandb_key"),
        ("TSL303", "config.yaml", 11, "wandb_api_key"),
    ]


def test_enumerating_the_object_is_not_unused(tmp_path: Path) -> None:
    """`.items()` in a helper module reads every secret: TSL307 says it raises, and no secret is
    called unused."""
    write_tree(
        tmp_path,
        {
            "config.yaml": CONFIG,
            "model/__init__.py": "",
            "model/env.py": "import os\n\n\ndef export_all(secrets):\n"
            "    for name, value in secrets.items():\n"
            "        os.environ[name.upper()] = value\n",
            "model/model.py": "from .env import export_all\n\n\nclass Model:\n"
            "    def __init__(self, **kwargs):\n        export_all(kwargs['secrets'])\n",
        },
    )
    assert _findings(tmp_path) == [("TSL307", "model/env.py", 5, None)]


def test_malformed_block_still_declares_its_names(tmp_path: Path) -> None:
    """A list instead of a mapping is one mistake (TSL101), not also a TSL301 per name."""
    write_tree(
        tmp_path,
        {
            "config.yaml": "model_name: m\nsecrets:\n  - hf_access_token\n",
            "model/model.py": "class Model:\n    def __init__(self, **kwargs):\n"
            "        self.t = kwargs['secrets']['hf_access_token']\n",
        },
    )
    assert _findings(tmp_path, "TSL1,TSL3") == [("TSL101", "config.yaml", 3, None)]


@pytest.mark.parametrize(
    "unfollowable",
    [
        pytest.param("from transformers import PreTrainedModel as Base\n", id="third-party-base"),
        pytest.param("from .base import Base\n", id="base-module-missing"),
    ],
)
def test_inherited_init_that_cannot_be_followed_is_not_unused(
    tmp_path: Path, unfollowable: str
) -> None:
    """The object goes to an `__init__` the analysis cannot see: "unused" is unknowable."""
    write_tree(
        tmp_path,
        {
            "config.yaml": "model_name: m\nsecrets:\n  hf_access_token: null\n",
            "model/model.py": unfollowable + "\n\nclass Model(Base):\n    def load(self):\n"
            "        pass\n",
        },
    )
    assert _findings(tmp_path) == []
