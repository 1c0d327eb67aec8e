"""Facts about secrets in a config.yaml, from one composed document per file.

`analyze_config` reads a config.yaml (or a `.truss/config.yaml` store) into `ConfigFacts`: the
`secrets:` blocks and their entries, the top-level keys, every string value outside the blocks,
the comments, and how truss itself reads the file — typed values with 1-based spans (`Entry`:
`name`, `value_kind`, `key_span`, `value_span`, …). The YAML nodes stay in this package: rules
import only what this module exports, and build fixes with the functions of `edits`, which
take facts. No rules and no diagnostics live here.

Layout, one job per module:

- `compose`: text → ruamel.yaml node graph, bounded, never constructed;
- `nodes`: what a node is (kind, tag, style, text, children) and its span — the one place
  0-based marks become 1-based positions;
- `truss_yaml`: how truss itself reads config.yaml (PyYAML's SafeLoader): every verdict about
  what truss accepts;
- `facts`: the typed facts (`ConfigFacts`, `Entry`, `ScalarValue`), each computed on first use;
- `analysis`: the config pass: compose, read as truss does → `ConfigFacts`;
- `refs`: the secret names config fields consume (`runtime_secret_name`, `docker_auth`, …);
- `comments`: the comments of a parsed config.yaml, with positions;
- `names`: facts about secret names (portability, normalisation, near-misses of `secrets`);
- `edits`: byte-exact YAML edits that fixes are made of.
"""

from typing import TYPE_CHECKING

from truss_secret_lint import lazy_attributes

if TYPE_CHECKING:
    from truss_secret_lint.config_facts.analysis import analyze_config, facts_from
    from truss_secret_lint.config_facts.comments import YamlComment
    from truss_secret_lint.config_facts.compose import YamlProblem
    from truss_secret_lint.config_facts.edits import (
        ROTATE_NOTE,
        add_secret_edits,
        null_value_fix,
        remove_entry_edits,
        rename_key_fix,
        secrets_block_fix,
    )
    from truss_secret_lint.config_facts.facts import (
        ConfigFacts,
        Entry,
        ScalarValue,
        Shape,
        TrussSecret,
    )
    from truss_secret_lint.config_facts.names import (
        CHAIN_IMPLICIT_SECRETS,
        closest,
        is_secrets_misspelling,
        normalised,
        portability_problem,
    )
    from truss_secret_lint.config_facts.refs import SecretRef, config_refs
    from truss_secret_lint.config_facts.truss_yaml import TRUSS_CONFIG_FIELDS, TrussLoad

# Loaded on first use, as in `code_facts`: importing the package costs nothing, and a test may
# replace a function of a submodule (`compose.compose`) before the modules that call it load.
_LAZY = {
    "analyze_config": "analysis",
    "facts_from": "analysis",
    "YamlComment": "comments",
    "YamlProblem": "compose",
    "ROTATE_NOTE": "edits",
    "add_secret_edits": "edits",
    "null_value_fix": "edits",
    "remove_entry_edits": "edits",
    "rename_key_fix": "edits",
    "secrets_block_fix": "edits",
    "ConfigFacts": "facts",
    "Entry": "facts",
    "ScalarValue": "facts",
    "Shape": "facts",
    "TrussSecret": "facts",
    "CHAIN_IMPLICIT_SECRETS": "names",
    "closest": "names",
    "is_secrets_misspelling": "names",
    "normalised": "names",
    "portability_problem": "names",
    "SecretRef": "refs",
    "config_refs": "refs",
    "TRUSS_CONFIG_FIELDS": "truss_yaml",
    "TrussLoad": "truss_yaml",
}


__getattr__ = lazy_attributes(__name__, _LAZY)


__all__ = [
    "CHAIN_IMPLICIT_SECRETS",
    "ROTATE_NOTE",
    "TRUSS_CONFIG_FIELDS",
    "ConfigFacts",
    "Entry",
    "ScalarValue",
    "SecretRef",
    "Shape",
    "TrussLoad",
    "TrussSecret",
    "YamlComment",
    "YamlProblem",
    "add_secret_edits",
    "analyze_config",
    "closest",
    "config_refs",
    "facts_from",
    "is_secrets_misspelling",
    "normalised",
    "null_value_fix",
    "portability_problem",
    "remove_entry_edits",
    "rename_key_fix",
    "secrets_block_fix",
]
