"""TSL205 committed-local-secrets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from truss_secret_lint.config_facts import ScalarValue
from truss_secret_lint.detectors.text_scan import credentials_in_text
from truss_secret_lint.diagnostic import Diagnostic, Severity, Span
from truss_secret_lint.redact import Name, Value, render
from truss_secret_lint.rules.base import Example, Rule
from truss_secret_lint.target import CheckTarget, LocalStore, StoreKind

# Matched line by line from the line start; the value ends at its last non-blank character
# (blanks and non-blanks alternate, so no backtracking: linear on a long line of spaces).
_API_KEY_LINE = re.compile(
    r"[ \t]*(?:api_key|apikey|api-key)[ \t]*[=:][ \t]*(?P<value>\S*(?:[ \t]+\S+)*)", re.I
)
_KEY = "Ab3dEf7h" + "." + "Jk2mNp5qRs8tUv1wXy4zAb6cDe9fGh0i"
_HF = "hf_" + "Rm5Tq8Wz1Xk4Lp7Vn2Yb6Jc0Hd3Gf9As" + "Pe"


class CommittedLocalSecrets(Rule):
    """
    ## What it does
    Reports a local secret store inside the checked tree: a `.truss/config.yaml` that holds
    values under `secrets:` (truss's local config: `secrets` and `use_sudo`), or a `.trussrc`
    with an `api_key`. Each value is reported (first 4 characters and length only).

    The store is read as hostile input: every non-null value under `secrets:` counts, whatever
    its type or tag (an int PIN, `!!str …`, `!custom …`) and however deep it sits (a token
    inside a list); an `api_key` whose value is on INI continuation lines below the key is
    found there. Beyond that, the whole text of either file goes through the credential
    detectors (for `.truss/config.yaml`: the part its YAML parser could not read), so a token
    anywhere in a store — or in one that does not parse — is reported here too.

    ## Why is this bad?
    `~/.truss/config.yaml` is where truss reads real secret values for local runs, and `.trussrc`
    holds the platform API key that can deploy and delete models. Both belong in the home
    directory. Inside a repository they are one `git add .` away from being public, and once
    committed the values stay in git history: rotate them.

    ## Example
    A repository containing `.truss/config.yaml`:
    ```yaml
    secrets:
      hf_access_token: hf_vXFyiB4njlL0MTzdcuV3RsejEr91bPzGco
    ```

    ## Use instead
    Keep the file in your home directory (`~/.truss/config.yaml`, `~/.trussrc`), add both names
    to `.gitignore`, or use `TRUSS_SECRET_<name>` environment variables.
    """

    code = "TSL205"
    name = "committed-local-secrets"
    severity = Severity.ERROR
    summary = "a local secret store inside the checked tree"

    VALID = (
        Example({".truss/config.yaml": "secrets:\n  hf_access_token: null\n"}),
        Example({".trussrc": "[baseten]\nremote_provider = baseten\napi_key =\n"}),
        Example({".trussrc": "[baseten]\napi_key =\nremote_url = https://app.baseten.co\n"}),
        Example(
            {".truss/config.yaml": "secrets:\n  a: ~\n  b: ''\n  c: !!null ''\nuse_sudo: true\n"}
        ),
    )
    INVALID = (
        Example(
            {".truss/config.yaml": "secrets:\n  hf_access_token: hf_" + "q" * 6 + "x" * 30 + "\n"},
            ((".truss/config.yaml", 2, 20),),
        ),
        Example(
            {".trussrc": f"[baseten]\nremote_url = https://app.baseten.co\napi_key = {_KEY}\n"},
            ((".trussrc", 3, 11),),
        ),
        # an int PIN, a token inside a list, tagged values
        Example(
            {".truss/config.yaml": "secrets: {db_pin: 483920}\n"}, ((".truss/config.yaml", 1, 19),)
        ),
        Example(
            {".truss/config.yaml": f"secrets:\n  tokens:\n    - {_KEY}\n"},
            ((".truss/config.yaml", 3, 7),),
        ),
        Example(
            {".truss/config.yaml": "secrets:\n  a: !!str 4839\n  b: !custom hunter2\n"},
            ((".truss/config.yaml", 2, 6), (".truss/config.yaml", 3, 6)),
        ),
        # the api key on an INI continuation line
        Example(
            {".trussrc": f"[baseten]\napi_key =\n    {_KEY}\nremote_provider = baseten\n"},
            ((".trussrc", 3, 5),),
        ),
        # a store that does not parse (a tab) is searched as text
        Example(
            {".truss/config.yaml": f"secrets:\n\thf_access_token: {_HF}\n"},
            ((".truss/config.yaml", 2, 19),),
        ),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        for store in target.stores:
            if store.kind is StoreKind.TRUSSRC:
                found = list(self._check_trussrc(store))
                first_line = 1  # no parser: the whole text is searched
            else:
                found = list(self._check_truss_config(store))
                first_line = store.config.first_unparsed_line if store.config is not None else 1
            yield from found
            taken = [d.span for d in found]
            for hit in credentials_in_text(store.source, first_line):
                if any(_overlap(hit.span, span) for span in taken):
                    continue
                yield self.diagnostic(
                    store.path,
                    hit.span,
                    render(
                        "a local secret store holds a credential ({verdict}); keep the file in "
                        "your home directory and rotate the credential",
                        verdict=hit.verdict.describe(),
                    ),
                    value=hit.text,
                )

    def _check_trussrc(self, store: LocalStore) -> Iterator[Diagnostic]:
        """`api_key` in any section, its value on the key's line or on the INI continuation
        lines below it (more indented, as configparser reads them)."""
        lines = store.source.lines
        number = 0
        while number < len(lines):
            line = lines[number]
            number += 1
            match = _API_KEY_LINE.match(line)
            if match is None:
                continue
            parts = []
            if match.group("value"):
                parts.append((number, match.start("value"), match.group("value")))
            indent = len(line) - len(line.lstrip())
            while number < len(lines):
                below = lines[number]
                stripped = below.strip()
                if stripped and len(below) - len(below.lstrip()) <= indent:
                    break
                number += 1
                if stripped and not stripped.startswith(("#", ";")):
                    parts.append((number, below.index(stripped), stripped))
            for line_number, offset, value in parts:
                column = offset + 1
                yield self.diagnostic(
                    store.path,
                    Span(line_number, column, line_number, column + len(value)),
                    render(
                        "`.trussrc` with a platform API key ({value}) is in the checked tree; "
                        "keep it in your home directory and rotate the key",
                        value=Value(value),
                    ),
                    value=value,
                )

    def _check_truss_config(self, store: LocalStore) -> Iterator[Diagnostic]:
        """Every value under `secrets:`, whatever its type or tag (an int PIN,
        `!!str x`, `!custom x`) and however deep (a token inside a list)."""
        facts = store.config
        if facts is None:
            return
        for item in facts.scalars_below("secrets"):
            if _is_empty(item):
                continue
            value = item.text
            name = item.key_name or "secrets"
            yield self.diagnostic(
                store.path,
                item.span,
                render(
                    "a local secret store holds a value for `{name}` ({value}); keep "
                    "`.truss/config.yaml` in your home directory and rotate the value",
                    name=Name(name),
                    value=Value(value),
                ),
                secret=name,
                value=value,
            )


def _is_empty(item: ScalarValue) -> bool:
    """A value that holds nothing: null, `""`, `***` (an untagged or `!!null` scalar)."""
    return item.is_null or (item.kind == "str" and item.text in ("", "***"))


def _overlap(a: Span, b: Span) -> bool:
    return a.line == b.line and a.column < b.end_column and b.column < a.end_column
