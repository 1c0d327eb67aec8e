"""Names of the library functions the analysis understands, by their full imported name.

Matching is on what a name resolves to through the module's imports (`from os import environ
as env` makes `env` mean `os.environ`), never on how it is spelled at the call site — except for
loggers, which are recognised by their conventional names (`logger`, `log`, `self._logger`).
"""

from __future__ import annotations

import builtins
import re

BUILTIN_NAMES = frozenset(dir(builtins))

ENVIRON = "os.environ"
ENV_GETTERS = frozenset({"os.getenv", "os.environ.get"})
ENV_SETTERS = frozenset({"os.environ.setdefault", "os.putenv"})

OPEN_FUNCTIONS = frozenset({"builtins.open", "io.open", "codecs.open"})
PATH_CLASSES = frozenset(
    {
        f"pathlib.{name}"
        for name in ("Path", "PosixPath", "PurePath", "PurePosixPath", "WindowsPath")
    }
)
PATH_JOIN = frozenset({"os.path.join", "posixpath.join"})
PATH_READERS = frozenset({"read_text", "read_bytes", "open"})
PATH_JOINERS = frozenset({"joinpath", "resolve", "absolute", "expanduser"})

PARTIAL = "functools.partial"
NAMESPACES = frozenset({"types.SimpleNamespace", "argparse.Namespace"})
"""Objects whose keyword arguments become attributes (`SimpleNamespace(secrets=s).secrets`)."""

WARNING_FUNCTIONS = frozenset({"warnings.warn", "warnings.warn_explicit"})
PRINT_FUNCTIONS = frozenset({"builtins.print", "sys.stdout.write", "sys.stderr.write"})
LOG_LEVELS = frozenset(
    {
        "debug",
        "info",
        "warning",
        "warn",
        "error",
        "exception",
        "critical",
        "fatal",
        "log",
        "success",
        "trace",
    }
)
LOGGING_FUNCTIONS = frozenset(f"logging.{level}" for level in LOG_LEVELS)
LOGGER_FACTORIES = frozenset(
    {"logging.getLogger", "logging.Logger", "structlog.get_logger", "structlog.getLogger"}
)
_LOGGER_NAME = re.compile(r"(?i)(?:^|_)log(?:ger)?$|logger$")

STRINGIFIERS = frozenset(
    {
        "builtins.str",
        "builtins.repr",
        "builtins.format",
        "builtins.bytes",
        "builtins.ascii",
        "json.dumps",
        "json.loads",
        "base64.b64encode",
        "base64.b64decode",
        "base64.urlsafe_b64encode",
        "base64.standard_b64encode",
        "urllib.parse.quote",
        "urllib.parse.quote_plus",
        "urllib.parse.urlencode",
        "textwrap.dedent",
    }
)
TEXT_METHODS = frozenset(
    {
        "strip",
        "lstrip",
        "rstrip",
        "lower",
        "upper",
        "casefold",
        "title",
        "encode",
        "decode",
        "replace",
        "removeprefix",
        "removesuffix",
        "zfill",
        "ljust",
        "rjust",
        "center",
        "expandtabs",
        "splitlines",
        "split",
        "rsplit",
        "partition",
        "rpartition",
        "format",
        "format_map",
        "join",
        "read",
        "readline",
        "readlines",
        "read_text",
        "read_bytes",
        "copy",
        "get",
        "pop",
        "values",
        "items",
        "__str__",
        "__repr__",
        "__format__",
    }
)
"""Methods whose result carries the receiver's secret (`token.strip()`, `f.read()`)."""

ARGUMENT_CARRYING_METHODS = frozenset({"format", "format_map", "join", "replace"})
"""Methods whose result also carries their arguments' secrets (`"Bearer {}".format(t)`)."""

ITERATING_BUILTINS = frozenset(
    {
        f"builtins.{name}"
        for name in (
            "list",
            "tuple",
            "set",
            "frozenset",
            "sorted",
            "iter",
            "enumerate",
            "zip",
            "map",
            "filter",
            "reversed",
            "any",
            "all",
            "sum",
            "min",
            "max",
        )
    }
)
HARMLESS_BUILTINS = frozenset(
    {
        f"builtins.{name}"
        for name in ("isinstance", "issubclass", "type", "id", "bool", "callable", "hasattr")
    }
)
"""Builtins that neither read nor keep the object passed to them."""


CHAINLET_BASES = frozenset({"ChainletBase", "ModelBase"})
CHAINS_CONTEXT_FACTORY = "depends_context"
CHAINS_CONTEXT_CLASS = "DeploymentContext"


def is_chains_name(full: str, *names: str) -> bool:
    """Does `full` name one of `names` exported by `truss_chains` (or a submodule of it)?"""
    module, _, name = full.rpartition(".")
    return (module == "truss_chains" or module.startswith("truss_chains.")) and name in names


def is_exception_name(name: str) -> bool:
    """Exception classes by convention: `ValueError`, `HTTPException`, `SecretMissing`…"""
    last = name.rpartition(".")[2]
    return last.endswith(("Error", "Exception", "Warning")) or last in ("SecretMissing",)


def is_logger_name(dotted: str) -> bool:
    """`logger`, `log`, `LOGGER`, `self._logger`, `app.logger`, `module_log`…"""
    return bool(_LOGGER_NAME.search(dotted.rpartition(".")[2]))
