"""Writes a synthetic corpus of realistic Trusses, with a few planted credential leaks.

Each Truss is `config.yaml` (~40 lines: secrets block, environment variables, model_cache, …),
`model/__init__.py` and `model/model.py` (~80 lines: reads its secrets through
`self._secrets = kwargs["secrets"]` then `self._secrets["hf_access_token"]`, logs, has a helper).

Everything is derived from a seeded RNG per Truss index, so a corpus of N Trusses is a prefix of a
larger one and a rerun writes identical bytes. One Truss in every block of `LEAK_EVERY` (2%) gets a
token-shaped secret default (`hf_` + 34 random letters and digits) generated here at run time: no
literal token lives in this source file.
"""

from __future__ import annotations

import random
import shutil
import string
from dataclasses import dataclass
from pathlib import Path

LEAK_EVERY = 50  # one planted leak per block of 50 Trusses: 2%
_ALNUM = string.ascii_letters + string.digits

_ORGS = ("meta-llama", "mistralai", "Qwen", "google", "microsoft", "BAAI", "stabilityai", "openai")
_FAMILIES = ("llama", "mistral", "qwen", "gemma", "phi", "bge", "sdxl", "whisper", "falcon")
_SIZES = ("0.5b", "1b", "2b", "3b", "7b", "8b", "13b", "small", "base", "large")
_ACCELERATORS = ("A10G", "A100", "H100", "L4", "T4", "H100_40GB")
_TAGS = ("text-generation", "chat", "embeddings", "openai-compatible", "streaming", "batch")
_PROMPTS = (
    "What is the capital of France?",
    "Write a haiku about GPUs.",
    "Summarize the plot of Hamlet in one sentence.",
    "Explain transformers to a five year old.",
)


@dataclass(frozen=True)
class Corpus:
    """A written corpus: its directory, the Truss roots in it, and how many leaks were planted."""

    root: Path
    trusses: list[Path]
    leaky: list[bool]

    @property
    def planted(self) -> int:
        """How many Trusses have a planted leak."""
        return sum(self.leaky)

    def clean_truss(self) -> Path:
        """The first Truss without a planted leak (what a typical pre-commit run sees)."""
        return next(t for t, leaky in zip(self.trusses, self.leaky, strict=True) if not leaky)


def token(rng: random.Random, prefix: str = "hf_", length: int = 34) -> str:
    """A credential-shaped string: `prefix` + `length` random letters and digits."""
    return prefix + "".join(rng.choice(_ALNUM) for _ in range(length))


def _is_leaky(index: int, seed: int) -> bool:
    """Whether Truss `index` gets a planted leak: one seeded position per block of LEAK_EVERY."""
    block = index // LEAK_EVERY
    return index % LEAK_EVERY == random.Random(f"{seed}:block:{block}").randrange(LEAK_EVERY)


def write_corpus(root: Path, count: int, seed: int = 0) -> Corpus:
    """Write `count` Trusses under `root` (replacing what is there) in groups of 100."""
    if root.exists():
        shutil.rmtree(root)
    trusses: list[Path] = []
    leaks: list[bool] = []
    for index in range(count):
        rng = random.Random(f"{seed}:truss:{index}")
        leaky = _is_leaky(index, seed)
        truss = root / f"team-{index // 100:03d}" / f"truss-{index:05d}"
        (truss / "model").mkdir(parents=True)
        wandb = rng.random() < 0.3
        (truss / "config.yaml").write_text(_config_yaml(rng, index, leaky=leaky, wandb=wandb))
        (truss / "model" / "__init__.py").write_text("")
        (truss / "model" / "model.py").write_text(_model_py(rng, index, wandb=wandb))
        trusses.append(truss)
        leaks.append(leaky)
    return Corpus(root, trusses, leaks)


def _repo_id(rng: random.Random) -> str:
    return f"{rng.choice(_ORGS)}/{rng.choice(_FAMILIES)}-{rng.choice(_SIZES)}-instruct"


def _config_yaml(rng: random.Random, index: int, *, leaky: bool, wandb: bool) -> str:
    """A ~40-line config.yaml; `leaky` plants a token-shaped default for `hf_access_token`."""
    repo_id = _repo_id(rng)
    name = repo_id.split("/")[1]
    hf_default = f'"{token(rng)}"' if leaky else "null"
    wandb_line = "\n  wandb_api_key: null" if wandb else ""
    tags = rng.sample(_TAGS, 2)
    return f"""\
# {name}: served with Truss (bench corpus #{index}).
model_name: {name}-{index}
description: {name} behind an OpenAI-compatible endpoint
python_version: py311
model_metadata:
  example_model_input:
    prompt: "{rng.choice(_PROMPTS)}"
    max_tokens: {rng.choice((128, 256, 512))}
  tags:
    - {tags[0]}
    - {tags[1]}
requirements:
  - torch==2.3.1
  - transformers==4.44.{rng.randrange(3)}
  - accelerate==0.33.0
  - hf_transfer==0.1.8
  - sentencepiece==0.2.0
resources:
  accelerator: {rng.choice(_ACCELERATORS)}
  cpu: "{rng.choice((2, 4, 8))}"
  memory: {rng.choice((16, 32, 64))}Gi
  use_gpu: true
system_packages:
  - ffmpeg
environment_variables:
  HF_HUB_ENABLE_HF_TRANSFER: "1"
  MODEL_ID: {repo_id}
  LOG_LEVEL: info
  MAX_BATCH_SIZE: "{rng.choice((8, 16, 32))}"
secrets:
  hf_access_token: {hf_default}{wandb_line}
model_cache:
  - repo_id: {repo_id}
    revision: main
    use_volume: true
    volume_folder: {name}
    allow_patterns:
      - "*.json"
      - "*.safetensors"
      - tokenizer.model
runtime:
  predict_concurrency: {rng.choice((1, 8, 32))}
"""


def _model_py(rng: random.Random, index: int, *, wandb: bool) -> str:
    """A ~80-line model.py reading `hf_access_token` (and `wandb_api_key` when declared)."""
    repo_id = _repo_id(rng)
    wandb_read = (
        '\n        os.environ["WANDB_API_KEY"] = self._secrets["wandb_api_key"]' if wandb else ""
    )
    return f'''\
"""Truss model #{index}: {repo_id} with chat-style prompts and streaming-free generation."""

import logging
import os
import time
from typing import Any

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

logger = logging.getLogger(__name__)

MODEL_ID = "{repo_id}"
DEFAULT_MAX_TOKENS = {rng.choice((128, 256, 512))}
DEFAULT_TEMPERATURE = {rng.choice((0.2, 0.7, 1.0))}


def build_prompt(messages: list[dict[str, str]], system: str | None = None) -> str:
    """Flatten chat messages into the model's prompt format."""
    parts = []
    if system:
        parts.append(f"<|system|>\\n{{system}}")
    for message in messages:
        role = message.get("role", "user")
        parts.append(f"<|{{role}}|>\\n{{message['content']}}")
    parts.append("<|assistant|>\\n")
    return "\\n".join(parts)


class Model:
    def __init__(self, **kwargs: Any) -> None:
        self._config = kwargs["config"]
        self._data_dir = kwargs.get("data_dir")
        self._secrets = kwargs["secrets"]
        self._model = None
        self._tokenizer = None

    def load(self) -> None:
        started = time.perf_counter()
        hf_token = self._secrets["hf_access_token"]{wandb_read}
        self._tokenizer = AutoTokenizer.from_pretrained(MODEL_ID, token=hf_token)
        self._model = AutoModelForCausalLM.from_pretrained(
            MODEL_ID,
            token=hf_token,
            torch_dtype=torch.bfloat16,
            device_map="auto",
        )
        logger.info("loaded %s in %.1fs", MODEL_ID, time.perf_counter() - started)

    def preprocess(self, request: dict[str, Any]) -> dict[str, Any]:
        if "messages" in request:
            request["prompt"] = build_prompt(request["messages"], request.get("system"))
        if "prompt" not in request:
            raise ValueError("request needs `prompt` or `messages`")
        return request

    def predict(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self._model is not None and self._tokenizer is not None
        started = time.perf_counter()
        inputs = self._tokenizer(request["prompt"], return_tensors="pt").to("cuda")
        with torch.no_grad():
            output = self._model.generate(
                **inputs,
                max_new_tokens=request.get("max_tokens", DEFAULT_MAX_TOKENS),
                temperature=request.get("temperature", DEFAULT_TEMPERATURE),
                do_sample=True,
            )
        text = self._tokenizer.decode(
            output[0][inputs["input_ids"].shape[1] :], skip_special_tokens=True
        )
        logger.info(
            "generated %d chars in %.2fs", len(text), time.perf_counter() - started
        )
        return {{"output": text, "model": MODEL_ID}}

    def postprocess(self, response: dict[str, Any]) -> dict[str, Any]:
        response["created"] = int(time.time())
        return response
'''
