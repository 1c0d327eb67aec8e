"""The libyaml fast path and the pure composer see the same document, node for node.

Every rule example's config.yaml (and a few shapes of our own) is composed both ways; tags,
values, styles and positions must agree, or a rule could report differently depending on which
path a file took.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from truss_secret_lint.config_facts.compose import (
    _compose_pure,
    _compose_with_libyaml,
    _libyaml_loader,
)
from truss_secret_lint.config_facts.nodes import (
    is_empty_plain,
    is_scalar,
    span_of,
    style_of,
    tag_of,
    walk,
)
from truss_secret_lint.rules import RULES
from truss_secret_lint.sources.text import SourceText

EXTRA = [
    "a: yes\nb: 010\nc: 0x1F\nd: 1_000\ne: 2024-01-01\nf: ~\ng:\nh: ''\n",
    "secrets:\n  k: |\n    multi\n    line\n  j: >-\n    folded\n",
    "x: &anchor {a: 1, b: [1, 2]}\ny: *anchor\nz:\n  <<: *anchor\n  c: 3\n",
    "k: 'caf\u00e9 \u20ac \U0001f600'\nnext: value\n",
    "a: 1\r\nsecrets:\r\n  b: null\r\n",
]


def _texts() -> list[str]:
    texts = list(EXTRA)
    for rule in RULES:
        for example in (*rule.VALID, *rule.INVALID):
            text = example.files.get("config.yaml")
            if isinstance(text, str):
                texts.append(text)
    return texts


def _signature(root: Any) -> list[tuple[Any, ...]]:
    """What the checkers use of each node: empty values are located by their key (value_span),
    collections by their start (span_of)."""
    signature = []
    for path, _key, node in walk(root):
        marks: tuple[Any, ...] = ()
        if not is_empty_plain(node):
            marks = (node.start_mark.line, node.start_mark.column, node.start_mark.index)
            if is_scalar(node):
                marks += (node.end_mark.line, node.end_mark.column, node.end_mark.index)
        value = node.value if is_scalar(node) else None
        span = None if is_empty_plain(node) else span_of(node)
        signature.append((path, tag_of(node), value, style_of(node), marks, span))
    return signature


@pytest.mark.skipif(_libyaml_loader() is None, reason="ruamel's C extension is not installed")
@pytest.mark.parametrize("text", _texts())
def test_fast_and_pure_paths_agree(text: str) -> None:
    source = SourceText(Path("config.yaml"), text)
    pure = _compose_pure(source)
    fast = _compose_with_libyaml(text)
    if fast is None:
        assert pure.problem is not None or pure.root is None
        return
    assert pure.problem is None
    if pure.root is None:
        assert fast[0] is None
        return
    assert _signature(fast[0]) == _signature(pure.root)


def test_fast_path_is_installed() -> None:
    assert _libyaml_loader() is not None, "pyproject asks for ruamel.yaml[libyaml]"


def _large_config() -> str:
    """A config.yaml past the fast path's size bound (256 KiB) but far inside the node limit:
    every kind of scalar, comments, flow and block collections, anchors (few nodes per byte, so
    that composing it the pure way for the comparison stays cheap)."""
    lines = ["model_name: big  # a comment\n", "model_metadata:\n"]
    for i in range(600):
        prose = f"model {i} " + "lorem ipsum dolor sit amet " * 16
        lines.append(
            f"  entry_{i}: {{name: '{prose}', tags: [a, \"c {i}\"], size: {i}.5, "
            f"flag: {'yes' if i % 2 else 'no'}, when: 2024-01-{1 + i % 28:02d}}}  # note {i}\n"
        )
    lines += [
        "secrets:\n",
        "  hf_access_token: null\n",
        "  other: &same |\n    multi\n",
        "reused: *same\n",
    ]
    return "".join(lines)


@pytest.mark.skipif(_libyaml_loader() is None, reason="ruamel's C extension is not installed")
def test_a_large_bounded_file_takes_the_fast_path_and_reads_as_the_pure_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Over the size bound, `prescan` counts the file inside the node and depth limits, so
    libyaml composes it (ten times faster than the pure composer) — to the same nodes."""
    from truss_secret_lint.config_facts import compose as compose_module

    text = _large_config()
    assert len(text) > 256 * 1024
    source = SourceText(Path("config.yaml"), text)
    pure = _compose_pure(source)
    assert pure.problem is None and pure.root is not None

    def no_pure_parse(source: SourceText) -> Any:
        raise AssertionError("the pure composer was asked")

    monkeypatch.setattr(compose_module, "_compose_pure", no_pure_parse)
    fast = compose_module.compose(source)
    assert fast.problem is None and fast.root is not None
    assert _signature(fast.root) == _signature(pure.root)
