"""The command line: `main(argv) -> int`, exit codes 0 (clean), 1 (findings), 2 (usage/internal).

    truss-secret-lint [PATH ...] [options]
    truss-secret-lint rule CODE|NAME
    truss-secret-lint rules
    truss-secret-lint server             (a language server over stdio, for editors)
    truss-secret-lint history [PATH] [REVISION-RANGE ...] [options]

Errors are one line on stderr; a traceback only with TSL_DEBUG=1.

The subcommands live beside this dispatcher: `lint` (the default), `history`, `hook_args`
(the pre-commit argument split), and `common`, what they share.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from truss_secret_lint.cli.common import EXIT_CLEAN, EXIT_ERROR, UsageError
from truss_secret_lint.cli.lint import build_parser, lint_command


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "--pre-commit":  # file names from the tree follow: never options
            from truss_secret_lint.cli.hook_args import split_pre_commit_args

            return lint_command(split_pre_commit_args(args[1:], build_parser()))
        if args and args[0] in ("rule", "rules"):
            return _rule_command(args)
        if args and args[0] == "server":
            from truss_secret_lint.server import run as run_server

            return run_server(args[1:])
        if args and args[0] == "history":
            from truss_secret_lint.cli.history import history_command

            return history_command(args[1:])
        return lint_command(args)
    except UsageError as error:
        from truss_secret_lint.report.escape import printable

        print(f"truss-secret-lint: error: {printable(str(error))}", file=sys.stderr)
        return EXIT_ERROR


def _rule_command(args: list[str]) -> int:
    from truss_secret_lint.rules import RULES, find_rule

    if args[0] == "rules":
        if len(args) > 1:
            raise UsageError("`rules` takes no arguments")
        for rule in RULES:
            default = "" if rule.enabled_by_default else "  (off by default)"
            print(f"{rule.code}  {rule.name:<34} {rule.severity.value:<8} {rule.summary}{default}")
        return EXIT_CLEAN
    if len(args) != 2:
        raise UsageError("usage: truss-secret-lint rule CODE|NAME")
    found = find_rule(args[1])
    if found is None:
        raise UsageError(f"no rule {args[1]!r}; `truss-secret-lint rules` lists them")
    print(found.documentation(), end="")
    return EXIT_CLEAN


def _unit_error() -> type[Exception]:
    from truss_secret_lint.engine import UnitError

    return UnitError


def console_main() -> None:
    """Entry point of the console script: internal failures are one line, exit 2."""
    import io

    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        status = main()
    except KeyboardInterrupt:
        status = 130
    except BrokenPipeError:
        status = EXIT_ERROR
    except _unit_error() as error:
        from truss_secret_lint.report.escape import printable

        print(f"truss-secret-lint: internal error {printable(str(error))}", file=sys.stderr)
        _debug_traceback(error)
        status = EXIT_ERROR
    except Exception as error:
        if _debug_traceback(error):
            sys.exit(EXIT_ERROR)
        from truss_secret_lint.redact import error_detail

        print(
            f"truss-secret-lint: internal error: {type(error).__name__}: "
            f"{error_detail(error)} (set TSL_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        status = EXIT_ERROR
    sys.exit(status)


def _debug_traceback(error: BaseException) -> bool:
    """With `TSL_DEBUG=1`, print the traceback (messages redacted like every text that may quote
    a checked file) and return True."""
    if os.environ.get("TSL_DEBUG") != "1":
        return False
    from truss_secret_lint.redact import debug_traceback

    print(debug_traceback(error), end="", file=sys.stderr)
    return True
