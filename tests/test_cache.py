"""The content-hash cache and the process pool never change what is reported."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import run_cli, write_tree
from tests.samples import credential_samples

SAMPLES = credential_samples(seed=33)


def _truss(index: int, rng: random.Random) -> dict[str, str]:
    leak = rng.random() < 0.2
    default = SAMPLES["huggingface"] if leak else "null"
    reads = "hf_access_token" if rng.random() < 0.8 else "hf_token"
    return {
        f"t{index:03d}/config.yaml": (
            f"model_name: m{index}\nenvironment_variables:\n  HF_HUB_ENABLE_HF_TRANSFER: '1'\n"
            f"secrets:\n  hf_access_token: {default}\n"
        ),
        f"t{index:03d}/model/model.py": (
            "import logging\nlogger = logging.getLogger(__name__)\n\n"
            "class Model:\n    def __init__(self, **kwargs):\n"
            "        self._secrets = kwargs['secrets']\n\n"
            "    def load(self):\n"
            f"        token = self._secrets['{reads}']\n"
            + ("        logger.info(f'token {token}')\n" if index % 7 == 0 else "")
        ),
    }


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(5)
    files: dict[str, str] = {}
    for index in range(80):
        files.update(_truss(index, rng))
    return write_tree(tmp_path_factory.mktemp("many"), files)


def test_output_identical_with_and_without_cache_and_workers(many: Path, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    outputs = {
        "serial-nocache": run_cli("--format", "json", "--no-cache", "--jobs", "1", cwd=many),
        "pool-nocache": run_cli("--format", "json", "--no-cache", "--jobs", "2", cwd=many),
        "pool-cold": run_cli("--format", "json", "--cache-dir", cache, "--jobs", "2", cwd=many),
        "serial-warm": run_cli("--format", "json", "--cache-dir", cache, "--jobs", "1", cwd=many),
        "pool-warm": run_cli("--format", "json", "--cache-dir", cache, "--jobs", "2", cwd=many),
    }
    reference = outputs["serial-nocache"]
    assert reference.returncode == 1 and reference.stdout.count('"code"') > 20
    for name, result in outputs.items():
        assert (result.returncode, result.stdout) == (reference.returncode, reference.stdout), name
    assert any((tmp_path / "cache").rglob("*.entry"))


def test_cache_sees_edits_and_new_files(tmp_path: Path, private_cache_home: Path) -> None:
    write_tree(
        tmp_path,
        {
            "t/config.yaml": "model_name: m\nsecrets:\n  hf_access_token: null\n",
            "t/model/model.py": "class Model:\n    def __init__(self, **kwargs):\n"
            "        self.t = kwargs['secrets']['hf_access_token']\n",
        },
    )
    assert run_cli(cwd=tmp_path).returncode == 0
    assert not (tmp_path / ".truss-secret-lint-cache").exists()
    assert (private_cache_home / ".gitignore").read_text().strip().endswith("*")
    assert (private_cache_home / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f")
    (tmp_path / "t/model/model.py").write_text(
        "class Model:\n    def __init__(self, **kwargs):\n        self.t = kwargs['secrets']['x']\n"
    )
    edited = run_cli("--format", "json", cwd=tmp_path)
    assert '"TSL301"' in edited.stdout
    (tmp_path / "t/model/model.py").write_text("class Model:\n    pass\n")
    write_tree(tmp_path, {"t/model/helper.py": "import os\nT = os.environ['TRUSS_SECRET_zz']\n"})
    added = run_cli("--format", "json", cwd=tmp_path)
    assert '"secret": "zz"' in added.stdout


def test_cache_never_holds_a_value(tmp_path: Path) -> None:
    home = tmp_path / "home"
    token = SAMPLES["openai_project"]
    write_tree(
        tmp_path,
        {
            "t/config.yaml": f"model_name: m\nsecrets:\n  k: {token}\n",
            "t/model/model.py": f"API_KEY = '{token}'\n",
        },
    )
    environment = {"TRUSS_SECRET_LINT_CACHE_DIR": str(home)}
    assert run_cli("t", cwd=tmp_path, env=environment).returncode == 1
    assert any(home.rglob("*.entry"))
    for path in home.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert token not in text and token[4:12] not in text, path
