"""Fake credentials of every detector's shape, generated (seeded): no token literal is committed."""

from __future__ import annotations

import base64
import json
import random
import string

ALNUM = string.ascii_letters + string.digits


def _pick(rng: random.Random, alphabet: str, count: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(count))


def credential_samples(seed: int = 1) -> dict[str, str]:
    """kind → a fake credential of that shape."""
    rng = random.Random(seed)
    header = base64.urlsafe_b64encode(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()).decode()
    payload = base64.urlsafe_b64encode(json.dumps({"sub": _pick(rng, ALNUM, 10)}).encode()).decode()
    return {
        "huggingface": "hf_" + _pick(rng, ALNUM, 34),
        "huggingface_org": "api_org_" + _pick(rng, ALNUM, 34),
        "openai_project": "sk-proj-"
        + _pick(rng, ALNUM + "-_", 48)
        + "T3BlbkFJ"
        + _pick(rng, ALNUM, 20),
        "openai_legacy": "sk-" + _pick(rng, ALNUM, 20) + "T3BlbkFJ" + _pick(rng, ALNUM, 20),
        "anthropic": "sk-ant-api03-" + _pick(rng, ALNUM + "-_", 93) + "AA",
        "replicate": "r8_" + _pick(rng, ALNUM, 37),
        "groq": "gsk_" + _pick(rng, ALNUM, 52),
        "google": "AIza" + _pick(rng, ALNUM + "-_", 35),
        "github_classic": "ghp_" + _pick(rng, ALNUM, 36),
        "github_oauth": "gho_" + _pick(rng, ALNUM, 36),
        "github_fine_grained": "github_pat_" + _pick(rng, ALNUM, 22) + "_" + _pick(rng, ALNUM, 59),
        "aws_access_key": "AKIA" + _pick(rng, string.ascii_uppercase + "234567", 16),
        "jwt": f"{header.rstrip('=')}.{payload.rstrip('=')}.{_pick(rng, ALNUM + '-_', 43)}",
        "baseten": _pick(rng, ALNUM, 8) + "." + _pick(rng, ALNUM, 32),
    }
