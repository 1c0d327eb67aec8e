"""Checking what an editor shows: the CLI's engine, run on unsaved buffers, inside the workspace.

One check lints the unit a file belongs to (its whole Truss, or the chain or never-commit file
itself) exactly as `truss-secret-lint FILE` would from the directory of the settings file: the
same discovery, rules, `[tool.truss-secret-lint]` settings (found from the file upwards, never
above its workspace folder), per-file-ignores, `# noqa` and baseline, so paths, messages and
suppressions match the command line. Open buffers stand in for the files on disk through a
`sources.text.Overlay`, which also refuses every read outside the workspace folder.

Nothing here knows LSP; a failure of the engine becomes `CheckOutcome.failure` (one scrubbed
line), never an exception.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from truss_secret_lint.diagnostic import Diagnostic
from truss_secret_lint.settings import Settings
from truss_secret_lint.sources.text import Overlay, SourceText, reading_through

T = TypeVar("T")


@dataclass(frozen=True)
class CheckOutcome:
    """What one check found, by the absolute path of each file it checked."""

    base: Path  # the directory the engine's relative paths start from
    diagnostics: dict[Path, list[Diagnostic]] = field(default_factory=dict)
    sources: dict[str, SourceText] = field(default_factory=dict)  # by Diagnostic.path
    failure: str | None = None  # one line, never a value
    no_inline_ignores: bool = False  # inline suppressions are off: none is offered

    def absolute(self, path: str) -> Path:
        """The absolute path of a Diagnostic.path (or a Fix.path) of this check."""
        return self.base / path


@dataclass
class _Cached:
    """A parsed file with the (mtime, size) it was parsed at."""

    stamp: tuple[int, int]
    value: object


class WorkspaceChecker:
    """Checks files of the workspace folders; caches only parsed settings and baselines."""

    def __init__(self, roots: Sequence[Path]) -> None:
        self.roots: list[Path] = []
        self.set_roots(roots)
        self._parsed: dict[Path, _Cached] = {}

    def set_roots(self, roots: Sequence[Path]) -> None:
        """The workspace folders (they change when the editor adds or removes one)."""
        self.roots = [Path(os.path.abspath(r)) for r in roots]

    def root_of(self, path: Path) -> Path | None:
        """The innermost workspace folder that holds `path` (after resolving symlinks)."""
        real = Path(os.path.realpath(path))
        best: Path | None = None
        for root in self.roots:
            real_root = Path(os.path.realpath(root))
            if (real == real_root or real_root in real.parents) and (
                best is None or len(root.parts) > len(best.parts)
            ):
                best = root
        return best

    def check(self, path: Path, buffers: Mapping[Path, str]) -> CheckOutcome | None:
        """Lint the unit of `path` with `buffers` (absolute path → text) instead of the disk;
        None when `path` is outside every workspace folder (nothing is read then)."""
        path = Path(os.path.abspath(path))
        root = self.root_of(path)
        if root is None:
            return None
        try:
            settings, base = self._settings_for(path, root)
        except _SettingsProblem as problem:
            return CheckOutcome(root, failure=str(problem))
        overlay = Overlay(
            {os.path.realpath(p): text for p, text in buffers.items()},
            (os.path.realpath(root),),
        )
        try:
            with _working_directory(base), reading_through(overlay):
                reported, sources = self._lint(path, base, settings)
        except _NotOnDisk:
            return CheckOutcome(base)
        except Exception as error:
            return CheckOutcome(base, failure=_one_line(error))
        outcome = CheckOutcome(base, sources=sources, no_inline_ignores=settings.no_inline_ignores)
        for key in sources:
            outcome.diagnostics[outcome.absolute(key)] = []
        for diagnostic in reported:
            outcome.diagnostics.setdefault(outcome.absolute(diagnostic.path), []).append(diagnostic)
        return outcome

    def _lint(
        self, path: Path, base: Path, settings: Settings
    ) -> tuple[list[Diagnostic], dict[str, SourceText]]:
        from truss_secret_lint.discovery import DiscoveryError
        from truss_secret_lint.engine import lint

        relative = os.path.relpath(path, base)
        try:
            result = lint([relative], settings, jobs=1, cache_dir=None, keep_sources=True)
        except DiscoveryError:  # a new buffer that was never saved
            raise _NotOnDisk from None
        reported = result.diagnostics
        if settings.baseline is not None:
            reported = self._apply_baseline(reported, settings.baseline, base)
        return reported, result.sources

    def _settings_for(self, path: Path, root: Path) -> tuple[Settings, Path]:
        """The settings of the nearest pyproject.toml between `path` and `root`, and the
        directory the command line would be run from (the settings file's, else the root)."""
        from truss_secret_lint.settings import SettingsError, find_pyproject, load_settings

        found = find_pyproject(path.parent, stop=root)
        if found is None:
            return Settings(), root
        if self.root_of(found) is None:  # a symlink out of the workspace
            return Settings(), root
        try:
            settings = self._parsed_file(found, lambda p: load_settings(p, explicit=False))
        except SettingsError as error:
            raise _SettingsProblem(f"settings: {_one_line(error)}") from None
        return settings, found.parent

    def _apply_baseline(
        self, diagnostics: list[Diagnostic], baseline: Path, base: Path
    ) -> list[Diagnostic]:
        from truss_secret_lint.baseline import BaselineError, read_baseline
        from truss_secret_lint.decide import decide_run

        absolute = base / baseline
        if self.root_of(absolute) is None:
            raise _SettingsProblem("settings: the baseline is outside the workspace")
        try:
            decided = decide_run(
                diagnostics, absolute, read=lambda path: self._parsed_file(path, read_baseline)
            )
        except BaselineError as error:
            raise _SettingsProblem(_one_line(error)) from None
        return decided.reported

    def _parsed_file(self, path: Path, parse: Callable[[Path], T]) -> T:
        """`parse(path)`, reused while the file's mtime and size are unchanged."""
        try:
            info = path.stat()
            stamp = (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp = (-1, -1)
        cached = self._parsed.get(path)
        if cached is not None and cached.stamp == stamp:
            return cached.value  # type: ignore[return-value]
        value = parse(path)
        if len(self._parsed) > 64:
            self._parsed.clear()
        self._parsed[path] = _Cached(stamp, value)
        return value


@contextlib.contextmanager
def _working_directory(base: Path) -> Iterator[None]:
    """Run the block from `base`, as the command line run there: the engine's paths (what
    per-file-ignores and baseline entries match, and where discovery stops looking upwards) are
    relative to the working directory. Checks run one at a time on the server's only thread.

    Unlike `contextlib.chdir`, this does not need the previous directory to exist: the server
    may have been started in a directory removed since (a deleted checkout), where
    `os.getcwd()` fails and every check would. It then stays in `base` (the server itself uses
    no relative path).
    """
    try:
        previous: str | None = os.getcwd()
    except OSError:
        previous = None
    os.chdir(base)
    try:
        yield
    finally:
        if previous is not None:
            with contextlib.suppress(OSError):
                os.chdir(previous)


class _NotOnDisk(Exception):
    """The file does not exist on disk (yet)."""


class _SettingsProblem(Exception):
    """Settings or baseline that cannot be used; the message is one safe line."""


def _one_line(error: BaseException) -> str:
    """A failure as one scrubbed line: the error's type and its first line, never a value."""
    from truss_secret_lint.redact import error_detail

    detail = error_detail(error)
    name = type(error).__name__
    if name in ("UnitError", "SettingsError", "BaselineError", "_SettingsProblem"):
        return detail
    return f"{name}: {detail}" if detail else name
