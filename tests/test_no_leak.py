"""SPEC §6: no output of any format — messages, diffs, parser errors — contains a credential value.

Credentials of every detector's shape are planted in every place the linter reads; every format
and `--diff` must show at most their first 4 characters.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli, write_tree
from tests.samples import credential_samples

SAMPLES = credential_samples(seed=11)


def _tree(kind: str, value: str) -> dict[str, str]:
    return {
        "t/config.yaml": (
            "model_name: leak\n"
            f"requirements:\n  - git+https://{value}@github.com/a/b.git\n"
            f"environment_variables:\n  API_TOKEN: {value}\n"
            f'docker_server:\n  start_command: "TOKEN={value} serve"\n'
            f'model_metadata:\n  note: "{value}"\n'
            f"secrets:\n  {kind}: \"{value}\"\n  '{value}': null\n"
        ),
        "t/model/model.py": (
            "import os\n"
            f"os.environ['HF_TOKEN'] = '{value}'\n"
            "class Model:\n"
            "    def __init__(self, **kwargs):\n"
            "        self._s = kwargs['secrets']\n"
            f"        self._k = '{value}'\n"
        ),
        "broken/config.yaml": f"model_name: b\nsecrets:\n  k: {value}: more\n",
        "quoted/config.yaml": f'model_name: q\nsecrets:\n  k: "{value}\n',
        "store/.trussrc": f"[baseten]\napi_key = {value}\n",
        "store/.truss/config.yaml": f"secrets:\n  k: {value}\n",
    }


def _windows(value: str, size: int = 8) -> set[str]:
    """Every `size`-character piece of the value after its first 4 (which may be shown)."""
    return {value[i : i + size] for i in range(4, max(5, len(value) - size + 1))}


@pytest.mark.parametrize(("kind", "value"), sorted(SAMPLES.items()))
def test_no_format_prints_a_planted_credential(kind: str, value: str, tmp_path: Path) -> None:
    write_tree(tmp_path, _tree(kind, value))
    runs = [
        run_cli("--format", fmt, ".", cwd=tmp_path) for fmt in ("text", "json", "sarif", "github")
    ]
    runs.append(run_cli("--diff", ".", cwd=tmp_path))
    runs.append(run_cli("--statistics", ".", cwd=tmp_path))
    for result in runs:
        assert result.returncode == 1, result.stderr
        output = result.stdout + result.stderr
        assert value not in output
        leaked = [w for w in _windows(value) if w in output]
        assert not leaked, (kind, leaked[:3])
    text = runs[0].stdout
    assert "TSL201" in text and "TSL205" in text, text
