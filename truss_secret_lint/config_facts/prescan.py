"""Finding, from libyaml's event stream, where the bounded pure composer would give up.

A config.yaml with more than `compose.MAX_COMPOSED_NODES` nodes is refused, but ruamel's
pure-Python parser spends about 100 µs per node getting there: ten seconds of CPU for one
hostile file. libyaml (ruamel's C parser) produces the same events a hundred times faster, so
`prescan` walks them first and counts nodes, nesting and aliases exactly as the bounded
composer does (`compose._bounded_composer` and ruamel's `Composer.compose_node`): the first node
past the node limit, the first node nested past the depth limit, the first alias to an
undefined anchor. The verdict and its position are then the pure composer's, without running it.
When the walk reaches the end of a clean stream inside every limit, the verdict is
`WITHIN_LIMITS`: the file is bounded, so the libyaml composer may take it whole however large it
is (`compose` otherwise keeps libyaml to small files, whose size bounds their node count).

The two parsers do not read every text alike, so a verdict is given only where they are known
to agree, and None otherwise (the pure composer then decides, as before):

- the pure reader refuses a non-printable character anywhere before parsing; libyaml only when
  it reaches it;
- they disagree on tabs, on NEL, U+2028, U+2029 and a byte-order mark inside the text, and on
  an anchor or alias name followed by one of `?:%@`` (ruamel reads `*x:` as the alias `x:`,
  libyaml as `x` and a `:`), and on tags (which handles are defined, where a tagged node
  starts): none may occur in the text the pure parser would have read before
  giving up (`_read_until`);
- they place an empty value (`key:`) differently, so the refusing node must not be one;
- `%YAML` and `%TAG` directives, a third document (the composer stops after two) or any libyaml
  error before the verdict leave the decision to the pure composer.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Final

_LOOKAHEAD = 1024
"""How far past a token the scanners look for the `:` of a simple key on the same line."""
_DIVERGENT = re.compile(r"[\t\x85\u2028\u2029\ufeff]|[&*][A-Za-z0-9_-]+[?:%@`]|(?<![A-Za-z0-9_])!")
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
"""ruamel's `Reader.NON_PRINTABLE`: the pure reader refuses the whole text on any of these."""


@dataclass(frozen=True)
class Mark:
    """A 0-based position as the pure parser gives it (index in characters, line, column)."""

    name: str
    index: int
    line: int
    column: int


@dataclass(frozen=True)
class Refusal:
    """Where, and why, the bounded pure composer would stop."""

    reason: str
    """`nodes` (over the node limit), `depth` (over the depth limit) or `alias` (undefined)."""
    mark: Mark
    alias: str | None = None


WITHIN_LIMITS: Final = "within limits"
"""`prescan`'s verdict for a clean stream of at most two documents inside every limit."""


def prescan(text: str, node_limit: int, depth_limit: int) -> Refusal | str | None:
    """The refusal the bounded pure composer would reach reading `text`; `WITHIN_LIMITS` when
    libyaml read the whole stream cleanly inside every limit; None when libyaml cannot tell for
    certain (or the text is too short to need asking). Never raises."""
    if len(text) * 2 < node_limit or _NON_PRINTABLE.search(text):
        return None  # too short to hold that many nodes (`[?,?,…]` has 1.5 per character)
    parser_class = _event_parser()
    if parser_class is None:
        return None
    shift = 1 if text.startswith("\ufeff") else 0  # libyaml does not count a leading BOM
    divergent = _DIVERGENT.search(text, shift)
    parser = parser_class(text)
    try:
        found = _walk(parser, node_limit, depth_limit)
        if found is None:
            return None
        reason, event, alias = found
        if reason == WITHIN_LIMITS:
            return WITHIN_LIMITS
        if _read_until(parser, event, len(text)) + shift >= (
            divergent.start() if divergent else len(text) + 1
        ):
            return None
    except Exception:  # a libyaml error, or a failure of the extension: the pure path decides
        return None
    finally:
        parser.dispose()
    start = event.start_mark
    return Refusal(reason, Mark(start.name, start.index + shift, start.line, start.column), alias)


def _walk(parser: Any, node_limit: int, depth_limit: int) -> tuple[str, Any, str | None] | None:
    """The event at which the composer would refuse, counted as it counts (aliases are nodes;
    a node is as deep as the collections around it plus one; anchors are per document), or
    `WITHIN_LIMITS` with the stream's end; None for what libyaml cannot tell."""
    from ruamel.yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )

    count = depth = documents = 0
    anchors: set[str] = set()
    while True:
        event = parser.get_event()
        kind = type(event)
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            count += 1
            if count > node_limit:
                return _unless_empty(("nodes", event, None))
            if depth >= depth_limit:
                return _unless_empty(("depth", event, None))
            if event.anchor is not None:
                anchors.add(event.anchor)
            if kind is not ScalarEvent:
                depth += 1
        elif kind is AliasEvent:
            count += 1
            if count > node_limit:
                return ("nodes", event, None)
            if event.anchor not in anchors:
                return ("alias", event, str(event.anchor))
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            depth -= 1
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 2 or event.version is not None or event.tags:
                return None
            anchors = set()
        elif kind is StreamEndEvent:
            return (WITHIN_LIMITS, event, None)


def _unless_empty(found: tuple[str, Any, str | None]) -> tuple[str, Any, str | None] | None:
    """The parsers disagree on where an empty value is (the end of `key:` or the next token)."""
    event = found[1]
    if type(event).__name__ == "ScalarEvent" and event.value == "" and not event.style:
        return None
    return found


def _read_until(parser: Any, event: Any, end_of_text: int) -> int:
    """How far into the text the pure parser may have read when it refuses at `event`: its
    scanner looks past a token for the `:` of a simple key until a token on a later line or
    `_LOOKAHEAD` characters on, and scans that token whole; it ends before the end of the first
    node that starts past both."""
    from ruamel.yaml.events import (
        AliasEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )

    nodes = (ScalarEvent, MappingStartEvent, SequenceStartEvent, AliasEvent)
    last_line = event.end_mark.line
    far = event.start_mark.index + _LOOKAHEAD
    read: int = event.end_mark.index
    while True:
        following = parser.get_event()
        if type(following) is StreamEndEvent:
            return end_of_text
        read = max(read, following.end_mark.index)
        start = following.start_mark
        if type(following) in nodes and (start.line > last_line or start.index > far):
            return read


@functools.cache
def _event_parser() -> Any:
    """ruamel's C parser (libyaml), or None without the extension."""
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:
        return None
    return CParser
