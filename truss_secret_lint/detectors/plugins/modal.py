"""Modal tokens: the token id `ak-` + 22 and the token secret `as-` + 22 letters and digits.

Source: Modal's documentation (modal.com/docs/reference/cli/token, "modal token set
--token-id ak-… --token-secret as-…"; `MODAL_TOKEN_ID`/`MODAL_TOKEN_SECRET`). The id alone is
not secret, but it is only ever written next to its secret, and together they are a login.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class ModalTokenDetector(TrussRegexDetector):
    """Scans for Modal token ids and secrets."""

    secret_type = "Modal Token"
    denylist = (re.compile(BEFORE + r"a[ks]-[A-Za-z0-9]{22}" + AFTER),)
