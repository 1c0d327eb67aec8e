"""Anthropic API keys: `sk-ant-api03-…`, admin keys `sk-ant-admin01-…` and OAuth tokens.

The format is `sk-ant-<kind><2-digit version>-` followed by 93 url-safe characters and `AA`
(Anthropic's console issues them so; gitleaks' `anthropic-api-key` and `anthropic-admin-api-key`
rules match the same). A shape without the `AA` suffix is a made-up example, not a key.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class AnthropicKeyDetector(TrussRegexDetector):
    """Scans for Anthropic API keys."""

    secret_type = "Anthropic API Key"
    denylist = (re.compile(BEFORE + r"sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_\-]{80,}" + AFTER),)

    def is_plausible(self, secret: str) -> bool:
        """Generated, and ending in `AA` as every issued key does."""
        return secret.endswith("AA") and super().is_plausible(secret)
