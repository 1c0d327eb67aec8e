"""Start-up: the pre-commit hook imports what its run needs, and not the rest.

The hook's time on one changed Truss is mostly start-up (bench/README.md). These tests do not
time anything: they run the real command line (`main(argv)`) in a fresh interpreter, the way
the hook starts, and look at which modules it loaded.

- libcst (the parser) is for Python files whose facts are not cached: a commit that changes
  only config.yaml finds model.py's facts in the cache and never imports it.
- `requests` is imported by detect-secrets (`plugins/base.py`) for verification, which the
  linter never does; its code must not run, even on a run that loads detect-secrets to look at
  a credential (`detectors/deferred_imports.py`). Its code ran when `requests.exceptions` (which
  `requests/__init__.py` imports first thing) is loaded.
- a run answered from the cache imports no rule module (`rules/__init__.py` loads a rule when
  it checks something) and not the code facts' types (the facts cache is for a miss).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, write_tree
from tests.samples import credential_samples

# Runs the command line in this interpreter, then writes the names of every loaded module (and
# the exit status) to the file named by the first argument.
_PROBE = """
import json, sys
from truss_secret_lint.cli import main
out, args = sys.argv[1], sys.argv[2:]
status = main(args)
with open(out, "w", encoding="utf-8") as handle:
    json.dump({"status": status, "modules": sorted(sys.modules)}, handle)
"""

_MODEL = """\
import logging

logger = logging.getLogger(__name__)


class Model:
    def __init__(self, **kwargs):
        self._secrets = kwargs["secrets"]

    def load(self):
        self._token = self._secrets["hf_token"]
        logger.info("loaded")
"""


def _config(comment: str) -> str:
    token = credential_samples()["huggingface"]
    return f"model_name: probe\n# {comment}\nsecrets:\n  hf_token: {token}\n"


def _probe(tmp_path: Path, cache: Path, *args: str) -> tuple[int, set[str], str]:
    """Run `main(args)` in a fresh interpreter in `tmp_path`: exit status, loaded modules,
    standard output."""
    out = tmp_path / "modules.json"
    environment = {
        k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")
    }
    environment["PYTHONPATH"] = str(REPO)
    environment["TRUSS_SECRET_LINT_CACHE_DIR"] = str(cache)
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, str(out), *args],
        cwd=tmp_path / "repo",
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=True,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    return report["status"], set(report["modules"]), run.stdout


def _requests_ran(modules: set[str]) -> bool:
    return bool({"requests.exceptions", "urllib3"} & modules)


def test_hook_on_a_config_only_change_imports_neither_libcst_nor_requests(
    tmp_path: Path,
) -> None:
    repo = write_tree(
        tmp_path / "repo", {"config.yaml": _config("first"), "model/model.py": _MODEL}
    )
    cache = tmp_path / "cache"
    hook = ("--pre-commit", "config.yaml")

    # The first run parses model.py (libcst) and caches its facts.
    status, modules, stdout = _probe(tmp_path, cache, *hook)
    assert status == 1
    assert "TSL201" in stdout
    assert "libcst" in modules

    # A commit that changes only config.yaml: model.py's facts come from the cache.
    (repo / "config.yaml").write_text(_config("second"), encoding="utf-8")
    status, modules, stdout = _probe(tmp_path, cache, *hook)
    assert status == 1
    assert "TSL201" in stdout  # the credential detectors ran ...
    assert "detect_secrets" in modules  # ... with detect-secrets loaded
    assert "libcst" not in modules
    assert not _requests_ran(modules), sorted(m for m in modules if "requests" in m)


def test_a_run_answered_from_the_cache_imports_no_rule(tmp_path: Path) -> None:
    write_tree(tmp_path / "repo", {"config.yaml": _config("first"), "model/model.py": _MODEL})
    cache = tmp_path / "cache"
    status, modules, _ = _probe(tmp_path, cache, ".")
    assert status == 1
    assert "truss_secret_lint.rules.credential_default" in modules

    status, modules, stdout = _probe(tmp_path, cache, ".")
    assert status == 1
    assert "TSL201" in stdout
    assert not [m for m in modules if m.startswith("truss_secret_lint.rules.")]
    assert "truss_secret_lint.code_facts.facts" not in modules  # nor the facts cache's types
    assert "libcst" not in modules
