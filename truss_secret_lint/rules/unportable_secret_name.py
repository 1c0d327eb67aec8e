"""TSL104 unportable-secret-name."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.config_facts import portability_problem
from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Message, render
from truss_secret_lint.rules.base import Rule, config
from truss_secret_lint.target import CheckTarget


class UnportableSecretName(Rule):
    """
    ## What it does
    Reports a secret name that is empty, contains characters outside `[-._a-zA-Z0-9]`, is longer
    than 253 characters, or is `.` or `..`.

    ## Why is this bad?
    Truss no longer validates names, but secrets become environment variables
    (`TRUSS_SECRET_<name>`) and files (`/secrets/<name>`), and the platform's secret store and
    Kubernetes (which truss still enforces for `build.secret_to_path_mapping` keys) accept only
    this character set. A name with a space or a slash works locally and fails when deployed.

    ## Example
    ```yaml
    secrets:
      "hf access token": null
    ```

    ## Use instead
    ```yaml
    secrets:
      hf_access_token: null
    ```
    """

    code = "TSL104"
    name = "unportable-secret-name"
    severity = Severity.WARNING
    summary = "a secret name that is not portable"

    VALID = (config("secrets:\n  hf_access_token: null\n  my-key.v2: null\n"),)
    INVALID = (
        config('secrets:\n  "hf access token": null\n', (2, 3)),
        config('secrets:\n  "": null\n', (2, 3)),
        config("secrets:\n  ..: null\n", (2, 3)),
        config("secrets:\n  " + "a" * 254 + ": null\n", (2, 3)),
        config("secrets:\n  team/key: null\n", (2, 3)),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        facts = target.config
        if facts is None:
            return
        for entry in facts.entries:
            name = entry.name
            if name is None:
                continue
            problem = portability_problem(name)
            if problem is not None:
                yield self.diagnostic(
                    facts.path,
                    entry.key_span,
                    # the problem names at most five single characters of the name, escaped
                    render("secret name is not portable: {problem}", problem=Message(problem)),
                    secret=name,
                )
