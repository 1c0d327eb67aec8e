"""The linter's verdicts against the real truss (the pinned version in tests/truss_oracle.py).

For generated configs around `secrets:` and `environment_variables` (tests/truss_configs.py) the
linter and truss read the same files, and must agree:

- TSL001 exactly when truss's loader fails (a YAML or construction error, or a top level that is
  not a mapping after `... or {}`);
- TSL101 exactly when truss rejects the shape of `secrets` (loc `secrets`), TSL102 exactly when it
  rejects a name or a default (loc `secrets.<name>`), both judged on the block truss keeps;
- the names truss declares are the ones the linter considers declared: a model reads every name
  of READ_NAMES, and TSL301 must be reported for exactly those truss did not declare;
- TSL103 only for keys truss warns about ("Detected duplicate key … will use the last entry");
- TSL108 only for entries that reach the container as the string "None" or a placeholder.

Size: ROUNDS x BATCH configs per run (TSL_ORACLE_ROUNDS, default 4 x 100), one truss process for
the whole session. Re-run against a newer truss: see tests/truss_oracle.py.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.truss_configs import READ_NAMES, config_texts
from tests.truss_oracle import TrussOracle
from truss_secret_lint.cli import main
from truss_secret_lint.redact import show_secret

BATCH = 100
ROUNDS = int(os.environ.get("TSL_ORACLE_ROUNDS", "4"))

MODEL = (
    "class Model:\n"
    "    def __init__(self, **kwargs):\n"
    "        self._secrets = kwargs['secrets']\n\n"
    "    def load(self):\n" + "".join(f"        self._secrets[{name!r}]\n" for name in READ_NAMES)
)


def write_trusses(root: Path, texts: list[str]) -> list[Path]:
    """One Truss per text (config.yaml + a model reading READ_NAMES); returns the configs."""
    configs = []
    for index, text in enumerate(texts):
        truss = root / f"t{index:04d}"
        (truss / "model").mkdir(parents=True)
        (truss / "model" / "model.py").write_text(MODEL)
        config = truss / "config.yaml"
        config.write_bytes(text.encode("utf-8", "surrogatepass"))
        configs.append(config)
    return configs


def lint_json(*args: str) -> list[dict[str, Any]]:
    """The real CLI, in-process, JSON output."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main(["--format", "json", "--no-cache", *args])
    assert status in (0, 1), stderr.getvalue()
    findings: list[dict[str, Any]] = json.loads(stdout.getvalue())
    return findings


def disagreements(
    config: Path,
    text: str,
    truss: dict[str, Any],
    found: list[dict[str, Any]],
    *,
    check_reads: bool = True,
) -> list[str]:
    """How the linter's findings for one Truss differ from truss's verdict (empty: agreement)."""
    codes = {f["code"] for f in found if f["path"].endswith("config.yaml")}
    problems = []
    loads = truss["load"] not in ("yaml_error", "not_mapping")
    if loads == ("TSL001" in codes):
        problems.append(f"TSL001 {'reported' if loads else 'missing'}; truss: {truss['load']}")
    if not loads:
        return problems
    errors = truss.get("secrets_error") or []
    shape = any(loc == ["secrets"] for loc in errors)
    entry = any(len(loc) > 1 for loc in errors)
    if shape != ("TSL101" in codes):
        problems.append(f"TSL101 {'missing' if shape else 'reported'}; truss: {errors}")
    if entry != ("TSL102" in codes):
        problems.append(f"TSL102 {'missing' if entry else 'reported'}; truss: {errors}")
    if truss["secrets"] is not None and check_reads:
        undeclared = {f["secret"] for f in found if f["code"] == "TSL301"}
        expected = {n for n in READ_NAMES if n not in truss["secrets"]}
        if undeclared != expected:
            problems.append(
                f"TSL301 for {sorted(undeclared)}; truss declares {sorted(truss['secrets'])}"
            )
    for finding in found:
        if finding["code"] == "TSL103":
            key = finding["secret"] or "secrets"
            # names that are not plausible are shown redacted (redact.show_secret): compare alike
            if key not in {show_secret(name) for name in truss["duplicates"]}:
                problems.append(f"TSL103 for `{key}`; truss warns about {truss['duplicates']}")
        if (
            finding["code"] == "TSL108"
            and truss["load"] == "ok"
            and finding["secret"] not in {show_secret(name) for name in truss["env"]}
        ):
            problems.append(f"TSL108 for `{finding['secret']}`, not in truss's env")
    return problems


def check_batch(oracle: TrussOracle, texts: list[str]) -> tuple[int, list[str]]:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        configs = write_trusses(root, texts)
        verdicts = oracle.judge(configs)
        found = lint_json(str(root))
        by_truss: dict[str, list[dict[str, Any]]] = {}
        for finding in found:
            by_truss.setdefault(
                Path(finding["path"]).parts[-2 if finding["path"].endswith("config.yaml") else -3],
                [],
            ).append(finding)
        report = []
        for config, text, verdict in zip(configs, texts, verdicts, strict=True):
            problems = disagreements(config, text, verdict, by_truss.get(config.parent.name, []))
            if problems:
                report.append(f"{text!r}:\n    " + "\n    ".join(problems))
        return len(configs), report


@settings(
    max_examples=ROUNDS,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.generate],  # no shrinking: the report lists each disagreeing config
)
@given(st.lists(config_texts(), min_size=BATCH, max_size=BATCH))
def test_linter_verdicts_equal_truss(truss_oracle: TrussOracle, texts: list[str]) -> None:
    _, report = check_batch(truss_oracle, texts)
    assert not report, (
        f"{len(report)} disagreements with truss {truss_oracle.version}:\n" + "\n".join(report[:8])
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("model_name: m\nsecrets:\n  hf_access_token: n\n", id="n-is-a-string"),
        pytest.param("model_name: m\nsecrets:\n  hf_access_token: 1e3\n", id="1e3-is-a-string"),
        pytest.param("model_name: m\nsecrets:\n  hf_access_token: null \t\n", id="trailing-tab"),
        pytest.param("model_name: m\nsecrets:\n  <<: {hf_access_token: null}\n", id="merge"),
        pytest.param("model_name: m\nsecrets:\n  a: 2024-02-30\n", id="invalid-date"),
        pytest.param("model_name: m\nsecrets: !!set {a}\n", id="set"),
        pytest.param("model_name: m\nsecrets:\nsecrets:\n  a: null\n", id="last-block-wins"),
        pytest.param(
            "model_name: m\nsecrets:\n  hf_access_token: null\nsecrets: {}\n", id="trailing-empty"
        ),
        pytest.param("model_name: m\nsecrets:\n  a: !!binary aGk=\n", id="binary"),
        pytest.param(
            "model_name: m\nenvironment_variables:\n  hf_access_token: null\n", id="env-None"
        ),
        pytest.param("model_name: m\nsecrets:\n  a: 1\n  a: null\n", id="duplicate-last-wins"),
    ],
)
def test_issue_10_examples_agree_with_truss(truss_oracle: TrussOracle, text: str) -> None:
    _, report = check_batch(truss_oracle, [text])
    assert not report, report


def test_truss_hands_the_container_the_string_none(
    truss_oracle: TrussOracle, tmp_path: Path
) -> None:
    (config,) = write_trusses(
        tmp_path, ["model_name: m\nenvironment_variables:\n  hf_access_token: null\n"]
    )
    (verdict,) = truss_oracle.judge([config])
    assert verdict["env"] == {"hf_access_token": "None"}
    assert "TSL108" in {f["code"] for f in lint_json(str(tmp_path))}


def test_truss_warns_on_a_duplicate_and_keeps_the_last(
    truss_oracle: TrussOracle, tmp_path: Path
) -> None:
    (config,) = write_trusses(tmp_path, ["model_name: m\nsecrets:\n  a: '1'\n  a: null\n"])
    (verdict,) = truss_oracle.judge([config])
    assert verdict["duplicates"] == ["a"] and verdict["secrets"] == {"a": None}
    assert "TSL103" in {f["code"] for f in lint_json(str(tmp_path))}


def _corpus() -> Path | None:
    configured = os.environ.get("TSL_CORPUS")
    candidates = [Path(configured)] if configured else []
    candidates.append(Path(__file__).resolve().parents[2] / "shared" / "corpus")
    return next((c for c in candidates if c.is_dir() and any(c.rglob("config.yaml"))), None)


@pytest.mark.skipif(_corpus() is None, reason="the shared corpus is not on this machine")
def test_corpus_verdicts_equal_truss(truss_oracle: TrussOracle) -> None:
    corpus = _corpus()
    assert corpus is not None
    configs = sorted(corpus.rglob("config.yaml"))
    verdicts = truss_oracle.judge(configs)
    found: dict[Path, list[dict[str, Any]]] = {}
    for finding in lint_json(str(corpus)):
        path = Path(finding["path"])
        if path.name == "config.yaml":
            found.setdefault(path.resolve(), []).append(finding)
    report = []
    for config, verdict in zip(configs, verdicts, strict=True):
        problems = disagreements(
            config, "", verdict, found.get(config.resolve(), []), check_reads=False
        )
        if problems:
            report.append(f"{config}: " + "; ".join(problems))
    assert not report, "\n".join(report[:20])
