"""Run the libcst pass over a target's Python files, parsing only files that can matter.

A file is parsed when a cheap text check shows it could read secrets (`might_read_secrets`) or
hold a hard-coded credential (a detector shape, or a long token-like string literal). Secrets
objects handed to a function imported from a sibling module are followed: that module is
analysed again with the receiving parameter tracked — from its already-parsed tree, never
re-parsed.
"""

from __future__ import annotations

import re
from pathlib import Path

from truss_secret_lint.target import CheckTarget, PythonFile, PythonRole

_TOKEN_LITERAL = re.compile(r"""["'][A-Za-z0-9_\-.+/=:]{16,}["']""")
_MAX_FOLLOW_ROUNDS = 4


def worth_parsing(text: str) -> bool:
    """Could this source produce any code fact? (Cheap; never False when it could.)"""
    from truss_secret_lint.code_facts import might_read_secrets

    if might_read_secrets(text) or _TOKEN_LITERAL.search(text):
        return True
    from truss_secret_lint.detectors import find_credentials

    return bool(find_credentials(text))


def analyze_python_files(target: CheckTarget, *, model_class_name: str | None) -> None:
    """Fill in `facts` or `failure` for each Python file of the target (data scripts excluded:
    they are only text-scanned for `/secrets/` reads)."""
    if not any(f.role is not PythonRole.DATA for f in target.python):
        return
    from truss_secret_lint.code_facts import ParseFailure, analyze, parse_module

    parsed = {}
    for file in target.python:
        if file.role is PythonRole.DATA:
            continue
        problem = file.source.problem
        if problem is not None and problem.fatal:
            file.failure = ParseFailure(problem.message, _first_char())
            continue
        if not worth_parsing(file.source.text):
            continue
        result = parse_module(file.source.text, file.path.as_posix())
        if isinstance(result, ParseFailure):
            file.failure = result
            continue
        parsed[file.path] = result
        class_name = model_class_name if file.role is PythonRole.MODEL else None
        if file.role is PythonRole.CHAIN:
            class_name = None
        file.facts = analyze(result, model_class_name=class_name)
    _follow_outgoing(target, parsed)


def _follow_outgoing(target: CheckTarget, parsed: dict[Path, object]) -> None:
    """Re-analyse sibling modules that receive the secrets object, until nothing new is tracked."""
    from truss_secret_lint.code_facts import analyze

    tracked: dict[Path, dict[str, set[str]]] = {}
    by_module = _module_index(target)
    for _ in range(_MAX_FOLLOW_ROUNDS):
        changed: set[Path] = set()
        for file in target.python:
            if file.facts is None:
                continue
            for outgoing in file.facts.outgoing:
                callee = _resolve(outgoing.module, file.path, by_module)
                if callee is None or callee.path not in parsed:
                    continue
                params = tracked.setdefault(callee.path, {}).setdefault(outgoing.name, set())
                param = str(outgoing.param)
                if param not in params:
                    params.add(param)
                    changed.add(callee.path)
        if not changed:
            return
        for file in target.python:
            if file.path in changed:
                frozen = {k: frozenset(v) for k, v in tracked[file.path].items()}
                class_name = None
                file.facts = analyze(
                    parsed[file.path],  # type: ignore[arg-type]
                    model_class_name=class_name,
                    tracked_params=frozen,
                )


def _module_index(target: CheckTarget) -> dict[str, PythonFile]:
    """Dotted module names (relative to every parent up to the Truss root) → files."""
    index: dict[str, PythonFile] = {}
    root = target.root
    for file in target.python:
        try:
            relative = file.path.relative_to(root).with_suffix("")
        except ValueError:
            continue
        parts = [p for p in relative.parts if p]
        if parts and parts[-1] == "__init__":
            parts = parts[:-1]
        for start in range(len(parts)):
            index.setdefault(".".join(parts[start:]), file)
    return index


def _resolve(module: str, importer: Path, index: dict[str, PythonFile]) -> PythonFile | None:
    """The analysed file an import refers to (relative imports resolved against `importer`)."""
    if module.startswith("."):
        level = len(module) - len(module.lstrip("."))
        base = importer.parent
        for _ in range(level - 1):
            base = base.parent
        rest = module.lstrip(".")
        candidate = base.joinpath(*rest.split(".")) if rest else base
        for path in (candidate.with_suffix(".py"), candidate / "__init__.py"):
            for file in index.values():
                if file.path == path:
                    return file
        return None
    return index.get(module)


def _first_char():  # type: ignore[no-untyped-def]
    from truss_secret_lint.diagnostic import Span

    return Span(1, 1, 1, 2)
