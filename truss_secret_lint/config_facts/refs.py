"""Secret names that config.yaml itself consumes, and where.

Truss reads secrets on the config's behalf: `model_cache[].runtime_secret_name` and
`trt_llm…checkpoint_repository.runtime_secret_name` (default `hf_access_token`),
`base_image.docker_auth` names, `/secrets/<name>` inside `docker_server.start_command`,
`build_commands` and `data/` scripts, `build.secret_to_path_mapping` keys, and
`weights[].auth_secret_name` (used by the platform before the container starts, so it need not be
declared). Explicit references must be declared (TSL308); every reference, implicit defaults
included, counts as a read (TSL303).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from truss_secret_lint.config_facts.facts import ConfigFacts
from truss_secret_lint.config_facts.nodes import (
    is_mapping,
    is_sequence,
    mapping_items,
    scalar_text,
    span_of,
    walk,
)
from truss_secret_lint.diagnostic import Span
from truss_secret_lint.sources.text import SourceText

if TYPE_CHECKING:
    from ruamel.yaml.nodes import Node

SECRET_FILE = re.compile(r"/secrets/(?P<name>[A-Za-z0-9_][-._A-Za-z0-9]*)")
DEFAULT_HF_SECRET = "hf_access_token"
AWS_DEFAULTS = {
    "aws_access_key_id_secret_name": "aws_access_key_id",
    "aws_secret_access_key_secret_name": "aws_secret_access_key",
}


@dataclass(frozen=True)
class SecretRef:
    """A secret name the config consumes.

    `explicit` references are written in the file and must be declared; implicit ones are truss
    defaults (only counted as reads). `required` is False for names the platform resolves itself.
    """

    name: str
    span: Span
    field: str
    explicit: bool
    required: bool = True
    path: str | None = None  # the file, when not config.yaml (data scripts)


def config_refs(facts: ConfigFacts, scripts: list[SourceText]) -> list[SecretRef]:
    """Every secret reference of a config and its data scripts."""
    if not facts.is_mapping:
        return []
    refs = list(_model_cache(facts))
    refs += _trt_llm(facts)
    refs += _docker_auth(facts)
    refs += _secret_files_in_strings(facts)
    refs += _secret_to_path_mapping(facts)
    refs += _weights(facts)
    for script in scripts:
        for number, line in enumerate(script.lines, start=1):
            for match in SECRET_FILE.finditer(line):
                refs.append(
                    SecretRef(
                        match["name"],
                        Span(number, match.start() + 1, number, match.end() + 1),
                        "a data/ script",
                        explicit=True,
                        path=script.path.as_posix(),
                    )
                )
    return refs


def _top_value(facts: ConfigFacts, name: str) -> Node | None:
    """The value node of the last top-level key `name`, or None."""
    entry = facts.top(name)
    return entry.value_node if entry is not None else None


def _named(node: Node, key: str) -> tuple[Node, Node] | None:
    if not is_mapping(node):
        return None
    found = None
    for k, v in mapping_items(node):
        if scalar_text(k) == key:
            found = (k, v)
    return found


def _runtime_secret(container: Node, field: str, implicit_span: Span) -> Iterator[SecretRef]:
    pair = _named(container, "runtime_secret_name")
    if pair is not None and scalar_text(pair[1]):
        yield SecretRef(str(scalar_text(pair[1])), span_of(pair[1]), field, explicit=True)
    elif pair is None:
        yield SecretRef(DEFAULT_HF_SECRET, implicit_span, field, explicit=False)


def _model_cache(facts: ConfigFacts) -> Iterator[SecretRef]:
    for key_name in ("model_cache", "hf_cache"):
        cache = _top_value(facts, key_name)
        if cache is None or not is_sequence(cache):
            continue
        for item in cache.value:
            yield from _runtime_secret(item, f"{key_name}[].runtime_secret_name", span_of(item))


def _trt_llm(facts: ConfigFacts) -> Iterator[SecretRef]:
    trt = _top_value(facts, "trt_llm")
    if trt is None:
        return
    for path, _key, node in walk(trt):
        if path and path[-1] == "checkpoint_repository" and is_mapping(node):
            field = "trt_llm." + ".".join(str(p) for p in path) + ".runtime_secret_name"
            yield from _runtime_secret(node, field, span_of(node))


def _docker_auth(facts: ConfigFacts) -> Iterator[SecretRef]:
    base = _top_value(facts, "base_image")
    auth = _named(base, "docker_auth") if base is not None else None
    if auth is None or not is_mapping(auth[1]):
        return
    node = auth[1]
    pair = _named(node, "secret_name")
    if pair is not None and scalar_text(pair[1]):
        yield SecretRef(
            str(scalar_text(pair[1])), span_of(pair[1]), "base_image.docker_auth.secret_name", True
        )
    method_pair = _named(node, "auth_method")
    method = scalar_text(method_pair[1]) if method_pair is not None else None
    for field, default in AWS_DEFAULTS.items():
        pair = _named(node, field)
        if pair is not None and scalar_text(pair[1]):
            yield SecretRef(
                str(scalar_text(pair[1])), span_of(pair[1]), f"base_image.docker_auth.{field}", True
            )
        elif method is not None and method.upper() == "AWS_IAM" and method_pair is not None:
            yield SecretRef(
                default, span_of(method_pair[1]), f"base_image.docker_auth.{field} (default)", True
            )


def _secret_files_in_strings(facts: ConfigFacts) -> Iterator[SecretRef]:
    for item in facts.strings:
        top = item.path[0] if item.path else None
        if top == "docker_server" and "start_command" in item.path:
            field = "docker_server.start_command"
        elif top == "build_commands":
            field = "build_commands"
        else:
            continue
        text = facts.source.text
        start, end = item.value_node.start_mark.index, item.value_node.end_mark.index
        raw = text[start:end]
        for match in SECRET_FILE.finditer(item.text):
            offset = raw.find(match.group(0))
            yield SecretRef(
                match["name"],
                _span_at(facts.source, start + offset, len(match.group(0)))
                if offset >= 0
                else item.span,
                field,
                explicit=True,
            )


def _span_at(source: SourceText, offset: int, length: int) -> Span:
    starts = source.line_starts
    line = bisect.bisect_right(starts, offset)
    column = offset - starts[line - 1] + 1
    return Span(line, column, line, column + length)


def _secret_to_path_mapping(facts: ConfigFacts) -> Iterator[SecretRef]:
    build = _top_value(facts, "build")
    pair = _named(build, "secret_to_path_mapping") if build is not None else None
    if pair is None or not is_mapping(pair[1]):
        return
    for key, _value in mapping_items(pair[1]):
        name = scalar_text(key)
        if name:
            yield SecretRef(name, span_of(key), "build.secret_to_path_mapping", explicit=True)


def _weights(facts: ConfigFacts) -> Iterator[SecretRef]:
    weights = _top_value(facts, "weights")
    if weights is None:
        return
    for path, key, node in walk(weights):
        name = scalar_text(node)
        if path and path[-1] == "auth_secret_name" and name and key is not None:
            yield SecretRef(name, span_of(node), "weights[].auth_secret_name", True, required=False)
