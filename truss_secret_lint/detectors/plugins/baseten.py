"""Baseten API keys: `<8 letters/digits>.<32 letters/digits>`.

This is the platform's own key (`truss push`, `Authorization: Api-Key …`, the `api_key` of
`.trussrc`, `baseten_chain_api_key`). The format has no vendor prefix, so the match requires
clean boundaries (no letters, digits, `_`, `-` or `.` on either side, which excludes dotted
paths like `module.attribute`) and generator-like parts: the 8-character part mixes character
classes and the 32-character part has upper, lower and digits and looks random (a camelCase
attribute name or a hex digest after a dot is not a key).
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plausibility import is_plausible_credential
from truss_secret_lint.detectors.plugins._base import TrussRegexDetector
from truss_secret_lint.detectors.randomness import char_classes, is_random_token


class BasetenApiKeyDetector(TrussRegexDetector):
    """Scans for Baseten API keys."""

    secret_type = "Baseten API Key"
    denylist = (
        re.compile(r"(?<![A-Za-z0-9_.\-])[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}(?![A-Za-z0-9_.\-])"),
    )

    def is_plausible(self, secret: str) -> bool:
        """Both parts come from a generator: mixed classes, and a random-looking long part."""
        short, long = secret.split(".")
        return (
            is_plausible_credential(secret)
            and char_classes(short) >= 2
            and char_classes(long) == 3
            and is_random_token(long)
        )
