"""Amazon Bedrock API keys: long-term `ABSK…` and short-term `bedrock-api-key-…` keys.

Source: AWS's Bedrock user guide ("Amazon Bedrock API keys", "How API keys work"): long-term
keys start with `ABSK`, followed by the base64 of `BedrockAPIKey-…` (so `ABSKQmVkcm9ja0FQSUtleS`
opens every one); short-term keys start with `bedrock-api-key-`, followed by the base64 of a
presigned `bedrock.amazonaws.com` URL (`YmVkcm9jay5hbWF6b25hd3MuY29t`).
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import BEFORE, TrussRegexDetector


class BedrockApiKeyDetector(TrussRegexDetector):
    """Scans for Amazon Bedrock API keys."""

    secret_type = "Amazon Bedrock API Key"
    denylist = (
        re.compile(
            BEFORE + r"ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{40,400}={0,2}" + r"(?![A-Za-z0-9+/=])"
        ),
        re.compile(
            BEFORE
            + r"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/]{40,4000}={0,2}"
            + r"(?![A-Za-z0-9+/=])"
        ),
    )
