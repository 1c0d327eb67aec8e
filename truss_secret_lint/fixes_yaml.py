"""Byte-exact fixes for YAML: edits computed from node positions, spliced into the original text.

ruamel.yaml's dumper would re-emit the whole file (changing quotes, spacing, comments); a fix must
change only the bytes of the nodes it touches. Every function here returns a `Fix` of offset edits
or None when the shape is one we do not rewrite automatically.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from truss_secret_lint.diagnostic import Edit, Fix
from truss_secret_lint.yaml_source import is_mapping, is_null, is_scalar, is_sequence

if TYPE_CHECKING:
    from ruamel.yaml.nodes import Node

ROTATE_NOTE = (
    "the credential is still in git history: rotate it at its provider, then store it in the "
    "platform's secret manager"
)


def node_text(text: str, node: Node) -> str:
    """The source text of a node."""
    return text[node.start_mark.index : node.end_mark.index]


def replace_value_with_null(text: str, key: Node, value: Node, *, note: str = "") -> Fix:
    """`name: "value"` → `name: null`, leaving any comment and everything else untouched."""
    if is_scalar(value) and value.value == "" and value.style is None:
        colon = text.index(":", key.end_mark.index)
        return Fix((Edit(colon + 1, colon + 1, " null"),), note)
    return Fix((Edit(value.start_mark.index, value.end_mark.index, "null"),), note)


def secrets_block_fix(text: str, key: Node, value: Node) -> Fix | None:
    """Turn a null secrets block into `{}` and a list of names into a mapping of nulls."""
    if is_null(value):
        if value.value == "" and value.style is None:
            colon = text.index(":", key.end_mark.index)
            return Fix((Edit(colon + 1, colon + 1, " {}"),))
        return Fix((Edit(value.start_mark.index, value.end_mark.index, "{}"),))
    if not is_sequence(value):
        return None
    items = value.value
    if value.flow_style:
        if not all(is_scalar(item) for item in items):
            return None
        body = ", ".join(f"{node_text(text, item)}: null" for item in items)
        return Fix((Edit(value.start_mark.index, value.end_mark.index, "{" + body + "}"),))
    edits = []
    for item in items:
        dash = text.rfind("-", 0, item.start_mark.index)
        if dash < 0 or text[dash + 1 : item.start_mark.index].strip():
            return None
        indent = "  " if _column(text, dash) == 0 else ""
        if is_scalar(item):
            edits.append(Edit(dash, item.end_mark.index, f"{indent}{node_text(text, item)}: null"))
        elif is_mapping(item) and not item.flow_style and len(item.value) == 1:
            edits.append(Edit(dash, item.start_mark.index, indent))
        else:
            return None
    return Fix(tuple(edits))


def _column(text: str, offset: int) -> int:
    return offset - (text.rfind("\n", 0, offset) + 1)
