"""Cohere API keys — only where the surrounding text says the value is for Cohere.

A Cohere key is 40 letters and digits with no prefix, a shape shared by plenty of harmless
strings, so on its own it cannot be reported precisely. This plugin only reports it in an
assignment to a Cohere key name (`CO_API_KEY=…`, `COHERE_API_KEY: …`, `cohere_key = "…"`)
or as the key passed to a Cohere client (`cohere.Client("…")`, `cohere.ClientV2(api_key="…")`).
A bare value (a config value scanned without its key) is never reported by this plugin; the
linter's secret-name + randomness rules cover that case.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, TrussRegexDetector

_KEY = r"[A-Za-z0-9]{40}"


class CohereKeyDetector(TrussRegexDetector):
    """Scans for Cohere API keys in a Cohere context."""

    secret_type = "Cohere API Key"
    denylist = (
        re.compile(
            r"(?<![A-Za-z0-9])(?i:cohere|co)[_\-.]?(?:(?:api|API|Api)[_\-.]?)?(?i:key)[\"']?\s*[:=]\s*[\"']?"
            rf"(?P<secret>{_KEY}){AFTER}"
        ),
        re.compile(
            r"cohere\.(?:Async)?Client(?:V2)?\(\s*(?:api_key\s*=\s*)?[\"']"
            rf"(?P<secret>{_KEY})[\"']"
        ),
    )
