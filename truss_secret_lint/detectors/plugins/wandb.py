"""Weights & Biases API keys: the `wandb_v1_…` format, and legacy 40-hex keys in a W&B context.

New keys look like `wandb_v1_` + 27 + `_` + 49 letters and digits and are reported anywhere.
Legacy keys are 40 lowercase hex characters — the shape of every git commit SHA — so they are
only reported when the text says W&B: `WANDB_API_KEY=<hex>`, `wandb_key: <hex>`,
`wandb.login(key="<hex>")`, `wandb login <hex>`.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector

_LEGACY = r"(?P<secret>[0-9a-f]{40})" + AFTER


class WandbApiKeyDetector(TrussRegexDetector):
    """Scans for Weights & Biases API keys."""

    secret_type = "Weights & Biases API Key"
    denylist = (
        re.compile(BEFORE + r"wandb_v1_[A-Za-z0-9]{20,40}_[A-Za-z0-9]{40,60}" + AFTER),
        re.compile(
            r"(?<![A-Za-z0-9])(?i:wandb)[_\-.]?(?:(?:api|API|Api)[_\-.]?)?(?i:key)[\"']?\s*[:=]\s*[\"']?"
            + _LEGACY
        ),
        re.compile(r"wandb\.login\([^()]*?\bkey\s*=\s*[\"']" + _LEGACY),
        re.compile(r"\bwandb\s+login\s+(?:--?[a-z][a-z\-]*\s+)*" + _LEGACY),
    )
