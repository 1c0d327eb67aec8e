"""TSL308 undeclared-config-secret."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from truss_secret_lint.config_facts import closest
from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Message, Name, render, show_path
from truss_secret_lint.rules.base import Rule, config, truss
from truss_secret_lint.target import CheckTarget


class UndeclaredConfigSecret(Rule):
    """
    ## What it does
    Reports a config field that names a secret which is not declared under `secrets:`: an
    explicit `runtime_secret_name` in `model_cache` or `trt_llm…checkpoint_repository`,
    `base_image.docker_auth` secret names (including the AWS_IAM defaults
    `aws_access_key_id`/`aws_secret_access_key`), `/secrets/<name>` read in
    `docker_server.start_command`, `build_commands` or scripts under `data/`, and
    `build.secret_to_path_mapping` keys. `weights[].auth_secret_name` is not reported: the
    platform resolves it before the container starts.

    ## Why is this bad?
    The platform mounts only declared secrets. An undeclared `runtime_secret_name` means
    unauthenticated downloads (gated models fail); `/secrets/hf_access_token` in a custom
    server's start command reads a file that does not exist; docker auth fails to pull the base
    image. (Relying on the implicit `hf_access_token` default for public models is fine.)

    ## Example
    ```yaml
    docker_server:
      start_command: sh -c "HF_TOKEN=$(cat /secrets/hf_access_token) vllm serve ..."
    ```

    ## Use instead
    ```yaml
    docker_server:
      start_command: sh -c "HF_TOKEN=$(cat /secrets/hf_access_token) vllm serve ..."
    secrets:
      hf_access_token: null
    ```
    """

    code = "TSL308"
    name = "undeclared-config-secret"
    severity = Severity.ERROR
    summary = "a config field names a secret that is not declared"

    VALID = (
        config(
            "docker_server:\n  start_command: sh -c 'cat /secrets/hf_access_token'\n"
            "secrets:\n  hf_access_token: null\n"
        ),
        config("model_cache:\n  - repo_id: org/public-model\n"),
        config("weights:\n  - source: hf://org/m\n    auth_secret_name: hf_access_token\n"),
    )
    INVALID = (
        config(
            'docker_server:\n  start_command: sh -c "HF_TOKEN=$(cat /secrets/hf_access_token) x"\n',
            (2, 40),
        ),
        config(
            "model_cache:\n  - repo_id: org/gated\n    runtime_secret_name: hf_token\n"
            "secrets:\n  hf_access_token: null\n",
            (3, 26),
        ),
        config(
            "trt_llm:\n  build:\n    checkpoint_repository:\n      repo: org/m\n"
            "      runtime_secret_name: my_hf\n",
            (5, 28),
        ),
        config("build_commands:\n  - cat /secrets/gcs_key > /tmp/k\n", (2, 9)),
        config(
            "base_image:\n  image: x\n  docker_auth:\n    auth_method: GCP_SERVICE_ACCOUNT_JSON\n"
            "    secret_name: gcp_sa\n    registry: us-docker.pkg.dev\n",
            (5, 18),
        ),
        config(
            "build:\n  secret_to_path_mapping:\n    gcs_key: /secrets/gcs_key\nsecrets: {}\n",
            (3, 5),
        ),
        truss(
            {
                "config.yaml": "model_name: m\nsecrets: {}\n",
                "data/do.sh": "cat /secrets/hf_access_token\n",
            },
            ("data/do.sh", 1, 5),
        ),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        facts = target.config
        if facts is None:
            return
        declared = facts.declared
        for ref in target.config_secret_refs():
            if not ref.explicit or not ref.required or ref.name in declared:
                continue
            suggestion = closest(ref.name, list(declared))
            hint = (
                render("; did you mean `{name}`?", name=Name(suggestion))
                if suggestion
                else render("; add `{name}: null` under `secrets:`", name=Name(ref.name))
            )
            yield self.diagnostic(
                Path(ref.path) if ref.path else facts.path,
                ref.span,
                render(
                    "{field} names secret `{name}`, which is not declared{hint}",
                    field=_field(ref.field),
                    name=Name(ref.name),
                    hint=hint,
                ),
                secret=ref.name,
            )


def _field(field: str) -> Message:
    """A config field's path (`trt_llm.build.runtime_secret_name`, `base_image.docker_auth.x
    (default)`): its keys come from the file, so each is shown as a Name."""
    path, default, _ = field.partition(" (default)")
    return Message(show_path(tuple(path.split("."))) + (" (default)" if default else ""))
