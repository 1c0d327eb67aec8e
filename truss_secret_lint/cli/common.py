"""What the subcommands of the command line share: exit codes, output formats, the argument
parser that raises UsageError, loading settings, the progress line and colour."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from truss_secret_lint.settings import Settings

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
FORMAT_NAMES = ("text", "json", "sarif", "github", "json-lines", "junit", "gitlab", "pylint")
# (the same names as truss_secret_lint.report.MODULES, which a test keeps in step)


class UsageError(Exception):
    """A problem with how the tool was called (exit 2)."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors raise UsageError (exit 2) instead of exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def progress_printer() -> Callable[[int, int], None] | None:
    """A progress line on stderr for runs longer than a moment, only on an interactive
    terminal (never when piped or in CI)."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    import time

    started = time.monotonic()
    delay = float(os.environ.get("TSL_PROGRESS_AFTER", "0.5"))  # tests set 0
    shown = [0.0]

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if now - started < delay or (now - shown[0] < 0.1 and done < total):
            return
        shown[0] = now
        end = "\n" if done == total else ""
        print(f"\r\033[Kchecked {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def settings_from(config: str | None) -> Settings:
    """The settings of `--config FILE`, else of the nearest pyproject.toml above the cwd."""
    from truss_secret_lint.settings import SettingsError, find_pyproject, load_settings

    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise SettingsError(f"--config {config}: no such file")
        return load_settings(path, explicit=True)
    return load_settings(find_pyproject(Path.cwd()), explicit=False)


def use_color(choice: str) -> bool:
    """Colour for `--color auto|always|never`: auto is on for a terminal, not under NO_COLOR/CI."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("CI"):
        return False
    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))
