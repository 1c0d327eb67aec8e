"""Facts about secrets in Python model code, from one libcst pass per file.

`parse_module` turns source into a `ParsedModule` (or a `ParseFailure`, never an exception);
`analyze` interprets it and returns `CodeFacts`: secret reads, misuses of the secrets object,
places it escapes to, objects handed to other modules, string literals, leaks of secret values
and chainlet declarations. `might_read_secrets` is the cheap text check that decides whether a
file is worth parsing at all. No rules and no diagnostics live here.

Layout, one job per module:

- `facts`: the public values;
- `parse`: source → tree, safely; `nesting` guards libcst against trees it cannot handle;
  `positions` gives node spans;
- `symbols`: scopes, functions, classes; `values`: the abstract values;
- `interp` (statements, rounds), `expressions` (expressions, names) and `calls` (call sites):
  the interpreter; `seeds`: where the secrets object enters a module;
- `sources`: environment and file read names; `known`: library names; `strings`: literal text;
- `chains`: chainlet declarations; `recorder`: fact collection; `analysis`: the driver;
- `comments`: comments that may hold a credential;
- `exports`: what a module offers its importers (constants, re-exports, attributes holding the
  secrets object); `links`: resolving those across a Truss's modules after analysis;
- `prefilter`: the text check.
"""

from typing import TYPE_CHECKING

from truss_secret_lint import lazy_attributes
from truss_secret_lint.code_facts.prefilter import might_read_secrets

if TYPE_CHECKING:
    from truss_secret_lint.code_facts.analysis import analyze
    from truss_secret_lint.code_facts.facts import (
        ChainletSecrets,
        CodeFacts,
        Comment,
        Escape,
        Leak,
        OutgoingSecrets,
        ParseFailure,
        SecretRead,
        SecretsMisuse,
        StringLiteral,
    )
    from truss_secret_lint.code_facts.parse import ParsedModule, parse_module

# Everything but the prefilter is loaded on first use: `analysis` and `parse` import libcst
# (~0.1 s), which a run that parses nothing must not pay.
_LAZY = {
    "analyze": "analysis",
    "ChainletSecrets": "facts",
    "CodeFacts": "facts",
    "Comment": "facts",
    "Escape": "facts",
    "Leak": "facts",
    "OutgoingSecrets": "facts",
    "ParseFailure": "facts",
    "SecretRead": "facts",
    "SecretsMisuse": "facts",
    "StringLiteral": "facts",
    "ParsedModule": "parse",
    "parse_module": "parse",
}


__getattr__ = lazy_attributes(__name__, _LAZY)


__all__ = [
    "ChainletSecrets",
    "CodeFacts",
    "Comment",
    "Escape",
    "Leak",
    "OutgoingSecrets",
    "ParseFailure",
    "ParsedModule",
    "SecretRead",
    "SecretsMisuse",
    "StringLiteral",
    "analyze",
    "might_read_secrets",
    "parse_module",
]
