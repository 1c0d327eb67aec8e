"""Modules detect-secrets imports but detection never uses: loaded only if something uses them.

detect-secrets' `plugins/base.py` (home of `RegexBasedDetector`, the base class of every plugin,
ours included) starts with `import requests`, for the optional verification of a found secret
against its provider's API. The linter never verifies (no network at run time), yet that one
import is the larger part of loading detect-secrets: requests brings urllib3, http.client,
ssl, email, charset_normalizer, idna and certifi, about 0.1 s of the pre-commit hook's
start-up. No detect-secrets module path avoids it: the package's `__init__` reaches
`plugins/base.py` as well (secrets_collection → scan → filters → core.plugins).

So detect-secrets' code is left as it is and `requests` is registered, before detect-secrets is
first imported, as a module whose code runs on the first read of one of its attributes, which on
the linter's paths never comes. Whatever does use it (another library in the same process,
detect-secrets' own verification) gets the real module, loaded in place at that moment. This is
the standard library's `importlib.util.LazyLoader` with one difference: the import system reads
a module's `__spec__` on every `import requests` (to see whether it is still initialising), and
LazyLoader's module loads itself on that read, so `import requests` alone would load it. Here the
spec is answered without loading. A `requests` imported before this runs is left alone.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from importlib.machinery import ModuleSpec
from typing import Any

DEFERRED = ("requests",)


class _DeferredModule(types.ModuleType):
    """A module whose code has not run yet: it runs on the first attribute read but `__spec__`."""

    def __getattribute__(self, attribute: str) -> Any:
        spec: ModuleSpec = super().__getattribute__("__spec__")
        if attribute == "__spec__":
            return spec
        # From here on an ordinary module: set before running the code, which reads attributes.
        object.__setattr__(self, "__class__", types.ModuleType)
        if spec.loader is not None:  # checked when it was deferred
            spec.loader.exec_module(self)
        return getattr(self, attribute)


def defer_unused_imports() -> None:
    """Register every module of DEFERRED that is not imported yet as a deferred module."""
    for name in DEFERRED:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        module.__class__ = _DeferredModule
        sys.modules[name] = module
