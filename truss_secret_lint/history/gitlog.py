"""The commits of a revision range and the blobs each one introduced, from one `git log` call.

`git log --raw -z --no-renames --diff-merges=first-parent --root --author-date-order --reverse`
lists every commit parents-first (earliest author date first among unrelated branches) with the
blobs it added or modified. A merge is compared with its first parent only: a blob that came
from the side branch was already introduced by the side-branch commit (which is listed before
the merge), so the merge adds only what it really introduced (an "evil merge"). Nothing comes
from `--first-parent`, so a token committed on a side branch is attributed to that commit.

Paths are arbitrary bytes in a hostile repository: they are parsed positionally (the token
after an entry's metadata is its path, whatever it holds), never by searching for separators.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from truss_secret_lint.sources.git import run_git

LOG_TIMEOUT_SECONDS = 1800.0
_HEADER = b"\x01"
_FORMAT = "%x01%H %aI %P"
_REGULAR_MODES = frozenset({b"100644", b"100755", b"100664"})
# Options a user may give among the revisions; anything else starting with "-" is refused, so a
# revision argument can never become a `git log` option such as `--output=FILE`.
REVISION_OPTIONS = frozenset({"--all", "--branches", "--tags", "--remotes", "--not"})


class HistoryError(Exception):
    """git could not list the range (not a repository, unknown revision): one line, exit 2."""


@dataclass(frozen=True)
class Change:
    """A regular file that a commit added or modified: its path and new blob id."""

    path: str
    blob: str


@dataclass
class Commit:
    """One commit of the range, with the blobs it introduced."""

    sha: str
    author_date: str  # ISO 8601, with the author's offset
    parents: tuple[str, ...]
    changes: list[Change] = field(default_factory=list)


def check_revisions(revisions: list[str]) -> None:
    """Refuse revision arguments that git would take as options (see REVISION_OPTIONS)."""
    for revision in revisions:
        if revision.startswith("-") and revision.split("=", 1)[0] not in REVISION_OPTIONS:
            raise HistoryError(f"{revision!r} is not a revision or range")
        if "\0" in revision or "\n" in revision:
            raise HistoryError("a revision cannot contain NUL or newline characters")


def revision_arguments(revisions: list[str]) -> list[str]:
    """The revisions as git arguments: the allowed options, `--end-of-options`, then the
    revisions themselves (default: `--all`). Refuses anything else that starts with `-`."""
    check_revisions(revisions)
    options = [r for r in revisions if r.startswith("-")]
    plain = [r for r in revisions if not r.startswith("-")]
    return [*(options or ([] if plain else ["--all"])), "--end-of-options", *plain]


def range_identity(repository: Path, revisions: list[str]) -> bytes | None:
    """What the range resolves to now (every positive and negative commit, and whether the
    clone is shallow), or None when git cannot say: equal identities list equal commits."""
    args = ["rev-parse", "--is-shallow-repository", *revision_arguments(revisions), "HEAD"]
    try:
        result = run_git(args, cwd=repository, timeout=LOG_TIMEOUT_SECONDS)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def read_log(repository: Path, revisions: list[str]) -> list[Commit]:
    """The commits of `revisions` (default: all refs), oldest first, with their changes."""
    args = [
        "log",
        f"--format={_FORMAT}",
        "--raw",
        "-z",
        "--no-renames",
        "--no-textconv",
        "--no-ext-diff",
        "--no-abbrev",
        "--diff-merges=first-parent",
        "--root",
        "--author-date-order",
        "--reverse",
        "--no-color",
        *revision_arguments(revisions),
        "--",
    ]
    try:
        result = run_git(args, cwd=repository, timeout=LOG_TIMEOUT_SECONDS)
    except (OSError, subprocess.SubprocessError) as error:
        raise HistoryError(f"cannot run git: {type(error).__name__}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit {result.returncode}"
        raise HistoryError(f"git log failed: {detail[:200]}")
    return parse_log(result.stdout)


def parse_log(data: bytes) -> list[Commit]:
    """Parse the output of `read_log`'s command (see the module docstring)."""
    tokens = data.split(b"\0")
    commits: list[Commit] = []
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip(b"\n")
        index += 1
        if token.startswith(_HEADER):
            commits.append(_commit_from_header(token[1:]))
        elif token.startswith(b":") and commits:
            path = tokens[index] if index < len(tokens) else b""
            index += 1
            change = _change(token, path)
            if change is not None:
                commits[-1].changes.append(change)
    return commits


def _commit_from_header(header: bytes) -> Commit:
    fields = header.decode("ascii", "replace").split()
    sha, date, *parents = [*fields, "", ""][: max(2, len(fields))]
    return Commit(sha, date, tuple(parents))


def _change(meta: bytes, path: bytes) -> Change | None:
    """A change entry `:old_mode new_mode old_sha new_sha STATUS` → Change, for regular files
    that exist after the commit (deletions, symlinks and submodules are not checked)."""
    fields = meta[1:].split()
    if len(fields) < 5 or fields[4][:1] == b"D" or fields[1] not in _REGULAR_MODES:
        return None
    oid = fields[3]
    if len(oid) not in (40, 64) or not oid.isalnum():
        return None
    return Change(path.decode("utf-8", "surrogateescape"), oid.decode("ascii"))
