"""The one place that talks to detect-secrets: load the plugins once, run them, report spans.

No detect-secrets settings are read or written. detect-secrets keeps its configuration in a
process-wide singleton (`detect_secrets.settings.get_settings()`) that its scan functions,
filters and `default_settings()`/`transient_settings()` mutate; we never go through any of
that. We instantiate the plugin classes ourselves and run their `denylist` regexes (confirming
each hit with the plugin's own `analyze_string` where it adds a check to its regexes, such as
the JWT validity test). What stays behind after a call is a private cache of plugin instances,
built on first use, which no other code can observe.

Every regex run here takes time linear in the text (SPEC §10: the text is hostile, up to
2 MiB): our plugins start only at the beginning of a run of token characters (their
lookbehind), so no run is scanned from more than one start; the detect-secrets patterns
that backtrack quadratically (JWT, npm) are replaced by linear rewrites (`registry.py`), the
others have bounded repetitions or runs that separators end; a private key's END marker is
searched once per text, not once per header. `tests/test_trust_regex.py` times the crafted
input of each through the real CLI at the 2 MiB size cap.

Every match of every detector, ours and detect-secrets', then passes one plausibility policy
(`plausibility.py`): documentation and placeholder values with a credential's shape are dropped.

detect-secrets is imported on the first text that passes the shape prefilter
(`shape_prefilter.py`), never at import time; its `requests` import, the larger part of that
cost, is deferred until something uses requests, which detection never does
(`deferred_imports.py`).
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from truss_secret_lint.detectors.deferred_imports import defer_unused_imports
from truss_secret_lint.detectors.match import CredentialMatch
from truss_secret_lint.detectors.plausibility import is_plausible_credential
from truss_secret_lint.detectors.registry import ALL_DETECTORS, DetectorSpec
from truss_secret_lint.detectors.shape_prefilter import candidate_detectors

__all__ = ["find_credentials", "scan_without_prefilter", "upstream_regexes"]

Span = tuple[int, int]
Finder = Callable[[str], Iterator[Span]]


# --------------------------------------------------------------------------------------------
# Turning an upstream regex match into the span of the secret (see registry.SpanRule)
# --------------------------------------------------------------------------------------------

_PEM_END = re.compile(r"-----END [A-Z0-9 ]*-----")
_PUTTY_END = re.compile(r"Private-MAC: *[0-9a-fA-F]+")
# A key body without its END line: base64 lines, also with escaped line ends (`\n` in JSON).
# Possessive and stopped by `-`, so consecutive headers never rescan one another's text.
_PEM_BODY = re.compile(r"(?:[\s\\]*+[A-Za-z0-9+/=]++)*+")
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


class _Closings:
    """The first match of `regex` at or after a position, for ascending positions in one text.

    A key's header is closed by the first END marker after it. Searching from every header
    to the end of the text is quadratic on a file of headers without an END (100,000 headers
    in 2 MiB); positions come in ascending order within one regex's matches, so one search
    answers every header before the END it finds, and a failed search every header after it.
    """

    def __init__(self, regex: re.Pattern[str], text: str) -> None:
        self._regex = regex
        self._text = text
        self._searched_from = len(text) + 1
        self._found: re.Match[str] | None = None

    def after(self, position: int) -> re.Match[str] | None:
        known = position >= self._searched_from and (
            self._found is None or self._found.start() >= position
        )
        if not known:
            self._searched_from = position
            self._found = self._regex.search(self._text, position)
        return self._found


def _pem_spanner(text: str) -> Callable[[str, re.Match[str]], Span | None]:
    """The `pem` span rule for one text: from the header to the END marker that closes it."""
    closings = {regex: _Closings(regex, text) for regex in (_PEM_END, _PUTTY_END)}

    def span(text: str, match: re.Match[str]) -> Span | None:
        start, end = match.span()
        if text[max(0, start - 5) : start] == "-----":
            start -= 5
        end_regex = _PUTTY_END if match.group(0).startswith("PuTTY") else _PEM_END
        closing = closings[end_regex].after(end)
        if closing is not None:
            return start, closing.end()
        end += 5 if text[end : end + 5] == "-----" else 0
        if end_regex is _PEM_END:  # no END marker: the body that follows, if any
            body = _PEM_BODY.match(text, end)
            end = body.end() if body else end
        return start, end

    return span


_ESCAPE_BEFORE = re.compile(r"(?:%[0-9A-Fa-f]{2}|\\[ntr])$")


def _span_jwt(text: str, match: re.Match[str]) -> Span | None:
    start, end = match.span("token") if "token" in match.re.groupindex else match.span()
    if text[end - 1] == ".":
        signature = _TOKEN_CHARS.match(text, end)
        end = signature.end() if signature else end
    # `Bearer%20eyJ…` (URL-encoded) and `\neyJ…` (an escaped line end) are not glued.
    escaped = _ESCAPE_BEFORE.search(text, max(0, start - 3), start) is not None
    return None if _glued(text, start if not escaped else 0, end) else (start, end)


_SPAN_RULES: dict[str, Callable[[str, re.Match[str]], Span | None]] = {
    "match": _span_match,
    "extend": _span_extend,
    "group": _span_group,
    "after_eq": _span_after_eq,
    "trim": _span_trim,
    "jwt": _span_jwt,
}


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def upstream_regexes(plugin: Any, spec: DetectorSpec) -> list[re.Pattern[str]]:
    """The regexes the linter runs for a detect-secrets plugin: the `denylist` entries the
    spec selects, or the spec's linear-time rewrites of them."""
    if spec.linear:
        return [re.compile(pattern) for pattern in spec.linear]
    denylist: list[re.Pattern[str]] = list(plugin.denylist)
    return denylist if spec.patterns is None else [denylist[i] for i in spec.patterns]


def _confirmer(plugin: Any) -> Callable[[str], bool] | None:
    """The plugin's own check of a match, when it has one beyond its regexes (the JWT plugin
    decodes the token). A plain RegexBasedDetector's `analyze_string` would only run its
    regexes again, over text as long as the match (the npm pattern's match is a whole line),
    and some of them backtrack quadratically."""
    from detect_secrets.plugins.base import RegexBasedDetector

    if type(plugin).analyze_string is RegexBasedDetector.analyze_string:
        return None
    return lambda found: next(iter(plugin.analyze_string(found)), None) is not None


def _upstream_finder(plugin: Any, spec: DetectorSpec) -> Finder:
    """Spans of a detect-secrets built-in plugin's matches, confirmed by the plugin itself."""
    regexes = upstream_regexes(plugin, spec)
    confirm = _confirmer(plugin)

    def find(text: str) -> Iterator[Span]:
        to_span = _pem_spanner(text) if spec.span == "pem" else _SPAN_RULES[spec.span]
        for regex in regexes:
            for match in regex.finditer(text):
                # The JWT rewrite marks the upstream match as `token`: confirm exactly that,
                # which the upstream regex matches from its first character (linear).
                found = match.group("token") if "token" in regex.groupindex else match.group(0)
                if confirm is not None and not confirm(found):
                    continue
                span = to_span(text, match)
                if span is not None and span[0] < span[1]:
                    yield span

    return find


@functools.cache
def loaded_detectors() -> dict[str, tuple[int, DetectorSpec, Finder]]:
    """Every detector by class name: (its place in the registry, spec, span finder).

    Built once per process, on the first text that may hold a credential. detect-secrets'
    `requests` import is deferred first (`deferred_imports.py`): detection never uses it.
    """
    defer_unused_imports()
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
    """Every detector's plausible matches (one policy for all: `plausibility.py`). Our plugins
    apply it in their own `is_plausible` (so `detect-secrets scan --plugin` does too); here
    it is applied to detect-secrets' matches."""
    detectors = loaded_detectors()
    found = []
    for spec in specs:
        order, _, finder = detectors[spec.class_name]
        found += [
            (start, end, order, spec.kind)
            for start, end in finder(text)
            if spec.span == "own" or is_plausible_credential(text[start:end])
        ]
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
