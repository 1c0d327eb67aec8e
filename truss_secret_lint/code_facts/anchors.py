"""Where each statement of a libcst tree starts, from CPython's parser, and how deep the tree is.

Positions are needed for the few nodes that become facts, not for the whole module (see
`positions`). libcst nodes carry no positions, but CPython's `ast` does, in C and for a fraction
of a codegen pass's cost: pairing the two trees statement by statement gives, for every libcst
statement, the offset of its first token. A `Unit` is such a statement (for a compound statement:
its header up to the body, for a one-line body after a colon: that body); `positions` generates
only the units that hold a fact node and places them at their anchor.

The same walk bounds the recursion a full codegen pass would need (`Layout.frames`). The eager
pass turned a module too deep to generate into a parse failure; `parse` keeps that verdict by
running the eager pass whenever the bound does not prove the pass would succeed.
"""

from __future__ import annotations

import ast
import re
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

import libcst as cst

from truss_secret_lint.code_facts.positions import LineIndex

# Codegen recursion, measured per construct (bench/README.md, "Positions"): at most 5.2 frames per
# bracket level (`a[a[...]]`, `lambda x=lambda x=...`), 1.2 per operator, keyword or string
# (`a.b.c`, `not not x`, `'a' 'b'`), 5.1 per block level (`if`/`else`, `try`/`except`), 1.25 per
# `elif`. The bound charges every structural character of the statement instead of only those on
# the deepest path, and rounds each rate up.
_FRAMES_BASE = 80
_FRAMES_PER_OPEN = 7
_FRAMES_PER_OTHER = 3
_FRAMES_PER_BLOCK = 6
_FRAMES_PER_ELIF = 2

# Each becomes `~`. No `\b` in front: twice as fast, and the word ends it also matches (`for`,
# `this`) only make the bound larger.
_KEYWORD = re.compile(r"(?:not|and|or|if|else|lambda|await|in|is)\b")
_NOT_COUNTED = re.compile(r"""[^(\[{\-+*/%@&|^~<>.=!:'"\r\n]+""")
_WEIGHTS = str.maketrans(
    {char: "x" * _FRAMES_PER_OPEN for char in "([{"}
    | {char: "x" * _FRAMES_PER_OTHER for char in "-+*/%@&|^~<>.=!:'\""}
)
"""Each counted character becomes as many characters as the frames it is charged."""
_LINE_END = re.compile(r"\r\n?|\n")
_ESCAPE = r"\\(?:\r\n|[\s\S])"  # a backslash escapes any character, a line end included
_BODY = (
    rf"(?:'''(?:[^'\\]|{_ESCAPE}|'(?!''))*'''"
    rf'|"""(?:[^"\\]|{_ESCAPE}|"(?!""))*"""'
    rf"|'(?:[^'\\\r\n]|{_ESCAPE})*'"
    rf'|"(?:[^"\\\r\n]|{_ESCAPE})*")'
)
_F_PREFIX = re.compile(r"(?:[fF][rR]?|[rR][fF])['\"]")
_STRING_OR_COMMENT = re.compile(
    rf"(?P<f>(?:[fF][rR]?|[rR][fF]){_BODY})|(?=(?P<q>['\"])){_BODY}|\#[^\r\n]*"
)


@dataclass(frozen=True, eq=False)
class Unit:
    """A piece of the tree that can be generated on its own and placed in the source.

    `node` is generated with `indent` as the indentation libcst emits at that point, stopping
    where `stop` (the body of a compound statement) would start; its syntactic start is at
    offset `anchor`. Text from offset `region` on belongs to this unit (up to the next one).
    """

    node: cst.CSTNode
    anchor: int
    region: int
    indent: tuple[str, ...]
    stop: cst.CSTNode | None = None
    is_elif: bool = False
    root: cst.CSTNode | None = None
    """The node whose syntactic start is at `anchor`, when not `node` itself."""


@dataclass(frozen=True)
class Layout:
    """The units of a module in source order, and what bounds a full codegen pass's recursion:
    the block depth, the `elif`s, and each statement's lines (1-based, inclusive)."""

    units: tuple[Unit, ...]
    regions: tuple[int, ...]
    depth: int
    elifs: int
    statements: tuple[tuple[int, int], ...]

    def codegen_fits(self, text: str, frames: int) -> bool:
        """Whether a full codegen pass over the module surely needs at most `frames` frames.

        Every structural character of a statement counts, first in the raw text (no string
        scan), then, if that does not prove it, with comments and the contents of strings other
        than f-strings left out (their text nests nothing)."""
        fixed = _FRAMES_BASE + _FRAMES_PER_BLOCK * self.depth + _FRAMES_PER_ELIF * self.elifs
        if fixed + self._widest(text) <= frames:
            return True
        masked = _masked(text)
        return masked is not None and fixed + self._widest(masked) <= frames

    def _widest(self, text: str) -> int:
        """The most frames one statement's expressions can add."""
        counted = _NOT_COUNTED.sub("", _KEYWORD.sub("~", text)).translate(_WEIGHTS)
        weights = list(accumulate(map(len, _LINE_END.split(counted)), initial=0))
        last = len(weights) - 1
        widest = 0
        for first_line, last_line in self.statements:
            first, end = min(first_line - 1, last), min(max(last_line, first_line), last)
            widest = max(widest, weights[end] - weights[first])
        return widest


class _Mismatch(Exception):
    """The two parsers disagree about the statements (or CPython rejects the code)."""


def layout_of(module: cst.Module, text: str, lines: LineIndex) -> Layout | None:
    """The module's units and recursion bound, or None when CPython cannot pair them."""
    try:
        with warnings.catch_warnings():  # warnings about the checked code are not ours to print
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, UnicodeError):
        return None
    walk = _Walk(module, text, lines)
    try:
        walk.statements(module.body, tree.body, (), 0)
    except (_Mismatch, IndexError):
        return None
    units = tuple(walk.units)
    regions = tuple(unit.region for unit in units)
    return Layout(units, regions, walk.depth, walk.elifs, tuple(walk.spans))


class _Walk:
    """One pass over both trees' statements, in source order."""

    def __init__(self, module: cst.Module, text: str, lines: LineIndex) -> None:
        self.default_indent = module.default_indent
        self.text = text
        self.lines = lines
        self.units: list[Unit] = []
        self.spans: list[tuple[int, int]] = []  # 1-based line ranges, for the recursion bound
        self.depth = 0
        self.elifs = 0

    # ------------------------------------------------------------------ statements

    def statements(
        self,
        body: Sequence[cst.BaseStatement],
        nodes: Sequence[ast.stmt],
        indent: tuple[str, ...],
        depth: int,
    ) -> None:
        self.depth = max(self.depth, depth)
        at = 0
        for statement in body:
            if isinstance(statement, cst.SimpleStatementLine):
                count = len(statement.body)
                group = nodes[at : at + count]
                if count == 0 or len(group) != count:
                    raise _Mismatch
                at += count
                self._unit(statement, group[0], group[0].lineno, indent)
                self.spans.append((group[0].lineno, _end_line(group[-1])))
            else:
                if at >= len(nodes):
                    raise _Mismatch
                self._compound(statement, nodes[at], indent, depth)
                at += 1
        if at != len(nodes):
            raise _Mismatch

    def _compound(
        self, statement: cst.BaseStatement, node: ast.stmt, indent: tuple[str, ...], depth: int
    ) -> None:
        if isinstance(statement, cst.If) and isinstance(node, ast.If):
            self._if_chain(statement, node, indent, depth)
        elif (
            isinstance(statement, cst.FunctionDef | cst.ClassDef)
            and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and isinstance(statement, cst.ClassDef) == isinstance(node, ast.ClassDef)
        ):
            self._header(statement, node, indent, statement.body, _first_line(node))
            self._suite(statement.body, node.body, indent, depth)
        elif (isinstance(statement, cst.For) and isinstance(node, ast.For | ast.AsyncFor)) or (
            isinstance(statement, cst.While) and isinstance(node, ast.While)
        ):
            self._header(statement, node, indent, statement.body, node.lineno)
            self._suite(statement.body, node.body, indent, depth)
            self._else(statement.orelse, node.orelse, indent, depth)
        elif isinstance(statement, cst.With) and isinstance(node, ast.With | ast.AsyncWith):
            self._header(statement, node, indent, statement.body, node.lineno)
            self._suite(statement.body, node.body, indent, depth)
        elif (isinstance(statement, cst.Try) and isinstance(node, ast.Try)) or (
            isinstance(statement, cst.TryStar) and isinstance(node, ast.TryStar)
        ):
            self._try(statement, node, indent, depth)
        elif isinstance(statement, cst.Match) and isinstance(node, ast.Match):
            self._match(statement, node, indent, depth)
        else:
            raise _Mismatch

    def _if_chain(
        self, statement: cst.If, node: ast.If, indent: tuple[str, ...], depth: int
    ) -> None:
        """An `if` and its `elif`s, in a loop: libcst nests each `elif` in the previous `If`."""
        is_elif = False
        while True:
            self._header(statement, node, indent, statement.body, node.lineno, is_elif=is_elif)
            self._suite(statement.body, node.body, indent, depth)
            orelse = statement.orelse
            if not isinstance(orelse, cst.If):
                self._else(orelse, node.orelse, indent, depth)
                return
            if len(node.orelse) != 1 or not isinstance(node.orelse[0], ast.If):
                raise _Mismatch
            statement, node, is_elif = orelse, node.orelse[0], True
            self.elifs += 1

    def _try(
        self,
        statement: cst.Try | cst.TryStar,
        node: ast.Try | ast.TryStar,
        indent: tuple[str, ...],
        depth: int,
    ) -> None:
        self._header(statement, node, indent, statement.body, node.lineno)
        self._suite(statement.body, node.body, indent, depth)
        handlers: Sequence[cst.ExceptHandler | cst.ExceptStarHandler] = statement.handlers
        if len(handlers) != len(node.handlers):
            raise _Mismatch
        for handler, handler_node in zip(handlers, node.handlers, strict=True):
            self._header(handler, handler_node, indent, handler.body, handler_node.lineno)
            self._suite(handler.body, handler_node.body, indent, depth)
        self._else(statement.orelse, node.orelse, indent, depth)
        final = statement.finalbody
        if final is None:
            if node.finalbody:
                raise _Mismatch
        else:
            self._suite(final.body, node.finalbody, indent, depth)

    def _match(
        self, statement: cst.Match, node: ast.Match, indent: tuple[str, ...], depth: int
    ) -> None:
        """The subject, then each case: placed at its pattern (CPython gives `case` no position)."""
        if not statement.cases or len(statement.cases) != len(node.cases):
            raise _Mismatch
        self.spans.append((node.lineno, node.cases[0].pattern.lineno))
        self._unit(statement, node, node.lineno, indent, stop=statement.cases[0])
        inner = statement.indent if statement.indent is not None else self.default_indent
        cases = (*indent, inner)
        for case, case_node in zip(statement.cases, node.cases, strict=True):
            pattern = case_node.pattern
            self.spans.append((pattern.lineno, case_node.body[0].lineno))
            anchor = self._offset(pattern.lineno, pattern.col_offset)
            region = self.lines.line_starts[pattern.lineno - 1]
            self.units.append(Unit(case, anchor, region, cases, case.body, root=case.pattern))
            self._suite(case.body, case_node.body, cases, depth + 1)

    def _else(
        self,
        orelse: cst.Else | None,
        nodes: Sequence[ast.stmt],
        indent: tuple[str, ...],
        depth: int,
    ) -> None:
        if orelse is None:
            if nodes:
                raise _Mismatch
            return
        self._suite(orelse.body, nodes, indent, depth)

    def _suite(
        self, suite: cst.BaseSuite, nodes: Sequence[ast.stmt], indent: tuple[str, ...], depth: int
    ) -> None:
        if isinstance(suite, cst.IndentedBlock):
            inner = suite.indent if suite.indent is not None else self.default_indent
            self.statements(suite.body, nodes, (*indent, inner), depth + 1)
        elif isinstance(suite, cst.SimpleStatementSuite):
            if not nodes or len(suite.body) != len(nodes):
                raise _Mismatch
            self._unit(suite, nodes[0], None, ())  # after the colon: from its first token
            self.spans.append((nodes[0].lineno, _end_line(nodes[-1])))
        else:
            raise _Mismatch

    # ------------------------------------------------------------------ units

    def _header(
        self,
        statement: cst.CSTNode,
        node: ast.stmt | ast.excepthandler,
        indent: tuple[str, ...],
        stop: cst.CSTNode,
        first_line: int,
        *,
        is_elif: bool = False,
    ) -> None:
        body = getattr(node, "body", None)
        last_line = body[0].lineno if body else _end_line(node)
        self.spans.append((first_line, last_line))
        self._unit(statement, node, first_line, indent, stop=stop, is_elif=is_elif)

    def _unit(
        self,
        statement: cst.CSTNode,
        node: ast.stmt | ast.excepthandler,
        first_line: int | None,
        indent: tuple[str, ...],
        *,
        stop: cst.CSTNode | None = None,
        is_elif: bool = False,
    ) -> None:
        """A unit whose text starts at the beginning of `first_line`, else at its anchor."""
        anchor = self._offset(node.lineno, node.col_offset)
        region = anchor if first_line is None else self.lines.line_starts[first_line - 1]
        self.units.append(Unit(statement, anchor, region, indent, stop, is_elif))

    def _offset(self, line: int, utf8_column: int) -> int:
        """The character offset of CPython's (1-based line, UTF-8 byte column)."""
        starts = self.lines.line_starts
        start = starts[line - 1]
        prefix = self.text[start : start + utf8_column]
        if not prefix.isascii():
            encoded = self.text[start:].encode("utf-8", "surrogatepass")[:utf8_column]
            prefix = encoded.decode("utf-8", "surrogatepass")
        return start + len(prefix)


def _masked(text: str) -> str | None:
    """The text with comments removed and every string but an f-string cut to its opening
    quote (and its line ends); None where that is not exact: from Python 3.12 on, an f-string
    may hold strings in its own quotes (PEP 701), which this scan would take for its end."""
    if sys.version_info >= (3, 12) and _F_PREFIX.search(text):
        return None
    return _STRING_OR_COMMENT.sub(_mask, text)


def _mask(match: re.Match[str]) -> str:
    """An f-string unchanged; another string as its opening quote; a comment as nothing; line
    ends kept, so lines still count as CPython counts them."""
    if match.group("f") is not None:
        return match.group("f")
    quote = match.group("q") or ""
    return quote + "\n" * len(_LINE_END.findall(match.group()))


def _first_line(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> int:
    """The line of the first decorator, else of the statement."""
    return min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])


def _end_line(node: ast.stmt | ast.excepthandler) -> int:
    return node.end_lineno if node.end_lineno is not None else node.lineno
