"""From command-line paths (directories, or the files pre-commit passes) to units of work.

A directory is searched for Truss configs, Truss Chains source files and never-commit files
(`.truss/config.yaml`, `.trussrc`), skipping `.git`, virtualenvs, `node_modules`, caches and
git-ignored paths; symlinks are never followed. A file inside a Truss means "lint that whole
Truss": a changed model.py is checked against its config.yaml and the other way round.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from truss_secret_lint.config_facts import TRUSS_CONFIG_FIELDS
from truss_secret_lint.sources.text import decode, read_prefix
from truss_secret_lint.sources.walk import walk

CONFIG_NAME = "config.yaml"
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".truss-secret-lint-cache",
        "site-packages",
    }
)
_FIELD_LINE = re.compile(r"^(?:" + "|".join(sorted(TRUSS_CONFIG_FIELDS)) + r")\s*:", re.MULTILINE)
# `[^\S\n]` (blanks, not line ends): `^\s*` rescanned every following blank line from each
# line start, quadratic on a file of empty lines.
_CHAINS_IMPORT = re.compile(r"^[^\S\n]*+(?:import|from)\s+truss_chains\b", re.MULTILINE)
_MAX_ASCENT = 64


class DiscoveryError(Exception):
    """A path argument that cannot be used (does not exist): a usage error."""


@dataclass
class Discovery:
    """What to check: Truss roots (with their config), chain files and never-commit files."""

    trusses: dict[Path, Path] = field(default_factory=dict)  # root → config.yaml
    chain_files: list[Path] = field(default_factory=list)
    stores: list[Path] = field(default_factory=list)
    texts: dict[Path, bytes] = field(default_factory=dict)  # configs read while deciding, so
    # the many files of one Truss passed by pre-commit read its config.yaml once

    def add_store(self, path: Path) -> None:
        if path not in self.stores:
            self.stores.append(path)


def looks_like_truss_config(text: str, directory: Path) -> bool:
    """A config.yaml is a Truss config when it has a Truss field or a sibling model directory."""
    return has_truss_field(text) or (directory / "model").is_dir()


def has_truss_field(text: str) -> bool:
    """The text half of `looks_like_truss_config` (history mode asks git for the directory)."""
    return bool(_FIELD_LINE.search(text))


def imports_truss_chains(text: str) -> bool:
    """A Python source that imports `truss_chains` (a Truss Chains source file)."""
    return "truss_chains" in text and bool(_CHAINS_IMPORT.search(text))


def store_kind(path: Path) -> str | None:
    """`.trussrc` or `.truss/config.yaml` when `path` is a never-commit file, else None."""
    if path.name == ".trussrc":
        return ".trussrc"
    if path.name == CONFIG_NAME and path.parent.name == ".truss":
        return ".truss/config.yaml"
    return None


def discover(arguments: Iterable[str]) -> Discovery:
    """Resolve command-line paths to units of work; raises DiscoveryError for missing paths."""
    found = Discovery()
    for argument in arguments:
        path = Path(argument)
        if path.is_symlink() and not path.exists():
            continue
        if not path.exists():
            raise DiscoveryError(f"{argument}: no such file or directory")
        if path.is_dir():
            _discover_directory(path, found)
        else:
            _discover_file(path, found)
    return found


def _discover_directory(top: Path, found: Discovery) -> None:
    ignored = _git_ignored(top)
    for directory, names in _walk(top, ignored):
        for name in names:
            path = directory / name
            if path.is_symlink():
                continue
            if store_kind(path):
                found.add_store(path)
            elif name == CONFIG_NAME:
                text = _read_text(path, found)
                if looks_like_truss_config(text, directory):
                    found.trusses.setdefault(directory, path)
            elif name.endswith(".py") and imports_truss_chains(_peek(path)):
                found.chain_files.append(path)


def _walk(top: Path, ignored: set[Path]) -> Iterator[tuple[Path, list[str]]]:
    for current, dirs, files in walk(top):
        base = Path(current)
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIPPED_DIRS
            and not (base / d / "pyvenv.cfg").exists()
            and (base / d) not in ignored
        )
        yield base, sorted(f for f in files if (base / f) not in ignored)


def _discover_file(path: Path, found: Discovery) -> None:
    if store_kind(path):
        found.add_store(path)
        return
    root = _enclosing_truss(path, found)
    if root is not None:
        found.trusses.setdefault(root, root / CONFIG_NAME)
    elif path.suffix == ".py" and imports_truss_chains(_peek(path)):
        found.chain_files.append(path)


def _enclosing_truss(path: Path, found: Discovery) -> Path | None:
    """The nearest directory at or above `path` whose config.yaml is a Truss config."""
    directory = path.parent
    for _ in range(_MAX_ASCENT):
        config = directory / CONFIG_NAME
        if (
            config.is_file()
            and not config.is_symlink()
            and directory.name != ".truss"
            and looks_like_truss_config(_read_text(config, found), directory)
        ):
            return directory
        if directory.parent == directory or (directory / ".git").exists():
            return None
        directory = directory.parent
    return None


def _read_text(path: Path, found: Discovery) -> str:
    """Read a file for a discovery decision (bounded, never blocking, decoded as the checkers
    will: a UTF-16 config is recognised too), at most once per run."""
    data = found.texts.get(path)
    if data is None:
        data = read_prefix(path, 4 * 1024 * 1024)
        found.texts[path] = data
    source = decode(path, data)
    if source.problem is not None and source.problem.fatal:  # binary: still worth reporting
        return data.decode("utf-8", errors="replace")
    return source.text


def _peek(path: Path) -> str:
    """The start of a Python file, enough to see its imports (not kept: most do not matter)."""
    return read_prefix(path, 256 * 1024).decode("utf-8", errors="replace")


def _git_ignored(top: Path) -> set[Path]:
    """Paths under `top` that git ignores (files and whole directories); empty outside git.

    Only the repository the user runs in is asked (`git.trusted_work_tree`), named explicitly,
    and git is started through `git.run_git`: no `.git`, gitfile or bare repository found in
    the checked tree is ever used, and no configuration can make git run a command.
    """
    import subprocess

    from truss_secret_lint.sources.git import run_git, trusted_work_tree

    work_tree = trusted_work_tree(top)
    if work_tree is None:
        return set()
    try:
        result = run_git(
            [
                f"--git-dir={work_tree / '.git'}",
                f"--work-tree={work_tree}",
                "ls-files",
                "-z",
                "--others",
                "--ignored",
                "--exclude-standard",
                "--directory",
                "--no-empty-directory",
            ],
            cwd=top,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if result.returncode != 0:
        return set()
    entries = result.stdout.decode("utf-8", errors="surrogateescape").split("\0")
    return {top / entry.rstrip("/") for entry in entries if entry}
