"""The secrets a Truss Chains chainlet declares: `remote_config`'s `Assets(secret_keys=[...])`.

Which classes are chainlets (they derive from `truss_chains.ChainletBase`, however imported) is
decided by the interpreter from the class bases' values; this module only reads the declaration.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from truss_secret_lint.code_facts.facts import ChainletSecrets
from truss_secret_lint.code_facts.interp import Interpreter
from truss_secret_lint.code_facts.symbols import ClassInfo
from truss_secret_lint.diagnostic import Span

_MAX_INDIRECTION = 3


def chainlet_secrets(it: Interpreter) -> list[ChainletSecrets]:
    """One `ChainletSecrets` per chainlet class of the module."""
    return [_declared(it, cls) for cls in it.index.classes if cls.chainlet]


def _declared(it: Interpreter, cls: ClassInfo) -> ChainletSecrets:
    span = it.rec.span
    config = _remote_config(cls.node)
    if config is None:
        return ChainletSecrets(cls.name, (), span(cls.node.name))
    target, value = config
    argument = _secret_keys(value, _assignments(it, cls), _MAX_INDIRECTION)
    if argument is None:
        return ChainletSecrets(cls.name, (), span(target))
    keys = it.eval(argument.value, cls.scope, record=False)
    if len(keys.seqs) != 1 or keys.dyn:
        return ChainletSecrets(cls.name, None, span(argument.value))
    (names,) = keys.seqs
    return ChainletSecrets(cls.name, names, span(argument.value), _key_spans(argument, names, span))


def _remote_config(node: cst.ClassDef) -> tuple[cst.CSTNode, cst.BaseExpression] | None:
    """The last `remote_config = ...` in the class body."""
    found = None
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
    for statement in body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign) and any(
                _is_name(t.target, "remote_config") for t in small.targets
            ):
                found = (small.targets[0].target, small.value)
            elif (
                isinstance(small, cst.AnnAssign)
                and small.value is not None
                and _is_name(small.target, "remote_config")
            ):
                found = (small.target, small.value)
    return found


def _assignments(it: Interpreter, cls: ClassInfo) -> dict[str, cst.BaseExpression]:
    """Module- and class-level `NAME = value` assignments, for one level of indirection."""
    found: dict[str, cst.BaseExpression] = {}
    class_body = cls.node.body.body if isinstance(cls.node.body, cst.IndentedBlock) else ()
    for statement in (*it.index.body, *class_body):
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign):
                for target in small.targets:
                    if isinstance(target.target, cst.Name):
                        found[target.target.value] = small.value
            elif (
                isinstance(small, cst.AnnAssign)
                and small.value is not None
                and isinstance(small.target, cst.Name)
            ):
                found[small.target.value] = small.value
    return found


def _secret_keys(
    node: cst.BaseExpression, assignments: dict[str, cst.BaseExpression], budget: int
) -> cst.Arg | None:
    """The `secret_keys=` argument inside a RemoteConfig(...)/Assets(...) expression."""
    if isinstance(node, cst.Name) and budget > 0 and node.value in assignments:
        return _secret_keys(assignments[node.value], assignments, budget - 1)
    if not isinstance(node, cst.Call):
        return None
    for arg in node.args:
        if arg.keyword is not None and arg.keyword.value == "secret_keys":
            return arg
    for arg in node.args:
        found = _secret_keys(arg.value, assignments, budget)
        if found is not None:
            return found
    return None


def _key_spans(
    argument: cst.Arg, names: tuple[str, ...], span: Callable[[cst.CSTNode], Span]
) -> tuple[Span, ...]:
    """Each key's own string when the list is written inline, else the whole argument."""
    value = argument.value
    if isinstance(value, (cst.List, cst.Tuple, cst.Set)) and len(value.elements) == len(names):
        return tuple(span(element.value) for element in value.elements)
    return tuple(span(value) for _ in names)


def _is_name(node: cst.BaseExpression, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name
