"""GitHub tokens: classic `ghp_` `gho_` `ghu_` `ghs_` `ghr_` + 36, fine-grained `github_pat_` + 82.

Seen in Truss configs as `git+https://<token>@github.com/…` requirements and in build
commands. detect-secrets' own GitHub plugin covers only the classic prefixes and has no word
boundaries; this one replaces it in the linter.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class GitHubAccessTokenDetector(TrussRegexDetector):
    """Scans for GitHub personal, OAuth, app and refresh tokens."""

    secret_type = "GitHub Access Token"
    denylist = (
        re.compile(BEFORE + r"gh[pousr]_[A-Za-z0-9_]{36}" + AFTER),
        re.compile(BEFORE + r"github_pat_[A-Za-z0-9_]{82}" + AFTER),
    )
