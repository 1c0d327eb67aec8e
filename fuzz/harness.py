"""What every fuzz target shares: check one Truss in-process, then assert the same oracles as
tests/test_fuzz.py (no exception escapes; positions inside the file; machine formats parse).

The unit is checked the way the engine checks it (`engine._check_unit`), without discovery:
discovery runs `git ls-files` in a subprocess, which would cost more than the check itself.
Files are written to a RAM-backed folder when there is one.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CONFIG = b"model_name: fuzz\nsecrets:\n  hf_access_token: null\n"
MODEL = (
    b"class Model:\n    def __init__(self, **kwargs):\n"
    b"        self._s = kwargs['secrets']\n        self._t = self._s['hf_access_token']\n"
)
_BREAKS = re.compile(r"\r\n|[\r\n]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
STRICT = os.environ.get("TSL_FUZZ_STRICT") == "1"
"""Also check the oracles that known, reported bugs break (see KNOWN_BUGS in README.md)."""
_ROOT = Path(
    tempfile.mkdtemp(prefix="tsl-fuzz-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
)


def check(config: bytes, model: bytes) -> None:
    """Lint one Truss made of `config` and `model`; raise on any broken oracle."""
    from truss_secret_lint.engine import Unit, _check_unit
    from truss_secret_lint.fixes import plan_fixes, unified_diff
    from truss_secret_lint.report import FORMATS
    from truss_secret_lint.report.context import ReportContext
    from truss_secret_lint.settings import Settings

    (_ROOT / "model").mkdir(exist_ok=True)
    (_ROOT / "config.yaml").write_bytes(config)
    (_ROOT / "model" / "model.py").write_bytes(model)
    previous = os.getcwd()
    os.chdir(_ROOT)
    try:
        unit = Unit("truss", Path("."), Path("config.yaml"))
        try:
            result, _ = _check_unit(unit, Settings())
        except Exception as error:
            if not STRICT and _known_crash(error):
                return
            raise
        files = {"config.yaml": config, "model/model.py": model}
        for diagnostic in result.diagnostics + result.suppressed:
            _check_position(files, diagnostic)
        for fixed in plan_fixes(result.diagnostics, result.sources):
            unified_diff(fixed)
        context = ReportContext(diagnostics=result.diagnostics, files=result.files)
        for name, render in FORMATS.items():
            try:
                output = render(context)
            except Exception as error:
                if not STRICT and _known_crash(error):
                    continue
                raise
            _check_format(name, output)
            # What the command line writes must be encodable (lone surrogates from Python code are
            # a known bug, see KNOWN_CRASHES).
            output.encode("utf-8", "strict" if STRICT else "surrogatepass")
    finally:
        os.chdir(previous)


KNOWN_CRASHES = {("fixes_yaml.py", "add_secret_edits"), ("sarif.py", "fingerprint")}
"""(file, function) where a known, reported bug raises; see README.md."""


def _known_crash(error: BaseException) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and (Path(frames[-1].filename).name, frames[-1].name) in KNOWN_CRASHES


def _decoded(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _check_position(files: dict[str, bytes], diagnostic: object) -> None:
    span = diagnostic.span  # type: ignore[attr-defined]
    path = diagnostic.path  # type: ignore[attr-defined]
    if path not in files:
        raise AssertionError(f"finding in an unknown file: {path}")
    lines = _BREAKS.split(_decoded(files[path]))
    where = (path, diagnostic.code, span)  # type: ignore[attr-defined]
    if not 1 <= span.line <= len(lines) + 1 or span.column < 1:
        raise AssertionError(f"position outside the file: {where}")
    if (span.end_line, span.end_column) < (span.line, span.column):
        raise AssertionError(f"end before start: {where}")
    text = lines[span.line - 1] if span.line <= len(lines) else ""
    if span.column > len(text) + 2:
        raise AssertionError(f"column past the end of the line: {where}")


def _check_format(name: str, output: str) -> None:
    if name in ("json", "sarif", "gitlab"):
        json.loads(output)
    elif name == "json-lines":
        for line in output.splitlines():
            json.loads(line)
    elif name == "junit":
        if not STRICT:  # known bug: report/junit.py writes control characters XML forbids
            output = _NOT_XML.sub("?", output)
        ET.fromstring(output.encode("utf-8"))


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
