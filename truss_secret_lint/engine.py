"""The pipeline: discover → build facts per unit of work → run the selected rules → decide → sort.

Each unit (a Truss, a chain file, a never-commit file) is checked independently by
`check_unit`, which reads every file once, builds the facts, runs the rules and applies inline
suppressions; units are spread over a process pool for large runs. The global decisions
(baseline, sorting) happen afterwards, in this process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from truss_secret_lint.config_facts import analyze_config
from truss_secret_lint.decide import (
    Suppression,
    is_ignored_for_file,
    is_selected,
    is_suppressed_inline,
    scrub,
    suppressions_in,
)
from truss_secret_lint.diagnostic import Diagnostic
from truss_secret_lint.discovery import Discovery, discover, store_kind
from truss_secret_lint.layout import layout_of
from truss_secret_lint.python_pass import analyze_python_files
from truss_secret_lint.rules import RULES
from truss_secret_lint.rules.base import Rule
from truss_secret_lint.rules.unused_noqa import UnusedNoqa
from truss_secret_lint.settings import Settings
from truss_secret_lint.target import (
    CheckTarget,
    LocalStore,
    PythonFile,
    PythonRole,
    RuleOptions,
    StoreKind,
)
from truss_secret_lint.text_source import SourceText, read_source

if TYPE_CHECKING:
    from truss_secret_lint.facts_cache import FactsCache

PARALLEL_THRESHOLD = 64


@dataclass(frozen=True)
class Unit:
    """One unit of work, small and picklable so it can be sent to a worker process."""

    kind: str  # "truss", "chain" or "store"
    path: Path  # Truss root, chain file, or store file
    config: Path | None = None


@dataclass
class UnitResult:
    """What checking one unit produced."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    suppressed: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    sources: dict[str, SourceText] = field(default_factory=dict)


@dataclass(frozen=True)
class RunOptions:
    """How units are checked: picklable, sent to workers with each unit."""

    settings: Settings
    cache_dir: Path | None = None  # None: no cache (see cache.py for where it normally lives)
    keep_sources: bool = False


@dataclass
class LintResult:
    """What a whole run produced, sorted."""

    diagnostics: list[Diagnostic]
    suppressed: list[Diagnostic]
    files: int
    units: int
    sources: dict[str, SourceText]


def selected_rules(settings: Settings) -> list[Rule]:
    """Instances of the rules this run uses."""
    return [rule() for rule in RULES if is_selected(rule.code, rule.enabled_by_default, settings)]


def plan(discovery: Discovery, settings: Settings) -> list[Unit]:
    """The units of work, in a stable order, with `exclude` globs applied."""
    units = [Unit("truss", root, config) for root, config in sorted(discovery.trusses.items())]
    in_trusses = set(discovery.trusses)
    units += [
        Unit("chain", path)
        for path in sorted(set(discovery.chain_files))
        if not any(parent in in_trusses for parent in path.parents)
    ]
    units += [Unit("store", path) for path in sorted(discovery.stores)]
    return [u for u in units if not _excluded(u.path, settings.exclude)]


def _excluded(path: Path, patterns: Sequence[str]) -> bool:
    if not patterns:
        return False
    posix = path.as_posix()
    parts = path.parts
    return any(path.match(p) or Path(posix).match(p) or p.rstrip("/") in parts for p in patterns)


def lint(
    paths: Iterable[str],
    settings: Settings,
    *,
    jobs: int | None = None,
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    keep_sources: bool = False,
) -> LintResult:
    """Check everything under `paths`; raises DiscoveryError for a path that does not exist.

    With `cache_dir`, unchanged units are taken from the cache (their fixes are not kept, so
    callers that apply fixes pass None). `progress(done, total)` is called as units finish.
    `keep_sources` returns the text of every checked file (for fixes), which workers otherwise
    do not send back.
    """
    units = plan(discover(paths), settings)
    options = RunOptions(settings, cache_dir, keep_sources)
    results = _run(units, options, jobs, progress)
    diagnostics = sorted((d for r in results for d in r.diagnostics), key=Diagnostic.sort_key)
    suppressed = [d for r in results for d in r.suppressed]
    sources = {k: v for r in results for k, v in r.sources.items()}
    return LintResult(diagnostics, suppressed, sum(r.files for r in results), len(units), sources)


def _run(
    units: list[Unit],
    options: RunOptions,
    jobs: int | None,
    progress: Callable[[int, int], None] | None,
) -> list[UnitResult]:
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    results: list[UnitResult] = []
    if workers <= 1 or len(units) < PARALLEL_THRESHOLD:
        for unit in units:
            results.append(check_unit(unit, options))
            if progress is not None:
                progress(len(results), len(units))
        return results
    from concurrent.futures import ProcessPoolExecutor

    # Small chunks: Truss sizes vary wildly (vendored packages), and one large chunk would
    # leave the other workers idle.
    chunk = max(1, min(8, len(units) // (workers * 32)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        mapped = pool.map(check_unit, units, repeat(options), chunksize=chunk)
        for result in mapped:
            results.append(result)
            if progress is not None:
                progress(len(results), len(units))
    return results


class UnitError(Exception):
    """A checker failed on one unit: the message names the unit, never a value."""


def check_unit(unit: Unit, options: RunOptions) -> UnitResult:
    """Check one unit (from the cache when its inputs are unchanged); a failure of any checker
    becomes a UnitError naming the unit (the caller prints one line and exits 2)."""
    try:
        return _checked_or_cached(unit, options)
    except (KeyboardInterrupt, UnitError):
        raise
    except Exception as error:
        from truss_secret_lint.decide import error_detail, printable

        where = printable(str(unit.path))
        detail = error_detail(error)
        raise UnitError(f"while checking {where}: {type(error).__name__}: {detail}") from error


def _checked_or_cached(unit: Unit, options: RunOptions) -> UnitResult:
    from truss_secret_lint.cache import open_store

    store = open_store(options.cache_dir) if options.cache_dir is not None else None
    if store is None:
        result, _inputs = _check_unit(unit, options.settings)
    else:
        from truss_secret_lint.cache import UnitCache, settings_fingerprint
        from truss_secret_lint.facts_cache import FactsCache

        cache = UnitCache(store, settings_fingerprint(options.settings))
        cached = cache.load(unit)
        if cached is not None:
            return cached
        result, inputs = _check_unit(unit, options.settings, FactsCache(store))
        cache.store_result(unit, inputs, result)
    if not options.keep_sources:
        result.sources = {}
    return result


def _check_unit(
    unit: Unit, settings: Settings, facts_cache: FactsCache | None = None
) -> tuple[UnitResult, list[Path]]:
    """Build the facts of one unit, run the selected rules, and apply per-file decisions;
    returns the result and the files it read."""
    target = build_target(unit, settings, facts_cache)
    return check_target(target, settings), list(_sources_of(target))


def check_target(target: CheckTarget, settings: Settings) -> UnitResult:
    """Run the selected rules on a built target and apply the per-file decisions (per-file
    ignores, `# noqa` and allowlist pragmas, digest, scrub). The seam for checking content that
    is not on disk: history mode builds targets from git blobs and calls this."""
    sources = _sources_of(target)
    result = UnitResult(files=len(sources), sources={p.as_posix(): s for p, s in sources.items()})
    noqa = {path: suppressions_in(source) for path, source in sources.items()}
    by_display = {p.as_posix(): p for p in sources}
    used: dict[Path, dict[int, set[str]]] = {}
    rules = selected_rules(settings)
    for rule in rules:
        for found in rule.check(target):
            if is_ignored_for_file(found, settings):
                continue
            path = by_display.get(found.path)
            source = sources.get(path) if path is not None else None
            diagnostic = scrub(found)
            comment = (
                is_suppressed_inline(diagnostic, source, noqa[path])
                if source is not None and path is not None and not settings.no_inline_ignores
                else False
            )
            if not comment:
                result.diagnostics.append(diagnostic)
                continue
            result.suppressed.append(diagnostic)
            if isinstance(comment, Suppression) and path is not None:
                used.setdefault(path, {}).setdefault(comment.line, set()).add(diagnostic.code)
    unused_noqa = next((r for r in rules if isinstance(r, UnusedNoqa)), None)
    if unused_noqa is not None and not settings.no_inline_ignores:
        ran = {r.code for r in rules}
        known = {r.code for r in RULES}
        for path, comments in noqa.items():
            result.diagnostics.extend(
                unused_noqa.check_comments(path, comments, used.get(path, {}), ran, known)
            )
    return result


def build_target(
    unit: Unit, settings: Settings, facts_cache: FactsCache | None = None
) -> CheckTarget:
    """Read and analyse every file of a unit once (code facts from `facts_cache` when given)."""
    options = RuleOptions(extend_placeholders=settings.extend_placeholders)
    if unit.kind == "store":
        source = read_source(unit.path)
        kind = StoreKind(store_kind(unit.path) or StoreKind.TRUSSRC.value)
        store = LocalStore(unit.path, source, kind)
        if kind is StoreKind.TRUSS_CONFIG:
            store.config = analyze_config(source)
        return CheckTarget(unit.path.parent, stores=[store], options=options)
    if unit.kind == "chain":
        target = CheckTarget(unit.path.parent, options=options)
        target.python = [PythonFile(unit.path, read_source(unit.path), PythonRole.CHAIN)]
        analyze_python_files(target, model_class_name=None, cache=facts_cache)
        return target
    assert unit.config is not None
    config = analyze_config(read_source(unit.config))
    target = CheckTarget(unit.path, config=config, options=options)
    layout = layout_of(unit.path, config)
    files = []
    if layout.model_file is not None:
        files.append(
            PythonFile(layout.model_file, read_source(layout.model_file), PythonRole.MODEL)
        )
    files += [PythonFile(p, read_source(p), PythonRole.MODULE) for p in layout.module_files]
    files += [PythonFile(p, read_source(p), PythonRole.DATA) for p in layout.data_files]
    target.python = files
    if layout.requirements_file is not None:
        requirements = read_source(layout.requirements_file)
        target.extra_files[layout.requirements_file.as_posix()] = requirements
    analyze_python_files(target, model_class_name=layout.model_class_name, cache=facts_cache)
    return target


def _sources_of(target: CheckTarget) -> dict[Path, SourceText]:
    sources: dict[Path, SourceText] = {}
    if target.config is not None:
        sources[target.config.path] = target.config.source
    for file in target.python:
        sources[file.path] = file.source
    for store in target.stores:
        sources[store.path] = store.source
    for source in target.extra_files.values():
        sources[source.path] = source
    return sources
