"""Code facts cached per Python file, so an unchanged model.py is not parsed again.

The facts of a file depend only on its text, the analysis code (`cache.cache_version()`), the
model class name it is analysed for and the parameters tracked into it from other modules; the
entry's slot is a keyed HMAC of exactly those (see `cache.store`: same user cache home, same
per-user key, same authentication as the unit cache). So a commit that only touches config.yaml
finds model.py's facts here and never imports libcst, and a changed model.py in a Truss with many
helpers re-parses only itself.

Serialisation is JSON written and read field by field — never pickle: even a file in the user's
own cache must not be a way to run code. Anything ill-typed is a miss.

No value is stored. String literals matter to one rule only (TSL304, through
`detectors.verdict.named_value_verdict`): a file with a literal that rule would report is not cached
(it is re-parsed on every run; it has a finding to fix), and for any other file the literals are
left out of the entry, since none of them can produce a finding. A file whose other facts hold a
credential-shaped or random-looking string (a token used as a secret name) is not cached either.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, get_args

from truss_secret_lint.cache.store import CacheStore
from truss_secret_lint.code_facts.facts import (
    ChainletSecrets,
    CodeFacts,
    Comment,
    Escape,
    HeldAttribute,
    Leak,
    LeakSink,
    MisuseKind,
    OutgoingSecrets,
    ParseFailure,
    ReadMechanism,
    SecretRead,
    SecretsMisuse,
)
from truss_secret_lint.diagnostic import Span

_NAMESPACE = "facts"
_SYNTAX = "syntax"
# The allowed words come from the facts' own types, so a new sink or mechanism cannot make every
# entry that has one a silent miss.
_MECHANISMS = frozenset(get_args(ReadMechanism))
_MISUSES = frozenset(get_args(MisuseKind))
_SINKS = frozenset(get_args(LeakSink))

TrackedParams = Mapping[str, frozenset[str]]


class FactsCache:
    """Per-file code facts in an authenticated store."""

    def __init__(self, store: CacheStore) -> None:
        self.store = store

    def _slot(self, text: str, class_name: str | None, tracked: TrackedParams) -> str:
        context = json.dumps(
            [class_name, sorted((name, sorted(params)) for name, params in tracked.items())]
        )
        return self.store.slot(
            _NAMESPACE, context.encode("utf-8"), text.encode("utf-8", "surrogatepass")
        )

    def load(
        self, text: str, class_name: str | None, tracked: TrackedParams, path: str
    ) -> CodeFacts | ParseFailure | None:
        """The facts (or parse failure, for `path`) of `text`, when this user cached them."""
        try:
            body = self.store.read(_NAMESPACE, self._slot(text, class_name, tracked))
            if body is None:
                return None
            return _decode(json.loads(body), path)
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None

    def store_result(
        self,
        text: str,
        class_name: str | None,
        tracked: TrackedParams,
        result: CodeFacts | ParseFailure,
    ) -> None:
        """Cache the facts of `text` unless they hold anything that may be a value."""
        encoded = _encode(result)
        if encoded is None:
            return
        body = json.dumps(encoded).encode("utf-8", "surrogatepass")
        self.store.write(_NAMESPACE, self._slot(text, class_name, tracked), body)

    def syntax_failure(self, text: str, path: str) -> ParseFailure | None:
        """CPython's syntax verdict on `text` (`code_facts.syntax`), cached like the facts: a
        Truss that bundles a vendored library checks its modules' syntax once, not on every
        run whose config.yaml changed."""
        from truss_secret_lint.code_facts.syntax import syntax_failure

        slot = self.store.slot(_SYNTAX, text.encode("utf-8", "surrogatepass"))
        body = self.store.read(_SYNTAX, slot)
        if body == b"ok":
            return None
        if body is not None:
            try:
                decoded = _decode(json.loads(body), path)
                if isinstance(decoded, ParseFailure):
                    return decoded
            except (ValueError, KeyError, TypeError, IndexError, AttributeError):
                pass
        failure = syntax_failure(text, path)
        encoded = b"ok" if failure is None else json.dumps(_encode(failure)).encode("utf-8")
        self.store.write(_SYNTAX, slot, encoded)
        return failure


def _span(span: Span) -> list[int]:
    return [span.line, span.column, span.end_line, span.end_column]


def _encode(result: CodeFacts | ParseFailure) -> dict[str, Any] | None:
    """The entry form, or None when the facts must not be stored (see the module docstring)."""
    if isinstance(result, ParseFailure):
        return {"failure": [result.message, _span(result.span)]}
    from truss_secret_lint.detectors.verdict import named_value_verdict

    if any(named_value_verdict(lit.context, lit.value) for lit in result.literals):
        return None
    entry = {
        "reads": [
            [r.key, _span(r.span), r.mechanism, r.chainlet, _optional_pair(r.imported)]
            for r in result.reads
        ],
        "misuses": [[m.kind, _span(m.span)] for m in result.misuses],
        "escapes": [[_span(e.span), e.description] for e in result.escapes],
        "outgoing": [[o.module, o.name, o.param, _span(o.span)] for o in result.outgoing],
        "leaks": [[leak.secret, leak.sink, _span(leak.span)] for leak in result.leaks],
        "chainlets": [
            [
                c.chainlet,
                None if c.keys is None else list(c.keys),
                _span(c.span),
                [_span(s) for s in c.key_spans],
            ]
            for c in result.chainlets
        ],
        "imports_truss_chains": result.imports_truss_chains,
        "constants": [list(pair) for pair in result.constants],
        "aliases": [list(triple) for triple in result.aliases],
        "bases": [list(pair) for pair in result.bases],
        "attributes": [[a.cls, a.attr, a.key] for a in result.attributes],
        "comments": [[c.text, _span(c.span)] for c in result.comments],
    }
    return None if _may_hold_value(entry) else entry


def _optional_pair(pair: tuple[str, str] | None) -> list[str] | None:
    return None if pair is None else list(pair)


def _may_hold_value(entry: dict[str, Any]) -> bool:
    from truss_secret_lint.detectors import find_credentials, is_random_looking

    strings: list[str] = []

    def collect(item: Any) -> None:
        if isinstance(item, str):
            strings.append(item)
        elif isinstance(item, list):
            for element in item:
                collect(element)

    for value in entry.values():
        collect(value)
    return any(is_random_looking(s) or find_credentials(s) for s in strings)


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError("int")
    return value


def _str(value: Any, *, optional: bool = False, allowed: frozenset[str] | None = None) -> Any:
    if optional and value is None:
        return None
    if not isinstance(value, str) or (allowed is not None and value not in allowed):
        raise TypeError("str")
    return value


def _decode_span(value: Any) -> Span:
    if not isinstance(value, list) or len(value) != 4:
        raise TypeError("span")
    return Span(*(_int(v) for v in value))


def _rows(entry: dict[str, Any], key: str, width: int) -> list[list[Any]]:
    rows = entry[key]
    if not isinstance(rows, list) or any(not isinstance(r, list) or len(r) != width for r in rows):
        raise TypeError(key)
    return rows


def _decode(entry: Any, path: str) -> CodeFacts | ParseFailure:
    """Facts from the entry form; TypeError/KeyError on anything ill-typed."""
    if not isinstance(entry, dict):
        raise TypeError("entry")
    if "failure" in entry:
        message, span = entry["failure"]
        return ParseFailure(_str(message), _decode_span(span), path)
    chains = entry["imports_truss_chains"]
    if not isinstance(chains, bool):
        raise TypeError("imports_truss_chains")
    return CodeFacts(
        reads=tuple(
            SecretRead(
                _str(key, optional=True),
                _decode_span(span),
                _str(mechanism, allowed=_MECHANISMS),
                _str(chainlet, optional=True),
                None if imported is None else _strings(imported, 2),
            )
            for key, span, mechanism, chainlet, imported in _rows(entry, "reads", 5)
        ),
        misuses=tuple(
            SecretsMisuse(_str(kind, allowed=_MISUSES), _decode_span(span))
            for kind, span in _rows(entry, "misuses", 2)
        ),
        escapes=tuple(
            Escape(_decode_span(span), _str(description))
            for span, description in _rows(entry, "escapes", 2)
        ),
        outgoing=tuple(
            OutgoingSecrets(_str(module), _str(name), _param(param), _decode_span(span))
            for module, name, param, span in _rows(entry, "outgoing", 4)
        ),
        literals=(),
        leaks=tuple(
            Leak(_str(secret, optional=True), _str(sink, allowed=_SINKS), _decode_span(span))
            for secret, sink, span in _rows(entry, "leaks", 3)
        ),
        chainlets=tuple(
            ChainletSecrets(
                _str(chainlet),
                None if keys is None else tuple(_str(k) for k in _list(keys)),
                _decode_span(span),
                tuple(_decode_span(s) for s in _list(key_spans)),
            )
            for chainlet, keys, span, key_spans in _rows(entry, "chainlets", 4)
        ),
        imports_truss_chains=chains,
        constants=tuple(_strings(row, 2) for row in _rows(entry, "constants", 2)),
        aliases=tuple(_strings(row, 3) for row in _rows(entry, "aliases", 3)),
        bases=tuple(_strings(row, 2) for row in _rows(entry, "bases", 2)),
        attributes=tuple(
            HeldAttribute(_str(cls), _str(attr), _str(key, optional=True))
            for cls, attr, key in _rows(entry, "attributes", 3)
        ),
        comments=tuple(
            Comment(_str(text), _decode_span(span)) for text, span in _rows(entry, "comments", 2)
        ),
    )


def _strings(row: Any, width: int) -> Any:
    """A tuple of `width` strings (typed Any: callers know their tuple's width)."""
    values = _list(row)
    if len(values) != width:
        raise TypeError("row")
    return tuple(_str(v) for v in values)


def _param(value: Any) -> str | int:
    return value if isinstance(value, str) else _int(value)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("list")
    return value
