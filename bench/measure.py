"""Runs one command in a fresh child process and measures its wall time and peak memory.

Peak memory comes from `os.wait4`, which returns the finished child's rusage: on Linux its
`ru_maxrss` covers the child and every descendant it waited for (worker pools included), and it
is per child, unlike `getrusage(RUSAGE_CHILDREN)` in this process, which only ever grows. It is
the resident size of the largest single process, not the sum over a pool's workers.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

OK_EXIT_CODES = (0, 1)  # 1 = "found something" for both tools; 2 and crashes abort the run


class BenchError(Exception):
    """A measured command failed (exit code outside OK_EXIT_CODES): the numbers would be wrong."""


@dataclass(frozen=True)
class Sample:
    """One measured run."""

    seconds: float  # wall clock
    cpu_seconds: float  # user + system, the child and its waited-for descendants
    max_rss_mb: float
    exit_code: int


@dataclass
class Series:
    """Repeated measurements of one command."""

    samples: list[Sample]

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def cpu_median(self) -> float:
        """Median CPU time: less sensitive than wall time to other work on the machine."""
        return statistics.median(s.cpu_seconds for s in self.samples)

    @property
    def low(self) -> float:
        return min(s.seconds for s in self.samples)

    @property
    def high(self) -> float:
        return max(s.seconds for s in self.samples)

    @property
    def peak_mb(self) -> float:
        return max(s.max_rss_mb for s in self.samples)


def run_once(
    argv: Sequence[str],
    cwd: Path,
    *,
    ok: Sequence[int] = OK_EXIT_CODES,
    stdout_path: Path | None = None,
) -> Sample:
    """Run `argv` in `cwd` with output discarded (or written to `stdout_path`); raise on failure."""
    with tempfile.TemporaryFile() as stderr, _stdout(stdout_path) as stdout:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(argv),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        process.returncode = code  # reaped by wait4: tell Popen so it does not wait again
        if code not in ok:
            stderr.seek(0)
            tail = stderr.read().decode("utf-8", errors="replace").strip().splitlines()[-20:]
            raise BenchError(
                f"`{' '.join(argv)}` in {cwd} exited {code}:\n" + "\n".join(tail or ["(no stderr)"])
            )
    return Sample(seconds, usage.ru_utime + usage.ru_stime, _rss_mb(usage.ru_maxrss), code)


def _stdout(path: Path | None) -> io.BufferedWriter:
    """The child's stdout, to be used as a context manager: the given file, else /dev/null."""
    return path.open("wb") if path is not None else open(os.devnull, "wb")


def _rss_mb(max_rss: int) -> float:
    """ru_maxrss in MB: kilobytes on Linux, bytes on macOS."""
    return max_rss / (1024 * 1024) if sys.platform == "darwin" else max_rss / 1024
