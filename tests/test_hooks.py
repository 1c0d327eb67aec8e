"""hooks/: the plain git pre-commit hook, the problem matchers and the example workflow, exercised.

- The git hook is installed into a throw-away repository and run by real `git commit`s: it must
  lint the STAGED content (not the working tree, and the index `git commit -a` / `--only` build),
  the whole Truss a staged file belongs to, with repository-relative paths, and block the commit
  without printing the credential.
- The GitHub and VS Code problem matchers are applied to real text output of the CLI (findings of
  both severities, checked against `--format json` for the same tree); the summary and other
  non-finding lines must not match. Their regexps are also run by node when it is installed,
  since GitHub and VS Code evaluate them as ECMAScript, not Python.
- The example workflow is parsed and its lint steps are run as written, with this checkout's CLI
  standing in for the pip-installed one.
"""

from __future__ import annotations

import json
import os
import random
import re
import shlex
import shutil
import string
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import REPO, run_cli, write_tree
from tests.real_tools import GIT_IDENTITY, git
from truss_secret_lint.diagnostic import Severity
from truss_secret_lint.rules import RULES

HOOKS = REPO / "hooks"
HOOK = HOOKS / "pre-commit"
GITHUB_MATCHER = HOOKS / "github-problem-matcher.json"
VSCODE_TASKS = HOOKS / "vscode-tasks.json"
WORKFLOW = HOOKS / "github-workflow.yml"

_ALNUM = string.ascii_letters + string.digits
_rng = random.Random(3)
# Generated, never a literal: a Hugging Face token shape, and a GitHub token for a URL.
TOKEN = "hf_" + "".join(_rng.choice(_ALNUM) for _ in range(34))
GITHUB_TOKEN = "ghp_" + "".join(_rng.choice(_ALNUM) for _ in range(36))

CLEAN_CONFIG = "model_name: m\nsecrets:\n  hf_access_token: null\n"
LEAKY_CONFIG = f"model_name: m\nsecrets:\n  hf_access_token: {TOKEN}\n"  # line 3, column 20
MODEL_PY = (
    "class Model:\n"
    "    def __init__(self, **kwargs):\n"
    '        self._token = kwargs["secrets"]["hf_access_token"]\n'
)


def _linter_executable(directory: Path, name: str = "truss-secret-lint") -> Path:
    """An executable that runs this checkout's CLI, as the installed console script would."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(
        "#!/bin/sh\n"
        f"PYTHONPATH={shlex.quote(str(REPO))} "
        f'exec {shlex.quote(sys.executable)} -m truss_secret_lint "$@"\n',
        encoding="utf-8",
    )
    path.chmod(0o755)
    return path


def _assert_no_leak(output: str) -> None:
    assert TOKEN not in output
    assert TOKEN[4:16] not in output  # not even a part beyond the 4 characters shown


# --------------------------------------------------------------------------------------------
# The git pre-commit hook
# --------------------------------------------------------------------------------------------


@dataclass
class GitRepo:
    root: Path
    env: dict[str, str]

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = git(*args, cwd=self.root, env=self.env, timeout=300)
        if check and result.returncode != 0:
            raise AssertionError(f"git {' '.join(args)}: {result.stdout}{result.stderr}")
        return result

    def write(self, files: dict[str, str]) -> None:
        write_tree(self.root, files)

    def stage(self, files: dict[str, str]) -> None:
        self.write(files)
        self.git("add", "--", *files)

    def commit(self, *args: str) -> tuple[bool, str]:
        """`git commit` (hooks and all): whether a commit was made, and everything printed."""
        before = self.commits()
        result = self.git("commit", "-m", "change", *args, check=False)
        made = self.commits() == before + 1
        assert made == (result.returncode == 0), result.stdout + result.stderr
        return made, result.stdout + result.stderr

    def commits(self) -> int:
        result = self.git("rev-list", "--count", "HEAD", check=False)
        return int(result.stdout) if result.returncode == 0 else 0

    def committed(self, path: str) -> str:
        return self.git("show", f"HEAD:{path}").stdout


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A fresh repository with hooks/pre-commit installed as .git/hooks/pre-commit."""
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "tmp").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        {
            "HOME": str(home),  # no global git config (a core.hooksPath would bypass the hook)
            "XDG_CONFIG_HOME": str(home / ".config"),
            "GIT_CONFIG_NOSYSTEM": "1",
            **GIT_IDENTITY,
            "TRUSS_SECRET_LINT": str(_linter_executable(tmp_path / "bin")),
            # As in CI: the linter's default format would then be `github`; the hook must still
            # print the text format users read.
            "GITHUB_ACTIONS": "true",
            "TMPDIR": str(tmp_path / "tmp"),  # where the hook's temporary checkout goes
        }
    )
    root = tmp_path / "project"
    root.mkdir()
    git_repo = GitRepo(root, env)
    git_repo.git("init", "-q")
    hooks_dir = root / git_repo.git("rev-parse", "--git-path", "hooks").stdout.strip()
    hooks_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(HOOK, hooks_dir / "pre-commit")
    (hooks_dir / "pre-commit").chmod(0o755)
    return git_repo


def _finding(output: str, path: str, code: str = "TSL201", position: str = "3:20") -> bool:
    """Whether `output` has the text line of that finding, with the repository-relative path."""
    return re.search(rf"^{re.escape(path)}:{position}: {code} ", output, re.MULTILINE) is not None


def test_hook_script_is_executable_posix_sh() -> None:
    assert os.access(HOOK, os.X_OK), "hooks/pre-commit lost its executable bit"
    assert HOOK.read_text(encoding="utf-8").startswith("#!/bin/sh\n")
    result = subprocess.run(["sh", "-n", str(HOOK)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_hook_blocks_a_leaky_staged_config(repo: GitRepo) -> None:
    repo.stage({"my-model/config.yaml": LEAKY_CONFIG, "my-model/model/model.py": MODEL_PY})
    made, output = repo.commit()
    assert not made
    assert _finding(output, "my-model/config.yaml"), output
    assert "::error" not in output  # the text format, even under GITHUB_ACTIONS=true
    assert "--no-verify" in output  # tells how to skip
    _assert_no_leak(output)
    assert not list(Path(repo.env["TMPDIR"]).iterdir())  # the staged copy does not linger


def test_hook_passes_a_clean_commit_silently(repo: GitRepo) -> None:
    repo.stage({"my-model/config.yaml": CLEAN_CONFIG, "my-model/model/model.py": MODEL_PY})
    made, output = repo.commit("-q")
    assert made
    assert output == ""
    assert not list(Path(repo.env["TMPDIR"]).iterdir())


def test_hook_checks_the_staged_clean_version_not_the_leaky_working_copy(repo: GitRepo) -> None:
    repo.stage({"my-model/config.yaml": CLEAN_CONFIG})
    repo.write({"my-model/config.yaml": LEAKY_CONFIG})  # edited after `git add`, not staged
    made, output = repo.commit()
    assert made, output
    assert repo.committed("my-model/config.yaml") == CLEAN_CONFIG


def test_hook_checks_the_staged_leaky_version_not_the_fixed_working_copy(repo: GitRepo) -> None:
    repo.stage({"my-model/config.yaml": LEAKY_CONFIG})
    repo.write({"my-model/config.yaml": CLEAN_CONFIG})  # fixed, but the fix was not `git add`ed
    made, output = repo.commit()
    assert not made
    assert _finding(output, "my-model/config.yaml"), output
    _assert_no_leak(output)


@pytest.mark.parametrize(
    "directory",
    [
        pytest.param("my model", id="spaces"),
        pytest.param("-looks-like-an-option", id="leading-dash"),
        pytest.param("modèle über", id="non-ascii"),
    ],
)
def test_hook_handles_unusual_file_names(repo: GitRepo, directory: str) -> None:
    repo.stage({f"{directory}/config.yaml": LEAKY_CONFIG, f"{directory}/notes .txt": "x\n"})
    made, output = repo.commit()
    assert not made
    assert _finding(output, f"{directory}/config.yaml"), output

    repo.stage({f"{directory}/config.yaml": CLEAN_CONFIG})
    made, output = repo.commit()
    assert made, output


def test_hook_passes_a_commit_touching_no_truss_file(repo: GitRepo) -> None:
    # A leaky Truss already in history (committed with --no-verify, which skips the hook) ...
    repo.stage({"my-model/config.yaml": LEAKY_CONFIG})
    made, _ = repo.commit("--no-verify")
    assert made
    # ... does not block commits that do not touch it: only staged files are checked.
    repo.stage({"README.md": "# models\n", "docs/notes.txt": "nothing here\n"})
    made, output = repo.commit()
    assert made, output
    # Deleting files stages nothing to check either.
    repo.git("rm", "-q", "docs/notes.txt")
    made, output = repo.commit()
    assert made, output


def test_hook_lints_the_whole_truss_of_a_staged_file(repo: GitRepo) -> None:
    """Only model.py is staged, but its Truss's (committed, leaky) config.yaml is checked with it:
    the temporary tree has the Truss's other files."""
    repo.stage({"my-model/config.yaml": LEAKY_CONFIG, "my-model/model/model.py": MODEL_PY})
    made, _ = repo.commit("--no-verify")
    assert made
    repo.stage({"my-model/model/model.py": MODEL_PY + "# touched\n"})
    made, output = repo.commit()
    assert not made
    assert _finding(output, "my-model/config.yaml"), output
    _assert_no_leak(output)


@pytest.mark.parametrize(
    "commit_args",
    [
        pytest.param(("-a",), id="commit-a"),
        pytest.param(("--", "my-model/config.yaml"), id="commit-only-path"),
    ],
)
def test_hook_checks_the_index_that_git_commit_builds(
    repo: GitRepo, commit_args: tuple[str, ...]
) -> None:
    """`git commit -a` and `git commit PATH` commit from a temporary index (GIT_INDEX_FILE): the
    leaky working copy they are about to commit is what the hook must check."""
    repo.stage({"my-model/config.yaml": CLEAN_CONFIG})
    assert repo.commit()[0]
    repo.write({"my-model/config.yaml": LEAKY_CONFIG})
    made, output = repo.commit(*commit_args)
    assert not made
    assert _finding(output, "my-model/config.yaml"), output


def test_hook_does_not_run_filter_drivers(repo: GitRepo) -> None:
    """The index is checked out without smudge filters (git-lfs would copy or download every
    model weight file): a filter that fails on checkout must not matter."""
    repo.git("config", "filter.boom.clean", "cat")
    repo.git("config", "filter.boom.smudge", "false")
    repo.git("config", "filter.boom.required", "true")
    repo.stage({".gitattributes": "*.bin filter=boom\n", "weights.bin": "not really weights\n"})
    assert repo.commit("--no-verify")[0]
    repo.stage({"my-model/config.yaml": CLEAN_CONFIG})
    made, output = repo.commit()
    assert made, output
    repo.stage({"my-model/config.yaml": LEAKY_CONFIG})
    made, output = repo.commit()
    assert not made
    assert _finding(output, "my-model/config.yaml"), output


def test_hook_reads_settings_from_the_staged_pyproject(repo: GitRepo) -> None:
    repo.stage(
        {
            "pyproject.toml": '[tool.truss-secret-lint]\nignore = ["TSL201"]\n',
            "my-model/config.yaml": LEAKY_CONFIG,
        }
    )
    made, output = repo.commit()
    assert made, output


def test_hook_finds_the_linter_by_a_relative_truss_secret_lint(repo: GitRepo) -> None:
    _linter_executable(repo.root / "tools", "lint it")  # untracked, relative to the repository
    repo.env["TRUSS_SECRET_LINT"] = "tools/lint it"
    repo.stage({"my-model/config.yaml": LEAKY_CONFIG})
    made, output = repo.commit()
    assert not made
    assert _finding(output, "my-model/config.yaml"), output


def test_hook_blocks_when_the_linter_cannot_run(repo: GitRepo) -> None:
    repo.env["TRUSS_SECRET_LINT"] = str(repo.root.parent / "no-such-linter")
    repo.stage({"my-model/config.yaml": CLEAN_CONFIG})
    made, output = repo.commit()
    assert not made
    assert "cannot run" in output


# --------------------------------------------------------------------------------------------
# Problem matchers (GitHub Actions, VS Code)
# --------------------------------------------------------------------------------------------

FINDINGS_TREE = {
    "my model/config.yaml": (
        "model_name: m\n"
        "requirements:\n"
        f"  - git+https://{GITHUB_TOKEN}@github.com/acme/tokenizers.git\n"  # TSL204 error
        "environment_variables:\n"
        "  hf_access_token: null\n"  # TSL108 warning
        "secrets:\n"
        f"  hf_token: {TOKEN}\n"  # TSL201 error
        '  wandb_api_key: "ENTER YOUR W&B KEY HERE"\n'  # TSL202 warning
    ),
    "my model/model/model.py": (
        "import logging\n\n\n"
        "class Model:\n"
        "    def __init__(self, **kwargs):\n"
        '        self._secrets = kwargs["secrets"]\n'
        '        self._hf = self._secrets["hf_token"]\n'
        '        self._wandb = self._secrets["wandb_api_key"]\n\n'
        "    def load(self):\n"
        '        logging.info("token %s", self._hf)\n'  # TSL305 warning
        '        return self._secrets["openai_api_key"]\n'  # TSL301 error
    ),
}


@dataclass(frozen=True)
class Matcher:
    owner: str
    severity: str
    regexp: str
    groups: dict[str, int]  # file, line, column, code, message → group number

    def match(self, line: str) -> dict[str, str] | None:
        found = re.search(self.regexp, line)
        if found is None:
            return None
        return {name: found.group(index) for name, index in self.groups.items()}


def _matcher(entry: dict[str, Any]) -> Matcher:
    pattern = entry["pattern"]
    if isinstance(pattern, list):  # GitHub: a list of patterns (ours are single-line)
        assert len(pattern) == 1
        (pattern,) = pattern
    groups = {k: v for k, v in pattern.items() if k != "regexp"}
    return Matcher(entry["owner"], entry["severity"], pattern["regexp"], groups)


def _github_matchers() -> list[Matcher]:
    data = json.loads(GITHUB_MATCHER.read_text(encoding="utf-8"))
    return [_matcher(entry) for entry in data["problemMatcher"]]


def _vscode_task() -> dict[str, Any]:
    data = json.loads(VSCODE_TASKS.read_text(encoding="utf-8"))
    assert data["version"] == "2.0.0"
    (task,) = data["tasks"]
    return task  # type: ignore[no-any-return]


def _vscode_matchers() -> list[Matcher]:
    return [_matcher(entry) for entry in _vscode_task()["problemMatcher"]]


MATCHER_SETS = [
    pytest.param(_github_matchers, id="github"),
    pytest.param(_vscode_matchers, id="vscode"),
]


def _assert_finding_lines_match(
    matchers: list[Matcher], text: str, expected: list[dict[str, Any]]
) -> None:
    """Each of the first len(expected) lines is captured by exactly one matcher, with the
    finding's fields; every other line (the summary) by none."""
    lines = text.splitlines()
    assert len(lines) == len(expected) + 1, text
    for line, finding in zip(lines, expected, strict=False):
        hits = [(m, captured) for m in matchers if (captured := m.match(line)) is not None]
        assert len(hits) == 1, f"{len(hits)} matchers capture {line!r}"
        ((matcher, captured),) = hits
        assert captured == {
            "file": finding["path"],
            "line": str(finding["line"]),
            "column": str(finding["column"]),
            "code": finding["code"],
            "message": finding["message"],
        }, line
        assert matcher.severity == finding["severity"], line
    for line in lines[len(expected) :]:
        assert all(m.match(line) is None for m in matchers), line


def _expected_findings(tree: Path) -> list[dict[str, Any]]:
    result = run_cli("--format", "json", ".", cwd=tree)
    assert result.returncode == 1, result.stderr
    findings: list[dict[str, Any]] = json.loads(result.stdout)
    assert {f["severity"] for f in findings} == {"error", "warning"}  # the tree has both kinds
    return findings


@pytest.mark.parametrize("matchers", MATCHER_SETS)
def test_matchers_capture_every_finding_of_real_output(tmp_path: Path, matchers: Any) -> None:
    tree = write_tree(tmp_path, FINDINGS_TREE)
    expected = _expected_findings(tree)
    result = run_cli("--format", "text", ".", cwd=tree)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[-1].startswith("Found 6 problems (3 errors, 3 warnings)")
    _assert_finding_lines_match(matchers(), result.stdout, expected)
    _assert_no_leak(result.stdout)


@pytest.mark.parametrize("matchers", MATCHER_SETS)
def test_matchers_ignore_lines_that_are_not_findings(tmp_path: Path, matchers: Any) -> None:
    tree = write_tree(tmp_path / "findings", FINDINGS_TREE)
    clean = write_tree(tmp_path / "clean", {"m/config.yaml": CLEAN_CONFIG})
    passed = run_cli("--format", "text", ".", cwd=clean).stdout
    statistics = run_cli("--format", "text", "--statistics", ".", cwd=tree).stdout
    fixed = run_cli("--format", "text", "--fix", ".", cwd=tree).stdout  # `fixed path:l:c: CODE`
    assert passed.startswith("All checks passed!")
    assert any(line.startswith("fixed my model/config.yaml:") for line in fixed.splitlines())
    after_fix = [line for line in fixed.splitlines() if not line.startswith("my model/")]
    for line in [*passed.splitlines(), *statistics.splitlines(), *after_fix]:
        assert all(m.match(line) is None for m in matchers()), line


def _warning_alternation() -> str:
    """`104|108|…`: the warning rules' numbers, as the matchers' regexps list them."""
    return "|".join(r.code.removeprefix("TSL") for r in RULES if r.severity is Severity.WARNING)


@pytest.mark.parametrize("matchers", MATCHER_SETS)
def test_matchers_give_every_rule_its_severity(matchers: Any) -> None:
    """One matcher per severity (GitHub's answer for tools that do not print it: ADR 0006): every
    registered code is captured by exactly the matcher of its rule's severity."""
    by_severity = {m.severity: m for m in matchers()}
    assert set(by_severity) == {"error", "warning"}
    for rule in RULES:
        line = f"a/config.yaml:1:1: {rule.code} a message [{rule.name}]"
        hits = [m.severity for m in matchers() if m.match(line) is not None]
        expected = "error" if rule.severity is Severity.ERROR else "warning"
        assert hits == [expected], (
            f"{rule.code} is a {rule.severity.value} but the matchers say {hits}: in "
            "hooks/github-problem-matcher.json and hooks/vscode-tasks.json the warning codes are "
            f"TSL(?:{_warning_alternation()})"
        )
    # A code added later without updating the matchers is reported, as an error.
    assert [m.severity for m in matchers() if m.match("a.py:1:1: TSL999 new [new]")] == ["error"]


def test_matcher_files_agree_and_are_well_formed() -> None:
    github, vscode = _github_matchers(), _vscode_matchers()
    assert len({m.owner for m in github}) == len(github)  # GitHub requires distinct owners
    assert all(m.owner.startswith("truss-secret-lint") for m in [*github, *vscode])
    assert {m.severity: m.regexp for m in github} == {m.severity: m.regexp for m in vscode}
    for matcher in github:
        assert set(matcher.groups) == {"file", "line", "column", "code", "message"}
        # The common subset of ECMAScript (GitHub, VS Code) and Python regular expressions.
        for construct in ("(?P", "(?<", "(?i", "(?#", "\\A", "\\Z", "\\z", "[[:"):
            assert construct not in matcher.regexp, (matcher.owner, construct)
    task = _vscode_task()
    for entry in task["problemMatcher"]:
        assert entry["fileLocation"] == ["relative", "${workspaceFolder}"]
    assert task["options"]["cwd"] == "${workspaceFolder}"


def test_vscode_task_command_output_is_matched(tmp_path: Path) -> None:
    """The task's own command line (run from the workspace folder) produces what it matches."""
    tree = write_tree(tmp_path, FINDINGS_TREE)
    task = _vscode_task()
    assert task["command"] == "truss-secret-lint"
    result = run_cli(*task["args"], cwd=tree, env={"FORCE_COLOR": "1"})  # as in a terminal
    assert result.returncode == 1, result.stderr
    _assert_finding_lines_match(_vscode_matchers(), result.stdout, _expected_findings(tree))


def test_matchers_behave_the_same_in_javascript(tmp_path: Path) -> None:
    """VS Code runs the regexps as JavaScript (and GitHub's runner as .NET): same captures."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    tree = write_tree(tmp_path, FINDINGS_TREE)
    lines = run_cli("--format", "text", ".", cwd=tree).stdout.splitlines()
    matchers = _github_matchers()
    script = (
        "const [regexps, lines] = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "const out = lines.map(l => regexps.map(r => { const m = new RegExp(r).exec(l);"
        " return m ? Array.from(m) : null; }));\n"
        "process.stdout.write(JSON.stringify(out));\n"
    )
    result = subprocess.run(
        [node, "-e", script],
        input=json.dumps([[m.regexp for m in matchers], lines]),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    in_javascript = json.loads(result.stdout)
    in_python = [
        [(list(f.group(0, *range(1, f.re.groups + 1))) if f else None) for f in found]
        for found in ([re.search(m.regexp, line) for m in matchers] for line in lines)
    ]
    assert in_javascript == in_python
    assert sum(1 for row in in_python if any(row)) == len(lines) - 1  # all but the summary


# --------------------------------------------------------------------------------------------
# The example GitHub workflow
# --------------------------------------------------------------------------------------------


def _workflow() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def _steps_running_the_linter(steps: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    return [
        (index, step)
        for index, step in enumerate(steps)
        if "run" in step
        and shlex.split(step["run"])[0] == "truss-secret-lint"  # not `pip install truss-...`
    ]


def _sarif_job() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], int, int]:
    """The job uploading SARIF: (job, lint step, upload step, lint index, upload index)."""
    for job in _workflow()["jobs"].values():
        steps = job["steps"]
        uploads = [
            (i, s)
            for i, s in enumerate(steps)
            if s.get("uses") == "github/codeql-action/upload-sarif@v3"
        ]
        if uploads:
            ((upload_index, upload),) = uploads
            ((lint_index, lint),) = _steps_running_the_linter(steps)
            return job, lint, upload, lint_index, upload_index
    raise AssertionError("no job uploads SARIF with github/codeql-action/upload-sarif@v3")


def _redirect_target(run: str) -> str:
    words = shlex.split(run)
    assert words.count(">") == 1, run
    return words[words.index(">") + 1]


def test_workflow_uploads_the_sarif_file_it_writes() -> None:
    workflow = _workflow()
    assert "on" in workflow  # YAML 1.2: `on` is a key, not True
    job, lint, upload, lint_index, upload_index = _sarif_job()
    permissions = {**workflow.get("permissions", {}), **job.get("permissions", {})}
    assert permissions["security-events"] == "write"
    words = shlex.split(lint["run"])
    assert words[words.index("--format") + 1] == "sarif"
    assert lint_index < upload_index
    assert upload["with"]["sarif_file"] == _redirect_target(lint["run"])
    # Findings must not stop the upload: either the lint step exits 0 or the upload always runs.
    assert "--exit-zero" in words or "always()" in str(upload.get("if", ""))
    installs = [s["run"] for s in job["steps"][:lint_index] if "pip install" in s.get("run", "")]
    assert installs, "the linter is not installed before it runs"
    assert "truss-secret-lint" in shlex.split(installs[0])


def test_workflow_registers_the_problem_matcher_before_linting_as_text() -> None:
    for job in _workflow()["jobs"].values():
        steps = job["steps"]
        adds = [
            (i, found.group(1))
            for i, s in enumerate(steps)
            if (found := re.search(r"::add-matcher::([^\"'\s]+)", s.get("run", "")))
        ]
        if not adds:
            continue
        ((add_index, path),) = adds
        assert (REPO / path).resolve() == GITHUB_MATCHER.resolve()
        ((lint_index, lint),) = _steps_running_the_linter(steps)
        assert add_index < lint_index
        words = shlex.split(lint["run"])
        # Under Actions the default format is `github`, which the matcher does not read.
        assert words[words.index("--format") + 1] == "text"
        return
    raise AssertionError("no job adds the problem matcher")


def _run_step(run: str, tree: Path, bin_dir: Path) -> subprocess.CompletedProcess[str]:
    """A workflow `run:` as the runner executes it (bash -e), with our CLI on PATH."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    env = {k: v for k, v in os.environ.items() if k != "FORCE_COLOR"}
    env.update(
        {
            "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
            "GITHUB_ACTIONS": "true",
            "CI": "true",
        }
    )
    return subprocess.run(
        [bash, "-e", "-c", run],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_workflow_lint_steps_work_as_written(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    _linter_executable(bin_dir)
    tree = write_tree(tmp_path / "checkout", FINDINGS_TREE)
    expected = _expected_findings(tree)

    _, lint, upload, _, _ = _sarif_job()
    result = _run_step(lint["run"], tree, bin_dir)
    assert result.returncode == 0, result.stderr
    sarif = json.loads((tree / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    assert sorted(r["ruleId"] for r in run["results"]) == sorted(f["code"] for f in expected)
    (tree / upload["with"]["sarif_file"]).unlink()

    (text_step,) = [
        step
        for job in _workflow()["jobs"].values()
        if any("::add-matcher::" in s.get("run", "") for s in job["steps"])
        for _, step in _steps_running_the_linter(job["steps"])
    ]
    result = _run_step(text_step["run"], tree, bin_dir)
    assert result.returncode == 1, result.stderr  # findings fail this job
    _assert_finding_lines_match(_github_matchers(), result.stdout, expected)
