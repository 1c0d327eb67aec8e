"""Worker processes, the cache and the run never change what is reported.

One tree of more Trusses than `engine.PARALLEL_THRESHOLD` (so `--jobs 2` uses the process pool),
from two generators: `_shapes_truss` (credentials of every shape in configs, CRLF in some, local
stores, broken modules, missing and logged reads) and `_method_truss` (secrets read in a method,
a token logged through an f-string, a fifth of them with a leaked default). Every output format
is rendered under every way of running — serial and pooled without the cache, the cache cold and
warm with and without the pool (the pooled run that fills the cache renders every format after
the first from the warm cache, so only the first is rendered again, warm), the pool after a
config-only edit (the unit entries miss, the code facts entries hit) — in-process, and must be
byte-identical to the serial run without the cache; fresh subprocesses (another hash seed) must
agree too.

It replaces three tests that ran parts of this with two generators: the in-process one (every
format, serial against pooled, and a second serial run in the same process, now fresh
processes), tests/test_cache.py's (JSON through five subprocesses, cache cold and warm with
and without the pool) and tests/test_hostile.py's (SARIF through three subprocesses).
"""

from __future__ import annotations

import concurrent.futures
import json
import random
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli, run_cli_process, write_tree
from tests.samples import credential_samples

FORMATS = ("text", "json", "sarif", "github", "json-lines", "junit", "gitlab", "pylint")


def _shapes_truss(i: int) -> dict[str, str]:
    samples = credential_samples(seed=1000 + i)
    kind = sorted(samples)[i % len(samples)]
    base = f"t{i:03d}"
    newline = "\r\n" if i % 5 == 0 else "\n"
    files = {
        f"{base}/config.yaml": newline.join(
            [
                f"model_name: m{i}",
                "environment_variables:",
                f"  API_TOKEN: {samples[kind]}",
                "  hf_access_token: null",
                "secrets:",
                f"  k{i}: {samples['huggingface']}",
                "  hf_access_token: None",
                "  unused_one: null",
                "  'bad name': null",
                "",
            ]
        ),
        f"{base}/model/model.py": (
            "import os\nimport logging\n"
            "class Model:\n"
            "    def __init__(self, **kwargs):\n"
            f"        self._s = kwargs['secrets']\n"
            f"        self._a = self._s['missing_{i}']\n"
            "        self._b = self._s.get('hf_access_token')\n"
            "        logging.info(self._s['hf_access_token'])\n"
            f"        self._k = '{samples['github_classic']}'\n"
        ),
    }
    if i % 7 == 0:
        files[f"{base}/model/broken.py"] = "def f(:\n    secret = 1\n"
    if i % 11 == 0:
        files[f"{base}/.truss/config.yaml"] = f"secrets:\n  k: {samples['openai_legacy']}\n"
    return files


def _method_truss(i: int, rng: random.Random, token: str) -> dict[str, str]:
    default = token if rng.random() < 0.2 else "null"
    reads = "hf_access_token" if rng.random() < 0.8 else "hf_token"
    base = f"c{i:03d}"
    return {
        f"{base}/config.yaml": (
            f"model_name: c{i}\nenvironment_variables:\n  HF_HUB_ENABLE_HF_TRANSFER: '1'\n"
            f"secrets:\n  hf_access_token: {default}\n"
        ),
        f"{base}/model/model.py": (
            "import logging\nlogger = logging.getLogger(__name__)\n\n"
            "class Model:\n    def __init__(self, **kwargs):\n"
            "        self._secrets = kwargs['secrets']\n\n"
            "    def load(self):\n"
            f"        token = self._secrets['{reads}']\n"
            + ("        logger.info(f'token {token}')\n" if i % 7 == 0 else "")
        ),
    }


def _many(root: Path) -> Path:
    """40 + 26 Trusses: just over the pool's threshold."""
    from truss_secret_lint.engine import PARALLEL_THRESHOLD

    files: dict[str, str] = {}
    for i in range(40):
        files |= _shapes_truss(i)
    rng, token = random.Random(5), credential_samples(seed=33)["huggingface"]
    for i in range(26):
        files |= _method_truss(i, rng, token)
    assert len([p for p in files if p.endswith("config.yaml")]) >= PARALLEL_THRESHOLD
    return write_tree(root, files)


def _outputs(tree: Path, *options: str) -> dict[str, tuple[int, str]]:
    """Exit status and stdout of every format, in-process."""
    rendered = {}
    for fmt in FORMATS:
        result = run_cli("--format", fmt, *options, ".", cwd=tree)
        assert result.returncode == 1, result.stderr
        rendered[fmt] = (result.returncode, result.stdout)
    return rendered


def test_every_format_is_identical_across_workers_cache_and_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools: list[int] = []
    real_pool = concurrent.futures.ProcessPoolExecutor

    def counting_pool(*args: Any, **kwargs: Any) -> Any:
        pools.append(1)
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting_pool)
    tree = _many(tmp_path / "tree")
    cache = str(tmp_path / "cache")

    reference = _outputs(tree, "--jobs", "1", "--no-cache")
    assert not pools
    findings = json.loads(reference["json"][1])
    assert len(findings) > 400
    assert {"TSL201", "TSL002", "TSL205", "TSL301", "TSL304"} <= {f["code"] for f in findings}
    runs = {
        "pool": ("--jobs", "2", "--no-cache"),
        "pool, cache cold then warm": ("--jobs", "2", "--cache-dir", cache),
        "serial, cache warm": ("--jobs", "1", "--cache-dir", cache),
    }
    for name, options in runs.items():
        used = len(pools)
        outputs = _outputs(tree, *options)
        assert (len(pools) > used) == ("2" in options), f"{name}: the pool was (not) used"
        for fmt in FORMATS:
            assert outputs[fmt] == reference[fmt], f"{fmt}: {name} differs"
    assert any((tmp_path / "cache").rglob("*.entry"))
    # The pool with the cache warm: every format after the first was rendered so above; the
    # first (written cold there) once more, warm.
    used = len(pools)
    (first, *_) = FORMATS
    warm = run_cli("--format", first, "--jobs", "2", "--cache-dir", cache, ".", cwd=tree)
    assert len(pools) > used, "pool, cache warm: the pool was not used"
    assert (warm.returncode, warm.stdout) == reference[first], f"{first}: pool, cache warm differs"

    for config in sorted(tree.glob("*/config.yaml")):  # changes no finding, misses every unit
        config.write_bytes(config.read_bytes() + b"# edited\n")
    edited = _outputs(tree, "--jobs", "2", "--cache-dir", cache)
    for fmt in FORMATS:
        assert edited[fmt] == reference[fmt], f"{fmt}: the pool after a config-only edit differs"

    # Fresh processes: another hash seed for every set and dict, the pool's workers included.
    for fmt, jobs in (("sarif", "2"), ("text", "1")):
        fresh = run_cli_process("--format", fmt, "--jobs", jobs, "--no-cache", ".", cwd=tree)
        assert "Traceback" not in fresh.stderr
        assert (fresh.returncode, fresh.stdout) == reference[fmt], f"{fmt}: another process"
