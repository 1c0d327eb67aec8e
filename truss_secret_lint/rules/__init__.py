"""The rule registry: an explicit table, in code order. Adding a rule means adding a row here.

A row names a rule (code, name, class) without importing it: a rule's module is imported when
the rule is needed, that is when a run selects it and checks something. A run whose results
all come from the cache imports no rule, and one that selects a few (`history`, `--select`)
imports those. The module follows from the name: `credential-default` lives in
`rules/credential_default.py`. `RULES` (every rule class, in code order) imports them all, for
the commands that document rules, SARIF's rule list and the tests.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from truss_secret_lint.rules.base import Rule


@dataclass(frozen=True)
class RuleEntry:
    """One rule as the registry knows it before importing it (a test checks the class agrees)."""

    code: str
    name: str
    class_name: str
    enabled_by_default: bool = True

    @property
    def module(self) -> str:
        return f"{__name__}.{self.name.replace('-', '_')}"

    def load(self) -> type[Rule]:
        """The rule's class (its module is imported on the first call)."""
        rule = _LOADED.get(self.code)
        if rule is None:
            rule = getattr(importlib.import_module(self.module), self.class_name)
            _LOADED[self.code] = rule
        return rule


_LOADED: dict[str, type[Rule]] = {}


REGISTRY: tuple[RuleEntry, ...] = (
    RuleEntry("TSL001", "config-parse-error", "ConfigParseError"),
    RuleEntry("TSL002", "python-parse-error", "PythonParseError"),
    RuleEntry("TSL101", "secrets-not-mapping", "SecretsNotMapping"),
    RuleEntry("TSL102", "secret-value-type", "SecretValueType"),
    RuleEntry("TSL103", "duplicate-secret", "DuplicateSecret"),
    RuleEntry("TSL104", "unportable-secret-name", "UnportableSecretName"),
    RuleEntry("TSL105", "secret-outside-block", "SecretOutsideBlock"),
    RuleEntry("TSL106", "misspelled-secrets-key", "MisspelledSecretsKey"),
    RuleEntry("TSL107", "colliding-secret-names", "CollidingSecretNames"),
    RuleEntry("TSL108", "secret-in-environment-variables", "SecretInEnvironmentVariables"),
    RuleEntry("TSL201", "credential-default", "CredentialDefault"),
    RuleEntry("TSL202", "non-null-default", "NonNullDefault"),
    RuleEntry("TSL203", "credential-in-config", "CredentialInConfig"),
    RuleEntry("TSL204", "credential-in-url", "CredentialInUrl"),
    RuleEntry("TSL205", "committed-local-secrets", "CommittedLocalSecrets"),
    RuleEntry("TSL301", "undeclared-secret", "UndeclaredSecret"),
    RuleEntry("TSL302", "dynamic-secret-key", "DynamicSecretKey"),
    RuleEntry("TSL303", "unused-secret", "UnusedSecret"),
    RuleEntry("TSL304", "hardcoded-credential", "HardcodedCredential"),
    RuleEntry("TSL305", "secret-logged", "SecretLogged"),
    RuleEntry("TSL306", "direct-secret-read", "DirectSecretRead"),
    RuleEntry("TSL307", "secret-lookup-raises", "SecretLookupRaises"),
    RuleEntry("TSL308", "undeclared-config-secret", "UndeclaredConfigSecret"),
    RuleEntry("TSL901", "unused-noqa", "UnusedNoqa", enabled_by_default=False),
)

CODES: tuple[str, ...] = tuple(entry.code for entry in REGISTRY)
UNUSED_NOQA = "TSL901"  # the engine hands this rule the suppression comments nothing used

_BY_CODE: dict[str, RuleEntry] = {entry.code: entry for entry in REGISTRY}
_BY_NAME: dict[str, RuleEntry] = {entry.name: entry for entry in REGISTRY}


def find_rule(code_or_name: str) -> type[Rule] | None:
    """A rule by its code (`TSL201`, any case) or its name (`credential-default`)."""
    entry = _BY_CODE.get(code_or_name.upper()) or _BY_NAME.get(code_or_name.lower())
    return entry.load() if entry is not None else None


if TYPE_CHECKING:
    RULES: tuple[type[Rule], ...]


def __getattr__(name: str) -> tuple[type[Rule], ...]:
    """`RULES`: every rule class in code order, imported on first use."""
    if name != "RULES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    rules = tuple(entry.load() for entry in REGISTRY)
    globals()["RULES"] = rules
    return rules
