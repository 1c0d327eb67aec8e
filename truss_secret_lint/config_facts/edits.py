"""Byte-exact fixes for YAML: edits computed from node positions, spliced into the original text.

ruamel.yaml's dumper would re-emit the whole file (changing quotes, spacing, comments); a fix must
change only the bytes of the nodes it touches. The public functions take the facts a rule holds
(`ConfigFacts`, `Entry`) and return a `Fix` or edits of character offsets, or None when the shape
is one we do not rewrite automatically; the nodes behind the facts are read only here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from truss_secret_lint.config_facts.facts import ConfigFacts, Entry
from truss_secret_lint.config_facts.names import portability_problem
from truss_secret_lint.config_facts.nodes import (
    is_empty_plain,
    is_flow,
    is_mapping,
    is_null,
    is_scalar,
    is_sequence,
    mapping_items,
    tag_of,
)
from truss_secret_lint.diagnostic import Edit, Fix

if TYPE_CHECKING:
    from ruamel.yaml.nodes import Node

ROTATE_NOTE = (
    "the credential is still in git history: rotate it at its provider, then store it in the "
    "platform's secret manager"
)


def null_value_fix(facts: ConfigFacts, entry: Entry, *, note: str = "") -> Fix | None:
    """`name: "value"` → `name: null`, leaving any comment and everything else untouched."""
    return _replace_value_with_null(facts.source.text, entry.key_node, entry.value_node, note=note)


def secrets_block_fix(facts: ConfigFacts, block: Entry) -> Fix | None:
    """Turn a null secrets block into `{}` and a list of names into a mapping of nulls."""
    return _secrets_block_fix(facts.source.text, block.key_node, block.value_node)


def rename_key_fix(entry: Entry, name: str) -> Fix:
    """Replace the text of a key (as written, quotes included) with `name`."""
    key = entry.key_node
    return Fix((Edit(key.start_mark.index, key.end_mark.index, name),))


def remove_entry_edits(facts: ConfigFacts, mapping: Entry, entry: Entry) -> tuple[Edit, ...] | None:
    """Edits that delete one single-line `key: value` entry of the block mapping that is the
    value of `mapping`; an emptied mapping becomes `{}` (truss rejects null where it expects a
    mapping)."""
    return _remove_entry_edits(
        facts.source.text, mapping.key_node, mapping.value_node, entry.key_node, entry.value_node
    )


def node_text(text: str, node: Node) -> str:
    """The source text of a node."""
    return text[node.start_mark.index : node.end_mark.index]


def _colon_after(text: str, key: Node) -> int | None:
    """The offset of the `:` that follows a key on its line, or None (`? key` with no value)."""
    rest = text[key.end_mark.index :]
    stripped = rest.lstrip(" \t")
    if not stripped.startswith(":"):
        return None
    return int(key.end_mark.index) + len(rest) - len(stripped)


def _replace_value_with_null(text: str, key: Node, value: Node, *, note: str = "") -> Fix | None:
    if is_empty_plain(value):
        colon = _colon_after(text, key)
        if colon is None:
            return None
        return Fix((Edit(colon + 1, colon + 1, " null"),), note)
    # A block scalar (`|`, `>`) ends at the start of the next line: keep its line break.
    end = value.start_mark.index + len(node_text(text, value).rstrip())
    return Fix((Edit(value.start_mark.index, end, "null"),), note)


def _secrets_block_fix(text: str, key: Node, value: Node) -> Fix | None:
    if is_null(value):
        if is_empty_plain(value):
            colon = _colon_after(text, key)
            return Fix((Edit(colon + 1, colon + 1, " {}"),)) if colon is not None else None
        return Fix((Edit(value.start_mark.index, value.end_mark.index, "{}"),))
    if not is_sequence(value):
        return None
    items = value.value
    if is_flow(value):
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
        elif is_mapping(item) and not is_flow(item) and len(item.value) == 1:
            edits.append(Edit(dash, item.start_mark.index, indent))
        else:
            return None
    return Fix(tuple(edits))


def _column(text: str, offset: int) -> int:
    return offset - (text.rfind("\n", 0, offset) + 1)


def _line_start_after(text: str, offset: int) -> int:
    """The offset of the start of the line after the one `offset` ends on."""
    if offset > 0 and text[offset - 1] == "\n":
        return offset
    newline = text.find("\n", offset)
    return len(text) if newline < 0 else newline + 1


def yaml_key(name: str) -> str | None:
    """`name` written as a YAML key that truss reads back as that string: plain when PyYAML
    resolves it to a string (`hf_access_token`), single-quoted otherwise (`'true'`, `'123'`,
    `'y'` stays plain). None for a name that is not a portable Truss name: it is never inserted
    (a name from code may hold `: `, `#` or a newline that would write other config); nor is one
    that is not a plausible name (random-looking or credential-shaped: a token pasted where the
    name belongs would be copied into config.yaml)."""
    from truss_secret_lint.redact import is_plausible_name

    if portability_problem(name) is not None or not is_plausible_name(name):
        return None
    import yaml

    resolved = yaml.SafeLoader.resolve(yaml.SafeLoader, yaml.ScalarNode, name, (True, False))
    return name if resolved == "tag:yaml.org,2002:str" else f"'{name}'"


def add_secret_edits(facts: ConfigFacts, name: str) -> tuple[Edit, ...] | None:
    """Edits that declare `name: null`: appended to the last secrets block (expanding `{}`), or
    a new block at the end of the file. None when the block is not a mapping (TSL101's job), for
    a name that is not portable, and for a file whose top level is not a plain block mapping
    written from column 0 (a flow or indented root, or one closed by `...`)."""
    key = yaml_key(name)
    if key is None:
        return None
    text = facts.source.text
    entry = f"{key}: null"
    if not facts.blocks:
        root = facts.root_node
        if root is not None and not facts.is_mapping:
            return None
        if root is not None and (is_flow(root) or root.start_mark.column != 0):
            return None
        if _has_document_end(text):
            return None
        prefix = "" if not text or text.endswith("\n") else "\n"
        return (Edit(len(text), len(text), f"{prefix}secrets:\n  {entry}\n"),)
    block = facts.blocks[-1]
    value = block.value_node
    truss = facts.truss
    if not is_mapping(value) or tag_of(value) != "map":  # `!!set {…}`, `!!omap`: TSL101's job
        return None
    if truss is not None and truss.problem is None and not truss.secrets_is_mapping:
        return None
    items = mapping_items(value)
    if is_flow(value):
        close = text.rfind("}", value.start_mark.index, value.end_mark.index)
        if close < 0:
            return None
        if not items:
            colon = _colon_after(text, block.key_node)
            if colon is None:
                return None
            return (Edit(colon + 1, value.end_mark.index, f"\n  {entry}"),)
        return (Edit(close, close, f", {entry}"),)
    if not items:  # only merge keys (`<<: *base`): no entry to append after
        return None
    last_key, last_value = items[-1]
    indent = " " * last_key.start_mark.column
    end = last_key.end_mark.index
    if not (is_empty_plain(last_value)):
        end = max(end, last_value.end_mark.index)
    at = _line_start_after(text, end)
    prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
    return (Edit(at, at, f"{prefix}{indent}{entry}\n"),)


def _has_document_end(text: str) -> bool:
    """A `...` line (document end marker): nothing may be appended after it."""
    return any(line.rstrip() == "..." for line in text.splitlines())


def _remove_entry_edits(
    text: str, parent_key: Node, mapping: Node, key: Node, value: Node
) -> tuple[Edit, ...] | None:
    empty = is_empty_plain(value)
    end = key.end_mark.index if empty else value.end_mark.index
    if is_flow(mapping) or (not empty and key.start_mark.line != value.end_mark.line):
        return None
    line_start = text.rfind("\n", 0, key.start_mark.index) + 1
    if text[line_start : key.start_mark.index].strip():
        return None
    line_end = _line_start_after(text, end)
    if len(mapping_items(mapping)) == 1:
        colon = _colon_after(text, parent_key)
        return (Edit(colon + 1, line_end, " {}\n"),) if colon is not None else None
    return (Edit(line_start, line_end, ""),)
