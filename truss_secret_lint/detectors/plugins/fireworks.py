"""Fireworks AI API keys: `fw_` + 24 letters and digits.

Source: Fireworks AI's API key documentation (docs.fireworks.ai, "API keys"), whose examples
and dashboard show keys as `fw_…`; the body length is the one the dashboard issues.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class FireworksKeyDetector(TrussRegexDetector):
    """Scans for Fireworks AI API keys."""

    secret_type = "Fireworks AI API Key"
    denylist = (re.compile(BEFORE + r"fw_[A-Za-z0-9]{24}" + AFTER),)
