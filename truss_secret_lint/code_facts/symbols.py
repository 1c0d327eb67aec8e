"""What a module defines: scopes, functions and classes, found in one walk before interpretation.

Every `def` and `class` (at any depth) gets an info object the interpreter keeps its summaries
in: a function's joined parameter values and return value, a class's attributes. Classes that
inherit from each other inside the module share one attribute table (a "family"), so
`self._secrets` set in a base class `__init__` is seen by a subclass's `load`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import libcst as cst

from truss_secret_lint.code_facts.values import BOTTOM, Value

ScopeKind = Literal["module", "class", "function", "lambda"]
FunctionKind = Literal["function", "method", "staticmethod", "classmethod", "property"]


@dataclass(eq=False)
class Scope:
    """A namespace: names bound in it and where to look next.

    `parent` follows Python's lexical rules: a function's parent skips enclosing class bodies.
    """

    kind: ScopeKind
    parent: Scope | None
    names: dict[str, Value] = field(default_factory=dict)
    global_names: set[str] = field(default_factory=set)
    nonlocal_names: set[str] = field(default_factory=set)
    function: FunctionInfo | None = None
    owner: ClassInfo | None = None

    def module(self) -> Scope:
        """The module scope at the root of this chain."""
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope


@dataclass(eq=False)
class Family:
    """Instance attributes shared by classes related by inheritance within the module."""

    attrs: dict[str, Value] = field(default_factory=dict)


@dataclass(eq=False)
class ClassInfo:
    """A class statement and what the interpreter learns about it."""

    node: cst.ClassDef
    qualname: str
    scope: Scope
    methods: dict[str, FunctionInfo] = field(default_factory=dict)
    bases: list[ClassInfo] = field(default_factory=list)
    external_bases: list[ExtRef] = field(default_factory=list)
    family: Family = field(default_factory=Family)
    chainlet: bool = False
    fields: list[str] = field(default_factory=list)
    """Names annotated in the class body (`token: str`), in order: a dataclass's fields."""

    @property
    def name(self) -> str:
        return self.node.name.value

    def mro(self) -> Iterator[ClassInfo]:
        """This class and its same-module bases, depth first, each once."""
        seen: set[int] = set()
        pending = [self]
        while pending:
            cls = pending.pop(0)
            if id(cls) in seen:
                continue
            seen.add(id(cls))
            yield cls
            pending.extend(cls.bases)

    def find_method(self, name: str) -> FunctionInfo | None:
        """The method `name` defined by this class or a same-module base."""
        for cls in self.mro():
            method = cls.methods.get(name)
            if method is not None:
                return method
        return None


@dataclass(eq=False)
class FunctionInfo:
    """A function statement, its signature, and its summaries (joined over the fixpoint)."""

    node: cst.FunctionDef
    qualname: str
    scope: Scope
    owner: ClassInfo | None
    kind: FunctionKind
    positional: list[str]
    keyword_only: list[str]
    star_args: str | None
    star_kwargs: str | None
    params: dict[str, Value] = field(default_factory=dict)
    returns: Value = BOTTOM
    external_entry: bool = False
    called: bool = False

    @property
    def name(self) -> str:
        return self.node.name.value

    @property
    def bound_positional(self) -> list[str]:
        """Positional parameters a caller fills (without `self`/`cls` for methods)."""
        if self.kind in ("method", "classmethod", "property") and self.positional:
            return self.positional[1:]
        return self.positional


@dataclass(frozen=True, slots=True)
class FuncRef:
    """A same-module function (or a method reached through its class)."""

    func: FunctionInfo


@dataclass(frozen=True, slots=True)
class ClassRef:
    """A same-module class object."""

    cls: ClassInfo


@dataclass(frozen=True, slots=True)
class InstanceRef:
    """An instance of a same-module class."""

    cls: ClassInfo


@dataclass(frozen=True, slots=True)
class BoundRef:
    """A same-module method bound to an instance (or, for a classmethod, to its class)."""

    func: FunctionInfo


@dataclass(frozen=True, slots=True)
class SuperRef:
    """`super()` inside a method of `cls`."""

    cls: ClassInfo


@dataclass(frozen=True, slots=True)
class LoggerRef:
    """A logger object (`logging.getLogger(...)`)."""


@dataclass(frozen=True, slots=True)
class ExtRef:
    """Something imported (or a builtin): the module as written and the dotted name inside it."""

    module: str
    name: str = ""

    @property
    def full(self) -> str:
        """`module.name` with relative dots kept (`.utils.load`)."""
        if not self.name:
            return self.module
        if self.module.endswith("."):
            return self.module + self.name
        return f"{self.module}.{self.name}"

    def attribute(self, attr: str) -> ExtRef:
        return ExtRef(self.module, f"{self.name}.{attr}" if self.name else attr)

    def split(self) -> tuple[str, str]:
        """(module, qualified name), reading lower-case leading name parts as submodules."""
        module = self.module
        parts = self.name.split(".") if self.name else []
        while len(parts) > 1 and not parts[0][:1].isupper():
            head = parts.pop(0)
            module = module + head if module.endswith(".") else f"{module}.{head}"
        return module, ".".join(parts)


Ref = FuncRef | ClassRef | InstanceRef | BoundRef | SuperRef | LoggerRef | ExtRef


InheritedAttrs = Mapping[tuple[str, str], frozenset[tuple[str, str | None]]]
"""Attributes holding the secrets object that classes imported from other modules of the checked
code set: (module as written, class name) → {(attribute, holder key or None)}."""


def imported_names(value: Value) -> list[tuple[str, str]]:
    """The imported names (module, name) a key may be when it is nothing but imports
    (`from .constants import KEY`): resolved against that module's constants after analysis."""
    if value.dyn or value.objs or value.taint or value.paths or value.seqs or not value.refs:
        return []
    if any(not text.exact for text in value.texts):
        return []
    if not all(isinstance(ref, ExtRef) and ref.name for ref in value.refs):
        return []
    return sorted(ref.split() for ref in value.refs if isinstance(ref, ExtRef))


@dataclass(eq=False)
class ModuleIndex:
    """All scopes, functions and classes of one module, in source order."""

    scope: Scope
    body: Sequence[cst.CSTNode]
    functions: list[FunctionInfo] = field(default_factory=list)
    classes: list[ClassInfo] = field(default_factory=list)
    by_node: dict[cst.CSTNode, FunctionInfo | ClassInfo] = field(default_factory=dict)
    star_imports: list[str] = field(default_factory=list)

    def function(self, node: cst.FunctionDef) -> FunctionInfo:
        info = self.by_node[node]
        assert isinstance(info, FunctionInfo)
        return info

    def klass(self, node: cst.ClassDef) -> ClassInfo:
        info = self.by_node[node]
        assert isinstance(info, ClassInfo)
        return info

    def find(self, qualname: str) -> FunctionInfo | ClassInfo | None:
        """A function, method or class by qualified name (`load`, `Helper`, `Helper.create`)."""
        for function in self.functions:
            if function.qualname == qualname:
                return function
        for cls in self.classes:
            if cls.qualname == qualname:
                return cls
        return None


def index_module(module: cst.Module) -> ModuleIndex:
    """Find every function and class and build their scopes."""
    index = ModuleIndex(Scope("module", None), module.body)
    _index_body(module.body, index, index.scope, owner=None, prefix="")
    return index


def _index_body(
    body: Sequence[cst.CSTNode],
    index: ModuleIndex,
    scope: Scope,
    owner: ClassInfo | None,
    prefix: str,
) -> None:
    for statement in _statements(body):
        if isinstance(statement, cst.FunctionDef):
            _index_function(statement, index, scope, owner, prefix)
        elif isinstance(statement, cst.ClassDef):
            _index_class(statement, index, scope, prefix)


def _index_function(
    node: cst.FunctionDef,
    index: ModuleIndex,
    scope: Scope,
    owner: ClassInfo | None,
    prefix: str,
) -> None:
    parent = scope
    while parent.kind == "class" and parent.parent is not None:
        parent = parent.parent
    local = Scope("function", parent)
    params = node.params
    info = FunctionInfo(
        node=node,
        qualname=prefix + node.name.value,
        scope=local,
        owner=owner,
        kind=_function_kind(node) if owner is not None else "function",
        positional=[p.name.value for p in (*params.posonly_params, *params.params)],
        keyword_only=[p.name.value for p in params.kwonly_params],
        star_args=params.star_arg.name.value if isinstance(params.star_arg, cst.Param) else None,
        star_kwargs=params.star_kwarg.name.value if params.star_kwarg is not None else None,
    )
    local.function = info
    local.global_names, local.nonlocal_names = _declarations(node.body)
    index.functions.append(info)
    index.by_node[node] = info
    if owner is not None:
        owner.methods.setdefault(info.name, info)
    _index_body(_body_of(node), index, local, owner=None, prefix=f"{info.qualname}.")


def _index_class(node: cst.ClassDef, index: ModuleIndex, scope: Scope, prefix: str) -> None:
    body_scope = Scope("class", scope)
    info = ClassInfo(node=node, qualname=prefix + node.name.value, scope=body_scope)
    body_scope.owner = info
    info.fields = _annotated_names(_body_of(node))
    index.classes.append(info)
    index.by_node[node] = info
    _index_body(_body_of(node), index, body_scope, owner=info, prefix=f"{info.qualname}.")


def _annotated_names(body: Sequence[cst.CSTNode]) -> list[str]:
    names = []
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    names.append(small.target.value)
    return names


def _function_kind(node: cst.FunctionDef) -> FunctionKind:
    for decorator in node.decorators:
        target = decorator.decorator
        name = target.value if isinstance(target, cst.Name) else None
        if isinstance(target, cst.Attribute):
            name = target.attr.value
        if name == "staticmethod":
            return "staticmethod"
        if name == "classmethod":
            return "classmethod"
        if name in ("property", "cached_property"):
            return "property"
    return "method"


def _declarations(body: cst.BaseSuite) -> tuple[set[str], set[str]]:
    """Names a function body declares `global` and `nonlocal` (nested defs excluded)."""
    global_names: set[str] = set()
    nonlocal_names: set[str] = set()
    for statement in _statements(_suite(body)):
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Global):
                    global_names.update(item.name.value for item in small.names)
                elif isinstance(small, cst.Nonlocal):
                    nonlocal_names.update(item.name.value for item in small.names)
    return global_names, nonlocal_names


def _body_of(node: cst.FunctionDef | cst.ClassDef) -> Sequence[cst.CSTNode]:
    return _suite(node.body)


def _suite(suite: cst.BaseSuite) -> Sequence[cst.CSTNode]:
    if isinstance(suite, cst.IndentedBlock):
        return suite.body
    if isinstance(suite, cst.SimpleStatementSuite):
        return [cst.SimpleStatementLine(body=suite.body)]
    return []


def _statements(body: Sequence[cst.CSTNode]) -> Iterator[cst.CSTNode]:
    """Statements of a block, descending into compound statements but not into defs/classes."""
    for statement in body:
        yield statement
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            continue
        for block in compound_blocks(statement):
            yield from _statements(block)


def compound_blocks(statement: cst.CSTNode) -> Iterator[Sequence[cst.CSTNode]]:
    """The nested statement blocks of an if/for/while/try/with/match statement.

    An `elif` chain is walked in a loop, not recursively: libcst nests each `elif` inside the
    previous `If`, and generated code can have hundreds of them.
    """
    if isinstance(statement, cst.If):
        yield from if_chain_blocks(statement)
        return
    if isinstance(statement, (cst.For, cst.While, cst.With, cst.Try, cst.TryStar)):
        yield _suite(statement.body)
    if isinstance(statement, (cst.For, cst.While, cst.Try, cst.TryStar)):
        orelse = statement.orelse
        if isinstance(orelse, cst.Else):
            yield _suite(orelse.body)
    if isinstance(statement, (cst.Try, cst.TryStar)):
        for handler in statement.handlers:
            yield _suite(handler.body)
        if statement.finalbody is not None:
            yield _suite(statement.finalbody.body)
    if isinstance(statement, cst.Match):
        for case in statement.cases:
            yield _suite(case.body)


def if_chain(statement: cst.If) -> Iterator[cst.If]:
    """The `if` and each `elif` of a chain, in order."""
    current: cst.If | None = statement
    while current is not None:
        yield current
        current = current.orelse if isinstance(current.orelse, cst.If) else None


def if_chain_blocks(statement: cst.If) -> Iterator[Sequence[cst.CSTNode]]:
    """The bodies of an if/elif/else chain, in order."""
    last = statement
    for branch in if_chain(statement):
        yield _suite(branch.body)
        last = branch
    if isinstance(last.orelse, cst.Else):
        yield _suite(last.orelse.body)
