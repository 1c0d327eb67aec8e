"""The command line on real files: exit codes, selection, text contract.

Runs go through `console_main` in-process (tests/conftest.py `run_cli`); what depends on the
process boundary runs a subprocess: usage errors (exit 2 and one line on stderr), the two entry
points, and the progress line on a terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli, run_cli_process, write_tree

LEAKY = {
    "config.yaml": "model_name: m\nsecrets:\n  hf_access_token: None\n",
}
CLEAN = {"config.yaml": "model_name: m\nsecrets:\n  hf_access_token: null\n"}
TEXT_LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>TSL\d{3}) .+ \[[a-z-]+\]$"
)


def test_clean_truss_exits_zero(tmp_path: Path) -> None:
    write_tree(tmp_path, CLEAN)
    result = run_cli(".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("All checks passed!")


def test_findings_exit_one_with_text_lines(tmp_path: Path) -> None:
    write_tree(tmp_path, LEAKY)
    result = run_cli(cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    match = TEXT_LINE.match(lines[0])
    assert match, lines[0]
    assert (match["path"], match["line"], match["col"], match["code"]) == (
        "config.yaml",
        "3",
        "20",
        "TSL202",
    )
    assert lines[-1].startswith("Found 1 problem (1 warning)")


def test_exit_zero_flag(tmp_path: Path) -> None:
    write_tree(tmp_path, LEAKY)
    assert run_cli("--exit-zero", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(["--select", "TSL2"], {"TSL202"}, id="select-prefix"),
        pytest.param(["--select", "TSL1"], set(), id="select-other-prefix"),
        pytest.param(["--ignore", "TSL20"], set(), id="ignore-prefix"),
        pytest.param(["--select", "TSL2", "--ignore", "TSL202"], set(), id="specific-ignore-wins"),
        pytest.param(
            ["--ignore", "TSL2", "--select", "TSL202"], {"TSL202"}, id="specific-select-wins"
        ),
    ],
)
def test_select_and_ignore(tmp_path: Path, args: list[str], expected: set[str]) -> None:
    write_tree(tmp_path, LEAKY)
    result = run_cli(*args, "--format", "json", ".", cwd=tmp_path)
    assert {d["code"] for d in json.loads(result.stdout)} == expected


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--select", "BOGUS"], id="bad-code"),
        pytest.param(["--format", "xml"], id="bad-format"),
        pytest.param(["does-not-exist"], id="missing-path"),
        pytest.param(["--jobs", "0"], id="bad-jobs"),
        pytest.param(["rule", "TSL999"], id="unknown-rule"),
    ],
)
def test_usage_errors_are_one_line_exit_two(tmp_path: Path, args: list[str]) -> None:
    result = run_cli_process(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_rules_lists_every_rule_and_rule_prints_docs(tmp_path: Path) -> None:
    from truss_secret_lint.rules import RULES

    listing = run_cli("rules", cwd=tmp_path)
    assert listing.returncode == 0
    assert [line.split()[0] for line in listing.stdout.splitlines()] == [r.code for r in RULES]
    for key in ("TSL201", "credential-default", "tsl201"):
        docs = run_cli("rule", key, cwd=tmp_path)
        assert docs.returncode == 0
        assert docs.stdout.startswith("TSL201 credential-default (error)")
        assert "## Why is this bad?" in docs.stdout


def test_statistics_and_quiet(tmp_path: Path) -> None:
    write_tree(tmp_path, {**LEAKY, "b/config.yaml": LEAKY["config.yaml"]})
    stats = run_cli("--statistics", cwd=tmp_path)
    assert stats.stdout.splitlines()[0].split() == ["2", "TSL202", "non-null-default"]
    quiet = run_cli("--quiet", cwd=tmp_path)
    assert not any(line.startswith("Found") for line in quiet.stdout.splitlines())
    assert len(quiet.stdout.splitlines()) == 2


def test_output_is_sorted_by_path_line_column(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "b/config.yaml": "model_name: m\nsecrets:\n  x: None\n  y: None\n",
            "a/config.yaml": "model_name: m\nsecrets:\n  x: None\n",
        },
    )
    lines = run_cli("--quiet", cwd=tmp_path).stdout.splitlines()
    assert [line.split(":")[:2] for line in lines] == [
        ["a/config.yaml", "3"],
        ["b/config.yaml", "3"],
        ["b/config.yaml", "4"],
    ]


def test_file_argument_lints_the_whole_truss(tmp_path: Path) -> None:
    write_tree(tmp_path, {**LEAKY, "model/model.py": "class Model:\n    pass\n"})
    result = run_cli("--format", "json", "model/model.py", cwd=tmp_path)
    assert {d["path"] for d in json.loads(result.stdout)} == {"config.yaml"}


def test_git_ignored_and_skipped_directories_are_not_searched(tmp_path: Path) -> None:
    from tests.real_tools import git

    write_tree(
        tmp_path,
        {
            ".gitignore": "ignored/\n",
            "ignored/config.yaml": LEAKY["config.yaml"],
            "node_modules/pkg/config.yaml": LEAKY["config.yaml"],
            ".venv/pyvenv.cfg": "",
            ".venv/x/config.yaml": LEAKY["config.yaml"],
            "kept/config.yaml": LEAKY["config.yaml"],
        },
    )
    assert git("init", "-q", cwd=tmp_path).returncode == 0
    result = run_cli("--format", "json", ".", cwd=tmp_path)
    assert {d["path"] for d in json.loads(result.stdout)} == {"kept/config.yaml"}


def test_local_secret_stores_found_in_hidden_folders(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "team/.truss/config.yaml": "secrets:\n  hf_access_token: hf_" + "Qw3" * 12 + "\n",
            "team/.trussrc": "[baseten]\napi_key = abcdefgh.ijklmnopqrstuvwxyzABCDEF0123456\n",
        },
    )
    result = run_cli("--format", "json", ".", cwd=tmp_path)
    found = {(d["path"], d["code"]) for d in json.loads(result.stdout)}
    assert found == {("team/.truss/config.yaml", "TSL205"), ("team/.trussrc", "TSL205")}


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("../../etc", id="escapes"),
        pytest.param("[a, b]", id="list"),
        pytest.param("{a: b}", id="map"),
        pytest.param("/etc", id="absolute"),
    ],
)
def test_hostile_model_module_dir_neither_escapes_nor_crashes(tmp_path: Path, value: str) -> None:
    truss = tmp_path / "truss"
    write_tree(truss, {"config.yaml": f"model_name: m\nmodel_module_dir: {value}\nsecrets: {{}}\n"})
    write_tree(tmp_path, {"etc/model.py": "import os\nx = os.environ['TRUSS_SECRET_zzz']\n"})
    result = run_cli("--format", "json", "truss", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert all(d["path"].startswith("truss/") for d in json.loads(result.stdout))


def test_python_dash_m_and_console_script_agree(tmp_path: Path) -> None:
    import subprocess
    import sys

    write_tree(tmp_path, LEAKY)
    script = Path(sys.executable).parent / "truss-secret-lint"  # installed by `pip install -e`
    results = {}
    for args in (("--version",), ("--format", "json", ".")):
        module = run_cli_process(*args, cwd=tmp_path)
        console = subprocess.run(
            [str(script), *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert (console.returncode, console.stdout) == (module.returncode, module.stdout), args
        results[args] = module
    assert results[("--version",)].stdout.startswith("truss-secret-lint ")
    findings = results[("--format", "json", ".")]
    assert findings.returncode == 1 and json.loads(findings.stdout)


def test_examples_show_findings_and_clean_one_is_clean() -> None:
    leaky = run_cli("--format", "json", "examples/leaky-truss", cwd=REPO)
    clean = run_cli("examples/clean-truss", cwd=REPO)
    assert leaky.returncode == 1
    assert json.loads(leaky.stdout)
    assert clean.returncode == 0, clean.stdout


def test_progress_line_only_on_a_terminal(tmp_path: Path) -> None:
    import os
    import sys

    from tests.real_tools import run_with_stderr_on_a_terminal

    for index in range(30):
        write_tree(tmp_path, {f"t{index}/config.yaml": LEAKY["config.yaml"]})
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    env["PYTHONPATH"] = str(REPO)
    env["TSL_PROGRESS_AFTER"] = "0"
    result, stderr = run_with_stderr_on_a_terminal(
        [sys.executable, "-m", "truss_secret_lint", "--no-cache", "--jobs", "1", "."],
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    terminal = stderr.decode()
    assert result.returncode == 1
    assert "checked 30/30" in terminal
    assert "checked" not in result.stdout.decode()
    piped = run_cli("--no-cache", ".", cwd=tmp_path, env={"TSL_PROGRESS_AFTER": "0"})
    assert "checked " not in piped.stderr


def test_a_config_field_path_is_shown_with_its_list_notation(tmp_path: Path) -> None:
    """`model_cache[].runtime_secret_name`: the `[]` is the tool's notation for any item of the
    list, so `model_cache` is judged as the name it is (it was redacted to `mo… (13 chars)`)."""
    write_tree(
        tmp_path,
        {
            "config.yaml": "model_name: m\nmodel_cache:\n  - repo_id: org/gated\n"
            "    runtime_secret_name: hf_token\nsecrets: {}\n"
        },
    )
    result = run_cli("--format", "json", "--select", "TSL308", ".", cwd=tmp_path)
    (finding,) = json.loads(result.stdout)
    assert finding["message"].startswith("model_cache[].runtime_secret_name names secret"), finding
