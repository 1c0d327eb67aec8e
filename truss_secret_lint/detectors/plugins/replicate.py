"""Replicate API tokens: `r8_` + 37 letters and digits."""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class ReplicateTokenDetector(TrussRegexDetector):
    """Scans for Replicate API tokens."""

    secret_type = "Replicate API Token"
    denylist = (re.compile(BEFORE + r"r8_[A-Za-z0-9]{37}" + AFTER),)
