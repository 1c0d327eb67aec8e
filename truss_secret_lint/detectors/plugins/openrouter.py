"""OpenRouter API keys: `sk-or-v1-` + 64 lowercase hex characters.

Source: OpenRouter's API keys page and quickstart (openrouter.ai/docs/api-reference/authentication),
which show keys as `sk-or-v1-…`; the 64-hex body is the format the dashboard issues.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class OpenRouterKeyDetector(TrussRegexDetector):
    """Scans for OpenRouter API keys."""

    secret_type = "OpenRouter API Key"
    denylist = (re.compile(BEFORE + r"sk-or-v1-[0-9a-f]{64}" + AFTER),)
