"""Applying fixes: splice the edits of each file's fixes into its text, verify, write atomically.

Fixes come from the rules (never from a second checker); edits are offsets into the text the
checkers read. Overlapping edits are resolved first come, first served (the rest wait for the next
round: `--fix` re-lints and repeats until nothing changes), so a file is always rewritten
consistently.

A fix can only make a YAML file better, by mechanism: each fix is spliced into the text planned so
far and the result read the way truss reads it (`truss_yaml`), then compared with the plan before
it (so two new `secrets:` blocks, of which truss would keep one, cannot both be planned: the second
waits for the next round and lands in the first); a fix is declined, with the reason,
when the result would not load, would reject a `secrets:` or `environment_variables` truss
accepted before, would lose a declared secret, or would change any other top-level field.

Lines a fix adds use the file's own line ending (CRLF stays CRLF). Writes go to a temporary file
in the same directory that replaces the original, keeping its mode, and only when the file still
holds exactly the text that was checked (an editor may have saved it meanwhile).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from truss_secret_lint.diagnostic import Diagnostic, Edit
from truss_secret_lint.sources.text import SourceText


@dataclass(frozen=True)
class FixedFile:
    """The new text of one file and the diagnostics whose fixes went into it."""

    path: str
    source: SourceText
    new_text: str
    applied: tuple[Diagnostic, ...]
    declined: tuple[tuple[Diagnostic, str], ...] = ()  # fixes not applied, and why


def plan_fixes(
    diagnostics: Iterable[Diagnostic], sources: dict[str, SourceText]
) -> list[FixedFile]:
    """Group fixable diagnostics per file; splice their non-conflicting edits, each verified."""
    by_path: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        if diagnostic.fix is None:
            continue
        path = diagnostic.fix.path or diagnostic.path
        if path in sources:
            by_path.setdefault(path, []).append(diagnostic)
    planned = []
    for path, fixable in sorted(by_path.items()):
        source = sources[path]
        newline = "\r\n" if "\r\n" in source.text.split("\n", 1)[0] + "\n" else "\n"
        verify = _verifier(source) if path.endswith((".yaml", ".yml")) else None
        taken: list[Edit] = []
        applied = []
        declined = []
        for diagnostic in fixable:
            assert diagnostic.fix is not None
            edits = tuple(_with_newline(e, newline) for e in diagnostic.fix.edits if e not in taken)
            if any(_overlaps(edit, other) for edit in edits for other in taken):
                continue
            if verify is not None:
                reason = verify(splice(source.text, taken), splice(source.text, [*taken, *edits]))
                if reason is not None:
                    declined.append((diagnostic, reason))
                    continue
            taken.extend(edits)
            applied.append(diagnostic)
        new_text = splice(source.text, taken)
        if new_text != source.text or declined:
            planned.append(FixedFile(path, source, new_text, tuple(applied), tuple(declined)))
    return planned


def _with_newline(edit: Edit, newline: str) -> Edit:
    if newline == "\n" or "\n" not in edit.replacement:
        return edit
    replacement = edit.replacement.replace("\r\n", "\n").replace("\n", newline)
    return Edit(edit.start, edit.end, replacement)


def _verifier(source: SourceText) -> Callable[[str, str], str | None]:
    """A check of a planned YAML text against the text planned before it (at first the
    original), read as truss reads both: the reason to decline, or None when the result is at
    least as good. Checking each fix against the previous plan (not only the original) catches
    fixes that undo each other, such as two new `secrets:` blocks of which truss keeps one."""
    from truss_secret_lint.config_facts.names import is_secrets_misspelling
    from truss_secret_lint.config_facts.truss_yaml import TrussLoad, load_like_truss

    loads: dict[str, TrussLoad] = {}

    def load(text: str) -> TrussLoad:
        if text not in loads:
            if len(loads) > 4:
                loads.clear()
            loads[text] = load_like_truss(text)
        return loads[text]

    def verify(previous: str, text: str) -> str | None:
        before, after = load(previous), load(text)
        if before.problem is not None:
            return None if after.problem is None else "the file does not load in truss"
        if after.problem is not None or not after.is_mapping:
            return "the result would not load in truss"
        if before.secrets_key is not None and before.secrets_is_mapping:
            if not after.secrets_is_mapping:
                return "the result would make truss reject `secrets`"
            if not set(before.declared) <= set(after.declared):
                return "the result would lose a declared secret"
        if (
            after.secrets_key is not None
            and not after.secrets_is_mapping
            and (before.secrets_key is None or before.secrets_is_mapping)
        ):
            return "the result would make truss reject `secrets`"
        if _rejected_entries(after) - _rejected_entries(before):
            return "the result would give a secret a default truss rejects"
        old, new = _fields(before.data), _fields(after.data)
        env_old, env_new = (
            old.pop("environment_variables", None),
            new.pop("environment_variables", None),
        )
        if env_old != env_new and not _env_shrank(before.data, after.data):
            return "the result would break `environment_variables`"
        promised = {"secrets"} | {
            k for k in old if isinstance(k, str) and is_secrets_misspelling(k)
        }
        if {k: v for k, v in old.items() if k not in promised} != {
            k: v for k, v in new.items() if k not in promised
        }:
            return "the result would change another config field"
        return None

    return verify


def _rejected_entries(load: Any) -> set[str]:
    return {e.name or repr(e.key.value) for e in load.entries if e.name is None or not e.default_ok}


def _fields(data: Any) -> dict[object, str]:
    """Top-level fields → a comparable form of their value (repr: NaN equals itself)."""
    if not isinstance(data, dict):
        return {}
    return {k if isinstance(k, str) else repr(k): repr(v) for k, v in data.items()}


def _env_shrank(before: Any, after: Any) -> bool:
    """`environment_variables` only lost entries, each now declared under `secrets:`, and is
    still a mapping (truss crashes on a null one)."""
    old = before.get("environment_variables", {}) if isinstance(before, dict) else None
    new = after.get("environment_variables", {}) if isinstance(after, dict) else None
    if not isinstance(old, dict) or not isinstance(new, dict):
        return False
    secrets = after.get("secrets") if isinstance(after, dict) else None
    declared = set(secrets) if isinstance(secrets, dict) else set()
    return all(old.get(k) == v or repr(old.get(k)) == repr(v) for k, v in new.items()) and all(
        k in declared for k in old if k not in new
    )


def splice(text: str, edits: Iterable[Edit]) -> str:
    """Apply offset edits to `text` (from the end, so offsets stay valid)."""
    ordered = sorted(enumerate(edits), key=lambda item: (item[1].start, item[1].end, item[0]))
    for _, edit in reversed(ordered):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def _overlaps(a: Edit, b: Edit) -> bool:
    """Edits conflict when their replaced ranges intersect; insertions at one offset do not
    (they stack in order), nor does an insertion at the edge of a replacement."""
    return a.start < b.end and b.start < a.end


class StaleFile(Exception):
    """The file on disk is no longer the text that was checked (changed, replaced or gone)."""


def write_atomically(
    path: Path, text: str, *, bom: bool = False, expected: str | None = None
) -> None:
    """Replace `path` with `text` via a temporary file in the same directory; keep the mode.

    Line endings are written exactly as they are in `text` (no newline translation), and a
    UTF-8 byte-order mark the file started with is written back. With `expected`, the file must
    still hold that text (and BOM) right before it is replaced, else `StaleFile` is raised and
    nothing is written: an edit saved meanwhile is never lost.
    """
    if expected is not None:
        from truss_secret_lint.sources.text import read_source

        current = read_source(path)
        if current.problem is not None or current.text != expected or current.bom != bom:
            raise StaleFile(str(path))
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(("\ufeff" if bom else "") + text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
