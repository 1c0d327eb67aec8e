"""Positions computed only for the nodes asked for are exactly libcst's PositionProvider ranges.

`positions.Positions` generates one statement at a time (placed where CPython's parser says the
statement starts) instead of the whole module; `anchors.Layout` decides when the whole-module
pass must still run at parse time (a module too deep to generate stays a parse failure).
Every test here compares with the slow, obviously right answer: PositionProvider and the full
pass.
"""

from __future__ import annotations

import ast
import importlib.util
import random
import sys

import libcst as cst
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from libcst.metadata import MetadataWrapper, PositionProvider

from tests.conftest import REPO
from tests.test_code_facts import ESCAPES, LEAKS, READS, TYPICAL_MODEL
from truss_secret_lint.code_facts import ParsedModule, ParseFailure, analyze, parse_module
from truss_secret_lint.code_facts.anchors import layout_of
from truss_secret_lint.code_facts.parse import _stack_depth
from truss_secret_lint.code_facts.positions import LineIndex, Positions, node_offsets
from truss_secret_lint.diagnostic import Span

TRICKY = {
    "decorators-and-defaults": (
        "import functools\n\n\n@functools.lru_cache(maxsize=None)\n@staticmethod\n"
        "def f(a, b='hf_defaultvalue', *, c=lambda x=[1, 2]: x) -> dict[str, 'int']:\n"
        "    return {'k': a[b], **c()}\n"
    ),
    "elif-else-chain": (
        "if a == 'one-long-literal':\n    x = 1\nelif b:  # comment\n    x = 'second literal'\n"
        "elif c:\n\n    # lead\n    x = 3\nelse:\n    if d:\n        x = 'nested literal'\n"
    ),
    "try-star-finally": (
        "try:\n    f('first literal')\nexcept* ValueError as e:\n    g('second literal')\n"
        "except* (KeyError, OSError):\n    pass\nelse:\n    h('third literal')\n"
        "finally:\n    k('fourth literal')\n"
    ),
    "try-for-while-with": (
        "async def main(s):\n    async with open('some/file/path') as fh, ctx() as c:\n"
        "        async for item in aiter(s['secret_key']):\n            await item\n"
        "        else:\n            pass\n    while s.get('another_key'):\n        break\n"
        "    try:\n        pass\n    except Exception:\n        raise ValueError(s['k2'])\n"
    ),
    "one-line-suites-and-semicolons": (
        "if x: y = 'one line suite'; z = f'{y} and more'\n"
        "for i in r: print('loop body literal')\nwhile 0: pass\n"
        "class C: a = 'class attribute'; b = 2\n"
        "def g(): return 'returned literal'\n"
        "a = 1; b = 'second small statement'; c = a\n"
    ),
    "multi-line-expressions": (
        "class Model:\n    def __init__(self, **kwargs):\n        self._s = kwargs[\n"
        "            'secrets'  # where they are\n        ]\n        token = self._s.get(\n"
        "            'hf_access_token',\n            None,\n        )\n"
        "        text = '''first line\nsecond line'''\n        more = ('adjacent strings '\n"
        "                'are concatenated')\n        value = 1 + \\\n            2\n"
    ),
    "tabs-and-unicode": (
        "# -*- coding: utf-8 -*-\nclass Modèle:\n\tdef __init__(self, secrets):\n"
        "\t\tnom = 'données secrètes'  # é\n\t\tself.clé = secrets['jeton_d_accès']\n"
        "\t\tx = '€€€€€€€€' + f'{nom!r:>10} 😀😀'\n"
    ),
    "crlf": "x = 'windows line'\r\nif x:\r\n    y = x['some key']\r\n",
    "old-mac-cr": "x = 'old mac line'\rif x:\r    y = x['some key']\r",
    "no-trailing-newline": "x = 'no newline at the end'\nif x:\n    y = x['k']",
    "comments-and-blank-lines": (
        "\n\n# header\n\nx = 1  # trailing\n\n\n    # odd indent comment\n"
        "def f():\n    # inside\n\n    return 'literal value'\n    # footer\n\n# module footer\n"
    ),
    "match-statement": (
        "match command.split():\n    case [action, 'literal in pattern']:\n"
        "        run('literal in body')\n    case _ if check('guard literal'):\n        pass\n"
    ),
    "same-text-many-times": (
        "s = kwargs['secrets']\nt = s['same_key_here']\n"
        "def f(): return s['same_key_here']\nu = s['same_key_here']; v = s['same_key_here']\n"
        "class Model:\n    x = s['same_key_here']\n"
    ),
    "text-also-elsewhere": (
        "# 'in a comment too'\nx = 'in a comment too'\ny = \"has 'inner literal' inside\"\n"
        "z = f('twice on a line', 'twice on a line')\nw = 'inner literal'\n"
    ),
    "decorated-class-and-nested-defs": (
        "@dataclass(frozen=True)\nclass A(Base, metaclass=Meta):\n    '''Docstring text.'''\n"
        "    def m(self):\n        def inner(q='inner default'):\n            return q\n"
        "        return inner\n"
    ),
}


def _bench_model() -> str:
    """A model.py of the benchmark's generated corpus."""
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    sys.modules["bench_corpus"] = corpus
    spec.loader.exec_module(corpus)
    return str(corpus._model_py(random.Random(7), 7, wandb=True))


def _sources() -> dict[str, str]:
    sources = dict(TRICKY)
    sources["typical-model"] = TYPICAL_MODEL
    sources["bench-model"] = _bench_model()
    for number, param in enumerate(p for table in (READS, LEAKS, ESCAPES) for p in table):
        assert isinstance(param.values[0], str)
        sources[f"table-{number}"] = param.values[0]
    for path in sorted((REPO / "examples").rglob("*.py")):
        sources[str(path.relative_to(REPO))] = path.read_text(encoding="utf-8")
    for path in sorted((REPO / "truss_secret_lint" / "code_facts").glob("*.py")):
        sources[str(path.relative_to(REPO))] = path.read_text(encoding="utf-8")
    return sources


SOURCES = _sources()

FACT_KINDS = (cst.BaseExpression, cst.BaseSmallStatement, cst.Name)
"""Node types a fact is reported on (expressions, small statements, class names)."""


def _provider_spans(module: cst.Module) -> dict[cst.CSTNode, Span]:
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    return {
        node: Span(r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)
        for node, r in positions.items()
    }


def _lazy(source: str) -> ParsedModule:
    parsed = parse_module(source, "model/model.py")
    assert isinstance(parsed, ParsedModule)
    return parsed


def _assert_exact(parsed: ParsedModule, *, seed: int = 0) -> None:
    """Every node's span equals PositionProvider's; the nodes facts are reported on come from
    single statements (no pass over the whole module), asked for in random order."""
    expected = _provider_spans(parsed.module)
    candidates = [n for n in expected if isinstance(n, FACT_KINDS) and not _empty(expected[n])]
    random.Random(seed).shuffle(candidates)
    for node in candidates:
        assert parsed.span(node) == expected[node], (type(node).__name__, expected[node])
    assert parsed.positions.full_passes == 0
    last_line = len(parsed.lines.line_starts)
    for node, span in expected.items():
        if span.end_line <= last_line:  # not the line end libcst adds to a file without one
            assert parsed.span(node) == span, (type(node).__name__, span)


def _empty(span: Span) -> bool:
    return (span.line, span.column) == (span.end_line, span.end_column)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_spans_are_position_providers(name: str) -> None:
    parsed = _lazy(SOURCES[name])
    assert parsed.positions.lazy, "a file every test source is: positions left for later"
    _assert_exact(parsed)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_facts_are_those_of_the_full_pass(name: str) -> None:
    lazy = _lazy(SOURCES[name])
    eager = ParsedModule(
        lazy.path,
        lazy.module,
        Positions(lazy.module, lazy.text, offsets=node_offsets(lazy.module)),
        lazy.lines,
        lazy.text,
    )
    for model_class in ("Model", None):
        assert analyze(lazy, model_class_name=model_class) == analyze(
            eager, model_class_name=model_class
        )
    assert lazy.positions.full_passes == 0


def test_a_unit_that_does_not_match_the_source_is_not_trusted() -> None:
    """A wrong anchor (here: every one moved by a character) must never yield a position: the
    generated text is compared with the source, and the full pass answers instead."""
    source = TRICKY["same-text-many-times"]
    parsed = _lazy(source)
    layout = layout_of(parsed.module, source, LineIndex.of(source))
    assert layout is not None
    shifted = type(layout)(
        tuple(
            type(unit)(unit.node, unit.anchor + 1, unit.region, unit.indent, unit.stop)
            for unit in layout.units
        ),
        layout.regions,
        layout.depth,
        layout.elifs,
        layout.statements,
    )
    wrong = ParsedModule(
        parsed.path, parsed.module, Positions(parsed.module, source, shifted), parsed.lines, source
    )
    expected = _provider_spans(parsed.module)
    for node in expected:
        if isinstance(node, cst.Subscript):
            assert wrong.span(node) == expected[node]
    assert wrong.positions.full_passes == 1


# --------------------------------------------------------------------------- generated code

_NAMES = st.sampled_from(["x", "secrets", "self._s", "données", "kwargs", "é"])
_STRINGS = st.sampled_from(
    [
        "'plain literal'",
        '"double quoted"',
        "f'{x} formatted {y!r:>4}'",
        "r'raw \\' quote'",
        "'''triple\nspans lines'''",
        "'adjacent ' 'strings'",
        "b'bytes literal'",
        "'unicode é€😀 text'",
        "''",
    ]
)


def _compose(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, children).map(lambda t: f"{t[0]}({t[1]}, key={t[1]})"),
        st.tuples(children, children).map(lambda t: f"{t[0]}[{t[1]}]"),
        children.map(lambda c: f"{c}.attribute"),
        children.map(lambda c: f"not {c}"),
        st.tuples(children, children).map(lambda t: f"{t[0]} + {t[1]}"),
        st.tuples(children, children).map(lambda t: f"[{t[0]}, {t[1]}]"),
        st.tuples(children, children).map(lambda t: f"{{{t[0]}: {t[1]}}}"),
        children.map(lambda c: f"(lambda q={c}: q)"),
        st.tuples(children, children).map(lambda t: f"({t[0]} if {t[1]} else {t[0]})"),
        st.tuples(children, children).map(lambda t: f"f(\n    {t[0]},  # note\n    {t[1]},\n)"),
        children.map(lambda c: f"( {c} )"),
    )


_EXPRESSIONS = st.recursive(st.one_of(_NAMES, _STRINGS), _compose, max_leaves=8)


@st.composite
def _block(draw: st.DrawFn, level: int) -> list[str]:
    """Statements as lines without indentation, nested blocks as (depth, line) pairs."""
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        expression = draw(_EXPRESSIONS)
        kind = draw(st.integers(0, 11 if level < 3 else 5))
        if kind == 0:
            lines.append(f"target = {expression}")
        elif kind == 1:
            lines.append(f"{expression}")
        elif kind == 2:
            lines.append(f"a = {expression}; b = {draw(_EXPRESSIONS)}")
        elif kind == 3:
            lines.append(f"assert {expression}, {draw(_STRINGS)}")
        elif kind == 4:
            lines.append(f"# comment {expression!r}")
        elif kind == 5:
            lines.append(f"value = 1 + \\\n{expression}")
        elif kind == 6:
            lines += [f"if {expression}:", *_indent(draw(_block(level + 1)))]
            lines += ["elif x:", *_indent(draw(_block(level + 1)))]
            lines += ["else:", *_indent(draw(_block(level + 1)))]
        elif kind == 7:
            lines += [f"@decorator({expression})", f"def function(p={expression}):"]
            lines += _indent(draw(_block(level + 1)))
        elif kind == 8:
            lines += ["try:", *_indent(draw(_block(level + 1)))]
            lines += [f"except {expression} as error:", *_indent(draw(_block(level + 1)))]
            lines += ["finally:", *_indent(draw(_block(level + 1)))]
        elif kind == 9:
            lines += [f"class Klass(Base, meta={expression}):", *_indent(draw(_block(level + 1)))]
        elif kind == 10:
            lines.append(f"for item in {expression}: use(item, {draw(_STRINGS)})")
        else:
            lines += [f"with {expression} as handle:", *_indent(draw(_block(level + 1)))]
        if draw(st.booleans()):
            lines.append("")
    return lines


def _indent(lines: list[str]) -> list[str]:
    return ["\0" + line if line else line for line in lines]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _block(0),
    st.sampled_from(["    ", "\t", "  "]),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
def test_generated_code(lines: list[str], unit: str, newline: str, final_newline: bool) -> None:
    body = newline.join(line.replace("\0", unit) for line in lines)
    source = body.replace("\n", newline) if newline != "\n" else body
    if final_newline:
        source += newline
    try:
        ast.parse(source)
        cst.parse_module(source)
    except (SyntaxError, cst.ParserSyntaxError):
        assume(False)
    parsed = _lazy(source)
    assert parsed.positions.lazy
    _assert_exact(parsed)


# --------------------------------------------------------------------------- recursion bound

_DEEP = {  # opening, innermost, closing: nested `depth` times
    "subscript": ("a[", "1", "]"),
    "call-keyword": ("f(x=", "1", ")"),
    "lambda-default": ("lambda x=", "1", ": 1"),
    "dict": ("{1: ", "1", "}"),
    "list": ("[", "", "]"),
    "attribute": ("", "a", ".b"),
    "not": ("not ", "a", ""),
    "binary": ("1 + ", "1", ""),
    "strings": ("'s' ", "'s'", ""),
    "f-string-subscript": ("f'{a[", "1", "]}'"),
    "comprehension": ("[x for x in ", "y", "]"),
    "conditional": ("a if b else ", "c", ""),
}


def _deep_source(kind: str, depth: int, blocks: int) -> str:
    opening, innermost, closing = _DEEP[kind]
    if kind == "f-string-subscript":
        expression = "f'{" + "a[" * depth + "1" + "]" * depth + "}'"
    else:
        expression = opening * depth + innermost + closing * depth
    lines = ["    " * level + "if x:" for level in range(blocks)]
    return "\n".join([*lines, "    " * blocks + "y = " + expression, ""])


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(_DEEP)), st.integers(1, 120), st.integers(0, 40))
def test_codegen_bound_is_an_upper_bound(kind: str, depth: int, blocks: int) -> None:
    """Whenever the layout says a full codegen pass fits in N frames, it does."""
    source = _deep_source(kind, depth, blocks)
    module = cst.parse_module(source)
    layout = layout_of(module, source, LineIndex.of(source))
    assert layout is not None
    low, high = 1, 20_000
    while low < high:  # the smallest N the bound proves
        middle = (low + high) // 2
        if layout.codegen_fits(source, middle):
            high = middle
        else:
            low = middle + 1
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_stack_depth() + low)
    try:
        node_offsets(module)
    finally:
        sys.setrecursionlimit(limit)


@pytest.mark.parametrize(
    "source",
    [
        "y = " + "a[" * 190 + "1" + "]" * 190 + "\n",
        "y = f'{" + "a[" * 190 + "1" + "]" * 190 + "}'\n",
        "".join("    " * i + "if x:\n" for i in range(98))
        + "    " * 98
        + "y = "
        + "{1: " * 190
        + "1"
        + "}" * 190
        + "\n",
    ],
    ids=["subscripts", "f-string", "blocks-and-dicts"],
)
def test_a_module_too_deep_to_generate_is_still_a_parse_failure(source: str) -> None:
    """The full pass used to run at parse time and turn these into parse failures; it still
    does whenever the bound cannot prove it unnecessary."""
    result = parse_module(source, "model/model.py")
    assert isinstance(result, ParseFailure)
    assert result.message == "code too deeply nested to analyse"


def test_from_a_deep_stack_the_full_pass_runs_at_parse_time() -> None:
    """The recursion headroom check counts the caller's frames: from a deep stack, the full
    pass runs at parse time, and positions are still exact."""

    def nested(levels: int) -> ParsedModule:
        if levels:
            return nested(levels - 1)
        return _lazy(TYPICAL_MODEL)

    limit = sys.getrecursionlimit()
    deep = nested(limit - _stack_depth() - 200)
    assert not deep.positions.lazy
    _assert_exact(deep)
