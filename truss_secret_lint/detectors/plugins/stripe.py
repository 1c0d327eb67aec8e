"""Stripe secret and restricted keys, live and test: `sk_live_`, `sk_test_`, `rk_live_`,
`rk_test_` + 24 or more letters and digits.

Source: Stripe's API keys documentation (docs.stripe.com/keys): secret keys `sk_live_`/
`sk_test_`, restricted keys `rk_live_`/`rk_test_`. A test-mode key is still a credential: it
reads and writes the account's test data and webhooks. Publishable keys (`pk_…`) are public by
design and not reported. detect-secrets' own Stripe plugin knows only the live keys; this one
replaces it in the linter.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class StripeKeyDetector(TrussRegexDetector):
    """Scans for Stripe secret and restricted keys."""

    secret_type = "Stripe Secret Key"
    denylist = (re.compile(BEFORE + r"[rs]k_(?:live|test)_[0-9A-Za-z]{24,247}" + AFTER),)
