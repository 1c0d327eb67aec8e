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
_PendingRead = tuple[cst.CSTNode, str | None, ReadMechanism, str | None, tuple[str, str] | None]


class Recorder:
    """Ordered sets of facts keyed by their own value.

    Facts are noted with their node and become values (with a `Span`) only in `facts`: the
    interpreter records deep inside its own recursion, and a position can need a codegen pass
    (see `positions`) that is better run from the shallow end of the stack, once per node.
    """

    def __init__(self, span: Callable[[cst.CSTNode], Span]) -> None:
        self.span = span
        self.clear()

    def clear(self) -> None:
        self.reads: dict[_PendingRead, None] = {}
        self.misuses: dict[tuple[cst.CSTNode, MisuseKind], None] = {}
        self.escapes: dict[tuple[cst.CSTNode, str], None] = {}
        self.outgoing: dict[tuple[cst.CSTNode, str, str, str | int], None] = {}
        self.literals: dict[tuple[cst.CSTNode, str, str | None], None] = {}
        self.leaks: dict[tuple[cst.CSTNode, str | None, LeakSink], None] = {}

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
        names = sorted(set(imported))
        for key in keys:
            if key is None and names:
                for name in names:
                    self.reads[(node, None, mechanism, chainlet, name)] = None
            else:
                self.reads[(node, key, mechanism, chainlet, None)] = None

    def misuse(self, node: cst.CSTNode, kind: MisuseKind) -> None:
        self.misuses[(node, kind)] = None

    def escape(self, node: cst.CSTNode, description: str) -> None:
        self.escapes[(node, description)] = None

    def send(self, node: cst.CSTNode, module: str, name: str, param: str | int) -> None:
        self.outgoing[(node, module, name, param)] = None

    def literal(self, node: cst.CSTNode, value: str, context: str | None) -> None:
        if len(value) >= MIN_LITERAL_LENGTH and value.strip():
            self.literals[(node, value, context)] = None

    def leak(self, node: cst.CSTNode, secrets: Iterable[str | None], sink: LeakSink) -> None:
        for secret in secrets:
            self.leaks[(node, secret, sink)] = None

    def facts(
        self, chainlets: list[ChainletSecrets], imports_truss_chains: bool, **module: Any
    ) -> CodeFacts:
        """The facts of the last round, plus the module-level ones (`constants`, `aliases`,
        `bases`, `attributes`) computed by the driver."""
        span = self.span
        reads = [SecretRead(k, span(n), m, c, i) for n, k, m, c, i in self.reads]
        misuses = [SecretsMisuse(kind, span(n)) for n, kind in self.misuses]
        escapes = [Escape(span(n), description) for n, description in self.escapes]
        outgoing = [OutgoingSecrets(m, name, p, span(n)) for n, m, name, p in self.outgoing]
        literals = [StringLiteral(value, span(n), c) for n, value, c in self.literals]
        leaks = [Leak(secret, sink, span(n)) for n, secret, sink in self.leaks]
        return CodeFacts(
            **module,
            reads=_sorted(
                reads,
                lambda f: (f.span, f.key is None, f.key or "", f.mechanism + str(f.imported or "")),
            ),
            misuses=_sorted(misuses, lambda f: (f.span, False, f.kind, "")),
            escapes=_sorted(escapes, lambda f: (f.span, False, f.description, "")),
            outgoing=_sorted(outgoing, lambda f: (f.span, False, f.name, str(f.param))),
            literals=_sorted(literals, lambda f: (f.span, False, f.value, "")),
            leaks=_sorted(leaks, lambda f: (f.span, f.secret is None, f.secret or "", f.sink)),
            chainlets=tuple(sorted(chainlets, key=lambda c: c.span)),
            imports_truss_chains=imports_truss_chains,
        )


_SortKey = tuple[Span, bool, str, str]


def _sorted(facts: list[_Fact], key: Callable[[_Fact], _SortKey]) -> tuple[_Fact, ...]:
    """Without duplicates (two nodes can share a span), in order."""
    return tuple(sorted(dict.fromkeys(facts), key=key))
