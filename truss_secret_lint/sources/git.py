"""The one way this tool starts `git`: with nothing from the checked tree able to run a command.

The checked tree is hostile (SECURITY.md): it can hold committed bare-repository files, a stray
`.git` directory or gitfile, or a repository whose `config` sets `core.fsmonitor`, hooks,
`core.sshCommand` or a pager to a command. Every git this tool starts therefore:

- passes `-c` overrides, which take precedence over every configuration file, for each setting
  that can run a program or redirect git (fsmonitor, hooks, ssh, pagers, askpass, credential
  helpers, external diff and textconv, alternate-refs commands, automatic maintenance, protocols);
- sets `safe.bareRepository=explicit`, so a bare repository committed as plain files is never
  discovered, only one named explicitly with `--git-dir`;
- takes no lock and writes nothing (`GIT_OPTIONAL_LOCKS=0`), never prompts, never uses replace
  refs, never starts a pager;
- never reads standard input unless given some, and is bounded by a timeout.

The user's own environment and global configuration stay trusted (SECURITY.md), so they are kept.

Which repository git may read at all is decided here too, without starting git
(`trusted_work_tree`): only the repository the user is standing in.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

GIT_TIMEOUT_SECONDS = 120.0

# Each of these, set in a repository's config, can start a program or redirect git; the command
# line overrides every configuration file. Values chosen to disable, never to enable.
_SAFE_CONFIG: tuple[tuple[str, str], ...] = (
    ("core.fsmonitor", "false"),
    ("core.hooksPath", os.devnull),
    ("core.sshCommand", "false"),
    ("core.pager", "cat"),
    ("core.askPass", ""),
    ("core.editor", "false"),
    ("core.alternateRefsCommand", ""),
    ("core.untrackedCache", "false"),
    ("core.preloadIndex", "false"),
    ("core.splitIndex", "false"),
    ("credential.helper", ""),
    ("diff.external", ""),
    ("safe.bareRepository", "explicit"),
    ("protocol.allow", "never"),
    ("gc.auto", "0"),
    ("maintenance.auto", "false"),
    ("fetch.writeCommitGraph", "false"),
    ("submodule.recurse", "false"),
    ("uploadpack.packObjectsHook", ""),
    ("sequence.editor", "false"),
    ("gpg.program", "false"),
    ("log.showSignature", "false"),
)

# Environment variables set for every call. GIT_DIR and friends are removed unless a caller
# names a repository explicitly (then it passes --git-dir itself).
_SAFE_ENV: Mapping[str, str] = {
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_ASKPASS": "",
    "SSH_ASKPASS": "",
    "GIT_EXTERNAL_DIFF": "",
    "LC_ALL": "C",
}
_REDIRECTING_ENV = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
)


def trusted_work_tree(directory: Path, cwd: Path | None = None) -> Path | None:
    """The top of the repository whose ignore rules may be applied under `directory`, or None.

    Only the repository the user runs the tool in (the nearest `.git` at or above the working
    directory) is trusted: the user chose to stand there, and in CI it is the checkout the
    workflow made. Its top must contain `directory`, and no other `.git` (directory or gitfile)
    may lie between them: a `.git` planted inside the checked tree, a nested repository, a
    gitfile pointing elsewhere, or a checked path outside the user's repository (a downloaded
    artifact, a tarball with its own `.git`) means "not a repository", so nothing is ignored —
    the safe direction: more is searched. Callers pass the top with `--git-dir`/`--work-tree`,
    so git never discovers a repository by itself (a bare repository committed as plain files
    below the top is never even looked at).
    """
    try:
        start = Path(os.path.realpath(cwd if cwd is not None else Path.cwd()))
        target = Path(os.path.realpath(directory))
    except (OSError, ValueError):
        return None
    top = _nearest_repository(start)
    if top is None or not target.is_relative_to(top):
        return None
    between = target
    while between != top:
        if _has_git_entry(between):
            return None
        between = between.parent
    return top


def _nearest_repository(start: Path) -> Path | None:
    for candidate in (start, *start.parents):
        if _has_git_entry(candidate):
            return candidate
    return None


def _has_git_entry(directory: Path) -> bool:
    try:
        os.lstat(directory / ".git")
    except OSError:
        return False
    return True


def safe_git_argv(args: Sequence[str]) -> list[str]:
    """`git` with the overrides, followed by `args`."""
    argv = ["git"]
    for key, value in _SAFE_CONFIG:
        argv += ["-c", f"{key}={value}"]
    argv += list(args)
    return argv


def safe_git_env() -> dict[str, str]:
    """The caller's environment with git's redirecting variables removed and the safe ones set."""
    env = {k: v for k, v in os.environ.items() if k not in _REDIRECTING_ENV}
    env.update(_SAFE_ENV)
    return env


def run_git(
    args: Sequence[str],
    *,
    cwd: Path | str,
    stdin: bytes | None = None,
    timeout: float = GIT_TIMEOUT_SECONDS,
) -> subprocess.CompletedProcess[bytes]:
    """Run `git args` in `cwd` safely, capturing stdout and stderr as bytes.

    Raises OSError when git cannot be started and subprocess.TimeoutExpired on a hang; callers
    decide what a failure means (for ignore rules: nothing is ignored).
    """
    return subprocess.run(
        safe_git_argv(args),
        cwd=str(cwd),
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        env=safe_git_env(),
        timeout=timeout,
        check=False,
    )


def start_git(
    args: Sequence[str],
    *,
    cwd: Path | str,
) -> subprocess.Popen[bytes]:
    """Start a long-running safe git (e.g. `cat-file --batch`) with pipes for stdin and stdout."""
    return subprocess.Popen(
        safe_git_argv(args),
        cwd=str(cwd),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=safe_git_env(),
    )
