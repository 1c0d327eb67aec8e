"""Walk a directory tree without recursion, so no depth of a hostile tree can crash a run.

`os.walk` recurses once per directory level (Python 3.11): a checked tree ~1,000 directories deep
ends in RecursionError, and a real finding elsewhere in the run is never printed. `walk` keeps
its own stack instead. It behaves like `os.walk(top, followlinks=False)` top-down — the caller
prunes or orders the walk by assigning to `dirs[:]` — with one difference that matters for
untrusted trees: a symlink is never listed in `dirs` (so it cannot be descended), only in
`files`, where callers already skip symlinks. A directory that cannot be listed yields nothing,
as with os.walk.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def walk(top: Path | str) -> Iterator[tuple[str, list[str], list[str]]]:
    """Yield `(directory, dirs, files)` for `top` and every directory below it, depth-first in
    the order the caller leaves `dirs` in; symlinks are never followed."""
    stack = [os.fspath(top)]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as entries:
                listed = list(entries)
        except OSError:
            continue
        dirs: list[str] = []
        files: list[str] = []
        for entry in listed:
            (dirs if _is_real_directory(entry) else files).append(entry.name)
        yield current, dirs, files
        stack.extend(os.path.join(current, name) for name in reversed(dirs))


def _is_real_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False
