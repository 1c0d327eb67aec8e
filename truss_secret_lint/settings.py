"""Settings: `[tool.truss-secret-lint]` in the nearest pyproject.toml, then command-line overrides.

Keys: `select`, `extend-select`, `ignore`, `per-file-ignores` (glob → codes), `exclude` (globs),
`extend-placeholders` (RE2 regexes of accepted placeholder values), `baseline` (a path,
relative to the pyproject.toml), `no-inline-ignores` (bool). Unknown keys and bad values are a
`SettingsError` naming the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

SECTION = "truss-secret-lint"
_CODE_PREFIX = re.compile(r"^(?:ALL|TSL\d{0,3})$")


class SettingsError(Exception):
    """A configuration problem the user must fix (exit 2, one line)."""


@dataclass(frozen=True)
class Settings:
    """Everything that decides what a run reports."""

    select: tuple[str, ...] | None = None  # None: the rules enabled by default
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    extend_placeholders: tuple[str, ...] = ()
    baseline: Path | None = None
    no_inline_ignores: bool = False
    source: Path | None = field(default=None, compare=False)

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the given fields replaced (None values are left as they are)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def parse_codes(raw: str | list[Any], key: str) -> tuple[str, ...]:
    """`TSL2,TSL301` or a list → validated upper-case code prefixes."""
    items = raw.split(",") if isinstance(raw, str) else raw
    codes = []
    for item in items:
        if not isinstance(item, str):
            raise SettingsError(f"{key}: expected rule codes, got {item!r}")
        code = item.strip().upper()
        if not code:
            continue
        if not _CODE_PREFIX.match(code):
            raise SettingsError(
                f"{key}: {item.strip()!r} is not a rule code or prefix (TSL201, TSL2)"
            )
        codes.append(code)
    return tuple(codes)


def find_pyproject(start: Path, stop: Path | None = None) -> Path | None:
    """The nearest pyproject.toml at or above `start` that has a [tool.truss-secret-lint] table;
    with `stop`, directories above `stop` are not looked at (the language server stays inside
    the workspace); tomllib is imported only once a pyproject.toml is found."""
    directories = (start, *start.parents)
    if stop is not None:
        directories = tuple(d for d in directories if d == stop or stop in d.parents)
    for directory in directories:
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            import tomllib

            try:
                data = tomllib.loads(text)
            except ValueError:  # tomllib.TOMLDecodeError
                if f"[tool.{SECTION}" in text:
                    return candidate  # ours, but broken: loading it reports the TOML error
                continue
            if SECTION in data.get("tool", {}):
                return candidate
    return None


def load_settings(path: Path | None, *, explicit: bool) -> Settings:
    """Read settings from `path` (a pyproject.toml or a standalone TOML file with the keys)."""
    if path is None:
        return Settings()
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SettingsError(f"{path}: cannot read: {error.strerror}") from None
    except (UnicodeDecodeError, ValueError) as error:  # tomllib.TOMLDecodeError is a ValueError
        raise SettingsError(f"{path}: not valid TOML: {error}") from None
    table = data.get("tool", {}).get(SECTION)
    if table is None:
        if explicit and path.name != "pyproject.toml":
            table = data
        else:
            return Settings(source=path)
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: [tool.{SECTION}] must be a table")
    return _from_table(table, path)


def _from_table(table: dict[str, Any], path: Path) -> Settings:
    known = {
        "select",
        "extend-select",
        "ignore",
        "per-file-ignores",
        "exclude",
        "extend-placeholders",
        "baseline",
        "no-inline-ignores",
    }
    for key in table:
        if key not in known:
            raise SettingsError(f"{path}: unknown key {key!r} in [tool.{SECTION}]")
    settings = Settings(source=path)
    if "select" in table:
        settings = replace(settings, select=parse_codes(_list(table, "select", path), "select"))
    if "extend-select" in table:
        codes = parse_codes(_list(table, "extend-select", path), "extend-select")
        settings = replace(settings, extend_select=codes)
    if "ignore" in table:
        settings = replace(settings, ignore=parse_codes(_list(table, "ignore", path), "ignore"))
    if "per-file-ignores" in table:
        raw = table["per-file-ignores"]
        if not isinstance(raw, dict):
            raise SettingsError(f"{path}: per-file-ignores must be a table of glob = [codes]")
        entries = tuple(
            (glob, parse_codes(codes if isinstance(codes, list) else [codes], "per-file-ignores"))
            for glob, codes in raw.items()
        )
        settings = replace(settings, per_file_ignores=entries)
    if "exclude" in table:
        settings = replace(settings, exclude=_strings(table, "exclude", path))
    if "extend-placeholders" in table:
        # Imported here: the detectors package is not needed to read settings (`history --help`).
        from truss_secret_lint.detectors.placeholders import placeholder_pattern_error

        patterns = _strings(table, "extend-placeholders", path)
        for pattern in patterns:
            # Matched by RE2 (linear time): the settings file may come from the checked tree.
            reason = placeholder_pattern_error(pattern)
            if reason is not None:
                raise SettingsError(
                    f"{path}: extend-placeholders: {pattern!r} is not a valid RE2 regex "
                    f"(no lookaround or backreferences): {reason}"
                )
        settings = replace(settings, extend_placeholders=patterns)
    if "baseline" in table:
        value = table["baseline"]
        if not isinstance(value, str) or not value:
            raise SettingsError(f"{path}: baseline must be a path string")
        settings = replace(settings, baseline=path.parent / value)
    if "no-inline-ignores" in table:
        value = table["no-inline-ignores"]
        if not isinstance(value, bool):
            raise SettingsError(f"{path}: no-inline-ignores must be true or false")
        settings = replace(settings, no_inline_ignores=value)
    return settings


def _list(table: dict[str, Any], key: str, path: Path) -> list[Any]:
    value = table[key]
    if not isinstance(value, list):
        raise SettingsError(f"{path}: {key} must be a list of rule codes")
    return value


def _strings(table: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = table[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"{path}: {key} must be a list of strings")
    return tuple(value)
