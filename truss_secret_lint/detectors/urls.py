"""Credentials inside URLs: `user:password@`, a token used as the user, presigned signatures.

Truss configs carry URLs in `requirements` (`git+https://<token>@github.com/…`,
`--extra-index-url https://user:pass@host/…`), `external_data[].url` (presigned S3/GCS/Azure
URLs), `start_command` and `build_commands`. A URL is found by its `scheme://`; its authority
(up to the first `/`, `?` or `#`) is the only place userinfo can be, so
`git+https://github.com/org/repo@v1.2` (a ref after `@` in the PATH) is not a credential.
Placeholders (`${TOKEN}`, `<token>`, `user:password`, `***`) are not reported.

`is_random_looking` lives here too: a URL looks random only when it carries credentials, and
the user part of a URL is judged by the same test (`randomness.py` judges everything else).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from truss_secret_lint.detectors.adapter import find_credentials
from truss_secret_lint.detectors.match import CredentialMatch
from truss_secret_lint.detectors.placeholders import has_placeholder_marker
from truss_secret_lint.detectors.randomness import could_be_token, is_random_token

__all__ = ["find_url_credentials", "is_random_looking"]

_URL = re.compile(r"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]*://[^\s\"'`]+")
# Query parameters whose value is a signature or a bearer credential.
_SIGNATURE_PARAMS = frozenset(
    {"x-amz-signature", "x-goog-signature", "sig", "signature", "x-amz-security-token"}
)
_TOKEN_PARAMS = frozenset(
    {
        "token",
        "access_token",
        "auth_token",
        "api_key",
        "apikey",
        "private_token",
        "client_secret",
        "password",
        "secret",
        "x-api-key",
    }
)
_MIN_QUERY_SECRET_LENGTH = 8
_TRAILING_PUNCTUATION = ")]}>,.;:!"

KIND_PASSWORD = "password in URL"
KIND_USER_TOKEN = "token in URL"
KIND_SIGNATURE = "URL signature"
KIND_QUERY_TOKEN = "token in URL query"


def _is_token(value: str) -> bool:
    """A userinfo user that is really a credential (`ghp_…@github.com`), not a user name."""
    return not has_placeholder_marker(value) and (
        bool(find_credentials(value)) or is_random_looking(value)
    )


def _userinfo_matches(start: int, authority: str) -> list[CredentialMatch]:
    """Matches in the `user[:password]@` part of an authority that begins at `start`."""
    at = authority.rfind("@")
    if at <= 0 or at == len(authority) - 1:
        return []
    userinfo = authority[:at]
    user, colon, password = userinfo.partition(":")
    matches = []
    if user and _is_token(unquote(user)):
        matches.append(CredentialMatch(KIND_USER_TOKEN, start, start + len(user)))
    if colon and password and not has_placeholder_marker(unquote(password)):
        password_start = start + len(user) + 1
        matches.append(CredentialMatch(KIND_PASSWORD, password_start, start + at))
    return matches


def _query_matches(start: int, query: str) -> list[CredentialMatch]:
    """Signature and token parameters of a query string that begins at `start`."""
    matches = []
    offset = start
    for pair in re.split(r"([&;])", query):
        if pair in ("&", ";"):
            offset += len(pair)
            continue
        name, equals, raw_value = pair.partition("=")
        value = raw_value.rstrip(_TRAILING_PUNCTUATION)
        key = unquote(name.removeprefix("amp;")).lower()
        kind = (
            KIND_SIGNATURE
            if key in _SIGNATURE_PARAMS
            else KIND_QUERY_TOKEN
            if key in _TOKEN_PARAMS
            else None
        )
        if (
            kind is not None
            and equals
            and len(value) >= _MIN_QUERY_SECRET_LENGTH
            and not has_placeholder_marker(unquote(raw_value))
            and not has_placeholder_marker(unquote(value))
        ):
            value_start = offset + len(name) + 1
            matches.append(CredentialMatch(kind, value_start, value_start + len(value)))
        offset += len(pair)
    return matches


def find_url_credentials(text: str) -> list[CredentialMatch]:
    """Credentials inside URLs in `text`, sorted by start; each span covers the secret only.

    Reports `scheme://user:PASSWORD@host`, `scheme://TOKEN@host` (a credential-shaped or
    random-looking user), and presigned/tokenised query parameters (`X-Amz-Signature=`,
    `X-Goog-Signature=`, `sig=`, `signature=`, `token=`, `access_token=`, …). Placeholder parts
    and URLs without credentials are not matches.
    """
    if "://" not in text:
        return []
    matches: list[CredentialMatch] = []
    for url in _URL.finditer(text):
        body_start = text.index("://", url.start()) + 3
        body = text[body_start : url.end()]
        authority_end = next((i for i, c in enumerate(body) if c in "/?#"), len(body))
        matches += _userinfo_matches(body_start, body[:authority_end])
        query_at = body.find("?", authority_end)
        if query_at >= 0:
            query = body[query_at + 1 :].split("#", 1)[0]
            matches += _query_matches(body_start + query_at + 1, query)
    return sorted(matches, key=lambda m: m.start)


def is_random_looking(value: str) -> bool:
    """True for a value that looks like a generated token (`randomness.is_random_token`), or
    that is a URL carrying credentials: a URL without any is not random, however long."""
    if "://" in value:
        return could_be_token(value) and bool(find_url_credentials(value))
    return is_random_token(value)
