"""DeepSeek API keys: `sk-` + 32 lowercase hex characters.

Source: DeepSeek's API documentation (api-docs.deepseek.com, "Your first API call"), which
shows keys as `sk-…`; the platform issues 32 hex characters after the prefix. OpenAI's keys
share the `sk-` prefix but never a 32-hex body (legacy: 48 letters and digits).
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class DeepSeekKeyDetector(TrussRegexDetector):
    """Scans for DeepSeek API keys."""

    secret_type = "DeepSeek API Key"
    denylist = (re.compile(BEFORE + r"sk-[0-9a-f]{32}" + AFTER),)
