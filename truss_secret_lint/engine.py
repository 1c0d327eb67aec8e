"""The pipeline: discover → build facts per unit of work → run the selected rules → decide → sort.

Each unit (a Truss, a chain file, a never-commit file) is checked independently: `lint_unit`
takes its result from the result cache when its inputs are unchanged, else `check_unit_fresh`
reads every file once, builds the facts (`build_target`), runs the selected rules and has the
decide stage judge what they found (`check_target`); units are spread over a process pool for
large runs. Sorting happens afterwards, in this process; the baseline, the decision that needs
the whole run, is `decide.decide_run`, applied by the caller.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from truss_secret_lint.config_facts import analyze_config
from truss_secret_lint.decide import decide_unit, selected_rules
from truss_secret_lint.diagnostic import Diagnostic
from truss_secret_lint.discovery import Discovery, discover, store_kind
from truss_secret_lint.settings import Settings
from truss_secret_lint.sources.text import SourceText, read_source
from truss_secret_lint.target import (
    CheckTarget,
    LocalStore,
    PythonFile,
    PythonRole,
    RuleOptions,
    StoreKind,
)
from truss_secret_lint.target.layout import layout_of
from truss_secret_lint.target.python_pass import analyze_python_files
from truss_secret_lint.units import RunOptions, Unit, UnitResult

if TYPE_CHECKING:
    from truss_secret_lint.cache.facts import FactsCache

PARALLEL_THRESHOLD = 64


@dataclass
class LintResult:
    """What a whole run produced, sorted."""

    diagnostics: list[Diagnostic]
    suppressed: list[Diagnostic]
    files: int
    units: int
    sources: dict[str, SourceText]


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
    return [u for u in units if not is_excluded(u.path, settings.exclude)]


def is_excluded(path: Path, patterns: Sequence[str]) -> bool:
    """Whether an `exclude` glob matches `path`, or names one of its directories."""
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
            results.append(lint_unit(unit, options))
            if progress is not None:
                progress(len(results), len(units))
        return results
    from concurrent.futures import ProcessPoolExecutor

    # Small chunks: Truss sizes vary wildly (vendored packages), and one large chunk would
    # leave the other workers idle.
    chunk = max(1, min(8, len(units) // (workers * 32)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        mapped = pool.map(lint_unit, units, repeat(options), chunksize=chunk)
        for result in mapped:
            results.append(result)
            if progress is not None:
                progress(len(results), len(units))
    return results


class UnitError(Exception):
    """A checker failed on one unit: the message names the unit, never a value."""


def lint_unit(unit: Unit, options: RunOptions) -> UnitResult:
    """One unit as `lint` checks it (the task of a worker process): from the result cache when
    its inputs are unchanged, else checked fresh and stored; its sources dropped unless
    `keep_sources`. A failure of any checker becomes a UnitError naming the unit (the caller
    prints one line and exits 2)."""
    try:
        return _cached_or_fresh(unit, options)
    except (KeyboardInterrupt, UnitError):
        raise
    except Exception as error:
        from truss_secret_lint.redact import error_detail, printable

        where = printable(str(unit.path))
        detail = error_detail(error)
        raise UnitError(f"while checking {where}: {type(error).__name__}: {detail}") from error


def _cached_or_fresh(unit: Unit, options: RunOptions) -> UnitResult:
    from truss_secret_lint.cache import open_store

    store = open_store(options.cache_dir) if options.cache_dir is not None else None
    if store is None:
        result, _inputs = check_unit_fresh(unit, options.settings)
    else:
        from truss_secret_lint.cache import UnitCache, settings_fingerprint

        cache = UnitCache(store, settings_fingerprint(options.settings))
        cached = cache.load(unit)
        if cached is not None:
            return cached
        from truss_secret_lint.cache.facts import FactsCache  # the code facts: only on a miss

        result, inputs = check_unit_fresh(unit, options.settings, FactsCache(store))
        cache.store_result(unit, inputs, result)
    if not options.keep_sources:
        result.sources = {}
    return result


def check_unit_fresh(
    unit: Unit, settings: Settings, facts_cache: FactsCache | None = None
) -> tuple[UnitResult, list[Path]]:
    """Check one unit from its files as they are now, without the result cache (code facts
    from `facts_cache` when given), letting any failure propagate; returns the result, sources
    kept, and the files it read."""
    target = build_target(unit, settings, facts_cache)
    return check_target(target, settings), list(_sources_of(target))


def check_target(target: CheckTarget, settings: Settings) -> UnitResult:
    """Run the selected rules on a built target and have the decide stage judge what they
    found. The seam for checking content that is not on disk: history mode builds targets from
    git blobs and calls this."""
    sources = _sources_of(target)
    rules = selected_rules(settings)
    found = (diagnostic for rule in rules for diagnostic in rule.check(target))
    reported, suppressed = decide_unit(found, sources, rules, settings)
    return UnitResult(
        diagnostics=reported,
        suppressed=suppressed,
        files=len(sources),
        sources={path.as_posix(): source for path, source in sources.items()},
    )


def build_target(
    unit: Unit, settings: Settings, facts_cache: FactsCache | None = None
) -> CheckTarget:
    """Read and analyse every file of a unit once (code facts from `facts_cache` when given)."""
    options = RuleOptions(extend_placeholders=settings.extend_placeholders)
    if unit.kind == "store":
        return store_target(unit.path, read_source(unit.path), options)
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


def store_target(path: Path, source: SourceText, options: RuleOptions) -> CheckTarget:
    """The target of a never-commit store (`.trussrc`, `.truss/config.yaml`) whose text is
    `source`: the tree scan's, and history mode's for a store blob."""
    kind = StoreKind(store_kind(path) or StoreKind.TRUSSRC.value)
    store = LocalStore(path, source, kind)
    if kind is StoreKind.TRUSS_CONFIG:
        store.config = analyze_config(source)
    return CheckTarget(path.parent, stores=[store], options=options)


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
