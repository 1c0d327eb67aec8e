"""Shared helpers: writing small Trusses to disk and running the real command line on them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


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
