"""NVIDIA API keys (NGC, build.nvidia.com, NIM): `nvapi-` + 64 url-safe characters.

Truss deployments pull TensorRT-LLM and Triton images from nvcr.io and NIM endpoints with them.
"""

from __future__ import annotations

import re

from truss_secret_lint.detectors.plugins._base import AFTER, BEFORE, TrussRegexDetector


class NvidiaApiKeyDetector(TrussRegexDetector):
    """Scans for NVIDIA API keys."""

    secret_type = "NVIDIA API Key"
    denylist = (re.compile(BEFORE + r"nvapi-[A-Za-z0-9_\-]{64}" + AFTER),)
