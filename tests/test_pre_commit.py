"""The real pre-commit framework in a temporary git repository, this checkout as the hook repo.

A snapshot of the working tree (committed into a throw-away repository, since pre-commit clones
hook repositories at a revision; one for the session, tests/conftest.py `hook_source`) is
installed by pre-commit exactly as users get it from `.pre-commit-hooks.yaml`. A commit adding a
leaky config.yaml is blocked with the finding shown and the value not shown; the fixed commit
passes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ruamel.yaml import YAML

from tests.conftest import REPO, write_tree
from tests.real_tools import (
    commit_all,
    git,
    install_pre_commit,
    pre_commit,
    pre_commit_env,
)
from tests.samples import credential_samples

TOKEN = credential_samples(seed=5)["huggingface"]


def test_pre_commit_blocks_a_leaky_commit_and_passes_the_fixed_one(
    tmp_path: Path, hook_source: tuple[Path, str, Path]
) -> None:
    hooks_repo, rev, home = hook_source
    project = tmp_path / "project"
    project.mkdir()
    git("init", "-q", cwd=project)
    write_tree(
        project,
        {
            ".pre-commit-config.yaml": (
                f"repos:\n  - repo: {hooks_repo.as_posix()}\n    rev: {rev}\n"
                "    hooks:\n      - id: truss-secret-lint\n"
            ),
            "my-model/config.yaml": (f"model_name: m\nsecrets:\n  hf_access_token: {TOKEN}\n"),
            "my-model/model/model.py": (
                "class Model:\n    def __init__(self, **kwargs):\n"
                "        self._t = kwargs['secrets']['hf_access_token']\n"
            ),
        },
    )
    env = pre_commit_env(home)
    install_pre_commit(project, env)
    blocked = commit_all(project, env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "my-model/config.yaml:3:20: TSL201" in output, output
    assert TOKEN not in output
    assert TOKEN[4:12] not in output

    config = project / "my-model/config.yaml"
    config.write_text("model_name: m\nsecrets:\n  hf_access_token: null\n", encoding="utf-8")
    passed = commit_all(project, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "truss-secret-lint" in passed.stdout + passed.stderr


def test_this_repository_passes_its_own_truss_secret_lint_hook(
    tmp_path: Path, hook_source: tuple[Path, str, Path]
) -> None:
    """The project's .pre-commit-config.yaml runs truss-secret-lint on this checkout (real
    pre-commit, `--all-files`), and it passes; the hook's file filter is the published one."""
    own = YAML(typ="safe").load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (published,) = [
        h
        for h in YAML(typ="safe").load(
            (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
        )
        if h["id"] == "truss-secret-lint"
    ]
    (hook,) = [h for repo in own["repos"] for h in repo["hooks"] if h["id"] == "truss-secret-lint"]
    assert (hook["files"], hook["types_or"]) == (published["files"], published["types_or"])

    checkout, _, home = hook_source  # pre-commit only reads the checkout: a shared one
    env = pre_commit_env(home)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(REPO)
    run = pre_commit("run", "truss-secret-lint", "--all-files", cwd=checkout, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "truss-secret-lint" in run.stdout and "Passed" in run.stdout, run.stdout
