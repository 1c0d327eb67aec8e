"""A text check that lets the engine skip parsing files that cannot hold a secrets fact.

`analyze` can only report a read, misuse, escape, outgoing object, leak or chainlet when one of
these is in the text:

- `secret` in any case: the model's `secrets` parameter, `kwargs["secrets"]`, `.secrets` of a
  chains context, `TRUSS_SECRET_` variables, `/secrets/` files, `secret_keys`;
- `truss_chains`: a chainlet (every chainlet yields a `ChainletSecrets`, even with no keys);
- `**` together with `__init__`: a model whose `**kwargs` (holding the secrets object) is
  forwarded or stored without the word "secret" appearing;
- a class with a base other than `object`: a model class whose `__init__` is inherited from a
  base class in another module receives the object without its file saying so.

Not covered: string literals (the engine has its own credential check), modules analysed with
`tracked_params` (they receive the object from another file: always analyse them), and names
assembled to dodge the check (`"TRUSS_SEC" + "RET_x"`, `"\\x73ecrets"`).
"""

from __future__ import annotations

import re

_SECRET = re.compile("secret", re.IGNORECASE)
_SUBCLASS = re.compile(r"^[ \t]*class[ \t]+\w+[ \t]*\((?![ \t]*(?:object)?[ \t]*\))", re.MULTILINE)


def might_read_secrets(source: str) -> bool:
    """Could `analyze` find anything but string literals in this source?"""
    if _SECRET.search(source) or "truss_chains" in source:
        return True
    if "**" in source and "__init__" in source:
        return True
    return _SUBCLASS.search(source) is not None
