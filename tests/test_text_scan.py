"""Item 4 of the hostile-tree issue: a file that cannot be parsed is still searched for
credentials, at their real line and column, under the rule that fits the file (TSL203 for
config.yaml, TSL304 for Python, TSL205 for the never-commit stores); a baselined parse error
never hides a credential added later. Also item 11: never-commit stores read as hostile.

Everything runs the real command line (in-process, tests/conftest.py `run_cli`) on real files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli, write_tree
from tests.samples import credential_samples

TOKEN = credential_samples(seed=41)["huggingface"]
GHP = credential_samples(seed=42)["github_classic"]
CONFIG = "model_name: m\nsecrets:\n  hf_access_token: null\n"
MODEL = "class Model:\n    def __init__(self, **kwargs):\n        self._s = kwargs['secrets']\n"


def _findings(root: Path, *args: str) -> tuple[int, list[dict[str, object]], str]:
    result = run_cli("--format", "json", "--no-cache", *args, ".", cwd=root)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return result.returncode, json.loads(result.stdout), result.stdout + result.stderr


def _at(findings: list[dict[str, object]], path: str) -> set[tuple[object, object, object]]:
    return {(f["code"], f["line"], f["column"]) for f in findings if f["path"] == path}


# (what breaks the parser, files, path, the credential's (code, line, column))
BROKEN = [
    pytest.param(
        {"t/config.yaml": f"model_name: m\nsecrets:\n\thf_access_token: {TOKEN}\n"},
        "t/config.yaml",
        ("TSL203", 3, 19),
        id="yaml-tab",
    ),
    pytest.param(
        {"t/config.yaml": f'model_name: "m\nenv:\n  X: "{TOKEN}"\n'},
        "t/config.yaml",
        ("TSL203", 3, 7),
        id="yaml-syntax-error",
    ),
    pytest.param(
        {"t/config.yaml": "model_name: m\nmeta: " + "[" * 150 + f"\n  {TOKEN}\n"},
        "t/config.yaml",
        ("TSL203", 3, 3),
        id="yaml-too-deep",
    ),
    # too many nodes: tests/test_hostile.py, test_yaml_with_too_many_nodes_is_skipped_quickly
    pytest.param(
        {"t/config.yaml": f"model_name: m\nsecrets: {{}}\n  hf_access_token: {TOKEN}\n"},
        "t/config.yaml",
        ("TSL203", 3, 20),
        id="yaml-secrets-{}-then-entries",
    ),
    pytest.param(
        {"t/config.yaml": "- model_name\n- " + TOKEN + "\n", "t/model/model.py": MODEL},
        "t/config.yaml",
        ("TSL203", 2, 3),
        id="yaml-top-level-list",
    ),
    pytest.param(
        {"t/config.yaml": f"model_name: a\n---\nsecrets:\n  k: {TOKEN}\n"},
        "t/config.yaml",
        ("TSL203", 4, 6),
        id="yaml-second-document",
    ),
    pytest.param(
        {"t/config.yaml": CONFIG, "t/model/model.py": f"print 'hi'\nTOKEN = '{TOKEN}'\n"},
        "t/model/model.py",
        ("TSL304", 2, 10),
        id="python-2",
    ),
    pytest.param(
        {"t/config.yaml": CONFIG, "t/model/model.py": MODEL + f"    x = (\nK = '{TOKEN}'\n"},
        "t/model/model.py",
        ("TSL304", 5, 6),
        id="python-syntax-error",
    ),
    pytest.param(
        {
            "t/config.yaml": CONFIG,
            "t/model/model.py": "X = (\n" + "    'a'\n" * 300 + f"    '{TOKEN}'\n)\n",
        },
        "t/model/model.py",
        ("TSL304", 302, 6),
        id="python-300-implicitly-concatenated-strings",
    ),
    pytest.param(
        {
            "t/config.yaml": CONFIG,
            "t/model/model.py": "x = " + "(" * 300 + "1" + ")" * 300 + f"\nK = '{TOKEN}'\n",
        },
        "t/model/model.py",
        ("TSL304", 2, 6),
        id="python-too-deep",
    ),
    pytest.param(
        {".truss/config.yaml": f"secrets:\n\tk: {TOKEN}\n"},
        ".truss/config.yaml",
        ("TSL205", 2, 5),
        id="store-yaml-tab",
    ),
    pytest.param(
        {".trussrc": f"[baseten]\nremote_url = https://x.example\nnote = {GHP}\n"},
        ".trussrc",
        ("TSL205", 3, 8),
        id="trussrc-token-under-another-key",
    ),
]


@pytest.mark.parametrize(("files", "path", "where"), BROKEN)
def test_credential_in_an_unparsable_file_is_reported_where_it_is(
    tmp_path: Path, files: dict[str, str], path: str, where: tuple[str, int, int]
) -> None:
    write_tree(tmp_path, files)
    status, findings, output = _findings(tmp_path)
    assert status == 1
    assert where in _at(findings, path), _at(findings, path)
    assert TOKEN[6:] not in output and GHP[6:] not in output


def test_latin1_config_with_a_token_is_searched(tmp_path: Path) -> None:
    data = f"model_name: caf\xe9\nsecrets:\n  hf_access_token: {TOKEN}\n".encode("latin-1")
    write_tree(tmp_path, {"t/config.yaml": data})
    _status, findings, _ = _findings(tmp_path)
    codes = _at(findings, "t/config.yaml")
    assert ("TSL001", 1, 1) in codes and ("TSL201", 3, 20) in codes, codes


@pytest.mark.parametrize(
    ("files", "path", "added", "code"),
    [
        pytest.param(
            {"t/config.yaml": "model_name: m\nsecrets:\n\thf_access_token: null\n"},
            "t/config.yaml",
            f"\tother: {TOKEN}\n",
            "TSL203",
            id="config.yaml",
        ),
        pytest.param(
            {"t/config.yaml": CONFIG, "t/model/model.py": MODEL + "print 'hi'\n"},
            "t/model/model.py",
            f"K = '{TOKEN}'\n",
            "TSL304",
            id="model.py",
        ),
        pytest.param(
            {".truss/config.yaml": "secrets:\n\tk: null\n"},
            ".truss/config.yaml",
            f"\tj: {TOKEN}\n",
            "TSL205",
            id="store",
        ),
    ],
)
def test_a_baselined_parse_error_never_hides_a_credential_added_later(
    tmp_path: Path, files: dict[str, str], path: str, added: str, code: str
) -> None:
    write_tree(tmp_path, files)
    baseline = run_cli("--no-cache", "--write-baseline", "baseline.json", ".", cwd=tmp_path)
    assert baseline.returncode == 0, baseline.stderr
    assert run_cli("--no-cache", "--baseline", "baseline.json", ".", cwd=tmp_path).returncode == 0
    with (tmp_path / path).open("a", encoding="utf-8") as stream:
        stream.write(added)
    status, findings, output = _findings(tmp_path, "--baseline", "baseline.json")
    assert status == 1, output
    assert {f["code"] for f in findings} == {code}, findings
    assert TOKEN[6:] not in output


# ------------------------------------------------------------------------------------------
# Item 11: never-commit stores are hostile too
# ------------------------------------------------------------------------------------------
PIN = "483920"
PLAIN = "Tz4" + "pW9qLm2xKv"
STORES = [
    pytest.param(f"secrets: {{db_pin: {PIN}}}\n", ".truss/config.yaml", (1, 19), PIN, id="int-pin"),
    pytest.param(
        f"secrets:\n  tokens:\n    - {PLAIN}\n", ".truss/config.yaml", (3, 7), PLAIN, id="list"
    ),
    pytest.param(
        f"secrets:\n  db_password: !!str {PLAIN}\n",
        ".truss/config.yaml",
        (2, 16),
        PLAIN,
        id="str-tag",
    ),
    pytest.param(
        f"secrets:\n  db_password: !custom {PLAIN}\n",
        ".truss/config.yaml",
        (2, 16),
        PLAIN,
        id="custom-tag",
    ),
    pytest.param(
        f"[baseten]\nremote_url = https://app.baseten.co\napi_key =\n    {PLAIN}\n",
        ".trussrc",
        (4, 5),
        PLAIN,
        id="trussrc-continuation-line",
    ),
]


@pytest.mark.parametrize(("text", "name", "where", "value"), STORES)
def test_hostile_local_store_is_reported_without_its_value(
    tmp_path: Path, text: str, name: str, where: tuple[int, int], value: str
) -> None:
    write_tree(tmp_path, {f"repo/{name}": text})
    for fmt in ("json", "text", "sarif", "github", "json-lines", "junit", "gitlab", "pylint"):
        result = run_cli("--format", fmt, "--no-cache", ".", cwd=tmp_path)
        assert result.returncode == 1, (fmt, result.stdout, result.stderr)
        assert value not in result.stdout + result.stderr, fmt
        if fmt == "json":
            findings = json.loads(result.stdout)
            assert ("TSL205", *where) in _at(findings, f"repo/{name}"), findings
