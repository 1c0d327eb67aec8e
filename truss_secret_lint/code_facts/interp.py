"""The abstract interpreter's statements and rounds.

It is flow-insensitive (a name's value is the join of everything ever assigned to it) and runs
in rounds: the module body (with class bodies, as Python executes them) and then every function,
with parameters holding the join of the arguments seen at same-module call sites. Rounds repeat
until no name, attribute, parameter or return value grows; facts are recorded as a side effect
and the recorder keeps those of the last round. Expressions are evaluated in `expressions`,
calls in `calls`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import libcst as cst

from truss_secret_lint.code_facts import calls
from truss_secret_lint.code_facts.expressions import (
    ExpressionInterpreter,
    sorted_names,
    target_context,
)
from truss_secret_lint.code_facts.known import (
    CHAINLET_BASES,
    CHAINS_CONTEXT_CLASS,
    CHAINS_CONTEXT_FACTORY,
    is_chains_name,
)
from truss_secret_lint.code_facts.recorder import Recorder
from truss_secret_lint.code_facts.seeds import Forwarded
from truss_secret_lint.code_facts.strings import simple_text
from truss_secret_lint.code_facts.symbols import (
    ClassInfo,
    ClassRef,
    ExtRef,
    FuncRef,
    FunctionInfo,
    InheritedAttrs,
    InstanceRef,
    ModuleIndex,
    Scope,
    compound_blocks,
    if_chain,
)
from truss_secret_lint.code_facts.values import (
    BOTTOM,
    UNKNOWN,
    Obj,
    Value,
    concat,
)


class Interpreter(ExpressionInterpreter):
    """Interprets one module; see the module docstring."""

    def __init__(
        self,
        index: ModuleIndex,
        recorder: Recorder,
        model_class_name: str | None,
        seed: Callable[[], Forwarded],
        inherited: InheritedAttrs,
    ) -> None:
        super().__init__(index, recorder, model_class_name, inherited)
        self.seed = seed
        self._statements: dict[type[cst.CSTNode], Callable[[Scope, Any], None]] = {
            cst.SimpleStatementLine: self._simple_line,
            cst.FunctionDef: self._function_def,
            cst.ClassDef: self._class_def,
            cst.For: self._for,
            cst.With: self._with,
            cst.Try: self._try,
            cst.TryStar: self._try,
        }
        self._small_statements: dict[type[cst.CSTNode], Callable[[Scope, Any], None]] = {
            cst.Expr: self._expression_statement,
            cst.Assign: self._assign_statement,
            cst.AnnAssign: self._annotated_assign,
            cst.AugAssign: self._augmented_assign,
            cst.Return: self._return_statement,
            cst.Raise: self._raise,
            cst.Assert: self._assert,
            cst.Import: self._import,
            cst.ImportFrom: self._import,
            cst.Del: self._del,
        }

    # ----------------------------------------------------------------- driving the rounds

    def run_round(self) -> None:
        """Interpret the module body (class bodies included), seed, then every function once."""
        self.rec.clear()
        self.exec_body(self.index.scope, self.index.body)
        for cls, param in self.seed():
            self._forward_construction(cls, param)
        for function in self.index.functions:
            self.run_function(function)

    def _forward_construction(self, cls: ClassInfo, param: str | int) -> None:
        """`cls` receives the secrets object but has no `__init__` here: its imported bases'
        `__init__` does (`class Model(BaseModel)` with `from .base import BaseModel`)."""
        for klass in cls.mro():
            for base in klass.external_bases:
                if not calls.is_library(base):
                    module, name = base.split()
                    self.rec.send(cls.node.name, module, name, param)

    def run_function(self, function: FunctionInfo) -> None:
        scope = function.scope
        for name, value in self._parameter_values(function).items():
            self.bind(scope, name, value)
        body = function.node.body
        if isinstance(body, cst.IndentedBlock):
            self.exec_body(scope, body.body)
        elif isinstance(body, cst.SimpleStatementSuite):
            self.exec_small_statements(scope, body.body)

    def _parameter_values(self, function: FunctionInfo) -> dict[str, Value]:
        """Every parameter's value this round: the receiver, call-site joins, or unknown."""
        names = [*function.positional, *function.keyword_only]
        names += [n for n in (function.star_args, function.star_kwargs) if n is not None]
        values = {name: UNKNOWN.join(function.params.get(name, BOTTOM)) for name in names}
        owner = function.owner
        if owner is not None and function.positional:
            receiver = function.positional[0]
            if function.kind in ("method", "property"):
                values[receiver] = Value(refs=frozenset({InstanceRef(owner)}))
            elif function.kind == "classmethod":
                values[receiver] = Value(refs=frozenset({ClassRef(owner)}))
        if owner is not None and owner.chainlet and function.name == "__init__":
            for param in self._context_parameters(function):
                values[param] = values[param].join(
                    Value(objs=frozenset({Obj("context", owner.name)}))
                )
        return values

    def _context_parameters(self, function: FunctionInfo) -> list[str]:
        """Parameters of a chainlet `__init__` that receive the chains `DeploymentContext`."""
        enclosing = function.scope.parent or self.index.scope
        params = function.node.params
        found = []
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            hints: list[str] = []
            if isinstance(param.default, cst.Call):
                value = self.eval(param.default.func, enclosing, record=False)
                hints += [ref.full for ref in value.refs if isinstance(ref, ExtRef)]
            if param.annotation is not None:
                annotation = param.annotation.annotation
                if isinstance(annotation, cst.SimpleString):
                    hints.append(f"truss_chains.{(simple_text(annotation) or '').split('.')[-1]}")
                else:
                    value = self.eval(annotation, enclosing, record=False)
                    hints += [ref.full for ref in value.refs if isinstance(ref, ExtRef)]
            if any(is_chains_name(h, CHAINS_CONTEXT_FACTORY, CHAINS_CONTEXT_CLASS) for h in hints):
                found.append(param.name.value)
        return found

    # ----------------------------------------------------------------- statements

    def exec_body(self, scope: Scope, body: Sequence[cst.CSTNode]) -> None:
        for statement in body:
            self.exec_statement(scope, statement)

    def exec_small_statements(self, scope: Scope, body: Sequence[cst.BaseSmallStatement]) -> None:
        for small in body:
            self._small_statement(scope, small)

    def exec_statement(self, scope: Scope, statement: cst.CSTNode) -> None:
        handler = self._statements.get(type(statement), self._compound)
        handler(scope, statement)

    def _simple_line(self, scope: Scope, statement: cst.SimpleStatementLine) -> None:
        self.exec_small_statements(scope, statement.body)

    def _with(self, scope: Scope, statement: cst.With) -> None:
        for item in statement.items:
            value = self.eval(item.item, scope)
            if item.asname is not None:
                self.assign(item.asname.name, value, scope)
        self._blocks(scope, statement)

    def _try(self, scope: Scope, statement: cst.Try | cst.TryStar) -> None:
        for handler in statement.handlers:
            if handler.type is not None:
                self.eval(handler.type, scope)
            if handler.name is not None:
                self.assign(handler.name.name, UNKNOWN, scope)
        self._blocks(scope, statement)

    def _compound(self, scope: Scope, statement: cst.CSTNode) -> None:
        if isinstance(statement, cst.If):
            for branch in if_chain(statement):
                self.eval(branch.test, scope)
        elif isinstance(statement, cst.While):
            self.eval(statement.test, scope)
        elif isinstance(statement, cst.Match):
            self.eval(statement.subject, scope)
            for case in statement.cases:
                if case.guard is not None:
                    self.eval(case.guard, scope)
        self._blocks(scope, statement)

    def _blocks(self, scope: Scope, statement: cst.CSTNode) -> None:
        for block in compound_blocks(statement):
            self.exec_body(scope, block)

    def _for(self, scope: Scope, statement: cst.For) -> None:
        iterable = self.eval(statement.iter, scope)
        self.assign(statement.target, self.iterate(statement.iter, iterable), scope)
        self._blocks(scope, statement)

    def _function_def(self, scope: Scope, node: cst.FunctionDef) -> None:
        for decorator in node.decorators:
            self.eval(decorator.decorator, scope)
        params = node.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            if param.default is not None:
                self.eval(param.default, scope, context=param.name.value)
        if scope.kind != "class":
            info = self.index.function(node)
            self.bind(scope, node.name.value, Value(refs=frozenset({FuncRef(info)})))

    def _class_def(self, scope: Scope, node: cst.ClassDef) -> None:
        info = self.index.klass(node)
        for decorator in node.decorators:
            self.eval(decorator.decorator, scope)
        bases: list[ClassInfo] = []
        external: list[ExtRef] = []
        for arg in node.bases:
            value = self.eval(arg.value, scope)
            bases += [ref.cls for ref in value.refs if isinstance(ref, ClassRef)]
            external += [ref for ref in value.refs if isinstance(ref, ExtRef)]
        for keyword in node.keywords:
            self.eval(keyword.value, scope)
        info.bases, info.external_bases = bases, external
        chainlet = any(base.chainlet for base in bases) or any(
            is_chains_name(ref.full, *CHAINLET_BASES) for ref in external
        )
        if chainlet and not info.chainlet:
            info.chainlet = True
            self.changed = True
        for base in bases:
            self._merge_families(info, base)
        self.bind(scope, node.name.value, Value(refs=frozenset({ClassRef(info)})))
        body = node.body
        if isinstance(body, cst.IndentedBlock):
            self.exec_body(info.scope, body.body)
        elif isinstance(body, cst.SimpleStatementSuite):
            self.exec_small_statements(info.scope, body.body)

    def _merge_families(self, cls: ClassInfo, base: ClassInfo) -> None:
        if cls.family is base.family:
            return
        merged, old = base.family, cls.family
        for name, value in old.attrs.items():
            self.grow(merged.attrs, name, value)
        for other in self.index.classes:
            if other.family is old:
                other.family = merged
        self.changed = True

    def _small_statement(self, scope: Scope, small: cst.BaseSmallStatement) -> None:
        handler = self._small_statements.get(type(small))
        if handler is not None:
            handler(scope, small)

    def _expression_statement(self, scope: Scope, small: cst.Expr) -> None:
        self.eval(small.value, scope)

    def _annotated_assign(self, scope: Scope, small: cst.AnnAssign) -> None:
        if small.value is not None:
            value = self.eval(small.value, scope, context=target_context(small.target))
            self.assign(small.target, value, scope)

    def _augmented_assign(self, scope: Scope, small: cst.AugAssign) -> None:
        current = self.eval(small.target, scope)
        value = self.eval(small.value, scope, context=target_context(small.target))
        if isinstance(small.operator, cst.AddAssign):
            self.assign(small.target, concat(current, value), scope)
        else:
            self.assign(small.target, Value(taint=value.secret_text().taint), scope)

    def _return_statement(self, scope: Scope, small: cst.Return) -> None:
        if small.value is not None:
            self._return(scope, small, self.eval(small.value, scope))

    def _assert(self, scope: Scope, small: cst.Assert) -> None:
        self.eval(small.test, scope)
        if small.msg is not None:
            taint = self.eval(small.msg, scope).secret_text().taint
            if taint:
                self.rec.leak(small, sorted_names(taint), "exception")

    def _del(self, scope: Scope, small: cst.Del) -> None:
        self.eval(small.target, scope)

    def _assign_statement(self, scope: Scope, node: cst.Assign) -> None:
        targets = [t.target for t in node.targets]
        value_node = node.value
        if (
            len(targets) == 1
            and isinstance(targets[0], (cst.Tuple, cst.List))
            and isinstance(value_node, (cst.Tuple, cst.List))
            and len(targets[0].elements) == len(value_node.elements)
            and not any(isinstance(e, cst.StarredElement) for e in value_node.elements)
        ):
            for left, right in zip(targets[0].elements, value_node.elements, strict=True):
                value = self.eval(right.value, scope, context=target_context(left.value))
                self.assign(left.value, value, scope)
            return
        value = self.eval(value_node, scope, context=target_context(targets[0]))
        for target in targets:
            self.assign(target, value, scope)

    def _return(self, scope: Scope, node: cst.CSTNode, value: Value) -> None:
        function = scope.function
        if function is None or scope.kind != "function":
            return
        if function.returns.join(value) != function.returns:
            function.returns = function.returns.join(value)
            self.changed = True
        if value.holds_tracked and (function.external_entry or not function.called):
            self.rec.escape(node, f"the secrets object is returned from `{function.qualname}`")
        if self.returns_to_client(function):
            taint = value.secret_text().taint
            if taint:
                self.rec.leak(node, sorted_names(taint), "return")

    def returns_to_client(self, function: FunctionInfo) -> bool:
        """Is this `predict` (or a chainlet's `run_remote`), whose result goes to the caller?"""
        owner = function.owner
        if owner is None or function.kind != "method":
            return False
        if owner.chainlet:
            return function.name == "run_remote"
        if function.name not in ("predict", "postprocess"):
            return False
        return self.model_class_name is None or owner.qualname == self.model_class_name

    def _raise(self, scope: Scope, node: cst.Raise) -> None:
        if node.exc is not None:
            taint = self.eval(node.exc, scope).secret_text().taint
            if taint:
                self.rec.leak(node, sorted_names(taint), "exception")
        if node.cause is not None:
            self.eval(node.cause.item, scope)

    def _import(self, scope: Scope, node: cst.Import | cst.ImportFrom) -> None:
        if isinstance(node, cst.Import):
            for alias in node.names:
                dotted = dotted_name(alias.name)
                self._note_import(dotted)
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self.bind(scope, alias.asname.name.value, _ext(dotted))
                else:
                    head = dotted.split(".")[0]
                    self.bind(scope, head, _ext(head))
            return
        module = "." * len(node.relative) + (dotted_name(node.module) if node.module else "")
        self._note_import(module)
        if isinstance(node.names, cst.ImportStar):
            if module not in self.index.star_imports:
                self.index.star_imports.append(module)
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.bind(scope, local, _ext(module, name))

    def _note_import(self, module: str) -> None:
        if module == "truss_chains" or module.startswith("truss_chains."):
            self.imports_truss_chains = True


def dotted_name(node: cst.BaseExpression) -> str:
    """`a.b.c` for a Name/Attribute chain (as written in an import)."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{dotted_name(node.value)}.{node.attr.value}"
    return ""


def _ext(module: str, name: str = "") -> Value:
    return Value(refs=frozenset({ExtRef(module, name)}))
