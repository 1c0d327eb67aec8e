"""What the rules look at: one Truss (or chain file, or local secret store) with all its facts.

The engine builds a CheckTarget per unit of work: a Truss directory with its config.yaml and the
Python files it loads, a Truss Chains source file, or a never-commit file. Rules read facts from
it and never parse anything themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from truss_secret_lint.config_facts import ConfigFacts
from truss_secret_lint.detectors.placeholders import is_accepted_placeholder
from truss_secret_lint.sources.text import SourceText

if TYPE_CHECKING:
    from truss_secret_lint.code_facts import CodeFacts, ParseFailure
    from truss_secret_lint.config_facts import SecretRef


class PythonRole(StrEnum):
    """Why a Python file is checked."""

    MODEL = "model"  # the model class file
    MODULE = "module"  # another file under model_module_dir or the bundled packages dir
    DATA = "data"  # a script under data/, checked for `/secrets/` reads
    CHAIN = "chain"  # a Truss Chains source file


@dataclass
class PythonFile:
    """A checked Python file and its facts (None when a cheap text check showed none can exist)."""

    path: Path
    source: SourceText
    role: PythonRole
    facts: CodeFacts | None = None
    failure: ParseFailure | None = None


class StoreKind(StrEnum):
    """The kinds of local secret store that must never be committed."""

    TRUSS_CONFIG = ".truss/config.yaml"
    TRUSSRC = ".trussrc"


@dataclass
class LocalStore:
    """A never-commit file found in the checked tree."""

    path: Path
    source: SourceText
    kind: StoreKind
    config: ConfigFacts | None = None  # for .truss/config.yaml


@dataclass(frozen=True)
class RuleOptions:
    """Settings that change what rules consider acceptable."""

    extend_placeholders: tuple[str, ...] = ()

    def is_accepted_placeholder(self, value: str) -> bool:
        """Truss-native placeholders plus the user's `extend-placeholders` regexes."""
        return is_accepted_placeholder(value, self.extend_placeholders)


@dataclass
class CheckTarget:
    """One unit of work for the rules."""

    root: Path
    config: ConfigFacts | None = None
    python: list[PythonFile] = field(default_factory=list)
    stores: list[LocalStore] = field(default_factory=list)
    extra_files: dict[str, SourceText] = field(default_factory=dict)
    options: RuleOptions = field(default_factory=RuleOptions)
    unfollowed_outgoing: int = 0  # secrets objects handed to code outside the Truss
    _refs: list[SecretRef] | None = field(default=None, repr=False)

    def config_secret_refs(self) -> list[SecretRef]:
        """The secret names config.yaml and its data/ scripts consume (computed once; TSL303 and
        TSL308 both need them)."""
        if self._refs is None:
            from truss_secret_lint.config_facts import config_refs

            scripts = [f.source for f in self.python if f.role is PythonRole.DATA]
            self._refs = config_refs(self.config, scripts) if self.config is not None else []
        return self._refs

    def names_read_by_code(self) -> set[str]:
        """Every constant secret name the analysed code reads."""
        return {
            read.key
            for file in self.python
            if file.facts is not None
            for read in file.facts.reads
            if read.key is not None
        }

    def analysed(self, *roles: PythonRole) -> Iterator[tuple[PythonFile, CodeFacts]]:
        """The Python files of the given roles (all when none is given) that have facts."""
        for file in self.code_files(*roles):
            if file.facts is not None:
                yield file, file.facts

    def code_files(self, *roles: PythonRole) -> list[PythonFile]:
        """The analysed Python files of the given roles (all roles when none is given)."""
        return [f for f in self.python if not roles or f.role in roles]
