"""Connecting the facts of one Truss's modules, after each was analysed on its own.

A module's facts depend only on its own text (and on what the engine tells it it receives), so
they can be computed — and cached — per file. What crosses files is resolved here, over facts:

- a secret read whose key is an imported name (`from .constants import HF_SECRET_NAME`) gets
  that module's constant as its key, following re-exports (`from .names import *` excepted);
- a class whose base is imported from another module inherits the attributes in which that
  base keeps the secrets object (`self._secrets`), for the engine to re-analyse the subclass.

`Resolve` maps an import (module as written, the importing file) to the imported file's path and
facts, or None when it is not part of the checked code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from truss_secret_lint.code_facts.facts import CodeFacts, SecretRead

Resolve = Callable[[str, Path], "tuple[Path, CodeFacts] | None"]
InheritedAttrs = dict[tuple[str, str], frozenset[tuple[str, str | None]]]

_MAX_REEXPORTS = 4


def resolve_imported_keys(facts: CodeFacts, path: Path, resolve: Resolve) -> CodeFacts:
    """`facts` with every read keyed by an imported constant given that constant's text (reads
    whose import does not resolve to one constant string stay dynamic)."""
    if not any(read.imported is not None for read in facts.reads):
        return facts
    reads: dict[SecretRead, None] = {}
    for read in facts.reads:
        text = None
        if read.imported is not None:
            text = imported_constant(read.imported, path, resolve)
        reads[read if text is None else replace(read, key=text, imported=None)] = None
    ordered = sorted(reads, key=lambda r: (r.span, r.key is None, r.key or "", r.mechanism))
    return replace(facts, reads=tuple(ordered))


def imported_constant(
    imported: tuple[str, str], importer: Path, resolve: Resolve, depth: int = _MAX_REEXPORTS
) -> str | None:
    """The constant string `from <module> import <name>` names, or None."""
    found = _definition(imported, importer, resolve, depth)
    if found is None:
        return None
    facts, name = found
    return dict(facts.constants).get(name)


def inherited_attributes(facts: CodeFacts, path: Path, resolve: Resolve) -> InheritedAttrs:
    """For each class imported from another module and used as a base, or constructed with the
    secrets object (`InferenceContext(secrets=s)`): the attributes in which it (or its own
    bases) keeps the object."""
    inherited: InheritedAttrs = {}
    constructed = {(o.module, o.name) for o in facts.outgoing if "." not in o.name}
    for base in sorted({*facts.bases, *constructed}):
        found = _definition(base, path, resolve, _MAX_REEXPORTS)
        if found is None:
            continue
        defining, name = found
        held = frozenset((h.attr, h.key) for h in defining.attributes if h.cls == name)
        if held:
            inherited[base] = held
    return inherited


def _definition(
    imported: tuple[str, str], importer: Path, resolve: Resolve, depth: int
) -> tuple[CodeFacts, str] | None:
    """The facts of the module that defines an imported name (through re-exports), and the
    name there."""
    module, name = imported
    found = resolve(module, importer)
    if found is None:
        return None
    path, facts = found
    head = name.split(".")[0]
    for alias, alias_module, alias_name in facts.aliases:
        if alias == head and depth > 0:
            rest = name[len(head) :]
            return _definition((alias_module, alias_name + rest), path, resolve, depth - 1)
    return facts, name
