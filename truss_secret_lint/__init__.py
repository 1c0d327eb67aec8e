"""truss-secret-lint: keeps secrets out of Truss model repositories."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__version__ = "0.1.0"


def lazy_attributes(package: str, table: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package` that imports `name` from the submodule `table`
    names on first use and keeps it: importing the package costs nothing (`code_facts` must
    not load libcst before a file is parsed), and a test may replace a submodule's function
    before the modules that call it load."""

    def __getattr__(name: str) -> Any:
        submodule = table.get(name)
        if submodule is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        import importlib
        import sys

        value = getattr(importlib.import_module(f"{package}.{submodule}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
