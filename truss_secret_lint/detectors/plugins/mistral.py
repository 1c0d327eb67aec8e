"""Mistral AI API keys — only under a Mistral key name (`MISTRAL_API_KEY=…`).

Source: Mistral's documentation (docs.mistral.ai, "Quickstart"/"API keys"): keys are 32 letters
and digits with no prefix, so the shape alone would report any 32-character identifier. This
plugin reports one only when assigned to a Mistral key name; elsewhere the linter's
secret-name + randomness rules decide, as for any unprefixed key.
"""

from __future__ import annotations

from truss_secret_lint.detectors.plugins._base import TrussRegexDetector, named_assignment


class MistralKeyDetector(TrussRegexDetector):
    """Scans for Mistral AI API keys assigned to a Mistral key name."""

    secret_type = "Mistral API Key"
    denylist = (
        named_assignment(r"mistral(?:[_\-.]?ai)?[_\-.]?(?:api[_\-.]?)?key", "[A-Za-z0-9]{32}"),
    )
