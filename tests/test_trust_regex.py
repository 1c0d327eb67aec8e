"""Issue #9 item 7: every regex over checked text runs in time linear in the text.

A checked file is hostile and may be up to `text_source.MAX_BYTES` (2 MiB). Each crafted shape
below made one regex backtrack quadratically (or worse) before the fix: on the old code a
100 KB line took 16 s to over a minute, the 2 MiB file hours. Each now goes through the real
command line, in a subprocess, at the size cap, under a hang guard that is 10x+ what a run
takes on an idle machine (about 2 s). Speed itself is measured in `bench/adversarial.py`.

Then the user's `extend-placeholders` regexes, which a settings file in the checked tree can
supply: they are matched by RE2 (linear whatever the pattern), and a pattern RE2 cannot
compile is a one-line exit-2 error naming the key.

Then the linear rewrites of detect-secrets' JWT and npm patterns are held to the upstream
patterns: on generated text, the same matches in the same places.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, write_tree
from tests.samples import credential_samples
from truss_secret_lint.detectors.registry import UPSTREAM_DETECTORS
from truss_secret_lint.sources import text as text_source

HANG_GUARD = 60.0
"""Seconds after which a run counts as hung (an idle run takes about 2 s)."""
SIZE = text_source.MAX_BYTES - 4096
"""Crafted content fills the file up to just under the size cap."""
HF = credential_samples(seed=97)["huggingface"]
CONFIG = f"model_name: m\nsecrets:\n  hf_access_token: {HF}\n"
MODEL = (
    "class Model:\n"
    "    def __init__(self, **kwargs):\n"
    "        self._token = kwargs['secrets']['hf_access_token']\n"
)


def _fill(unit: str, head: str = "", tail: str = "", size: int = SIZE) -> str:
    """`head` + `unit` repeated + `tail`, `size` characters in all (ASCII: bytes too)."""
    return head + unit * ((size - len(head) - len(tail)) // len(unit)) + tail


@dataclass(frozen=True)
class Shape:
    """A crafted input: where it goes in a Truss and what it attacked."""

    id: str
    attacks: str
    path: str  # the file it fills, relative to the Truss
    text: Callable[[], str]
    seconds_on_old_code: str  # measured at 100 KB (and 10 KB) on the commit before the fix


def _python_comment(unit: str, head: str = "", tail: str = "") -> Callable[[], str]:
    return lambda: "# " + _fill(unit, head, tail, SIZE - 3) + "\n"


def _yaml_value(unit: str, head: str = "", tail: str = "") -> Callable[[], str]:
    """A double-quoted `environment_variables` value (the units are YAML-safe)."""
    prefix = CONFIG + 'environment_variables:\n  EXTRA: "'
    return lambda: prefix + _fill(unit, head, tail, SIZE - len(prefix) - 2) + '"\n'


SHAPES = [
    Shape(
        "jwt-eyJ-run",
        "detect-secrets' JWT regex and the JWT prefilter anchor: each `eyJ` rescans the run",
        "model/helpers.py",
        _python_comment("eyJ", tail="."),
        "16 s (10 KB: 0.1 s)",
    ),
    Shape(
        "jwt-eyJ-dashes",
        "the JWT regex where `-` separates the `eyJ`s (a lookbehind alone does not help)",
        "model/helpers.py",
        _python_comment("eyJ-", tail="."),
        "over 20 s",
    ),
    Shape(
        "jwt-in-config-value",
        "the JWT regex on a config value",
        "config.yaml",
        _yaml_value("eyJ", tail="."),
        "16 s",
    ),
    Shape(
        "npm-slashes",
        "detect-secrets' npm regex `//.+/:_authToken=`: each `/` rescans the line",
        "model/helpers.py",
        _python_comment("/", head="_authToken="),
        "over 20 s (10 KB: 0.6 s)",
    ),
    Shape(
        "private-key-headers",
        "the private-key span: an END marker searched from every header to the end",
        "model/helpers.py",
        lambda: _fill("-----BEGIN RSA PRIVATE KEY-----\n"),
        "0.6 s (400 KB: 12.5 s)",
    ),
    Shape(
        "secret-word-run",
        "the parse prefilter's `token…=` regex: each `token` rescans the name",
        "model/helpers.py",
        _python_comment("token"),
        "over 20 s (10 KB: 2.1 s)",
    ),
    Shape(
        "chains-import-blank-lines",
        "discovery's `^\\s*import truss_chains`: each line start rescans the blank lines",
        "model/helpers.py",
        lambda: _fill("\n", head="truss_chains"),
        "over 20 s (10 KB: 3.7 s)",
    ),
    Shape(
        "trussrc-trailing-blanks",
        "the `.trussrc` api_key line: `\\S.*?\\s*$` retries the blanks at every character",
        ".trussrc",
        lambda: _fill(" ", head="[baseten]\napi_key = a", tail="b\n"),
        "over 20 s (10 KB: 3.9 s)",
    ),
    # Shapes that were already linear, kept at the cap so that no detector regresses.
    Shape(
        "openai-marker-run",
        "OpenAI's `sk-…T3BlbkFJ…` (unbounded on both sides of the marker)",
        "model/helpers.py",
        _python_comment("a", head="sk-", tail="!"),
        "linear",
    ),
    Shape(
        "slack-dash-runs",
        "Slack's nested `(?:\\d+-)+`",
        "model/helpers.py",
        _python_comment("1-", head="xoxb-", tail="!"),
        "linear",
    ),
    Shape(
        "cohere-and-wandb-blanks",
        "the keyword-context plugins' `\\s*[:=]\\s*`",
        "model/helpers.py",
        _python_comment(" ", head="cohere_api_key= wandb.login(key=", tail="x"),
        "linear",
    ),
    Shape(
        "url-userinfo",
        "URL credentials: a 2 MiB user part judged by the detectors and heuristics",
        "config.yaml",
        _yaml_value("aB3x", head="https://", tail="@example.com"),
        "linear",
    ),
]


def _run(cwd: Path, *args: str, timeout: float = HANG_GUARD) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "TSL_DEBUG")}
    environment["PYTHONPATH"] = str(REPO)
    try:
        return subprocess.run(
            [sys.executable, "-m", "truss_secret_lint", "--no-cache", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=environment,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"hung: no result after {timeout:.0f} s")


@pytest.mark.parametrize("shape", [pytest.param(s, id=s.id) for s in SHAPES])
def test_crafted_file_at_the_size_cap_finishes(tmp_path: Path, shape: Shape) -> None:
    files = {"t/config.yaml": CONFIG, "t/model/model.py": MODEL}
    files[f"t/{shape.path}"] = shape.text()
    write_tree(tmp_path, files)
    assert len((tmp_path / "t" / shape.path).read_bytes()) <= text_source.MAX_BYTES

    result = _run(tmp_path, "--format", "json", "t")

    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    findings = json.loads(result.stdout)
    # The run did its work: the token planted in the config is still reported.
    assert any(f["code"] == "TSL201" and f["path"] == "t/config.yaml" for f in findings)


# --------------------------------------------------------------------------------------------
# extend-placeholders: the user's regexes, possibly from the checked tree's own settings
# --------------------------------------------------------------------------------------------

_EXPONENTIAL = "(a+)+$"
"""Python's re takes 2^n steps to reject `a`*n + `!` (n = 40: days)."""


def test_an_exponential_placeholder_pattern_in_the_trees_settings_cannot_hang(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                f"[tool.truss-secret-lint]\nextend-placeholders = [{json.dumps(_EXPONENTIAL)}]\n"
            ),
            "t/config.yaml": "model_name: m\nsecrets:\n  hf_access_token: " + "a" * 40 + "!\n",
            "t/model/model.py": MODEL,
        },
    )
    result = _run(tmp_path, "--format", "json", "t")
    assert result.returncode == 1, result.stderr[-2000:]
    assert {f["code"] for f in json.loads(result.stdout)} == {"TSL202"}


def test_placeholder_patterns_still_accept_values(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[tool.truss-secret-lint]\nextend-placeholders = ["(?i)set in baseten"]\n'
            ),
            "t/config.yaml": "model_name: m\nsecrets:\n  hf_access_token: SET IN BASETEN\n",
            "t/model/model.py": MODEL,
        },
    )
    result = _run(tmp_path, "t")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "pattern",
    [
        pytest.param("(?<=x)token", id="lookbehind"),
        pytest.param("(?=x)token", id="lookahead"),
        pytest.param(r"(a)\1", id="backreference"),
        pytest.param("a*+", id="possessive"),
    ],
)
def test_a_placeholder_pattern_re2_cannot_run_is_a_one_line_error(
    tmp_path: Path, pattern: str
) -> None:
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                f"[tool.truss-secret-lint]\nextend-placeholders = [{json.dumps(pattern)}]\n"
            ),
            "t/config.yaml": CONFIG,
            "t/model/model.py": MODEL,
        },
    )
    result = _run(tmp_path, "t")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "extend-placeholders" in lines[0]


# --------------------------------------------------------------------------------------------
# The linear rewrites find exactly what detect-secrets' own patterns find
# --------------------------------------------------------------------------------------------


def _upstream_and_rewrite(class_name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    import importlib

    spec = next(s for s in UPSTREAM_DETECTORS if s.class_name == class_name)
    plugin = getattr(importlib.import_module(spec.module), spec.class_name)
    (index,) = spec.patterns or (0,)
    return plugin.denylist[index], re.compile(spec.linear[0])


_JWT_PIECES = st.sampled_from(
    ["eyJ", "eyJh", "bGci", "-", "_", "=", ".", "..", "x", " ", "\n", "/", "+", "eyJ-", "e"]
)
_NPM_PIECES = st.sampled_from(
    [
        *("/", "//", "/:_authToken=", "_authToken=", "npm_", "npm_ab", "a", " ", "\n", ":", "-"),
        *("0123456789abcdef0123456789abcdef-012", "registry.npmjs.org"),
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_JWT_PIECES, max_size=24).map("".join))
def test_jwt_rewrite_matches_like_detect_secrets(text: str) -> None:
    upstream, rewrite = _upstream_and_rewrite("JwtTokenDetector")
    assert [m.span() for m in upstream.finditer(text)] == [
        m.span("token") for m in rewrite.finditer(text)
    ]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_NPM_PIECES, max_size=16).map("".join))
def test_npm_rewrite_matches_like_detect_secrets(text: str) -> None:
    upstream, rewrite = _upstream_and_rewrite("NpmDetector")
    assert [(m.span(1), m.end()) for m in upstream.finditer(text)] == [
        (m.span(1), m.end()) for m in rewrite.finditer(text)
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_rewrites_find_every_upstream_match(data: st.DataObject) -> None:
    """Text generated from the upstream patterns themselves, with context around it."""
    for class_name in ("JwtTokenDetector", "NpmDetector"):
        upstream, rewrite = _upstream_and_rewrite(class_name)
        text = data.draw(st.from_regex(upstream))
        group = "token" if class_name == "JwtTokenDetector" else 1
        expected = [m.span(0 if group == "token" else 1) for m in upstream.finditer(text)]
        assert expected == [m.span(group) for m in rewrite.finditer(text)]
