"""Run the libcst pass over a target's Python files, parsing only files that can matter.

Parsing is the expensive part of a run (tens of milliseconds for a large file), and Trusses often
bundle whole vendored libraries under `packages/`. A file is parsed only when a cheap text check
shows it can produce a fact:

- the model class file and chain files: `might_read_secrets` (the secrets object can arrive
  through `**kwargs` without the word "secret" appearing);
- other modules: the word "secret" or `truss_chains` in the text — the secrets object can
  otherwise only arrive from another file, and such a module is parsed on demand when it does;
- any file: a detector shape in the text, or a random-looking literal bound to a secret-like
  name (`api_key="..."`), for TSL304.

A file that is not parsed by libcst still gets CPython's syntax check (`code_facts.syntax`, about
a tenth of a libcst parse): every module truss imports must compile, or the deploy breaks.

Secrets objects handed to a function imported from a sibling module are followed: that module is
analysed again with the receiving parameter tracked — from its already-parsed tree.

With a `FactsCache`, a file's facts (for its text, model class name and tracked parameters) come
from the cache when this user's runs computed them before: libcst is imported only when some
file really has to be parsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from truss_secret_lint.diagnostic import Span
from truss_secret_lint.target import CheckTarget, PythonFile, PythonRole

if TYPE_CHECKING:
    from truss_secret_lint.cache.facts import FactsCache, TrackedParams
    from truss_secret_lint.code_facts import CodeFacts, ParsedModule
    from truss_secret_lint.code_facts.links import InheritedAttrs

_SECRET_WORD = re.compile("secret", re.IGNORECASE)
# A secret-like word inside a name (or subscript) followed by `=`/`:` and a long string literal.
# Linear in the text: it starts only where a run of name characters starts (the lookbehind),
# commits to the run's first secret-like word (the atomic group: a later one would reach the
# same `=`), and never backtracks into a run (possessive quantifiers). A run may contain `-`,
# so `x-api-key` is seen whole; being looser than a name only ever parses more.
_NAME_CHARS = r"""[\w\]'"-]"""
_NAMED_LITERAL = re.compile(
    rf"""(?i)(?<!{_NAME_CHARS})(?>{_NAME_CHARS}*?(?:token|secret|passw|pwd|api[_-]?key|apikey
    |auth|credential|private[_-]?key|access[_-]?key))
    {_NAME_CHARS}*+\s*+[:=]\s*+[rbuf]{{0,2}}["']([^"'\s]{{16,}}+)["']""",
    re.VERBOSE,
)
_MAX_FOLLOW_ROUNDS = 8


def may_hold_credential_literal(text: str) -> bool:
    """A detector shape anywhere, a random-looking literal right after a secret-like name, or a
    URL with credentials."""
    from truss_secret_lint.detectors import (
        find_credentials,
        find_url_credentials,
        is_random_looking,
    )

    if any(is_random_looking(m.group(1)) for m in _NAMED_LITERAL.finditer(text)):
        return True
    return bool(find_credentials(text)) or ("://" in text and bool(find_url_credentials(text)))


def worth_parsing(text: str, role: PythonRole) -> bool:
    """Could this source produce any code fact? (Cheap; never False when it could.)"""
    if role in (PythonRole.MODEL, PythonRole.CHAIN):
        from truss_secret_lint.code_facts import might_read_secrets

        if might_read_secrets(text):
            return True
    elif _SECRET_WORD.search(text) or "truss_chains" in text:
        return True
    return may_hold_credential_literal(text)


class _Parser:
    """Parses each file at most once, on first need."""

    def __init__(self) -> None:
        self.parsed: dict[Path, ParsedModule] = {}

    def parse(self, file: PythonFile) -> ParsedModule | None:
        from truss_secret_lint.code_facts import ParseFailure, parse_module

        if file.path in self.parsed:
            return self.parsed[file.path]
        if file.failure is not None:
            return None
        problem = file.source.problem
        if problem is not None and problem.fatal:
            file.failure = ParseFailure(problem.message, Span(1, 1, 1, 2))
            return None
        result = parse_module(file.source.text, file.path.as_posix())
        if isinstance(result, ParseFailure):
            file.failure = result
            return None
        self.parsed[file.path] = result
        return result


def _needs_parsing(file: PythonFile) -> bool:
    if file.role is PythonRole.DATA:
        return False
    problem = file.source.problem
    return (problem is not None and problem.fatal) or worth_parsing(file.source.text, file.role)


def analyze_python_files(
    target: CheckTarget, *, model_class_name: str | None, cache: FactsCache | None = None
) -> None:
    """Fill in `facts` or `failure` for each Python file of the target (data scripts excluded:
    they are only text-scanned for `/secrets/` reads)."""
    if not any(f.role is not PythonRole.DATA for f in target.python):
        return
    from truss_secret_lint.code_facts.syntax import syntax_failure

    parser = _Parser()
    for file in target.python:
        if file.role is PythonRole.DATA:
            continue
        if not _needs_parsing(file):
            path = file.path.as_posix()
            file.failure = (
                syntax_failure(file.source.text, path)
                if cache is None
                else cache.syntax_failure(file.source.text, path)
            )
            continue
        _analyse(file, parser, cache, model_class_name, {}, inherited={})
    _follow_outgoing(target, parser, model_class_name, cache)
    _link_imported_keys(target, parser, cache)


def _analyse(
    file: PythonFile,
    parser: _Parser,
    cache: FactsCache | None,
    model_class_name: str | None,
    tracked: TrackedParams,
    *,
    inherited: InheritedAttrs,
) -> None:
    """Set the facts (or the failure) of one file: from the cache, else by parsing it. Facts
    that depend on attributes inherited from another file are not cached (the key is the
    file's own text)."""
    class_name = model_class_name if file.role is PythonRole.MODEL else None
    problem = file.source.problem
    cacheable = (
        cache is not None
        and not inherited
        and file.failure is None
        and not (problem and problem.fatal)
    )
    if cache is not None and cacheable:
        cached = cache.load(file.source.text, class_name, tracked, file.path.as_posix())
        if cached is not None:
            from truss_secret_lint.code_facts.facts import CodeFacts

            if isinstance(cached, CodeFacts):
                file.facts = cached
            else:
                file.failure = cached
            return
    parsed = parser.parse(file)
    if parsed is None:
        if cache is not None and cacheable and file.failure is not None:
            cache.store_result(file.source.text, class_name, tracked, file.failure)
        return
    from truss_secret_lint.code_facts import analyze  # imports libcst: only once parsing is due

    file.facts = analyze(
        parsed, model_class_name=class_name, tracked_params=tracked, inherited=inherited
    )
    if cache is not None and cacheable:
        cache.store_result(file.source.text, class_name, tracked, file.facts)


def _follow_outgoing(
    target: CheckTarget,
    parser: _Parser,
    model_class_name: str | None,
    cache: FactsCache | None,
) -> None:
    """Re-analyse sibling modules that receive the secrets object, and subclasses of classes that
    keep it in an attribute, until nothing new is tracked."""
    from truss_secret_lint.code_facts.links import inherited_attributes

    tracked: dict[Path, dict[str, set[str]]] = {}
    inherited: dict[Path, InheritedAttrs] = {}
    by_module = _module_index(target)
    for _ in range(_MAX_FOLLOW_ROUNDS):
        changed: dict[Path, PythonFile] = {}
        for file in target.python:
            if file.facts is None:
                continue
            held = inherited_attributes(file.facts, file.path, _resolver(target, by_module))
            if held and held != inherited.get(file.path, {}):
                inherited[file.path] = held
                changed[file.path] = file
            for outgoing in file.facts.outgoing:
                callee = _resolve(outgoing.module, file.path, by_module)
                if callee is None:
                    target.unfollowed_outgoing += 1
                    continue
                params = tracked.setdefault(callee.path, {}).setdefault(outgoing.name, set())
                if str(outgoing.param) not in params:
                    params.add(str(outgoing.param))
                    changed[callee.path] = callee
        if not changed:
            return
        for path, callee in changed.items():
            if callee.failure is not None:
                continue
            params_of = {k: frozenset(v) for k, v in tracked.get(path, {}).items()}
            _analyse(
                callee,
                parser,
                cache,
                model_class_name,
                params_of,
                inherited=inherited.get(path, {}),
            )


def _resolver(
    target: CheckTarget, by_module: dict[str, PythonFile]
) -> Callable[[str, Path], tuple[Path, CodeFacts] | None]:
    """Imports → the analysed files of the target (for `code_facts.links`)."""

    def resolve(module: str, importer: Path) -> tuple[Path, CodeFacts] | None:
        file = _resolve(module, importer, by_module)
        return None if file is None or file.facts is None else (file.path, file.facts)

    return resolve


def _link_imported_keys(target: CheckTarget, parser: _Parser, cache: FactsCache | None) -> None:
    """Give reads keyed by an imported constant (`from .constants import KEY`) that constant; a
    constants module too plain to be worth parsing is analysed now."""
    from truss_secret_lint.code_facts.links import resolve_imported_keys

    if not any(f.facts and any(r.imported for r in f.facts.reads) for f in target.python):
        return
    by_module = _module_index(target)
    resolve_analysed = _resolver(target, by_module)

    def resolve(module: str, importer: Path) -> tuple[Path, CodeFacts] | None:
        file = _resolve(module, importer, by_module)
        if file is not None and file.facts is None and file.role is PythonRole.MODULE:
            _analyse(file, parser, cache, None, {}, inherited={})
        return resolve_analysed(module, importer)

    for file in target.python:
        if file.facts is not None:
            file.facts = resolve_imported_keys(file.facts, file.path, resolve)


def _module_index(target: CheckTarget) -> dict[str, PythonFile]:
    """Dotted module names (relative to every parent up to the Truss root) → files; each file
    also under its path, so a package `__init__.py` shadowed by a same-named module
    (`model/__init__.py`, `model/model.py`) is still found by relative imports."""
    index: dict[str, PythonFile] = {}
    for file in target.python:
        index[file.path.as_posix()] = file
        try:
            relative = file.path.relative_to(target.root).with_suffix("")
        except ValueError:
            continue
        parts = list(relative.parts)
        if parts and parts[-1] == "__init__":
            parts = parts[:-1]
        for start in range(len(parts)):
            index.setdefault(".".join(parts[start:]), file)
    return index


def _resolve(module: str, importer: Path, index: dict[str, PythonFile]) -> PythonFile | None:
    """The analysed file an import refers to (relative imports resolved against `importer`)."""
    if not module.startswith("."):
        return index.get(module)
    level = len(module) - len(module.lstrip("."))
    base = importer.parent
    for _ in range(level - 1):
        base = base.parent
    rest = module.lstrip(".")
    candidate = base.joinpath(*rest.split(".")) if rest else base
    wanted = {candidate.with_suffix(".py"), candidate / "__init__.py"}
    return next((f for f in index.values() if f.path in wanted), None)
