"""Tests for `truss_secret_lint.detectors`: every detector's positives and near misses, URL
credentials, the heuristics, the shape prefilter, detect-secrets' CLI loading our plugins, and the
promise to leave detect-secrets' global settings alone.

No credential appears literally in this file: fake ones are generated from a seeded random
generator and prefixes are split ("hf" + "_"), so secret scanners running over this repository
have nothing to find, and nothing here is or was a real credential.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import importlib
import itertools
import json
import os
import pkgutil
import random
import re
import string
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from truss_secret_lint.detectors import (
    CredentialMatch,
    find_credentials,
    find_url_credentials,
    is_random_looking,
    is_secret_like_name,
)
from truss_secret_lint.detectors import plugins as plugins_package
from truss_secret_lint.detectors.adapter import scan_without_prefilter
from truss_secret_lint.detectors.placeholders import (
    EXAMPLE_UUIDS,
    has_placeholder_marker,
    is_accepted_placeholder,
    looks_like_placeholder_text,
)
from truss_secret_lint.detectors.plausibility import MIN_RANDOM_CHARS
from truss_secret_lint.detectors.registry import ALL_DETECTORS, OWN_DETECTORS, DetectorSpec
from truss_secret_lint.detectors.shape_prefilter import (
    MIN_CREDENTIAL_LENGTH,
    literal_prefix,
    may_contain_credential,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
PLUGIN_DIR = REPO_ROOT / "truss_secret_lint" / "detectors" / "plugins"

ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"
LOWER_ALNUM = string.ascii_lowercase + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits


# --------------------------------------------------------------------------------------------
# Fake credentials: seeded, so every run sees the same values, and built from pieces
# --------------------------------------------------------------------------------------------


def rand(label: str, length: int, alphabet: str = ALNUM) -> str:
    """Pseudo-random characters, reproducible per `label`, with every class of the alphabet."""
    rng = random.Random(f"truss-secret-lint/{label}")
    while True:
        value = "".join(rng.choice(alphabet) for _ in range(length))
        wanted = [
            cls
            for cls in (string.ascii_lowercase, string.ascii_uppercase, string.digits)
            if set(cls) & set(alphabet)
        ]
        if all(set(cls) & set(value) for cls in wanted) or length < len(wanted):
            return value


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def fake_jwt(label: str) -> str:
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64url(json.dumps({"sub": rand(label, 12), "iat": 1700000000}).encode())
    return f"{header}.{payload}.{rand(label + '/sig', 43, URLSAFE)}"


def fake_pem(label: str) -> str:
    kind = "RSA " + "PRIVATE" + " KEY"
    body = "\n".join(rand(f"{label}/{i}", 64, ALNUM + "+/") for i in range(4))
    return f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----"


HF = "hf" + "_"
SK = "sk" + "-"
GH = "gh"
AWS_ID = "AK" + "IA"

# One secret per detector shape (and per variant): (id, kind, secret).
SECRETS: list[tuple[str, str, str]] = [
    ("huggingface", "Hugging Face token", HF + rand("hf", 34)),
    ("huggingface-long", "Hugging Face token", HF + rand("hf-long", 37)),
    ("huggingface-org", "Hugging Face token", "api" + "_org_" + rand("org", 34)),
    ("openai-legacy", "OpenAI API key", SK + rand("oai", 48)),
    (
        "openai-marker",
        "OpenAI API key",
        SK + rand("oai-m1", 20) + "T3Blbk" + "FJ" + rand("oai-m2", 20),
    ),
    ("openai-project", "OpenAI API key", SK + "proj-" + rand("proj", 156, URLSAFE)),
    ("openai-svcacct", "OpenAI API key", SK + "svcacct-" + rand("svc", 156, URLSAFE)),
    ("openai-admin", "OpenAI API key", SK + "admin-" + rand("adm", 100, URLSAFE)),
    ("anthropic", "Anthropic API key", SK + "ant-api03-" + rand("ant", 93, URLSAFE) + "AA"),
    (
        "anthropic-admin",
        "Anthropic API key",
        SK + "ant-admin01-" + rand("anta", 93, URLSAFE) + "AA",
    ),
    ("replicate", "Replicate API token", "r8" + "_" + rand("r8", 37)),
    ("groq", "Groq API key", "gsk" + "_" + rand("groq", 52)),
    (
        "wandb-v1",
        "Weights & Biases API key",
        "wandb" + "_v1_" + rand("wb1", 27) + "_" + rand("wb2", 49),
    ),
    ("google", "Google API key", "AI" + "za" + rand("google", 35, URLSAFE)),
    ("github-ghp", "GitHub token", GH + "p_" + rand("ghp", 36)),
    ("github-gho", "GitHub token", GH + "o_" + rand("gho", 36)),
    ("github-ghu", "GitHub token", GH + "u_" + rand("ghu", 36)),
    ("github-ghs", "GitHub token", GH + "s_" + rand("ghs", 36)),
    ("github-ghr", "GitHub token", GH + "r_" + rand("ghr", 36)),
    ("github-pat", "GitHub token", "github" + "_pat_" + rand("pat1", 22) + "_" + rand("pat2", 59)),
    ("nvidia", "NVIDIA API key", "nvapi" + "-" + rand("nv", 64, URLSAFE)),
    ("baseten", "Baseten API key", rand("bt1", 8) + "." + rand("bt2", 32)),
    ("aws", "AWS access key", AWS_ID + rand("aws", 16, UPPER_ALNUM)),
    ("private-key", "private key", fake_pem("pem")),
    ("jwt", "JSON Web Token", fake_jwt("jwt")),
    (
        "slack",
        "Slack token",
        "xox"
        + "b-"
        + rand("slack-team", 12, string.digits)
        + "-"
        + rand("slack-bot", 13, string.digits)
        + "-"
        + rand("slack", 24, LOWER_ALNUM),
    ),
    (
        "slack-webhook",
        "Slack webhook URL",
        "https://hooks.slack.com/services/T"
        + rand("sw1", 8, UPPER_ALNUM)
        + "/B"
        + rand("sw2", 8, UPPER_ALNUM)
        + "/"
        + rand("sw3", 24),
    ),
    (
        "slack-workflow",
        "Slack webhook URL",
        "https://hooks.slack.com/workflows/T"
        + rand("swf1", 10, UPPER_ALNUM)
        + "/A"
        + rand("swf2", 10, UPPER_ALNUM)
        + "/"
        + rand("swf3", 18, string.digits)
        + "/"
        + rand("swf4", 24),
    ),
    (
        "slack-trigger-no-scheme",
        "Slack webhook URL",
        "hooks.slack.com/triggers/T"
        + rand("st1", 10, UPPER_ALNUM)
        + "/"
        + rand("st2", 13, string.digits)
        + "/"
        + rand("st3", 32, HEX),
    ),
    ("stripe", "Stripe key", "sk" + "_live_" + rand("stripe", 24)),
    ("stripe-long", "Stripe key", "rk" + "_live_" + rand("stripe-long", 99)),
    ("stripe-test", "Stripe key", "sk" + "_test_" + rand("stripe-test", 99)),
    ("stripe-restricted-test", "Stripe key", "rk" + "_test_" + rand("stripe-rk", 24)),
    ("openrouter", "OpenRouter API key", SK + "or-v1-" + rand("openrouter", 64, HEX)),
    ("fireworks", "Fireworks AI API key", "fw" + "_" + rand("fireworks", 24)),
    ("perplexity", "Perplexity API key", "pplx" + "-" + rand("pplx", 48)),
    ("xai", "xAI API key", "xai" + "-" + rand("xai", 80)),
    ("deepseek", "DeepSeek API key", SK + rand("deepseek", 32, HEX)),
    (
        "langsmith-personal",
        "LangSmith API key",
        "lsv2" + "_pt_" + rand("ls1", 32, HEX) + "_" + rand("ls2", 10, HEX),
    ),
    (
        "langsmith-service",
        "LangSmith API key",
        "lsv2" + "_sk_" + rand("ls3", 32, HEX) + "_" + rand("ls4", 10, HEX),
    ),
    ("pinecone", "Pinecone API key", "pcsk" + "_" + rand("pc1", 6) + "_" + rand("pc2", 64)),
    ("elevenlabs", "ElevenLabs API key", "sk" + "_" + rand("eleven", 48, HEX)),
    ("modal-id", "Modal token", "ak" + "-" + rand("modal-id", 22)),
    ("modal-secret", "Modal token", "as" + "-" + rand("modal-secret", 22)),
    ("databricks", "Databricks token", "dapi" + rand("databricks", 32, HEX)),
    ("databricks-suffix", "Databricks token", "dapi" + rand("databricks2", 32, HEX) + "-2"),
    (
        "bedrock-long-term",
        "Amazon Bedrock API key",
        "ABSK"
        + base64.b64encode(
            b"BedrockAPIKey-"
            + rand("bedrock", 12).encode()
            + b"-at-123456789012:"
            + rand("b2", 40).encode()
        ).decode(),
    ),
    (
        "bedrock-short-term",
        "Amazon Bedrock API key",
        "bedrock"
        + "-api-key-"
        + base64.b64encode(
            b"bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Credential="
            + rand("b3", 60).encode()
        ).decode(),
    ),
    ("gitlab", "GitLab token", "glpat" + "-" + rand("gitlab", 20)),
    ("pypi", "PyPI token", "pypi" + "-AgEIcHlwaS5vcmc" + rand("pypi", 80, URLSAFE)),
    ("sendgrid", "SendGrid API key", "SG" + "." + rand("sg1", 22) + "." + rand("sg2", 43)),
    ("twilio-account", "Twilio API key", "AC" + rand("tw1", 32, LOWER_ALNUM)),
    ("twilio-key", "Twilio API key", "SK" + rand("tw2", 32, LOWER_ALNUM)),
    ("mailchimp", "Mailchimp API key", rand("mc", 32, LOWER_ALNUM) + "-us" + "12"),
    (
        "discord",
        "Discord bot token",
        "M" + rand("dc1", 23) + "." + rand("dc2", 6) + "." + rand("dc3", 27),
    ),
    (
        "discord-long",
        "Discord bot token",
        "M" + rand("dc4", 25) + "." + rand("dc5", 6) + "." + rand("dc6", 38),
    ),
    (
        "telegram",
        "Telegram bot token",
        rand("tg-id", 9, string.digits) + ":" + rand("tg", 35, URLSAFE),
    ),
    ("square", "Square OAuth secret", "sq0" + "csp-" + rand("sq", 43)),
    ("azure-storage", "Azure storage account key", rand("az", 86, ALNUM + "+/") + "=="),
    ("artifactory", "Artifactory token", "AKC" + rand("af", 70)),
]

# How each secret is written in context: (id, text, secret). Context that a detector needs
# (Cohere, legacy W&B, npm, Azure) is part of the text; the span is the secret only.
COHERE_KEY = rand("cohere", 40)
WANDB_HEX = rand("wandb-hex", 40, HEX)
NPM_TOKEN = "npm" + "_" + rand("npm", 36)
WANDB = "Weights & Biases API key"
AZURE_KEY = dict((i, s) for i, _, s in SECRETS)["azure-storage"]
JWT = dict((i, s) for i, _, s in SECRETS)["jwt"]
MISTRAL_KEY = rand("mistral", 32)
TOGETHER_KEY = rand("together", 64, HEX)
DEEPGRAM_KEY = rand("deepgram", 40, HEX)
AZURE_OAI = rand("azure-openai", 32, HEX)


def _in_context(sample_id: str, secret: str) -> str:
    if sample_id == "azure-storage":
        return f"DefaultEndpointsProtocol=https;AccountName=x;AccountKey={secret};"
    if sample_id == "artifactory":
        return f'ARTIFACTORY_KEY: "{secret}"'
    if sample_id == "private-key":
        return f"key: |\n{secret}\n"
    return f'value: "{secret}"  # trailing comment'


POSITIVES: list[tuple[str, str, str, str]] = [
    (sample_id, kind, _in_context(sample_id, secret), secret) for sample_id, kind, secret in SECRETS
] + [
    ("cohere-env", "Cohere API key", f"CO_API_KEY={COHERE_KEY}", COHERE_KEY),
    ("cohere-yaml", "Cohere API key", f"  COHERE_API_KEY: '{COHERE_KEY}'", COHERE_KEY),
    ("cohere-client", "Cohere API key", f'cohere.ClientV2(api_key="{COHERE_KEY}")', COHERE_KEY),
    ("wandb-env", WANDB, f"export WANDB_API_KEY={WANDB_HEX}", WANDB_HEX),
    ("wandb-yaml", WANDB, f'wandb_key: "{WANDB_HEX}"', WANDB_HEX),
    ("wandb-login-call", WANDB, f'wandb.login(key="{WANDB_HEX}")', WANDB_HEX),
    ("wandb-login-cli", WANDB, f"wandb login --relogin {WANDB_HEX}", WANDB_HEX),
    ("npm", "npm token", f"//registry.npmjs.org/:_authToken={NPM_TOKEN}", NPM_TOKEN),
    ("mistral", "Mistral API key", f"MISTRAL_API_KEY={MISTRAL_KEY}", MISTRAL_KEY),
    ("together", "Together AI API key", f'together_api_key: "{TOGETHER_KEY}"', TOGETHER_KEY),
    ("deepgram", "Deepgram API key", f"DEEPGRAM_API_KEY = '{DEEPGRAM_KEY}'", DEEPGRAM_KEY),
    ("azure-openai", "Azure OpenAI API key", f"AZURE_OPENAI_API_KEY={AZURE_OAI}", AZURE_OAI),
    (
        "azure-openai-short-name",
        "Azure OpenAI API key",
        f"azure_openai_key: {AZURE_OAI}",
        AZURE_OAI,
    ),
    (
        "jwt-url-encoded",
        "JSON Web Token",
        f"https://h/?q=Bearer%20{JWT}",
        JWT,
    ),
    ("jwt-escaped-line-end", "JSON Web Token", f'"headers:\\n{JWT}"', JWT),
    (
        "in-env-var",
        "Hugging Face token",
        f"HF_TOKEN={HF}{rand('env', 34)} python x.py",
        HF + rand("env", 34),
    ),
    (
        "in-git-url",
        "GitHub token",
        f"git+https://{GH}p_{rand('url', 36)}@github.com/o/r.git",
        GH + "p_" + rand("url", 36),
    ),
]


def _single_match(text: str, kind: str, secret: str) -> list[CredentialMatch]:
    start = text.index(secret)
    return [CredentialMatch(kind, start, start + len(secret))]


@pytest.mark.parametrize(
    ("kind", "text", "secret"),
    [pytest.param(kind, text, secret, id=sample_id) for sample_id, kind, text, secret in POSITIVES],
)
def test_find_credentials_reports_the_secret_span(kind: str, text: str, secret: str) -> None:
    assert find_credentials(text) == _single_match(text, kind, secret)


# Shapes that are only recognisable with their context (`AccountKey=`).
NEEDS_CONTEXT = {"azure-storage"}


@pytest.mark.parametrize(
    ("kind", "secret"),
    [pytest.param(kind, secret, id=i) for i, kind, secret in SECRETS if i not in NEEDS_CONTEXT],
)
def test_find_credentials_on_the_bare_value(kind: str, secret: str) -> None:
    """Config values are scanned on their own, without a key or quotes around them."""
    assert find_credentials(secret) == [CredentialMatch(kind, 0, len(secret))]


def test_every_detector_has_a_positive_sample() -> None:
    kinds = {kind for _, kind, _, _ in POSITIVES}
    assert {spec.kind for spec in ALL_DETECTORS} <= kinds


def test_matches_are_sorted_and_do_not_overlap() -> None:
    text = " | ".join(text for _, _, text, _ in POSITIVES)
    matches = find_credentials(text)
    assert len(matches) == len(POSITIVES)
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))


# --------------------------------------------------------------------------------------------
# Precision: what must NOT be reported
# --------------------------------------------------------------------------------------------

_PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(3000)).decode()
_JPEG = base64.b64encode(b"\xff\xd8\xff\xe0" + random.Random(2).randbytes(3000)).decode()
_WAV = base64.b64encode(b"RIFF" + random.Random(3).randbytes(3000)).decode()
_BLOB = base64.b64encode(random.Random(4).randbytes(6000)).decode()
_HF_BODY = rand("near-hf", 34)

NOT_CREDENTIALS = [
    pytest.param("revision: 5f0b02c75b57c5855da9ae460ce51323ea669d8a", id="git-sha"),
    pytest.param(
        "image: nvcr.io/nvidia/pytorch@sha256:" + rand("digest", 64, HEX), id="sha256-digest"
    ),
    pytest.param(f"example: {_PNG}", id="base64-png"),
    pytest.param(f"data:image/jpeg;base64,{_JPEG}", id="base64-jpeg"),
    pytest.param(_WAV, id="base64-wav"),
    pytest.param(_BLOB, id="base64-random-blob"),
    pytest.param("model: meta-llama/Meta-Llama-3-8B-Instruct", id="hf-model-id"),
    pytest.param(str(uuid.UUID(int=random.Random(5).getrandbits(128), version=4)), id="uuid4"),
    pytest.param("00000000-0000-0000-0000-000000000000", id="uuid-zero"),
    pytest.param("https://huggingface.co/meta-llama/Llama-2-7b-hf/resolve/main/x.bin", id="url-hf"),
    pytest.param("s3://my-bucket/models/llama/weights.safetensors", id="url-s3"),
    pytest.param("gs://bucket/path/to/object", id="url-gcs"),
    pytest.param("pip install --upgrade transformers==4.44.0 vllm", id="pip-install"),
    pytest.param("pip install git+https://github.com/org/repo.git@v1.2#egg=repo", id="pip-git-ref"),
    pytest.param("git+https://github.com/org/repo@v1.2", id="git-ref-after-at"),
    pytest.param("hf_access_token", id="secret-name"),
    pytest.param("secrets:\n  hf_access_token: null\n", id="secrets-block"),
    pytest.param("Use an sk- key from the OpenAI dashboard", id="sk-prose"),
    pytest.param("pip install scikit-learn  # sk-learn", id="sk-learn"),
    pytest.param("set token in baseten workspace", id="placeholder-prose"),
    pytest.param("A100:1", id="accelerator"),
    pytest.param("null", id="null"),
    # near misses, one or more per detector
    pytest.param(HF + _HF_BODY[:33], id="hf-too-short"),
    pytest.param("x" + HF + _HF_BODY, id="hf-glued-before"),
    pytest.param(HF + _HF_BODY + "_v2", id="hf-glued-after"),
    pytest.param(HF + "X" * 34, id="hf-filler"),
    pytest.param(HF + "abcdefghijklmnopqrstuvwxyzabcdefgh", id="hf-one-class"),
    pytest.param(SK + rand("near-oai", 47), id="openai-too-short"),
    pytest.param(
        SK + "proj-" + "my-project-name-for-the-demo-deployment-xyz", id="openai-prose-proj"
    ),
    pytest.param(SK + "ant-api03-" + rand("near-ant", 20, URLSAFE), id="anthropic-too-short"),
    pytest.param("r8" + "_" + rand("near-r8", 36), id="replicate-too-short"),
    pytest.param("gsk" + "_" + rand("near-groq", 51), id="groq-too-short"),
    pytest.param(COHERE_KEY, id="cohere-without-context"),
    pytest.param(f"color_key: {COHERE_KEY}", id="cohere-other-key"),
    pytest.param(WANDB_HEX, id="wandb-hex-without-context"),
    pytest.param(f"wandb_project_commit: {WANDB_HEX}", id="wandb-hex-other-key"),
    pytest.param("AI" + "za" + rand("near-google", 34, URLSAFE), id="google-too-short"),
    pytest.param(GH + "p_" + rand("near-ghp", 35), id="github-too-short"),
    pytest.param(GH + "x_" + rand("near-ghx", 36), id="github-unknown-prefix"),
    pytest.param("nvapi" + "-" + rand("near-nv", 63, URLSAFE), id="nvidia-too-short"),
    pytest.param("settings.getHuggingFaceTokenFromSecrets", id="baseten-dotted-attribute"),
    pytest.param("a1b2c3d4." + rand("near-bt", 32, HEX), id="baseten-hex-after-dot"),
    pytest.param("abcd1234.ABCDEFGHabcdefgh12345678ABCDEFGH", id="baseten-docs-example"),
    pytest.param(
        "pkg." + rand("near-bt2", 8) + "." + rand("near-bt3", 32), id="baseten-in-dotted-path"
    ),
    pytest.param(
        "QUJD" + AWS_ID + rand("near-aws", 16, UPPER_ALNUM) + "QUJD", id="aws-inside-blob"
    ),
    pytest.param("eyJ" + "notjson." + "eyJ" + "alsonot.sig", id="jwt-invalid"),
    pytest.param("x" + "AC" + rand("near-tw", 32, LOWER_ALNUM), id="twilio-glued"),
    pytest.param("-----BEGIN PUBLIC KEY-----\n" + rand("near-pub", 64) + "\n", id="public-key"),
    pytest.param("-----BEGIN CERTIFICATE-----", id="certificate"),
    pytest.param("xox" + "b-token-goes-here", id="slack-placeholder"),
    pytest.param("pk" + "_test_" + rand("near-stripe", 24), id="stripe-publishable-key"),
    pytest.param("sk" + "_live_" + rand("near-stripe2", 10), id="stripe-too-short"),
    pytest.param("glpat" + "-" + rand("near-gl", 10), id="gitlab-too-short"),
    pytest.param("//registry.npmjs.org/:_authToken=${NPM_TOKEN}", id="npm-env-ref"),
    pytest.param("pypi" + "-AgEIcHlwaS5vcmc" + rand("near-pypi", 20), id="pypi-too-short"),
    pytest.param(
        "SG" + "." + rand("near-sg1", 22) + "." + rand("near-sg2", 20), id="sendgrid-too-short"
    ),
    pytest.param(rand("near-mc", 32, LOWER_ALNUM) + "-usa", id="mailchimp-no-dc"),
    pytest.param("M" + rand("near-dc", 23) + "." + rand("near-dc2", 6), id="discord-two-parts"),
    pytest.param("1234:" + rand("near-tg", 35, URLSAFE), id="telegram-short-bot-id"),
    pytest.param("sq0" + "csp-" + rand("near-sq", 20), id="square-too-short"),
    pytest.param("AccountKey=" + rand("near-az", 40), id="azure-too-short"),
    pytest.param("key: AKC" + rand("near-af", 5), id="artifactory-too-short"),
    # near misses of the ML-provider shapes
    pytest.param(SK + "or-v1-" + rand("near-or", 63, HEX), id="openrouter-too-short"),
    pytest.param("fw" + "_" + rand("near-fw", 23), id="fireworks-too-short"),
    pytest.param("pplx" + "-" + rand("near-pplx", 47), id="perplexity-too-short"),
    pytest.param("xai" + "-" + rand("near-xai", 79), id="xai-too-short"),
    pytest.param(SK + rand("near-ds", 32, HEX).upper(), id="deepseek-not-lower-hex"),
    pytest.param(
        "lsv2" + "_xx_" + rand("near-ls", 32, HEX) + "_" + rand("n2", 10, HEX), id="ls-kind"
    ),
    pytest.param("pcsk" + "_" + rand("near-pc", 64), id="pinecone-no-id-part"),
    pytest.param("sk" + "_" + rand("near-el", 47, HEX), id="elevenlabs-too-short"),
    pytest.param("ak" + "-" + rand("near-modal", 21), id="modal-too-short"),
    pytest.param("dapi" + rand("near-dapi", 31, HEX), id="databricks-too-short"),
    pytest.param("ABSK" + rand("near-absk", 120, ALNUM + "+/"), id="bedrock-without-marker"),
    pytest.param(MISTRAL_KEY, id="mistral-without-context"),
    pytest.param(f"other_api_key: {DEEPGRAM_KEY}", id="deepgram-other-key"),
    pytest.param(f"AZURE_STORAGE_KEY={AZURE_OAI}", id="azure-openai-other-key"),
    pytest.param("https://hooks.slack.com/services/", id="slack-webhook-no-path"),
]

# Documentation and template values with a credential's shape and none of its randomness: the
# one plausibility policy (detectors/plausibility.py) drops them for every detector.
PLACEHOLDERS = [
    pytest.param(AWS_ID + "X" * 16, id="aws-filler"),
    pytest.param(AWS_ID + "IOSFODNN7" + "EXAMPLE", id="aws-docs-example"),
    pytest.param("xox" + "b-12345-abcd234", id="slack-docs-short"),
    pytest.param("xox" + "b-1234567890-1234567890-YourSlackBotTokenHere", id="slack-token-here"),
    pytest.param(
        "https://hooks.slack.com/services/T" + "0" * 8 + "/B" + "0" * 8 + "/" + "X" * 24,
        id="slack-webhook-docs",
    ),
    pytest.param("-----BEGIN RSA " + "PRIVATE" + " KEY-----", id="private-key-header-only"),
    pytest.param(
        "-----BEGIN " + "PRIVATE" + " KEY-----\n-----END " + "PRIVATE" + " KEY-----",
        id="private-key-empty-body",
    ),
    pytest.param(
        'if line.startswith("-----BEGIN OPENSSH ' + "PRIVATE" + ' KEY-----"):',
        id="private-key-header-in-code",
    ),
    pytest.param("AI" + "za" + "a" * 35, id="google-one-letter"),
    pytest.param(HF + "ThisIsNotARealHuggingFaceAccessToken", id="hf-camelcase-identifier"),
    pytest.param(HF + "my_huggingface_token_value_goes_in_here", id="hf-snake-case"),
    pytest.param(
        SK + "ant-api03-" + rand("no-aa", 95, URLSAFE).replace("A", "b") + "Zz",
        id="anthropic-without-aa",
    ),
    pytest.param("gh" + "p_" + "x" * 36, id="github-filler"),
    pytest.param("glpat" + "-" + "XXXXXXXXXXXXXXXXXXXX", id="gitlab-filler"),
    pytest.param("sk" + "_live_" + "0" * 24, id="stripe-zeros"),
    pytest.param("sk" + "_test_" + "YourStripeSecretKeyHere1", id="stripe-your-key-here"),
    pytest.param("SG" + "." + "x" * 22 + "." + "x" * 43, id="sendgrid-filler"),
    pytest.param("dapi" + "0123456789abcdef" * 2, id="databricks-sequence"),
    pytest.param("pplx" + "-" + "a1" * 24, id="perplexity-repeated-pair"),
]


@pytest.mark.parametrize("text", PLACEHOLDERS)
def test_placeholders_are_not_credentials(text: str) -> None:
    assert find_credentials(text) == []
    assert scan_without_prefilter(text) == []


@pytest.mark.parametrize("spec", [pytest.param(spec, id=spec.class_name) for spec in OWN_DETECTORS])
def test_our_plugins_apply_the_shared_policy(spec: DetectorSpec) -> None:
    """The adapter leaves the policy to our plugins' `is_plausible` (which detect-secrets' CLI
    uses too): each one rejects what the policy rejects."""
    plugin = getattr(importlib.import_module(spec.module), spec.class_name)()
    samples = [secret for _, kind, _, secret in POSITIVES if kind == spec.kind]
    assert samples
    for secret in samples:
        assert plugin.is_plausible(secret), secret[:8]
        filler = secret[:-8] + "XXXXxxxx"
        assert not plugin.is_plausible(filler)


@pytest.mark.parametrize("text", NOT_CREDENTIALS)
def test_not_reported(text: str) -> None:
    assert find_credentials(text) == []
    assert find_url_credentials(text) == []


# --------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------

_URL_TOKEN = GH + "p_" + rand("url-token", 36)
_URL_PASSWORD = rand("url-password", 20)
_SIGNATURE = rand("url-sig", 64, HEX)
_SAS = rand("url-sas", 43, ALNUM + "+/") + "%3D"

URL_POSITIVES = [
    pytest.param(
        f"https://admin:{_URL_PASSWORD}@db.internal:5432/x",
        "password in URL",
        _URL_PASSWORD,
        id="user-password",
    ),
    pytest.param(
        "postgresql://admin:Enterprise2024@db.internal/x",
        "password in URL",
        "Enterprise2024",
        id="human-password",
    ),
    pytest.param(
        f"--extra-index-url https://__token__:{_URL_PASSWORD}@pypi.example.com/simple",
        "password in URL",
        _URL_PASSWORD,
        id="extra-index-url",
    ),
    pytest.param(
        f"git+https://{_URL_TOKEN}@github.com/org/private.git@v1.0",
        "token in URL",
        _URL_TOKEN,
        id="token-as-user",
    ),
    pytest.param(
        f"https://x-access-token:{_URL_TOKEN}@github.com/org/r",
        "password in URL",
        _URL_TOKEN,
        id="x-access-token",
    ),
    pytest.param(
        "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        f"&X-Amz-Signature={_SIGNATURE}",
        "URL signature",
        _SIGNATURE,
        id="s3-presigned",
    ),
    pytest.param(
        f"https://storage.googleapis.com/b/o?X-Goog-Expires=900&X-Goog-Signature={_SIGNATURE}&x=1",
        "URL signature",
        _SIGNATURE,
        id="gcs-signed",
    ),
    pytest.param(
        f"https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig={_SAS}",
        "URL signature",
        _SAS,
        id="azure-sas",
    ),
    pytest.param(
        f"url: 'https://cdn.example.com/w.bin?token={_URL_PASSWORD}'",
        "token in URL query",
        _URL_PASSWORD,
        id="token-param",
    ),
    pytest.param(
        f"https://api.example.com/v1?access_token={_URL_PASSWORD}#frag",
        "token in URL query",
        _URL_PASSWORD,
        id="access-token-param",
    ),
]


@pytest.mark.parametrize(("text", "kind", "secret"), URL_POSITIVES)
def test_find_url_credentials(text: str, kind: str, secret: str) -> None:
    assert find_url_credentials(text) == _single_match(text, kind, secret)


URL_NEGATIVES = [
    pytest.param("https://${GH_USER}:${GH_TOKEN}@github.com/org/repo", id="env-vars"),
    pytest.param("git+https://$GH_TOKEN@github.com/org/repo", id="dollar-var"),
    pytest.param("https://<token>@github.com/org/repo", id="angle-placeholder"),
    pytest.param("https://{token}@github.com/org/repo", id="brace-placeholder"),
    pytest.param("https://user:password@host/simple", id="user-password-words"),
    pytest.param("https://user:***@host/simple", id="stars"),
    pytest.param("https://xxx:xxx@host/simple", id="xxx"),
    pytest.param(
        "https://oauth2:${{ secrets.GITLAB_TOKEN }}@gitlab.com/x", id="actions-expression"
    ),
    pytest.param("git+ssh://git@github.com/org/repo.git", id="ssh-git-user"),
    pytest.param("git+https://github.com/org/repo@v1.2", id="ref-in-path"),
    pytest.param("https://github.com/org/repo/archive/refs/tags/v1@2.zip", id="at-in-path"),
    pytest.param("https://host/x?token=${TOKEN}&sig=<signature>", id="query-placeholders"),
    pytest.param("https://host/search?q=token&page=2", id="query-word-token"),
    pytest.param("https://host/object?key=models/llama/weights.bin", id="query-key-path"),
    pytest.param("s3://bucket/path", id="s3"),
    pytest.param("mailto:someone@example.com", id="mailto"),
]


@pytest.mark.parametrize("text", URL_NEGATIVES)
def test_url_negatives(text: str) -> None:
    assert find_url_credentials(text) == []


def test_url_matches_are_sorted() -> None:
    text = " ".join(str(p.values[0]) for p in URL_POSITIVES)
    matches = find_url_credentials(text)
    assert len(matches) == len(URL_POSITIVES)
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))


# --------------------------------------------------------------------------------------------
# Heuristics
# --------------------------------------------------------------------------------------------

RANDOM_LOOKING = [
    pytest.param("5f0b02c75b57c5855da9ae460ce51323ea669d8a", id="git-sha"),
    pytest.param("sha256:" + rand("h-digest", 64, HEX), id="sha256-digest"),
    pytest.param(rand("h-alnum", 32), id="alnum-32"),
    pytest.param(rand("h-urlsafe", 43, URLSAFE), id="urlsafe-43"),
    pytest.param(rand("h-hex", 32, HEX), id="hex-32"),
    pytest.param(str(uuid.UUID(int=random.Random(9).getrandbits(128), version=4)), id="uuid4"),
    pytest.param(HF + rand("h-hf", 34), id="hf-token"),
    pytest.param(fake_jwt("h-jwt"), id="jwt"),
    pytest.param(base64.b64encode(random.Random(6).randbytes(48)).decode(), id="base64-48-bytes"),
    pytest.param(rand("h-upper", 40, UPPER_ALNUM), id="upper-digits"),
    pytest.param(f"https://user:{rand('h-url', 20)}@host/x", id="url-with-password"),
]

NOT_RANDOM_LOOKING = [
    pytest.param("set token in baseten workspace", id="prose"),
    pytest.param("ENTER HF ACCESS TOKEN HERE", id="instruction"),
    pytest.param("your-token-here", id="your-token-here"),
    pytest.param("YOUR_HUGGING_FACE_TOKEN_GOES_HERE", id="your-token-caps"),
    pytest.param("xxxxxxxxxxxxxxxxxxxxxxxx", id="xxx"),
    pytest.param("<HF_TOKEN>", id="angle"),
    pytest.param("${HF_TOKEN}", id="env-ref"),
    pytest.param("{{ secrets.hf_token }}", id="template"),
    pytest.param("hf_access_token", id="snake-case-name"),
    pytest.param("HUGGING_FACE_HUB_TOKEN", id="constant-name"),
    pytest.param("MyModelClassNameForInference", id="camel-case"),
    pytest.param("meta-llama/Meta-Llama-3-8B-Instruct", id="hf-model-id"),
    pytest.param("TheBloke/Mistral-7B-Instruct-v0.2-GPTQ", id="hf-model-id-quant"),
    pytest.param("/app/model/weights/model-00001-of-00004.safetensors", id="path"),
    pytest.param(
        "/root/.cache/huggingface/hub/models--meta-llama--Llama-2-7b-hf/snapshots/"
        "8cca527612d856d7d32bd94f8103728d614eb852",
        id="path-with-sha",
    ),
    pytest.param("baseten/truss-server-base:3.11-gpu-v0.9.0", id="image-tag"),
    pytest.param("https://huggingface.co/meta-llama/Llama-2-7b", id="url"),
    pytest.param("s3://bucket/path/to/file", id="s3-url"),
    pytest.param("00000000-0000-0000-0000-000000000000", id="uuid-zero"),
    pytest.param("123e4567-e89b-12d3-a456-426614174000", id="uuid-example"),
    pytest.param("12345678901234567890", id="digits"),
    pytest.param("sk-abcdef1234567890abcdef", id="sequential-placeholder"),
    pytest.param(HF + "X" * 34, id="hf-filler"),
    pytest.param(_PNG, id="base64-png"),
    pytest.param("short1A", id="short"),
    pytest.param(
        "flash_attn-2.5.8+cu122torch2.3cxx11abiFALSE-cp311-cp311-linux_x86_64.whl", id="wheel-name"
    ),
]


@pytest.mark.parametrize("value", RANDOM_LOOKING)
def test_random_looking(value: str) -> None:
    assert is_random_looking(value)


@pytest.mark.parametrize("value", NOT_RANDOM_LOOKING)
def test_not_random_looking(value: str) -> None:
    assert not is_random_looking(value)


@pytest.mark.parametrize(
    ("alphabet", "length"),
    [
        pytest.param(ALNUM, 34, id="alnum-34"),
        pytest.param(ALNUM, 20, id="alnum-20"),
        pytest.param(HEX, 40, id="hex-40"),
        pytest.param(HEX, 24, id="hex-24"),
        pytest.param(URLSAFE, 43, id="urlsafe-43"),
        pytest.param(LOWER_ALNUM, 32, id="lower-digits-32"),
        pytest.param(ALNUM + "+/", 64, id="base64-64"),
    ],
)
def test_generated_tokens_are_random_looking(alphabet: str, length: int) -> None:
    """Calibration guard: at most 1% of generated tokens may be missed."""
    rng = random.Random(f"calibration/{alphabet}/{length}")
    tokens = ["".join(rng.choice(alphabet) for _ in range(length)) for _ in range(500)]
    missed = [t for t in tokens if not is_random_looking(t)]
    assert len(missed) <= 5, missed


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("", True, id="empty"),
        pytest.param("${HF_TOKEN}", True, id="env-ref"),
        pytest.param("$HF_TOKEN", True, id="dollar"),
        pytest.param("Bearer ${TOKEN}", True, id="embedded-ref"),
        pytest.param("{{ secrets.hf }}", True, id="jinja"),
        pytest.param("<your-token>", True, id="angle"),
        pytest.param("***", True, id="stars"),
        pytest.param("xxxx-xxxx", True, id="xxx"),
        pytest.param("password", True, id="password-word"),
        pytest.param("x-oauth-basic", True, id="github-dummy-password"),
        pytest.param("HF_TOKEN", True, id="secret-name-as-value"),
        pytest.param("enter-token-here", True, id="instruction"),
        pytest.param("YourTokenHere", True, id="camel-instruction"),
        pytest.param("Enterprise2024", False, id="word-inside-password"),
        pytest.param("hunter22", False, id="human-password"),
        pytest.param(rand("ph", 24), False, id="random"),
    ],
)
def test_has_placeholder_marker(value: str, expected: bool) -> None:
    assert has_placeholder_marker(value) is expected


@pytest.mark.parametrize("value", sorted(EXAMPLE_UUIDS))
def test_example_uuids_are_placeholders_everywhere(value: str) -> None:
    """One set of example UUIDs: each is an accepted default, reads as placeholder text and is
    not random-looking, in any case."""
    for written in (value, value.upper(), f" {value} "):
        assert is_accepted_placeholder(written)
        assert looks_like_placeholder_text(written)
    assert not is_random_looking(value)
    assert not is_random_looking(value.upper())


SECRET_NAMES = [
    "token",
    "secret",
    "password",
    "passwd",
    "pwd",
    "api_key",
    "apikey",
    "apiKey",
    "access_key",
    "private_key",
    "credential",
    "credentials",
    "auth",
    "hf_token",
    "HUGGING_FACE_HUB_TOKEN",
    "hf_access_token",
    "OPENAI_API_KEY",
    "aws_secret_access_key",
    "aws_access_key_id",
    "client_secret",
    "db_pass",
    "GITHUB_PAT",
    "use_auth_token",
    "basic_auth",
    "Authorization",
    "bearer_token",
    "hfToken",
    "HFToken",
    "TRUSS_SECRET_hf_token",
    "secrets.hf_token",
    "wandb_key",
    "ssh_key",
    "DB_PASSWORD",
    "dbpassword",
    "baseten_api_key",
    "baseten_chain_api_key",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "x-api-key",
]
NOT_SECRET_NAMES = [
    "runtime_secret_name",
    "secret_name",
    "aws_secret_access_key_secret_name",
    "auth_secret_name",
    "token_limit",
    "max_tokens",
    "num_tokens",
    "max_new_tokens",
    "tokenizer",
    "tokenizer_name",
    "key_prefix",
    "primary_key_column",
    "secret_to_path_mapping",
    "pad_token",
    "eos_token",
    "pad_token_id",
    "model_name",
    "key",
    "s3_key",
    "cache_key",
    "private_key_path",
    "password_file",
    "auth_type",
    "pass_through",
    "bypass",
    "passwordless",
    "hf_token_path",
    "secret_id",
    "requirements",
    "model_metadata",
]


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in SECRET_NAMES])
def test_secret_like_name(name: str) -> None:
    assert is_secret_like_name(name)


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in NOT_SECRET_NAMES])
def test_not_secret_like_name(name: str) -> None:
    assert not is_secret_like_name(name)


# --------------------------------------------------------------------------------------------
# The prefilter never loses a match
# --------------------------------------------------------------------------------------------

_ALL_TEXTS = [text for _, _, text, _ in POSITIVES]


@pytest.mark.parametrize(
    "text", [pytest.param(text, id=sample_id) for sample_id, _, text, _ in POSITIVES]
)
def test_prefilter_keeps_every_positive(text: str) -> None:
    padded = text + " " * 300  # long texts take the prefilter's other path
    for value in (text, padded):
        assert may_contain_credential(value)
        assert find_credentials(value) == scan_without_prefilter(value)


def test_min_length_is_the_shortest_possible_match() -> None:
    """Every reported secret has MIN_RANDOM_CHARS letters and digits (the plausibility
    policy), so shorter texts are skipped; a secret of just that many is reported."""
    assert MIN_CREDENTIAL_LENGTH == MIN_RANDOM_CHARS
    shortest = "AKC" + rand("shortest-artifactory", 13)
    assert len(shortest) == MIN_CREDENTIAL_LENGTH == len(re.sub("[^A-Za-z0-9]", "", shortest))
    assert scan_without_prefilter(shortest) != []
    assert find_credentials(shortest) != []
    assert scan_without_prefilter(shortest[:-1]) == []


def _pattern_cases() -> list[object]:
    """Every (detector, denylist regex) the linter runs, with its anchors."""
    cases: list[object] = []
    for spec in ALL_DETECTORS:
        cls = getattr(importlib.import_module(spec.module), spec.class_name)
        for index, regex in enumerate(cls.denylist):
            if spec.patterns is None or index in spec.patterns:
                cases.append(pytest.param(regex, spec, id=f"{spec.class_name}-{index}"))
    return cases


@pytest.mark.parametrize(("regex", "spec"), _pattern_cases())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_anchors_occur_in_every_regex_match(
    regex: re.Pattern[str], spec: DetectorSpec, data: st.DataObject
) -> None:
    """A detector's anchors are a necessary condition: one of them occurs inside any text its
    regexes can match (hypothesis generates the matches from the regexes themselves)."""
    text = data.draw(st.from_regex(regex))
    match = regex.search(text)
    assert match is not None
    found = match.group(0).casefold() if spec.casefold else match.group(0)
    assert any(re.search(anchor, found) for anchor in spec.anchors), (spec.anchors, found)


@pytest.mark.parametrize(
    "anchor",
    sorted({a for spec in ALL_DETECTORS for a in spec.anchors}),
)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_anchor_literal_prefix_is_necessary(anchor: str, data: st.DataObject) -> None:
    """The long-text prefilter checks an anchor's literal prefix before its regex."""
    text = data.draw(st.from_regex(anchor, fullmatch=True))
    assert text.startswith(literal_prefix(anchor))


@pytest.mark.parametrize(
    ("pattern", "prefix"),
    [
        pytest.param(r"gh[pousr]_", "gh", id="class"),
        pytest.param(r"SG\.", "SG.", id="escaped-dot"),
        pytest.param(r"ab?c", "a", id="quantified-char"),
        pytest.param(r"co(?:here)?key", "co", id="group"),
        pytest.param(r"\d{8}:", "", id="no-literal"),
        pytest.param(r"A3T|AKIA", "", id="alternation-is-not-a-prefix"),
    ],
)
def test_literal_prefix(pattern: str, prefix: str) -> None:
    assert literal_prefix(pattern) == prefix


_FRAGMENTS = st.one_of(
    st.sampled_from(_ALL_TEXTS),
    st.sampled_from([secret for _, _, secret in SECRETS]),
    st.text(alphabet=ALNUM + "_-.:/=@ \n\"'", max_size=40),
    st.sampled_from([HF, SK, "AKIA", "eyJ", "xox" + "b-", ".", "wandb", "cohere", "_authToken="]),
    st.just(" " * 300),  # long texts take the prefilter's other path
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=6).map("".join))
def test_prefilter_never_loses_a_match(text: str) -> None:
    assert find_credentials(text) == scan_without_prefilter(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=6).map(" ".join))
def test_results_sorted_non_overlapping_and_in_bounds(text: str) -> None:
    for matches in (find_credentials(text), find_url_credentials(text)):
        assert all(0 <= m.start < m.end <= len(text) for m in matches)
        assert all(a.end <= b.start for a, b in itertools.pairwise(matches))


# --------------------------------------------------------------------------------------------
# Registry, detect-secrets CLI, and global state
# --------------------------------------------------------------------------------------------


def test_every_plugin_module_is_registered() -> None:
    modules = {
        name
        for _, name, _ in pkgutil.iter_modules(plugins_package.__path__)
        if not name.startswith("_")
    }
    registered = {spec.module.rsplit(".", 1)[1] for spec in OWN_DETECTORS}
    assert modules == registered


def test_readme_lists_every_detector() -> None:
    """The README's list of credential shapes names every detector in the registry."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Credential shapes", 1)[1].split("\n## ", 1)[0]
    flat = " ".join(section.split())
    missing = [spec.kind for spec in ALL_DETECTORS if spec.kind not in flat]
    assert missing == []


def test_plugin_secret_types_do_not_clash_with_detect_secrets() -> None:
    import detect_secrets.plugins as builtin
    from detect_secrets.plugins.base import BasePlugin

    builtin_types = set()
    for _, name, _ in pkgutil.iter_modules(builtin.__path__):
        module = importlib.import_module(f"detect_secrets.plugins.{name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BasePlugin):
                builtin_types.add(getattr(value, "secret_type", None))
    own_types = [
        getattr(importlib.import_module(s.module), s.class_name).secret_type for s in OWN_DETECTORS
    ]
    assert len(set(own_types)) == len(own_types)
    assert not set(own_types) & builtin_types


def _subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def test_detect_secrets_cli_loads_and_uses_our_plugins(tmp_path: Path) -> None:
    """`detect-secrets scan --plugin <file>` finds each of our secrets, on its own line."""
    expected: list[tuple[str, str]] = []  # (secret_type, secret) for line 1, 2, ...
    lines: list[str] = []
    for spec in OWN_DETECTORS:
        secret_type = getattr(importlib.import_module(spec.module), spec.class_name).secret_type
        for _, kind, text, secret in POSITIVES:
            if kind == spec.kind:
                lines.append(text.replace("\n", " ") if "\n" not in secret else text)
                expected.append((secret_type, secret))
    sample = tmp_path / "sample.txt"
    sample.write_text("\n".join(lines) + "\n")
    plugin_args = [
        arg for path in sorted(PLUGIN_DIR.glob("[!_]*.py")) for arg in ("--plugin", str(path))
    ]
    result = subprocess.run(
        [sys.executable, "-m", "detect_secrets", "scan", "--no-verify", *plugin_args, sample.name],
        cwd=tmp_path,
        env=_subprocess_env(),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    report = json.loads(result.stdout)
    loaded = {p["name"] for p in report["plugins_used"] if "path" in p}
    assert loaded == {spec.class_name for spec in OWN_DETECTORS}
    found = {
        (r["type"], r["line_number"], r["hashed_secret"]) for r in report["results"]["sample.txt"]
    }
    # detect-secrets reports a (type, secret) pair once per file, on its first line.
    first_line: dict[tuple[str, str], int] = {}
    for line_number, pair in enumerate(expected, start=1):
        first_line.setdefault(pair, line_number)
    for (secret_type, secret), line_number in first_line.items():
        digest = hashlib.sha1(secret.encode()).hexdigest()
        assert (secret_type, line_number, digest) in found, (secret_type, line_number)


def test_detect_secrets_settings_are_left_alone() -> None:
    """No call reads, creates or changes detect-secrets' global settings singleton."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
    from detect_secrets.settings import get_settings

    before = json.dumps(get_settings().json(), sort_keys=True)
    settings_calls = get_settings.cache_info()
    mapping_calls = get_mapping_from_secret_type_to_class.cache_info()

    for text in [*_ALL_TEXTS, *(str(p.values[0]) for p in URL_POSITIVES)]:
        find_credentials(text)
        scan_without_prefilter(text)
        find_url_credentials(text)
        is_random_looking(text)

    assert get_settings.cache_info() == settings_calls
    assert get_mapping_from_secret_type_to_class.cache_info() == mapping_calls
    assert json.dumps(get_settings().json(), sort_keys=True) == before


def test_detect_secrets_settings_are_never_created_in_a_fresh_process() -> None:
    """Even loading every plugin and scanning never instantiates the settings singleton."""
    code = (
        "from detect_secrets.settings import get_settings\n"
        "import truss_secret_lint.detectors as d\n"
        "from truss_secret_lint.detectors.adapter import scan_without_prefilter\n"
        f"for text in ('hf' + '_' + {rand('fresh', 34)!r}, 'https://u:p4ssw0rd!@h/x', 'x' * 40):\n"
        "    d.find_credentials(text)\n"
        "    scan_without_prefilter(text)\n"
        "    d.find_url_credentials(text)\n"
        "assert get_settings.cache_info().currsize == 0, get_settings.cache_info()\n"
    )
    subprocess.run([sys.executable, "-c", code], env=_subprocess_env(), check=True, timeout=60)


def test_import_and_ordinary_values_do_not_load_detect_secrets() -> None:
    code = (
        "import sys\n"
        "import truss_secret_lint.detectors as d\n"
        "for v in ('null', 'A100:1', 'meta-llama/Meta-Llama-3-8B-Instruct', 'hf_access_token'):\n"
        "    assert d.find_credentials(v) == []\n"
        "    assert d.find_url_credentials(v) == []\n"
        "    d.is_random_looking(v)\n"
        "assert 'detect_secrets' not in sys.modules\n"
        f"assert d.find_credentials('hf' + '_' + {rand('import', 34)!r}) != []\n"
        "assert 'detect_secrets' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], env=_subprocess_env(), check=True, timeout=60)


def _runtime_imports(path: Path) -> set[str]:
    """The `truss_secret_lint` modules a module imports when it runs: at module level and
    inside functions alike (not under `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test).endswith("TYPE_CHECKING")
        for stmt in block.body
        for node in ast.walk(stmt)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from package import module` imports the module too.
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("truss_secret_lint")}


def test_no_import_cycle_through_the_detectors() -> None:
    """No module of `detectors/` imports, directly or through other modules of the package
    (function-level imports included), a module that imports it back."""
    package = REPO_ROOT / "truss_secret_lint"
    modules: dict[str, Path] = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(REPO_ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    graph = {name: _runtime_imports(path) & modules.keys() for name, path in modules.items()}

    def reaches(start: str, goal: str) -> list[str] | None:
        """A path of imports from `start` to `goal`, or None."""
        seen, stack = {start}, [[start]]
        while stack:
            trail = stack.pop()
            for nxt in sorted(graph[trail[-1]]):
                if nxt == goal:
                    return [*trail, nxt]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append([*trail, nxt])
        return None

    cycles = [
        cycle
        for name in sorted(graph)
        if name.startswith("truss_secret_lint.detectors")
        if (cycle := reaches(name, name)) is not None
    ]
    assert cycles == []
