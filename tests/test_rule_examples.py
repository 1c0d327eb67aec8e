"""Every rule's VALID and INVALID examples through the real engine (the examples ARE the tests).

INVALID examples pin the findings' positions; examples with `fixed` texts also check `--fix`
byte for byte and that a second fix changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_tree
from truss_secret_lint.engine import lint
from truss_secret_lint.fixes import plan_fixes
from truss_secret_lint.rules import RULES
from truss_secret_lint.rules.base import Example, Rule
from truss_secret_lint.settings import Settings


def _cases(kind: str) -> list[object]:
    cases = []
    for rule in RULES:
        for index, example in enumerate(getattr(rule, kind)):
            cases.append(pytest.param(rule, example, id=f"{rule.code}-{rule.name}-{kind}-{index}"))
    return cases


def _findings(rule: type[Rule], root: Path) -> list[tuple[str, int, int]]:
    result = lint([str(root)], Settings(select=(rule.code, *rule.extra_select)), jobs=1)
    return sorted(
        (Path(d.path).relative_to(root).as_posix(), d.span.line, d.span.column)
        for d in result.diagnostics
        if d.code == rule.code
    )


@pytest.mark.parametrize(("rule", "example"), _cases("VALID"))
def test_valid_example_has_no_finding(rule: type[Rule], example: Example, tmp_path: Path) -> None:
    write_tree(tmp_path, example.files)
    assert _findings(rule, tmp_path) == []


@pytest.mark.parametrize(("rule", "example"), _cases("INVALID"))
def test_invalid_example_is_found_where_pinned(
    rule: type[Rule], example: Example, tmp_path: Path
) -> None:
    write_tree(tmp_path, example.files)
    assert example.expect, "an INVALID example must pin at least one position"
    assert _findings(rule, tmp_path) == sorted(example.expect)


@pytest.mark.parametrize(
    ("rule", "example"),
    [p for p in _cases("INVALID") if p.values[1].fixed],  # type: ignore[attr-defined]
)
def test_fix_produces_expected_text_and_is_idempotent(
    rule: type[Rule], example: Example, tmp_path: Path
) -> None:
    write_tree(tmp_path, example.files)
    settings = Settings(select=(rule.code,))
    for _ in range(2):
        result = lint([str(tmp_path)], settings, jobs=1, keep_sources=True)
        for fixed in plan_fixes(result.diagnostics, result.sources):
            fixed.source.path.write_text(fixed.new_text, encoding="utf-8", newline="")
    for relative, expected in example.fixed.items():
        assert (tmp_path / relative).read_text(encoding="utf-8") == expected
    assert plan_fixes(*_rerun(tmp_path, settings)) == []


def _rerun(root: Path, settings: Settings):  # type: ignore[no-untyped-def]
    result = lint([str(root)], settings, jobs=1, keep_sources=True)
    return result.diagnostics, result.sources


def test_every_rule_has_docs_and_examples() -> None:
    for rule in RULES:
        docs = rule.documentation()
        for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
            assert heading in docs, (rule.code, heading)
        assert rule.VALID and rule.INVALID, rule.code
        if rule.fixable:
            assert any(e.fixed for e in rule.INVALID), f"{rule.code} is fixable: pin a fix"


def test_codes_and_names_are_unique_and_module_named() -> None:
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    for rule in RULES:
        assert rule.__module__.rsplit(".", 1)[-1] == rule.name.replace("-", "_")
