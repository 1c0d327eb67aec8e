"""What a call does to the secrets object and to secret values.

One call site is resolved through its callee's value: a method of the secrets object (a read,
a misuse), a known library function (environment and file reads, path building, `print` and
logging sinks, stringifiers), a same-module function or class (arguments flow into its
parameters, its return value flows back), or a name imported from another module (the secrets
object becomes `OutgoingSecrets`). A tracked object passed anywhere else is an `Escape`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from truss_secret_lint.code_facts.facts import LeakSink, MisuseKind, ReadMechanism
from truss_secret_lint.code_facts.known import (
    ARGUMENT_CARRYING_METHODS,
    BUILTIN_NAMES,
    ENV_GETTERS,
    ENV_SETTERS,
    HARMLESS_BUILTINS,
    ITERATING_BUILTINS,
    LOG_LEVELS,
    LOGGER_FACTORIES,
    LOGGING_FUNCTIONS,
    NAMESPACES,
    OPEN_FUNCTIONS,
    PARTIAL,
    PATH_CLASSES,
    PATH_JOIN,
    PATH_JOINERS,
    PATH_READERS,
    PRINT_FUNCTIONS,
    STRINGIFIERS,
    TEXT_METHODS,
    WARNING_FUNCTIONS,
    is_exception_name,
    is_logger_name,
)
from truss_secret_lint.code_facts.sources import env_secret_names, file_secret_names
from truss_secret_lint.code_facts.symbols import (
    BoundRef,
    ClassInfo,
    ClassRef,
    ExtRef,
    FuncRef,
    FunctionInfo,
    InstanceRef,
    LoggerRef,
    Scope,
    SuperRef,
    imported_names,
)
from truss_secret_lint.code_facts.values import (
    BOTTOM,
    UNKNOWN,
    Obj,
    Text,
    Value,
    holders,
    join_all,
    path_join,
    prefix_only,
)

if TYPE_CHECKING:
    from truss_secret_lint.code_facts.expressions import ExpressionInterpreter as Interpreter

_TEXT_TRANSFORMS: dict[str, Callable[[str], str]] = {
    "upper": str.upper,
    "lower": str.lower,
    "strip": str.strip,
    "lstrip": str.lstrip,
    "rstrip": str.rstrip,
    "casefold": str.casefold,
}


_MAX_ATTRIBUTE_DEPTH = 6


@dataclass(frozen=True)
class Argument:
    """One evaluated argument of a call."""

    node: cst.Arg
    value: Value
    keyword: str | None
    position: int | None  # index among plain positional arguments
    star: str  # "", "*" or "**"


def unbound_name(it: Interpreter, name: str) -> Value:
    """A name no scope binds: a builtin, something from a `*` import, or unknown."""
    if name in BUILTIN_NAMES:
        return Value(refs=frozenset({ExtRef("builtins", name)}))
    if it.index.star_imports:
        return Value(refs=frozenset(ExtRef(m, name) for m in it.index.star_imports), dyn=True)
    return UNKNOWN


def member(it: Interpreter, receiver: Value, attr: str) -> Value:
    """`receiver.attr` for the references `receiver` may hold."""
    values: list[Value] = []
    for ref in receiver.refs:
        if isinstance(ref, ExtRef):
            deeper = ref.attribute(attr)
            # `x = x.attr` in a loop would otherwise grow names forever
            refs = (
                frozenset({deeper})
                if deeper.name.count(".") < _MAX_ATTRIBUTE_DEPTH
                else frozenset()
            )
            values.append(Value(refs=refs, dyn=not refs))
        elif isinstance(ref, ClassRef):
            values.append(_class_member(it, ref.cls, attr, instance=False))
        elif isinstance(ref, InstanceRef):
            values.append(_class_member(it, ref.cls, attr, instance=True))
        elif isinstance(ref, SuperRef):
            values.append(_super_member(ref.cls, attr))
    if not values:
        return UNKNOWN
    return join_all(values)


def _class_member(it: Interpreter, cls: ClassInfo, attr: str, *, instance: bool) -> Value:
    value = cls.family.attrs.get(attr, BOTTOM) if instance else BOTTOM
    if instance and it.inherited:
        value = value.join(inherited_attribute(it, cls, attr))
    for klass in cls.mro():
        value = value.join(klass.scope.names.get(attr, BOTTOM))
    method = cls.find_method(attr)
    if method is not None:
        if method.kind == "property" and instance:
            mark_called(it, method)
            value = value.join(method.returns)
        elif method.kind == "classmethod" or (instance and method.kind == "method"):
            value = value.join(Value(refs=frozenset({BoundRef(method)})))
        else:
            value = value.join(Value(refs=frozenset({FuncRef(method)})))
    elif value == BOTTOM:
        external = [base for klass in cls.mro() for base in klass.external_bases]
        refs = frozenset(base.attribute(attr) for base in external)
        value = Value(refs=refs, dyn=True)
    return value


def inherited_attribute(it: Interpreter, cls: ClassInfo, attr: str) -> Value:
    """What `self.<attr>` holds when a base class imported from another module set it."""
    objs: set[Obj] = set()
    for klass in cls.mro():
        for base in klass.external_bases:
            for name, key in it.inherited.get(base.split(), frozenset()):
                if name == attr:
                    objs.add(Obj("secrets") if key is None else Obj("kwargs", key=key))
    return Value(objs=frozenset(objs)) if objs else BOTTOM


def _super_member(cls: ClassInfo, attr: str) -> Value:
    for base in cls.bases:
        method = base.find_method(attr)
        if method is not None:
            return Value(refs=frozenset({BoundRef(method)}))
    external = [base for klass in cls.mro() for base in klass.external_bases]
    refs = frozenset(base if attr == "__init__" else base.attribute(attr) for base in external)
    return Value(refs=refs, dyn=True)


def mark_called(it: Interpreter, function: FunctionInfo) -> None:
    if not function.called:
        function.called = True
        it.changed = True


def eval_call(it: Interpreter, node: cst.Call, scope: Scope) -> Value:
    """Evaluate a call, recording what it does with tracked objects and secret values."""
    return _CallSite(it, node, scope).evaluate()


class _CallSite:
    """One call being evaluated; methods handle one kind of callee each."""

    def __init__(self, it: Interpreter, node: cst.Call, scope: Scope) -> None:
        self.it = it
        self.rec = it.rec
        self.node = node
        self.scope = scope
        func = node.func
        self.receiver: Value | None = None
        self.method: str | None = None
        if isinstance(func, cst.Attribute):
            self.receiver = it.eval(func.value, scope)
            self.callee = it.attribute(self.receiver, func, called=True)
            self.method = func.attr.value
        else:
            self.callee = it.eval(func, scope)
        self.fulls = {ref.full for ref in self.callee.refs if isinstance(ref, ExtRef)}
        self.args = self._arguments()
        self.known = False
        self.local = False
        self.constructors: list[ExtRef] = []

    @classmethod
    def derived(cls, site: _CallSite, callee: Value, args: list[Argument]) -> _CallSite:
        """The call `site` makes later with `callee` and `args` (`functools.partial`)."""
        inner = cls.__new__(cls)
        inner.it, inner.rec, inner.node, inner.scope = site.it, site.rec, site.node, site.scope
        inner.receiver, inner.method = None, None
        inner.callee, inner.args = callee, args
        inner.fulls = {ref.full for ref in callee.refs if isinstance(ref, ExtRef)}
        inner.known, inner.local, inner.constructors = False, False, []
        return inner

    def evaluate(self) -> Value:
        result = join_all(
            [
                self._object_methods(),
                self._library(),
                self._receiver_methods(),
                self._local_callees(),
            ]
        )
        self._unfollowed()
        if not self.local or self.fulls or self.callee.dyn:
            result = result.join(UNKNOWN)
        if self.it.inherited:
            result = result.join(self._imported_instance())
        return result

    def _imported_instance(self) -> Value:
        """An instance of a class imported from another module of the checked code that keeps
        the secrets object in an attribute: a holder of it under that attribute's name."""
        objs = {
            Obj("kwargs", key=attr)
            for ref in self.callee.refs
            if isinstance(ref, ExtRef)
            for attr, key in self.it.inherited.get(ref.split(), frozenset())
            if key is None
        }
        return Value(objs=frozenset(objs)) if objs else BOTTOM

    # ------------------------------------------------------------- arguments

    def _arguments(self) -> list[Argument]:
        env_call = bool(self.fulls & (ENV_GETTERS | ENV_SETTERS))
        arguments: list[Argument] = []
        position = 0
        for arg in self.node.args:
            keyword = arg.keyword.value if arg.keyword is not None else None
            star = arg.star if isinstance(arg.star, str) else ""
            context = keyword
            if env_call and keyword is None and position == 1 and arguments:
                context = _single_text(arguments[0].value)
            value = self.it.eval(arg.value, self.scope, context=context)
            if star and any(obj.kind == "secrets" for obj in value.objs):
                self.rec.misuse(arg.value, "unpack")
            index = position if keyword is None and not star else None
            arguments.append(Argument(arg, value, keyword, index, star))
            if index is not None:
                position += 1
        return arguments

    def _argument(self, position: int, keyword: str) -> Value | None:
        for argument in self.args:
            if argument.position == position or argument.keyword == keyword:
                return argument.value
        return None

    def _positional(self) -> list[Value]:
        return [a.value for a in self.args if a.position is not None]

    def _args_text(self) -> Value:
        return Value(taint=join_all([a.value.secret_text() for a in self.args]).taint)

    # ------------------------------------------------------------- methods of tracked objects

    def _object_methods(self) -> Value:
        if self.receiver is None or self.method is None:
            return BOTTOM
        results: list[Value] = []
        for obj in self.receiver.objs:
            if obj.kind == "secrets":
                self.known = True
                results.append(self._secrets_method(obj, self.method))
            elif obj.kind == "kwargs":
                self.known = True
                results.append(self._holder_method(obj, self.method))
            elif obj.kind in ("context", "keys"):
                self.known = True
        return join_all(results)

    def _holder_method(self, obj: Obj, method: str) -> Value:
        """A method of a mapping holding the secrets object (`kwargs.get("secrets")`)."""
        if method in ("get", "pop", "setdefault", "__getitem__"):
            key = self._argument(0, "key")
            if key is not None and {obj.key, None} & set(key.key_names()):
                return Value(objs=frozenset({obj.held()}))
            return BOTTOM
        if method == "copy":
            return Value(objs=frozenset({obj}))
        if method in ("items", "values", "popitem", "__iter__"):
            self.rec.escape(self.node, f"method `.{method}()` of a mapping holding it is called")
        return BOTTOM

    def _secrets_method(self, obj: Obj, method: str) -> Value:
        node = self.node
        if method in ("get", "__getitem__", "__contains__"):
            key = self._argument(0, "key")
            keys = key.key_names() if key is not None else [None]
            imported = imported_names(key) if key is not None else []
            if method == "__getitem__":
                self.rec.read(node, keys, "subscript", obj.chainlet, imported)
            elif method == "__contains__":
                self.rec.read(node, keys, "contains", obj.chainlet, imported)
                return BOTTOM
            else:
                has_default = self._argument(1, "default") is not None
                mechanism: ReadMechanism = "get_default" if has_default else "get"
                self.rec.read(node, keys, mechanism, obj.chainlet, imported)
            return Value(taint=frozenset(keys))
        if method == "keys":
            self.rec.misuse(node, "keys")
            return Value(objs=frozenset({Obj("keys", obj.chainlet)}))
        if method in ("values", "items"):
            self.rec.misuse(node, "values" if method == "values" else "items")
            return Value(taint=frozenset({None}))
        if method == "copy":
            return Value(objs=frozenset({obj}))
        self.rec.escape(node, f"method `.{method}()` of the secrets object is called")
        return BOTTOM

    # ------------------------------------------------------------- library functions

    def _library(self) -> Value:
        results = [self._library_function(full) for full in sorted(self.fulls)]
        if self.method in LOG_LEVELS and self.receiver is not None:
            receiver_node = (
                self.node.func.value if isinstance(self.node.func, cst.Attribute) else None
            )
            if any(isinstance(r, LoggerRef) for r in self.receiver.refs) or (
                receiver_node is not None and is_logger_name(render(receiver_node))
            ):
                self._sink("logging")
        return join_all(results)

    def _library_function(self, full: str) -> Value:
        if full in ENV_GETTERS:
            return self._env_read()
        if full in OPEN_FUNCTIONS:
            path = self._argument(0, "file")
            return self._file_read(path) if path is not None else self._known()
        if full in PATH_CLASSES:
            parts = self._positional() or [Value(texts=frozenset({Text(".")}))]
            return self._known(self.it.path_value(self.node, path_join(parts)))
        if full in PATH_JOIN:
            return self._known(
                Value(taint=self._args_text().taint, texts=path_join(self._positional()))
            )
        if full in PRINT_FUNCTIONS:
            return self._sink("print")
        if full in LOGGING_FUNCTIONS:
            return self._sink("logging")
        if full in WARNING_FUNCTIONS:
            return self._sink("warning")
        if full in LOGGER_FACTORIES:
            return self._known(Value(refs=frozenset({LoggerRef()})))
        if full in STRINGIFIERS:
            return self._stringify(full)
        if full in ITERATING_BUILTINS | {"builtins.dict", "builtins.len"}:
            return self._iterating_builtin(full)
        if full == "builtins.super":
            owner = self.scope.function.owner if self.scope.function is not None else None
            refs = frozenset({SuperRef(owner)}) if owner is not None else frozenset()
            return self._known(Value(refs=refs))
        if full == PARTIAL:
            return self._partial()
        if full in NAMESPACES:
            return self._known(self._holder_of_keywords(self.args))
        if full in HARMLESS_BUILTINS or full in ENV_SETTERS or full.startswith("truss_chains"):
            return self._known()
        if is_exception_name(full):
            return self._known(self._args_text())
        return BOTTOM

    def _partial(self) -> Value:
        """`functools.partial(f, *args, **kw)`: the arguments flow into `f` now (the analysis is
        flow-insensitive, so binding them here is binding them at the later call); the result
        calls `f`."""
        self.known = True
        first = self.args[0] if self.args else None
        if first is None or first.position != 0:
            return BOTTOM
        rest = [
            Argument(a.node, a.value, a.keyword, _shifted(a.position), a.star)
            for a in self.args[1:]
        ]
        inner = _CallSite.derived(self, first.value, rest)
        inner._local_callees()
        inner._unfollowed()
        return Value(refs=first.value.refs, dyn=first.value.dyn)

    def _holder_of_keywords(self, arguments: list[Argument]) -> Value:
        """`SimpleNamespace(secrets=s)`, `dict(secrets=s)`, `dict(**kwargs)`: a holder."""
        result = BOTTOM
        for argument in arguments:
            value = argument.value
            if argument.star == "**":
                kept = frozenset(obj for obj in value.objs if obj.kind == "kwargs")
                result = result.join(Value(objs=kept))
            elif value.holds_tracked:
                held = holders(value, argument.keyword)
                if held is None:
                    self.rec.escape(argument.node, "the secrets object is stored in a container")
                else:
                    result = result.join(held)
        return result.join(Value(taint=self._args_text().taint, dyn=True))

    def _known(self, value: Value = BOTTOM) -> Value:
        self.known = True
        return value

    def _env_read(self) -> Value:
        self.known = True
        name = self._argument(0, "key")
        names = env_secret_names(name) if name is not None else []
        if names:
            self.rec.read(self.node, names, "environ")
            return Value(taint=frozenset(names))
        return BOTTOM

    def _file_read(self, path: Value) -> Value:
        """Opening or reading `path`: a read of the secrets it names, recorded here for plain
        strings (a `pathlib` path was recorded where it was built)."""
        self.known = True
        names = file_secret_names(Value(texts=path.texts))
        if names:
            self.rec.read(self.node, names, "file")
        return Value(taint=frozenset(names) | frozenset(file_secret_names(path)))

    def _sink(self, sink: LeakSink) -> Value:
        self.known = True
        taint = self._args_text().taint
        if taint:
            self.rec.leak(self.node, _ordered(taint), sink)
        return BOTTOM

    def _stringify(self, full: str) -> Value:
        self.known = True
        value = self._args_text()
        first = self._argument(0, "object")
        if full == "builtins.str" and first is not None:
            value = value.join(Value(texts=first.texts | first.paths, dyn=first.dyn))
        return value

    def _iterating_builtin(self, full: str) -> Value:
        self.known = True
        first = self._argument(0, "iterable")
        if full == "builtins.dict" and (
            any(a.keyword is not None or a.star == "**" for a in self.args)
            or (first is not None and any(obj.kind == "kwargs" for obj in first.objs))
        ):
            objs = first.objs if first is not None else frozenset()
            copied = frozenset(obj for obj in objs if obj.kind == "kwargs")
            keywords = [a for a in self.args if a.position is None]
            return self._holder_of_keywords(keywords).join(Value(objs=copied))
        if first is not None and any(obj.kind == "secrets" for obj in first.objs):
            kind: MisuseKind = "iterate"
            if full == "builtins.dict":
                kind = "dict"
            elif full == "builtins.len":
                kind = "len"
            self.rec.misuse(self.node, kind)
        if full == "builtins.len":
            return BOTTOM
        return Value(taint=self._args_text().taint, seqs=first.seqs if first else frozenset())

    # ------------------------------------------------------------- methods of plain values

    def _receiver_methods(self) -> Value:
        receiver, method = self.receiver, self.method
        if receiver is None or method is None:
            return BOTTOM
        results: list[Value] = []
        if receiver.paths and method in PATH_READERS:
            results.append(self._file_read(Value(paths=receiver.paths)))
        if receiver.paths and method in PATH_JOINERS:
            parts = [Value(texts=receiver.paths), *self._positional()]
            results.append(self.it.path_value(self.node, path_join(parts)))
        if receiver.texts and method in _TEXT_TRANSFORMS and not self.args:
            transform = _TEXT_TRANSFORMS[method]
            texts = frozenset(Text(transform(t.value), t.exact) for t in receiver.texts)
            results.append(Value(texts=texts, dyn=receiver.dyn))
        if receiver.texts and method == "format":
            results.append(prefix_only(receiver, "{"))
        if receiver.taint and method in TEXT_METHODS:
            results.append(Value(taint=receiver.taint))
        if method in ARGUMENT_CARRYING_METHODS:
            results.append(self._args_text())
        return join_all(results)

    # ------------------------------------------------------------- same-module callees

    def _local_callees(self) -> Value:
        results: list[Value] = []
        for ref in self.callee.refs:
            if isinstance(ref, FuncRef):
                results.append(self._enter(ref.func, bound=False))
            elif isinstance(ref, BoundRef):
                results.append(self._enter(ref.func, bound=True))
            elif isinstance(ref, ClassRef):
                results.append(self._construct(ref.cls))
        return join_all(results)

    def _enter(self, function: FunctionInfo, *, bound: bool) -> Value:
        self.local = True
        mark_called(self.it, function)
        self._bind(function, bound=bound)
        return function.returns

    def _construct(self, cls: ClassInfo) -> Value:
        self.local = True
        init = cls.find_method("__init__")
        if init is not None:
            mark_called(self.it, init)
            self._bind(init, bound=True)
        else:
            self._bind_fields(cls)
            external = [base for k in cls.mro() for base in k.external_bases]
            self.constructors += [base for base in external if not is_library(base)]
        instance = Value(refs=frozenset({InstanceRef(cls)}))
        if any(is_exception_name(k.name) for k in cls.mro()) or any(
            is_exception_name(base.full) for base in self.constructors
        ):
            instance = instance.join(self._args_text())
        return instance

    def _bind_fields(self, cls: ClassInfo) -> None:
        """A class without `__init__` (a dataclass, NamedTuple, pydantic or attrs model): keyword
        arguments become attributes of the same name, positional ones fill the annotated fields
        in order (bases first)."""
        fields = [name for klass in reversed(list(cls.mro())) for name in klass.fields]
        for argument in self.args:
            name = argument.keyword
            if argument.position is not None and argument.position < len(fields):
                name = fields[argument.position]
            if name is not None and not argument.star:
                self.it.grow(cls.family.attrs, name, argument.value)
            elif argument.value.holds_tracked and not (
                argument.star == "**" and self._bind_holder_fields(cls, argument.value)
            ):
                self.rec.escape(argument.node, "the secrets object is passed to a constructor")

    def _bind_holder_fields(self, cls: ClassInfo, value: Value) -> bool:
        """`Ctx(**kwargs)`: the held object becomes the attribute named by its key."""
        holders_ = [obj for obj in value.objs if obj.kind == "kwargs"]
        for obj in holders_:
            self.it.grow(cls.family.attrs, obj.key, Value(objs=frozenset({obj.held()})))
        return len(holders_) == len(value.objs)

    def _bind(self, function: FunctionInfo, *, bound: bool) -> None:
        """Join the arguments into the parameters they fill."""
        positional = function.bound_positional if bound else function.positional
        names = set(function.positional) | set(function.keyword_only)
        for argument in self.args:
            value = argument.value
            if argument.star == "**":
                self._bind_kwargs(function, value)
            elif argument.star == "*":
                if value.holds_tracked:
                    self.rec.escape(argument.node, "the secrets object is passed through `*args`")
            elif argument.keyword is not None:
                if argument.keyword in names:
                    self.it.grow(function.params, argument.keyword, value)
                elif function.star_kwargs is not None:
                    self._bind_extra_keyword(function, argument)
            elif argument.position is not None:
                if argument.position < len(positional):
                    self.it.grow(function.params, positional[argument.position], value)
                elif function.star_args is not None and value.holds_tracked:
                    self.rec.escape(argument.node, "the secrets object is passed through `*args`")

    def _bind_kwargs(self, function: FunctionInfo, value: Value) -> None:
        """`f(**holder)`: the held object fills the parameter named by its key."""
        for obj in value.objs:
            if obj.kind != "kwargs":
                continue
            names = set(function.positional) | set(function.keyword_only)
            if obj.key in names:
                self.it.grow(function.params, obj.key, Value(objs=frozenset({obj.held()})))
            elif function.star_kwargs is not None:
                self.it.grow(function.params, function.star_kwargs, Value(objs=frozenset({obj})))

    def _bind_extra_keyword(self, function: FunctionInfo, argument: Argument) -> None:
        """`f(secrets=s)` into `def f(**kw)`: `kw` holds the object at "secrets"."""
        assert function.star_kwargs is not None
        if not argument.value.holds_tracked:
            return
        held = holders(argument.value, argument.keyword)
        if held is None:
            self.rec.escape(argument.node, "the secrets object is passed through `**kwargs`")
        else:
            self.it.grow(function.params, function.star_kwargs, held)

    # ------------------------------------------------------------- everything else

    def _unfollowed(self) -> None:
        """Tracked arguments of calls we cannot follow: outgoing to imports, else escapes."""
        if self.known:
            return
        imported = [*(r for r in self.callee.refs if isinstance(r, ExtRef)), *self.constructors]
        external = [ref for ref in imported if not is_library(ref)]
        unknown = len(external) < len(imported) or (not self.local and not external)
        where = render(self.node.func)
        for argument in self.args:
            value = argument.value
            if argument.star and not any(obj.kind == "kwargs" for obj in value.objs):
                continue  # `*s` / `**s` iterate the object: a misuse, recorded already
            sent = False
            if external:
                params = _parameters(argument, value)
                for param in params:
                    for ref in external:
                        module, name = ref.split()
                        self.rec.send(self.node, module, name, param)
                sent = bool(params)
            tracked = value.holds_tracked or _holds_secrets_instance(value)
            if tracked and (unknown or (external and not sent)):
                self.rec.escape(self.node, f"the secrets object is passed to `{where}`")


def is_library(ref: ExtRef) -> bool:
    """Builtins and the standard library: never part of the checked code. (`secrets` is left
    out: passing the secrets object to the stdlib module makes no sense, so a call like that is
    more likely a model's own `secrets.py` helper.)"""
    top = ref.module.split(".")[0]
    return top == "builtins" or (top in sys.stdlib_module_names and top != "secrets")


def _parameters(argument: Argument, value: Value) -> list[str | int]:
    """How the receiving function names the secrets object passed as `argument` (none when it
    cannot be followed: a chains context, a holder passed as a whole, `*s`)."""
    kinds = {obj.kind for obj in value.objs}
    if argument.star == "**" and kinds == {"kwargs"}:
        return sorted({obj.key for obj in value.objs})
    if kinds - {"keys"} != {"secrets"} or argument.star:
        return []
    if argument.keyword is not None:
        return [argument.keyword]
    return [] if argument.position is None else [argument.position]


def _holds_secrets_instance(value: Value) -> bool:
    """Is it an instance of a same-module class with the secrets object in an attribute?"""
    return any(
        isinstance(ref, InstanceRef) and any(v.holds_tracked for v in ref.cls.family.attrs.values())
        for ref in value.refs
    )


def render(node: cst.BaseExpression) -> str:
    """Short source-like text of a callee for messages (`self.client.configure`)."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{render(node.value)}.{node.attr.value}"
    if isinstance(node, cst.Call):
        return f"{render(node.func)}()"
    if isinstance(node, cst.Subscript):
        return f"{render(node.value)}[…]"
    return "…"


def _shifted(position: int | None) -> int | None:
    return None if position is None else position - 1


def _single_text(value: Value) -> str | None:
    if len(value.texts) == 1 and not value.dyn:
        (text,) = value.texts
        if text.exact:
            return text.value
    return None


def _ordered(taint: frozenset[str | None]) -> list[str | None]:
    return sorted(taint, key=lambda name: (name is None, name or ""))
