"""Shared helpers: writing small Trusses to disk and running the real command line on them."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


class Hung(BaseException):
    """Raised into a blocked call; not an OSError (or even an Exception), so that the code under
    test cannot mistake it for a read error and carry on."""


@contextlib.contextmanager
def hang_guard(seconds: float) -> Iterator[None]:
    """Fail an in-process call that never returns (a FIFO read, a runaway fixpoint) instead of
    hanging the suite. A hang guard, not a speed assertion: `seconds` is far above normal."""

    def expire(signum: int, frame: object) -> None:
        raise Hung(f"hung: no result after {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write `files` (relative path → text or bytes) under `root`; returns root."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


_UNSET_FOR_RUNS = ("GITHUB_ACTIONS", "FORCE_COLOR")
"""Variables of the test process that would change the command line's output format or colour;
a run that wants them passes them in `env`."""

_PYTHON_WARNING_FILTERS = (
    ("default", DeprecationWarning, "__main__"),
    ("ignore", DeprecationWarning, ""),
    ("ignore", PendingDeprecationWarning, ""),
    ("ignore", ImportWarning, ""),
    ("ignore", ResourceWarning, ""),
)
"""The warning filters a fresh interpreter starts with (no -W option): what a user's run
prints, since pytest's own filters would otherwise decide."""


def _run_environment(env: Mapping[str, str] | None) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in _UNSET_FOR_RUNS}
    environment.update(env or {})
    return environment


def _captured_stream() -> io.TextIOWrapper:
    """A stream like a piped standard stream of a fresh interpreter: UTF-8 text over bytes
    (console_main sets `errors="backslashreplace"` on it, as on a real one)."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\n", write_through=True)


def _written(stream: io.TextIOWrapper) -> bytes:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue()


def _piped_text(data: bytes) -> str:
    """What `subprocess.run(..., text=True)` returns for `data`: decoded, universal newlines."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


@contextlib.contextmanager
def _process_state(argv: list[str], cwd: Path, environment: Mapping[str, str]) -> Iterator[None]:
    """Give one in-process run what a fresh process would have, and restore the test's after:
    argv, working directory, environment (git and every child the linter starts see it too),
    and Python's default warning filters with warnings printed on the run's stderr."""
    saved_argv, saved_cwd, saved_environ = sys.argv, os.getcwd(), dict(os.environ)
    sys.argv = argv
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(environment)
    try:
        with warnings.catch_warnings():
            warnings.resetwarnings()
            for action, category, module in reversed(_PYTHON_WARNING_FILTERS):
                warnings.filterwarnings(action, category=category, module=module)
            warnings.showwarning = _print_warning
            yield
    finally:
        os.environ.clear()
        os.environ.update(saved_environ)
        os.chdir(saved_cwd)
        sys.argv = saved_argv


def _print_warning(
    message: Warning | str, category: type[Warning], filename: str, lineno: int, *_: object
) -> None:
    """`warnings.showwarning` as a fresh interpreter has it: onto the current stderr."""
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno))


def run_cli(
    *args: str, cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command line in this process, as the console script does: `console_main()` with
    `args` as argv, in `cwd`, with the test's environment less `_UNSET_FOR_RUNS` plus `env`, stdout
    and stderr captured as a pipe would carry them; returns what `run_cli_process` returns.

    For everything that does not depend on the process boundary; a run that must be a real
    process (the entry point, exit 2 from an internal failure, tracebacks, a terminal, a hang in
    C code) uses `run_cli_process`. A run that does not return is stopped by a hang guard."""
    done = run_cli_bytes(*args, cwd=cwd, env=env)
    return subprocess.CompletedProcess(
        done.args, done.returncode, _piped_text(done.stdout), _piped_text(done.stderr)
    )


def run_cli_bytes(
    *args: str, cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """`run_cli` with stdout and stderr as the bytes a pipe (a terminal, a CI log) receives."""
    from truss_secret_lint.cli import console_main

    stdout, stderr = _captured_stream(), _captured_stream()
    status: int | str | None = 0
    argv = ["truss-secret-lint", *args]
    _forget_memos()
    with _process_state(argv, cwd, _run_environment(env)), _guarded(RUN_TIMEOUT):
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = stdout, stderr
        try:
            console_main()
        except SystemExit as exit_:
            status = exit_.code
        finally:
            sys.stdout, sys.stderr = saved
    assert isinstance(status, int), status
    return subprocess.CompletedProcess(argv, status, _written(stdout), _written(stderr))


def _forget_memos() -> None:
    """Empty every memo (`functools.cache`/`lru_cache`) of the linter's modules, as a fresh
    process starts: some hold what was read from disk (the cache key of a cache home), which a
    test may have changed since the last run."""
    for name, module in list(sys.modules.items()):
        if name == "truss_secret_lint" or name.startswith("truss_secret_lint."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear) and getattr(value, "__module__", None) == name:
                    clear()


RUN_TIMEOUT = 120.0
"""Seconds after which one run of the command line counts as hung (a run takes well under one
second on an idle machine: a hang guard, not a speed assertion)."""


@contextlib.contextmanager
def _guarded(seconds: float) -> Iterator[None]:
    """`hang_guard` where a signal can be delivered (the main thread, no guard already set)."""
    usable = threading.current_thread() is threading.main_thread()
    if usable and signal.getitimer(signal.ITIMER_REAL)[0] == 0:
        with hang_guard(seconds):
            yield
    else:
        yield


def run_cli_process(
    *args: str, cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m truss_secret_lint` as a subprocess, as a user would: for what depends on
    the process boundary (see `run_cli`)."""
    environment = _run_environment(None)
    environment["PYTHONPATH"] = str(REPO)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "truss_secret_lint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        timeout=RUN_TIMEOUT,
        check=False,
    )


@pytest.fixture(autouse=True, scope="session")
def private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every run of the CLI in the suite keeps its cache (and cache key) out of the real home
    directory: the default cache lives in the user's cache home, named by this variable."""
    home = tmp_path_factory.mktemp("cache-home")
    previous = os.environ.get("TRUSS_SECRET_LINT_CACHE_DIR")
    os.environ["TRUSS_SECRET_LINT_CACHE_DIR"] = str(home)
    yield home
    if previous is None:
        del os.environ["TRUSS_SECRET_LINT_CACHE_DIR"]
    else:
        os.environ["TRUSS_SECRET_LINT_CACHE_DIR"] = previous


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if missing): one-time set-up shared by pytest-xdist
    workers, or by two test runs at once, happens once."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def session_directory(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A directory shared by the whole test session: by every pytest-xdist worker too (their
    base temporary directories sit in the session's); take `file_lock` to fill it."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    return base / name


@pytest.fixture(scope="session")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """The hook repository (a snapshot of this checkout committed, tests/real_tools.py), its
    revision, and one PRE_COMMIT_HOME for the session: pre-commit builds the hook's environment
    once for every test that installs the hook, as it does for a user. That build (20-60 s on
    2 cores) is a virtualenv, pip's isolated build environment (setuptools from the index), the
    project's wheel and its dependencies; ruamel.yaml's libyaml binding comes from pip's wheel
    cache in the user's cache home (XDG_CACHE_HOME): without it pip downloads a compiler and
    builds it from source, minutes."""
    from tests.real_tools import snapshot_of_checkout

    shared = session_directory(tmp_path_factory, "hook-source")
    hooks_repo, done = shared / "hooks-repo", shared / "revision"
    with file_lock(shared.with_suffix(".lock")):
        if not done.exists():
            hooks_repo.mkdir(parents=True)
            done.write_text(snapshot_of_checkout(hooks_repo))
    return hooks_repo, done.read_text(), shared / "pre-commit-home"


@pytest.fixture(scope="session")
def truss_oracle():  # type: ignore[no-untyped-def]
    """The real truss (pinned, in its own virtualenv) answering what it does with configs."""
    from tests.truss_oracle import TrussOracle

    oracle = TrussOracle()
    yield oracle
    oracle.close()
