"""Precision on real Truss configurations: zero credential findings, the known real defects found.

The corpus (376 public Truss directories) lives outside the repository, in
`../shared/corpus/truss-examples-configs/` (or wherever TSL_CORPUS points). detect-secrets raises
26 false alarms there (git SHAs as `revision:`, secret NAMES in `*_secret_name` fields, model
ids); none of its values is a credential, so every credential finding would be a false alarm.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

CREDENTIAL_CODES = {"TSL201", "TSL203", "TSL204", "TSL205", "TSL304"}


def _corpus() -> Path | None:
    configured = os.environ.get("TSL_CORPUS")
    candidates = [Path(configured)] if configured else []
    candidates.append(REPO.parent / "shared" / "corpus" / "truss-examples-configs")
    candidates.append(REPO.parent / "shared" / "corpus")
    return next((c for c in candidates if c.is_dir() and any(c.rglob("config.yaml"))), None)


CORPUS = _corpus()


@pytest.mark.skipif(CORPUS is None, reason="the shared corpus is not on this machine")
def test_no_false_credential_alarms_and_real_defects_found(tmp_path: Path) -> None:
    assert CORPUS is not None
    result = run_cli("--format", "json", "--no-cache", str(CORPUS), cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    counts = Counter(d["code"] for d in json.loads(result.stdout))
    assert not CREDENTIAL_CODES & set(counts), counts
    assert counts["TSL108"] >= 21, counts  # hf_access_token: null under environment_variables
    assert counts["TSL202"] >= 35, counts  # placeholder text, "null", None as defaults
    assert counts["TSL001"] == 0, counts
