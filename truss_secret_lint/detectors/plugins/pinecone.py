"""Pinecone API keys of the current format: `pcsk_` + a short id + `_` + the secret.

Source: Pinecone's documentation (docs.pinecone.io, "Authentication"/"API keys"): keys created
since late 2024 start with `pcsk_`. Older Pinecone keys are UUIDs, which have no distinctive
shape: they are found only under a secret-like name (`PINECONE_API_KEY=…`) by the linter's
name-and-randomness rules.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class PineconeKeyDetector(TrussRegexDetector):
    """Scans for Pinecone API keys."""

    secret_type = "Pinecone API Key"
    denylist = (re.compile(BEFORE + r"pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{40,100}" + AFTER),)
