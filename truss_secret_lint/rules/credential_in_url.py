"""TSL204 credential-in-url."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.detectors import find_url_credentials
from truss_secret_lint.detectors.verdict import url_credential
from truss_secret_lint.diagnostic import Diagnostic, Severity, Span
from truss_secret_lint.redact import Message, Value, render
from truss_secret_lint.rules.base import Rule, config, truss
from truss_secret_lint.target import CheckTarget

_GH = "ghp_" + "Rk3Vb8Nw1Qz6Lx4Tp9Hy2Mc7Jd5Fs0Ga" + "Ke7W"


class CredentialInUrl(Rule):
    """
    ## What it does
    Reports a URL with embedded credentials — `user:password@host`, a token used as the user
    (`git+https://<token>@github.com/...`), or a presigned signature (`X-Amz-Signature=`, `sig=`,
    `token=`) — in `requirements`, the `requirements_file`, `external_data`, or any other value of
    `config.yaml`.

    ## Why is this bad?
    Requirements are installed at image build time, so the URL (and the token in it) ends up in
    the build context, the image layers and build logs. A presigned URL in `external_data` is a
    bearer credential for the bucket until it expires.

    ## Example
    ```yaml
    requirements:
      - git+https://ghp_R7pZq2XkT9vLmN4bW8cY1dF6hJ3sA0eG5uQi@github.com/acme/private-lib.git
    ```

    ## Use instead
    Publish the package to a private index configured outside the repository, or download it at
    runtime with a token read from a declared secret.
    """

    code = "TSL204"
    name = "credential-in-url"
    severity = Severity.ERROR
    summary = "a URL with embedded credentials or a presigned signature"

    VALID = (
        config("requirements:\n  - git+https://github.com/acme/lib.git@v1.2\n  - torch==2.3\n"),
        config(
            "external_data:\n  - url: https://example.com/weights.bin\n    local_data_path: w\n"
        ),
    )
    INVALID = (
        config(f"requirements:\n  - git+https://{_GH}@github.com/acme/lib.git\n", (2, 5)),
        config(
            "requirements:\n  - --extra-index-url https://bob:S3cr3tPassw0rd@pypi.acme.dev/simple\n",
            (2, 5),
        ),
        truss(
            {
                "config.yaml": "model_name: m\nrequirements_file: requirements.txt\n",
                "requirements.txt": f"torch\ngit+https://{_GH}@github.com/acme/lib.git\n",
            },
            ("requirements.txt", 2, 13),
        ),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        facts = target.config
        if facts is None:
            return
        for item in facts.strings:
            verdict = url_credential(item.text)
            if verdict is not None:
                yield self.diagnostic(
                    facts.path,
                    item.span,
                    render(
                        "a URL with embedded credentials ({verdict})", verdict=verdict.describe()
                    ),
                    value=item.text,
                )
        for source in target.extra_files.values():
            for number, line in enumerate(source.lines, start=1):
                for match in find_url_credentials(line):
                    part = line[match.start : match.end]
                    yield self.diagnostic(
                        source.path,
                        Span(number, match.start + 1, number, match.end + 1),
                        render(
                            "a URL with embedded credentials ({kind}, {part})",
                            kind=Message(match.kind),
                            part=Value(part),
                        ),
                        value=line.strip(),
                    )
