"""Deepgram API keys — only under a Deepgram key name (`DEEPGRAM_API_KEY=…`).

Source: Deepgram's documentation (developers.deepgram.com, "Authentication"; `DEEPGRAM_API_KEY`):
keys are 40 hex characters with no prefix — the shape of every git commit SHA — so they are
reported only when assigned to a Deepgram key name; elsewhere the linter's secret-name +
randomness rules decide.
"""

from __future__ import annotations

from truss_secret_lint.detectors.plugins._base import TrussRegexDetector, named_assignment


class DeepgramKeyDetector(TrussRegexDetector):
    """Scans for Deepgram API keys assigned to a Deepgram key name."""

    secret_type = "Deepgram API Key"
    denylist = (named_assignment(r"deepgram[_\-.]?(?:api[_\-.]?)?key", "[0-9a-f]{40}"),)
