"""One analysis of a parsed module: interpret it to a fixpoint and collect the facts."""

from __future__ import annotations

from truss_secret_lint.code_facts import exports
from truss_secret_lint.code_facts.chains import chainlet_secrets
from truss_secret_lint.code_facts.comments import suspicious_comments
from truss_secret_lint.code_facts.facts import ChainletSecrets, CodeFacts
from truss_secret_lint.code_facts.interp import Interpreter
from truss_secret_lint.code_facts.parse import ParsedModule
from truss_secret_lint.code_facts.recorder import Recorder
from truss_secret_lint.code_facts.seeds import TrackedParams, seed
from truss_secret_lint.code_facts.symbols import InheritedAttrs, index_module

MAX_ROUNDS = 12
"""Rounds until the fixpoint; real modules settle in two to four."""

_NOTHING_TRACKED: TrackedParams = {}
_NOTHING_INHERITED: InheritedAttrs = {}


def analyze(
    parsed: ParsedModule,
    *,
    model_class_name: str | None,
    tracked_params: TrackedParams = _NOTHING_TRACKED,
    inherited: InheritedAttrs = _NOTHING_INHERITED,
) -> CodeFacts:
    """The facts of one module.

    `model_class_name` names the class whose `__init__` receives the secrets (None when this is
    not the model class file); `tracked_params` names parameters that receive the secrets
    object from another module (see `seeds`); `inherited` names attributes holding it that
    classes imported from other modules set (see `exports.held_attributes`). Never raises on
    odd code: code nested too deeply for the interpreter yields the facts found so far plus an
    `Escape`, so no rule concludes a secret is unused.
    """
    index = index_module(parsed.module)
    recorder = Recorder(parsed.span)
    interpreter = Interpreter(
        index,
        recorder,
        model_class_name,
        lambda: seed(index, model_class_name, tracked_params),
        inherited,
    )
    chainlets: list[ChainletSecrets] = []
    try:
        for _ in range(MAX_ROUNDS):
            interpreter.changed = False
            interpreter.run_round()
            if not interpreter.changed:
                break
        chainlets = chainlet_secrets(interpreter)
    except RecursionError:
        recorder.escape(parsed.module, "analysis stopped: the code is nested too deeply")
    return recorder.facts(
        chainlets,
        interpreter.imports_truss_chains,
        constants=exports.constants(index),
        aliases=exports.aliases(index),
        bases=exports.bases(index),
        attributes=exports.held_attributes(index, dict(inherited)),
        comments=suspicious_comments(parsed.text),
    )
