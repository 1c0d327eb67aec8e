"""Benchmark `truss-secret-lint history` on a real repository with thousands of commits (issue #13).

    python bench/history.py GIT_DIR [--repeat N] [--output FILE]

GIT_DIR is a repository's git directory (bare or not), for example a snapshot of
basetenlabs/truss-examples. It is never written to: the benchmark works in a temporary
repository that borrows its objects (`objects/info/alternates`) and copies its refs, and adds
its own commits there. Cases, each a fresh child process with wall and CPU time measured:

- cold: the whole history (all refs), with an empty blob cache;
- warm: the same run again, cache kept;
- incremental: after 5 new commits (each changing one Truss's config.yaml and model.py);
- floor: `git cat-file --batch` alone reading every blob the cold run checked, and the
  tool's start-up (`truss-secret-lint --version`).

Targets (2 cores; ~2,500 commits, ~5,500 Truss blobs, ~27 MB): cold ≤ 10 s, warm ≤ 1 s,
incremental ≤ 3 x (floor + start-up). The Markdown report goes to stdout (and --output).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from measure import Sample, run_once

TSL = "truss-secret-lint"
NEW_COMMITS = 5


def tool(name: str) -> str:
    """A console script of the running interpreter's environment, else from PATH."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else shutil.which(name) or name


def git(
    *args: str, cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        check=True,
        timeout=600,
    )
    return result.stdout.decode().strip()


def borrow(git_dir: Path, work: Path) -> Path:
    """A repository in `work` with `git_dir`'s objects (by reference) and a copy of its refs."""
    repo = work / "repo"
    git("init", "-q", str(repo), cwd=work)
    (repo / ".git/objects/info/alternates").write_text(f"{(git_dir / 'objects').resolve()}\n")
    if (git_dir / "packed-refs").exists():
        shutil.copy(git_dir / "packed-refs", repo / ".git/packed-refs")
    shutil.copytree(git_dir / "refs", repo / ".git/refs", dirs_exist_ok=True)
    shutil.copy(git_dir / "HEAD", repo / ".git/HEAD")
    return repo


def add_commits(repo: Path, count: int) -> None:
    """`count` commits on a new branch, each changing one Truss's config.yaml and model.py
    (plumbing only: no checkout)."""
    identity = {
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
        "GIT_INDEX_FILE": str(repo / ".git" / "bench-index"),
    }
    head = git("rev-parse", "HEAD", cwd=repo)
    listing = git("ls-tree", "-r", "--name-only", head, cwd=repo).splitlines()
    configs = [
        p for p in listing if p.endswith("/config.yaml") and f"{p[:-11]}model/model.py" in listing
    ]
    git("read-tree", head, cwd=repo, env=identity)
    parent = head
    for number, config in enumerate(configs[:count]):
        for path in (config, f"{config[:-11]}model/model.py"):
            text = git("cat-file", "blob", f"{parent}:{path}", cwd=repo)
            blob = git(
                "hash-object",
                "-w",
                "--stdin",
                cwd=repo,
                stdin=f"{text}\n# bench {number}\n".encode(),
            )
            git("update-index", "--cacheinfo", f"100644,{blob},{path}", cwd=repo, env=identity)
        tree = git("write-tree", cwd=repo, env=identity)
        parent = git(
            "commit-tree", tree, "-p", parent, "-m", f"bench {number}", cwd=repo, env=identity
        )
    git("update-ref", "refs/heads/bench-new-commits", parent, cwd=repo)


def checked_blobs(repo: Path, cache: Path) -> list[str]:
    """The blob ids a history run checked, from its (authenticated) cache."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from truss_secret_lint import __version__
    from truss_secret_lint.cache.store import CacheStore, package_build_id
    from truss_secret_lint.cli.history import _settings, build_parser
    from truss_secret_lint.history.blob_cache import BlobCache

    here = Path.cwd()
    os.chdir(repo)
    try:
        _user, settings = _settings(build_parser().parse_args([]))
    finally:
        os.chdir(here)
    store = CacheStore.open(cache, f"{__version__}-{package_build_id()}")
    if store is None:
        raise RuntimeError("no cache key in the user's cache home")
    entries = BlobCache(store, settings).entries
    return sorted({key.split(":", 1)[1] for key in entries if not key.startswith("run:")})


def floor(repo: Path, blobs: list[str], repeat: int) -> tuple[list[Sample], int]:
    """`git cat-file --batch` reading `blobs`: the time git alone needs; and the bytes read."""
    requests = repo.parent / "blobs.txt"
    requests.write_text("".join(f"{b}\n" for b in blobs))
    out = repo.parent / "blobs.out"
    samples = []
    for _ in range(repeat):
        with requests.open("rb") as stdin, out.open("wb") as stdout:
            start = os.times()
            wall = time.perf_counter()
            subprocess.run(
                ["git", "cat-file", "--batch"], cwd=repo, stdin=stdin, stdout=stdout, check=True
            )
            seconds = time.perf_counter() - wall
            end = os.times()
        cpu = (end.children_user - start.children_user) + (
            end.children_system - start.children_system
        )
        samples.append(Sample(seconds, cpu, 0.0, 0))
    return samples, out.stat().st_size


def bench_history(git_dir: Path, repeat: int = 3) -> str:
    """Run every case; returns the Markdown report."""
    with tempfile.TemporaryDirectory(prefix="tsl-history-bench-") as temporary:
        work = Path(temporary)
        repo = borrow(git_dir, work)
        cache = work / "cache"
        command = [tool(TSL), "history", "--format", "json", "--cache-dir", str(cache)]
        commits = int(git("rev-list", "--all", "--count", cwd=repo))
        report_file = work / "report.json"
        cold: list[Sample] = []
        for _ in range(repeat):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(run_once(command, repo, stdout_path=report_file))
        warm = [run_once(command, repo) for _ in range(repeat)]
        found = json.loads(report_file.read_text())
        blobs = checked_blobs(repo, cache)
        floor_samples, size = floor(repo, blobs, repeat)
        startup = [run_once([tool(TSL), "--version"], repo) for _ in range(repeat)]
        add_commits(repo, NEW_COMMITS)
        incremental = [run_once(command, repo)]
        for _ in range(repeat - 1):  # each repetition sees 5 commits it has not cached yet
            add_commits(repo, NEW_COMMITS)
            incremental.append(run_once(command, repo))
    return render(
        commits,
        blobs=len(blobs),
        size=size,
        found=found,
        cold=cold,
        warm=warm,
        incremental=incremental,
        floor_samples=floor_samples,
        startup=startup,
    )


def render(
    commits: int,
    *,
    blobs: int,
    size: int,
    found: list[dict[str, object]],
    cold: list[Sample],
    warm: list[Sample],
    incremental: list[Sample],
    floor_samples: list[Sample],
    startup: list[Sample],
) -> str:
    def median(samples: list[Sample]) -> float:
        return statistics.median(s.seconds for s in samples)

    def cpu(samples: list[Sample]) -> float:
        return statistics.median(s.cpu_seconds for s in samples)

    budget = 3 * (median(floor_samples) + median(startup))
    rows = [
        ("cold (all refs, empty cache)", cold, "≤ 10 s", median(cold) <= 10),
        ("warm (cache kept)", warm, "≤ 1 s", median(warm) <= 1),
        (
            f"incremental ({NEW_COMMITS} new commits)",
            incremental,
            f"≤ {budget:.2f} s",
            median(incremental) <= budget,
        ),
        ("floor: git cat-file --batch on the same blobs", floor_samples, "", None),
        ("start-up: truss-secret-lint --version", startup, "", None),
    ]
    lines = [
        f"History: {commits} commits, {blobs} distinct Truss blobs ({size / 1e6:.1f} MB), "
        f"{os.cpu_count()} cores",
        "",
        "| case | median wall s | median CPU s | target | result |",
        "|---|---|---|---|---|",
    ]
    for name, samples, target, passed in rows:
        verdict = "" if passed is None else ("PASS" if passed else "FAIL")
        lines.append(
            f"| {name} | {median(samples):.2f} | {cpu(samples):.2f} | {target} | {verdict} |"
        )
    counts = Counter(str(item["code"]) for item in found)
    in_tip = sum(1 for item in found if item.get("in_tip"))
    per_rule = ", ".join(f"{c} {n}" for c, n in sorted(counts.items()))
    lines += [
        "",
        f"Leaks: {len(found)} ({per_rule or 'none'}), {in_tip} still at a tip",
    ]
    lines += [
        f"- {item['code']} {item['path']} in {str(item['commit'])[:12]} "
        f"({str(item['commit_time'])[:10]}, in a tip: {item['in_tip']})"
        for item in found
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/history.py", description=__doc__.splitlines()[0])
    parser.add_argument("git_dir", metavar="GIT_DIR", help="a repository's git directory")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per case (default 3)")
    parser.add_argument("--output", metavar="FILE", help="also write the report here")
    args = parser.parse_args(argv)
    git_dir = Path(args.git_dir)
    if (git_dir / ".git").is_dir():
        git_dir = git_dir / ".git"
    report = bench_history(git_dir, max(1, args.repeat))
    sys.stdout.write(report)
    if args.output:
        Path(args.output).write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
