"""How truss itself reads a config.yaml: the reference for every verdict about what truss accepts.

truss 0.18.36 loads config.yaml with PyYAML's pure-Python `SafeLoader` (YAML 1.1 as PyYAML
implements it; `truss/util/yaml_utils.py`), applies `... or {}` and validates the result with
pydantic. ruamel.yaml, which gives the linter its positions and byte-exact edits, speaks another
dialect: `y`/`n` are booleans there, `1e3` a float, a trailing tab is fine and merge keys are kept
as keys. So whether truss loads a file, how it types a value and which `secrets:` block it keeps
are decided here, with PyYAML's own scanner, resolver and constructor.

Nothing from the file is executed: `SafeLoader` builds only plain Python types (str, int, float,
bool, None, bytes, date/datetime, list, dict, set). The work is bounded before anything is
constructed: merge keys that would expand into more than MAX_MERGED entries are a problem, not
an hour of copying, and deep nesting ends in a problem, not a crash.

Speed: libyaml (PyYAML's C parser) composes ten times faster than the pure-Python one and agrees
with it except on tabs (the pure scanner rejects a tab after a value, before `#` and inside a
plain scalar; libyaml does not). The C parser is used for text without tabs that it accepts;
everything else goes to the pure parser, which decides. Tags are resolved by the same Python
resolver in both. `tests/test_truss_oracle_loader.py` checks that the two agree on generated text.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

# Top-level fields of truss's TrussConfig (truss/base/truss_config.py), plus the deprecated
# `hf_cache` that truss still accepts.
TRUSS_CONFIG_FIELDS = frozenset(
    {
        "apply_library_patches",
        "base_image",
        "bis_llm",
        "build",
        "build_commands",
        "bundled_packages_dir",
        "cache_internal",
        "data_dir",
        "description",
        "docker_server",
        "environment_variables",
        "examples_filename",
        "external_data",
        "external_package_dirs",
        "hf_cache",
        "input_type",
        "live_reload",
        "model_cache",
        "model_class_filename",
        "model_class_name",
        "model_framework",
        "model_metadata",
        "model_module_dir",
        "model_name",
        "model_type",
        "python_version",
        "requirements",
        "requirements_file",
        "resources",
        "runtime",
        "secrets",
        "spec_version",
        "system_packages",
        "training_checkpoints",
        "trt_llm",
        "use_local_src",
        "weights",
    }
)

MAX_MERGED = 50_000
"""Entries that merge keys (`<<`) may copy in one document: real configs merge a few; a chain of
`<<: [*a, *a]` doubles per level and would make truss (and us) copy 2^N entries."""

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class TrussProblem:
    """Why truss's loader rejects the file, and where: a character offset into the text."""

    message: str
    index: int


@dataclass(frozen=True)
class TrussEntry:
    """One `name: default` pair of the `secrets` mapping truss ends up with (PyYAML nodes; a
    merged-in entry keeps the position it has where it was written)."""

    key: Any
    value: Any
    name: str | None
    """The name as truss reads it, or None when truss rejects the key (not a string)."""
    default_ok: bool
    """True when truss accepts the default: a string (or UTF-8 bytes from `!!binary`) or null."""


@dataclass(frozen=True)
class TrussLoad:
    """What truss makes of a config.yaml: a load problem, or the top level and secrets it sees."""

    problem: TrussProblem | None
    root: Any | None
    """The composed document (PyYAML nodes, merge keys flattened), or None."""
    is_mapping: bool
    """The loaded document (after `or {}`) is a mapping; otherwise truss fails on `.get`."""
    secrets_key: Any | None
    """The key node of the `secrets` entry truss keeps (the last, merge keys expanded)."""
    secrets_value: Any | None
    secrets_is_mapping: bool
    entries: tuple[TrussEntry, ...]
    """The effective secrets, last occurrence of each name, in order of first appearance."""
    top_level: tuple[tuple[Any, Any], ...] = ()
    """The top-level pairs as truss sees them (merged-in pairs first, then the written ones)."""
    data: Any = None
    """The loaded document, as PyYAML's SafeLoader builds it (plain types only)."""

    @property
    def declared(self) -> dict[str, TrussEntry]:
        """The names truss declares (only when it accepts the block's shape) → their entry."""
        if not self.secrets_is_mapping:
            return {}
        return {e.name: e for e in self.entries if e.name is not None}


def load_like_truss(text: str) -> TrussLoad:
    """Read `text` the way truss 0.18.36 reads config.yaml; never raises."""
    import yaml

    root, loader, problem = _compose(text)
    if problem is not None:
        return _failed(problem)
    try:
        if root is None:
            return TrussLoad(None, None, True, None, None, False, ())
        if "<<" in text and _merged_size(root) > MAX_MERGED:
            return _failed(
                _problem(
                    f"merge keys (`<<`) expand to more than {MAX_MERGED} entries", root.start_mark
                )
            )
        try:
            data = loader.construct_document(root)
        except yaml.MarkedYAMLError as error:
            return _failed(_from_marked(error, "truss's YAML loader rejects this"))
        except RecursionError:
            return _failed(_problem("truss's YAML loader cannot build this (recursion)", None))
        except Exception as error:  # ValueError for 2024-02-30, KeyError for `!!bool maybe`, ...
            return _failed(_problem(_construct_message(error), _culprit(loader, root)))
    finally:
        loader.dispose()
    data = data or {}
    if not isinstance(data, dict):
        return TrussLoad(None, root, False, None, None, False, ())
    if root is None or root.id != "mapping":
        return TrussLoad(None, root, True, None, None, False, ())
    pairs = tuple(root.value)  # flattened by the constructor: merged-in pairs come first
    secrets = [(k, v) for k, v in pairs if _is_str_key(k, "secrets")]
    if not secrets:
        return TrussLoad(None, root, True, None, None, False, (), pairs, data)
    key, value = secrets[-1]
    if value.id != "mapping" or value.tag != "tag:yaml.org,2002:map":
        return TrussLoad(None, root, True, key, value, False, (), pairs, data)
    effective: dict[object, TrussEntry] = {}
    for entry_key, entry_value in value.value:
        constructed = _scalar_key(entry_key)
        entry = TrussEntry(
            entry_key,
            entry_value,
            constructed if isinstance(constructed, str) else None,
            _default_ok(entry_value),
        )
        identity: object = constructed if constructed is not None else id(entry_key)
        effective.pop(identity, None)
        effective[identity] = entry
    ordered = sorted(effective.values(), key=lambda e: e.key.start_mark.index)
    return TrussLoad(None, root, True, key, value, True, tuple(ordered), pairs, data)


def _failed(problem: TrussProblem) -> TrussLoad:
    return TrussLoad(problem, None, False, None, None, False, ())


def _is_str_key(node: Any, name: str) -> bool:
    return bool(node.id == "scalar" and node.tag == _STR and node.value == name)


def _scalar_key(node: Any) -> object:
    """A secrets key as truss's pydantic model reads it: str (or UTF-8 `!!binary`), else None."""
    if node.id != "scalar":
        return None
    if node.tag == _STR:
        return str(node.value)
    if node.tag == "tag:yaml.org,2002:binary":
        return _utf8_binary(node.value)
    return None


def _default_ok(node: Any) -> bool:
    if node.id != "scalar":
        return False
    if node.tag in (_STR, _NULL):
        return True
    return node.tag == "tag:yaml.org,2002:binary" and _utf8_binary(node.value) is not None


def _utf8_binary(value: str) -> str | None:
    import base64
    import binascii

    try:
        return base64.decodebytes(value.encode("ascii")).decode("utf-8")
    except (UnicodeError, binascii.Error, ValueError):
        return None


def _compose(text: str) -> tuple[Any, Any, TrussProblem | None]:
    """The composed root node (or None for an empty stream), the loader that composed it (to
    construct with), or the problem the pure-Python parser reports."""
    import yaml

    if "\t" not in text:
        fast = _fast_loader()
        if fast is not None:
            loader = fast(text)
            try:
                return loader.get_single_node(), loader, None
            except Exception:
                loader.dispose()
    loader = yaml.SafeLoader(text)
    try:
        return loader.get_single_node(), loader, None
    except yaml.MarkedYAMLError as error:
        problem = _from_marked(error, "invalid YAML")
    except yaml.YAMLError as error:
        problem = _problem(_first_line(str(error)) or "invalid YAML", None)
    except RecursionError:
        problem = _problem("nesting is too deep for truss's YAML loader", None)
    except Exception as error:
        problem = _problem(f"truss's YAML loader fails ({type(error).__name__})", None)
    loader.dispose()
    return None, None, problem


@functools.cache
def _fast_loader() -> Any:
    """`SafeLoader` on libyaml (same resolver and constructor), or None without the extension."""
    import yaml

    return getattr(yaml, "CSafeLoader", None)


def _merged_size(root: Any) -> int:
    """How many mapping entries constructing `root` would copy through merge keys (memoised per
    node, stopping early once over the limit)."""
    memo: dict[int, int] = {}

    def size(node: Any, depth: int) -> int:
        if depth > 200:
            return MAX_MERGED + 1
        if id(node) in memo:
            return memo[id(node)]
        memo[id(node)] = 0  # a merge cycle counts as nothing here; the constructor reports it
        total = 0
        if node.id == "mapping":
            for key, value in node.value:
                if key.tag == _MERGE:
                    merged = value.value if value.id == "sequence" else [value]
                    total += sum(
                        size(m, depth + 1) + len(m.value) for m in merged if m.id != "scalar"
                    )
                total += size(value, depth + 1)
                if total > MAX_MERGED:
                    break
        elif node.id == "sequence":
            for item in node.value:
                total += size(item, depth + 1)
                if total > MAX_MERGED:
                    break
        memo[id(node)] = total
        return total

    return size(root, 0)


def _culprit(loader: Any, root: Any) -> Any:
    """The mark of the first scalar the constructor cannot build (for errors without a mark,
    such as the ValueError of `2024-02-30`)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.id == "scalar":
            try:
                loader.construct_object(node)
            except Exception:
                return node.start_mark
        elif node.id == "mapping":
            for key, value in reversed(node.value):
                stack += (value, key)
        else:
            stack.extend(reversed(node.value))
    return None


def _construct_message(error: Exception) -> str:
    if isinstance(error, ValueError) and ("day" in str(error) or "month" in str(error)):
        return "truss's YAML loader rejects this date (not a real calendar date)"
    return f"truss's YAML loader cannot build this value ({type(error).__name__})"


def _from_marked(error: Any, fallback: str) -> TrussProblem:
    mark = error.problem_mark or error.context_mark
    parts = [p for p in (error.context, error.problem) if p]
    message = ": ".join(_first_line(str(p)) for p in parts) or fallback
    return _problem(message, mark)


def _problem(message: str, mark: Any) -> TrussProblem:
    """A located problem; what the parser quotes from the file (a tag, an alias, a line) is shown
    redacted, like any text of a checked file (`redact.redact_text`)."""
    from truss_secret_lint.redact import redact_text

    index = int(getattr(mark, "index", 0) or 0) if mark is not None else 0
    return TrussProblem(redact_text(message), index)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""
