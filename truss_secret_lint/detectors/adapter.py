"""The one place that talks to detect-secrets: load the plugins once, run them, report spans.

No detect-secrets settings are read or written. detect-secrets keeps its configuration in a
process-wide singleton (`detect_secrets.settings.get_settings()`) that its scan functions,
filters and `default_settings()`/`transient_settings()` mutate; we never go through any of
that. We instantiate the plugin classes ourselves and run their `denylist` regexes (confirming
each hit with the plugin's own `analyze_string`, which applies checks such as the JWT
validity test). What stays behind after a call is a private cache of plugin instances, built
on first use, which no other code can observe.

detect-secrets is imported on the first text that passes the prefilter (`prefilter.py`),
never at import time: it costs more than a hundred milliseconds (it imports `requests`).
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from truss_secret_lint.detectors.credential import CredentialMatch
from truss_secret_lint.detectors.prefilter import candidate_detectors
from truss_secret_lint.detectors.registry import ALL_DETECTORS, DetectorSpec

__all__ = ["find_credentials", "scan_without_prefilter"]

Span = tuple[int, int]
Finder = Callable[[str], Iterator[Span]]


# --------------------------------------------------------------------------------------------
# Turning an upstream regex match into the span of the secret (see registry.SpanRule)
# --------------------------------------------------------------------------------------------

_PEM_END = re.compile(r"-----END [A-Z0-9 ]*-----")
_PUTTY_END = re.compile(r"Private-MAC: *[0-9a-fA-F]+")
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9_\-]*")  # url-safe base64: tokens, JWT signatures
_DELIMITERS = " \t\r\n=:\"'"


def _glued(text: str, start: int, end: int) -> bool:
    """Whether a match continues a longer alphanumeric run (half of a bigger string)."""
    return (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum())


def _span_match(text: str, match: re.Match[str]) -> Span | None:
    start, end = match.span()
    return None if _glued(text, start, end) else (start, end)


def _span_extend(text: str, match: re.Match[str]) -> Span | None:
    start, end = match.span()
    while end < len(text) and text[end].isascii() and text[end].isalnum():
        end += 1
    return None if _glued(text, start, end) else (start, end)


def _span_group(text: str, match: re.Match[str]) -> Span | None:
    for index in range(1, (match.lastindex or 0) + 1):
        if match.group(index):
            start, _ = match.span(index)
            token = _TOKEN_CHARS.match(text, start)
            return (start, token.end()) if token else None
    return None


def _span_after_eq(text: str, match: re.Match[str]) -> Span | None:
    start, end = match.span()
    return start + match.group(0).index("=") + 1, end


def _span_trim(text: str, match: re.Match[str]) -> Span | None:
    start, end = match.span()
    while start < end and text[start] in _DELIMITERS:
        start += 1
    while end > start and text[end - 1] in _DELIMITERS:
        end -= 1
    return start, end


def _span_pem(text: str, match: re.Match[str]) -> Span | None:
    start, end = match.span()
    if text[max(0, start - 5) : start] == "-----":
        start -= 5
    closing = (_PUTTY_END if match.group(0).startswith("PuTTY") else _PEM_END).search(text, end)
    if closing is not None:
        return start, closing.end()
    return start, end + 5 if text[end : end + 5] == "-----" else end


def _span_jwt(text: str, match: re.Match[str]) -> Span | None:
    start, end = match.span()
    if text[end - 1] == ".":
        signature = _TOKEN_CHARS.match(text, end)
        end = signature.end() if signature else end
    return None if _glued(text, start, end) else (start, end)


_SPAN_RULES: dict[str, Callable[[str, re.Match[str]], Span | None]] = {
    "match": _span_match,
    "extend": _span_extend,
    "group": _span_group,
    "after_eq": _span_after_eq,
    "trim": _span_trim,
    "pem": _span_pem,
    "jwt": _span_jwt,
}


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def _upstream_finder(plugin: Any, spec: DetectorSpec) -> Finder:
    """Spans of a detect-secrets built-in plugin's matches, confirmed by the plugin itself."""
    denylist: list[re.Pattern[str]] = list(plugin.denylist)
    regexes = denylist if spec.patterns is None else [denylist[i] for i in spec.patterns]
    to_span = _SPAN_RULES[spec.span]

    def find(text: str) -> Iterator[Span]:
        for regex in regexes:
            for match in regex.finditer(text):
                if next(iter(plugin.analyze_string(match.group(0))), None) is None:
                    continue
                span = to_span(text, match)
                if span is not None and span[0] < span[1]:
                    yield span

    return find


@functools.cache
def loaded_detectors() -> dict[str, tuple[int, DetectorSpec, Finder]]:
    """Every detector by class name: (its place in the registry, spec, span finder).

    Built once per process, on the first text that may hold a credential.
    """
    loaded = {}
    for order, spec in enumerate(ALL_DETECTORS):
        plugin = getattr(importlib.import_module(spec.module), spec.class_name)()
        finder: Finder = plugin.find_spans if spec.span == "own" else _upstream_finder(plugin, spec)
        loaded[spec.class_name] = (order, spec, finder)
    return loaded


# --------------------------------------------------------------------------------------------
# Scanning
# --------------------------------------------------------------------------------------------


def _non_overlapping(found: Iterable[tuple[int, int, int, str]]) -> list[CredentialMatch]:
    """Sorted by start; where matches overlap keep the earliest, then longest, then the
    detector listed first in the registry (ours before detect-secrets')."""
    result: list[CredentialMatch] = []
    last_end = -1
    for start, end, _, kind in sorted(found, key=lambda f: (f[0], f[0] - f[1], f[2])):
        if start >= last_end:
            result.append(CredentialMatch(kind, start, end))
            last_end = end
    return result


def _scan(text: str, specs: Iterable[DetectorSpec]) -> list[CredentialMatch]:
    detectors = loaded_detectors()
    found = []
    for spec in specs:
        order, _, finder = detectors[spec.class_name]
        found += [(start, end, order, spec.kind) for start, end in finder(text)]
    return _non_overlapping(found)


def scan_without_prefilter(text: str) -> list[CredentialMatch]:
    """Run every detector on `text`, skipping the anchors (tests compare the two)."""
    return _scan(text, ALL_DETECTORS)


def find_credentials(text: str) -> list[CredentialMatch]:
    """Specific credential shapes in `text`, sorted by start and non-overlapping.

    Only the detectors whose anchors occur in the text run; when there are none (nearly every
    config value) the call returns at once, without loading detect-secrets.
    """
    candidates = candidate_detectors(text)
    return _scan(text, candidates) if candidates else []
