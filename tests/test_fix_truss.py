"""`--fix` against the real truss: every file it writes loads in truss, keeps every declared
secret, changes no other field, turns credential defaults into null, and a second `--fix` run
changes nothing. Generated configs (tests/truss_configs.py), ROUNDS x BATCH per run."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.test_truss_oracle import lint_json, write_trusses
from tests.truss_configs import config_texts
from tests.truss_oracle import TrussOracle
from truss_secret_lint.cli import main
from truss_secret_lint.config_facts.names import is_secrets_misspelling

BATCH = 50
ROUNDS = int(os.environ.get("TSL_ORACLE_ROUNDS", "3"))


def run_fix(root: Path) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["--fix", "--no-cache", "--exit-zero", str(root)]) == 0


def broken_promises(
    before: dict[str, Any], after: dict[str, Any], credentials: set[str]
) -> list[str]:
    problems = []
    if before["load"] == "ok" and after["load"] != "ok":
        problems.append(f"truss no longer loads it ({after['load']})")
    if after["load"] in ("yaml_error", "not_mapping"):
        problems.append(f"truss cannot read the result ({after['load']})")
        return problems
    if before.get("secrets") is not None and not set(before["secrets"]) <= set(
        after.get("secrets") or {}
    ):
        problems.append(f"declared secrets lost: {before['secrets']} -> {after.get('secrets')}")
    if before.get("secrets_error") is None and after.get("secrets_error"):
        problems.append(f"truss now rejects secrets: {after['secrets_error']}")
    fields = lambda v: {  # noqa: E731
        k: x
        for k, x in v.get("data", {}).items()
        if k not in ("'secrets'", "'environment_variables'")
        and not is_secrets_misspelling(k.strip("'"))
    }
    if before["load"] != "yaml_error" and fields(before) != fields(after):
        problems.append("another field changed")
    for name in credentials:
        if (after.get("secrets") or {}).get(name, None) is not None:
            problems.append(f"credential default of {name} not null")
    return problems


@settings(
    max_examples=ROUNDS,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.generate],  # no shrinking: the report lists each broken fix
)
@given(st.lists(config_texts(), min_size=BATCH, max_size=BATCH))
def test_fixed_files_load_in_truss_and_keep_their_secrets(
    truss_oracle: TrussOracle, texts: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        configs = write_trusses(root, texts)
        before = truss_oracle.judge(configs)
        credentials: dict[str, set[str]] = {}
        for finding in lint_json(str(root)):
            if finding["code"] == "TSL201" and finding["secret"]:
                credentials.setdefault(Path(finding["path"]).parts[-2], set()).add(
                    finding["secret"]
                )
        run_fix(root)
        after_text = [c.read_bytes() for c in configs]
        after = truss_oracle.judge(configs)
        report = []
        for config, text, old, new, data in zip(
            configs, texts, before, after, after_text, strict=True
        ):
            if data == text.encode("utf-8", "surrogatepass"):
                continue
            problems = broken_promises(old, new, credentials.get(config.parent.name, set()))
            if problems:
                report.append(f"{text!r} -> {data!r}:\n    " + "\n    ".join(problems))
        run_fix(root)
        again = [c.read_bytes() for c in configs]
        report += [
            f"second --fix changed {t!r}"
            for t, a, b in zip(texts, after_text, again, strict=True)
            if a != b
        ]
    assert not report, f"{len(report)} broken fixes:\n" + "\n".join(report[:8])
