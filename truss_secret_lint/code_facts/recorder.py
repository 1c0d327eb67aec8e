"""Collects the facts found while interpreting, without duplicates, in source order.

The interpreter re-runs every function until its summaries stop changing; the recorder is
cleared before each round, so the facts kept are those of the last (converged) round.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import libcst as cst

from truss_secret_lint.code_facts.facts import (
    ChainletSecrets,
    CodeFacts,
    Escape,
    Leak,
    LeakSink,
    MisuseKind,
    OutgoingSecrets,
    ReadMechanism,
    SecretRead,
    SecretsMisuse,
    StringLiteral,
)
from truss_secret_lint.diagnostic import Span

MIN_LITERAL_LENGTH = 8

_Fact = TypeVar("_Fact")


class Recorder:
    """Ordered sets of facts keyed by their own value."""

    def __init__(self, span: Callable[[cst.CSTNode], Span]) -> None:
        self._span_of = span
        self._spans: dict[cst.CSTNode, Span] = {}
        self.clear()

    def span(self, node: cst.CSTNode) -> Span:
        """The node's span (computed once per node across rounds)."""
        span = self._spans.get(node)
        if span is None:
            span = self._spans[node] = self._span_of(node)
        return span

    def clear(self) -> None:
        self.reads: dict[SecretRead, None] = {}
        self.misuses: dict[SecretsMisuse, None] = {}
        self.escapes: dict[Escape, None] = {}
        self.outgoing: dict[OutgoingSecrets, None] = {}
        self.literals: dict[StringLiteral, None] = {}
        self.leaks: dict[Leak, None] = {}

    def read(
        self,
        node: cst.CSTNode,
        keys: Iterable[str | None],
        mechanism: ReadMechanism,
        chainlet: str | None = None,
        imported: Iterable[tuple[str, str]] = (),
    ) -> None:
        """A read of each key; the unknown key (None) is read once per imported name it may be
        (`imported`), or once."""
        span = self.span(node)
        names = sorted(set(imported))
        for key in keys:
            if key is None and names:
                for name in names:
                    self.reads[SecretRead(None, span, mechanism, chainlet, name)] = None
            else:
                self.reads[SecretRead(key, span, mechanism, chainlet)] = None

    def misuse(self, node: cst.CSTNode, kind: MisuseKind) -> None:
        self.misuses[SecretsMisuse(kind, self.span(node))] = None

    def escape(self, node: cst.CSTNode, description: str) -> None:
        self.escapes[Escape(self.span(node), description)] = None

    def send(self, node: cst.CSTNode, module: str, name: str, param: str | int) -> None:
        self.outgoing[OutgoingSecrets(module, name, param, self.span(node))] = None

    def literal(self, node: cst.CSTNode, value: str, context: str | None) -> None:
        if len(value) >= MIN_LITERAL_LENGTH and value.strip():
            self.literals[StringLiteral(value, self.span(node), context)] = None

    def leak(self, node: cst.CSTNode, secrets: Iterable[str | None], sink: LeakSink) -> None:
        span = self.span(node)
        for secret in secrets:
            self.leaks[Leak(secret, sink, span)] = None

    def facts(
        self, chainlets: list[ChainletSecrets], imports_truss_chains: bool, **module: Any
    ) -> CodeFacts:
        """The facts of the last round, plus the module-level ones (`constants`, `aliases`,
        `bases`, `attributes`) computed by the driver."""
        return CodeFacts(
            **module,
            reads=_sorted(
                self.reads,
                lambda f: (f.span, f.key is None, f.key or "", f.mechanism + str(f.imported or "")),
            ),
            misuses=_sorted(self.misuses, lambda f: (f.span, False, f.kind, "")),
            escapes=_sorted(self.escapes, lambda f: (f.span, False, f.description, "")),
            outgoing=_sorted(self.outgoing, lambda f: (f.span, False, f.name, str(f.param))),
            literals=_sorted(self.literals, lambda f: (f.span, False, f.value, "")),
            leaks=_sorted(self.leaks, lambda f: (f.span, f.secret is None, f.secret or "", f.sink)),
            chainlets=tuple(sorted(chainlets, key=lambda c: c.span)),
            imports_truss_chains=imports_truss_chains,
        )


_SortKey = tuple[Span, bool, str, str]


def _sorted(facts: dict[_Fact, None], key: Callable[[_Fact], _SortKey]) -> tuple[_Fact, ...]:
    return tuple(sorted(facts, key=key))
