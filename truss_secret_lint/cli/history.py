"""`truss-secret-lint history [PATH] [REVISION-RANGE ...] [options]`: argument handling.

PATH is the first argument when it names an existing directory (a repository or a directory
in one, whose files alone are then checked); the other arguments are revisions and ranges as
`git log` takes them (default: all refs). `--pre-commit-range` takes the range from the
PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF variables that pre-commit sets for a `pre-push` hook.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from truss_secret_lint.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    FORMAT_NAMES,
    Parser,
    UsageError,
    progress_printer,
    settings_from,
    use_color,
)
from truss_secret_lint.settings import Settings

if TYPE_CHECKING:
    from truss_secret_lint.history.blob_cache import BlobCache
    from truss_secret_lint.history.scan import HistoryResult, Leak

DEFAULT_CODES = ("TSL201", "TSL203", "TSL204", "TSL205", "TSL304")
# Rules that need only one file: the credential rules, and TSL202 (a default value that is not
# recognised as a credential — in history, worth a look). Code rules such as TSL301 need a whole
# tree and stay in the tree scan.
HISTORY_CODES = (*DEFAULT_CODES, "TSL202")
_ZERO = frozenset("0")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the history subcommand."""
    parser = Parser(
        prog="truss-secret-lint history",
        description="Run the credential rules over every version of the Truss files in a "
        "revision range (default: all refs); each leak is reported once, at the commit that "
        "introduced it.",
    )
    parser.add_argument(
        "arguments",
        nargs="*",
        metavar="[PATH] [REVISION-RANGE]",
        help="a repository or a directory in one (default: .), then revisions or ranges",
    )
    parser.add_argument("--format", choices=FORMAT_NAMES, help="output format (default: text)")
    parser.add_argument(
        "--select", metavar="CODES", help=f"only these rules (of {', '.join(HISTORY_CODES)})"
    )
    parser.add_argument("--extend-select", metavar="CODES", help="add rules to the selection")
    parser.add_argument("--ignore", metavar="CODES", help="skip these rules")
    parser.add_argument("--config", metavar="FILE", help="settings file")
    parser.add_argument("--baseline", metavar="FILE", help="hide the leaks recorded in FILE")
    parser.add_argument(
        "--write-baseline", metavar="FILE", help="record the current leaks in FILE and exit 0"
    )
    parser.add_argument(
        "--pre-commit-range",
        action="store_true",
        help="check PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF (the pre-push hook)",
    )
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    parser.add_argument("--statistics", action="store_true", help="counts per rule")
    parser.add_argument("--quiet", "-q", action="store_true", help="no summary lines")
    parser.add_argument(
        "--no-inline-ignores", action="store_true", default=None, help="ignore `# noqa`"
    )
    parser.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: cores)")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    parser.add_argument(
        "--cache-dir", metavar="DIR", help="cache folder (default: the user cache folder)"
    )
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    return parser


def history_command(args: list[str]) -> int:
    """Run `history`; returns the exit status (UsageError for a usage problem)."""
    from truss_secret_lint.history.gitlog import HistoryError
    from truss_secret_lint.history.output import render, shown
    from truss_secret_lint.history.scan import find_repository, scan_history
    from truss_secret_lint.report.context import ReportContext

    options = build_parser().parse_intermixed_args([_protect(a) for a in args])
    options.arguments = [_unprotect(a) for a in options.arguments]
    settings, history_settings = _settings(options)
    if options.jobs is not None and options.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    path, revisions = _split_arguments(options.arguments)
    if options.pre_commit_range:
        revisions = _pre_commit_range() + revisions
    fmt = options.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    try:
        repository = find_repository(path)
        cache = _cache(options, repository.top, history_settings)
        result = scan_history(
            repository,
            revisions,
            history_settings,
            jobs=options.jobs,
            cache=cache,
            progress=progress_printer(),
        )
    except HistoryError as error:
        raise UsageError(str(error)) from None
    leaks = result.leaks
    if options.write_baseline:
        from truss_secret_lint.baseline import write_baseline

        count = write_baseline(Path(options.write_baseline), [leak.diagnostic for leak in leaks])
        print(f"wrote {count} baseline entries to {options.write_baseline}", file=sys.stderr)
        return EXIT_CLEAN
    leaks, hidden, stale = _apply_baseline(leaks, options.baseline, settings.baseline)
    notes = _notes(result)
    context = ReportContext(
        diagnostics=[shown(leak) for leak in leaks],
        files=result.blobs,
        baseline_hidden=hidden,
        baseline_stale=stale,
        color=use_color(options.color),
        quiet=options.quiet,
        statistics=options.statistics,
    )
    if notes and not options.quiet:
        print("\n".join(notes), file=sys.stderr)
    sys.stdout.write(render(fmt, leaks, context))
    sys.stdout.flush()
    return EXIT_FINDINGS if leaks and not options.exit_zero else EXIT_CLEAN


def _settings(options: argparse.Namespace) -> tuple[Settings, Settings]:
    """The user's settings, and the ones blobs are checked with: history's rule selection,
    no per-file ignores (applied per path after the check)."""
    from dataclasses import replace

    from truss_secret_lint.decide import is_selected
    from truss_secret_lint.settings import SettingsError, parse_codes

    try:
        settings = settings_from(options.config)
        select = parse_codes(options.select, "--select") if options.select else None
        extend = (
            parse_codes(options.extend_select, "--extend-select") if options.extend_select else ()
        )
        ignore = parse_codes(options.ignore, "--ignore") if options.ignore else ()
    except SettingsError as error:
        raise UsageError(str(error)) from None
    for code in (*(select or ()), *extend):
        if len(code) == 6 and code not in HISTORY_CODES:
            raise UsageError(
                f"{code} needs a whole tree and is not run on history; history mode runs "
                f"{', '.join(HISTORY_CODES)} (the tree scan runs every rule)"
            )
    chosen = replace(
        settings,
        select=select,
        extend_select=extend,
        ignore=settings.ignore + ignore,
        no_inline_ignores=bool(options.no_inline_ignores or settings.no_inline_ignores),
    )
    codes = tuple(c for c in HISTORY_CODES if is_selected(c, c in DEFAULT_CODES, chosen))
    checking = replace(chosen, select=codes, extend_select=(), ignore=(), baseline=None)
    return chosen, checking


_REVISION_OPTION = "\0revision-option:"


def _protect(argument: str) -> str:
    """`--all`, `--not`, `--branches=x`...: kept among the revisions, in place (argparse would
    take them for options of its own)."""
    from truss_secret_lint.history.gitlog import REVISION_OPTIONS

    if argument.split("=", 1)[0] in REVISION_OPTIONS:
        return _REVISION_OPTION + argument
    return argument


def _unprotect(argument: str) -> str:
    return argument.removeprefix(_REVISION_OPTION)


def _split_arguments(arguments: list[str]) -> tuple[Path, list[str]]:
    if arguments and not arguments[0].startswith("-") and Path(arguments[0]).is_dir():
        return Path(arguments[0]), arguments[1:]
    return Path("."), arguments


def _pre_commit_range() -> list[str]:
    """The pushed range pre-commit passes to a `pre-push` hook: FROM..TO. A push that starts a
    history on the remote (pre-commit then passes no range, only the local branch) is checked
    as the branch less what the remote already has."""

    to_ref = os.environ.get("PRE_COMMIT_TO_REF", "").strip()
    from_ref = os.environ.get("PRE_COMMIT_FROM_REF", "").strip()
    if to_ref and from_ref and not set(from_ref) <= _ZERO:
        return [f"{from_ref}..{to_ref}"]
    branch = to_ref or os.environ.get("PRE_COMMIT_LOCAL_BRANCH", "").strip()
    if not branch:
        raise UsageError(
            "--pre-commit-range: no pushed range in the environment (pre-commit sets it)"
        )
    remote = os.environ.get("PRE_COMMIT_REMOTE_NAME", "").strip()
    return [branch, "--not", f"--remotes={remote}" if remote else "--remotes"]


def _cache(options: argparse.Namespace, top: Path, settings: Settings) -> BlobCache | None:
    """The blob cache: --cache-dir or the user cache folder; none with --no-cache or when the
    folder would be inside the checked repository."""
    from truss_secret_lint import __version__
    from truss_secret_lint.cache.store import CacheStore, default_cache_dir, package_build_id
    from truss_secret_lint.history.blob_cache import BlobCache, is_inside

    if options.no_cache:
        return None
    directory = Path(options.cache_dir) if options.cache_dir else default_cache_dir()
    if directory is None:
        return None
    if is_inside(directory, top):
        print(
            "truss-secret-lint: note: not caching: the cache folder is inside the checked "
            "repository",
            file=sys.stderr,
        )
        return None
    store = CacheStore.open(directory, f"{__version__}-{package_build_id()}")
    return None if store is None else BlobCache(store, settings)


def _apply_baseline(
    leaks: list[Leak], option: str | None, configured: Path | None
) -> tuple[list[Leak], int, int]:
    from truss_secret_lint.baseline import BaselineError, apply_baseline, read_baseline

    path = Path(option) if option else configured
    if path is None:
        return leaks, 0, 0
    try:
        entries = read_baseline(path)
    except BaselineError as error:
        raise UsageError(str(error)) from None
    by_id = {id(leak.diagnostic): leak for leak in leaks}
    outcome = apply_baseline([leak.diagnostic for leak in leaks], entries)
    kept = [by_id[id(d)] for d in outcome.reported]
    return kept, outcome.hidden, outcome.stale


def _notes(result: HistoryResult) -> list[str]:
    notes = [
        f"history: {result.commits} commits, {result.blobs} Truss file versions "
        f"({result.checked} checked, {result.blobs - result.checked} from the cache)"
    ]
    if result.missing:
        notes.append(
            f"history: {result.missing} objects are missing from the repository (shallow or "
            "partial clone): their files were not checked"
        )
    if result.too_large:
        notes.append(
            f"history: {result.too_large} file versions over the size limit were not checked"
        )
    return notes
