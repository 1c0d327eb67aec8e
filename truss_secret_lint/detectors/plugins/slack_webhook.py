"""Slack incoming webhooks, workflow webhooks and trigger URLs, with or without `https://`.

Sources: Slack's API documentation — incoming webhooks (api.slack.com/messaging/webhooks:
`https://hooks.slack.com/services/T…/B…/…`), Workflow Builder webhooks
(`https://hooks.slack.com/workflows/T…/A…/…/…`) and workflow triggers
(`https://hooks.slack.com/triggers/T…/…/…`). Anyone holding the URL can post into the channel.
detect-secrets' Slack plugin knows only `https://hooks.slack.com/services/`; this one replaces
that pattern in the linter (the linter keeps detect-secrets' `xox…` token pattern).
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plausibility import is_plausible_credential
from truss_secret_lint.detectors.plugins._base import TrussRegexDetector

_PATH = re.compile(r"/(?:services|workflows|triggers)/")


class SlackWebhookDetector(TrussRegexDetector):
    """Scans for Slack webhook and workflow trigger URLs."""

    secret_type = "Slack Webhook URL"
    denylist = (
        re.compile(
            r"(?<![A-Za-z0-9_.\-/])(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/"
            r"[A-Za-z0-9_/]{30,200}+(?![A-Za-z0-9_/+])"
        ),
    )

    def is_plausible(self, secret: str) -> bool:
        """The path after `/services/` (team, hook and secret parts) looks generated."""
        path = _PATH.split(secret, maxsplit=1)[-1]
        return is_plausible_credential(path)
