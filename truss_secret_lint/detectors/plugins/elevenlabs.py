"""ElevenLabs API keys: `sk_` + 48 lowercase hex characters.

Source: ElevenLabs' API reference (elevenlabs.io/docs/api-reference/authentication), `xi-api-key`
header; keys issued since 2024 are `sk_` + 48 hex. Older keys are 32 hex characters without a
prefix: found only under a secret-like name (`ELEVENLABS_API_KEY=…`) by the linter's
name-and-randomness rules.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class ElevenLabsKeyDetector(TrussRegexDetector):
    """Scans for ElevenLabs API keys."""

    secret_type = "ElevenLabs API Key"
    denylist = (re.compile(BEFORE + r"sk_[0-9a-f]{48}" + AFTER),)
