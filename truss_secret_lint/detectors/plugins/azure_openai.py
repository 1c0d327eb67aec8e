"""Azure OpenAI keys — only under their usual names (`AZURE_OPENAI_API_KEY`, `AZURE_OPENAI_KEY`).

Source: Microsoft's Azure OpenAI quickstarts (learn.microsoft.com, "Quickstart: chat completions";
`AZURE_OPENAI_API_KEY`, `AZURE_OPENAI_KEY`): a resource key is 32 hex characters (84 letters
and digits in the newer format) with no prefix, so it is reported only when assigned to one of
those names; elsewhere the linter's secret-name + randomness rules decide.
"""

from __future__ import annotations

from truss_secret_lint.detectors.plugins._base import TrussRegexDetector, named_assignment


class AzureOpenAIKeyDetector(TrussRegexDetector):
    """Scans for Azure OpenAI keys assigned to an Azure OpenAI key name."""

    secret_type = "Azure OpenAI API Key"
    denylist = (
        named_assignment(
            r"azure[_\-.]?openai[_\-.]?(?:api[_\-.]?)?key", "[0-9a-fA-F]{32}|[A-Za-z0-9]{84}"
        ),
    )
