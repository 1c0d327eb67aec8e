"""Benchmark truss-secret-lint against detect-secrets, side by side in one run (issue #5, SPEC §9).

    python bench/run.py [--sizes 100,1000,5000] [--repeat N] [--quick] [--keep DIR] [--output FILE]

Cases, each paired and interleaved (the two tools alternate, order flipping every repetition):
- hook: one Truss's `config.yaml` and `model/model.py` as file arguments, against
  `detect-secrets-hook` (no baseline) on the same two files, cache cleared before every run;
- hook, config.yaml changed: only `config.yaml` as argument, edited before every run, the cache
  kept (model.py's code facts come from it); hook, model.py changed: the same for `model.py`;
- CI: N synthetic Trusses as a directory, `truss-secret-lint DIR` against
  `detect-secrets scan --all-files DIR`; plus the real corpus (`../shared/corpus`) when present;
- repeated run: truss-secret-lint again over the unchanged files (its cache kept), as a ratio to
  detect-secrets scan;
- history (with --history GIT_DIR): `truss-secret-lint history` over a real repository's refs,
  against detect-secrets over the `git log -p` text of the same paths (`history_cases.py`).
Every uncached run starts with the tool's cache home (a folder in the work directory, named by
$TRUSS_SECRET_LINT_CACHE_DIR for the measured runs) deleted. The Markdown report goes to
stdout (and --output); progress goes to stderr. Exit status: 0 measured, 2 a tool failed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from corpus import Corpus, write_corpus
from history_cases import history_cases
from measure import BenchError, Sample, Series, run_once
from report import Pair, Results, render

TSL = "truss-secret-lint"
DS = "detect-secrets"
DS_HOOK = "detect-secrets-hook"
CACHE_DIR = ".truss-secret-lint-cache"  # the old in-tree location (still cleared)
CACHE_HOME_VAR = "TRUSS_SECRET_LINT_CACHE_DIR"
DEFAULT_SIZES = (100, 1000, 5000)
QUICK_SIZES = (50, 250)
REAL_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py", description="truss-secret-lint vs detect-secrets benchmark"
    )
    parser.add_argument("--sizes", help="CI corpus sizes, comma-separated (default 100,1000,5000)")
    parser.add_argument("--repeat", type=int, help="repetitions per case (default: hook 5, CI 3)")
    parser.add_argument("--quick", action="store_true", help="smoke run: sizes 50,250, fewer reps")
    parser.add_argument("--keep", metavar="DIR", help="write the corpora here and keep them")
    parser.add_argument("--output", metavar="FILE", help="also write the Markdown report here")
    parser.add_argument("--real", metavar="DIR", default=str(REAL_CORPUS), help="real corpus")
    parser.add_argument("--seed", type=int, default=0, help="corpus RNG seed (default 0)")
    parser.add_argument(
        "--history",
        metavar="GIT_DIR",
        help="also measure `history` on this repository's git directory (only read)",
    )
    args = parser.parse_args(argv)
    default_sizes = QUICK_SIZES if args.quick else DEFAULT_SIZES
    try:
        args.sizes = sorted({int(s) for s in args.sizes.split(",")}) if args.sizes else None
    except ValueError:
        parser.error("--sizes takes integers, e.g. 100,1000,5000")
    args.sizes = args.sizes or list(default_sizes)
    if min(args.sizes) < 1 or (args.repeat is not None and args.repeat < 1):
        parser.error("--sizes and --repeat must be positive")
    if args.history:
        # Checked before the long run, not after it: a git directory (or a repository holding one).
        history = Path(args.history)
        git_dir = history / ".git" if (history / ".git").is_dir() else history
        if not all((git_dir / part).exists() for part in ("HEAD", "objects", "refs")):
            parser.error(f"--history {args.history}: not a git directory (HEAD, objects, refs)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the corpora, measure every case, print the report; 2 when a tool failed."""
    args = parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tsl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    use_bytecode_cache(work / "pycache")
    os.environ[CACHE_HOME_VAR] = str(work / "tsl-cache")  # the measured runs' cache home
    try:
        tools = {name: find_tool(name) for name in (TSL, DS, DS_HOOK)}
        hook_repeat = args.repeat or (3 if args.quick else 5)
        ci_repeat = args.repeat or (2 if args.quick else 3)
        results = Results(
            machine=machine_info(tools),
            repeats={"hook": hook_repeat, "ci": ci_repeat},
            hook=Pair("hook", None, 0, Series([]), Series([])),
        )
        corpora = []
        for size in args.sizes:
            progress(f"writing {size:,} Trusses")
            corpora.append(write_corpus(work / f"n{size}", size, args.seed))
        results.hook = hook_case(corpora[0], tools, hook_repeat)
        results.hook_edits = hook_edit_cases(corpora[0], tools, hook_repeat)
        real = Path(args.real)
        if real.is_dir():
            results.ci.append(real_case(real, work, tools, ci_repeat))
        for corpus in corpora:
            results.ci.append(ci_case(corpus, tools, ci_repeat))
        if args.history:
            git_dir = Path(args.history)
            try:
                results.history = history_cases(git_dir, work, tools, args.repeat or 2)
            except (BenchError, OSError, subprocess.CalledProcessError) as error:
                # The rows measured so far (tens of minutes) are still reported.
                print(f"bench: history rows not measured: {error}", file=sys.stderr)
        results.machine["load average at end"] = _load_average()
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report = render(results)
    sys.stdout.write(report)
    if args.output:
        Path(args.output).write_text(report)
    return 0


def use_bytecode_cache(pycache: Path) -> None:
    """Let the measured children write and reuse `.pyc` files, as on a user's machine.

    With PYTHONDONTWRITEBYTECODE set (some sandboxes and CI images set it) every run of an
    editable install recompiles the project's modules, which about doubles the hook case. The
    prefix keeps the bytecode out of the source tree; the unmeasured warm-up runs fill it.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.setdefault("PYTHONPYCACHEPREFIX", str(pycache))


def find_tool(name: str) -> str:
    """The tool's executable: beside this Python (its virtualenv) first, then on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise BenchError(f"{name} not found; install the project first: pip install -e .")
    return found


def machine_info(tools: dict[str, str]) -> dict[str, str]:
    """CPU, cores, OS, Python and tool versions, for the report's header."""
    cpu = platform.processor() or "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        models = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = models[0] if models else cpu
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "OS": platform.platform(),
        "Python": f"{platform.python_version()} ({sys.executable})",
        "bytecode cache": os.environ.get("PYTHONPYCACHEPREFIX", "default"),
        "load average at start": _load_average(),
        TSL: _version([tools[TSL], "--version"]),
        DS: _version([tools[DS], "--version"]),
    }


def _load_average() -> str:
    """1, 5 and 15-minute load averages: other work on the machine makes the numbers noisy."""
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def _version(argv: list[str]) -> str:
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    return (result.stdout or result.stderr).strip().removeprefix(f"{TSL} ") or "unknown"


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def clear_cache(*directories: Path) -> None:
    """Delete truss-secret-lint's cache so the next run starts cold (its cache home, set in
    `main`, and any old in-tree cache folder)."""
    for directory in directories:
        shutil.rmtree(directory / CACHE_DIR, ignore_errors=True)
    if os.environ.get(CACHE_HOME_VAR):
        shutil.rmtree(os.environ[CACHE_HOME_VAR], ignore_errors=True)


def interleaved(
    first: list[str],
    second: list[str],
    cwd: Path,
    repeat: int,
    *,
    before: Sequence[Path] = (),
    prepare: Callable[[], None] | None = None,
) -> tuple[Series, Series]:
    """Run two commands `repeat` times, alternating which goes first; before each run, the
    cache is cleared in `before` (the cold hook case: no run may profit from a cache) and
    `prepare` is called (an edit to the file the hook is given)."""
    samples: tuple[list[Sample], list[Sample]] = ([], [])
    for rep in range(repeat):
        order = (0, 1) if rep % 2 == 0 else (1, 0)
        for which in order:
            if before:
                clear_cache(*before)
            if prepare is not None:
                prepare()
            samples[which].append(run_once((first, second)[which], cwd))
    return Series(samples[0]), Series(samples[1])


def hook_case(corpus: Corpus, tools: dict[str, str], repeat: int) -> Pair:
    """Pre-commit on one clean Truss: its two files as arguments to each tool."""
    truss = corpus.clean_truss()
    files = ["config.yaml", "model/model.py"]
    tsl, ds = [tools[TSL], *files], [tools[DS_HOOK], *files]
    progress(f"hook case: {truss.relative_to(corpus.root)}, {repeat} repeats")
    for warmup in (tsl, ds):  # unmeasured: page cache and .pyc files
        run_once(warmup, truss)
    tsl_series, ds_series = interleaved(tsl, ds, truss, repeat, before=(truss, corpus.root))
    clear_cache(truss, corpus.root)
    return Pair("hook", None, len(files), tsl_series, ds_series)


HOOK_EDITS = (
    ("hook, config.yaml changed, model.py unchanged (facts cached)", "config.yaml"),
    ("hook, model.py changed", "model/model.py"),
)


class FileEdit:
    """Gives a file a new last line (a comment) on every call; `restore` puts it back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.original = path.read_bytes()
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        self.path.write_bytes(self.original + f"# bench edit {self.count}\n".encode())

    def restore(self) -> None:
        self.path.write_bytes(self.original)


def hook_edit_cases(corpus: Corpus, tools: dict[str, str], repeat: int) -> list[Pair]:
    """Pre-commit on one clean Truss after an edit to one file, which alone is passed (as
    pre-commit passes the changed files), with truss-secret-lint's cache kept from the runs
    before: the everyday commit. The file is edited before every run of either tool, so
    truss-secret-lint never finds the Truss's result in its cache; when the file is
    config.yaml it does find model.py's code facts there."""
    truss = corpus.clean_truss()
    pairs = []
    for case, edited in HOOK_EDITS:
        edit = FileEdit(truss / edited)
        tsl, ds = [tools[TSL], edited], [tools[DS_HOOK], edited]
        progress(f"{case}: {truss.relative_to(corpus.root)}, {repeat} repeats")
        clear_cache(truss, corpus.root)
        try:
            for warmup in (tsl, ds):  # unmeasured: page cache, .pyc files, the facts cache
                edit()
                run_once(warmup, truss)
            tsl_series, ds_series = interleaved(tsl, ds, truss, repeat, prepare=edit)
        finally:
            edit.restore()
        pairs.append(Pair(case, None, 1, tsl_series, ds_series))
    clear_cache(truss, corpus.root)
    return pairs


def ci_case(corpus: Corpus, tools: dict[str, str], repeat: int) -> Pair:
    """A directory of Trusses: uncached runs paired with detect-secrets, then a repeated run."""
    pair = _directory_case("CI", corpus.root, len(corpus.trusses), tools, repeat)
    pair.planted = corpus.planted
    progress(f"planted {pair.planted}, found {pair.found}")
    return pair


def real_case(source: Path, work: Path, tools: dict[str, str], repeat: int) -> Pair:
    """The real corpus, copied into the work directory so no cache lands in the original."""
    root = work / "real"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(source, root, symlinks=True, ignore=shutil.ignore_patterns(".git", CACHE_DIR))
    trusses = sum(1 for _ in root.rglob("config.yaml"))
    return _directory_case("CI (real corpus)", root, trusses, tools, repeat)


def _directory_case(
    case: str, root: Path, trusses: int, tools: dict[str, str], repeat: int
) -> Pair:
    tsl = [tools[TSL], "."]
    ds = [tools[DS], "scan", "--all-files", "."]
    clear_cache(root)
    found, other = count_findings(tools[TSL], root)  # unmeasured; also warms the page cache
    progress(f"{case} N={trusses:,}: {repeat} paired repeats, each followed by a repeated run")
    tsl_samples: list[Sample] = []
    ds_samples: list[Sample] = []
    repeated: list[Sample] = []
    for rep in range(repeat):
        order = ("tsl", "ds") if rep % 2 == 0 else ("ds", "tsl")
        for which in order:
            if which == "tsl":
                clear_cache(root)
                tsl_samples.append(run_once(tsl, root))
            else:
                ds_samples.append(run_once(ds, root))
        # Over unchanged files, with the cache its uncached run of this repetition just wrote.
        repeated.append(run_once(tsl, root))
    clear_cache(root)
    return Pair(
        case,
        trusses,
        _count_files(root),
        Series(tsl_samples),
        Series(ds_samples),
        found=found,
        other_findings=other,
        repeated=Series(repeated),
    )


def count_findings(tsl: str, root: Path) -> tuple[int, int]:
    """TSL201 findings and all other findings, from one `--format json` run over `root`."""
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "findings.json"
        run_once([tsl, "--format", "json", "."], root, stdout_path=output)
        findings = json.loads(output.read_text())
    clear_cache(root)
    tsl201 = sum(1 for finding in findings if finding["code"] == "TSL201")
    return tsl201, len(findings) - tsl201


def _count_files(root: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(root))


if __name__ == "__main__":
    sys.exit(main())
