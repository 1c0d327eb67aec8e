"""Rules judge typed facts: they never see a YAML node or convert a parser's position.

`config_facts` turns the composed YAML into facts with 1-based spans (`Entry`, `ScalarValue`,
`ConfigFacts`) and builds the edits fixes are made of; a rule that imported a YAML parser or a
`config_facts` module, read a node's marks or built a position from them would undo that. This
test reads every module under `rules/` (its syntax tree, nothing is run) and names each place
that does.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO
from truss_secret_lint import config_facts

RULES_DIR = REPO / "truss_secret_lint" / "rules"
PARSERS = ("ruamel", "yaml", "libcst")
NODE_ATTRIBUTES = frozenset(
    {
        "start_mark",  # ruamel/PyYAML marks: 0-based line and column, character index
        "end_mark",
        "from_zero_based",  # Span from 0-based marks: config_facts.nodes does that, once
        "key_node",  # the nodes behind the typed facts, for config_facts' own edits
        "value_node",
        "root_node",
        "secrets_key",  # truss_yaml.TrussLoad's PyYAML nodes
        "secrets_value",
    }
)


def boundary_violations(path: Path) -> list[str]:
    """Every import of a parser or of a `config_facts` module, every name taken from
    `config_facts` that it does not export, and every use of a node or a 0-based mark in
    the module at `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module or ""]
            if node.module == "truss_secret_lint.config_facts":
                hidden = [a.name for a in node.names if a.name not in config_facts.__all__]
                found += [
                    (node.lineno, f"{where}: imports {name} from config_facts") for name in hidden
                ]
            if node.module == "truss_secret_lint":
                modules += [f"truss_secret_lint.{alias.name}" for alias in node.names]
        else:
            modules = []
        for module in modules:
            if module.split(".")[0] in PARSERS:
                found.append((node.lineno, f"{where}: imports {module}"))
            elif module.startswith("truss_secret_lint.config_facts."):
                found.append((node.lineno, f"{where}: imports {module} (use the package)"))
        if isinstance(node, ast.Attribute) and node.attr in NODE_ATTRIBUTES:
            found.append((node.lineno, f"{where}: uses .{node.attr}"))
    return [text for _, text in sorted(found)]


def test_rules_use_typed_config_facts_only() -> None:
    modules = sorted(RULES_DIR.glob("*.py"))
    assert len(modules) > 20
    problems = [problem for path in modules for problem in boundary_violations(path)]
    assert not problems, "\n".join(problems)


def test_the_check_sees_what_it_forbids(tmp_path: Path) -> None:
    """Each kind of violation is named (so the test above cannot pass by seeing nothing)."""
    module = tmp_path / "bad_rule.py"
    module.write_text(
        "from ruamel.yaml.nodes import Node\n"
        "import yaml\n"
        "from truss_secret_lint.config_facts.nodes import span_of\n"
        "from truss_secret_lint.config_facts import ConfigFacts, Shape\n"
        "from truss_secret_lint.config_facts import nodes\n"
        "from truss_secret_lint import config_facts\n"
        "line = facts.root_node.start_mark.line + 1\n"
        "span = Span.from_zero_based(0, 0, 0, 1)\n"
        "key = entry.key_node\n",
        encoding="utf-8",
    )
    problems = boundary_violations(module)
    assert [p.split(":", 2)[1] for p in problems] == [
        "1",
        "2",
        "3",
        "5",
        "7",
        "7",
        "8",
        "9",
    ], problems
