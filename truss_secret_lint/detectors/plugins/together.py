"""Together AI API keys — only under a Together key name (`TOGETHER_API_KEY=…`).

Source: Together AI's documentation (docs.together.ai, "Quickstart"; `TOGETHER_API_KEY`): keys
are long hex or url-safe strings without a stable documented prefix, so they are reported only
when assigned to a Together key name; elsewhere the linter's secret-name + randomness rules
decide.
"""

from __future__ import annotations

from truss_secret_lint.detectors.plugins._base import TrussRegexDetector, named_assignment


class TogetherKeyDetector(TrussRegexDetector):
    """Scans for Together AI API keys assigned to a Together key name."""

    secret_type = "Together AI API Key"
    denylist = (
        named_assignment(
            r"together(?:[_\-.]?ai)?[_\-.]?(?:api[_\-.]?)?key", "[A-Za-z0-9_\\-]{40,100}"
        ),
    )
