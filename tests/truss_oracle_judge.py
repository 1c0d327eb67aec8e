"""Runs INSIDE the pinned truss virtualenv (never imports truss_secret_lint): what truss does with
config files.

Reads one JSON list of paths per line on stdin and answers one JSON list of verdicts per line:

- `load`: `ok` (`TrussConfig.from_yaml` succeeds), `yaml_error` (truss's PyYAML loader fails),
  `not_mapping` (the document is not a mapping, so truss fails on `.get`), or `invalid` (pydantic
  or another error after loading);
- `secrets`: the secrets truss ends up with (name → default), validated on their own with
  truss's model so that an unrelated invalid field does not hide them; `secrets_error`: the
  pydantic error locations when truss rejects them;
- `duplicates`: the keys truss warns about ("Detected duplicate key");
- `env`: `environment_variables` after `from_dict` (what the container gets);
- `push`: `ok` or the error of `validate_forbid_extra`, the extra-field check of `truss push`;
- `data`: every top-level field as loaded, in a canonical JSON form (to compare fixes).
"""

from __future__ import annotations

import json
import logging
import sys
import warnings
from pathlib import Path
from typing import Any

logging.disable(logging.CRITICAL)
warnings.simplefilter("ignore")

import pydantic  # noqa: E402
from truss.base.truss_config import TrussConfig  # noqa: E402
from truss.util.yaml_utils import safe_load_yaml_with_no_duplicates  # noqa: E402


def canonical(value: Any) -> Any:
    """Loaded YAML → JSON, keeping types apart (1 vs "1" vs 1.0 vs True)."""
    if isinstance(value, dict):
        return {"map": [[canonical(k), canonical(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return {"seq": [canonical(v) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"set": sorted(repr(v) for v in value)}
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    return {type(value).__name__: repr(value)}


def judge(path: str) -> dict[str, Any]:
    verdict: dict[str, Any] = {"path": path}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with open(path) as stream:
                raw = safe_load_yaml_with_no_duplicates(stream)
        except Exception as error:
            verdict.update(load="yaml_error", error=type(error).__name__)
            return verdict
    verdict["duplicates"] = [
        str(w.message).split("`")[1] for w in caught if "Detected duplicate key" in str(w.message)
    ]
    data = raw or {}
    if not isinstance(data, dict):
        verdict["load"] = "not_mapping"
        return verdict
    verdict["data"] = {repr(k): canonical(v) for k, v in data.items()}
    verdict["secrets"] = {}
    if "secrets" in data:
        try:
            secrets = TrussConfig.model_validate({"secrets": data["secrets"]}).secrets
            verdict["secrets"] = dict(secrets)
        except pydantic.ValidationError as error:
            verdict["secrets"] = None
            verdict["secrets_error"] = [[str(p) for p in e["loc"]] for e in error.errors()]
    try:
        config = TrussConfig.from_yaml(Path(path))
    except Exception as error:
        verdict.update(load="invalid", error=type(error).__name__)
        return verdict
    verdict["load"] = "ok"
    verdict["env"] = dict(config.environment_variables)
    try:
        config.validate_forbid_extra()
        verdict["push"] = "ok"
    except Exception as error:
        verdict["push"] = type(error).__name__
    return verdict


def main() -> None:
    import truss

    print(json.dumps({"truss": getattr(truss, "__version__", "?")}), flush=True)
    for line in sys.stdin:
        paths = json.loads(line)
        print(json.dumps([judge(p) for p in paths]), flush=True)


if __name__ == "__main__":
    main()
