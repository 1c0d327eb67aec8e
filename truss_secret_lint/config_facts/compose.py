"""Reading a YAML file safely: bytes → text → ruamel.yaml node graph, or a located problem.

The node graph (ruamel's *composed* nodes) is what the checkers work on, not constructed Python
objects: nodes keep every key including duplicates, carry their start and end marks, and no tag is
ever constructed — `!!python/object` stays an inert string. Aliases are shared node references,
so walkers must not re-enter a node they have already seen (see `nodes.walk`).

Tags are resolved as ruamel's YAML 1.1, which is close to but not the same as PyYAML's (`y`, `n`
and `1e3` differ): every verdict about what truss accepts comes from `truss_yaml`, which reads the
text with PyYAML itself; these nodes give positions, edits and the values to scan for leaks.
"""

from __future__ import annotations

import bisect
import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from truss_secret_lint.config_facts.nodes import each_node
from truss_secret_lint.config_facts.prescan import WITHIN_LIMITS
from truss_secret_lint.diagnostic import Span
from truss_secret_lint.redact import redact_text
from truss_secret_lint.sources.text import SourceText

if TYPE_CHECKING:
    from ruamel.yaml.nodes import Node

MAX_DEPTH = 100
"""Deeper collections are a problem: real configs nest a few levels, and ruamel.yaml's
composer recurses per level (its scanner also slows down quadratically with flow depth)."""
MAX_COMPOSED_NODES = 100_000
"""Composing costs tens of microseconds per node; a config.yaml with more nodes than this is
reported instead of tying up a pre-commit run for a minute (real configs have hundreds)."""


@dataclass(frozen=True)
class YamlProblem:
    """Why a YAML file could not be read, and where (1-based)."""

    message: str
    span: Span


@dataclass(frozen=True)
class YamlDocument:
    """A composed YAML document: its root node (None for an empty file) and its text."""

    source: SourceText
    root: Node | None
    problem: YamlProblem | None


def compose(source: SourceText) -> YamlDocument:
    """Compose the first document of a YAML text; never raises.

    A stream of several documents is a problem (truss's loader accepts exactly one). Problems
    carry ruamel's own description but never its snippet of the offending line, which could
    quote a secret. The work is bounded: collections nested deeper than MAX_DEPTH and streams
    of more than MAX_COMPOSED_NODES nodes (aliases included) stop composing with a problem, and
    ruamel's warnings (a reused anchor, whose name could be a credential) are never printed.
    """
    fast = _compose_with_libyaml(source.text)
    if fast is None:
        verdict = _prescan(source)
        if isinstance(verdict, YamlDocument):
            return verdict
        if verdict == WITHIN_LIMITS:  # bounded: libyaml may take it however large it is
            fast = _compose_with_libyaml(source.text, bounded=True)
    document = YamlDocument(source, fast[0], None) if fast is not None else _compose_pure(source)
    if document.root is not None and _ODD_LINE_ENDS.search(source.text):
        _reposition(document.root, source)
    if document.root is not None and ("\\u" in source.text or "\\U" in source.text):
        _without_surrogates(document.root)
    return document


def with_file_positions(root: Node, source: SourceText) -> None:
    """Give a document composed by another parser (PyYAML, for truss's reading) the positions and
    text clean-up `compose` gives ruamel's nodes."""
    if _ODD_LINE_ENDS.search(source.text):
        _reposition(root, source)
    if "\\u" in source.text or "\\U" in source.text:
        _without_surrogates(root)


def adopt_tags(root: Node, reference: Any) -> None:
    """Give the plain scalars of `root` the tags another parser resolved for the plain scalar
    that starts at the same offset (truss's PyYAML, so that `y` and `1e3` are strings, as truss
    reads them). Quoted and explicitly tagged scalars resolve alike in both parsers."""
    tags: dict[int, str] = {
        node.start_mark.index: node.tag
        for node in each_node(reference)
        if node.id == "scalar" and not node.style  # plain: None (pure parser), "" (libyaml)
    }
    for node in each_node(root):
        if node.id == "scalar" and not node.style:
            tag = tags.get(node.start_mark.index)
            if tag is not None:
                node.tag = tag


def source_position(source: SourceText, index: int) -> tuple[int, int]:
    """The 0-based line and column of a character offset, counted as every position is."""
    starts = source.line_starts
    line = max(bisect.bisect_right(starts, index) - 1, 0)
    return line, index - starts[line]


def _without_surrogates(root: Node) -> None:
    """Turn the UTF-16 surrogates that `"\\ud83d\\ude00"` escapes compose into (ruamel does not
    pair them) into real characters, and lone ones into U+FFFD: no str that cannot be encoded
    reaches a message, a digest or the output."""
    for node in each_node(root):
        value = node.value
        if node.id == "scalar" and isinstance(value, str) and _SURROGATE.search(value):
            node.value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


_SURROGATE = re.compile("[\ud800-\udfff]")


_ODD_LINE_ENDS = re.compile("[\x85\u2028\u2029\ufeff]")


def _position(mark: Any, source: SourceText) -> tuple[int, int]:
    """A mark's 0-based line and column, from its character index, counted the way every other
    position is (lines end at LF, CRLF or CR only).

    libyaml also ends lines at NEL, U+2028 and U+2029, ruamel's pure parser does so inside
    block scalars only, and both skip U+FEFF when counting columns: their own line and column
    would drift from the file as editors, git and the rest of this linter show it.
    """
    if not _ODD_LINE_ENDS.search(source.text):
        return mark.line, mark.column
    starts = source.line_starts
    line = bisect.bisect_right(starts, mark.index) - 1
    return line, mark.index - starts[line]


def _reposition(root: Node, source: SourceText) -> None:
    """Give every node of a document marks whose line and column follow `_position`."""
    from ruamel.yaml.error import StreamMark

    def fixed(mark: Any) -> Any:
        line, column = _position(mark, source)
        return StreamMark(mark.name, mark.index, line, column)

    for node in each_node(root):
        node.start_mark = fixed(node.start_mark)
        node.end_mark = fixed(node.end_mark)


def _refused_early(source: SourceText) -> YamlDocument | None:
    """The problem the bounded pure composer would stop at (too many nodes, too deep, an
    undefined alias), found by counting libyaml's events (`prescan`) instead of spending ten
    seconds of pure parsing on a hostile file; None when there is none or libyaml cannot tell."""
    verdict = _prescan(source)
    return verdict if isinstance(verdict, YamlDocument) else None


def _prescan(source: SourceText) -> YamlDocument | str | None:
    """`prescan.prescan` for this file: the document of its refusal, `WITHIN_LIMITS`, or None."""
    from truss_secret_lint.config_facts.prescan import Refusal, prescan

    refusal = prescan(source.text, MAX_COMPOSED_NODES, MAX_DEPTH)
    if not isinstance(refusal, Refusal):
        return refusal
    if refusal.reason == "nodes":
        error = _TooManyNodes(refusal.mark)
        return YamlDocument(source, None, _located(error.mark, error.message, source))
    if refusal.reason == "depth":
        message = _TOO_DEEP.format(MAX_DEPTH)
        return YamlDocument(source, None, _located(refusal.mark, message, source))
    from ruamel.yaml.composer import ComposerError

    undefined = ComposerError(None, None, f"found undefined alias {refusal.alias!r}", refusal.mark)
    return YamlDocument(source, None, _problem_from(undefined, source))


_TOO_DEEP = "nesting is too deep to read safely (more than {} levels)"


def _compose_pure(source: SourceText) -> YamlDocument:
    """`compose` with ruamel's pure-Python, bounded composer (errors, hostile and large input)."""
    import warnings

    from ruamel.yaml import YAML
    from ruamel.yaml.composer import MaxDepthExceededError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt")
    yaml.version = (1, 1)
    yaml.max_depth = MAX_DEPTH
    yaml.Composer = _bounded_composer()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            documents = list(_compose_all(yaml, source.text))
    except _TooManyNodes as error:
        return YamlDocument(source, None, _located(error.mark, error.message, source))
    except MaxDepthExceededError as error:
        message = _TOO_DEEP.format(MAX_DEPTH)
        return YamlDocument(source, None, _located(error.problem_mark, message, source))
    except MarkedYAMLError as error:
        return YamlDocument(source, None, _problem_from(error, source))
    except YAMLError as error:
        problem = YamlProblem(redact_text(_first_line(str(error))), Span(1, 1, 1, 2))
        return YamlDocument(source, None, problem)
    except RecursionError:
        return YamlDocument(
            source, None, YamlProblem("nesting is too deep to read safely", Span(1, 1, 1, 2))
        )
    except Exception as error:  # ruamel asserts, e.g. on `%YAML 1.9`; its text is not shown
        message = f"invalid YAML: the parser gave up ({type(error).__name__})"
        return YamlDocument(source, None, YamlProblem(message, Span(1, 1, 1, 2)))
    if not documents:
        return YamlDocument(source, None, None)
    if len(documents) > 1:
        second = documents[1]
        line = second.start_mark.line if second is not None else 0
        while line > 0 and not source.line(line + 1).startswith("---"):
            line -= 1
        problem = YamlProblem(
            "the file holds several YAML documents (`---`); truss reads exactly one",
            Span.from_zero_based(line, 0, line, 1),
        )
        return YamlDocument(source, documents[0], problem)
    return YamlDocument(source, documents[0], None)


_FAST_MAX_CHARS = 256 * 1024
_FAST_MAX_BRACKETS = 256
# Deep block nesting needs deep indentation or a run of indicators (`- - - x`, `? ? x`); the C
# composer recurses on the C stack, so such files must never reach it.
_DEEP_BLOCK = re.compile(r"^[ \t]{128,}|(?:[-?:\[{][ \t]*){48,}", re.MULTILINE)


def _compose_with_libyaml(text: str, *, bounded: bool = False) -> tuple[Node | None] | None:
    """The fast path: ruamel's C parser (libyaml), ten times faster than the pure one.

    Used only for ordinary files that parse cleanly: small and shallow by their text (or
    `bounded`: counted by `prescan` to be inside the node and depth limits, however large), a
    single document. Anything else — a syntax error (whose message and position the pure parser
    words better), several documents, deep nesting, a missing C extension, or any failure of the
    extension itself — returns None and the pure, bounded composer decides.
    """
    if "\t" in text:  # libyaml accepts tabs the pure scanners (ruamel's, truss's PyYAML) reject
        return None
    if not bounded and (
        len(text) > _FAST_MAX_CHARS
        or text.count("[") + text.count("{") > _FAST_MAX_BRACKETS
        or _DEEP_BLOCK.search(text)
    ):
        return None
    loader_class = _libyaml_loader()
    if loader_class is None:
        return None
    try:
        loader = loader_class(text)
        try:
            return (loader.get_single_node(),)
        finally:
            loader.dispose()
    except Exception:  # the pure composer re-reads the file and reports properly
        return None


@functools.cache
def _libyaml_loader() -> Any:
    """A composer on ruamel's C parser resolving tags as YAML 1.1, or None without the extension."""
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
        from ruamel.yaml.resolver import VersionedResolver
    except ImportError:
        return None

    class Libyaml11Loader(CParser, VersionedResolver):  # type: ignore[misc]
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            VersionedResolver.__init__(self, version=(1, 1), loader=self)

        @property
        def processing_version(self) -> tuple[int, int]:
            """Always YAML 1.1: the C parser has no `_scanner` to carry a `%YAML` directive, so
            ruamel's own property ends there too, after two caught AttributeErrors per scalar."""
            return (1, 1)

    return Libyaml11Loader


class _TooManyNodes(Exception):
    """Raised by the bounded composer when a stream has more than MAX_COMPOSED_NODES nodes."""

    def __init__(self, mark: Any) -> None:
        super().__init__()
        self.mark = mark
        self.message = (
            f"file skipped: it has more than {MAX_COMPOSED_NODES} YAML nodes, the limit for a "
            "checked file"
        )


def _located(mark: Any, message: str, source: SourceText) -> YamlProblem:
    line, column = _position(mark, source) if mark is not None else (0, 0)
    return YamlProblem(message, Span.from_zero_based(line, column, line, column + 1))


@functools.cache
def _bounded_composer() -> Any:
    """ruamel's composer, counting every node it composes (built on first use, so that ruamel is
    imported only when a YAML file is read)."""
    from ruamel.yaml.composer import Composer

    class BoundedComposer(Composer):
        composed = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            self.composed += 1
            if self.composed > MAX_COMPOSED_NODES:
                raise _TooManyNodes(self.parser.peek_event().start_mark)
            return super().compose_node(parent, index)

    return BoundedComposer


def _compose_all(yaml: Any, text: str) -> Iterator[Node]:
    """Compose documents lazily; a third one is never read (two already make the problem)."""
    for count, node in enumerate(yaml.compose_all(io.StringIO(text))):
        yield node
        if count >= 1:
            return


def _problem_from(error: Any, source: SourceText) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    line, column = _position(mark, source) if mark is not None else (0, 0)
    parts = [p for p in (error.context, error.problem) if p]
    # the parser quotes the file (`found undefined alias 'hunter2'`): shown redacted
    message = ": ".join(redact_text(_first_line(str(p))) for p in parts) or "invalid YAML"
    hint = _empty_secrets_hint(source, line)
    if hint:
        message = hint
    return YamlProblem(message, Span.from_zero_based(line, column, line, column + 1))


def _empty_secrets_hint(source: SourceText, error_line: int) -> str:
    """Explain the `secrets: {}` followed by indented entries mistake, when that is the cause."""
    lines = source.lines
    for index in range(min(error_line, len(lines) - 1), -1, -1):
        stripped = lines[index].split("#", 1)[0].strip()
        if not stripped or index == error_line:
            continue
        if stripped.replace(" ", "") in ("secrets:{}", "secrets:{}\r"):
            return (
                f"invalid YAML: `secrets: {{}}` on line {index + 1} is already a complete (empty) "
                "mapping, so the indented entries below it cannot belong to it; write `secrets:` "
                "without `{}` and keep the entries indented under it"
            )
        break
    return ""


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "invalid YAML"
