"""File names never become options (SPEC §10), tested with the real pre-commit framework.

pre-commit runs `entry + args + filenames` with no `--` before the file names. A committed file
named like an option (`--config=x.py` beside an `x.py` that ignores every rule, `--exit-zero`,
`--ignore=TSL`, `--write-baseline=w.yaml`) must not change the run: the leaky Truss in the same
commit is still blocked. The users' own `args:` (`--select TSL2`, `--config FILE`) keep working.

The hook repository is a snapshot of this checkout (tests/real_tools.py, the session fixture
`hook_source` in tests/conftest.py), installed by pre-commit exactly as users get it. Before
the hook entry passed `--pre-commit`, the hostile names were parsed as options: the leaky
commit went through (exit 0).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_tree
from tests.real_tools import (
    commit_all,
    git,
    install_pre_commit,
    pre_commit_env,
)
from tests.test_pre_commit import TOKEN

LEAKY = {
    "my-model/config.yaml": f"model_name: m\nsecrets:\n  hf_access_token: {TOKEN}\n",
    "my-model/model/model.py": (
        "class Model:\n    def __init__(self, **kwargs):\n"
        "        self._t = kwargs['secrets']['hf_access_token']\n"
    ),
}
# Valid TOML and valid Python at once: settings that ignore every rule.
IGNORE_ALL = '[tool.truss-secret-lint]\nignore = ["TSL"]\n'
RELAXED = '[tool.truss-secret-lint]\nignore = ["TSL201"]\n'


def _commit(
    tmp_path: Path,
    hook_source: tuple[Path, str, Path],
    files: dict[str, str],
    hook_options: str = "",
) -> tuple[int, str, Path]:
    """A fresh project with the hook installed; `git add -A && git commit` of `files`."""
    hooks_repo, rev, home = hook_source
    project = tmp_path / "project"
    project.mkdir()
    git("init", "-q", cwd=project)
    config = (
        f"repos:\n  - repo: {hooks_repo.as_posix()}\n    rev: {rev}\n"
        f"    hooks:\n      - id: truss-secret-lint\n{hook_options}"
    )
    write_tree(project, {".pre-commit-config.yaml": config, **files})
    env = pre_commit_env(home)
    install_pre_commit(project, env)
    result = commit_all(project, env)
    output = result.stdout + result.stderr
    assert TOKEN not in output
    return result.returncode, output, project


def test_a_file_named_config_option_does_not_load_its_settings(
    tmp_path: Path, hook_source: tuple[Path, str, Path]
) -> None:
    files = {**LEAKY, "x.py": IGNORE_ALL, "--config=x.py": "# looks like an option\n"}

    status, output, _ = _commit(tmp_path, hook_source, files)

    assert status != 0, output
    assert "my-model/config.yaml:3:20: TSL201" in output, output


def test_files_named_like_options_are_linted_not_obeyed(
    tmp_path: Path, hook_source: tuple[Path, str, Path]
) -> None:
    """The default `files:` pattern passes `--write-baseline=w.yaml`; a user who widens it to
    every file also passes `--exit-zero` and `--ignore=TSL`."""
    files = {
        **LEAKY,
        "--exit-zero": "text\n",
        "--ignore=TSL": "text\n",
        "--write-baseline=w.yaml": "a: 1\n",
        "-q": "text\n",
    }

    status, output, project = _commit(tmp_path, hook_source, files, "        files: '.*'\n")

    assert status != 0, output
    assert "my-model/config.yaml:3:20: TSL201" in output, output
    assert not (project / "w.yaml").exists()


@pytest.mark.parametrize(
    ("args", "blocked"),
    [
        pytest.param("[--select, TSL2]", True, id="select-TSL2"),
        pytest.param("[--select, TSL1]", False, id="select-TSL1"),
        pytest.param("[--config, ci/relaxed.toml]", False, id="config-space"),
        pytest.param("[--config=ci/relaxed.toml, --exit-zero]", False, id="config-equals"),
    ],
)
def test_users_args_still_work_beside_hostile_names(
    tmp_path: Path, hook_source: tuple[Path, str, Path], args: str, blocked: bool
) -> None:
    files = {
        **LEAKY,
        "ci/relaxed.toml": RELAXED,
        "x.py": IGNORE_ALL,
        "--config=x.py": "# looks like an option\n",
    }

    status, output, _ = _commit(tmp_path, hook_source, files, f"        args: {args}\n")

    assert (status != 0) == blocked, output
    assert ("my-model/config.yaml:3:20: TSL201" in output) == blocked, output


@pytest.mark.parametrize(
    ("planted", "argv", "status"),
    [
        pytest.param(["--config=x.py"], ["--config=x.py", "config.yaml", "x.py"], 1, id="config"),
        pytest.param(["--exit-zero"], ["--exit-zero", "config.yaml"], 1, id="exit-zero-file"),
        pytest.param([], ["--exit-zero", "config.yaml"], 0, id="exit-zero-option"),
        pytest.param(["-q", "--exit-zero"], ["-q", "--exit-zero", "config.yaml"], 1, id="short"),
        pytest.param(["--exit-zero"], ["--", "--exit-zero", "config.yaml"], 1, id="dashes"),
        pytest.param(["TSL1"], ["--select", "TSL1", "config.yaml"], 0, id="value-is-a-file"),
        pytest.param([], ["--sel", "TSL1", "config.yaml"], 0, id="abbreviation"),
        pytest.param(["--exit-zero"], ["--select=TSL1", "--exit-zero"], 0, id="value-after-eq"),
    ],
)
def test_pre_commit_argument_split(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    planted: list[str],
    argv: list[str],
    status: int,
) -> None:
    """The CLI in pre-commit mode: existing paths are files from the first one on; the tokens
    before it are options with their values."""
    from truss_secret_lint.cli import main

    write_tree(tmp_path, {"config.yaml": LEAKY["my-model/config.yaml"], "x.py": IGNORE_ALL})
    for name in planted:
        (tmp_path / name).write_text("text\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["--pre-commit", "--no-cache", *argv]) == status
