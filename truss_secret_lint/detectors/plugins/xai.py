"""xAI (Grok) API keys: `xai-` + 80 letters and digits.

Source: xAI's API documentation (docs.x.ai, "Getting started"), which shows keys as `xai-…`;
the 80-character body is the format the xAI console issues.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class XaiKeyDetector(TrussRegexDetector):
    """Scans for xAI API keys."""

    secret_type = "xAI API Key"
    denylist = (re.compile(BEFORE + r"xai-[A-Za-z0-9]{80}" + AFTER),)
