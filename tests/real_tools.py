"""The real tools tests drive, started one way: git with a fixed identity, a snapshot of this
checkout as a pre-commit hook repository, the real pre-commit, and the console script with its
stderr on a terminal (a pty), where the progress line is shown."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.conftest import REPO

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
}


def git(
    *args: str, cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """`git args` in `cwd` (never raises on failure); `env` defaults to the test process's
    environment with GIT_IDENTITY. Output is decoded as UTF-8, undecodable bytes replaced (file
    names in tests are often unusual)."""
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        env=dict(env) if env is not None else {**os.environ, **GIT_IDENTITY},
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
    )


def snapshot_of_checkout(destination: Path) -> str:
    """Copy the checkout's files (tracked and untracked, not ignored) into a fresh repository at
    `destination` and commit them; returns the commit (pre-commit clones hook repositories at a
    revision, so the working tree under test must be committed somewhere)."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    assert listed.returncode == 0, listed.stderr
    for relative in filter(None, listed.stdout.split("\0")):
        source = REPO / relative
        if source.is_file():
            target = destination / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git("init", "-q", cwd=destination)
    git("add", "-A", cwd=destination)
    git("commit", "-q", "-m", "snapshot", cwd=destination)
    return git("rev-parse", "HEAD", cwd=destination).stdout.strip()


def pre_commit_env(home: Path) -> dict[str, str]:
    """The environment for running pre-commit (and the git commands whose hooks it installed):
    GIT_IDENTITY, its own PRE_COMMIT_HOME, and not under GitHub Actions (the text format)."""
    env = {**os.environ, **GIT_IDENTITY, "PRE_COMMIT_HOME": str(home)}
    env.pop("GITHUB_ACTIONS", None)
    return env


def pre_commit(
    *args: str, cwd: Path, env: Mapping[str, str], timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    """The real pre-commit framework (`python -m pre_commit args`) in `cwd`."""
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def install_pre_commit(project: Path, env: Mapping[str, str], *hook_types: str) -> None:
    """`pre-commit install` (with `--hook-type` for each of `hook_types`), which must succeed."""
    options = [option for kind in hook_types for option in ("--hook-type", kind)]
    result = pre_commit("install", *options, cwd=project, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def commit_all(
    project: Path, env: Mapping[str, str], message: str = "add model"
) -> subprocess.CompletedProcess[str]:
    """`git add -A && git commit`, which runs the installed hooks."""
    git("add", "-A", cwd=project, env=env)
    return git("commit", "-m", message, cwd=project, env=env, timeout=900)


def run_with_stderr_on_a_terminal(
    argv: Sequence[str], *, cwd: Path, env: Mapping[str, str], timeout: float = 300
) -> tuple[subprocess.CompletedProcess[bytes], bytes]:
    """Run `argv` with stdout piped and stderr on a pty; returns the result and every byte the
    terminal received (as a pty shows it: a newline arrives as CR LF)."""
    primary, secondary = pty.openpty()
    try:
        result = subprocess.run(
            list(argv),
            cwd=cwd,
            env=dict(env),
            stdout=subprocess.PIPE,
            stderr=secondary,
            timeout=timeout,
            check=False,
        )
        os.close(secondary)
        secondary = -1
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if secondary >= 0:
            os.close(secondary)
        os.close(primary)
    return result, b"".join(chunks)
