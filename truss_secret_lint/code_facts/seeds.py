"""Where the secrets object enters a module, as values joined into function parameters.

- the model class's `__init__` (`model_class_name`, possibly inherited from a same-module base):
  a `secrets` parameter, or its `**kwargs` (whose `"secrets"` item is the object);
- `tracked_params`: parameters that receive the object from another module (that module's
  `OutgoingSecrets`), by qualified name (`load`, `Helper` for `Helper.__init__`,
  `Helper.create`) and parameter name or 0-based position (an int or a digit string, not
  counting `self`/`cls`).

(Chainlet `__init__`s receive a `DeploymentContext`; the interpreter seeds those, because
recognising `chains.depends_context()` needs the module's imports.) Seeding is idempotent and
re-applied every round, since inherited `__init__`s are only known once class bases are.
"""

from __future__ import annotations

from collections.abc import Mapping

from truss_secret_lint.code_facts.symbols import ClassInfo, FunctionInfo, ModuleIndex
from truss_secret_lint.code_facts.values import Obj, Value

TrackedParams = Mapping[str, frozenset[str | int]] | Mapping[str, frozenset[str]]

_SECRETS = Value(objs=frozenset({Obj("secrets")}))
_KWARGS = Value(objs=frozenset({Obj("kwargs")}))


Forwarded = list[tuple[ClassInfo, str | int]]
"""Classes constructed with the secrets object that have no `__init__` of their own in the
module: the argument goes to an imported base class's `__init__` (see `Interpreter`)."""


def seed(index: ModuleIndex, model_class_name: str | None, tracked: TrackedParams) -> Forwarded:
    """Join the secrets object into every parameter that receives it from outside; return the
    constructions to forward to imported base classes."""
    forwarded: Forwarded = []
    if model_class_name is not None:
        forwarded += _seed_model(index, model_class_name)
    for qualname, params in tracked.items():
        forwarded += _seed_tracked(index, qualname, params)
    return forwarded


def _seed_model(index: ModuleIndex, model_class_name: str) -> Forwarded:
    cls = next((c for c in index.classes if c.qualname == model_class_name), None)
    if cls is None:
        return []
    init = cls.find_method("__init__")
    if init is None:
        return [(cls, "secrets")]
    init.external_entry = True
    if "secrets" in init.bound_positional or "secrets" in init.keyword_only:
        _grow(init, "secrets", _SECRETS)
    if init.star_kwargs is not None:
        _grow(init, init.star_kwargs, _KWARGS)
    return []


def _seed_tracked(
    index: ModuleIndex, qualname: str, params: frozenset[str | int] | frozenset[str]
) -> Forwarded:
    found = index.find(qualname)
    function = found.find_method("__init__") if isinstance(found, ClassInfo) else found
    if function is None:
        if isinstance(found, ClassInfo):
            _seed_fields(found, params)
            return [(found, param) for param in sorted(params, key=str)]
        return []
    function.external_entry = True
    positional = function.bound_positional
    named = set(function.positional) | set(function.keyword_only)
    for param in params:
        name: str | None = None
        if isinstance(param, int) or param.isdigit():
            position = int(param)
            name = positional[position] if position < len(positional) else function.star_args
        elif param in named:
            name = param
        elif function.star_kwargs is not None:
            _grow(function, function.star_kwargs, Value(objs=frozenset({Obj("kwargs", key=param)})))
        if name is not None:
            _grow(function, name, _SECRETS)
    return []


def _seed_fields(cls: ClassInfo, params: frozenset[str | int] | frozenset[str]) -> None:
    """A class without `__init__` (a dataclass) constructed with the object from another module:
    the argument becomes the field it fills (see `calls._CallSite._bind_fields`)."""
    fields = [name for klass in reversed(list(cls.mro())) for name in klass.fields]
    for param in params:
        if isinstance(param, int) or param.isdigit():
            position = int(param)
            name = fields[position] if position < len(fields) else None
        else:
            name = param
        if name is not None:
            cls.family.attrs[name] = cls.family.attrs.get(name, _SECRETS).join(_SECRETS)


def _grow(function: FunctionInfo, name: str, value: Value) -> None:
    function.params[name] = function.params.get(name, value).join(value)
