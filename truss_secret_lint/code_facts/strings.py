"""Constant text of string literal nodes, evaluated without executing anything.

libcst keeps string tokens as written; these helpers turn them into their runtime text (escape
sequences processed, `{{` in f-strings unescaped), using `ast.literal_eval` on a string-only
token, which cannot run code.
"""

from __future__ import annotations

import ast
import warnings

import libcst as cst


def simple_text(node: cst.SimpleString) -> str | None:
    """The value of a plain string token (bytes decoded as Latin-1), or None if malformed."""
    raw = node.raw_value
    if "\\" not in raw and "\r" not in raw:
        return raw  # nothing to unescape: skip literal_eval, which compiles
    try:
        with warnings.catch_warnings():  # "invalid escape sequence" is the user's business
            warnings.simplefilter("ignore")
            value = node.evaluated_value
    except Exception:  # an invalid escape libcst accepts but literal_eval rejects
        return None
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


def fstring_text(node: cst.FormattedString, part: cst.FormattedStringText) -> str:
    """The runtime text of one constant part of an f-string."""
    raw = part.value.replace("{{", "{").replace("}}", "}")
    prefix = node.prefix.lower().replace("f", "")
    if "r" in prefix or "\\" not in raw:
        text = raw
    else:
        quote = node.start[len(node.prefix) :]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                evaluated = ast.literal_eval(f"{prefix}{quote}{raw}{quote}")
        except (SyntaxError, ValueError):
            evaluated = raw
        text = evaluated.decode("latin-1") if isinstance(evaluated, bytes) else str(evaluated)
    return text


def constant_parts(node: cst.BaseExpression) -> str | None:
    """The constant text of a string literal: f-string expressions are left out.

    None when `node` is not a string literal.
    """
    if isinstance(node, cst.SimpleString):
        return simple_text(node)
    if isinstance(node, cst.FormattedString):
        return "".join(
            fstring_text(node, part)
            for part in node.parts
            if isinstance(part, cst.FormattedStringText)
        )
    if isinstance(node, cst.ConcatenatedString):
        left = constant_parts(node.left)
        right = constant_parts(node.right)
        if left is None or right is None:
            return None
        return left + right
    return None
