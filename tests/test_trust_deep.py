"""Deep trees: no depth of directories crashes a run or hides a finding elsewhere (SPEC §10).

Every walk over the checked tree is iterative (`truss_secret_lint.sources.walk`): discovery,
a Truss's code layout and the cache's directory times. Before, `os.walk` recursed once per
level and a tree ~1,000 directories deep ended in RecursionError (exit 2, the real finding never
printed).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli, write_tree
from tests.test_hooks import LEAKY_CONFIG, TOKEN

DEPTH = 1_500


def _remove_iteratively(root: Path) -> None:
    """Delete a tree without recursion: pytest's own clean-up of old temporary directories
    (`shutil.rmtree`) recurses once per level and would end the session in RecursionError."""
    stack: list[tuple[str, bool]] = [(str(root), False)]
    while stack:
        path, emptied = stack.pop()
        if emptied:
            os.rmdir(path)
            continue
        stack.append((path, True))
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, False))
                else:
                    os.unlink(entry.path)


@pytest.fixture(scope="module")
def deep_tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One tree for the module, made once and removed once: a leaky Truss beside a chain `DEPTH`
    levels deep with another leaky Truss at its bottom, and a leaky Truss whose `model/` is such
    a chain (its code layout and the cache's directory times walk it). The runs only read it.

    On a memory file system when the machine has one: removing its 3,000 directories from a disk
    took 10 s of the module's time, well under 1 s there (what is walked is the same)."""
    memory = Path("/dev/shm")
    if memory.is_dir() and os.access(memory, os.W_OK | os.X_OK):
        root = Path(tempfile.mkdtemp(prefix="tsl-deep-tree-", dir=memory))
    else:
        root = tmp_path_factory.mktemp("deep-tree")
    try:
        write_tree(root, {"leaky/config.yaml": LEAKY_CONFIG})
        write_tree(_chain(root / "deep", DEPTH), {"config.yaml": LEAKY_CONFIG})
        write_tree(root, {"inner/config.yaml": LEAKY_CONFIG})
        (_chain(root / "inner" / "model", DEPTH) / "helper.py").write_text("x = 1\n")
        yield root
    finally:
        _remove_iteratively(root)


def _chain(base: Path, depth: int) -> Path:
    """`base/d/d/…/d`, `depth` levels, made one level at a time (os.makedirs recurses too)."""
    base.mkdir(parents=True, exist_ok=True)
    current = base
    for _ in range(depth):
        current = current / "d"
        os.mkdir(current)
    return current


_BOTTOM = "deep/" + "d/" * DEPTH + "config.yaml"


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_a_deep_tree_beside_a_leaky_truss_still_reports_it(
    deep_tree: Path, tmp_path: Path, cache: bool
) -> None:
    options = ("--cache-dir", str(tmp_path / "cache")) if cache else ("--no-cache",)
    for _ in range(2 if cache else 1):  # with the cache: the writing run and the reading run
        result = run_cli(*options, "--color", "never", ".", cwd=deep_tree)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
        assert "leaky/config.yaml:3:20: TSL201" in result.stdout
        assert "inner/config.yaml:3:20: TSL201" in result.stdout
        assert f"{_BOTTOM}:3:20: TSL201" in result.stdout
        assert TOKEN not in result.stdout + result.stderr
    if cache:
        assert any((tmp_path / "cache").rglob("*.entry")), "the cache was not written"


def test_a_deep_tree_as_the_argument_is_searched_to_the_bottom(deep_tree: Path) -> None:
    result = run_cli("--no-cache", "--format", "json", "deep", cwd=deep_tree)

    assert result.returncode == 1, result.stderr
    assert [(f["code"], f["path"]) for f in json.loads(result.stdout)] == [("TSL201", _BOTTOM)]
