"""The config.yaml pass: one walk of the composed YAML → ConfigFacts that the rules judge.

Facts, not verdicts: which `secrets:` blocks exist and what shape they have, every declared entry
in order (duplicates included), the top-level keys, and every string value outside the secrets
blocks with its key path. Rules decide what is wrong.

Two readings of the same text: ruamel.yaml's (every key as written, with positions, for edits and
for leaks anywhere in the file) and truss's own (`truss_yaml.load_like_truss`: whether truss loads
the file, how it types each value, and the one `secrets` mapping it keeps — the last block, merge
keys expanded). Whatever a rule claims truss does is taken from the second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from truss_secret_lint.config_facts.compose import (
    YamlDocument,
    YamlProblem,
    adopt_tags,
    compose,
    source_position,
    with_file_positions,
)
from truss_secret_lint.config_facts.nodes import (
    is_mapping,
    is_scalar,
    mapping_items,
    scalar_text,
    span_of,
    tag_of,
    value_span,
    walk,
)
from truss_secret_lint.config_facts.truss_yaml import TrussLoad, load_like_truss
from truss_secret_lint.diagnostic import Span
from truss_secret_lint.text_source import SourceText

if TYPE_CHECKING:
    from ruamel.yaml.nodes import Node

# Top-level fields of truss's TrussConfig (truss/base/truss_config.py), plus the deprecated
# `hf_cache` that truss still accepts.
TRUSS_CONFIG_FIELDS = frozenset(
    {
        "apply_library_patches",
        "base_image",
        "bis_llm",
        "build",
        "build_commands",
        "bundled_packages_dir",
        "cache_internal",
        "data_dir",
        "description",
        "docker_server",
        "environment_variables",
        "examples_filename",
        "external_data",
        "external_package_dirs",
        "hf_cache",
        "input_type",
        "live_reload",
        "model_cache",
        "model_class_filename",
        "model_class_name",
        "model_framework",
        "model_metadata",
        "model_module_dir",
        "model_name",
        "model_type",
        "python_version",
        "requirements",
        "requirements_file",
        "resources",
        "runtime",
        "secrets",
        "spec_version",
        "system_packages",
        "training_checkpoints",
        "trt_llm",
        "use_local_src",
        "weights",
    }
)


@dataclass(frozen=True)
class SecretEntry:
    """One `name: default` line of a secrets block."""

    key: Node
    value: Node
    declared_name: str | None = None
    """The name as truss reads it, when the key is not a plain string scalar (`!!binary`)."""

    @property
    def name(self) -> str | None:
        """The declared name, or None when the key is not a string."""
        return self.declared_name or scalar_text(self.key)

    @property
    def key_span(self) -> Span:
        return span_of(self.key)

    @property
    def value_span(self) -> Span:
        return value_span(self.key, self.value)


@dataclass(frozen=True)
class SecretsBlock:
    """A top-level `secrets:` key and its value node."""

    key: Node
    value: Node

    @property
    def is_mapping(self) -> bool:
        return is_mapping(self.value)

    @property
    def entries(self) -> list[SecretEntry]:
        if not self.is_mapping:
            return []
        return [SecretEntry(k, v) for k, v in mapping_items(self.value)]


@dataclass(frozen=True)
class StringValue:
    """A string scalar outside the secrets blocks, with its key path (`("env", "HF_TOKEN")`)."""

    path: tuple[str | int, ...]
    key: Node | None
    node: Node

    @property
    def text(self) -> str:
        return str(self.node.value)

    @property
    def key_name(self) -> str | None:
        """The mapping key this value sits under (the nearest string in the path)."""
        for part in reversed(self.path):
            if isinstance(part, str):
                return part
        return None

    @property
    def span(self) -> Span:
        return value_span(self.key, self.node) if self.key is not None else span_of(self.node)


@dataclass
class ConfigFacts:
    """What one config.yaml says about secrets."""

    path: Path
    source: SourceText
    problem: YamlProblem | None
    root: Node | None
    top_level: list[tuple[Node, Node]] = field(default_factory=list)
    blocks: list[SecretsBlock] = field(default_factory=list)
    strings: list[StringValue] = field(default_factory=list)
    truss: TrussLoad | None = None
    """How truss reads the file (None when the text could not be read at all)."""

    @property
    def is_mapping(self) -> bool:
        return is_mapping(self.root)

    @property
    def entries(self) -> list[SecretEntry]:
        """Every declared entry of every secrets block, in file order."""
        return [entry for block in self.blocks for entry in block.entries]

    @property
    def declared(self) -> dict[str, SecretEntry]:
        """The names truss declares → their effective entry: those of the LAST `secrets:` block,
        merge keys expanded, the last occurrence of a name winning. When truss cannot load the
        file, the last block as written."""
        if self.truss is not None and self.truss.problem is None:
            return {
                name: SecretEntry(e.key, e.value, name) for name, e in self.truss.declared.items()
            }
        last = self.blocks[-1].entries if self.blocks else []
        return {e.name: e for e in last if e.name is not None}

    def top(self, name: str) -> Node | None:
        """The value of the last top-level key `name`, or None."""
        found = None
        for key, value in self.top_level:
            if scalar_text(key) == name:
                found = value
        return found

    def top_text(self, name: str) -> str | None:
        """The string value of a top-level key, or None when absent or not a string."""
        node = self.top(name)
        return scalar_text(node) if node is not None else None


def analyze_config(source: SourceText) -> ConfigFacts:
    """Compose a config.yaml and collect its facts; never raises."""
    if source.problem is not None and source.problem.fatal:
        problem = YamlProblem(source.problem.message, Span(1, 1, 1, 2))
        return ConfigFacts(source.path, source, problem, None)
    document = compose(source)
    return facts_from(document)


def facts_from(document: YamlDocument) -> ConfigFacts:
    """Collect the facts of an already-composed document."""
    source = document.source
    # Only a document ruamel composed within its bounds (depth, node count) is read again: the
    # bounds protect PyYAML's recursive composers too. ruamel rejects what truss's scanner does.
    truss = load_like_truss(source.text) if document.problem is None else None
    if truss is not None and truss.root is not None:
        with_file_positions(truss.root, source)
        if document.root is not None:
            adopt_tags(document.root, truss.root)
    problem = document.problem
    if truss is not None and truss.problem is not None and problem is None:
        line, column = source_position(source, truss.problem.index)
        problem = YamlProblem(
            truss.problem.message, Span.from_zero_based(line, column, line, column + 1)
        )
    facts = ConfigFacts(source.path, source, problem, document.root, truss=truss)
    root = document.root
    if root is None or not is_mapping(root):
        return facts
    facts.top_level = mapping_items(root)
    secret_value_ids: set[int] = set()
    for key, value in facts.top_level:
        if is_scalar(key) and scalar_text(key) == "secrets":
            facts.blocks.append(SecretsBlock(key, value))
            secret_value_ids.add(id(value))
    for key, value in facts.top_level:
        if id(value) in secret_value_ids:
            continue
        name = str(key.value) if is_scalar(key) else "?"
        for path, child_key, node in walk(value):
            if is_scalar(node) and tag_of(node) == "str":
                facts.strings.append(StringValue((name, *path), child_key if path else key, node))
    return facts
