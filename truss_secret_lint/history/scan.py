"""History mode's pipeline: log → classify → check each distinct blob once → attribute leaks.

Each leak is reported once, where it started. A leak's identity is its rule-independent and
path-independent value digest (`leak_key`): the same token moved to another file, kept in a
renamed Truss, or copied from config.yaml into model code is one leak, reported at the first
commit (parents first, then author date) and path where any credential rule found it. It is
`in_tip` when a tip of the range (a commit of the range that no other commit of the range has as
a parent) still holds it in a Truss file.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from truss_secret_lint.decide import is_ignored_for_file
from truss_secret_lint.diagnostic import Diagnostic
from truss_secret_lint.history.blob_cache import BlobCache
from truss_secret_lint.history.blobs import BlobKind, BlobResult, at_path, check_many
from truss_secret_lint.history.classify import (
    TrussLayouts,
    directories_of,
    fixed_kind,
    is_skipped,
    is_truss_config,
)
from truss_secret_lint.history.gitlog import Commit, HistoryError, range_identity, read_log
from truss_secret_lint.history.objects import ObjectReader, ObjectReaderError
from truss_secret_lint.history.trees import TreeWalker
from truss_secret_lint.redact import printable
from truss_secret_lint.settings import Settings
from truss_secret_lint.sources.git import run_git

PARALLEL_THRESHOLD = 96
_CHUNK = 48
ABBREV = 12


def leak_key(finding: Diagnostic) -> str:
    """The identity of a leak: the ONE place history mode turns a finding into a key (the
    decide stage's digest of the value), so a change of digest scheme changes it here."""
    return finding.value_digest or f"{finding.code}\0{finding.message}"


@dataclass(frozen=True)
class Leak:
    """A leak reported once: the finding where it started and the commit that introduced it."""

    diagnostic: Diagnostic
    commit: str
    commit_time: str
    in_tip: bool

    @property
    def short(self) -> str:
        return self.commit[:ABBREV]


@dataclass
class HistoryResult:
    """What a history run found and did."""

    leaks: list[Leak] = field(default_factory=list)
    commits: int = 0
    blobs: int = 0  # distinct (kind, blob) pairs checked or taken from the cache
    checked: int = 0  # checked in this run (not from the cache)
    missing: int = 0  # objects the repository does not have (partial or shallow clone)
    too_large: int = 0


@dataclass(frozen=True)
class Repository:
    """Where git runs and which part of the repository is checked."""

    top: Path
    prefix: str  # "" or "dir/sub/" when PATH is a directory inside the repository


def find_repository(path: Path) -> Repository:
    """The repository holding `path` (a work tree); HistoryError when there is none."""
    if not path.is_dir():
        raise HistoryError(f"{path}: not a directory")
    try:
        result = run_git(["rev-parse", "--show-toplevel", "--show-prefix"], cwd=path, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        raise HistoryError(f"cannot run git: {type(error).__name__}") from None
    lines = result.stdout.decode("utf-8", "surrogateescape").split("\n")
    if result.returncode != 0 or len(lines) < 2 or not lines[0]:
        raise HistoryError(f"{printable(str(path))}: not in a git work tree")
    return Repository(Path(lines[0]), lines[1])


def scan_history(
    repository: Repository,
    revisions: list[str],
    settings: Settings,
    *,
    jobs: int | None = None,
    cache: BlobCache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> HistoryResult:
    """Check the range; raises HistoryError when git cannot list it.

    With a cache, a range that resolves to the same commits as a recorded run (same refs, same
    settings and code) is answered from the record; otherwise only uncached blobs are read."""
    identity = None
    if cache is not None:
        resolved = range_identity(repository.top, revisions)
        if resolved is not None:
            identity = hashlib.sha256(repository.prefix.encode() + b"\0" + resolved).hexdigest()
            recorded = _recorded(cache, identity)
            if recorded is not None:
                return recorded
    outcome = _scan(repository, revisions, settings, jobs=jobs, cache=cache, progress=progress)
    if cache is not None and identity is not None and not outcome.missing:
        cache.put_run(identity, _record(outcome))
        cache.save()
    return outcome


def _record(outcome: HistoryResult) -> dict[str, Any]:
    """A run's outcome for the cache (findings as blob results store them: never a value)."""
    return {
        "leaks": [
            {
                "finding": BlobResult([leak.diagnostic]).to_json()["findings"][0],
                "path": leak.diagnostic.path,
                "commit": leak.commit,
                "commit_time": leak.commit_time,
                "in_tip": leak.in_tip,
            }
            for leak in outcome.leaks
        ],
        "counts": [outcome.commits, outcome.blobs],
    }


def _recorded(cache: BlobCache, identity: str) -> HistoryResult | None:
    raw = cache.get_run(identity)
    if raw is None:
        return None
    try:
        counts = raw["counts"]
        if not (isinstance(counts, list) and len(counts) == 2):
            return None  # another version's record (it had three counts), or a damaged one
        if not all(type(n) is int for n in counts):
            return None
        commits, blobs = counts
        leaks = []
        for item in raw["leaks"]:
            (finding,) = BlobResult.from_json(
                {"findings": [item["finding"]], "truss_field": False, "layout": {}}
            ).findings
            fields = (item["path"], item["commit"], item["commit_time"])
            if not all(isinstance(f, str) for f in fields):
                return None
            leaks.append(
                Leak(at_path(finding, fields[0]), fields[1], fields[2], bool(item["in_tip"]))
            )
    except (KeyError, TypeError, ValueError):
        return None
    return HistoryResult(leaks, commits=commits, blobs=blobs, checked=0)


def _scan(
    repository: Repository,
    revisions: list[str],
    settings: Settings,
    *,
    jobs: int | None,
    cache: BlobCache | None,
    progress: Callable[[int, int], None] | None,
) -> HistoryResult:
    commits = read_log(repository.top, revisions)
    outcome = HistoryResult(commits=len(commits))
    parents = {p for c in commits for p in c.parents}
    boundary = sorted(parents - {c.sha for c in commits})
    tips = [c for c in commits if c.sha not in parents]
    wanted: dict[str, bool] = {}
    events = []
    for index, commit in enumerate(commits):
        for change in commit.changes:
            path = change.path
            keep = wanted.get(path)
            if keep is None:
                keep = wanted[path] = _wanted(path, repository.prefix, settings)
            if keep:
                events.append((index, path, change.blob))
    checker = _Checker(settings, jobs, cache, progress)
    try:
        with ObjectReader(repository.top) as reader:
            walker = TreeWalker(reader)
            boundary_files = _boundary_files(reader, walker, boundary, repository, settings)
            files = _Files(events, boundary_files)
            try:
                files.classify(checker.check(reader, files.fixed_kinds()))
                checker.check(reader, files.other_kinds())
            finally:
                # The workers were forked while `git cat-file` ran and hold its stdin: stopped
                # first, so that closing the reader ends cat-file instead of waiting for it.
                checker.close()
            outcome.missing = len(reader.missing)
            outcome.too_large = reader.too_large
            if cache is not None:
                cache.save()
            outcome.blobs = len(checker.done)
            outcome.checked = checker.checked
            first_seen, paths_of = _first_seen(commits, files, checker.done, settings)
            at_tips = _at_tips(reader, repository.top, tips, paths_of)
    except ObjectReaderError as error:
        raise HistoryError(str(error)) from None
    finally:
        checker.close()
    leaks = [
        Leak(finding, commit.sha, commit.author_date, in_tip=key in at_tips)
        for key, (_order, finding, commit) in first_seen.items()
    ]
    outcome.leaks = sorted(leaks, key=lambda leak: (leak.diagnostic.sort_key(), leak.commit))
    return outcome


@dataclass
class _Files:
    """The (path, blob) pairs of the range and its boundary, and what each path is."""

    events: list[tuple[int, str, str]]
    boundary: list[tuple[str, str]]
    layouts: TrussLayouts = field(default_factory=TrussLayouts)
    kinds: dict[str, BlobKind | None] = field(default_factory=dict)
    truss_configs: set[tuple[str, str]] = field(default_factory=set)

    def pairs(self) -> list[tuple[str, str]]:
        """Each distinct (path, blob) of the range and its boundary, in order."""
        return list(dict.fromkeys([(p, b) for _i, p, b in self.events] + self.boundary))

    def fixed_kinds(self) -> list[tuple[BlobKind, str]]:
        """Phase 1: stores and config candidates, whose results decide the Truss roots."""
        return [(k, b) for p, b in self.pairs() if (k := fixed_kind(p)) is not None]

    def classify(self, results: dict[tuple[BlobKind, str], BlobResult]) -> None:
        """Decide the Truss roots and layouts, then the kind of every path."""
        pairs = self.pairs()
        directories = directories_of(p for p, _b in pairs)
        for path, blob in pairs:
            if fixed_kind(path) is not BlobKind.CONFIG:
                continue
            result = results.get((BlobKind.CONFIG, blob))
            if result is not None and is_truss_config(path, result, directories):
                self.truss_configs.add((path, blob))
                self.layouts.add(path, result)
        self.kinds = {}

    def kind(self, path: str) -> BlobKind | None:
        """What a path is checked as (None: not a Truss file); computed once per path."""
        if path in self.kinds:
            return self.kinds[path]
        kind = self.kinds[path] = fixed_kind(path) or self.layouts.kind_of_other(path)
        return kind

    def other_kinds(self) -> list[tuple[BlobKind, str]]:
        """Phase 2: model code, requirements and chain candidates."""
        return [(k, b) for _i, p, b in self.events if (k := self.kind(p)) is not None]

    def findings(
        self,
        path: str,
        blob: str,
        results: dict[tuple[BlobKind, str], BlobResult],
        settings: Settings,
    ) -> list[Diagnostic]:
        """The findings of a blob at a path (re-pathed, per-file ignores applied)."""
        kind = self.kind(path)
        if kind is None or (kind is BlobKind.CONFIG and (path, blob) not in self.truss_configs):
            return []
        result = results.get((kind, blob))
        if result is None or not result.findings:
            return []
        shown = printable(path)
        placed = [at_path(f, shown) for f in result.findings]
        return [f for f in placed if not is_ignored_for_file(f, settings)]


_Seen = dict[str, tuple[tuple[int, str, int, int], Diagnostic, Commit]]


def _first_seen(
    commits: list[Commit],
    files: _Files,
    results: dict[tuple[BlobKind, str], BlobResult],
    settings: Settings,
) -> tuple[_Seen, dict[str, set[tuple[str, str]]]]:
    """Each leak's first (commit, path, position) and finding; and every (path, blob) that
    holds it, for `_at_tips`."""
    first_seen: _Seen = {}
    holders: dict[str, set[tuple[str, str]]] = {}
    for index, path, blob in files.events:
        for finding in files.findings(path, blob, results, settings):
            key = leak_key(finding)
            holders.setdefault(key, set()).add((path, blob))
            order = (index, finding.path, finding.span.line, finding.span.column)
            if key not in first_seen or order < first_seen[key][0]:
                first_seen[key] = (order, finding, commits[index])
    return first_seen, holders


def _at_tips(
    reader: ObjectReader,
    top: Path,
    tips: list[Commit],
    holders: dict[str, set[tuple[str, str]]],
) -> set[str]:
    """The leaks a tip still holds: one `<tip>:<path>` look-up per tip and path that ever held
    a leak (a handful, however many refs), compared with the blobs that held it."""
    paths = sorted({path for pairs in holders.values() for path, _blob in pairs})
    names = [f"{tip.sha}:{path}" for tip in tips for path in paths]
    resolved = reader.resolve(top, names)
    present = {
        (path, oid)
        for tip in tips
        for path in paths
        if (oid := resolved.get(f"{tip.sha}:{path}")) is not None
    }
    unaskable = {path for path in paths if "\n" in path or "\r" in path}
    return {
        key
        for key, pairs in holders.items()
        if pairs & present or any(path in unaskable for path, _blob in pairs)
    }


def _wanted(path: str, prefix: str, settings: Settings) -> bool:
    if prefix and not path.startswith(prefix):
        return False
    return not is_skipped(path) and not _excluded(path, settings)


def _excluded(path: str, settings: Settings) -> bool:
    """`exclude` globs, matched against the path and each directory above it (a Truss root)."""
    if not settings.exclude:
        return False
    from truss_secret_lint.engine import is_excluded

    candidates = [path, *sorted(directories_of([path]) - {""})]
    return any(is_excluded(Path(p), settings.exclude) for p in candidates)


def _boundary_files(
    reader: ObjectReader,
    walker: TreeWalker,
    boundary: list[str],
    repository: Repository,
    settings: Settings,
) -> list[tuple[str, str]]:
    """The files of the commits just below the range (their Trusses are the range's context)."""
    if not boundary:
        return []
    trees = []
    for _oid, kind, content in reader.read(boundary):
        if kind == "commit" and content is not None and content.startswith(b"tree "):
            trees.append(content[5:].split(b"\n", 1)[0].decode("ascii", "replace"))
    found = walker.files(trees)
    return [(p, b) for p, b in sorted(found) if _wanted(p, repository.prefix, settings)]


class _Checker:
    """Checks (kind, blob) pairs once each: from the cache, else read and checked (in worker
    processes when there are many)."""

    def __init__(
        self,
        settings: Settings,
        jobs: int | None,
        cache: BlobCache | None,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.settings = settings
        self.workers = jobs if jobs is not None else (os.cpu_count() or 1)
        self.cache = cache
        self.progress = progress
        self.done: dict[tuple[BlobKind, str], BlobResult] = {}
        self.checked = 0
        self._pool: ProcessPoolExecutor | None = None

    def check(
        self, reader: ObjectReader, pairs: Iterable[tuple[BlobKind, str]]
    ) -> dict[tuple[BlobKind, str], BlobResult]:
        todo: list[tuple[BlobKind, str]] = []
        for pair in dict.fromkeys(pairs):
            if pair in self.done:
                continue
            cached = self.cache.get(*pair) if self.cache is not None else None
            if cached is not None:
                self.done[pair] = cached
            else:
                todo.append(pair)
        if todo:
            self._check_fresh(reader, todo)
        return self.done

    def _check_fresh(self, reader: ObjectReader, todo: list[tuple[BlobKind, str]]) -> None:
        """Read the blobs in one stream and check them in chunks as they arrive (in worker
        processes when there are many), so reading overlaps checking and memory stays bounded."""
        by_blob: dict[str, list[BlobKind]] = {}
        for kind, oid in todo:
            by_blob.setdefault(oid, []).append(kind)
        parallel = self.workers > 1 and len(todo) >= PARALLEL_THRESHOLD
        if parallel and self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        futures: list[Future[list[tuple[BlobKind, str, BlobResult]]]] = []
        chunk: list[tuple[BlobKind, str, bytes]] = []

        def flush() -> None:
            if not chunk:
                return
            if self._pool is not None and parallel:
                futures.append(self._pool.submit(check_many, list(chunk), self.settings))
            else:
                self._record(check_many(chunk, self.settings), len(todo))
            chunk.clear()

        for oid, kind_of_object, content in reader.read(list(by_blob)):
            if content is not None and kind_of_object == "blob":
                chunk.extend((kind, oid, content) for kind in by_blob[oid])
                if len(chunk) >= _CHUNK:
                    flush()
        flush()
        for future in futures:
            self._record(future.result(), len(todo))

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _record(self, checked: list[tuple[BlobKind, str, BlobResult]], total: int) -> None:
        for kind, oid, result in checked:
            self.done[(kind, oid)] = result
            if self.cache is not None:
                self.cache.put(kind, oid, result)
        self.checked += len(checked)
        if self.progress is not None:
            self.progress(self.checked, total)
