"""Which committed paths are Truss files, decided as discovery decides for a tree.

- `.trussrc` and `.truss/config.yaml` anywhere: local secret stores.
- `config.yaml` (not under `.truss/`): a Truss config when that version has a Truss field
  (`discovery.has_truss_field`) or its directory has a `model/` directory in the range.
- Python files under a Truss's model or bundled-packages directory (as its config versions
  name them, defaults `model` and `packages`): model code; a Truss's `requirements_file`.
- Other Python files, outside every Truss: chain files when they import `truss_chains`
  (decided on each blob's text).

Paths are classified over the whole range rather than commit by commit: a file whose path is a
Truss file at some commit is checked at every commit that changed it, so a token committed in
`model/model.py` just before `config.yaml` is attributed to the commit that added it. Paths in
skipped directories (virtualenvs, `node_modules`, caches) are not checked, as in the tree scan.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from truss_secret_lint.discovery import CONFIG_NAME, SKIPPED_DIRS, store_kind
from truss_secret_lint.history.blobs import BlobKind, BlobResult

_DEFAULT_CODE_DIRS = ("model", "packages")


def is_skipped(path: str) -> bool:
    """A path inside a directory the tree scan never enters."""
    return any(part in SKIPPED_DIRS for part in path.split("/")[:-1])


@functools.lru_cache(maxsize=65536)
def fixed_kind(path: str) -> BlobKind | None:
    """The kind a path has by its name alone (stores and config candidates), else None."""
    name = posixpath.basename(path)
    if name not in (".trussrc", CONFIG_NAME):
        return None
    kind = store_kind(Path(path))
    if kind == ".trussrc":
        return BlobKind.TRUSSRC
    if kind is not None:
        return BlobKind.TRUSS_STORE
    return BlobKind.CONFIG if name == CONFIG_NAME else None


def directories_of(paths: Iterable[str]) -> set[str]:
    """Every directory that holds one of `paths`, at any depth ("" is the top)."""
    found: set[str] = set()
    for path in paths:
        directory = posixpath.dirname(path)
        while directory not in found:
            found.add(directory)
            if not directory:
                break
            directory = posixpath.dirname(directory)
    return found


def within(root: str, value: str) -> str | None:
    """`root/value` normalised, when `value` is a relative path that stays inside `root`."""
    if not value or "\0" in value or value.startswith(("/", "\\")) or ":" in value[:2]:
        return None
    joined = posixpath.normpath(posixpath.join(root or ".", value))
    if joined == ".":
        joined = ""
    if root and not (joined == root or joined.startswith(root + "/")):
        return None
    if not root and (joined == ".." or joined.startswith("../")):
        return None
    return joined


def is_truss_config(path: str, result: BlobResult, directories: set[str]) -> bool:
    """Whether this version of a config.yaml is a Truss config: discovery's decision, with the
    sibling `model/` directory looked up among the range's directories."""
    directory = posixpath.dirname(path)
    model = f"{directory}/model" if directory else "model"
    return result.truss_field or model in directories


@dataclass
class TrussLayouts:
    """The Truss roots of the range with the directories and files their configs name."""

    code_dirs: dict[str, set[str]] = field(default_factory=dict)  # root → model/packages dirs
    requirements: set[str] = field(default_factory=set)

    def add(self, path: str, result: BlobResult) -> None:
        """Record a Truss config version's root and layout."""
        root = posixpath.dirname(path)
        dirs = self.code_dirs.setdefault(root, set())
        for name, default in zip(
            ("model_module_dir", "bundled_packages_dir"), _DEFAULT_CODE_DIRS, strict=True
        ):
            configured = result.layout.get(name)
            resolved = within(root, configured) if configured is not None else None
            dirs.add(resolved if resolved is not None else within(root, default) or root)
        requirements = result.layout.get("requirements_file")
        if requirements is not None:
            resolved = within(root, requirements)
            if resolved:
                self.requirements.add(resolved)

    def kind_of_other(self, path: str) -> BlobKind | None:
        """The kind of a path that is not a store or config: model code, a requirements file,
        a possible chain file, or nothing."""
        if path in self.requirements:
            return BlobKind.REQUIREMENTS
        if not path.endswith(".py"):
            return None
        directory = posixpath.dirname(path)
        inside_truss = False
        while True:
            dirs = self.code_dirs.get(directory)
            if dirs is not None:
                inside_truss = True
                if any(path.startswith(d + "/") if d else True for d in dirs):
                    return BlobKind.PYTHON
            if not directory:
                break
            directory = posixpath.dirname(directory)
        return None if inside_truss else BlobKind.CHAIN
