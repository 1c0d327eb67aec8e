"""The fuzz oracles, shared by `tests/test_fuzz.py` (hypothesis) and `fuzz/harness.py` (atheris).

Given the files of one checked tree and the engine's result: every position lies inside its
file, every fix plans and renders as a diff, every output format renders, the machine formats
parse, everything the command line would write encodes as UTF-8, and no output shows MARKER -
a value the generators plant in value positions, as an alias name, a tag, a key glued to its
value (`db_password:MARKER`) and a secret name; it is never a plausible name (it holds `/`, `+`
and `=`), so wherever it lands the one redaction rule must hide all but its first 4
characters. A broken oracle raises AssertionError; any exception from the linter itself
propagates.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

LINE_BREAKS = re.compile(r"\r\n|[\r\n]")
MARKER = "Qz7/Vw3+Kp9=Lx5R"
"""A value the fuzzers plant (not a credential shape, not a plausible name)."""
_MARKER_PIECES = tuple(MARKER[i : i + 8] for i in range(1, len(MARKER) - 7))


def check_no_marker(where: str, output: str) -> None:
    """No 8-character piece of MARKER after its first character is in `output`."""
    for piece in _MARKER_PIECES:
        if piece in output:
            at = output.index(piece)
            shown = output[max(0, at - 80) : at + 40]
            raise AssertionError(f"{where} shows a planted value: {shown!r}")


def decoded(data: bytes) -> str:
    """Text as the linter decodes it (UTF-16 by BOM, UTF-8, else Latin-1)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def lines_of(data: bytes) -> list[str]:
    """The file's lines, split where libcst's and ruamel.yaml's positions count line ends."""
    return LINE_BREAKS.split(decoded(data))


def check_position(files: Mapping[str, bytes], diagnostic: Any) -> None:
    """The finding is in a checked file and its span lies inside that file."""
    span = diagnostic.span
    where = (diagnostic.path, diagnostic.code, span)
    if diagnostic.path not in files:
        raise AssertionError(f"finding in an unknown file: {where}")
    lines = lines_of(files[diagnostic.path])
    if not 1 <= span.line <= len(lines) + 1 or span.column < 1:
        raise AssertionError(f"position outside the file: {where}")
    if (span.end_line, span.end_column) < (span.line, span.column):
        raise AssertionError(f"end before start: {where}")
    text = lines[span.line - 1] if span.line <= len(lines) else ""
    if span.column > len(text) + 2:
        raise AssertionError(f"column past the end of the line: {where} {text[:200]!r}")


def check_format(name: str, output: str) -> None:
    """Machine-readable formats parse; every output encodes as the command line writes it."""
    output.encode("utf-8")
    if name in ("json", "sarif", "gitlab"):
        json.loads(output)
    elif name == "json-lines":
        for line in output.splitlines():
            json.loads(line)
    elif name == "junit":
        ET.fromstring(output.encode("utf-8"))


def check_result(files: Mapping[str, bytes], result: Any) -> None:
    """All oracles over one result (an engine UnitResult or LintResult with sources kept)."""
    from truss_secret_lint.fixes import plan_fixes
    from truss_secret_lint.redact import redacted_diff
    from truss_secret_lint.report import FORMATS
    from truss_secret_lint.report.context import ReportContext

    for diagnostic in result.diagnostics + result.suppressed:
        check_position(files, diagnostic)
    for fixed in plan_fixes(result.diagnostics, result.sources):
        shown = redacted_diff(fixed.path, fixed.source.text, fixed.new_text)
        shown.encode("utf-8")
        check_no_marker("--diff", shown)
    for statistics in (False, True):
        context = ReportContext(
            diagnostics=result.diagnostics,
            files=result.files,
            suppressed=len(result.suppressed),
            statistics=statistics,
        )
        for name, render in FORMATS.items():
            output = render(context)
            check_format(name, output)
            check_no_marker(f"--format {name}", output)
