"""Where a Truss keeps its code, from its config, without ever leaving the Truss directory.

`model_module_dir` (default `model`), `model_class_filename` (default `model.py`),
`bundled_packages_dir` (default `packages`), `data_dir` (default `data`) and `requirements_file`
come from config.yaml, which is untrusted input: a value that is not a string, is absolute,
contains `..` that climbs out, or resolves through a symlink to outside the Truss is ignored (the
default is used instead), so hostile configs can neither crash the linter nor make it read
`/etc`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from truss_secret_lint.config_facts import ConfigFacts
from truss_secret_lint.discovery import SKIPPED_DIRS
from truss_secret_lint.sources.walk import walk

MAX_FILES_PER_DIR = 2_000


@dataclass(frozen=True)
class TrussLayout:
    """The files of one Truss that the checkers read."""

    model_file: Path | None
    model_class_name: str
    module_files: tuple[Path, ...]  # other .py under model_module_dir and bundled_packages_dir
    data_files: tuple[Path, ...]  # scripts under data_dir
    requirements_file: Path | None


def inside(root: Path, value: object) -> Path | None:
    """`root / value` when `value` is a relative path string that stays inside `root`."""
    if not isinstance(value, str) or not value or "\0" in value or os.path.isabs(value):
        return None
    try:
        candidate = (root / value).resolve()
        candidate.relative_to(root.resolve())
    except (OSError, ValueError, RuntimeError):
        return None
    return root / value


def layout_of(root: Path, config: ConfigFacts | None) -> TrussLayout:
    """Resolve the code layout of the Truss at `root`."""

    def field(name: str, default: str) -> Path | None:
        value = config.top_text(name) if config is not None else None
        return (inside(root, value) if value is not None else None) or inside(root, default)

    model_dir = field("model_module_dir", "model")
    class_file = config.top_text("model_class_filename") if config is not None else None
    model_file = None
    if model_dir is not None:
        model_file = inside(model_dir, class_file or "model.py") or inside(model_dir, "model.py")
    if model_file is not None and not _is_regular_file(model_file):
        model_file = None
    class_name = (config.top_text("model_class_name") if config is not None else None) or "Model"
    modules: list[Path] = []
    for directory in (model_dir, field("bundled_packages_dir", "packages")):
        if directory is not None:
            modules.extend(p for p in python_files(directory) if p != model_file)
    data_dir = field("data_dir", "data")
    data = (
        tuple(p for p in files_under(data_dir) if p.suffix in (".py", ".sh", ".bash"))
        if data_dir is not None
        else ()
    )
    requirements = None
    requirements_value = config.top_text("requirements_file") if config is not None else None
    if requirements_value is not None:
        requirements = inside(root, requirements_value)
        if requirements is not None and not _is_regular_file(requirements):
            requirements = None
    return TrussLayout(model_file, class_name, tuple(dict.fromkeys(modules)), data, requirements)


def python_files(directory: Path) -> Iterator[Path]:
    """The .py files under a directory (recursively, skipping caches; symlinks not followed)."""
    return (p for p in files_under(directory) if p.suffix == ".py")


def files_under(directory: Path) -> Iterator[Path]:
    """Regular files under `directory`, sorted, at most MAX_FILES_PER_DIR, no symlinks."""
    if not _is_kind(directory, stat.S_ISDIR):
        return
    count = 0
    for current, dirs, files in walk(directory):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in sorted(files):
            path = Path(current) / name
            if _is_regular_file(path):
                count += 1
                if count > MAX_FILES_PER_DIR:
                    return
                yield path


def _is_regular_file(path: Path) -> bool:
    return _is_kind(path, stat.S_ISREG)


def _is_kind(path: Path, test: Callable[[int], bool]) -> bool:
    """Whether `path` itself (not a link's target) is of a kind; False for anything that cannot
    be looked at, such as a name too long for the filesystem that came from config.yaml."""
    try:
        return test(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False
