"""README, `.pre-commit-hooks.yaml` and the rule registry cannot drift apart."""

from __future__ import annotations

import re

from ruamel.yaml import YAML

from tests.conftest import REPO
from truss_secret_lint.rules import RULES

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def rule_table() -> str:
    """The README's rule table as the registry says it must be."""
    rows = ["| code | name | severity | finds |", "|---|---|---|---|"]
    for rule in RULES:
        fix = " (fixable)" if rule.fixable else ""
        rows.append(f"| {rule.code} | {rule.name} | {rule.severity.value} | {rule.summary}{fix} |")
    return "\n".join(rows)


def test_readme_rule_table_matches_the_registry() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split(START, 1)[1].split(END, 1)[0].strip()
    hint = "regenerate: python -c 'from tests.test_consistency import *; print(rule_table())'"
    assert table == rule_table(), hint


def test_readme_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", quick, re.S)
    lines = [line for block in commands for line in block.strip().splitlines()]
    assert len(lines) == 2, lines
    assert "examples/" in lines[0]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert lines[1] in ci


def test_pre_commit_hook_definition() -> None:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "truss-secret-lint"]
    assert hook["language"] == "python"
    assert hook["require_serial"] is True
    assert {"yaml", "python"} <= set(hook["types_or"])
    files = re.compile(hook["files"])
    for name in ("a/config.yaml", "model/model.py", ".trussrc", "x/.trussrc", "a.yml"):
        assert files.search(name), name
    assert not files.search("README.md")


def test_cli_format_names_match_the_formatters() -> None:
    from truss_secret_lint.cli.common import FORMAT_NAMES
    from truss_secret_lint.report import FORMATS

    assert tuple(FORMATS) == FORMAT_NAMES
    assert all(callable(FORMATS[name]) for name in FORMAT_NAMES)


def test_contributing_tree_names_every_module_and_package() -> None:
    """CONTRIBUTING's annotated tree cannot drift from the package."""
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    tree = contributing.split("truss_secret_lint/\n", 1)[1].split("```", 1)[0]
    package = REPO / "truss_secret_lint"
    names = [p.name for p in package.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    names += [f"{p.name}/" for p in package.iterdir() if (p / "__init__.py").is_file()]
    missing = [name for name in sorted(names) if name not in tree]
    assert not missing, f"add to CONTRIBUTING.md's tree: {missing}"


def test_registry_rows_agree_with_the_rule_classes() -> None:
    """The registry names rules without importing them: each row's code, name and default
    must be its class's, and every rule module must have a row."""
    from truss_secret_lint.rules import REGISTRY
    from truss_secret_lint.rules.base import Rule

    for entry, rule in zip(REGISTRY, RULES, strict=True):
        assert issubclass(rule, Rule)
        assert (rule.code, rule.name, rule.enabled_by_default, rule.__name__) == (
            entry.code,
            entry.name,
            entry.enabled_by_default,
            entry.class_name,
        )
    assert [entry.code for entry in REGISTRY] == sorted(entry.code for entry in REGISTRY)
    modules = {p.stem for p in (REPO / "truss_secret_lint" / "rules").glob("*.py")}
    assert modules - {"__init__", "base"} == {e.name.replace("-", "_") for e in REGISTRY}
