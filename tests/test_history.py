"""`truss-secret-lint history`: real git repositories, real commits, the real command line.

Each test builds a repository commit by commit (fixed author dates, so the order is known) and
checks which leaks are reported, the commit each is attributed to, `in_tip`, and that no value
is ever printed.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_tree
from tests.real_tools import (
    GIT_IDENTITY,
    git,
    install_pre_commit,
    pre_commit_env,
)
from tests.samples import credential_samples
from truss_secret_lint.cli import main

SAMPLES = credential_samples(seed=13)
TOKEN = SAMPLES["huggingface"]
OTHER = SAMPLES["replicate"]
GIT_ENV = {**GIT_IDENTITY, "GIT_CONFIG_NOSYSTEM": "1"}
MODEL = (
    "class Model:\n    def __init__(self, **kwargs):\n"
    "        self._t = kwargs['secrets']['hf_access_token']\n"
)


def clean_config(name: str = "m") -> str:
    return f"model_name: {name}\nsecrets:\n  hf_access_token: null\n"


def leaky_config(token: str = TOKEN, name: str = "m") -> str:
    return f"model_name: {name}\nsecrets:\n  hf_access_token: {token}\n"


class Repo:
    """A git repository built commit by commit, one day apart."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.day = 0
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        env = {**os.environ, **GIT_ENV}
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"2023-05-{1 + self.day:02d}T12:00:00"
        result = git(*args, cwd=self.path, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def commit(self, files: dict[str, str | None], message: str = "change") -> str:
        """Write (or, for None, delete) files and commit; returns the commit's SHA."""
        for relative, content in files.items():
            target = self.path / relative
            if content is None:
                target.unlink()
            else:
                write_tree(self.path, {relative: content})
        self.git("add", "-A")
        self.day += 1
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")


def history(
    capsys: pytest.CaptureFixture[str], *args: str, cache: bool = False
) -> tuple[int, Any, str]:
    """Run `history --format json` in-process; returns (status, parsed stdout, stderr)."""
    extra = [] if cache else ["--no-cache"]
    status = main(["history", *args, "--format", "json", "--jobs", "1", *extra])
    captured = capsys.readouterr()
    assert TOKEN not in captured.out + captured.err
    assert OTHER not in captured.out + captured.err
    parsed = json.loads(captured.out) if captured.out.strip() else None
    return status, parsed, captured.err


def test_a_removed_token_is_reported_at_the_commit_that_added_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "r")
    repo.commit({"m/config.yaml": clean_config(), "m/model/model.py": MODEL})
    added = repo.commit({"m/config.yaml": leaky_config()}, "add a default")
    repo.commit({"m/config.yaml": clean_config()}, "remove it")
    status, found, err = history(capsys, str(repo.path))
    assert status == 1
    (leak,) = found
    assert (leak["code"], leak["path"], leak["line"]) == ("TSL201", "m/config.yaml", 3)
    assert leak["commit"] == added
    assert leak["commit_time"].startswith("2023-05-03T12:00:00")
    assert leak["in_tip"] is False
    assert added[:12] in leak["message"]
    assert "rotate" in leak["message"]
    assert "3 commits" in err
    # The tree scan of today's checkout sees nothing: exactly the gap history mode closes.
    assert main([str(repo.path), "--no-cache", "--format", "json"]) == 0
    capsys.readouterr()


def test_a_token_still_present_is_in_tip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "r")
    added = repo.commit({"m/config.yaml": leaky_config(), "m/model/model.py": MODEL})
    repo.commit({"m/model/model.py": MODEL + "# later\n"})
    _status, found, _err = history(capsys, str(repo.path))
    (leak,) = found
    assert (leak["commit"], leak["in_tip"]) == (added, True)


def test_committed_local_stores_are_reported_at_the_commit_that_added_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "r")
    repo.commit({"m/config.yaml": clean_config(), "m/model/model.py": MODEL})
    added = repo.commit(
        {
            "team/.truss/config.yaml": f"secrets:\n  hf_access_token: {TOKEN}\n",
            "team/.trussrc": f"[baseten]\napi_key = {OTHER}\n",
        }
    )
    repo.commit({"team/.trussrc": None})
    status, found, _err = history(capsys, str(repo.path))
    assert status == 1
    assert sorted(
        (leak["path"], leak["code"], leak["commit"], leak["in_tip"]) for leak in found
    ) == [
        ("team/.truss/config.yaml", "TSL205", added, True),
        ("team/.trussrc", "TSL205", added, False),
    ]


def test_a_renamed_truss_is_the_same_leak(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "r")
    added = repo.commit({"old/config.yaml": leaky_config(), "old/model/model.py": MODEL})
    repo.git("mv", "old", "new")
    repo.commit({}, "rename the Truss")
    _status, found, _err = history(capsys, str(repo.path))
    (leak,) = found
    assert (leak["path"], leak["commit"], leak["in_tip"]) == ("old/config.yaml", added, True)


def test_a_token_moved_into_model_code_is_the_same_leak(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "r")
    added = repo.commit({"m/config.yaml": leaky_config(), "m/model/model.py": MODEL})
    repo.commit(
        {
            "m/config.yaml": clean_config(),
            "m/model/model.py": f"import os\nos.environ['HF_TOKEN'] = '{TOKEN}'\n",
        },
        "move the token into code",
    )
    later = repo.commit({"m/model/helper.py": f"KEY = '{OTHER}'\n"}, "another token")
    _status, found, _err = history(capsys, str(repo.path))
    by_code = {leak["code"]: leak for leak in found}
    assert len(found) == 2, found
    assert (by_code["TSL201"]["commit"], by_code["TSL201"]["in_tip"]) == (added, True)
    assert by_code["TSL304"]["path"] == "m/model/helper.py"
    assert by_code["TSL304"]["commit"] == later


def test_a_token_from_a_side_branch_is_attributed_to_the_side_commit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "r")
    repo.commit({"m/config.yaml": clean_config(), "m/model/model.py": MODEL})
    repo.git("checkout", "-q", "-b", "side")
    side = repo.commit({"m/model/util.py": f"API_KEY = '{OTHER}'\n"}, "side adds a token")
    repo.commit({"m/model/util.py": "API_KEY = None\n"}, "side removes it")
    repo.git("checkout", "-q", "main")
    repo.commit({"README.md": "hello\n"}, "main moves on")
    repo.day += 1
    repo.git("merge", "-q", "--no-ff", "--no-edit", "side")
    merge = repo.git("rev-parse", "HEAD")
    _status, found, _err = history(capsys, str(repo.path))
    (leak,) = found
    assert leak["commit"] == side != merge
    assert leak["in_tip"] is False
    # Only main's first-parent line: the side commit is still part of what HEAD contains.
    _status, only_main, _err = history(capsys, str(repo.path), "main")
    assert [x["commit"] for x in only_main] == [side]


def test_a_range_reports_only_what_it_introduced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "r")
    base = repo.commit({"m/config.yaml": leaky_config(), "m/model/model.py": MODEL})
    # model.py changes without its config.yaml: the Truss is known from the range's boundary.
    added = repo.commit({"m/model/model.py": MODEL + f"X_TOKEN = '{OTHER}'\n"})
    status, found, _err = history(capsys, str(repo.path), f"{base}..HEAD")
    assert status == 1
    (leak,) = found
    assert (leak["code"], leak["path"], leak["commit"]) == ("TSL304", "m/model/model.py", added)
    status, found, _err = history(capsys, str(repo.path), f"{added}..HEAD")
    assert (status, found) == (0, [])


def test_files_that_are_not_truss_files_are_not_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "r")
    chain = repo.commit(
        {
            # not a Truss config: no Truss field, no model/ directory
            "ci/config.yaml": f"jobs:\n  token: {TOKEN}\n",
            # a Python file outside every Truss that is not a chain file
            "scripts/tool.py": f"TOKEN = '{OTHER}'\n",
            # a chain file
            "chains/hello.py": f"import truss_chains as chains\nAPI_KEY = '{TOKEN}x'\n",
            # a virtualenv is never checked
            "m/.venv/lib/x.py": f"TOKEN = '{OTHER}'\n",
        }
    )
    _status, found, _err = history(capsys, str(repo.path))
    assert [(x["path"], x["commit"]) for x in found] == [("chains/hello.py", chain)]


def test_noqa_and_per_file_ignores_apply_as_in_the_tree_scan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "r")
    repo.commit(
        {
            "m/config.yaml": leaky_config().replace(TOKEN, f"{TOKEN}  # noqa: TSL201"),
            "m/model/model.py": f"KEY = '{OTHER}'\n",
        }
    )
    status, found, _err = history(capsys, str(repo.path), "--select", "TSL201")
    assert (status, found) == (0, [])
    status, found, _err = history(capsys, str(repo.path))
    assert [x["code"] for x in found] == ["TSL304"]
    settings = write_tree(
        tmp_path / "settings",
        {
            "pyproject.toml": (
                '[tool.truss-secret-lint]\nper-file-ignores = {"m/model/*.py" = ["TSL304"]}\n'
            )
        },
    )
    config = str(settings / "pyproject.toml")
    status, found, _err = history(capsys, str(repo.path), "--config", config)
    assert (status, found) == (0, [])


def test_a_shallow_clone_is_checked_without_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "r")
    repo.commit({"m/config.yaml": leaky_config(), "m/model/model.py": MODEL})
    repo.commit({"m/config.yaml": clean_config()})
    last = repo.commit({"m/model/model.py": MODEL + f"KEY = '{OTHER}'\n"})
    clone = tmp_path / "shallow"
    cloned = git("clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone), cwd=tmp_path)
    assert cloned.returncode == 0, cloned.stderr
    status, found, _err = history(capsys, str(clone))
    assert status == 1
    assert [(x["code"], x["commit"]) for x in found] == [("TSL304", last)]


def test_a_missing_blob_is_counted_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "r")
    repo.commit({"m/config.yaml": clean_config(), "m/model/model.py": MODEL})
    repo.commit({"m/config.yaml": leaky_config()})
    blob = repo.git("rev-parse", "HEAD:m/config.yaml")
    repo.commit({"m/model/model.py": MODEL + f"KEY = '{OTHER}'\n"})
    (repo.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    status, found, err = history(capsys, str(repo.path))
    assert status == 1
    assert [x["code"] for x in found] == ["TSL304"]
    assert "1 objects are missing" in err


def _one_leaky_commit(tmp_path: Path) -> tuple[Repo, Path, tuple[str, ...]]:
    """A repository whose one commit adds a leaky Truss, a cache directory, and the `history`
    arguments that use both."""
    repo = Repo(tmp_path / "r")
    repo.commit({"m/config.yaml": leaky_config(), "m/model/model.py": MODEL})
    cache = tmp_path / "cache"
    return repo, cache, (str(repo.path), "--cache-dir", str(cache))


def test_the_cache_is_reused_authenticated_and_kept_out_of_the_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, cache, args = _one_leaky_commit(tmp_path)
    _s, first, err = history(capsys, *args, cache=True)
    assert "(2 checked, 0 from the cache)" in err
    _s, second, err = history(capsys, *args, cache=True)
    assert "(0 checked, 2 from the cache)" in err
    assert first == second
    (entry,) = [p for p in cache.rglob("*.entry") if "history" in p.parts]
    text = entry.read_text(encoding="utf-8")
    assert TOKEN not in text
    assert TOKEN[4:12] not in text
    # A tampered entry (a finding deleted, MAC left as it was) is not trusted.
    entry.write_text(text.replace('"TSL201"', '"TSL999"'), encoding="utf-8")
    _s, third, err = history(capsys, *args, cache=True)
    assert "(2 checked, 0 from the cache)" in err
    assert third == first
    # A new commit: only its blob is checked.
    repo.commit({"m/model/model.py": MODEL + "# more\n"})
    _s, _fourth, err = history(capsys, *args, cache=True)
    assert "(1 checked, 2 from the cache)" in err
    # A cache folder inside the checked repository is refused.
    inside = repo.path / "cache-here"
    _s, _f, err = history(capsys, str(repo.path), "--cache-dir", str(inside), cache=True)
    assert "not caching" in err
    assert not inside.exists()


def _edit_history_entry(cache: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    """Change the entries of the history cache and store them again, authenticated with the
    user's own key: what an older (or newer) version of the tool would have left there."""
    from truss_secret_lint.cache.store import CacheStore

    (entry,) = [p for p in cache.rglob("*.entry") if "history" in p.parts]
    version = entry.parts[-4].removeprefix("v-")
    store = CacheStore.open(cache, version)
    assert store is not None
    body = store.read("history", entry.stem)
    assert body is not None
    document = json.loads(body)
    edit(document["entries"])
    store.write("history", entry.stem, json.dumps(document).encode("utf-8"))


def _run_record(entries: dict[str, Any]) -> dict[str, Any]:
    (run,) = [key for key in entries if key.startswith("run:")]
    record: dict[str, Any] = entries[run]
    return record


def _set_counts(counts: object) -> Callable[[dict[str, Any]], None]:
    def edit(entries: dict[str, Any]) -> None:
        _run_record(entries)["counts"] = counts

    return edit


def _leak_span_at_infinity(entries: dict[str, Any]) -> None:
    _run_record(entries)["leaks"][0]["finding"]["span"][0] = float("inf")


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(_set_counts([99, 99, 99]), id="three-counts-of-older-versions"),
        pytest.param(_set_counts([99]), id="one-count"),
        pytest.param(_set_counts("99"), id="counts-a-string"),
        pytest.param(_set_counts(None), id="counts-null"),
        pytest.param(_set_counts([99, float("inf")]), id="count-infinity"),
        pytest.param(_leak_span_at_infinity, id="leak-line-infinity"),
    ],
)
def test_a_run_record_of_another_shape_is_a_miss_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: Callable[[dict[str, Any]], None]
) -> None:
    _repo, cache, args = _one_leaky_commit(tmp_path)
    status, first, err = history(capsys, *args, cache=True)
    assert status == 1
    assert "history: 1 commits, 2 Truss file versions" in err
    # A record of the current shape is trusted as it stands: the forged counts are shown.
    _edit_history_entry(cache, _set_counts([99, 98]))
    _s, second, err = history(capsys, *args, cache=True)
    assert "history: 99 commits, 98 Truss file versions" in err
    assert second == first
    # Any other shape is a miss: the range is walked again (its blobs from the cache).
    _edit_history_entry(cache, edit)
    status, third, err = history(capsys, *args, cache=True)
    assert (status, third) == (1, first)
    assert "history: 1 commits, 2 Truss file versions (0 checked, 2 from the cache)" in err


def test_a_blob_entry_of_another_shape_is_checked_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _repo, cache, args = _one_leaky_commit(tmp_path)
    _s, first, _err = history(capsys, *args, cache=True)

    def damage(entries: dict[str, Any]) -> None:
        del entries[next(key for key in entries if key.startswith("run:"))]
        (config,) = [v for k, v in entries.items() if k.startswith("config:")]
        config["findings"][0]["span"][0] = float("inf")

    _edit_history_entry(cache, damage)
    status, second, err = history(capsys, *args, cache=True)
    assert (status, second) == (1, first)
    assert "(1 checked, 1 from the cache)" in err


def test_baseline_in_history_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "r")
    repo.commit({"m/config.yaml": leaky_config(), "m/model/model.py": MODEL})
    repo.commit({"m/config.yaml": clean_config()})
    baseline = tmp_path / "baseline.json"
    assert main(["history", str(repo.path), "--no-cache", "--write-baseline", str(baseline)]) == 0
    status, found, _err = history(capsys, str(repo.path), "--baseline", str(baseline))
    assert (status, found) == (0, [])
    assert TOKEN not in baseline.read_text(encoding="utf-8")
    repo.commit({"m/model/model.py": MODEL + f"KEY = '{OTHER}'\n"})
    status, found, _err = history(capsys, str(repo.path), "--baseline", str(baseline))
    assert status == 1
    assert [x["code"] for x in found] == ["TSL304"]


def test_sarif_and_text_carry_the_commit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "r")
    added = repo.commit({"m/config.yaml": leaky_config(), "m/model/model.py": MODEL})
    assert main(["history", str(repo.path), "--no-cache", "--format", "sarif"]) == 1
    log = json.loads(capsys.readouterr().out)
    (result,) = log["runs"][0]["results"]
    assert result["properties"] == {
        "commit": added,
        "commit_time": result["properties"]["commit_time"],
        "in_tip": True,
    }
    assert main(["history", str(repo.path), "--no-cache", "--format", "text"]) == 1
    out = capsys.readouterr().out
    line = out.splitlines()[0]
    assert line.startswith("m/config.yaml:3:20: TSL201 ")
    assert added[:12] in line
    assert TOKEN not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--select", "TSL301"], "needs a whole tree", id="tree-rule"),
        pytest.param(["--output=owned.txt"], "unrecognized", id="unknown-option"),
        pytest.param(["no-such-revision"], "git log failed", id="unknown-revision"),
    ],
)
def test_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    repo = Repo(tmp_path / "r")
    repo.commit({"m/config.yaml": clean_config()})
    status = main(["history", str(repo.path), "--no-cache", *args])
    err = capsys.readouterr().err
    assert status == 2
    assert message in err
    assert not (repo.path / "owned.txt").exists()
    assert "Traceback" not in err


def test_a_revision_never_becomes_a_git_option(tmp_path: Path) -> None:
    from truss_secret_lint.history.gitlog import HistoryError, read_log

    repo = Repo(tmp_path / "r")
    repo.commit({"m/config.yaml": clean_config()})
    for revision in ("--output=owned.txt", "-ooops", "--exec=touch owned.txt"):
        with pytest.raises(HistoryError, match="not a revision"):
            read_log(repo.path, [revision])
    assert len(read_log(repo.path, ["--all"])) == 1
    assert not (repo.path / "owned.txt").exists()


def test_not_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", str(tmp_path), "--no-cache"]) == 2
    assert "not in a git work tree" in capsys.readouterr().err


def test_many_blobs_are_checked_in_worker_processes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from truss_secret_lint.history.objects import ObjectReader

    ended: list[int | None] = []
    close = ObjectReader.close

    def recording_close(reader: ObjectReader) -> None:
        close(reader)
        ended.append(reader._process.returncode)

    monkeypatch.setattr(ObjectReader, "close", recording_close)
    repo = Repo(tmp_path / "r")
    files: dict[str, str | None] = {"m/config.yaml": clean_config()}
    files |= {f"m/model/part{i}.py": f"VALUE = {i}\n" for i in range(120)}
    repo.commit(files)
    added = repo.commit({"m/model/part7.py": f"SECRET_KEY = '{OTHER}'\n"})
    status = main(["history", str(repo.path), "--no-cache", "--format", "json", "--jobs", "2"])
    found = json.loads(capsys.readouterr().out)
    assert status == 1
    assert [(x["path"], x["commit"]) for x in found] == [("m/model/part7.py", added)]
    # `git cat-file` ended on its own when its input closed, not killed after waiting 10 s for
    # an end of input that the forked workers (holding its stdin) kept from it
    assert ended and set(ended) == {0}, ended


def test_pre_push_hook_through_real_pre_commit(
    tmp_path: Path, hook_source: tuple[Path, str, Path]
) -> None:
    hooks_repo, rev, home = hook_source
    remote = tmp_path / "remote.git"
    initialised = git("init", "-q", "--bare", str(remote), cwd=tmp_path, timeout=60)
    assert initialised.returncode == 0, initialised.stderr
    repo = Repo(tmp_path / "project")
    repo.commit(
        {
            ".pre-commit-config.yaml": (
                f"repos:\n  - repo: {hooks_repo.as_posix()}\n    rev: {rev}\n"
                "    hooks:\n      - id: truss-secret-lint-history\n"
            ),
            "m/config.yaml": clean_config(),
            "m/model/model.py": MODEL,
        }
    )
    # The hook's cache goes to the session's private cache home (TRUSS_SECRET_LINT_CACHE_DIR,
    # conftest.py). XDG_CACHE_HOME stays the user's: pip, run by pre-commit to build the hook's
    # environment, keeps its wheel cache there, as on a user's machine (an empty one made pip
    # download a 93 MB compiler and rebuild ruamel.yaml's libyaml binding, minutes).
    env = {**pre_commit_env(home), **GIT_ENV}
    install_pre_commit(repo.path, env, "pre-push")
    repo.git("remote", "add", "origin", str(remote))

    def push() -> subprocess.CompletedProcess[str]:
        return git("push", "-q", "origin", "main", cwd=repo.path, env=env, timeout=900)

    first = push()  # a new branch: its whole history is checked
    assert first.returncode == 0, first.stdout + first.stderr
    added = repo.commit({"m/config.yaml": leaky_config()}, "oops")
    repo.commit({"m/config.yaml": clean_config()}, "fix it")
    blocked = push()
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "m/config.yaml:3:20: TSL201" in output
    assert added[:12] in output
    assert TOKEN not in output
    assert TOKEN[4:12] not in output
    # Once the leak is recorded (the token was rotated), the push goes through.
    baseline = repo.path / "history-baseline.json"
    assert main(["history", str(repo.path), "--no-cache", "--write-baseline", str(baseline)]) == 0
    write_tree(
        repo.path,
        {
            ".pre-commit-config.yaml": (
                f"repos:\n  - repo: {hooks_repo.as_posix()}\n    rev: {rev}\n"
                "    hooks:\n      - id: truss-secret-lint-history\n"
                "        args: [--baseline, history-baseline.json]\n"
            )
        },
    )
    repo.commit({}, "record the rotated token")
    passed = push()
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_the_history_hook_definition() -> None:
    from ruamel.yaml import YAML

    from tests.conftest import REPO

    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "truss-secret-lint-history"]
    assert hook["stages"] == ["pre-push"]
    assert hook["pass_filenames"] is False
    assert hook["entry"].split()[:2] == ["truss-secret-lint", "history"]


def test_the_workflow_history_job_checks_the_pull_request_range(tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    from tests.conftest import REPO
    from tests.test_hooks import _linter_executable, _run_step

    workflow = YAML(typ="safe").load(
        (REPO / "hooks" / "github-workflow.yml").read_text(encoding="utf-8")
    )
    job = workflow["jobs"]["history"]
    (step,) = [s for s in job["steps"] if s.get("run", "").startswith("truss-secret-lint")]
    assert job["steps"][0]["with"]["fetch-depth"] == 0
    repo = Repo(tmp_path / "r")
    base = repo.commit({"m/config.yaml": clean_config(), "m/model/model.py": MODEL})
    repo.git("checkout", "-q", "-b", "feature")
    added = repo.commit({"m/config.yaml": leaky_config()}, "pull request: oops")
    head = repo.commit({"m/config.yaml": clean_config()}, "pull request: fix")
    bin_dir = tmp_path / "bin"
    _linter_executable(bin_dir)
    env_run = f"export BASE={base} HEAD={head}\n{step['run']}"
    result = _run_step(env_run, repo.path, bin_dir)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("::error file=m/config.yaml,line=3")
    assert added[:12] in result.stdout
    assert TOKEN not in result.stdout + result.stderr
    clean = _run_step(f"export BASE={added} HEAD={head}\n{step['run']}", repo.path, bin_dir)
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_hostile_file_names_are_printed_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "r")
    name = "m/model/evil\x1b[31m\nname.py"
    repo.commit({"m/config.yaml": clean_config(), name: f"API_KEY = '{OTHER}'\n"})
    status = main(["history", str(repo.path), "--no-cache", "--format", "text", "--jobs", "1"])
    out = capsys.readouterr().out
    assert status == 1
    assert "\x1b" not in out
    assert "evil\\x1b[31m\\nname.py:1:11: TSL304" in out
    assert OTHER not in out
