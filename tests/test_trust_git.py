"""Nothing from the checked tree runs (SPEC §10, SECURITY.md): git metadata in the tree is hostile.

Each attack plants git metadata whose configuration sets `core.fsmonitor` to a shell command that
writes a marker file, then runs the real CLI the way a user or CI would. A control first shows the
payload is live (plain `git status` there does write the marker), so a passing test means the tool
kept git away from it, not that the attack was inert. A second shape plants ignore rules (`*` in
`info/exclude`) that would hide a real token: the finding must still be printed.

The fsmonitor attacks fail on the discovery before commit bc68d3a (git started in the checked
directory with its configuration); the hiding attack also failed on bc68d3a itself (git then still
used a `.git` planted in the checked tree).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli, write_tree
from tests.real_tools import GIT_IDENTITY, git
from tests.test_hooks import CLEAN_CONFIG, LEAKY_CONFIG, TOKEN, GitRepo, repo  # noqa: F401


def _env(tmp_path: Path) -> dict[str, str]:
    """No inherited git variables, no global configuration: only what the test plants counts."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_IDENTITY)
    env.update({"HOME": str(home), "XDG_CONFIG_HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1"})
    return env


def _hostile_config(marker: Path, extra: str = "") -> str:
    """A git `config` whose fsmonitor is a command writing `marker`."""
    return (
        "[core]\n\trepositoryformatversion = 0\n\tbare = false\n"
        f"{extra}"
        f'\tfsmonitor = "echo pwned > {marker.as_posix()}; false"\n'
    )


def _bare_repository_files(marker: Path) -> dict[str, str]:
    """A bare repository as plain files (committable): HEAD, objects/, refs/, a hostile config
    whose work tree is the directory itself, so git accepts `ls-files --others` there."""
    return {
        "HEAD": "ref: refs/heads/main\n",
        "config": _hostile_config(marker, "\tworktree = .\n"),
        "objects/.keep": "",
        "refs/heads/.keep": "",
    }


def _prefixed(prefix: str, files: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}/{name}": text for name, text in files.items()}


def _assert_payload_is_live(directory: Path, env: dict[str, str], marker: Path) -> None:
    """Control: plain git in `directory` runs the planted command (then the marker is removed)."""
    git("status", cwd=directory, env=env)
    assert marker.exists(), "the planted fsmonitor should run under plain git"
    marker.unlink()


def _findings(result: subprocess.CompletedProcess[str]) -> set[tuple[str, str]]:
    assert result.returncode in (0, 1), result.stderr
    return {(d["path"], d["code"]) for d in json.loads(result.stdout)}


def test_bare_repository_committed_in_a_truss_does_not_run_in_a_fresh_clone(
    tmp_path: Path,
) -> None:
    env = _env(tmp_path)
    marker = tmp_path / "MARKER"
    origin = tmp_path / "origin"
    write_tree(
        origin,
        {
            "evil-truss/config.yaml": LEAKY_CONFIG,
            **_prefixed("evil-truss", _bare_repository_files(marker)),
        },
    )
    git("init", "-q", cwd=origin, env=env)
    git("add", "-A", cwd=origin, env=env)
    assert git("commit", "-q", "-m", "x", cwd=origin, env=env).returncode == 0
    clone = tmp_path / "clone"
    assert git("clone", "-q", str(origin), str(clone), cwd=tmp_path, env=env).returncode == 0
    _assert_payload_is_live(clone / "evil-truss", env, marker)

    result = run_cli("--format", "json", "--no-cache", "evil-truss/", cwd=clone, env=env)

    assert not marker.exists()
    assert _findings(result) == {("evil-truss/config.yaml", "TSL201")}


@pytest.mark.parametrize("argument", [".", "./", "sub/.."])
def test_bare_repository_at_the_top_of_a_tree_that_is_no_repository_does_not_run(
    tmp_path: Path, argument: str
) -> None:
    env = _env(tmp_path)
    marker = tmp_path / "MARKER"
    tree = tmp_path / "artifact"
    write_tree(tree, {"config.yaml": LEAKY_CONFIG, "sub/x": "", **_bare_repository_files(marker)})
    _assert_payload_is_live(tree, env, marker)

    result = run_cli("--format", "json", "--no-cache", argument, cwd=tree, env=env)

    assert not marker.exists()
    assert {code for _, code in _findings(result)} == {"TSL201"}


def _hostile_git_dir(path: Path, env: dict[str, str], marker: Path, hide: bool) -> None:
    """A real git directory with a command in its config and, with `hide`, `*` ignored."""
    assert git("init", "-q", "--bare", str(path), cwd=path.parent, env=env).returncode == 0
    (path / "config").write_text(_hostile_config(marker), encoding="utf-8")
    if hide:
        (path / "info").mkdir(exist_ok=True)
        (path / "info" / "exclude").write_text("*\n", encoding="utf-8")


@pytest.mark.parametrize("cwd_is_a_repository", [False, True], ids=["no-repo", "in-repo"])
def test_gitfile_in_the_checked_tree_pointing_elsewhere_is_not_used(
    tmp_path: Path, cwd_is_a_repository: bool
) -> None:
    """A `.git` file (`gitdir: …`, as worktrees and submodules have) shipped in the checked tree
    points at a git directory elsewhere: its config must not run, its ignore rules not hide."""
    env = _env(tmp_path)
    marker = tmp_path / "MARKER"
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    if cwd_is_a_repository:
        git("init", "-q", cwd=workspace, env=env)
    elsewhere = tmp_path / "elsewhere.git"
    _hostile_git_dir(elsewhere, env, marker, hide=True)
    artifact = workspace / "downloaded"
    write_tree(
        artifact,
        {"my-model/config.yaml": LEAKY_CONFIG, ".git": f"gitdir: {elsewhere.as_posix()}\n"},
    )
    _assert_payload_is_live(artifact, env, marker)

    result = run_cli("--format", "json", "--no-cache", "downloaded", cwd=workspace, env=env)

    assert not marker.exists()
    assert _findings(result) == {("downloaded/my-model/config.yaml", "TSL201")}
    assert TOKEN not in result.stdout + result.stderr


def test_stray_git_directory_in_a_subdirectory_hides_nothing(tmp_path: Path) -> None:
    """A `.git` directory planted below the user's repository (a vendored or unpacked tree)
    whose `info/exclude` says `*`: the Truss beside it is still checked."""
    env = _env(tmp_path)
    marker = tmp_path / "MARKER"
    project = tmp_path / "project"
    project.mkdir()
    git("init", "-q", cwd=project, env=env)
    vendor = project / "vendor"
    vendor.mkdir()
    _hostile_git_dir(vendor / ".git", env, marker, hide=True)
    write_tree(vendor, {"model-a/config.yaml": LEAKY_CONFIG})
    _assert_payload_is_live(vendor, env, marker)

    for argument in ("vendor", "vendor/model-a", "."):
        result = run_cli("--format", "json", "--no-cache", argument, cwd=project, env=env)
        assert not marker.exists(), argument
        assert _findings(result) == {("vendor/model-a/config.yaml", "TSL201")}, argument


def test_ignore_rules_of_the_users_repository_still_apply(tmp_path: Path) -> None:
    """The repository the user stands in is trusted: its ignored paths are skipped, for `.`, a
    subdirectory argument, and from a linked worktree (whose `.git` is a gitfile)."""
    env = _env(tmp_path)
    project = tmp_path / "project"
    write_tree(
        project,
        {
            ".gitignore": "ignored/\n",
            "models/ignored/config.yaml": LEAKY_CONFIG,
            "models/kept/config.yaml": LEAKY_CONFIG,
        },
    )
    git("init", "-q", cwd=project, env=env)
    git("add", ".gitignore", "models/kept/config.yaml", cwd=project, env=env)
    assert git("commit", "-q", "-m", "x", cwd=project, env=env).returncode == 0
    worktree = tmp_path / "linked"
    assert git("worktree", "add", "-q", str(worktree), cwd=project, env=env).returncode == 0
    shutil.copytree(project / "models" / "ignored", worktree / "models" / "ignored")

    for cwd in (project, worktree):
        for argument in (".", "models", "models/"):
            result = run_cli("--format", "json", "--no-cache", argument, cwd=cwd, env=env)
            paths = {path for path, _ in _findings(result)}
            assert paths == {"models/kept/config.yaml"}, (cwd, argument, paths)


def test_plain_git_hook_commits_a_truss_holding_a_bare_repository_without_running_it(
    repo: GitRepo,  # noqa: F811
    tmp_path: Path,
) -> None:
    """hooks/pre-commit checks out the index and lints it; the committed bare-repository files
    (config with fsmonitor) are content, never a repository git or the tool opens."""
    marker = tmp_path / "MARKER"
    repo.stage(
        {
            "my-model/config.yaml": CLEAN_CONFIG,
            **_prefixed("my-model", _bare_repository_files(marker)),
        }
    )
    made, output = repo.commit()
    assert made, output
    assert not marker.exists()
    repo.stage({"my-model/config.yaml": LEAKY_CONFIG})
    made, output = repo.commit()
    assert not made
    assert "my-model/config.yaml:3:20: TSL201" in output
    assert not marker.exists()
