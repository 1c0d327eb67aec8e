"""Which detectors `find_credentials` runs, what each one is called, and its anchors.

One explicit table, no import magic: our own plugins (`plugins/*.py`) and the detect-secrets
built-in plugins we trust for precision. Each row names the plugin class by module path so
nothing here imports detect-secrets; `adapter.py` loads the classes on first use.

Every row has ANCHORS: regexes one of which matches inside anything the detector can report (a
necessary condition, usually the literal prefix of the credential; for case-insensitive
detectors, a lowercase literal looked for in the case-folded text). `shape_prefilter.py` uses them
to skip ordinary config values without loading anything. `tests/test_detectors.py` checks,
with hypothesis generating matches from every regex, that no anchor can miss a match.

detect-secrets built-ins left out, on purpose:
- HighEntropyString (Base64/Hex) and KeywordDetector: entropy and keyword heuristics, the
  linter does that itself (`randomness.py`, `names.py`) with the context of a name;
- BasicAuthDetector: `urls.find_url_credentials` handles URLs with placeholders and tokens;
- IBM Cloud IAM, IBM COS HMAC, Cloudant, SoftLayer, and AWS's second (secret-key) pattern:
  keyword-assignment heuristics (`password = <44 chars>`), imprecise on bare values;
- Artifactory's `AP…` password pattern (matches ordinary words like `APACHE2LICENSE`; the
  `AKC…` API-key pattern is kept); IPPublicDetector (not a credential);
- GitHubTokenDetector, OpenAIDetector and StripeDetector, and SlackDetector's webhook
  pattern: replaced by our plugins, which cover their shapes with word boundaries and the
  newer formats (fine-grained GitHub tokens, OpenAI project keys, Stripe test and restricted
  keys, Slack workflow and trigger URLs and URLs without a scheme).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# How the span of an upstream (detect-secrets) match is turned into the span of the secret:
#   own       our TrussRegexDetector: it reports spans itself
#   match     the whole regex match, rejected when glued to letters/digits on either side
#   extend    the match, extended over the letters and digits that follow (the plugin's regex
#             gives a minimum length: Stripe keys and Discord tokens are longer today)
#   group     the regex's first non-empty group up to the first character that cannot be in a
#             token (npm: the token after `_authToken=`, without the rest of the line)
#   after_eq  the part after the first `=` (Azure: `AccountKey=<key>`)
#   trim      the match without the delimiters the regex includes (Artifactory: ` AKC… `)
#   pem       from `-----BEGIN … PRIVATE KEY` to the matching `-----END …-----`
#   jwt       header.payload.signature (the upstream regex stops before the signature)
SpanRule = Literal["own", "match", "extend", "group", "after_eq", "trim", "pem", "jwt"]


@dataclass(frozen=True)
class DetectorSpec:
    """One credential detector: a detect-secrets plugin class and how the linter uses it."""

    kind: str
    module: str
    class_name: str
    anchors: tuple[str, ...]
    span: SpanRule = "own"
    patterns: tuple[int, ...] | None = None  # which `denylist` entries to use; None = all
    casefold: bool = False  # the anchors are searched in `text.casefold()`
    linear: tuple[str, ...] = ()  # linear-time rewrites that replace those entries (see below)


# Linear-time rewrites of the two detect-secrets patterns that backtrack quadratically (a line
# of 100 KB took over a minute, 2 MiB hours). Each accepts exactly the upstream matches, found
# in the same order (tests/test_trust_regex.py checks it with generated inputs):
#
# JWT, upstream `eyJ[A-Za-z0-9-_=]+\.[A-Za-z0-9-_=]+\.?[A-Za-z0-9-_.+/=]*?` (its lazy tail
#   always matches empty). On `eyJeyJeyJ…` without a dot every `eyJ` restarts a scan to the end
#   of the run. Only the FIRST `eyJ` of a run of those characters can match (a later one ends
#   where it does), so the rewrite starts once per run (the lookbehind), commits to the run's
#   first `eyJ` (the atomic group) and never backtracks into a run (possessive `++`).
#   The group `token` is the upstream match.
# npm, upstream `\/\/.+\/:_authToken=\s*((npm_.+)|([A-Fa-f0-9-]{36})).*`. On `////…` every
#   `/` restarts a scan to the end of the line. Only the FIRST `//` of a line can match (a
#   later one sees a part of the same line), so the rewrite starts at line starts only and
#   commits to the line's first `//`. Groups 1-3 are the upstream groups.
_JWT_CHARS = "[A-Za-z0-9_=-]"
_JWT_LINEAR = (
    rf"(?<!{_JWT_CHARS})(?>{_JWT_CHARS}*?(?=eyJ))"
    rf"(?P<token>eyJ{_JWT_CHARS}++\.{_JWT_CHARS}++\.?)"
)
_NPM_LINEAR = r"(?m)^(?>[^\n]*?//)[^\n]+/:_authToken=\s*((npm_.+)|([A-Fa-f0-9-]{36})).*"

_OWN = "truss_secret_lint.detectors.plugins."
_DS = "detect_secrets.plugins."

OWN_DETECTORS: tuple[DetectorSpec, ...] = (
    DetectorSpec(
        "Hugging Face token",
        _OWN + "huggingface",
        "HuggingFaceTokenDetector",
        (r"hf_[A-Za-z0-9]{34}", r"api_org_[A-Za-z0-9]{34}"),
    ),
    DetectorSpec(
        "Anthropic API key",
        _OWN + "anthropic",
        "AnthropicKeyDetector",
        (r"sk-ant-[a-z]{2,8}[0-9]{2}-",),
    ),
    DetectorSpec(
        "OpenAI API key", _OWN + "openai", "OpenAIKeyDetector", (r"sk-[A-Za-z0-9_\-]{8}",)
    ),
    DetectorSpec(
        "Replicate API token",
        _OWN + "replicate",
        "ReplicateTokenDetector",
        (r"r8_[A-Za-z0-9]{37}",),
    ),
    DetectorSpec("Groq API key", _OWN + "groq", "GroqKeyDetector", (r"gsk_[A-Za-z0-9]{52}",)),
    DetectorSpec(
        "Cohere API key",
        _OWN + "cohere",
        "CohereKeyDetector",
        (r"co(?:here)?[_\-.]?(?:api[_\-.]?)?key", r"cohere\."),
        casefold=True,
    ),
    DetectorSpec(
        "Weights & Biases API key",
        _OWN + "wandb",
        "WandbApiKeyDetector",
        (r"wandb",),
        casefold=True,
    ),
    DetectorSpec(
        "Google API key", _OWN + "google", "GoogleApiKeyDetector", (r"AIza[0-9A-Za-z_\-]{35}",)
    ),
    DetectorSpec(
        "GitHub token",
        _OWN + "github",
        "GitHubAccessTokenDetector",
        (r"gh[pousr]_[A-Za-z0-9_]{36}", r"github_pat_[A-Za-z0-9_]{82}"),
    ),
    DetectorSpec(
        "NVIDIA API key", _OWN + "nvidia", "NvidiaApiKeyDetector", (r"nvapi-[A-Za-z0-9_\-]{64}",)
    ),
    DetectorSpec(
        "Baseten API key", _OWN + "baseten", "BasetenApiKeyDetector", (r"\.[A-Za-z0-9]{32}",)
    ),
    DetectorSpec(
        "OpenRouter API key", _OWN + "openrouter", "OpenRouterKeyDetector", (r"sk-or-v1-",)
    ),
    DetectorSpec("Fireworks AI API key", _OWN + "fireworks", "FireworksKeyDetector", (r"fw_",)),
    DetectorSpec("Perplexity API key", _OWN + "perplexity", "PerplexityKeyDetector", (r"pplx-",)),
    DetectorSpec("xAI API key", _OWN + "xai", "XaiKeyDetector", (r"xai-",)),
    DetectorSpec(
        "DeepSeek API key", _OWN + "deepseek", "DeepSeekKeyDetector", (r"sk-[0-9a-f]{32}",)
    ),
    DetectorSpec("LangSmith API key", _OWN + "langsmith", "LangSmithKeyDetector", (r"lsv2_",)),
    DetectorSpec("Pinecone API key", _OWN + "pinecone", "PineconeKeyDetector", (r"pcsk_",)),
    DetectorSpec(
        "ElevenLabs API key", _OWN + "elevenlabs", "ElevenLabsKeyDetector", (r"sk_[0-9a-f]{48}",)
    ),
    DetectorSpec("Modal token", _OWN + "modal", "ModalTokenDetector", (r"a[ks]-[A-Za-z0-9]{22}",)),
    DetectorSpec(
        "Databricks token", _OWN + "databricks", "DatabricksTokenDetector", (r"dapi[0-9a-f]{32}",)
    ),
    DetectorSpec(
        "Amazon Bedrock API key",
        _OWN + "bedrock",
        "BedrockApiKeyDetector",
        (r"ABSKQmVkcm9ja0FQSUtleS", r"bedrock-api-key-"),
    ),
    DetectorSpec("Stripe key", _OWN + "stripe", "StripeKeyDetector", (r"k_live_", r"k_test_")),
    DetectorSpec(
        "Slack webhook URL",
        _OWN + "slack_webhook",
        "SlackWebhookDetector",
        (r"hooks\.slack\.com/",),
    ),
    DetectorSpec(
        "Mistral API key", _OWN + "mistral", "MistralKeyDetector", (r"mistral",), casefold=True
    ),
    DetectorSpec(
        "Together AI API key",
        _OWN + "together",
        "TogetherKeyDetector",
        (r"together",),
        casefold=True,
    ),
    DetectorSpec(
        "Deepgram API key", _OWN + "deepgram", "DeepgramKeyDetector", (r"deepgram",), casefold=True
    ),
    DetectorSpec(
        "Azure OpenAI API key",
        _OWN + "azure_openai",
        "AzureOpenAIKeyDetector",
        (r"azure",),
        casefold=True,
    ),
)

UPSTREAM_DETECTORS: tuple[DetectorSpec, ...] = (
    DetectorSpec(
        "AWS access key",
        _DS + "aws",
        "AWSKeyDetector",
        (r"A3T", r"ABIA", r"ACCA", r"AKIA", r"ASIA"),
        "match",
        (0,),
    ),
    DetectorSpec(
        "private key",
        _DS + "private_key",
        "PrivateKeyDetector",
        (r"PRIVATE KEY", r"PuTTY-User-Key"),
        "pem",
    ),
    DetectorSpec(
        "JSON Web Token",
        _DS + "jwt",
        "JwtTokenDetector",
        ("eyJ",),
        "jwt",
        linear=(_JWT_LINEAR,),
    ),
    DetectorSpec(
        "Slack token",
        _DS + "slack",
        "SlackDetector",
        (r"xox[aboprs]-",),
        "match",
        (0,),
        casefold=True,
    ),
    DetectorSpec(
        "GitLab token",
        _DS + "gitlab_token",
        "GitLabTokenDetector",
        (r"gl[a-z]{2,5}-", r"GR1348941"),
        "match",
    ),
    DetectorSpec(
        "npm token", _DS + "npm", "NpmDetector", (r"_authToken=",), "group", linear=(_NPM_LINEAR,)
    ),
    DetectorSpec("PyPI token", _DS + "pypi_token", "PypiTokenDetector", (r"pypi-AgE",), "match"),
    DetectorSpec("SendGrid API key", _DS + "sendgrid", "SendGridDetector", (r"SG\.",), "match"),
    DetectorSpec(
        "Twilio API key",
        _DS + "twilio",
        "TwilioKeyDetector",
        (r"AC[a-z0-9]{32}", r"SK[a-z0-9]{32}"),
        "match",
    ),
    DetectorSpec(
        "Mailchimp API key", _DS + "mailchimp", "MailchimpDetector", (r"-us[0-9]",), "match"
    ),
    DetectorSpec(
        "Discord bot token",
        _DS + "discord",
        "DiscordBotTokenDetector",
        (r"\.[a-zA-Z\d_\-]{6}\.",),
        "extend",
    ),
    DetectorSpec(
        "Telegram bot token",
        _DS + "telegram_token",
        "TelegramBotTokenDetector",
        (r":[0-9A-Za-z_\-]{35}",),
        "match",
    ),
    DetectorSpec(
        "Square OAuth secret", _DS + "square_oauth", "SquareOAuthDetector", (r"sq0csp-",), "match"
    ),
    DetectorSpec(
        "Azure storage account key",
        _DS + "azure_storage_key",
        "AzureStorageKeyDetector",
        (r"AccountKey=",),
        "after_eq",
    ),
    DetectorSpec(
        "Artifactory token", _DS + "artifactory", "ArtifactoryDetector", (r"AKC",), "trim", (0,)
    ),
)

ALL_DETECTORS: tuple[DetectorSpec, ...] = OWN_DETECTORS + UPSTREAM_DETECTORS
