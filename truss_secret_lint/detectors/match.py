"""The value every detector returns: what kind of credential, and where it is in the text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CredentialMatch:
    """A credential found inside a scanned string.

    `start`/`end` are 0-based character offsets into the scanned text (`end` exclusive), so
    `text[start:end]` is the secret itself; callers turn them into file positions and must
    only ever show it through `truss_secret_lint.redact.redact`.
    """

    kind: str
    start: int
    end: int
