"""Every rule's documented example runs: `## Example` must produce the rule, `## Use instead` not.

The docs show fragments, as ruff's do, so a documented block is placed into a small Truss:
- a `yaml` block is the Truss's `config.yaml` (after a `model_name:` line, so that the file is a
  Truss config), or the file the prose before it names (`.truss/config.yaml`, `.trussrc`);
- a `python` block is `model/model.py`: a whole module when it starts with `class`, `import` or
  `from`, otherwise it is indented into `predict` of a model class that keeps the secrets object
  as `self._secrets`;
- a file a section does not show comes from the other section, else from a default (a config
  declaring `hf_access_token`, a model reading it).
`## Use instead` replaces the example's blocks with its own; when it has no code block (only
prose) there is nothing to run for it.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.conftest import write_tree
from truss_secret_lint.engine import lint
from truss_secret_lint.rules import RULES
from truss_secret_lint.rules.base import Rule
from truss_secret_lint.settings import Settings

_BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)
_NAMED_FILE = re.compile(r"`(\.truss/config\.yaml|\.trussrc)`[^`]*:\s*$")
_CONFIG = "config.yaml"
_MODEL = "model/model.py"
_DEFAULT_CONFIG = "model_name: doc-example\nsecrets:\n  hf_access_token: null\n"
_MODEL_TEMPLATE = """\
import logging
import os

logger = logging.getLogger(__name__)


class Model:
    def __init__(self, **kwargs):
        self._secrets = kwargs["secrets"]

    def predict(self, request):
{body}
"""
_DEFAULT_MODEL = _MODEL_TEMPLATE.format(body='        return self._secrets["hf_access_token"]')


def _section(docs: str, heading: str) -> str:
    after = docs.split(f"## {heading}", 1)[1]
    return after.split("\n## ", 1)[0]


def _files(section: str) -> dict[str, str]:
    """The files a documentation section shows, keyed by their path in the Truss."""
    files: dict[str, str] = {}
    for match in _BLOCK.finditer(section):
        language, body = match.group(1), match.group(2)
        named = _NAMED_FILE.search(section[: match.start()])
        if language == "yaml" and named:
            files[named.group(1)] = body
        elif language == "yaml":
            files[_CONFIG] = f"model_name: doc-example\n{body}"
        elif language == "python":
            whole_module = re.match(r"(class|import|from)\b", body)
            files[_MODEL] = (
                body
                if whole_module
                else _MODEL_TEMPLATE.format(body=textwrap.indent(body.rstrip("\n"), " " * 8))
            )
        else:
            raise AssertionError(f"documented block in an unknown language: {language}")
    return files


def _truss(shown: dict[str, str], fallback: dict[str, str]) -> dict[str, str]:
    if any(path.startswith(".truss") or path == ".trussrc" for path in shown):
        return shown  # a never-commit store is checked on its own
    files = {_CONFIG: _DEFAULT_CONFIG, _MODEL: _DEFAULT_MODEL}
    files.update(fallback)
    files.update(shown)
    return files


def _codes(rule: type[Rule], files: dict[str, str], root: Path) -> set[str]:
    write_tree(root, files)
    result = lint([str(root)], Settings(select=(rule.code, *rule.extra_select)), jobs=1)
    return {d.code for d in result.diagnostics}


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_documented_example_produces_the_rule(rule: type[Rule], tmp_path: Path) -> None:
    example = _files(_section(rule.documentation(), "Example"))
    assert example, f"{rule.code}: the ## Example section shows no code block"
    assert rule.code in _codes(rule, _truss(example, {}), tmp_path)


_WITH_CODE_INSTEAD = [r for r in RULES if _BLOCK.search(_section(r.documentation(), "Use instead"))]


@pytest.mark.parametrize("rule", _WITH_CODE_INSTEAD, ids=[r.code for r in _WITH_CODE_INSTEAD])
def test_documented_use_instead_does_not(rule: type[Rule], tmp_path: Path) -> None:
    docs = rule.documentation()
    instead = _files(_section(docs, "Use instead"))
    example = _files(_section(docs, "Example"))
    assert rule.code not in _codes(rule, _truss(instead, example), tmp_path)
