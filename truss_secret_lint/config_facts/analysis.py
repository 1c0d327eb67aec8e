"""The config.yaml pass: compose the text, read it as truss does, and hand both to ConfigFacts.

Facts, not verdicts: which `secrets:` blocks exist and what shape they have, every declared entry
in order (duplicates included), the top-level keys, and every string value outside the secrets
blocks with its key path (`facts`, each computed on first use). Rules decide what is wrong.

Two readings of the same text: ruamel.yaml's (every key as written, with positions, for edits and
for leaks anywhere in the file) and truss's own (`truss_yaml.load_like_truss`: whether truss loads
the file, how it types each value, and the one `secrets` mapping it keeps — the last block, merge
keys expanded). Whatever a rule claims truss does is taken from the second.
"""

from __future__ import annotations

from truss_secret_lint.config_facts.compose import (
    YamlDocument,
    YamlProblem,
    adopt_tags,
    compose,
    source_position,
    with_file_positions,
)
from truss_secret_lint.config_facts.facts import ConfigFacts
from truss_secret_lint.config_facts.truss_yaml import load_like_truss
from truss_secret_lint.diagnostic import Span
from truss_secret_lint.sources.text import SourceText


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
    return ConfigFacts(source.path, source, problem, document.root, truss=truss)
