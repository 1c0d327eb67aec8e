"""truss_yaml reads with libyaml when the text has no tab; truss reads with PyYAML's pure-Python
scanner. On generated configs (tests/truss_configs.py, plus tabs) both paths must give the same
verdict, the same declared secrets and the same data as `yaml.load(..., SafeLoader)` itself."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.truss_configs import config_texts
from truss_secret_lint.config_facts import truss_yaml


def _summary(load: truss_yaml.TrussLoad) -> tuple[object, ...]:
    return (
        load.problem is None,
        load.is_mapping,
        load.secrets_is_mapping,
        sorted(load.declared),
        [(e.name, e.default_ok) for e in load.entries],
        repr(load.data),
    )


@settings(max_examples=200, deadline=None)
@given(config_texts(), st.booleans())
def test_fast_and_pure_readings_agree(text: str, tab: bool) -> None:
    if tab:
        text = text.replace(": ", ":\t", 1)
    fast = truss_yaml.load_like_truss(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(truss_yaml, "_fast_loader", lambda: None)
        pure = truss_yaml.load_like_truss(text)
    assert _summary(fast) == _summary(pure)
    try:
        data = yaml.load(text, Loader=yaml.SafeLoader) or {}
    except Exception:
        assert pure.problem is not None
        return
    assert pure.problem is None
    if isinstance(data, dict):
        assert repr(pure.data or {}) == repr(data)


def test_merge_key_bomb_is_a_problem_not_a_hang() -> None:
    lines = ["a0: &a0 {x: 1, y: 2}"]
    lines += [f"a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}], k{i}: v}}" for i in range(1, 40)]
    load = truss_yaml.load_like_truss("model_name: m\n" + "\n".join(lines) + "\n")
    assert load.problem is not None and "merge keys" in load.problem.message
