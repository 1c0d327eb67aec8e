"""OpenAI API keys: legacy `sk-` + 48, and project/service-account/admin keys.

Formats: `sk-<48 alnum>` (legacy user keys), `sk-proj-…`, `sk-svcacct-…`, `sk-admin-…`,
`sk-None-…` (long, url-safe alphabet), and any `sk-…` key carrying OpenAI's `T3BlbkFJ`
marker (what detect-secrets' own OpenAI plugin looks for). `sk-` alone, as in prose or
`sk-learn`, is not enough.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class OpenAIKeyDetector(TrussRegexDetector):
    """Scans for OpenAI API keys."""

    secret_type = "OpenAI API Key"
    denylist = (
        re.compile(BEFORE + r"sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_\-]{40,}" + AFTER),
        re.compile(BEFORE + r"sk-[A-Za-z0-9]{48}" + AFTER),
        re.compile(BEFORE + r"sk-[A-Za-z0-9_\-]*T3BlbkFJ[A-Za-z0-9_\-]*" + AFTER),
    )
