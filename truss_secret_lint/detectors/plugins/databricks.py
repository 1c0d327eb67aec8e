"""Databricks personal access tokens: `dapi` + 32 lowercase hex characters (`-<digit>` after
some).

Source: Databricks' documentation ("Databricks personal access token authentication"), whose
examples show `dapi…` tokens; the same shape is gitleaks' `databricks-api-token` rule.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class DatabricksTokenDetector(TrussRegexDetector):
    """Scans for Databricks personal access tokens."""

    secret_type = "Databricks Token"
    denylist = (re.compile(BEFORE + r"dapi[0-9a-f]{32}(?:-[0-9])?" + AFTER),)
