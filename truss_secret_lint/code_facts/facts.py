"""The facts one pass over a Python file yields: plain, frozen values for the rules to compare.

Nothing here knows about rules or diagnostics. Positions are `Span`s (1-based lines and columns,
`end_column` exclusive); lists are tuples sorted by position so two runs compare equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from truss_secret_lint.diagnostic import Span

ReadMechanism = Literal["subscript", "get", "get_default", "contains", "environ", "file"]
MisuseKind = Literal["iterate", "keys", "values", "items", "dict", "unpack", "len"]
LeakSink = Literal["print", "logging", "warning", "exception", "return"]


@dataclass(frozen=True, order=True)
class ParseFailure:
    """The file could not be parsed (or is too deeply nested to analyse safely).

    `message` never quotes the source: a syntax error's offending line may hold a credential.
    """

    message: str
    span: Span
    path: str = ""


@dataclass(frozen=True)
class SecretRead:
    """A read of one secret: through the secrets object, the environment, or `/secrets/<name>`.

    `key` is None when the name is not a constant. `chainlet` is the chainlet class whose
    `DeploymentContext` the secrets object came from (None for a Truss model's secrets and for
    environment and file reads).
    """

    key: str | None
    span: Span
    mechanism: ReadMechanism
    chainlet: str | None = None
    imported: tuple[str, str] | None = None
    """For a key that is a name imported from another module (`from .constants import KEY`):
    that module as written and the name in it, for `links` to resolve (key stays None)."""


@dataclass(frozen=True)
class SecretsMisuse:
    """A use of the secrets object that only works on a dict: it raises in production."""

    kind: MisuseKind
    span: Span


@dataclass(frozen=True)
class Escape:
    """The secrets object (or something holding it) goes where the analysis cannot follow."""

    span: Span
    description: str


@dataclass(frozen=True)
class OutgoingSecrets:
    """The secrets object is passed to a name imported from another module.

    `module` is the module as written in the import (relative imports keep their dots); a
    lower-case attribute path after an imported name is read as submodules, so
    `from . import utils; utils.load(s)` gives module `.utils`, name `load`. `name` is the
    qualified name inside that module: `load`, `Helper` (its `__init__`), `Helper.create`.
    `param` is the keyword name, or the 0-based position among the call's positional
    arguments (not counting `self`/`cls`). Calls into builtins and the standard library are
    `Escape`s instead; for any other module that is not part of the checked code (a third-party
    package) the engine should treat this like an `Escape` too.
    """

    module: str
    name: str
    param: str | int
    span: Span


@dataclass(frozen=True)
class StringLiteral:
    """A string constant of at least 8 characters that is not only whitespace.

    `value` is the evaluated string (for an f-string: its constant parts joined). `context` is
    the name it is bound to (assignment target, attribute, keyword argument, parameter default,
    dict key, or environment variable name), or None.
    """

    value: str
    span: Span
    context: str | None


@dataclass(frozen=True)
class Comment:
    """A comment (from `#` to the end of its line) that may hold a credential."""

    text: str
    span: Span


@dataclass(frozen=True)
class Leak:
    """A secret's value reaches an output: `print`, a logger, an exception, `predict`'s result."""

    secret: str | None
    sink: LeakSink
    span: Span


@dataclass(frozen=True)
class ChainletSecrets:
    """The secrets a Truss Chains chainlet declares in `Assets(secret_keys=[...])`.

    `keys` is None when the list is not a constant, `()` when nothing is declared. `span` is the
    `secret_keys` value, else the `remote_config` name, else the class name. `key_spans` holds
    one span per declared key (empty when `keys` is None).
    """

    chainlet: str
    keys: tuple[str, ...] | None
    span: Span
    key_spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class CodeFacts:
    """Everything the rules need from one Python file."""

    reads: tuple[SecretRead, ...] = ()
    misuses: tuple[SecretsMisuse, ...] = ()
    escapes: tuple[Escape, ...] = ()
    outgoing: tuple[OutgoingSecrets, ...] = ()
    literals: tuple[StringLiteral, ...] = ()
    leaks: tuple[Leak, ...] = ()
    chainlets: tuple[ChainletSecrets, ...] = ()
    imports_truss_chains: bool = False
    constants: tuple[tuple[str, str], ...] = ()
    """Module-level names bound to one constant string (`HF_SECRET_NAME = "hf_token"`)."""
    aliases: tuple[tuple[str, str, str], ...] = ()
    """Module-level names that are imports (name, module as written, name in it): re-exports."""
    bases: tuple[tuple[str, str], ...] = ()
    """Classes' bases imported from another module of the checked code (module, name)."""
    attributes: tuple[HeldAttribute, ...] = ()
    """Instance attributes that hold a Truss model's secrets object, per class."""
    comments: tuple[Comment, ...] = ()
    """Comments that may hold a credential (see `comments`)."""


@dataclass(frozen=True, order=True)
class HeldAttribute:
    """`self.<attr>` of class `cls` holds the secrets object (`key` None) or a mapping holding
    it at `key` (`self._ctx = {"secrets": s}`); a subclass in another module inherits it."""

    cls: str
    attr: str
    key: str | None = None
