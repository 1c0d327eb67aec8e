"""Output cannot be forged (SPEC §10): no name from the checked tree adds a line or a control byte.

Trusses live in directories whose names hold a newline followed by a fake finding, a carriage
return, terminal escape sequences (ESC `[…`, the 8-bit CSI), DEL, a tab, a Unicode line separator,
a bidi override and a byte that is not UTF-8; a config's secret name holds the same characters.
The console script's entry runs on them in-process (bytes captured, as a terminal or CI log
receives them) in the `text`, `pylint` and `github` formats: each finding is exactly one line,
no line is forged, and no control byte is printed. `json` keeps the names as they are (its
encoder escapes them). The progress line on a terminal (a subprocess on a pty) shows counts only.

Before the fix, the directory names were printed raw by all three formats: a forged finding line
and raw ESC/CR bytes appeared.

Names can also carry CI log commands in printable text (`::error::…` at the start of a line,
`##[…]` / `##vso[…]` anywhere): no format of the lint or of `history` prints one. Before that
fix every format printed them as they were (and junit let a newline in a name start a line).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli_bytes, write_tree
from tests.real_tools import git, run_with_stderr_on_a_terminal
from tests.samples import credential_samples
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


def _run(
    root: Path, *args: str, command: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[bytes]:
    """The console script's entry (`command`, e.g. `history`, first) on `root`, in-process,
    stdout and stderr as the bytes a terminal or CI log receives (tests/conftest.py)."""
    options = ["--no-cache", "--color", "never", *args, "."]
    return run_cli_bytes(*command, *options, cwd=root)


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
    result, terminal = run_with_stderr_on_a_terminal(
        [sys.executable, "-m", "truss_secret_lint", "--no-cache", "--jobs", "1", "."],
        cwd=hostile,
        env=env,
    )
    assert result.returncode == 1
    assert b"checked " in terminal
    # only the printer's own `\r ESC[K` and the final newline (a pty shows it as CR LF)
    leftover = terminal.replace(b"\r\x1b[K", b"").replace(b"\r\n", b"")
    assert re.fullmatch(rb"(checked \d+/\d+)+", leftover), leftover


# Names a CI log would read as commands: GitHub Actions runs a line starting with `::` (after
# blanks) and `##[command]…` anywhere in a line; Azure Pipelines runs `##vso[…]` anywhere.
LOG_COMMAND_NAMES = [
    "::warning title=forged::all good",
    " ::error::forged",
    "x##[set-output name=ok]true",
    "y##[remove-matcher owner=truss-secret-lint-error]z",
    "z##vso[task.setvariable variable=ok]true",
    "v##VSO[task.complete result=Succeeded]",
    "w\n::error::forged",
]
# A secret name is shown as its first 4 characters and its length when it is not plausible:
# `##[r` still opens a command that the rest of the finding's line (`… [credential-default]`)
# closes.
LOG_COMMAND_SECRETS = {
    "k/config.yaml": (
        f'model_name: m\nsecrets:\n  "##[remove-matcher owner=x]k": {TOKEN}\n'
        f'  "::add-mask::k": {TOKEN}\n'
    ),
    "k/model/model.py": (
        "class Model:\n    def __init__(self, **kwargs):\n"
        "        self._t = kwargs['secrets']['##[error]forged']\n"
    ),
}
ALL_FORMATS = ["text", "pylint", "github", "junit", "json", "json-lines", "sarif", "gitlab"]


def _log_command_tree(root: Path) -> None:
    """A leaky Truss under each name (each its own credential: `history` reports a leak once)."""
    for index, name in enumerate(LOG_COMMAND_NAMES):
        (root / name).mkdir()
        token = credential_samples(seed=100 + index)["huggingface"]
        config = LEAKY_CONFIG.replace(TOKEN, token)
        (root / name / "config.yaml").write_text(config, encoding="utf-8")
    write_tree(root, LOG_COMMAND_SECRETS)


def _log_commands(line: str) -> list[str]:
    """The commands a CI log runner reads from `line` (GitHub's two syntaxes, Azure's)."""
    commands = []
    stripped = line.lstrip()
    if stripped.startswith("::") and "::" in stripped[2:]:
        commands.append(stripped[2:].split("::", 1)[0].split(" ", 1)[0])
    commands += re.findall(r"##(?:vso)?\[([^\]]*)\]", line, re.IGNORECASE)
    return commands


def _assert_no_log_command(fmt: str, output: bytes) -> None:
    """No line of `output` is a log command, but the `github` format's own annotations
    (`::error file=…::`, properties %-escaped), each of which is that one command."""
    for line in output.decode("utf-8").splitlines():
        own = re.match(r"::(error|warning) file=[^:]*::", line) if fmt == "github" else None
        assert _log_commands(line) == ([own.group(1)] if own else []), line


def _assert_names_kept(fmt: str, output: bytes, names: set[str]) -> None:
    """JSON formats still decode to `names` (as the tree has them; as `history` shows them)."""
    text = output.decode("utf-8")
    if fmt == "json":
        paths = {f["path"] for f in json.loads(text)}
    elif fmt == "json-lines":
        paths = {json.loads(line)["path"] for line in text.splitlines()}
    elif fmt == "gitlab":
        paths = {f["location"]["path"] for f in json.loads(text)}
    else:
        return
    assert {path.split("/")[0] for path in paths} == names


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_names_from_the_tree_never_become_ci_log_commands(tmp_path: Path, fmt: str) -> None:
    """Every line printed (stdout and stderr, findings and `--fix` notes) holds no log command
    but the `github` format's own annotation; JSON still decodes to the names as they are."""
    _log_command_tree(tmp_path)

    runs = [_run(tmp_path, "--format", fmt), _run(tmp_path, "--fix", "--format", fmt)]

    assert runs[0].returncode == 1, runs[0].stderr
    for result in runs:
        _assert_no_log_command(fmt, result.stdout + result.stderr)
    _assert_names_kept(fmt, runs[0].stdout, {*LOG_COMMAND_NAMES, "k"})


def test_names_from_history_never_become_ci_log_commands(tmp_path: Path) -> None:
    """`history` prints the same names from every commit, in every format: the same holds.
    (`history` escapes control characters in paths in every format, JSON too.)"""
    shown = {name.replace("\n", "\\n") for name in LOG_COMMAND_NAMES} | {"k"}
    _log_command_tree(tmp_path)
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "x")):
        assert git(*args, cwd=tmp_path).returncode == 0

    for fmt in ALL_FORMATS:
        result = _run(tmp_path, "--format", fmt, command=("history",))

        assert result.returncode == 1, result.stderr
        _assert_no_log_command(fmt, result.stdout + result.stderr)
        _assert_names_kept(fmt, result.stdout, shown)
