"""Shared helpers: writing small Trusses to disk and running the real command line on them."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
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


def run_cli(
    *args: str, cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m truss_secret_lint` as a subprocess, as a user would."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")
    }
    environment["PYTHONPATH"] = str(REPO)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "truss_secret_lint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
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


@pytest.fixture
def cli():  # type: ignore[no-untyped-def]
    return run_cli


@pytest.fixture(scope="session")
def truss_oracle():  # type: ignore[no-untyped-def]
    """The real truss (pinned, in its own virtualenv) answering what it does with configs."""
    from tests.truss_oracle import TrussOracle

    oracle = TrussOracle()
    yield oracle
    oracle.close()
