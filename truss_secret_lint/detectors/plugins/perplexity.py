"""Perplexity API keys: `pplx-` + 48 letters and digits.

Source: Perplexity's API documentation (docs.perplexity.ai, "Getting started"), which shows keys
as `pplx-…`; the same shape is gitleaks' `perplexity-api-key` rule.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class PerplexityKeyDetector(TrussRegexDetector):
    """Scans for Perplexity API keys."""

    secret_type = "Perplexity API Key"
    denylist = (re.compile(BEFORE + r"pplx-[A-Za-z0-9]{48}" + AFTER),)
