"""Turns the measurements into the Markdown report: machine, timings table, leak check, targets.

The targets are issue #5's: each is printed with its measured value and PASS/FAIL, so a reader
of a pasted report does not need to redo any arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from measure import Series

HOOK_LIMIT = 1.3  # hook median ≤ 1.3 x detect-secrets-hook
HOOK_CONFIG_LIMIT = 0.8  # hook, config.yaml changed (model.py's facts cached) ≤ 0.8 x
CI_LIMIT = 0.4  # CI median ≤ 0.4 x detect-secrets scan at N = 1,000
CI_TARGET_SIZE = 1000
LINEARITY_SLACK = 1.1  # time(5N)/time(N) ≤ 5.5: 10% over linear
MEMORY_LIMIT_MB = 200.0  # peak RSS at the largest N (5,000)
REPEAT_LIMIT = 0.05  # repeated (cached) run ≤ 0.05 x detect-secrets scan


@dataclass
class Pair:
    """One case measured for both tools, interleaved."""

    case: str
    size: int | None  # Trusses in the corpus; None for the hook case
    files: int
    tsl: Series
    ds: Series
    planted: int | None = None  # planted leaks (None: not a synthetic corpus)
    found: int | None = None  # TSL201 findings in the verification run
    other_findings: int | None = None  # every other finding in that run
    repeated: Series | None = None  # truss-secret-lint again over unchanged files

    @property
    def ratio(self) -> float:
        return self.tsl.median / self.ds.median


@dataclass
class HistoryRun:
    """The history cases (`history_cases.py`): what was scanned, and the pairs."""

    note: str
    pairs: list[Pair]


@dataclass
class Results:
    """Everything one invocation measured."""

    machine: dict[str, str]
    repeats: dict[str, int]
    hook: Pair
    ci: list[Pair] = field(default_factory=list)
    hook_edits: list[Pair] = field(default_factory=list)
    history: HistoryRun | None = None


def render(results: Results) -> str:
    """The whole report as Markdown."""
    lines = ["# truss-secret-lint vs detect-secrets", ""]
    lines += [f"- {key}: {value}" for key, value in results.machine.items()]
    lines += [
        f"- repeats: hook {results.repeats['hook']}, CI {results.repeats['ci']} "
        "(paired, interleaved, order alternating); times are wall-clock medians (min-max);",
        "  CPU is user + system time of the process tree (median); memory is the peak RSS of "
        "the largest process of a run (`ru_maxrss` via `wait4`), max over its runs",
        "",
        "| case | Trusses | files | truss-secret-lint s | detect-secrets s | ratio "
        "| tsl CPU s | ds CPU s | tsl peak MB | ds peak MB |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for pair in [results.hook, *results.hook_edits, *results.ci]:
        lines.append(_row(pair.case, pair, pair.tsl))
        if pair.repeated is not None:
            lines.append(_row(f"{pair.case}, repeated run", pair, pair.repeated))
    lines += ["", *_leak_lines(results.ci), ""]
    if results.history is not None:
        lines += [*_history_lines(results.history), ""]
    lines += _target_lines(results)
    return "\n".join(lines) + "\n"


def _history_lines(history: HistoryRun) -> list[str]:
    """The history table: detect-secrets over `git log -p` text (see history_cases.py)."""
    lines = [
        "History (`truss-secret-lint history`; detect-secrets over the `git log -p` text of the "
        f"same refs and paths): {history.note}",
        "",
        "| case | commits | truss-secret-lint s | detect-secrets s | ratio "
        "| tsl CPU s | ds CPU s | tsl peak MB | ds peak MB |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for pair in history.pairs:
        lines.append(
            f"| {pair.case} | {pair.files:,} | {_spread(pair.tsl)} | {_spread(pair.ds)} "
            f"| {pair.ratio:.2f}x | {pair.tsl.cpu_median:.2f} | {pair.ds.cpu_median:.2f} "
            f"| {pair.tsl.peak_mb:.0f} | {pair.ds.peak_mb:.0f} |"
        )
    return lines


def _row(case: str, pair: Pair, tsl: Series) -> str:
    size = "1" if pair.size is None else f"{pair.size:,}"
    return (
        f"| {case} | {size} | {pair.files:,} | {_spread(tsl)} | {_spread(pair.ds)} "
        f"| {tsl.median / pair.ds.median:.2f}x | {tsl.cpu_median:.2f} | {pair.ds.cpu_median:.2f} "
        f"| {tsl.peak_mb:.0f} | {pair.ds.peak_mb:.0f} |"
    )


def _spread(series: Series) -> str:
    return f"{series.median:.3f} ({series.low:.3f}-{series.high:.3f})"


def _leak_lines(pairs: list[Pair]) -> list[str]:
    lines = ["Leak check (one unmeasured `--format json` run per corpus):", ""]
    for pair in pairs:
        planted = "—" if pair.planted is None else str(pair.planted)
        label = pair.case if pair.size is None else f"{pair.case} N={pair.size:,}"
        lines.append(
            f"- {label}: planted {planted}, found {pair.found} "
            f"(TSL201); other findings: {pair.other_findings}"
        )
    return lines


def _target_lines(results: Results) -> list[str]:
    lines = ["## Targets", "", "| target | measured | limit | result |", "|---|--:|--:|---|"]

    def add(name: str, measured: float | None, limit: float, unit: str = "x") -> None:
        if measured is None:
            lines.append(f"| {name} | not measured | {limit:g}{unit} | SKIP |")
            return
        verdict = "PASS" if measured <= limit else "FAIL"
        lines.append(f"| {name} | {measured:.2f}{unit} | {limit:g}{unit} | {verdict} |")

    add("hook: median vs detect-secrets-hook", results.hook.ratio, HOOK_LIMIT)
    for pair in results.hook_edits:
        if pair.case.startswith("hook, config.yaml changed"):
            add(
                "hook, config.yaml changed (facts cached): median vs detect-secrets-hook",
                pair.ratio,
                HOOK_CONFIG_LIMIT,
            )
    synthetic = sorted(
        (p for p in results.ci if p.planted is not None and p.size), key=lambda p: p.size or 0
    )
    ci = _at_size(synthetic, CI_TARGET_SIZE)
    if ci is not None:
        add(f"CI at N={ci.size:,}: median vs detect-secrets scan", ci.ratio, CI_LIMIT)
        if ci.repeated is not None:
            add(
                f"repeated run at N={ci.size:,}: median vs detect-secrets scan",
                ci.repeated.median / ci.ds.median,
                REPEAT_LIMIT,
            )
    linear = _linearity(synthetic)
    if linear is not None:
        small, big, ratio = linear
        limit = LINEARITY_SLACK * big.size / small.size  # type: ignore[operator]
        add(f"linearity: time(N={big.size:,}) / time(N={small.size:,})", ratio, limit)
    if synthetic:
        largest = synthetic[-1]
        peak = max(largest.tsl.peak_mb, largest.repeated.peak_mb if largest.repeated else 0.0)
        add(f"peak memory at N={largest.size:,}", peak, MEMORY_LIMIT_MB, " MB")
    missed = [p for p in synthetic if p.found != p.planted]
    lines.append(
        "| planted leaks reported (TSL201) | "
        + ("all" if not missed else ", ".join(f"{p.found}/{p.planted}" for p in missed))
        + f" | all | {'PASS' if not missed else 'FAIL'} |"
    )
    return lines


def _at_size(pairs: list[Pair], size: int) -> Pair | None:
    """The pair at `size`, else the largest smaller one (a --quick run), else the smallest."""
    exact = [p for p in pairs if p.size == size]
    smaller = [p for p in pairs if (p.size or 0) < size]
    chosen = exact or smaller[-1:] or pairs[:1]
    return chosen[0] if chosen else None


def _linearity(pairs: list[Pair]) -> tuple[Pair, Pair, float] | None:
    """time(largest N) / time(N/5) when both were measured, else over the two largest sizes."""
    if len(pairs) < 2:
        return None
    big = pairs[-1]
    fifth = [p for p in pairs if (p.size or 0) * 5 == big.size]
    small = fifth[0] if fifth else pairs[-2]
    return small, big, big.tsl.median / small.tsl.median
