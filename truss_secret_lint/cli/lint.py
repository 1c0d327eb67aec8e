"""`truss-secret-lint [PATH ...] [options]`: the lint run, with --fix, --diff and the baseline."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from truss_secret_lint import __version__
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

if TYPE_CHECKING:
    from truss_secret_lint.baseline import BaselineOutcome
    from truss_secret_lint.engine import LintResult


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for a lint run."""
    parser = Parser(
        prog="truss-secret-lint",
        description="Find leaked and mis-declared secrets in Truss model repositories.",
        epilog="Also: `truss-secret-lint rule CODE` (a rule's docs), `truss-secret-lint rules`, "
        "`truss-secret-lint history --help` (leaks in the git history).",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="directories or files (default: .)"
    )
    parser.add_argument("--format", choices=FORMAT_NAMES, help="output format (default: text)")
    parser.add_argument("--select", metavar="CODES", help="only these rules (codes or prefixes)")
    parser.add_argument("--extend-select", metavar="CODES", help="add rules to the selection")
    parser.add_argument("--ignore", metavar="CODES", help="skip these rules (codes or prefixes)")
    parser.add_argument(
        "--config", metavar="FILE", help="settings file (default: nearest pyproject.toml)"
    )
    parser.add_argument("--baseline", metavar="FILE", help="hide the findings recorded in FILE")
    parser.add_argument(
        "--write-baseline", metavar="FILE", help="record the current findings in FILE and exit 0"
    )
    parser.add_argument("--fix", action="store_true", help="apply fixes in place")
    parser.add_argument("--diff", action="store_true", help="print the fixes as a diff instead")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    parser.add_argument("--statistics", action="store_true", help="counts per rule")
    parser.add_argument("--quiet", "-q", action="store_true", help="no summary line")
    parser.add_argument(
        "--no-inline-ignores",
        action="store_true",
        default=None,
        help="ignore `# noqa` and allowlist pragmas",
    )
    parser.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: cores)")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="do not read or write the cache of unchanged results",
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="cache folder (default: $TRUSS_SECRET_LINT_CACHE_DIR, else "
        "$XDG_CACHE_HOME/truss-secret-lint, else ~/.cache/truss-secret-lint; never the "
        "checked tree; entries are authenticated with a per-user key kept in that default)",
    )
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.add_argument(
        "--pre-commit",
        action="store_true",
        help="first argument, as the pre-commit hook passes it: arguments from the first "
        "existing path on are file names, even when they start with `-`",
    )
    parser.add_argument("--version", action="version", version=f"truss-secret-lint {__version__}")
    return parser


def lint_command(args: list[str]) -> int:
    options = build_parser().parse_args(args)
    from truss_secret_lint.discovery import DiscoveryError
    from truss_secret_lint.engine import lint
    from truss_secret_lint.report import formatter
    from truss_secret_lint.report.context import ReportContext
    from truss_secret_lint.settings import SettingsError, parse_codes

    try:
        settings = settings_from(options.config)
        settings = settings.with_overrides(
            select=parse_codes(options.select, "--select") if options.select else None,
            extend_select=(
                parse_codes(options.extend_select, "--extend-select")
                if options.extend_select
                else None
            ),
            ignore=(settings.ignore + parse_codes(options.ignore, "--ignore"))
            if options.ignore
            else None,
            no_inline_ignores=options.no_inline_ignores,
        )
    except SettingsError as error:
        raise UsageError(str(error)) from None
    if options.jobs is not None and options.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    fmt = options.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    paths = options.paths or ["."]
    cache_dir = _cache_dir(options)
    progress = progress_printer()
    try:
        result = lint(
            paths,
            settings,
            jobs=options.jobs,
            cache_dir=cache_dir,
            progress=progress,
            keep_sources=options.fix or options.diff,
        )
        if options.diff:
            return _print_diff(result)
        notes: list[str] = []
        if options.fix:
            # Fixes held back by an overlap, and fixes that only apply to the fixed text, are
            # applied in further rounds until nothing changes: a second `--fix` changes nothing.
            for _round in range(_FIX_ROUNDS):
                round_notes, changed = _apply_fixes(result, paths)
                notes += round_notes
                if not round_notes:
                    break
                result = lint(paths, settings, jobs=options.jobs, keep_sources=changed)
                if not changed:
                    break
            notes = list(dict.fromkeys(notes))
    except DiscoveryError as error:
        raise UsageError(str(error)) from None
    if options.write_baseline:
        from truss_secret_lint.baseline import write_baseline

        count = write_baseline(Path(options.write_baseline), result.diagnostics)
        print(f"wrote {count} baseline entries to {options.write_baseline}", file=sys.stderr)
        return EXIT_CLEAN
    decided = _decide_run(result, options.baseline, settings.baseline)
    context = ReportContext(
        diagnostics=decided.reported,
        files=result.files,
        suppressed=len(result.suppressed),
        baseline_hidden=decided.hidden,
        baseline_stale=decided.stale,
        color=use_color(options.color),
        quiet=options.quiet,
        statistics=options.statistics,
        notes=notes if fmt == "text" else [],
    )
    if notes and fmt != "text":
        from truss_secret_lint.report.escape import printable

        print("\n".join(printable(note) for note in notes), file=sys.stderr)
    sys.stdout.write(formatter(fmt)(context))
    sys.stdout.flush()
    if decided.reported and not options.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _decide_run(result: LintResult, option: str | None, configured: Path | None) -> BaselineOutcome:
    """The run-level decision with the baseline from --baseline, else the settings' (if any)."""
    from truss_secret_lint.baseline import BaselineError
    from truss_secret_lint.decide import decide_run

    try:
        return decide_run(result.diagnostics, Path(option) if option else configured)
    except BaselineError as error:
        raise UsageError(str(error)) from None


def _print_diff(result: LintResult) -> int:
    """`--diff`: the fixes as a unified diff (values redacted); exit 1 when there is any."""
    from truss_secret_lint.fixes import plan_fixes
    from truss_secret_lint.redact import redacted_diff, scrub_text

    planned = plan_fixes(result.diagnostics, result.sources)
    for fixed in planned:
        # Every value on every shown line is redacted (context lines too: a noqa-suppressed
        # credential, a short PIN); the credential scrub stays as a second line of defence.
        diff = redacted_diff(fixed.path, fixed.source.text, fixed.new_text)
        sys.stdout.write(scrub_text(diff))
    count = sum(len(f.applied) for f in planned)
    print(f"{count} fix{'es' if count != 1 else ''} available", file=sys.stderr)
    return EXIT_FINDINGS if planned else EXIT_CLEAN


_FIX_ROUNDS = 10


def _apply_fixes(result: LintResult, roots: list[str]) -> tuple[list[str], bool]:
    """`--fix`: write the fixes; returns the notes to print (what was fixed, what to rotate,
    what was not fixed and why) and whether any file changed.

    A file is written only when it still holds the text that was checked (an editor may have
    saved it since) and when it lies inside a checked path once symbolic links are resolved
    (a linked directory must not carry the write outside the checked tree)."""
    from truss_secret_lint.fixes import StaleFile, plan_fixes, write_atomically

    notes = []
    changed = False
    allowed = [_resolved(Path(root)) for root in roots]
    for fixed in plan_fixes(result.diagnostics, result.sources):
        for diagnostic, reason in fixed.declined:
            span = diagnostic.span
            notes.append(
                f"not fixed {diagnostic.path}:{span.line}:{span.column}: {diagnostic.code} "
                f"— {reason}"
            )
        if fixed.source.problem is not None or not fixed.applied:
            continue
        target = _resolved(fixed.source.path)
        if fixed.source.path.is_symlink() or not any(
            target == root or root in target.parents for root in allowed
        ):
            notes.append(f"not fixed {fixed.path}: it is a link to outside the checked paths")
            continue
        try:
            write_atomically(
                fixed.source.path,
                fixed.new_text,
                bom=fixed.source.bom,
                expected=fixed.source.text,
            )
        except StaleFile:
            notes.append(f"not fixed {fixed.path}: the file changed while it was being checked")
            continue
        except OSError as error:
            notes.append(f"not fixed {fixed.path}: {error.strerror or type(error).__name__}")
            continue
        changed = True
        for diagnostic in fixed.applied:
            span = diagnostic.span
            note = diagnostic.fix.note if diagnostic.fix is not None else ""
            notes.append(
                f"fixed {diagnostic.path}:{span.line}:{span.column}: {diagnostic.code}"
                + (f" — {note}" if note else "")
            )
    return notes, changed


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _cache_dir(options: argparse.Namespace) -> Path | None:
    """Where the cache lives: --cache-dir, else the user's cache home (never the checked tree:
    see the `cache` package); None with --no-cache and when fixing (fixes are not cached)."""
    from truss_secret_lint.cache.store import default_cache_dir

    if options.no_cache or options.fix or options.diff:
        return None
    if options.cache_dir:
        return Path(options.cache_dir)
    return default_cache_dir()
