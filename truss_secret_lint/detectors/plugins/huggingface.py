"""Hugging Face user access tokens (`hf_…`) and organization API tokens (`api_org_…`).

The hub token is what Truss's `hf_access_token` secret holds; leaking it gives access to the
owner's gated and private models and datasets.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class HuggingFaceTokenDetector(TrussRegexDetector):
    """Scans for Hugging Face access tokens: `hf_` + 34 or more letters and digits."""

    secret_type = "Hugging Face Token"
    denylist = (
        re.compile(BEFORE + r"hf_[A-Za-z0-9]{34,}" + AFTER),
        re.compile(BEFORE + r"api_org_[A-Za-z0-9]{34}" + AFTER),
    )
