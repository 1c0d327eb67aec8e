"""LangSmith API keys: personal access tokens `lsv2_pt_…` and service keys `lsv2_sk_…`.

Source: LangSmith's documentation (docs.smith.langchain.com, "Create an API key"): keys start
with `lsv2_pt_` (personal) or `lsv2_sk_` (service), then 32 hex characters, `_` and 10 hex.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class LangSmithKeyDetector(TrussRegexDetector):
    """Scans for LangSmith API keys."""

    secret_type = "LangSmith API Key"
    denylist = (re.compile(BEFORE + r"lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}" + AFTER),)
