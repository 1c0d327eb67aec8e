"""TSL901 unused-noqa."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set
from pathlib import Path
from typing import TYPE_CHECKING

from truss_secret_lint.diagnostic import Diagnostic, Severity, Span
from truss_secret_lint.redact import Message, Name, render, show
from truss_secret_lint.rules.base import Example, Rule
from truss_secret_lint.target import CheckTarget

if TYPE_CHECKING:  # the decide stage, which imports the rules, hands this rule its comments
    from truss_secret_lint.decide import Suppression

_CONFIG = "model_name: m\nsecrets:\n  hf_access_token: None  # noqa: TSL202\n"


class UnusedNoqa(Rule):
    """
    ## What it does
    Reports a `# noqa` comment that suppresses nothing: a bare `# noqa` on a line without
    findings, a code that did not fire on that line, or a code that is not a rule. Off by default;
    enable it with `--extend-select TSL901` (or `select`/`extend-select` in the settings). Codes of
    rules that did not run are not judged.

    ## Why is this bad?
    Suppressions outlive the problem they hid. A stale `# noqa: TSL201` next to a secret default
    silently hides the next credential pasted on that line; reviewers should be able to trust
    that every suppression is still needed.

    ## Example
    ```yaml
    secrets:
      hf_access_token: null  # noqa: TSL202
    ```

    ## Use instead
    ```yaml
    secrets:
      hf_access_token: null
    ```
    """

    code = "TSL901"
    name = "unused-noqa"
    severity = Severity.WARNING
    summary = "a `# noqa` comment that suppresses nothing"
    enabled_by_default = False
    extra_select = ("TSL2",)

    VALID = (Example({"config.yaml": _CONFIG}),)
    INVALID = (
        Example(
            {"config.yaml": "model_name: m\nsecrets:\n  hf_access_token: null  # noqa: TSL202\n"},
            (("config.yaml", 3, 26),),
        ),
        Example(
            {"config.yaml": "model_name: m  # noqa\nsecrets:\n  a: None  # noqa: TSL202, TSL299\n"},
            (("config.yaml", 1, 16), ("config.yaml", 3, 12)),
        ),
    )

    def check(self, target: CheckTarget) -> Iterator[Diagnostic]:
        """Judged by the decide stage (`check_comments`), which knows what was suppressed."""
        return iter(())

    def check_comments(
        self,
        path: Path,
        comments: Mapping[int, Suppression],
        used: Mapping[int, Set[str]],
        ran: Set[str],
        known: Set[str],
    ) -> Iterator[Diagnostic]:
        """Findings for the comments of one file: `used` maps a line to the codes it suppressed,
        `ran` holds the codes of the rules that ran, `known` every rule code."""
        for line, comment in sorted(comments.items()):
            suppressed = used.get(line, set())
            span = Span(line, comment.column, line, comment.column + 1)
            if not comment.codes:
                if not suppressed:
                    yield self.diagnostic(
                        path, span, Message("`# noqa` suppresses nothing on this line")
                    )
                continue
            unused = [
                code
                for code in comment.codes
                if code not in suppressed and (code in ran or code not in known)
            ]
            if unused:
                what = ", ".join(
                    show(Name(code)) + (" (not a rule)" if code not in known else "")
                    for code in unused
                )
                yield self.diagnostic(
                    path, span, render("unused `# noqa` codes: {what}", what=Message(what))
                )
