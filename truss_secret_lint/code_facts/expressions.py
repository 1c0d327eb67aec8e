"""Evaluating expressions and binding names: the half of the interpreter that computes values.

Every expression node type has a handler returning its `Value`; names are looked up through
the scope chain and bound by joining (the analysis is flow-insensitive). Facts are recorded as
a side effect of evaluation. Statements, rounds and imports are in `interp`; call semantics in
`calls`.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from truss_secret_lint.code_facts import calls
from truss_secret_lint.code_facts.known import ENVIRON
from truss_secret_lint.code_facts.recorder import Recorder
from truss_secret_lint.code_facts.sources import env_secret_names, file_secret_names
from truss_secret_lint.code_facts.strings import constant_parts, fstring_text, simple_text
from truss_secret_lint.code_facts.symbols import (
    ClassRef,
    ExtRef,
    FunctionInfo,
    InheritedAttrs,
    InstanceRef,
    ModuleIndex,
    Scope,
    imported_names,
)
from truss_secret_lint.code_facts.values import (
    UNKNOWN,
    Obj,
    Text,
    Value,
    concat,
    holders,
    join_all,
    path_join,
    prefix_only,
    text_value,
)


class ExpressionInterpreter:
    """Values of expressions and names within one module's scopes."""

    def __init__(
        self,
        index: ModuleIndex,
        recorder: Recorder,
        model_class_name: str | None,
        inherited: InheritedAttrs,
    ) -> None:
        self.index = index
        self.rec = recorder
        self.model_class_name = model_class_name
        self.inherited = inherited
        self.changed = False
        self.imports_truss_chains = False
        self._expressions: dict[type[cst.CSTNode], Callable[..., Value]] = {
            cst.Name: self._name,
            cst.Attribute: self._attribute,
            cst.Subscript: self._subscript,
            cst.Call: self._call,
            cst.SimpleString: self._simple_string,
            cst.ConcatenatedString: self._concatenated_string,
            cst.FormattedString: self._formatted_string,
            cst.BinaryOperation: self._binary,
            cst.BooleanOperation: self._boolean,
            cst.Comparison: self._comparison,
            cst.IfExp: self._if_expression,
            cst.UnaryOperation: self._unary,
            cst.Await: self._await,
            cst.NamedExpr: self._walrus,
            cst.Lambda: self._lambda,
            cst.Yield: self._yield,
            cst.Tuple: self._sequence,
            cst.List: self._sequence,
            cst.Set: self._sequence,
            cst.Dict: self._dict,
            cst.ListComp: self._comprehension,
            cst.SetComp: self._comprehension,
            cst.GeneratorExp: self._comprehension,
            cst.DictComp: self._comprehension,
        }

    def returns_to_client(self, function: FunctionInfo) -> bool:
        """Does `function`'s result go back to the caller of the model? (See `Interpreter`.)"""
        raise NotImplementedError

    # ----------------------------------------------------------------- names and binding

    def lookup(self, name: str, scope: Scope) -> Value:
        current: Scope | None = scope
        if name in scope.global_names:
            current = scope.module()
        while current is not None:
            value = current.names.get(name)
            if value is not None:
                return value
            current = current.parent
        return calls.unbound_name(self, name)

    def bind(self, scope: Scope, name: str, value: Value) -> None:
        target = self._binding_scope(scope, name)
        old = target.names.get(name)
        new = value if old is None else old.join(value)
        if old is None or new != old:
            target.names[name] = new
            if target.kind != "lambda":  # comprehension/lambda scopes are rebuilt every time
                self.changed = True

    def _binding_scope(self, scope: Scope, name: str) -> Scope:
        if name in scope.global_names:
            return scope.module()
        if name in scope.nonlocal_names:
            current = scope.parent
            while current is not None and current.kind != "module":
                if name in current.names:
                    return current
                current = current.parent
        return scope

    def grow(self, table: dict[str, Value], key: str, value: Value) -> None:
        """Join `value` into an attribute/parameter table, noting growth."""
        old = table.get(key)
        new = value if old is None else old.join(value)
        if old is None or new != old:
            table[key] = new
            self.changed = True

    def assign(self, target: cst.BaseExpression, value: Value, scope: Scope) -> None:
        """Bind an assignment target to `value`."""
        if isinstance(target, cst.Name):
            self.bind(scope, target.value, value)
        elif isinstance(target, cst.Attribute):
            self._assign_attribute(target, value, scope)
        elif isinstance(target, cst.Subscript):
            self._assign_item(target, value, scope)
        elif isinstance(target, (cst.Tuple, cst.List)):
            if any(obj.kind == "secrets" for obj in value.objs):
                self.rec.misuse(target, "unpack")
            element = self.element_of(value)
            for item in target.elements:
                self.assign(item.value, element, scope)
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, value, scope)

    def _assign_item(self, target: cst.Subscript, value: Value, scope: Scope) -> None:
        """`holder["k"] = s`: the holder (a name or an attribute) now holds the object at "k"."""
        self.eval(target.value, scope)
        key = _single_text(self._slices(target, scope))
        if not value.holds_tracked:
            return
        held = holders(value, key)
        container = target.value
        followed = isinstance(container, cst.Attribute) or (
            isinstance(container, cst.Name) and self._owned(container, scope)
        )
        if held is not None and followed:
            self.assign(container, held, scope)
        else:
            self.rec.escape(target, "the secrets object is stored in a container")

    def _owned(self, name: cst.Name, scope: Scope) -> bool:
        """Is `name` a variable of the checked code whose value the analysis sees whole (not a
        parameter, which may alias a caller's object, and not an import)?"""
        current: Scope | None = scope
        while current is not None and name.value not in current.names:
            current = current.parent
        if current is None or current.kind == "lambda":
            return False
        function = current.function
        if function is not None and name.value in (
            *function.positional,
            *function.keyword_only,
            function.star_args,
            function.star_kwargs,
        ):
            return False
        return not any(isinstance(ref, ExtRef) for ref in current.names[name.value].refs)

    def _assign_attribute(self, target: cst.Attribute, value: Value, scope: Scope) -> None:
        receiver = self.eval(target.value, scope)
        attr = target.attr.value
        followed = False
        for ref in receiver.refs:
            if isinstance(ref, InstanceRef):
                self.grow(ref.cls.family.attrs, attr, value)
                followed = True
            elif isinstance(ref, ClassRef):
                self.grow(ref.cls.scope.names, attr, value)
                followed = True
        if not followed and value.holds_tracked:
            self.rec.escape(target, "the secrets object is stored on an object not followed")

    def element_of(self, value: Value) -> Value:
        """What iterating or unpacking `value` yields."""
        texts = frozenset(Text(item) for seq in value.seqs for item in seq)
        taint = value.secret_text().taint
        return Value(taint=taint, texts=texts, dyn=value.dyn or not value.seqs)

    def iterate(self, node: cst.BaseExpression, value: Value) -> Value:
        """Iterating the secrets object raises in production; yields the element value."""
        if any(obj.kind == "secrets" for obj in value.objs):
            self.rec.misuse(node, "iterate")
        return self.element_of(value)

    # ----------------------------------------------------------------- expressions

    def eval(
        self,
        node: cst.BaseExpression,
        scope: Scope,
        *,
        context: str | None = None,
        record: bool = True,
    ) -> Value:
        """The value of an expression; records facts about it unless `record` is False."""
        handler = self._expressions.get(type(node))
        if handler is None:
            for child in node.children:
                if isinstance(child, cst.BaseExpression):
                    self.eval(child, scope)
            return UNKNOWN
        if not record:
            saved, self.rec = self.rec, Recorder(self.rec.span)  # facts go nowhere
            try:
                return handler(node, scope, context)
            finally:
                self.rec = saved
        return handler(node, scope, context)

    def _name(self, node: cst.Name, scope: Scope, context: str | None) -> Value:
        return self.lookup(node.value, scope)

    def _attribute(self, node: cst.Attribute, scope: Scope, context: str | None) -> Value:
        receiver = self.eval(node.value, scope)
        return self.attribute(receiver, node, called=False)

    def attribute(self, receiver: Value, node: cst.Attribute, *, called: bool) -> Value:
        """`receiver.attr`: chains context secrets, class members, import paths, taint."""
        attr = node.attr.value
        objs: set[Obj] = set()
        for obj in receiver.objs:
            if obj.kind == "context" and attr == "secrets":
                objs.add(Obj("secrets", obj.chainlet))
            elif obj.kind == "kwargs" and attr == obj.key and not called:
                objs.add(obj.held())
            elif obj.kind == "secrets" and not called:
                self.rec.escape(node, f"attribute `.{attr}` of the secrets object is used")
        result = calls.member(self, receiver, attr)
        if objs:
            result = result.join(Value(objs=frozenset(objs)))
        if receiver.taint:
            result = result.join(Value(taint=receiver.taint))
        return result

    def _subscript(self, node: cst.Subscript, scope: Scope, context: str | None) -> Value:
        container = self.eval(node.value, scope)
        key = self._slices(node, scope)
        result = Value(taint=container.taint, dyn=True)
        for obj in container.objs:
            if obj.kind == "secrets":
                keys = key.key_names()
                self.rec.read(node, keys, "subscript", obj.chainlet, imported_names(key))
                result = result.join(Value(taint=frozenset(keys)))
            elif obj.kind == "kwargs" and {obj.key, None} & set(key.key_names()):
                # a computed key (`for k in kwargs: kwargs[k]`) may be the held object's
                result = result.join(Value(objs=frozenset({obj.held()})))
        if any(isinstance(r, ExtRef) and r.full == ENVIRON for r in container.refs):
            names = env_secret_names(key)
            if names:
                self.rec.read(node, names, "environ")
                result = result.join(Value(taint=frozenset(names)))
        if container.seqs:
            result = result.join(Value(texts=self.element_of(container).texts))
        return result

    def _slices(self, node: cst.Subscript, scope: Scope) -> Value:
        """Evaluate the subscript's slice; the key's value for a plain `x[key]`."""
        values = []
        for element in node.slice:
            inner = element.slice
            if isinstance(inner, cst.Index):
                values.append(self.eval(inner.value, scope))
            elif isinstance(inner, cst.Slice):
                for part in (inner.lower, inner.upper, inner.step):
                    if part is not None:
                        self.eval(part, scope)
                values.append(UNKNOWN)
        return values[0] if len(values) == 1 else UNKNOWN

    def _call(self, node: cst.Call, scope: Scope, context: str | None) -> Value:
        return calls.eval_call(self, node, scope)

    def _simple_string(self, node: cst.SimpleString, scope: Scope, context: str | None) -> Value:
        text = simple_text(node)
        if text is None:
            return UNKNOWN
        self.rec.literal(node, text, context)
        return text_value(text)

    def _concatenated_string(
        self, node: cst.ConcatenatedString, scope: Scope, context: str | None
    ) -> Value:
        constant = constant_parts(node)
        if constant is not None:
            self.rec.literal(node, constant, context)
        return self._string_parts(node, scope)

    def _string_parts(self, node: cst.BaseExpression, scope: Scope) -> Value:
        """A string's value without recording its parts as separate literals."""
        if isinstance(node, cst.ConcatenatedString):
            left = self._string_parts(node.left, scope)
            return concat(left, self._string_parts(node.right, scope))
        if isinstance(node, cst.FormattedString):
            return self._fstring_value(node, scope)
        if isinstance(node, cst.SimpleString):
            text = simple_text(node)
            return UNKNOWN if text is None else text_value(text)
        return self.eval(node, scope)

    def _formatted_string(
        self, node: cst.FormattedString, scope: Scope, context: str | None
    ) -> Value:
        constant = constant_parts(node)
        if constant is not None:
            self.rec.literal(node, constant, context)
        return self._fstring_value(node, scope)

    def _fstring_value(self, node: cst.FormattedString, scope: Scope) -> Value:
        result = text_value("")
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                result = concat(result, text_value(fstring_text(node, part)))
                continue
            if not isinstance(part, cst.FormattedStringExpression):
                continue
            value = self.eval(part.expression, scope)
            for spec in part.format_spec or ():
                if isinstance(spec, cst.FormattedStringExpression):
                    self.eval(spec.expression, scope)
            shown = Value(
                taint=value.secret_text().taint,
                texts=value.texts | value.paths,
                dyn=value.dyn or not (value.texts or value.paths) or part.format_spec is not None,
            )
            result = concat(result, shown)
        return result

    def _binary(self, node: cst.BinaryOperation, scope: Scope, context: str | None) -> Value:
        left = self.eval(node.left, scope)
        right = self.eval(node.right, scope)
        taint = left.secret_text().taint | right.secret_text().taint
        if isinstance(node.operator, cst.Add):
            return concat(left, right)
        if isinstance(node.operator, cst.Modulo) and left.texts:
            return prefix_only(left, "%").join(Value(taint=taint))
        if isinstance(node.operator, cst.Divide) and left.paths:
            paths = path_join([Value(texts=left.paths), right])
            return self.path_value(node, paths).join(Value(taint=taint))
        return Value(taint=taint, dyn=True)

    def path_value(self, node: cst.CSTNode, paths: frozenset[Text]) -> Value:
        """A `pathlib` path built at `node`: naming `/secrets/<name>` is a file read of it.

        Recorded where the path is built (`Path("/secrets") / "k"`), so code that builds the
        path in one place and reads it in another (or only checks it exists) still counts."""
        names = file_secret_names(Value(paths=paths))
        if names:
            self.rec.read(node, names, "file")
        return Value(paths=paths)

    def _boolean(self, node: cst.BooleanOperation, scope: Scope, context: str | None) -> Value:
        left = self.eval(node.left, scope, context=context)
        return left.join(self.eval(node.right, scope, context=context))

    def _if_expression(self, node: cst.IfExp, scope: Scope, context: str | None) -> Value:
        self.eval(node.test, scope)
        body = self.eval(node.body, scope, context=context)
        return body.join(self.eval(node.orelse, scope, context=context))

    def _comparison(self, node: cst.Comparison, scope: Scope, context: str | None) -> Value:
        left = self.eval(node.left, scope)
        for target in node.comparisons:
            right = self.eval(target.comparator, scope)
            if isinstance(target.operator, (cst.In, cst.NotIn)):
                for obj in right.objs:
                    if obj.kind in ("secrets", "keys"):
                        self.rec.read(
                            node, left.key_names(), "contains", obj.chainlet, imported_names(left)
                        )
            left = right
        return UNKNOWN

    def _unary(self, node: cst.UnaryOperation, scope: Scope, context: str | None) -> Value:
        self.eval(node.expression, scope)
        return UNKNOWN

    def _await(self, node: cst.Await, scope: Scope, context: str | None) -> Value:
        return self.eval(node.expression, scope)

    def _walrus(self, node: cst.NamedExpr, scope: Scope, context: str | None) -> Value:
        value = self.eval(node.value, scope, context=target_context(node.target))
        target_scope = scope
        while target_scope.kind == "lambda" and target_scope.parent is not None:
            target_scope = target_scope.parent
        self.assign(node.target, value, target_scope)
        return value

    def _lambda(self, node: cst.Lambda, scope: Scope, context: str | None) -> Value:
        local = Scope("lambda", scope, function=scope.function)
        params = node.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            if param.default is not None:
                self.eval(param.default, scope)
            local.names[param.name.value] = UNKNOWN
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                local.names[star.name.value] = UNKNOWN
        self.eval(node.body, local)
        return UNKNOWN

    def _yield(self, node: cst.Yield, scope: Scope, context: str | None) -> Value:
        if isinstance(node.value, cst.From):
            value = self.eval(node.value.item, scope)
        elif node.value is not None:
            value = self.eval(node.value, scope)
        else:
            return UNKNOWN
        function = scope.function
        if value.holds_tracked:
            self.rec.escape(node, "the secrets object is yielded")
        if function is not None and self.returns_to_client(function):
            taint = value.secret_text().taint
            if taint:
                self.rec.leak(node, sorted_names(taint), "return")
        return UNKNOWN

    def _sequence(
        self, node: cst.Tuple | cst.List | cst.Set, scope: Scope, context: str | None
    ) -> Value:
        values = []
        for element in node.elements:
            value = self.eval(element.value, scope)
            if isinstance(element, cst.StarredElement) and any(
                obj.kind == "secrets" for obj in value.objs
            ):
                self.rec.misuse(element, "unpack")
            elif value.holds_tracked:
                self.rec.escape(element, "the secrets object is stored in a container")
            values.append(value)
        items = [_single_text(value) for value in values]
        taint = join_all([value.secret_text() for value in values]).taint
        if all(item is not None for item in items) and not any(
            isinstance(e, cst.StarredElement) for e in node.elements
        ):
            seq = tuple(item for item in items if item is not None)
            return Value(taint=taint, seqs=frozenset({seq}))
        return Value(taint=taint, dyn=True)

    def _dict(self, node: cst.Dict, scope: Scope, context: str | None) -> Value:
        """A dict literal: the secrets object under a constant key makes it a holder (`{"secrets":
        s}` is read back as `d["secrets"]["k"]`); `{**kwargs}` keeps what `kwargs` holds."""
        taint: set[str | None] = set()
        result = Value(dyn=True)
        for element in node.elements:
            if isinstance(element, cst.StarredDictElement):
                value = self.eval(element.value, scope)
                if any(obj.kind == "secrets" for obj in value.objs):
                    self.rec.misuse(element, "unpack")
                kept = frozenset(obj for obj in value.objs if obj.kind == "kwargs")
                result = result.join(Value(objs=kept))
                taint |= value.taint
                continue
            if not isinstance(element, cst.DictElement):
                continue
            key = _single_text(self.eval(element.key, scope))
            value = self.eval(element.value, scope, context=key)
            if value.holds_tracked:
                held = holders(value, key)
                if held is None:
                    self.rec.escape(element.value, "the secrets object is stored in a container")
                else:
                    result = result.join(held)
            taint |= value.secret_text().taint
        return result.join(Value(taint=frozenset(taint)))

    def _comprehension(
        self,
        node: cst.ListComp | cst.SetComp | cst.GeneratorExp | cst.DictComp,
        scope: Scope,
        context: str | None,
    ) -> Value:
        local = Scope("lambda", scope, function=scope.function)
        clause: cst.CompFor | None = node.for_in
        first = True
        while clause is not None:
            iterable = self.eval(clause.iter, scope if first else local)
            self.assign(clause.target, self.iterate(clause.iter, iterable), local)
            for condition in clause.ifs:
                self.eval(condition.test, local)
            clause, first = clause.inner_for_in, False
        if isinstance(node, cst.DictComp):
            self.eval(node.key, local)
            value = self.eval(node.value, local)
        else:
            value = self.eval(node.elt, local)
        return Value(taint=value.secret_text().taint, dyn=True)


def target_context(target: cst.BaseExpression) -> str | None:
    """The name a value assigned to `target` is bound to, for string literal context."""
    if isinstance(target, cst.Name):
        return target.value
    if isinstance(target, cst.Attribute):
        return target.attr.value
    if isinstance(target, cst.Subscript) and len(target.slice) == 1:
        inner = target.slice[0].slice
        if isinstance(inner, cst.Index) and isinstance(inner.value, cst.SimpleString):
            return simple_text(inner.value)
    return None


def sorted_names(taint: frozenset[str | None]) -> list[str | None]:
    """Secret names in a stable order, the unknown name last."""
    return sorted(taint, key=lambda name: (name is None, name or ""))


def _single_text(value: Value) -> str | None:
    if len(value.texts) == 1 and not value.dyn:
        (text,) = value.texts
        if text.exact:
            return text.value
    return None
