"""TSL203 credential-in-config."""

from __future__ import annotations

from collections.abc import Iterator

from truss_secret_lint.config_facts import ConfigFacts
from truss_secret_lint.detectors.text_scan import credentials_in_text
from truss_secret_lint.detectors.verdict import free_text_verdict, named_value_verdict
from truss_secret_lint.diagnostic import Diagnostic, Severity
from truss_secret_lint.redact import Message, render, show_path
from truss_secret_lint.rules.base import Rule, config
from truss_secret_lint.target import CheckTarget

_HF = "hf_" + "Pq4Lm8Zx2Wv6Rt0Yn3Kb7Jc5Hd9Gf1As" + "Qe"
_RANDOM = "mQ7v" + "Zt2kX9pL4wR8nB3yH6cJ1fD5sG0a"
# The ML providers' keys (detectors/plugins; README "Credential shapes"): by their shape, and for
# providers whose keys have none (Mistral, Together, Deepgram, Azure OpenAI) by the variable name
# plus randomness. Split literals: no whole token stands in this file.
_ML_KEYS = (
    (
        "OPENROUTER_API_KEY",
        "sk-or-" + "v1-f5ea2f2fb6d01b8fe2bc8b1d533e5004193d57994d1aecdeb7ff77874a13bfd3",
    ),
    ("FIREWORKS_API_KEY", "fw_EIn" + "yI0NfmxarBVsQ9IS0JaBQ"),
    ("PERPLEXITY_API_KEY", "pplx-v" + "TqCkApttEJ1h9s0cjzxfy95FZVR4tt5gRc7cI87kB6YrOr7"),
    (
        "XAI_API_KEY",
        "xai-sQ" + "7ASSprgDxD8slxgpEzR4nZg4pxyLgZjkl2dCltQsAhDPQ928GrSs6G75vsWbVrOnjrDjsE61RSVcA7",
    ),
    ("DEEPSEEK_API_KEY", "sk-9d8" + "f61d577da8031bb8ef6b501367e97"),
    ("LANGSMITH_API_KEY", "lsv2_p" + "t_c43bb944fd7a689280b52bacad3f8bd2_0cecf31eb2"),
    (
        "PINECONE_API_KEY",
        "pcsk_9" + "bS61v_soEnYTeHkVf3D44g4TmpnLKCdeLEYLtNdtUUPQ0WYfGqpB6OqCkCH5yEUMl7aXNz",
    ),
    ("ELEVENLABS_API_KEY", "sk_e7b" + "6ce49361f07fa96e0a091bd301b806b9568078c8b45ee"),
    ("MODAL_TOKEN_ID", "ak-fNw" + "xgoxmVS3jQThy9AbHPC"),
    ("DATABRICKS_TOKEN", "dapid7" + "18c7763f3e79951e3ea5adab58c44c"),
    (
        "STRIPE_KEY",
        "sk_tes"
        + "t_4ju0TmgOasuJXdxCj2dupz04JNTj5FgdK2vLzSDhfATG9WZlH0fKy6oszRRyd"
        + "oTskEgH1P0Obexlb7lKOiPhTh36eCzpoLSEbY6",
    ),
    ("MISTRAL_API_KEY", "ih7FMT" + "HQsILuUu7qGNic5NihF0bjk72v"),
    ("TOGETHER_API_KEY", "16916c" + "e2498b8548541087947d7e837ad6e835b17286376aa07e8ca1d44a6820"),
    ("DEEPGRAM_API_KEY", "da7cad" + "81e90f6155faecbbf17021f6646b24c4d7"),
    ("AZURE_OPENAI_API_KEY", "e38dd1" + "79a4e967e72aab07c39dc66c96"),
)
# Documentation placeholders with a credential's shape: one plausibility policy drops them all.
_PLACEHOLDERS = (
    ("AWS_ACCESS_KEY_ID", "AKIAXXXXXXXXXXXXXXXX"),
    ("AWS_KEY", "AKIAIOSFODNN7" + "EXAMPLE"),
    ("SLACK_BOT_TOKEN", "xoxb-12345-abcd234"),
    ("SLACK_TOKEN", "xoxb-Your" + "TokenHere"),
    ("GOOGLE_API_KEY", "AIza" + "a" * 35),
    ("HF_TOKEN", "hf_" + "YourAccessTokenGoesHere"),
)


def _environment(pairs: tuple[tuple[str, str], ...]) -> str:
    return "environment_variables:\n" + "".join(f"  {key}: {value}\n" for key, value in pairs)


def _value_positions(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[int, int], ...]:
    return tuple((line, len(key) + 5) for line, (key, _) in enumerate(pairs, start=2))


_SHA = "5f0b02c75b57c5855da9ae460ce51323ea669d8a"


class CredentialInConfig(Rule):
    """
    ## What it does
    Reports a credential-looking value anywhere in `config.yaml` outside `secrets:` —
    `environment_variables`, `model_metadata`, `docker_server.start_command`, `build_commands`,
    … Outside the secrets block only specific token shapes count, or a random-looking value under
    a secret-like key (`HF_TOKEN`, `api_key`); git commit SHAs (`revision:`), image digests,
    base64 example inputs and secret NAMES (`runtime_secret_name: hf_access_token`) are not
    reported. Comments are committed text too: a token shape, a URL with credentials or a
    random-looking value after a secret-like name (`# HF_TOKEN: ...`) in any comment of
    `config.yaml` is reported by this rule (in Python comments by TSL304).

    A `config.yaml` that cannot be parsed (TSL001: a syntax error, a tab, nesting too deep, too
    many nodes) is still searched: every line of its text goes through the credential detectors,
    and a random-looking value right after a secret-like name (`HF_TOKEN: …`) counts too. Such
    findings are reported here, at their real line and column, for the whole file (or, when only
    the first of several documents was read, from the second on), so a baselined TSL001 never
    hides a token added to the file later.

    ## Why is this bad?
    The whole `config.yaml` is copied into the build context and the image, uploaded on push,
    visible to the model and shown in the UI. `environment_variables` in particular is described
    by truss as "Do not store secret values here"; tokens in `start_command` or `build_commands`
    are baked into the image.

    ## Example
    ```yaml
    environment_variables:
      HF_TOKEN: hf_vXFyiB4njlL0MTzdcuV3RsejEr91bPzGco
    ```

    ## Use instead
    ```yaml
    secrets:
      hf_access_token: null
    ```
    and read it from the secrets object (or `/secrets/hf_access_token` in a custom server).
    """

    code = "TSL203"
    name = "credential-in-config"
    severity = Severity.ERROR
    summary = "a credential-looking value elsewhere in config.yaml"

    VALID = (
        config(_environment(_PLACEHOLDERS)),
        config(
            f"model_cache:\n  - repo_id: meta-llama/Llama-3.1-8B\n    revision: {_SHA}\n"
            "    runtime_secret_name: hf_access_token\n"
        ),
        config("environment_variables:\n  MAX_TOKENS: '4096'\n"),
        # a file that does not parse but holds nothing credential-shaped
        config("secrets:\n\thf_access_token: null\nmodel_name: bert\n"),
        config(
            "# weights: https://huggingface.co/meta-llama/Llama-3.1-8B  # gated: needs a token\n"
            "secrets:\n  hf_access_token: null  # set it in the workspace, never here\n"
            "model_metadata:\n  note: 'use #hashtags freely'\n"
        ),
        config(
            'docker_server:\n  start_command: sh -c "HF_TOKEN=$(cat /secrets/hf_access_token) '
            'vllm serve"\n'
        ),
    )
    INVALID = (
        config(_environment(_ML_KEYS), *_value_positions(_ML_KEYS)),
        config(f"environment_variables:\n  HF_TOKEN: {_HF}\n", (2, 13)),
        config(f"environment_variables:\n  WANDB_API_KEY: '{_RANDOM}'\n", (2, 18)),
        config(
            f'docker_server:\n  start_command: "HF_TOKEN={_HF} vllm serve"\n',
            (2, 18),
        ),
        config(f"model_metadata:\n  example:\n    token: {_HF}\n", (3, 12)),
        # the file does not parse (a tab); its text is still searched, and inside `secrets:`
        config(f"secrets:\n\thf_access_token: {_HF}\n", (2, 19)),
        # an unterminated quote: the token after it, and a random value under a secret-like name
        config(f'model_name: "m\nenvironment_variables:\n  WANDB_API_KEY: {_RANDOM}\n', (3, 18)),
        # only the first of two documents is read: the second is searched as text
        config(f"model_name: a\n---\nenv:\n  token: x {_HF}\n", (4, 12)),
        config(
            f"secrets:\n  hf_access_token: null  # was {_HF}\n"
            f"# requirements:\n#   - git+https://{_HF}@github.com/acme/lib.git\n"
            f"environment_variables: {{}}  # WANDB_API_KEY: {_RANDOM}\n",
            (2, 26),
            (4, 1),
            (5, 28),
        ),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        facts = target.config
        if facts is None:
            return
        for hit in credentials_in_text(facts.source, facts.first_unparsed_line):
            yield self.diagnostic(
                facts.path,
                hit.span,
                render(
                    "a credential ({verdict}) in a file that cannot be parsed; declare a secret "
                    "and read it at runtime instead",
                    verdict=hit.verdict.describe(),
                ),
                value=hit.text,
            )
        yield from self._comments(facts)
        for item in facts.strings:
            verdict = named_value_verdict(item.key_name, item.text)
            if verdict is None:
                continue
            yield self.diagnostic(
                facts.path,
                item.span,
                render(
                    "`{where}` holds a credential ({verdict}); declare a secret and read "
                    "it at runtime instead",
                    where=Message(show_path(item.path)),
                    verdict=verdict.describe(),
                ),
                value=item.text,
            )

    def _comments(self, facts: ConfigFacts) -> Iterator[Diagnostic]:
        """Credentials in the comments of a config.yaml that parsed (a file that does not parse
        is text-scanned elsewhere)."""
        for comment in facts.comments:
            verdict = free_text_verdict(comment.text)
            if verdict is not None:
                yield self.diagnostic(
                    facts.path,
                    comment.span,
                    render(
                        "a comment holds a credential ({verdict}); remove it and rotate it",
                        verdict=verdict.describe(),
                    ),
                    value=comment.text,
                )
