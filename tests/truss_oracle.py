"""The real truss as a test oracle: a pinned truss in its own virtualenv, asked about config files.

truss pins dependencies of its own (pydantic, PyYAML, …), so it lives in `.venv-truss/` at the
repository root, never in the project's environment. The first test that needs it creates it
(the session fixture `truss_oracle` in tests/conftest.py: one `pip install`, about a minute) and
later runs reuse it.

Re-running against a newer truss: `TSL_TRUSS_VERSION=0.19.0 .ci/run` (or set it for pytest); the
venv is rebuilt when the version it holds differs. `TSL_TRUSS_VENV=/path/to/venv` uses an existing
virtualenv that has truss installed. Disagreements then show up as failing differential tests
(tests/test_truss_oracle.py, tests/test_fix_truss.py); fix the linter, or — when truss changed
its mind — the rule and TRUSS-FACTS, and bump TRUSS_VERSION here.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.conftest import REPO, file_lock

TRUSS_VERSION = os.environ.get("TSL_TRUSS_VERSION", "0.18.36")
JUDGE = Path(__file__).resolve().parent / "truss_oracle_judge.py"


def truss_python() -> Path:
    """The python of a virtualenv holding truss TRUSS_VERSION; created when missing."""
    configured = os.environ.get("TSL_TRUSS_VENV")
    if configured:
        return Path(configured) / "bin" / "python"
    venv = REPO / ".venv-truss"
    python = venv / "bin" / "python"
    marker = venv / "truss-version"
    # pytest-xdist workers (and two checkouts' runs) ask at once: one creates, the others wait.
    with file_lock(Path(tempfile.gettempdir()) / f"tsl-truss-venv-{_digest(venv)}.lock"):
        if python.exists() and marker.exists() and marker.read_text().strip() == TRUSS_VERSION:
            return python
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", f"truss=={TRUSS_VERSION}"],
            check=True,
            timeout=1800,
        )
        marker.write_text(TRUSS_VERSION + "\n")
    return python


def _digest(path: Path) -> str:
    return hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]


class TrussOracle:
    """One long-lived truss process answering for batches of config files."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [str(truss_python()), str(JUDGE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
        )
        self.version = json.loads(self._readline())["truss"]

    def _readline(self) -> str:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the truss oracle process died")
        return line

    def judge(self, paths: Sequence[Path]) -> list[dict[str, Any]]:
        """truss's verdict on each config file (see truss_oracle_judge.py)."""
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps([str(p) for p in paths]) + "\n")
        self._process.stdin.flush()
        verdicts: list[dict[str, Any]] = json.loads(self._readline())
        return verdicts

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=60)
