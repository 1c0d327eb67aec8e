"""The shape every rule has: identity, documentation, examples that are its tests, and check().

A rule's class docstring is its documentation (headings *What it does*, *Why is this bad?*,
*Example*, *Use instead*); `truss-secret-lint rule CODE` prints it. VALID and INVALID hold small
Trusses (file name → text); one parametrised test runs them all, so adding a rule never touches
`tests/`. An INVALID example pins where the findings are.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from truss_secret_lint.diagnostic import Diagnostic, Fix, Severity, Span
from truss_secret_lint.fingerprint import value_digest
from truss_secret_lint.redact import Message, show_secret
from truss_secret_lint.target import CheckTarget

CONFIG = "config.yaml"
MODEL = "model/model.py"


@dataclass(frozen=True)
class Example:
    """A small Truss: files (relative path → text); for INVALID, where findings must be.

    `expect` holds (path, line, column) triples; `fixed` optionally holds the expected text of
    files after `--fix`.
    """

    files: Mapping[str, str | bytes]
    expect: tuple[tuple[str, int, int], ...] = ()
    fixed: Mapping[str, str] = field(default_factory=dict)


def config(text: str, *positions: tuple[int, int], fixed: str | None = None) -> Example:
    """An example Truss that is only a config.yaml; positions are (line, column) in it."""
    return Example(
        {CONFIG: text},
        tuple((CONFIG, line, column) for line, column in positions),
        {CONFIG: fixed} if fixed is not None else {},
    )


def truss(
    files: Mapping[str, str | bytes],
    *positions: tuple[str, int, int],
    fixed: Mapping[str, str] | None = None,
) -> Example:
    """An example Truss of several files; positions are (path, line, column)."""
    return Example(dict(files), tuple(positions), dict(fixed or {}))


class Rule:
    """Base class of all rules."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    enabled_by_default: ClassVar[bool] = True
    fixable: ClassVar[bool] = False
    extra_select: ClassVar[tuple[str, ...]] = ()  # rules the examples need running alongside
    VALID: ClassVar[tuple[Example, ...]] = ()
    INVALID: ClassVar[tuple[Example, ...]] = ()

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        """Yield the findings of this rule in one target."""
        raise NotImplementedError

    def diagnostic(
        self,
        path: Path,
        span: Span,
        message: Message,
        *,
        secret: str | None = None,
        value: str | None = None,
        fix: Fix | None = None,
    ) -> Diagnostic:
        """A finding of this rule. `message` is built by `redact.render` (so text from the
        checked file reaches it only as a Name or a Value); `secret` is shown by
        `redact.show_secret` (verbatim only when plausible); `value` (the offending text) only
        feeds the baseline digest."""
        return Diagnostic(
            path=path.as_posix(),
            span=span,
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=message,
            secret=show_secret(secret),
            value_digest=value_digest(value) if value is not None else None,
            fix=fix,
        )

    @classmethod
    def documentation(cls) -> str:
        """The rule's docs: a title line and its docstring."""
        import inspect

        doc = inspect.cleandoc(cls.__doc__ or "")
        title = f"{cls.code} {cls.name} ({cls.severity.value})"
        fix = "Fix available with --fix.\n\n" if cls.fixable else ""
        return f"{title}\n\n{fix}{doc}\n"
