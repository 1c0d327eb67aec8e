"""A forked helper process that imports libcst while the main process does everything else.

In a pre-commit run on one Truss, importing libcst costs more than all the other work together
(about 0.1 s of class creation), and it can only start once the code is known to need parsing.
On a machine with more than one core the CLI forks this helper first thing; the helper imports
the libcst pass while the main process imports the YAML parser, reads the config and runs the
config rules, then analyses the Python files it is sent and returns their facts. If anything
about the helper fails, the main process analyses the files itself: the helper only ever saves
time. POSIX only (it relies on `os.fork`); large runs use the process pool instead.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from truss_secret_lint.target import CheckTarget

_worker: _Worker | None = None


class _Worker:
    """The parent's handle on the helper: two pipes and a pid."""

    def __init__(self, pid: int, requests: int, replies: int) -> None:
        self.pid = pid
        self.requests = requests
        self.replies = replies
        self.used = False


def start() -> None:
    """Fork the helper (once, and only where forking is safe and there is a core to spare)."""
    global _worker  # noqa: PLW0603 - one helper per process, by design
    if _worker is not None or sys.platform != "linux" or (os.cpu_count() or 1) < 2:
        return
    request_read, request_write = os.pipe()
    reply_read, reply_write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (request_read, request_write, reply_read, reply_write):
            os.close(fd)
        return
    if pid == 0:  # the helper: never returns into the caller
        status = 0
        try:
            os.close(request_write)
            os.close(reply_read)
            _serve(request_read, reply_write)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(request_read)
    os.close(reply_write)
    _worker = _Worker(pid, request_write, reply_read)


def _serve(requests: int, replies: int) -> None:
    import truss_secret_lint.code_facts  # noqa: F401 - the point of the helper
    from truss_secret_lint.python_pass import analyze_python_files_here
    from truss_secret_lint.target import CheckTarget

    with os.fdopen(requests, "rb") as inbox, os.fdopen(replies, "wb") as outbox:
        try:
            root, files, model_class_name = pickle.load(inbox)
        except EOFError:
            return
        target = CheckTarget(root, python=files)
        analyze_python_files_here(target, model_class_name=model_class_name)
        pickle.dump((target.python, target.unfollowed_outgoing), outbox)


def analyze_remotely(target: CheckTarget, model_class_name: str | None) -> bool:
    """Have the helper analyse the target's Python files; False when there is no helper (or it
    failed), in which case the caller analyses them itself. The helper serves one request."""
    global _worker  # noqa: PLW0603
    worker = _worker
    if worker is None or worker.used:
        return False
    worker.used = True
    try:
        with os.fdopen(worker.requests, "wb") as outbox:
            pickle.dump((target.root, target.python, model_class_name), outbox)
        with os.fdopen(worker.replies, "rb") as inbox:
            reply: Any = pickle.load(inbox)
        files, unfollowed = reply
    except (OSError, EOFError, pickle.PickleError, ValueError, TypeError):
        return False
    finally:
        _reap(worker)
        _worker = None
    target.python = files
    target.unfollowed_outgoing = unfollowed
    return True


def stop() -> None:
    """Release an unused helper without waiting for its import to finish."""
    global _worker  # noqa: PLW0603
    worker = _worker
    _worker = None
    if worker is None or worker.used:
        return
    for fd in (worker.requests, worker.replies):
        with contextlib.suppress(OSError):
            os.close(fd)
    with contextlib.suppress(OSError):
        os.kill(worker.pid, signal.SIGKILL)
    _reap(worker)


def _reap(worker: _Worker) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(worker.pid, 0)
