"""What one module offers the modules that import it, read off the converged interpreter.

Other modules of the checked code may import a module's string constants (a secret's name:
`from .constants import HF_SECRET_NAME`), re-export names, or inherit from its classes (a base
class whose `__init__` keeps the secrets object in `self._secrets`). These facts let `links`
and the engine connect the modules without analysing any of them twice for the constants.
"""

from __future__ import annotations

from truss_secret_lint.code_facts.calls import is_library
from truss_secret_lint.code_facts.facts import HeldAttribute
from truss_secret_lint.code_facts.symbols import ExtRef, ModuleIndex
from truss_secret_lint.code_facts.values import Value


def constants(index: ModuleIndex) -> tuple[tuple[str, str], ...]:
    """Module-level names bound to exactly one constant string."""
    found = []
    for name, value in index.scope.names.items():
        text = _only_text(value)
        if text is not None:
            found.append((name, text))
    return tuple(sorted(found))


def aliases(index: ModuleIndex) -> tuple[tuple[str, str, str], ...]:
    """Module-level names that are exactly one imported name: (name, module, name in it)."""
    found = []
    for name, value in index.scope.names.items():
        if len(value.refs) != 1 or value.dyn or value.texts or value.objs or value.taint:
            continue
        (ref,) = value.refs
        if isinstance(ref, ExtRef) and ref.name and not is_library(ref):
            found.append((name, *ref.split()))
    return tuple(sorted(found))


def bases(index: ModuleIndex) -> tuple[tuple[str, str], ...]:
    """Bases of the module's classes imported from modules that may be checked code."""
    found = {
        base.split()
        for cls in index.classes
        for base in cls.external_bases
        if base.name and not is_library(base)
    }
    return tuple(sorted(found))


def held_attributes(
    index: ModuleIndex, inherited: dict[tuple[str, str], frozenset[tuple[str, str | None]]]
) -> tuple[HeldAttribute, ...]:
    """Instance attributes holding a Truss model's secrets object, per class — set here or
    inherited from an imported base class."""
    found: set[HeldAttribute] = set()
    for cls in index.classes:
        for attr, value in cls.family.attrs.items():
            for obj in value.objs:
                if obj.chainlet is not None:
                    continue
                if obj.kind == "secrets":
                    found.add(HeldAttribute(cls.qualname, attr))
                elif obj.kind == "kwargs":
                    found.add(HeldAttribute(cls.qualname, attr, obj.key))
        for klass in cls.mro():
            for base in klass.external_bases:
                for attr, key in inherited.get(base.split(), frozenset()):
                    found.add(HeldAttribute(cls.qualname, attr, key))
    return tuple(sorted(found, key=lambda h: (h.cls, h.attr, h.key or "")))


def _only_text(value: Value) -> str | None:
    if len(value.texts) != 1 or value.dyn or value.refs or value.objs or value.taint:
        return None
    if value.paths or value.seqs:
        return None
    (text,) = value.texts
    return text.value if text.exact else None
