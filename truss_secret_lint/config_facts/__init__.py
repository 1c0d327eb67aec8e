"""Facts about secrets in a config.yaml, from one composed document per file.

`analyze_config` reads a config.yaml (or a `.truss/config.yaml` store) into `ConfigFacts`: the
`secrets:` blocks and their entries, the top-level keys, every string value outside the blocks,
the comments, and how truss itself reads the file. No rules and no diagnostics live here.

Layout, one job per module:

- `compose`: text → ruamel.yaml node graph, bounded, never constructed;
- `truss_yaml`: how truss itself reads config.yaml (PyYAML's SafeLoader): every verdict about
  what truss accepts;
- `analysis`: the config pass → `ConfigFacts`;
- `refs`: the secret names config fields consume (`runtime_secret_name`, `docker_auth`, …);
- `comments`: the comments of a parsed config.yaml, with positions;
- `names`: facts about secret names (portability, normalisation, near-misses of `secrets`);
- `edits`: byte-exact YAML edits that fixes are made of.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from truss_secret_lint.config_facts.analysis import (
        TRUSS_CONFIG_FIELDS,
        ConfigFacts,
        SecretEntry,
        SecretsBlock,
        StringValue,
        analyze_config,
        facts_from,
    )

# Loaded on first use, as in `code_facts`: a test or a tool may replace a function of a
# submodule (`compose.compose`) before the modules that call it are imported.
_LAZY = {
    "TRUSS_CONFIG_FIELDS": "analysis",
    "ConfigFacts": "analysis",
    "SecretEntry": "analysis",
    "SecretsBlock": "analysis",
    "StringValue": "analysis",
    "analyze_config": "analysis",
    "facts_from": "analysis",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "TRUSS_CONFIG_FIELDS",
    "ConfigFacts",
    "SecretEntry",
    "SecretsBlock",
    "StringValue",
    "analyze_config",
    "facts_from",
]
