"""Does a key or variable name suggest it holds a secret? (`HF_TOKEN` yes, `secret_name` no.)

Rules that see a value without a credential shape judge it by the name it is assigned to: a
random-looking value under a secret-like name is a credential (`api_key = "…"`), the same value
under `model_revision` is not. Tuned for precision: tokenizer vocabularies (`pad_token`), token
counts (`max_tokens`) and names that describe a secret rather than hold it (`secret_name`,
`private_key_path`) are not secret-like.
"""

from __future__ import annotations

import re

__all__ = ["identifier_subwords", "is_secret_like_name"]

# Subwords of an identifier: camelCase humps, ACRONYMS, lowercase runs and digit runs.
_SUBWORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def identifier_subwords(value: str) -> list[str]:
    """`HFAccessToken_v2` → `HF`, `Access`, `Token`, `v`, `2` (case kept)."""
    return _SUBWORD.findall(value)


# A word that, anywhere in a name, says the name holds a secret.
_SECRET_WORDS = frozenset(
    {
        "token",
        "secret",
        "secrets",
        "password",
        "passwd",
        "passphrase",
        "pwd",
        "credential",
        "credentials",
        "creds",
        "auth",
        "authorization",
        "bearer",
        "apikey",
        "apitoken",
        "accesstoken",
        "authtoken",
        "secretkey",
        "privatekey",
        "accesskey",
        "hftoken",
        "clientsecret",
        "apisecret",
        "refreshtoken",
        "sessiontoken",
    }
)
# Words that only say so as the last word: `db_pass`, `gh_pat` (but not `pass_through`).
_HEAD_ONLY_SECRET_WORDS = frozenset({"pass", "pat"})
# `<qualifier>_key` is a secret; a bare `key` (dict key, s3 key, sort key) is not.
_KEY_QUALIFIERS = frozenset(
    {
        "api",
        "access",
        "secret",
        "private",
        "signing",
        "encryption",
        "master",
        "client",
        "auth",
        "service",
        "ssh",
        "gpg",
        "pgp",
        "hmac",
        "app",
        "subscription",
        "license",
        "account",
        "storage",
        "openai",
        "anthropic",
        "claude",
        "hf",
        "huggingface",
        "hub",
        "wandb",
        "cohere",
        "groq",
        "replicate",
        "baseten",
        "google",
        "gemini",
        "mistral",
        "together",
        "pinecone",
        "nvidia",
        "ngc",
        "stripe",
        "twilio",
        "sendgrid",
        "slack",
        "github",
        "gitlab",
        "aws",
        "azure",
        "gcp",
        "deepseek",
        "fireworks",
        "perplexity",
        "xai",
        "serper",
        "tavily",
        "langchain",
        "langsmith",
        "comet",
        "neptune",
        "elevenlabs",
    }
)
# After a secret word, these make the name describe the secret (its name, path, size, ...)
# rather than hold it: `secret_name`, `token_limit`, `secret_to_path_mapping`.
_DESCRIPTIVE_WORDS = frozenset(
    {
        "name",
        "names",
        "limit",
        "limits",
        "count",
        "counts",
        "num",
        "number",
        "len",
        "length",
        "size",
        "max",
        "min",
        "type",
        "types",
        "kind",
        "prefix",
        "suffix",
        "column",
        "col",
        "mapping",
        "map",
        "path",
        "paths",
        "file",
        "files",
        "filename",
        "dir",
        "directory",
        "url",
        "uri",
        "endpoint",
        "id",
        "ids",
        "arn",
        "ref",
        "env",
        "var",
        "field",
        "format",
        "ttl",
        "expiry",
        "expires",
        "expiration",
        "enabled",
        "required",
        "method",
        "mode",
        "scheme",
        "provider",
        "strategy",
        "version",
        "location",
        "source",
        "template",
        "regex",
        "pattern",
        "policy",
        "store",
        "manager",
        "backend",
        "hint",
        "help",
        "description",
        "label",
        "index",
        "idx",
        "budget",
        "usage",
        "rate",
        "scope",
        "scopes",
        "hash",
        "digest",
        "class",
        "handler",
        "validator",
        "placeholder",
        "mount",
        "dict",
        "list",
        "keys",
        "exists",
        "set",
        "present",
        "missing",
        "timeout",
        "helper",
        "getter",
        "loader",
        "reader",
    }
)
# `<word>_token` in tokenizer configs names a vocabulary token, not a credential.
_VOCABULARY_TOKEN_QUALIFIERS = frozenset(
    {
        "pad",
        "eos",
        "bos",
        "unk",
        "cls",
        "sep",
        "mask",
        "start",
        "end",
        "stop",
        "special",
        "image",
        "audio",
        "video",
        "begin",
        "think",
        "eot",
        "eom",
        "chat",
        "system",
        "assistant",
        "tool",
        "fim",
        "prefix",
        "suffix",
        "middle",
        "vision",
        "boi",
        "eoi",
        "new",
        "next",
        "first",
        "last",
        "decoder",
        "encoder",
        "sentinel",
        "added",
        "extra",
        "reserved",
    }
)
# `<word>_tokens`/`max_token` count tokens.
_COUNT_QUALIFIERS = frozenset({"max", "min", "num", "n", "total", "input", "output"})


def _name_words(name: str) -> list[str]:
    return [w.lower() for w in identifier_subwords(name)]


def _holds_secret(words: list[str], i: int) -> bool:
    """Does the word at `i` make the name a secret holder (given its neighbours)?"""
    word = words[i]
    before = words[i - 1] if i else ""
    after = words[i + 1 :]
    if word == "key":
        if before not in _KEY_QUALIFIERS:
            return False
        # aws_access_key_id is half of an AWS credential pair; other key ids are not secret.
        if after[:1] == ["id"] and before == "access":
            after = after[1:]
    elif word == "token":
        if before in _VOCABULARY_TOKEN_QUALIFIERS or before in _COUNT_QUALIFIERS:
            return False
    elif word in _HEAD_ONLY_SECRET_WORDS:
        return not after
    elif word not in _SECRET_WORDS and not word.endswith(("password", "passwd", "apikey")):
        return False
    return not any(w in _DESCRIPTIVE_WORDS for w in after)


def is_secret_like_name(name: str) -> bool:
    """True for a key or variable name that suggests it holds a secret.

    The name is split on `_ - .`, spaces and camelCase; it holds a secret when a secret word
    (token, secret, password/passwd/pwd, credential(s), auth, api_key/apikey, access_key,
    private_key, …) is not followed by a word that makes the name describe the secret instead
    (`secret_name`, `token_limit`, `secret_to_path_mapping`, `private_key_path`). Token counts
    (`max_tokens`), tokenizers and vocabulary tokens (`pad_token`) are not secrets.
    """
    words = _name_words(name)
    return any(_holds_secret(words, i) for i in range(len(words)))
