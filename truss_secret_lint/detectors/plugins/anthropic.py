"""Anthropic API keys: `sk-ant-api03-…`, admin keys `sk-ant-admin01-…` and OAuth tokens.

The format is `sk-ant-<kind><2-digit version>-` followed by about 95 url-safe characters.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class AnthropicKeyDetector(TrussRegexDetector):
    """Scans for Anthropic API keys."""

    secret_type = "Anthropic API Key"
    denylist = (re.compile(BEFORE + r"sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_\-]{80,}" + AFTER),)
