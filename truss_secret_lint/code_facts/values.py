"""The abstract values the interpreter computes for every expression.

A `Value` over-approximates what an expression may evaluate to, as independent "may" sets:

- `objs`: the tracked objects it may be (the secrets object, a chains `DeploymentContext`, a
  mapping holding the secrets object under a known key — the model's `**kwargs`, a dict literal,
  a namespace —, a secrets key view), tagged with the chainlet they came from;
- `refs`: what it may refer to (same-module functions, classes and instances, imports, builtins);
- `taint`: names of the secrets whose value it may carry (None: a secret whose name is unknown);
- `texts` / `paths`: the constant strings / `pathlib` paths it may be (possibly only a prefix);
- `seqs`: constant sequences of strings it may be (`["a", "b"]`), for loops and `secret_keys`;
- `dyn`: it may also be something none of the above describes.

Joining is set union, so values only grow and the fixpoint in `interp` terminates; string sets
are widened to their common prefix when they grow large.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from truss_secret_lint.code_facts.symbols import Ref

ObjKind = Literal["secrets", "context", "kwargs", "keys"]

_MAX_TEXTS = 8
_MAX_SEQS = 4
_MAX_TEXT_LENGTH = 4096


@dataclass(frozen=True, slots=True)
class Obj:
    """A tracked object: which kind, and the chainlet class it belongs to (None for a model).

    A "kwargs" object is any mapping or namespace whose item (or attribute) `key` is the secrets
    object: the model's `**kwargs` (`key` "secrets"), `{"secrets": s}`, `dict(store=s)`,
    `SimpleNamespace(secrets=s)`, or a dict after `d["secrets"] = s`.
    """

    kind: ObjKind
    chainlet: str | None = None
    key: str = "secrets"

    def held(self) -> Obj:
        """The secrets object a "kwargs" holder holds."""
        return Obj("secrets", self.chainlet)


@dataclass(frozen=True, slots=True)
class Text:
    """A possible string value; when not `exact`, only its beginning is known."""

    value: str
    exact: bool = True

    def __add__(self, other: Text) -> Text:
        if not self.exact:
            return self
        joined = self.value + other.value
        if len(joined) > _MAX_TEXT_LENGTH:
            return Text(joined[:_MAX_TEXT_LENGTH], exact=False)
        return Text(joined, other.exact)


@dataclass(frozen=True, slots=True)
class Value:
    """What an expression may evaluate to (see the module docstring)."""

    objs: frozenset[Obj] = frozenset()
    refs: frozenset[Ref] = frozenset()
    taint: frozenset[str | None] = frozenset()
    texts: frozenset[Text] = frozenset()
    paths: frozenset[Text] = frozenset()
    seqs: frozenset[tuple[str, ...]] = frozenset()
    dyn: bool = False

    def join(self, other: Value) -> Value:
        """The least value that over-approximates both."""
        if other is self or other.is_bottom():
            return self
        if self.is_bottom():
            return other
        texts = _widen(self.texts | other.texts)
        seqs = self.seqs | other.seqs
        dyn = self.dyn or other.dyn
        if len(seqs) > _MAX_SEQS:  # keep the smallest few: stable as the set grows
            seqs, dyn = frozenset(sorted(seqs)[:_MAX_SEQS]), True
        return Value(
            self.objs | other.objs,
            self.refs | other.refs,
            self.taint | other.taint,
            texts,
            _widen(self.paths | other.paths),
            seqs,
            dyn,
        )

    def is_bottom(self) -> bool:
        """Nothing at all is known (cheaper than comparing with BOTTOM)."""
        return not (
            self.dyn
            or self.objs
            or self.refs
            or self.taint
            or self.texts
            or self.paths
            or self.seqs
        )

    def secret_text(self) -> Value:
        """What `str(value)` or an f-string carries: its taint, or "some secret" for the object."""
        taint = self.taint
        if any(obj.kind == "secrets" for obj in self.objs):
            taint = taint | {None}
        return Value(taint=taint) if taint else BOTTOM

    def key_names(self) -> list[str | None]:
        """The constant strings this may be, plus None when it may be anything else."""
        exact = sorted({text.value for text in self.texts if text.exact})
        if not exact or self.dyn or self.refs or any(not text.exact for text in self.texts):
            return [*exact, None]
        return list(exact)

    @property
    def holds_tracked(self) -> bool:
        """Is it (or may it be) one of the objects the analysis follows?"""
        return any(obj.kind != "keys" for obj in self.objs)


BOTTOM = Value()
"""Nothing known: no assignment seen yet."""

UNKNOWN = Value(dyn=True)
"""Something the analysis does not model."""


def holders(value: Value, key: str | None) -> Value | None:
    """A mapping holding `value`'s tracked objects at `key` (None when one cannot be held: the
    key is not a constant, or `value` is a chains context or already a holder)."""
    if key is None or any(obj.kind not in ("secrets", "keys") for obj in value.objs):
        return None
    secrets = [obj for obj in value.objs if obj.kind == "secrets"]
    return Value(objs=frozenset(Obj("kwargs", obj.chainlet, key) for obj in secrets))


def join_all(values: list[Value]) -> Value:
    """Join a list of values (BOTTOM for none)."""
    result = BOTTOM
    for value in values:
        result = result.join(value)
    return result


def text_value(value: str) -> Value:
    """A known constant string."""
    return Value(texts=frozenset({Text(value)}))


def _widen(texts: frozenset[Text]) -> frozenset[Text]:
    """Keep string sets small and canonical.

    A prefix-only text absorbs every text it is a prefix of; too many candidates collapse to
    their common prefix. Both only ever lose detail, so joins stay monotone.
    """
    prefixes = [text.value for text in texts if not text.exact]
    if prefixes:

        def absorbed(text: Text) -> bool:
            return any(
                text.value.startswith(prefix) and (text.exact or text.value != prefix)
                for prefix in prefixes
            )

        texts = frozenset(text for text in texts if not absorbed(text))
    if len(texts) <= _MAX_TEXTS:
        return texts
    prefix = _common_prefix([text.value for text in texts])
    return frozenset({Text(prefix, exact=False)})


def _common_prefix(values: list[str]) -> str:
    first, last = min(values), max(values)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


def concat(left: Value, right: Value) -> Value:
    """`left + right` for strings: joined texts, union of taints."""
    taint = left.secret_text().taint | right.secret_text().taint
    texts: set[Text] = set()
    right_texts = set(right.texts)
    if right.dyn or not right_texts:
        right_texts.add(Text("", exact=False))
    for head in left.texts:
        for tail in right_texts:
            texts.add(head + tail)
    dyn = left.dyn or not left.texts
    return Value(taint=taint, texts=_widen(frozenset(texts)), dyn=dyn)


def prefix_only(value: Value, stop: str) -> Value:
    """For `%`/`.format` templates: the text up to the first placeholder is known."""
    texts = set()
    for text in value.texts:
        cut = text.value.find(stop)
        texts.add(text if cut < 0 else Text(text.value[:cut], exact=False))
    return Value(taint=value.taint, texts=frozenset(texts), dyn=value.dyn or not value.texts)


def path_join(parts: list[Value]) -> frozenset[Text]:
    """The possible results of joining path parts with `/` (absolute parts restart the path)."""
    results: set[Text] = {Text("")}
    for part in parts:
        candidates = set(part.texts | part.paths)
        if part.dyn or not candidates:
            candidates.add(Text("", exact=False))
        joined: set[Text] = set()
        for head in results:
            for tail in candidates:
                if tail.exact and tail.value.startswith("/"):
                    joined.add(tail)
                elif not head.exact:
                    joined.add(head)
                elif head.value and not head.value.endswith("/"):
                    joined.add(Text(head.value + "/") + tail)
                else:
                    joined.add(head + tail)
        results = set(_widen(frozenset(joined)))
    return frozenset(text for text in results if text.value or not text.exact)
