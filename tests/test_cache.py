"""The content-hash cache sees every edit and never holds a value. (That the cache and the
process pool never change what is reported is tests/test_determinism.py's.)"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli, write_tree
from tests.samples import credential_samples

SAMPLES = credential_samples(seed=33)


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
