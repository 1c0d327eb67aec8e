"""Where a CI run's CPU time goes, per Truss: YAML, detectors, nesting guard, parse, positions,
analysis, rules, output (issue #15).

Runs the linter in this process on a directory (one job, no cache), with a CPU-time counter
(`time.process_time`) around each stage's entry point, after one unmeasured run. Time is
exclusive: a stage called from inside another (the detectors from a rule, positions from the
analysis) is counted for itself only. `parse` is libcst's parse and CPython's syntax check,
without the nesting guard and the positions; `positions` is the statement pairing at parse time
plus every look-up. Whatever no counter covers (discovery, reading files, the decisions after the
rules) is `other`; start-up (imports) is measured separately, as a `--version` run in a fresh
process.

    python bench/stages.py DIR [--repeat N]

Prints a Markdown table of milliseconds per Truss (the median of N runs).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

STAGES = (
    "yaml",
    "detectors",
    "nesting guard",
    "parse",
    "positions",
    "analysis",
    "rules",
    "output",
    "other",
)


class Clock:
    """Exclusive CPU time per stage: entering a stage pauses the one it was called from."""

    def __init__(self) -> None:
        self.spent = dict.fromkeys(STAGES, 0.0)
        self.stack = ["other"]
        self.since = time.process_time()

    def _switch(self, stage: str | None) -> None:
        now = time.process_time()
        self.spent[self.stack[-1]] += now - self.since
        self.since = now
        if stage is None:
            self.stack.pop()
        else:
            self.stack.append(stage)

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self._switch(name)
        try:
            yield
        finally:
            self._switch(None)

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                return function(*args, **kwargs)

        return timed


def _instrument(clock: Clock) -> None:
    """Wrap each stage's entry points, in every module that holds a reference to them."""
    import truss_secret_lint.cli  # noqa: F401 (loads the modules whose references are replaced)
    from truss_secret_lint import config_facts, detectors, engine, report
    from truss_secret_lint.code_facts import analysis, parse, positions, syntax

    stages = {
        "parse": (parse.parse_module, syntax.syntax_failure),
        "nesting guard": (syntax.nesting_problem,),
        "positions": (positions.node_offsets, *_optional("code_facts.anchors", "layout_of")),
        "analysis": (analysis.analyze,),
        "yaml": (config_facts.analyze_config,),
        "rules": (engine.check_target,),
        "detectors": (
            detectors.find_credentials,
            detectors.find_url_credentials,
            detectors.is_random_looking,
        ),
    }
    for stage, functions in stages.items():
        for function in functions:
            _replace_everywhere(function, clock.wrap(stage, function))
    lazy = getattr(positions, "Positions", None)  # absent before positions became lazy
    if lazy is not None:
        lazy.offsets = clock.wrap("positions", lazy.offsets)
    formatter = report.formatter
    report.formatter = lambda name: clock.wrap("output", formatter(name))


def _optional(module: str, name: str) -> tuple[object, ...]:
    """A function that older versions lack (to profile them with this script too)."""
    import importlib

    try:
        return (getattr(importlib.import_module(f"truss_secret_lint.{module}"), name),)
    except (ImportError, AttributeError):
        return ()


def _replace_everywhere(original: object, replacement: object) -> None:
    for module in list(sys.modules.values()):
        if module is None or not getattr(module, "__name__", "").startswith("truss_secret_lint"):
            continue
        for name, value in list(vars(module).items()):
            if value is original:
                setattr(module, name, replacement)


def measure(directory: str, repeat: int) -> tuple[list[dict[str, float]], int]:
    """Exclusive CPU seconds per stage of `repeat` runs (after an unmeasured one that pays
    for the imports), and the number of Trusses checked."""
    from truss_secret_lint.cli import main
    from truss_secret_lint.engine import discover, plan
    from truss_secret_lint.settings import Settings

    def run() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            main(["--no-cache", "--jobs", "1", directory])

    run()
    clock = Clock()
    _instrument(clock)
    runs = []
    for _ in range(repeat):
        clock.spent = dict.fromkeys(STAGES, 0.0)
        with clock.stage("other"):
            run()
        runs.append(dict(clock.spent))
    trusses = sum(unit.kind == "truss" for unit in plan(discover([directory]), Settings()))
    return runs, trusses


def start_up() -> float:
    """CPU seconds of `truss-secret-lint --version` in a fresh process (imports, start-up)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "-m", "truss_secret_lint", "--version"], check=True, capture_output=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args(argv)
    runs, trusses = measure(options.directory, options.repeat)
    total = statistics.median(sum(run.values()) for run in runs)
    print(f"| stage | ms per Truss | share |  ({trusses} Trusses, median of {len(runs)} runs)")
    print("|---|--:|--:|")
    for stage in STAGES:
        value = statistics.median(run[stage] for run in runs)
        print(f"| {stage} | {value / trusses * 1000:.2f} | {value / total:.0%} |")
    print(f"| total (one job) | {total / trusses * 1000:.2f} | 100% |")
    print(f"| start-up (`--version`, once per run) | {start_up() * 1000:.0f} ms | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
