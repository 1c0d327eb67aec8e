"""The files of commits' trees, read through `cat-file --batch`, each subtree visited once.

The commits just below a range (its boundary) share most of their subtrees, so the walk visits
each (tree id, directory) pair once for all of them together: only the distinct subtrees are
read and walked.
"""

from __future__ import annotations

from truss_secret_lint.history.objects import ObjectReader, TreeEntry

_REGULAR_MODES = frozenset({"100644", "100755", "100664"})
_TREE_MODE = "40000"


class TreeWalker:
    """Lists files of trees, each tree object read at most once per run."""

    def __init__(self, reader: ObjectReader) -> None:
        self.reader = reader
        self._trees: dict[str, list[TreeEntry]] = {}

    def files(self, roots: list[str]) -> set[tuple[str, str]]:
        """(path, blob id) of the regular files in any of the root trees."""
        found: set[tuple[str, str]] = set()
        seen: set[tuple[str, str]] = set()
        level = [(root, "") for root in dict.fromkeys(roots)]
        while level:
            self._load([tree for tree, _prefix in level])
            following: list[tuple[str, str]] = []
            for tree, prefix in level:
                for entry in self._trees.get(tree, []):
                    path = f"{prefix}/{entry.name}" if prefix else entry.name
                    if entry.mode == _TREE_MODE:
                        if (entry.oid, path) not in seen:
                            seen.add((entry.oid, path))
                            following.append((entry.oid, path))
                    elif entry.mode in _REGULAR_MODES:
                        found.add((path, entry.oid))
            level = following
        return found

    def _load(self, trees: list[str]) -> None:
        unread = [t for t in dict.fromkeys(trees) if t not in self._trees]
        self._trees.update(self.reader.trees(unread))
