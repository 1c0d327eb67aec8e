"""What a config.yaml says, as the rules see it: typed facts with 1-based spans.

A rule reads names, kinds, texts and spans; it never holds a YAML node or converts a position.
The composed nodes stay inside `config_facts` (`key_node`, `value_node`, `root_node`: for the
byte-exact edits of `edits` and the references of `refs`). Each fact is computed on first use
and kept, so a rule that never asks for the comments does not pay for finding them, and facts
several rules share (`declared`, `top_level`) are computed once per file.

Two readings of the same text (see `analysis`): ruamel.yaml's, every key as written
(`top_level`, `blocks`, `entries`, `strings`, `comments`), and truss's own (`truss`,
`truss_secrets`, `truss_entries`; `declared` follows truss whenever truss loads the file).
Whatever a rule claims truss does is taken from the second.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from truss_secret_lint.config_facts.nodes import (
    is_empty_plain,
    is_mapping,
    is_null,
    is_scalar,
    is_sequence,
    kind_of,
    mapping_items,
    scalar_text,
    span_of,
    start_of,
    style_of,
    tag_of,
    value_span,
    walk,
)
from truss_secret_lint.diagnostic import Span
from truss_secret_lint.sources.text import SourceText

if TYPE_CHECKING:
    from ruamel.yaml.nodes import Node

    from truss_secret_lint.config_facts.comments import YamlComment
    from truss_secret_lint.config_facts.compose import YamlProblem
    from truss_secret_lint.config_facts.truss_yaml import TrussLoad

NOT_AT_ALL = 1 << 62
"""A first line past any file's end: nothing to scan."""

_T = TypeVar("_T")


class lazy(Generic[_T]):
    """A property computed on first use and then kept in the instance: `functools
    .cached_property` without its per-class lock (Python 3.11), which costs more than most of
    the facts it would guard. Facts are built and read within one unit of work; two threads
    reading a fact at once would both compute it, to the same value."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self._compute = compute
        self._name = compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> lazy[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type[Any]) -> _T: ...

    def __get__(self, instance: object | None, owner: type[Any]) -> lazy[_T] | _T:
        if instance is None:
            return self
        value = self._compute(instance)
        instance.__dict__[self._name] = value
        return value


class Shape(StrEnum):
    """What kind of YAML node a value is."""

    MAPPING = "mapping"
    SEQUENCE = "sequence"
    SCALAR = "scalar"


@dataclass(eq=False)
class Entry:
    """One `key: value` of a YAML mapping: a top-level field, a `secrets:` entry, an
    environment variable. (Not frozen: a run builds many, and a frozen dataclass costs three
    times as much to build.)"""

    key_node: Node = field(repr=False)
    value_node: Node = field(repr=False)
    declared_name: str | None = None
    """The name as truss reads it, when the key is not a plain string scalar (`!!binary`)."""

    @lazy
    def name(self) -> str | None:
        """The key as a string (the declared name of a secret), or None when it is not one."""
        return self.declared_name or scalar_text(self.key_node)

    @lazy
    def key_span(self) -> Span:
        return span_of(self.key_node)

    @property
    def key_kind(self) -> str:
        """The key's short tag (`str`, `int`, `binary`, …)."""
        return tag_of(self.key_node)

    @property
    def key_is_plain(self) -> bool:
        """The key is written without quotes."""
        return style_of(self.key_node) is None

    @lazy
    def value_kind(self) -> str:
        """The value's short tag: `str`, `null`, `int`, `bool`, `map`, `seq`, … or the tag as
        written (`!custom`)."""
        return tag_of(self.value_node)

    @lazy
    def value_shape(self) -> Shape:
        return Shape(kind_of(self.value_node))

    @property
    def value_string(self) -> str | None:
        """The value's text when it is a string (a `str`-tagged scalar), else None."""
        return scalar_text(self.value_node)

    @property
    def value_is_null(self) -> bool:
        """`null`, `~`, `Null` or nothing at all."""
        return is_null(self.value_node)

    @property
    def value_is_empty(self) -> bool:
        """Nothing after the colon (`name:`)."""
        return is_empty_plain(self.value_node)

    @lazy
    def value_span(self) -> Span:
        """Where to point for the value; an empty value points just past its key."""
        return value_span(self.key_node, self.value_node)

    @lazy
    def value_extent(self) -> Span:
        """The value node's own span (a collection: its first character)."""
        return span_of(self.value_node)

    @lazy
    def items(self) -> list[Entry]:
        """The entries of a mapping value (duplicates included, merge keys skipped); empty for
        any other value."""
        if not is_mapping(self.value_node):
            return []
        return [Entry(k, v) for k, v in mapping_items(self.value_node)]


@dataclass(eq=False)
class TrussSecret(Entry):
    """An entry of the `secrets` mapping truss ends up with (merge keys expanded, the last of
    each name), on truss's own reading: `name` is None when truss rejects the key."""

    default_ok: bool = True
    """Truss accepts the default: a string (or UTF-8 `!!binary`) or null."""

    @lazy
    def name(self) -> str | None:
        """The name as truss reads it."""
        return self.declared_name


@dataclass(eq=False)
class ScalarValue:
    """A scalar below a top-level key, with its key path (`("env", "HF_TOKEN")`)."""

    path: tuple[str | int, ...]
    key_node: Node | None = field(repr=False)
    """The mapping key the scalar is the value of; None for a sequence item."""
    value_node: Node = field(repr=False)

    @property
    def text(self) -> str:
        """The scalar's text, whatever its tag."""
        return str(self.value_node.value)

    @property
    def kind(self) -> str:
        """The scalar's short tag (`str`, `null`, `int`, …)."""
        return tag_of(self.value_node)

    @property
    def is_null(self) -> bool:
        return is_null(self.value_node)

    @property
    def key_name(self) -> str | None:
        """The mapping key this value sits under (the nearest string in the path)."""
        for part in reversed(self.path):
            if isinstance(part, str):
                return part
        return None

    @lazy
    def span(self) -> Span:
        if self.key_node is not None:
            return value_span(self.key_node, self.value_node)
        return span_of(self.value_node)


@dataclass(eq=False)
class ConfigFacts:
    """What one config.yaml (or `.truss/config.yaml` store) says about secrets."""

    path: Path
    source: SourceText
    problem: YamlProblem | None
    root_node: Node | None = field(default=None, repr=False)
    """The composed document (ruamel.yaml), None when empty or unreadable."""
    truss: TrussLoad | None = None
    """How truss reads the file (None when the text could not be read at all)."""

    @lazy
    def root_shape(self) -> Shape | None:
        """What the top level of the document is; None for an empty or unreadable file."""
        return Shape(kind_of(self.root_node)) if self.root_node is not None else None

    @lazy
    def root_start(self) -> Span | None:
        """The first character of the document's top level."""
        return start_of(self.root_node) if self.root_node is not None else None

    @property
    def is_mapping(self) -> bool:
        return self.root_shape is Shape.MAPPING

    @lazy
    def top_level(self) -> list[Entry]:
        """The top-level keys as written, in order, duplicates included."""
        if self.root_node is None or not is_mapping(self.root_node):
            return []
        return [Entry(k, v) for k, v in mapping_items(self.root_node)]

    @lazy
    def blocks(self) -> list[Entry]:
        """Every top-level `secrets:` key, in file order (truss keeps the last)."""
        return [entry for entry in self.top_level if entry.name == "secrets"]

    @lazy
    def entries(self) -> list[Entry]:
        """Every declared entry of every secrets block, in file order (duplicates included)."""
        return [entry for block in self.blocks for entry in block.items]

    @lazy
    def declared(self) -> dict[str, Entry]:
        """The names truss declares → their effective entry: those of the LAST `secrets:` block,
        merge keys expanded, the last occurrence of a name winning. When truss cannot load the
        file, the last block as written."""
        if self.truss is not None and self.truss.problem is None:
            return {e.name: e for e in self.truss_entries if e.name is not None}
        last = self.blocks[-1].items if self.blocks else []
        return {e.name: e for e in last if e.name is not None}

    @lazy
    def intended_names(self) -> list[str]:
        """The names the Truss declares, as the author meant them: `declared`, plus the names
        a malformed last block lists (`secrets: [hf_access_token]`, `- {hf_token: null}`,
        `secrets: hf_access_token`)."""
        names = list(self.declared)
        if not self.blocks or is_mapping(self.blocks[-1].value_node):
            return names  # only the last block counts (truss keeps the last `secrets:` key)
        value = self.blocks[-1].value_node
        for item in value.value if is_sequence(value) else [value]:
            if is_mapping(item):
                names += [n for k, _ in mapping_items(item) if (n := scalar_text(k)) is not None]
            elif (text := scalar_text(item)) is not None:
                names += [name for name in re.split(r"[\s,]+", text) if name]
        return names

    @lazy
    def truss_secrets(self) -> Entry | None:
        """The `secrets:` entry truss keeps (the last, merge keys expanded), on truss's own
        reading; None when truss cannot load the file or it has none."""
        truss = self.truss
        if truss is None or truss.secrets_key is None or truss.secrets_value is None:
            return None
        return Entry(truss.secrets_key, truss.secrets_value)

    @lazy
    def truss_entries(self) -> list[TrussSecret]:
        """The secrets truss declares, in order of first appearance, when it reads `secrets`
        as a mapping (names it rejects included, with `name` None); else empty."""
        if self.truss is None:
            return []
        return [
            TrussSecret(e.key, e.value, e.name, default_ok=e.default_ok) for e in self.truss.entries
        ]

    @lazy
    def strings(self) -> list[ScalarValue]:
        """Every string value outside the secrets blocks, with its key path."""
        root = self.root_node
        if root is None or not is_mapping(root):
            return []
        secret_values = {id(block.value_node) for block in self.blocks}
        found = []
        for entry in self.top_level:
            key, value = entry.key_node, entry.value_node
            if id(value) in secret_values:
                continue
            name = str(key.value) if is_scalar(key) else "?"
            for path, child_key, node in walk(value):
                if is_scalar(node) and tag_of(node) == "str":
                    found.append(ScalarValue((name, *path), child_key if path else key, node))
        return found

    @lazy
    def comments(self) -> list[YamlComment]:
        """The comments of a file whose (first) document composed, with their positions."""
        from truss_secret_lint.config_facts.comments import yaml_comments

        return yaml_comments(self)

    @property
    def first_unparsed_line(self) -> int:
        """The first line these facts do not cover (its text is searched instead): 1 when the
        file did not parse or its top level is not a mapping (no values were collected), the
        line of the problem when only the first document was read, else past the end."""
        if self.problem is None and (self.root_node is None or self.is_mapping):
            return NOT_AT_ALL
        if self.problem is not None and self.root_node is not None and self.is_mapping:
            return self.problem.span.line
        return 1

    def top(self, name: str) -> Entry | None:
        """The last top-level entry whose key is `name`, or None."""
        found = None
        for entry in self.top_level:
            if entry.name == name:
                found = entry
        return found

    def top_text(self, name: str) -> str | None:
        """The string value of a top-level key, or None when absent or not a string."""
        entry = self.top(name)
        return entry.value_string if entry is not None else None

    def scalars_below(self, name: str) -> list[ScalarValue]:
        """Every scalar inside the value of the top-level key `name` (the last one), at any
        depth and whatever its tag; not the value itself."""
        entry = self.top(name)
        if entry is None:
            return []
        return [
            ScalarValue((name, *path), key, node)
            for path, key, node in walk(entry.value_node)
            if path and is_scalar(node)
        ]
