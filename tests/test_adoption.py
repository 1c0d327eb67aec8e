"""Adoption features through the real CLI: settings keys, inline suppression, baseline, fixes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.conftest import run_cli, write_tree
from tests.samples import credential_samples

TOKEN = credential_samples(seed=21)["huggingface"]
TWO_FINDINGS = {
    "m/config.yaml": (
        "model_name: m\n"
        "environment_variables:\n"
        "  hf_access_token: null\n"
        "secrets:\n"
        "  hf_access_token: None\n"
    ),
}


def _codes(result_stdout: str) -> list[tuple[str, str]]:
    return [(d["path"], d["code"]) for d in json.loads(result_stdout)]


def _pyproject(root: Path, body: str) -> None:
    write_tree(root, {"pyproject.toml": f"[tool.truss-secret-lint]\n{body}\n"})


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param('select = ["TSL2"]', [("m/config.yaml", "TSL202")], id="select"),
        pytest.param('ignore = ["TSL202"]', [("m/config.yaml", "TSL108")], id="ignore"),
        pytest.param(
            'select = ["TSL2"]\nextend-select = ["TSL108"]',
            [("m/config.yaml", "TSL108"), ("m/config.yaml", "TSL202")],
            id="extend-select",
        ),
        pytest.param(
            '[tool.truss-secret-lint.per-file-ignores]\n"m/config.yaml" = ["TSL1"]',
            [("m/config.yaml", "TSL202")],
            id="per-file-ignores",
        ),
        pytest.param('exclude = ["m"]', [], id="exclude"),
        pytest.param(
            'extend-placeholders = ["^None$"]',
            [("m/config.yaml", "TSL108")],
            id="extend-placeholders",
        ),
    ],
)
def test_each_settings_key_is_wired(
    tmp_path: Path, body: str, expected: list[tuple[str, str]]
) -> None:
    write_tree(tmp_path, TWO_FINDINGS)
    _pyproject(tmp_path, body)
    result = run_cli("--format", "json", "--no-cache", cwd=tmp_path)
    assert _codes(result.stdout) == expected, result.stderr


def test_settings_found_upward_and_overridden_by_config_flag(tmp_path: Path) -> None:
    write_tree(tmp_path, TWO_FINDINGS)
    _pyproject(tmp_path, 'ignore = ["TSL1"]')
    write_tree(tmp_path, {"other.toml": 'ignore = ["TSL2"]\n'})
    below = run_cli("--format", "json", "--no-cache", ".", cwd=tmp_path / "m")
    assert _codes(below.stdout) == [("config.yaml", "TSL202")]
    override = run_cli("--format", "json", "--no-cache", "--config", "other.toml", cwd=tmp_path)
    assert _codes(override.stdout) == [("m/config.yaml", "TSL108")]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        pytest.param("colour = true", "'colour'", id="unknown-key"),
        pytest.param('select = "TSL2"', "select", id="select-not-list"),
        pytest.param('ignore = ["XYZ"]', "ignore", id="bad-code"),
        pytest.param('extend-placeholders = ["("]', "extend-placeholders", id="bad-regex"),
        pytest.param('no-inline-ignores = "yes"', "no-inline-ignores", id="bad-bool"),
        pytest.param("select = [", "TOML", id="bad-toml"),
    ],
)
def test_bad_settings_are_one_line_errors_naming_the_key(
    tmp_path: Path, body: str, fragment: str
) -> None:
    write_tree(tmp_path, TWO_FINDINGS)
    _pyproject(tmp_path, body)
    result = run_cli(cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert fragment in result.stderr


def test_noqa_and_allowlist_pragma_and_no_inline_ignores(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "m/config.yaml": (
                "model_name: m\n"
                "secrets:\n"
                "  a: None  # noqa: TSL202\n"
                "  b: None  # noqa\n"
                f"  c: {TOKEN}  # pragma: allowlist secret\n"
                "  d: None  # noqa: TSL201\n"
            ),
        },
    )
    plain = run_cli("--format", "json", "--no-cache", cwd=tmp_path)
    assert [(d["line"], d["code"]) for d in json.loads(plain.stdout)] == [(6, "TSL202")]
    forced = run_cli("--format", "json", "--no-cache", "--no-inline-ignores", cwd=tmp_path)
    assert [(d["line"], d["code"]) for d in json.loads(forced.stdout)] == [
        (3, "TSL202"),
        (4, "TSL202"),
        (5, "TSL201"),
        (6, "TSL202"),
    ]
    unused = run_cli("--format", "json", "--no-cache", "--extend-select", "TSL901", cwd=tmp_path)
    assert [(d["line"], d["code"]) for d in json.loads(unused.stdout)] == [
        (6, "TSL202"),
        (6, "TSL901"),
    ]


def test_baseline_hides_old_findings_reports_new_and_counts_stale(tmp_path: Path) -> None:
    write_tree(tmp_path, TWO_FINDINGS)
    written = run_cli("--write-baseline", "baseline.json", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    baseline_text = (tmp_path / "baseline.json").read_text()
    assert run_cli("--write-baseline", "again.json", cwd=tmp_path).returncode == 0
    assert (tmp_path / "again.json").read_text() == baseline_text, "deterministic"
    entries = json.loads(baseline_text)["entries"]
    assert {e["code"] for e in entries} == {"TSL108", "TSL202"}
    assert all(set(e) == {"code", "path", "secret", "fingerprint"} for e in entries)

    clean = run_cli("--baseline", "baseline.json", cwd=tmp_path)
    assert clean.returncode == 0
    assert "2 in the baseline" in clean.stdout

    config = tmp_path / "m/config.yaml"
    moved = "model_name: m\n\n\nsecrets:\n  hf_access_token: None\n  other: None\n" + (
        "environment_variables:\n  hf_access_token: null\n"
    )
    config.write_text(moved)
    after_move = run_cli("--format", "json", "--baseline", "baseline.json", cwd=tmp_path)
    assert [(d["code"], d["secret"]) for d in json.loads(after_move.stdout)] == [
        ("TSL202", "other")
    ], "moving lines must not resurrect baselined findings"

    config.write_text("model_name: m\nsecrets:\n  hf_access_token: null\n")
    stale = run_cli("--baseline", "baseline.json", cwd=tmp_path)
    assert stale.returncode == 0
    assert "2 stale baseline entries" in stale.stdout


def test_baseline_from_settings_and_bad_baseline(tmp_path: Path) -> None:
    write_tree(tmp_path, TWO_FINDINGS)
    assert run_cli("--write-baseline", "b.json", cwd=tmp_path).returncode == 0
    _pyproject(tmp_path, 'baseline = "b.json"')
    assert run_cli(cwd=tmp_path).returncode == 0
    (tmp_path / "b.json").write_text("{not json")
    broken = run_cli(cwd=tmp_path)
    assert broken.returncode == 2 and len(broken.stderr.strip().splitlines()) == 1


def test_baseline_never_holds_a_value(tmp_path: Path) -> None:
    write_tree(tmp_path, {"m/config.yaml": f"model_name: m\nsecrets:\n  k: {TOKEN}\n"})
    run_cli("--write-baseline", "b.json", cwd=tmp_path)
    text = (tmp_path / "b.json").read_text()
    assert TOKEN not in text and TOKEN[4:12] not in text


def test_fix_is_byte_exact_atomic_mode_keeping_and_idempotent(tmp_path: Path) -> None:
    original = (
        "# my model\r\n"
        "model_name: m   # keep me\r\n"
        "secrets:\r\n"
        f"  hf_access_token: '{TOKEN}'  # pasted by mistake\r\n"
        "  other: None\r\n"
        "requirements: [torch]\r\n"
    )
    write_tree(tmp_path, {"m/config.yaml": original})
    config = tmp_path / "m/config.yaml"
    os.chmod(config, 0o640)
    fixed = run_cli("--fix", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout
    expected = original.replace(f"'{TOKEN}'", "null").replace("other: None", "other: null")
    assert config.read_bytes() == expected.encode()
    assert stat.S_IMODE(config.stat().st_mode) == 0o640
    assert "rotate" in fixed.stdout and TOKEN[4:12] not in fixed.stdout
    assert [p.name for p in config.parent.iterdir()] == ["config.yaml"], "no temp files left"
    again = run_cli("--fix", cwd=tmp_path)
    assert config.read_bytes() == expected.encode()
    assert "fixed" not in again.stdout


def test_diff_changes_nothing_and_is_redacted(tmp_path: Path) -> None:
    write_tree(tmp_path, {"m/config.yaml": f"model_name: m\nsecrets:\n  k: {TOKEN}\n"})
    before = (tmp_path / "m/config.yaml").read_bytes()
    diff = run_cli("--diff", cwd=tmp_path)
    assert diff.returncode == 1
    assert "+  k: null" in diff.stdout and "-  k: hf_" in diff.stdout
    assert TOKEN[4:12] not in diff.stdout
    assert (tmp_path / "m/config.yaml").read_bytes() == before
