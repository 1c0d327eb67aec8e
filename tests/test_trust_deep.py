"""Deep trees: no depth of directories crashes a run or hides a finding elsewhere (SPEC §10).

Every walk over the checked tree is iterative (`truss_secret_lint.sources.walk`): discovery,
a Truss's code layout and the cache's directory times. Before, `os.walk` recursed once per
level and a tree ~1,000 directories deep ended in RecursionError (exit 2, the real finding never
printed).
"""

from __future__ import annotations

import os
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


@pytest.fixture(autouse=True)
def _no_deep_tree_left_behind(tmp_path: Path) -> Iterator[None]:
    yield
    for child in tmp_path.iterdir():
        if child.is_dir() and not child.is_symlink():
            _remove_iteratively(child)


def _chain(base: Path, depth: int) -> Path:
    """`base/d/d/…/d`, `depth` levels, made one level at a time (os.makedirs recurses too)."""
    base.mkdir(parents=True, exist_ok=True)
    current = base
    for _ in range(depth):
        current = current / "d"
        os.mkdir(current)
    return current


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_a_deep_tree_beside_a_leaky_truss_still_reports_it(tmp_path: Path, cache: bool) -> None:
    write_tree(tmp_path, {"leaky/config.yaml": LEAKY_CONFIG})
    _chain(tmp_path / "deep", DEPTH)
    # inside a Truss too: its code layout and the cache's directory times walk it
    write_tree(tmp_path, {"inner/config.yaml": LEAKY_CONFIG})
    (_chain(tmp_path / "inner" / "model", DEPTH) / "helper.py").write_text("x = 1\n")

    options = () if cache else ("--no-cache",)
    for _ in range(2 if cache else 1):  # with the cache: the writing run and the reading run
        result = run_cli(*options, "--color", "never", ".", cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
        assert "leaky/config.yaml:3:20: TSL201" in result.stdout
        assert "inner/config.yaml:3:20: TSL201" in result.stdout
        assert TOKEN not in result.stdout + result.stderr


def test_a_deep_tree_as_the_argument_is_searched_to_the_bottom(tmp_path: Path) -> None:
    bottom = _chain(tmp_path / "deep", DEPTH)
    write_tree(bottom, {"config.yaml": LEAKY_CONFIG})

    result = run_cli("--no-cache", "--format", "json", "deep", cwd=tmp_path)

    assert result.returncode == 1, result.stderr
    assert '"TSL201"' in result.stdout
