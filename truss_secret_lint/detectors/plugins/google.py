"""Google API keys (Gemini, Maps, Cloud APIs): `AIza` + 35 url-safe characters."""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class GoogleApiKeyDetector(TrussRegexDetector):
    """Scans for Google API keys."""

    secret_type = "Google API Key"
    denylist = (re.compile(BEFORE + r"AIza[0-9A-Za-z_\-]{35}" + AFTER),)
