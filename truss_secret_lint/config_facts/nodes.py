"""Questions about composed YAML nodes, and their 1-based spans.

Works on ruamel.yaml's nodes (`compose`) and on PyYAML's (`truss_yaml`) alike: both have an `id`
(`scalar`, `sequence`, `mapping`), a tag, a value and 0-based start and end marks. `span_of` and
`value_span` are the one place those marks become the 1-based positions everything else uses;
nothing outside `config_facts` sees a node.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from truss_secret_lint.diagnostic import Span

if TYPE_CHECKING:
    from ruamel.yaml.nodes import Node

TAG_PREFIX = "tag:yaml.org,2002:"
MAX_NODES = 200_000
"""A walk stops after this many nodes (the composer's own bound is lower)."""


def tag_of(node: Node) -> str:
    """The short tag of a node: `str`, `null`, `int`, `bool`, `map`, `seq`, … or the full tag."""
    text = _resolved_tag(node)
    if text is None:
        tag = node.tag
        text = str(getattr(tag, "value", tag))
    return text[len(TAG_PREFIX) :] if text.startswith(TAG_PREFIX) else text


def _resolved_tag(node: Node) -> str | None:
    """The full tag of a node whose ruamel `Tag` holds it as is (a resolved or adopted tag: no
    handle, no %-escape), read without `Tag.__str__`, which decodes the tag character by
    character for every new node; None when the tag must be decoded."""
    ctag = getattr(node, "ctag", None)
    suffix = getattr(ctag, "suffix", None)
    if isinstance(suffix, str) and getattr(ctag, "handle", "") is None and "%" not in suffix:
        return suffix
    return None


def kind_of(node: Node) -> str:
    """`mapping`, `sequence` or `scalar` (ruamel's node id)."""
    return str(getattr(node, "id", ""))


def style_of(node: Node) -> str | None:
    """A scalar's quoting style (`'`, `"`, `|`, `>`) or None when plain (the C parser says
    "" for plain)."""
    style = getattr(node, "style", None)
    return str(style) if style else None


def is_flow(node: Node) -> bool:
    """True for a flow collection (`{...}`, `[...]`)."""
    return bool(getattr(node, "flow_style", False))


def is_mapping(node: Node | None) -> bool:
    """True for a YAML mapping node."""
    return node is not None and kind_of(node) == "mapping"


def is_sequence(node: Node | None) -> bool:
    """True for a YAML sequence node."""
    return node is not None and kind_of(node) == "sequence"


def is_scalar(node: Node | None) -> bool:
    """True for a YAML scalar node."""
    return node is not None and kind_of(node) == "scalar"


def is_empty_plain(node: Node) -> bool:
    """An empty plain scalar: the value of `name:` with nothing after the colon."""
    return is_scalar(node) and node.value == "" and style_of(node) is None


def scalar_text(node: Node) -> str | None:
    """A scalar's text when it is a string-tagged scalar, else None."""
    if is_scalar(node) and tag_of(node) == "str":
        return str(node.value)
    return None


def is_null(node: Node | None) -> bool:
    """True for `null`, `~`, `Null` and an empty value."""
    return node is None or (is_scalar(node) and tag_of(node) == "null")


def span_of(node: Node) -> Span:
    """The 1-based span of a node, from ruamel's 0-based marks.

    A mapping or sequence is pointed at by its first character: where a block collection ends
    is not well defined (the pure parser says "at the next token", libyaml "after the last
    value"), and both parsers must give the same answer.
    """
    if not is_scalar(node):
        return start_of(node)
    start, end = node.start_mark, node.end_mark
    return Span.from_zero_based(start.line, start.column, end.line, end.column)


def line_range(node: Node) -> tuple[int, int]:
    """The first and last 1-based line of a node, as `span_of` counts them."""
    return node.start_mark.line + 1, node.end_mark.line + 1


def start_of(node: Node) -> Span:
    """A one-character span at a node's first character."""
    start = node.start_mark
    return Span.from_zero_based(start.line, start.column, start.line, start.column + 1)


def value_span(key: Node, value: Node) -> Span:
    """Where to point for a mapping value; an empty value (`name:`) points just past its key."""
    if is_empty_plain(value):
        end = key.end_mark
        return Span.from_zero_based(end.line, end.column, end.line, end.column + 1)
    return span_of(value)


def mapping_items(node: Node) -> list[tuple[Node, Node]]:
    """The (key, value) node pairs of a mapping, duplicates included, merge keys (`<<`) skipped."""
    return [(k, v) for k, v in node.value if not (is_scalar(k) and tag_of(k) == "merge")]


def walk(root: Node) -> Iterator[tuple[tuple[str | int, ...], Node | None, Node]]:
    """Every node under `root` once, with its key path and its key node (None in sequences).

    A node reached again through an alias is not re-entered, so an alias bomb costs as much as its
    text; the walk also stops after MAX_NODES nodes.
    """
    seen: set[int] = set()
    stack: list[tuple[tuple[str | int, ...], Node | None, Node]] = [((), None, root)]
    count = 0
    while stack and count < MAX_NODES:
        path, key, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        count += 1
        yield path, key, node
        kind = getattr(node, "id", None)  # kind_of, inlined: this loop visits every node
        if kind == "mapping":
            children = [
                ((*path, str(k.value) if getattr(k, "id", None) == "scalar" else "?"), k, v)
                for k, v in node.value
            ]
            stack.extend(reversed(children))
        elif kind == "sequence":
            stack.extend(reversed([((*path, i), None, v) for i, v in enumerate(node.value)]))


def each_node(root: Any) -> Iterator[Any]:
    """Every node under `root` once, mapping keys included and an aliased node once, in no
    particular order and without bound (for passes over a document that composing already
    bounded). Works for ruamel's and PyYAML's nodes alike: both have `id` and `value`."""
    seen: set[int] = set()
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        kind = node.id
        if kind == "mapping":
            for pair in node.value:
                stack += pair
        elif kind == "sequence":
            stack += node.value


def keyed_nodes(root: Node) -> Iterator[tuple[Node | None, Node]]:
    """What `walk` yields, without the key paths (for callers that do not need them, at a
    fraction of the cost): every node under `root` once, with its key node (None in sequences
    and for `root`), in the same order and within the same bounds."""
    seen: set[int] = set()
    stack: list[tuple[Node | None, Node]] = [(None, root)]
    count = 0
    while stack and count < MAX_NODES:
        key, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        count += 1
        yield key, node
        kind = getattr(node, "id", None)
        if kind == "mapping":
            stack.extend(reversed(node.value))
        elif kind == "sequence":
            stack.extend(reversed([(None, v) for v in node.value]))
