"""The history rows of `run.py --history GIT_DIR`: truss-secret-lint history vs detect-secrets.

detect-secrets has no history mode (gitleaks, which has one, is not part of this benchmark). The
nearest a detect-secrets user has is scanning the text of every commit's changes: `git log -p`
over the same refs, limited to the paths the history scan can check (`*.yaml`, `*.yml`, `*.py`,
`*.trussrc`: a superset of the Truss files), written to a file and given to `detect-secrets scan
--all-files`. Every line ever committed to those paths is an added line of some commit's patch,
so it sees every version, like the history scan; but it knows nothing of Truss (every YAML and
Python file, not only Trusses), also scans removed and context lines, runs its entropy and
keyword heuristics, and reports a token once per patch line it appears on. Its time includes
`git log -p` (the history scan's includes reading the blobs from git). Treat the ratio as
"what the same question costs with detect-secrets", not as the same work.

Cases, each command a fresh child process in a repository that borrows GIT_DIR's objects and
copies its refs (`history.py`'s `borrow`; GIT_DIR is only read):
- history, cold: all refs, empty blob cache | detect-secrets over `git log -p --all`, run once
  (it takes minutes: one process over one file, about 0.6 ms of CPU per patch line);
- history, warm: the same again, cache kept | the cold detect-secrets numbers (no cache there);
- history, 5 new commits (a push): the range of 5 commits just made on top of HEAD (each
  changing one Truss's config.yaml and model.py), cache kept | detect-secrets over the
  `git log -p` of that range. New commits for every repetition.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections import Counter
from pathlib import Path

from history import NEW_COMMITS, add_commits, borrow, git
from measure import Sample, Series, run_once
from report import HistoryRun, Pair

TSL = "truss-secret-lint"
DS = "detect-secrets"
PATHSPEC = ("*.yaml", "*.yml", "*.py", "*.trussrc")
NEW_RANGE = "HEAD..bench-new-commits"
# detect-secrets over the patch text of REVISIONS: `sh -c SCRIPT sh DS PATCH REVISION...`
_DS_SCRIPT = (
    'ds=$1; patch=$2; shift 2; git log -p --no-color "$@" -- '
    + " ".join(f"'{p}'" for p in PATHSPEC)
    + ' > "$patch" && exec "$ds" scan --all-files "$patch"'
)


def history_cases(git_dir: Path, work: Path, tools: dict[str, str], repeat: int) -> HistoryRun:
    """Measure the three history cases on a borrowed copy of `git_dir`."""
    if (git_dir / ".git").is_dir():
        git_dir = git_dir / ".git"
    root = work / "history"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    repo = borrow(git_dir, root)
    cache = root / "cache"
    patch = repo / "history.patch"  # detect-secrets skips a file outside its working directory
    tsl = [tools[TSL], "history", "--format", "json", "--cache-dir", str(cache)]

    def ds(*revisions: str) -> list[str]:
        return ["sh", "-c", _DS_SCRIPT, "sh", tools[DS], patch.name, *revisions]

    commits = int(git("rev-list", "--all", "--count", cwd=repo))
    refs = len(git("for-each-ref", "--format=%(refname)", cwd=repo).splitlines())
    _progress(f"history: {commits:,} commits on {refs:,} refs, {repeat} paired repeats")
    cold_tsl: list[Sample] = []
    cold_ds: list[Sample] = []
    for rep in range(repeat):
        for which in ("tsl", "ds") if rep % 2 == 0 else ("ds", "tsl"):
            if which == "tsl":
                shutil.rmtree(cache, ignore_errors=True)
                cold_tsl.append(run_once(tsl, repo, stdout_path=root / "tsl.json"))
            elif not cold_ds:  # once: minutes of CPU (about 0.6 ms per patch line)
                cold_ds.append(run_once(ds("--all"), repo, stdout_path=root / "ds.json"))
    patch_mb = patch.stat().st_size / 1e6
    warm = [run_once(tsl, repo) for _ in range(repeat)]
    pushed_tsl: list[Sample] = []
    pushed_ds: list[Sample] = []
    for rep in range(repeat):
        add_commits(repo, NEW_COMMITS)  # commits this cache has not seen
        for which in ("tsl", "ds") if rep % 2 == 0 else ("ds", "tsl"):
            if which == "tsl":
                pushed_tsl.append(run_once([*tsl, NEW_RANGE], repo))
            else:
                pushed_ds.append(run_once(ds(NEW_RANGE), repo))
    cold = Series(cold_tsl), Series(cold_ds)
    pairs = [
        Pair("history, cold (all refs, empty cache)", None, commits, *cold),
        Pair("history, warm (all refs, cache kept)", None, commits, Series(warm), cold[1]),
        Pair(
            f"history, {NEW_COMMITS} new commits (a push)",
            None,
            NEW_COMMITS,
            Series(pushed_tsl),
            Series(pushed_ds),
        ),
    ]
    leaks = json.loads((root / "tsl.json").read_text(encoding="utf-8"))
    codes = Counter(str(leak["code"]) for leak in leaks)
    flagged = json.loads((root / "ds.json").read_text(encoding="utf-8"))["results"]
    note = (
        f"{git_dir}: {commits:,} commits on {refs:,} refs, {patch_mb:.1f} MB of "
        f"`git log -p --all` text. Found: truss-secret-lint {len(leaks)} leaks "
        f"({', '.join(f'{code} {n}' for code, n in sorted(codes.items())) or 'none'}); "
        f"detect-secrets {sum(len(found) for found in flagged.values())} findings"
    )
    return HistoryRun(note, pairs)


def _progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)
