"""Output cannot be forged (SPEC §10): no name from the checked tree adds a line or a control byte.

Trusses live in directories whose names hold a newline followed by a fake finding, a carriage
return, terminal escape sequences (ESC `[…`, the 8-bit CSI), DEL, a tab, a Unicode line separator,
a bidi override and a byte that is not UTF-8; a config's secret name holds the same characters.
The real console script runs on them (bytes captured, as a terminal or CI log receives them) in
the `text`, `pylint` and `github` formats: each finding is exactly one line, no line is forged,
and no control byte is printed. `json` keeps the names as they are (its encoder escapes them).
The progress line on a terminal shows counts only.

Before the fix, the directory names were printed raw by all three formats: a forged finding line
and raw ESC/CR bytes appeared.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_hooks import LEAKY_CONFIG, TOKEN

FORGED = "forged.yaml:1:1: TSL201 all is fine [credential-default]"
HOSTILE_NAMES: list[bytes] = [
    f"a\n{FORGED}\n".encode(),
    f"b\r{FORGED}".encode(),
    b"c\x1b[2K\x1b[1G\x1b]0;title\x07",
    "d\u009b31m\u0085e".encode(),  # 8-bit CSI and NEL (C1 controls)
    b"e\x7f\tf\x00"[:-1],  # DEL and a tab (NUL cannot be in a name)
    "f\u2028g\u202eh".encode(),  # line separator, right-to-left override
    b"g\xff\xfeh",  # not UTF-8
]
# Double-quoted YAML escapes: ESC, newline + forged line, CR, CSI.
HOSTILE_KEY = r'"tok\e[31m\n' + FORGED + r'\r\x9b2J"'
KEY_CONFIG = f"model_name: m\nsecrets:\n  {HOSTILE_KEY}: {TOKEN}\n"

# C0 but LF, DEL, C1 (UTF-8 encoded), U+2028/2029 and the bidi embeddings/overrides
_CONTROL_BYTES = re.compile(
    rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9\xaa-\xae]"
)


def _tree(root: Path) -> None:
    base = os.fsencode(root)
    for name in HOSTILE_NAMES:
        directory = os.path.join(base, name)
        os.mkdir(directory)
        with open(os.path.join(directory, b"config.yaml"), "w", encoding="utf-8") as stream:
            stream.write(LEAKY_CONFIG)
    key_dir = root / "key"
    key_dir.mkdir()
    (key_dir / "config.yaml").write_text(KEY_CONFIG, encoding="utf-8")


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    env["PYTHONPATH"] = str(REPO)
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "truss_secret_lint", "--no-cache", "--color", "never", *args, "."],
        cwd=root,
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    _tree(tmp_path)
    return tmp_path


def _expected_count(root: Path) -> int:
    result = _run(root, "--format", "json")
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)
    paths = {finding["path"] for finding in findings}
    # json keeps names as they are: the raw newline is in the path, escaped by the encoder.
    assert any(FORGED in path for path in paths)
    assert len(findings) >= len(HOSTILE_NAMES) + 1
    return len(findings)


@pytest.mark.parametrize("fmt", ["text", "pylint", "github"])
def test_names_from_the_tree_never_forge_a_line_or_print_a_control_byte(
    hostile: Path, fmt: str
) -> None:
    expected = _expected_count(hostile)

    result = _run(hostile, "--format", fmt)

    assert result.returncode == 1, result.stderr
    output = result.stdout
    assert not _CONTROL_BYTES.findall(output), _CONTROL_BYTES.findall(output)
    assert not _CONTROL_BYTES.findall(result.stderr)
    lines = output.decode("utf-8").split("\n")
    assert lines[-1] == ""
    lines = lines[:-1]
    if fmt == "text":
        assert lines[-1].startswith("Found "), lines[-1]
        lines = lines[:-1]
    assert len(lines) == expected, lines
    assert not any(line.startswith("forged.yaml") for line in lines)
    if fmt == "github":
        assert all(re.match(r"::(error|warning) file=", line) for line in lines), lines
    else:
        assert all(re.match(r"[^\n]*:\d+:", line) for line in lines)
    assert TOKEN.encode() not in output
    # escaped as git and Python show them
    text = "\n".join(lines)
    assert "a\\nforged.yaml" in text
    assert "\\x1b[2K" in text
    assert "g\\xff\\xfeh" in text


def test_diff_names_files_as_the_report_does(hostile: Path) -> None:
    """`--diff` headers name a file the way every report does (one escaping, `redact.printable`):
    no control byte, no forged line, a byte that is not UTF-8 as `\\xNN` (it was `\\udcNN`)."""
    report = _run(hostile, "--format", "text")
    diff = _run(hostile, "--diff")

    assert diff.returncode == 1, diff.stderr
    assert not _CONTROL_BYTES.findall(diff.stdout), _CONTROL_BYTES.findall(diff.stdout)
    headers = [line for line in diff.stdout.split(b"\n") if line.startswith((b"--- ", b"+++ "))]
    assert len(headers) >= 2 * len(HOSTILE_NAMES), headers
    assert not any(line.startswith(b"forged.yaml") for line in diff.stdout.split(b"\n"))
    for shown in (b"g\\xff\\xfeh/config.yaml", b"a\\nforged.yaml", b"c\\x1b[2K"):
        assert shown in report.stdout, shown
        assert any(shown in line for line in headers if line.startswith(b"--- a/")), shown
        assert any(shown in line for line in headers if line.startswith(b"+++ b/")), shown


def test_progress_line_shows_counts_only(hostile: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    env["PYTHONPATH"] = str(REPO)
    env["TSL_PROGRESS_AFTER"] = "0"
    primary, secondary = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "truss_secret_lint", "--no-cache", "--jobs", "1", "."],
            cwd=hostile,
            env=env,
            stdout=subprocess.PIPE,
            stderr=secondary,
            timeout=300,
            check=False,
        )
        os.close(secondary)
        secondary = -1
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if secondary >= 0:
            os.close(secondary)
        os.close(primary)
    terminal = b"".join(chunks)
    assert result.returncode == 1
    assert b"checked " in terminal
    # only the printer's own `\r ESC[K` and the final newline (a pty shows it as CR LF)
    leftover = terminal.replace(b"\r\x1b[K", b"").replace(b"\r\n", b"")
    assert re.fullmatch(rb"(checked \d+/\d+)+", leftover), leftover
