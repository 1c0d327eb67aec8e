"""Skipping the lexical nesting scan when character counts prove it would find nothing.

`nesting.surely_shallow` must never be true for a text the scan would reject: checked on text
built from the pieces that move the scan's estimate (brackets, operators, strings, keywords,
line ends, continuation backslashes), many of them repeated to come near the limits.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_positions import SOURCES
from truss_secret_lint.code_facts.nesting import (
    _expression_problem,
    nesting_problem,
    surely_shallow,
)

_PIECES = st.sampled_from(
    [
        *"()[]{},;:=.-+*'\"#\\\n\r ab1",
        "not ",
        " and ",
        "lambda ",
        "'''",
        '"""',
        "->",
        "==",
        "if ",
        " else ",
        "(" * 40,
        "-" * 40,
        "'a' " * 20,
        "a[" * 30,
        ".b" * 30,
        "f(x=" * 20,
    ]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_skipping_the_nesting_scan_never_hides_a_problem(text: str) -> None:
    if surely_shallow(text):
        assert _expression_problem(text) is None
    assert nesting_problem(text) == _expression_problem(text)


def test_ordinary_model_code_skips_the_nesting_scan() -> None:
    for name in ("typical-model", "bench-model", "examples/leaky-truss/model/model.py"):
        assert surely_shallow(SOURCES[name]), name
