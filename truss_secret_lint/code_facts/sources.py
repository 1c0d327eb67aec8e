"""Which environment variable names and file paths are secret reads, and of which secret.

Truss resolves a secret from its config default, then the environment variable
`TRUSS_SECRET_<name>`, then the file `/secrets/<name>`; code that reads either directly still
needs the secret declared.
"""

from __future__ import annotations

import posixpath

from truss_secret_lint.code_facts.values import Text, Value

ENV_PREFIX = "TRUSS_SECRET_"
SECRETS_DIR = "/secrets/"


def env_secret_names(name: Value) -> list[str | None]:
    """Secret names an environment lookup of `name` reads ([] when it is not a secret read)."""
    return _names(name.texts, ENV_PREFIX, nested=True)


def file_secret_names(path: Value) -> list[str | None]:
    """Secret names opening `path` reads ([] when it is not under `/secrets/`)."""
    texts = {_normalise(text) for text in path.texts | path.paths}
    return _names(frozenset(texts), SECRETS_DIR, nested=False)


def _names(texts: frozenset[Text], prefix: str, *, nested: bool) -> list[str | None]:
    names: set[str | None] = set()
    for text in texts:
        if not text.value.startswith(prefix):
            continue
        rest = text.value[len(prefix) :]
        if not text.exact:
            names.add(None)
        elif rest and (nested or "/" not in rest):
            names.add(rest)
    return sorted(names, key=lambda name: (name is None, name or ""))


def _normalise(text: Text) -> Text:
    """`/secrets//x`, `/secrets/./x` → `/secrets/x` (only for fully known paths)."""
    if not text.exact or not text.value.startswith("/"):
        return text
    return Text(posixpath.normpath(text.value))
