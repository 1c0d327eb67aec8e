"""Checking one blob's content as a single-file unit, through the engine's own per-unit check.

A blob is checked once whatever path it was committed at, so it is checked under a neutral name
of its kind (`config.yaml`, `model.py`, ...) and the result is re-pathed for each place it
appears (`at_path`). The credential rules need nothing else: TSL201/TSL203/TSL204 read the
config's facts, TSL204 also a requirements file's lines, TSL205 a local store, TSL304 the
literals of one Python file. Detectors, placeholders, `# noqa`/pragma handling, the digest and
the scrubbing are the tree scan's (`engine.check_target`); per-file ignores depend on the real
path, so they are applied after re-pathing (`is_ignored_for_file`).

A config blob's result also carries what classifying paths needs: whether the text has a Truss
field, and the layout fields (`model_module_dir`, `bundled_packages_dir`, `requirements_file`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from truss_secret_lint.diagnostic import Diagnostic, Severity, Span
from truss_secret_lint.settings import Settings

LAYOUT_FIELDS = ("model_module_dir", "bundled_packages_dir", "requirements_file")


class BlobKind(StrEnum):
    """What a blob is checked as; part of the cache key."""

    CONFIG = "config"  # a config.yaml that may be a Truss config
    PYTHON = "python"  # model code: under a Truss's model or packages directory
    CHAIN = "chain"  # a Python file outside every Truss: a chain file when it imports truss_chains
    REQUIREMENTS = "requirements"  # a Truss's requirements file
    TRUSSRC = "trussrc"  # .trussrc
    TRUSS_STORE = "truss-store"  # .truss/config.yaml


_NEUTRAL = {
    BlobKind.CONFIG: Path("config.yaml"),
    BlobKind.PYTHON: Path("model.py"),
    BlobKind.CHAIN: Path("chain.py"),
    BlobKind.REQUIREMENTS: Path("requirements.txt"),
    BlobKind.TRUSSRC: Path(".trussrc"),
    BlobKind.TRUSS_STORE: Path(".truss/config.yaml"),
}


@dataclass
class BlobResult:
    """What checking one blob found (under its neutral path) and what classification needs."""

    findings: list[Diagnostic] = field(default_factory=list)
    truss_field: bool = False
    layout: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON-able form for the cache (never a value: messages are redacted, digests only)."""
        return {
            "findings": [_diagnostic_json(d) for d in self.findings],
            "truss_field": self.truss_field,
            "layout": self.layout,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BlobResult:
        """The inverse of `to_json`; raises KeyError/TypeError/ValueError on a malformed entry."""
        layout = data["layout"]
        if not isinstance(layout, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in layout.items()
        ):
            raise TypeError("layout")
        return cls(
            [_diagnostic_from(d) for d in data["findings"]], bool(data["truss_field"]), layout
        )


def check_blob(kind: BlobKind, data: bytes, settings: Settings) -> BlobResult:
    """Check `data` as a file of `kind` with `settings` (whose selection is already history's)."""
    from truss_secret_lint.config_facts import analyze_config
    from truss_secret_lint.discovery import has_truss_field, imports_truss_chains
    from truss_secret_lint.engine import check_target, store_target
    from truss_secret_lint.sources.text import decode
    from truss_secret_lint.target import CheckTarget, PythonFile, PythonRole, RuleOptions
    from truss_secret_lint.target.python_pass import (
        analyze_python_files,
        may_hold_credential_literal,
    )

    path = _NEUTRAL[kind]
    source = decode(path, data)
    options = RuleOptions(extend_placeholders=settings.extend_placeholders)
    result = BlobResult()
    root = Path(".")
    if kind is BlobKind.CONFIG:
        config = analyze_config(source)
        result.truss_field = has_truss_field(source.text)
        for name in LAYOUT_FIELDS:
            value = config.top_text(name)
            if value is not None:
                result.layout[name] = value
        target = CheckTarget(root, config=config, options=options)
    elif kind in (BlobKind.TRUSSRC, BlobKind.TRUSS_STORE):
        target = store_target(path, source, options)
    elif kind is BlobKind.REQUIREMENTS:
        # TSL204 reads requirements lines beside a config; an empty one adds no finding.
        empty = analyze_config(decode(Path("config.yaml"), b""))
        target = CheckTarget(root, config=empty, options=options)
        target.extra_files[path.as_posix()] = source
    else:
        if kind is BlobKind.CHAIN and not imports_truss_chains(source.text[: 256 * 1024]):
            return result
        if not may_hold_credential_literal(source.text):
            return result  # TSL304 is the only Python rule history runs: nothing to find
        role = PythonRole.CHAIN if kind is BlobKind.CHAIN else PythonRole.MODULE
        target = CheckTarget(root, options=options)
        target.python = [PythonFile(path, source, role)]
        analyze_python_files(target, model_class_name=None)
    result.findings = check_target(target, settings).diagnostics
    return result


def at_path(finding: Diagnostic, path: str) -> Diagnostic:
    """A blob's finding as it appears at `path` in the repository."""
    return replace(finding, path=path)


def check_many(
    items: list[tuple[BlobKind, str, bytes]], settings: Settings
) -> list[tuple[BlobKind, str, BlobResult]]:
    """Check a batch of (kind, blob id, content): the unit of work sent to a worker process."""
    return [(kind, oid, check_blob(kind, data, settings)) for kind, oid, data in items]


def _diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    span = diagnostic.span
    return {
        "span": [span.line, span.column, span.end_line, span.end_column],
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "secret": diagnostic.secret,
        "digest": diagnostic.value_digest,
    }


def _diagnostic_from(data: dict[str, Any]) -> Diagnostic:
    span = data["span"]
    if not (isinstance(span, list) and len(span) == 4 and all(type(x) is int for x in span)):
        raise TypeError("span")  # not what to_json writes (a float such as Infinity included)
    line, column, end_line, end_column = span
    secret = data["secret"]
    digest = data["digest"]
    if not all(isinstance(data[k], str) for k in ("code", "name", "message")):
        raise TypeError("finding")
    if not (secret is None or isinstance(secret, str)) or not (
        digest is None or isinstance(digest, str)
    ):
        raise TypeError("finding")
    return Diagnostic(
        path="",
        span=Span(line, column, end_line, end_column),
        code=data["code"],
        name=data["name"],
        severity=Severity(data["severity"]),
        message=data["message"],
        secret=secret,
        value_digest=digest,
    )
