"""Credential detection for truss-secret-lint: the functions below, `verdict.py` and
`placeholders.py` are all the rules use.

- `find_credentials(text)`: specific credential SHAPES (our ML-ecosystem detect-secrets
  plugins in `plugins/`, plus detect-secrets' precise built-ins), no entropy or keywords;
- `find_url_credentials(text)`: `user:password@`, token-as-user and presigned signatures in URLs;
- `is_random_looking(value)`, `is_secret_like_name(name)`: the heuristics rules combine with
  context (a secret's default, a secret-named key).

`verdict.py` (`Verdict`: is this value a credential, and why) and `placeholders.py` (which
values stand in for a secret) are imported by name. The layers, each importing only those
before it: `match` and `names`; `placeholders`; `randomness`; `plausibility`, `registry`,
`shape_prefilter`, `adapter`; `urls`; `verdict`.

Importing this package is cheap: detect-secrets is loaded by `adapter.py` on the first text
that could hold a credential, and no detect-secrets settings are ever touched.
"""

from truss_secret_lint.detectors.adapter import find_credentials
from truss_secret_lint.detectors.match import CredentialMatch
from truss_secret_lint.detectors.names import is_secret_like_name
from truss_secret_lint.detectors.urls import find_url_credentials, is_random_looking

__all__ = [
    "CredentialMatch",
    "find_credentials",
    "find_url_credentials",
    "is_random_looking",
    "is_secret_like_name",
]
