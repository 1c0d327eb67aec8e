"""Groq API keys: `gsk_` + 52 letters and digits."""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class GroqKeyDetector(TrussRegexDetector):
    """Scans for Groq API keys."""

    secret_type = "Groq API Key"
    denylist = (re.compile(BEFORE + r"gsk_[A-Za-z0-9]{52}" + AFTER),)
