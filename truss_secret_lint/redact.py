"""Showing a credential without leaking it: at most its first 4 characters and its length."""

from __future__ import annotations

import hashlib


def redact(value: str) -> str:
    """`hf_abcdef…` → `hf_a… (37 chars)`; short values show fewer characters."""
    shown = 4 if len(value) >= 16 else min(2, len(value) // 4)
    return f"{value[:shown]}… ({len(value)} chars)"


def digest(text: str) -> str:
    """A stable SHA-256 of a value, for baseline keys and cache keys (never the value itself)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
