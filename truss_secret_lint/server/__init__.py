"""`truss-secret-lint server`: a Language Server Protocol server over stdio for editors.

It needs the optional `server` extra (pygls and lsprotocol); without it the command prints one
line and exits 2. The modules: `checking` runs the CLI's engine on an editor's unsaved buffers
(no LSP types), `convert` turns its findings, fixes and docs into LSP values, `app` wires them to
pygls, and `quiet_logs` keeps any log line free of values.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

EXIT_ERROR = 2
MISSING_EXTRA = (
    "truss-secret-lint: error: the language server needs the `server` extra: "
    "pip install 'truss-secret-lint[server]'"
)
USAGE = "usage: truss-secret-lint server [--stdio] [--debounce-ms N]"
DEFAULT_DEBOUNCE_MS = 25


def run(args: Sequence[str]) -> int:
    """Run the server on stdin/stdout until the editor says exit; returns the exit status."""
    debounce_ms = DEFAULT_DEBOUNCE_MS
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--stdio":  # what generic LSP clients pass; stdio is the only transport
            continue
        if arg == "--debounce-ms" and rest and rest[0].isdigit():
            debounce_ms = int(rest.pop(0))
            continue
        print(f"truss-secret-lint: error: {USAGE}", file=sys.stderr)
        return EXIT_ERROR
    try:
        import lsprotocol.types  # noqa: F401
        import pygls.lsp.server  # noqa: F401
    except ImportError:
        print(MISSING_EXTRA, file=sys.stderr)
        return EXIT_ERROR
    from truss_secret_lint.server.app import serve

    return serve(debounce_ms / 1000)
