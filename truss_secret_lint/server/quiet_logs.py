"""Logging for the server: warnings and errors only, one scrubbed line each, on stderr.

pygls logs every message it sends at INFO (diagnostics, edits) and, on an error, the exception
with its traceback — whose text can quote a checked file. Editors show the server's stderr in an
output panel, so every record goes through `safe_line`: the first line of its message with
credential shapes redacted and control characters escaped, without the traceback (unless
TSL_DEBUG=1, as for the command line).
"""

from __future__ import annotations

import logging
import os
import sys

PREFIX = "truss-secret-lint server"


def safe_line(text: str) -> str:
    """One printable line of `text` with every credential shape redacted, at most 200 chars."""
    from truss_secret_lint.redact import printable, scrub_text

    first = text.strip().splitlines()[0] if text.strip() else ""
    try:
        return printable(scrub_text(first))[:200]
    except Exception:  # the detectors themselves failed: say nothing rather than the text
        return ""


class _ScrubbingHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = safe_line(record.getMessage())
        except Exception:
            message = ""
        line = f"{PREFIX}: {record.levelname.lower()}: {record.name}: {message}\n"
        try:
            sys.stderr.write(line)
            if record.exc_info and os.environ.get("TSL_DEBUG") == "1":
                import traceback

                sys.stderr.write("".join(traceback.format_exception(*record.exc_info)))
            sys.stderr.flush()
        except (OSError, ValueError):
            pass


def install() -> None:
    """Route every log record (pygls' and ours) through the scrubbing handler, WARNING and up."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_ScrubbingHandler())
    root.setLevel(logging.WARNING)
    for name in ("pygls", "lsprotocol", "asyncio"):
        logging.getLogger(name).setLevel(logging.WARNING)


def log_error(where: str, error: BaseException) -> None:
    """Log a failure as one scrubbed line (its type and first line)."""
    logging.getLogger("truss_secret_lint.server").error(
        "%s: %s: %s", where, type(error).__name__, safe_line(str(error))
    )
