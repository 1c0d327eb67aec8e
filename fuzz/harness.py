"""What every fuzz target shares: check one Truss in-process, then assert the oracles of
tests/fuzz_oracles.py (the same ones tests/test_fuzz.py asserts).

The unit is checked the way the engine checks it (`engine.check_unit_fresh`), without discovery:
discovery runs `git ls-files` in a subprocess, which would cost more than the check itself.
Files are written to a RAM-backed folder when there is one.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.fuzz_oracles import check_result  # noqa: E402 - needs REPO on sys.path

CONFIG = b"model_name: fuzz\nsecrets:\n  hf_access_token: null\n"
MODEL = (
    b"class Model:\n    def __init__(self, **kwargs):\n"
    b"        self._s = kwargs['secrets']\n        self._t = self._s['hf_access_token']\n"
)
_ROOT = Path(
    tempfile.mkdtemp(prefix="tsl-fuzz-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
)


def check(config: bytes, model: bytes) -> None:
    """Lint one Truss made of `config` and `model`; raise on any broken oracle."""
    from truss_secret_lint.engine import check_unit_fresh
    from truss_secret_lint.settings import Settings
    from truss_secret_lint.units import Unit

    (_ROOT / "model").mkdir(exist_ok=True)
    (_ROOT / "config.yaml").write_bytes(config)
    (_ROOT / "model" / "model.py").write_bytes(model)
    previous = os.getcwd()
    os.chdir(_ROOT)
    try:
        result, _ = check_unit_fresh(Unit("truss", Path("."), Path("config.yaml")), Settings())
        check_result({"config.yaml": config, "model/model.py": model}, result)
    finally:
        os.chdir(previous)


def replay(paths: list[str], target: str) -> int:
    """Run saved inputs once each (no atheris needed): `python fuzz/fuzz_config.py FILE...`."""
    failures = 0
    for name in paths:
        data = Path(name).read_bytes()
        try:
            if target == "config":
                check(data, MODEL)
            else:
                check(CONFIG, data)
        except Exception as error:
            failures += 1
            print(f"{name}: {type(error).__name__}: {str(error)[:300]}")
    print(f"{len(paths) - failures}/{len(paths)} inputs pass")
    return 1 if failures else 0
