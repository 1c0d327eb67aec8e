"""SPEC §6 as a property: wherever a credential of any detector's shape is planted, no output
shows more than its first 4 characters.

Hypothesis picks the shapes (every detector's, from `credential_samples`), the seeds and the
places — secrets values and names, environment_variables, start_command, model_metadata,
requirements URLs, build commands, comments, broken YAML whose parser error quotes the line;
string literals, `os.environ` assignments, logging calls, secret keys and syntax errors in
code — then runs every output format, `--diff`, `--write-baseline FILE` and `--statistics`,
and searches stdout, stderr and every file the run wrote (baseline, cache) for any 8-character
piece of the value after its first 4 characters.

The runs call the command line in-process (tests/conftest.py `run_cli`, one per format and option
per example, 15 examples, a few seconds in all). Every shape in every place at once, one Truss
per shape (and one per place that breaks its file), runs the same way deterministically, and
through the real subprocess once. Last,
internal failures: a parser or detector that raises an exception quoting the credential must end
in exit 2 and one line on stderr, without the value.

The second half holds values that NO detector recognises, in value positions (SPEC §6: text from
a value position is shown only redacted, a name verbatim only when plausible): an undefined alias,
a tag, an undefined tag handle (the parser quotes both), a `key:value` typo read as one key (a
secret NAME in messages, JSON `secret` and the baseline), a noqa-suppressed value and a plain value
in `--diff` context, a short PIN; through all 8 formats, `--diff`, `--statistics`, the baseline,
the cache directory, the progress line on a pseudo-terminal, and `TSL_DEBUG=1` tracebacks of an
internal error. Each of those shapes made the test fail before the one-rule redaction.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, run_cli, run_cli_process, write_tree
from tests.samples import credential_samples

KINDS = tuple(sorted(credential_samples(0)))
FORMATS = ("text", "json", "sarif", "github", "json-lines", "junit", "gitlab", "pylint")

# Where a value can sit. `{v}` is the credential; each config snippet is a top-level section.
CONFIG_PLACES = {
    "secret-default": "secrets:\n  hf_access_token: {v}\n",
    "secret-default-quoted": 'secrets:\n  api_key: "{v}"\n',
    "secret-name": "secrets:\n  {v}: null\n",
    "secret-name-quoted": "secrets:\n  '{v}': some default\n",
    "secret-flow": "secrets: {{token: '{v}', other: null}}\n",
    "env-value": "environment_variables:\n  API_TOKEN: {v}\n",
    "env-name": "environment_variables:\n  {v}: null\n",
    "start-command": 'docker_server:\n  start_command: "serve --token={v} --port 80"\n',
    "metadata": "model_metadata:\n  example:\n    - note: {v}\n",
    "requirements-user": "requirements:\n  - git+https://{v}@github.com/org/repo.git\n",
    "requirements-password": "requirements:\n  - https://user:{v}@pypi.example.com/simple/pkg\n",
    "build-commands": "build_commands:\n  - export TOKEN={v} && pip install x\n",
    "comment": "# the token is {v}\nmodel_metadata: {{}}\n",
    "misspelled-block": "secret:\n  hf_access_token: {v}\n",
    "top-level-secret": "hf_access_token: {v}\n",
    "unterminated-quote": 'secrets:\n  k: "{v}\n',
    "bad-indent": "secrets:\n  k: {v}\n k2: {v}\n",
    "tab": "secrets:\n\tk: {v}\n",
    "colon-in-value": "secrets:\n  k: {v}: more\n",
    "noqa": "secrets:\n  k: {v}  # noqa: TSL201\n",
}
CODE_PLACES = {
    "literal": "K = '{v}'\n",
    "environ": "os.environ['HF_TOKEN'] = '{v}'\n",
    "logging": "logging.info('token %s', '{v}')\n",
    "print": 'print(f"using {v}")\n',
    "default-arg": "def connect(token='{v}'):\n    return token\n",
    "dict": "CONFIG = {{'api_key': '{v}'}}\n",
    "secret-key": "def read(secrets):\n    return secrets['{v}']\n",
    "bytes": "B = b'{v}'\n",
    "syntax-error": "x = '{v}' +\n",
    "py2-print": "print '{v}'\n",
}
MODEL_HEAD = (
    "import logging\nimport os\n"
    "class Model:\n"
    "    def __init__(self, **kwargs):\n"
    "        self._secrets = kwargs['secrets']\n"
    "        self._token = self._secrets['hf_access_token']\n"
    "        logging.info(self._secrets['{v}'])\n"
)


@dataclass(frozen=True)
class Placement:
    where: str
    kind: str
    seed: int

    @property
    def value(self) -> str:
        return _samples(self.seed)[self.kind]


@functools.cache
def _samples(seed: int) -> dict[str, str]:
    return credential_samples(seed)


@functools.cache
def is_credential(value: str) -> bool:
    """What §6 protects: a value the detectors recognise. (`credential_samples` can draw a
    Baseten-shaped key whose long part has no digit; the detector rejects those on purpose, as
    a camelCase attribute after a dot is not a key.)"""
    from truss_secret_lint.detectors import find_credentials

    return bool(find_credentials(value))


def placements(places: dict[str, str]) -> st.SearchStrategy[Placement]:
    return st.builds(
        Placement,
        where=st.sampled_from(sorted(places)),
        kind=st.sampled_from(KINDS),
        seed=st.integers(min_value=0, max_value=10**6),
    ).filter(lambda placement: is_credential(placement.value))


def _tree(config: list[Placement], code: list[Placement]) -> dict[str, str]:
    config_text = "model_name: leak\n" + "".join(
        CONFIG_PLACES[p.where].format(v=p.value) for p in config
    )
    files = {"t/config.yaml": config_text}
    head = MODEL_HEAD.format(v=code[0].value) if code else MODEL_HEAD.format(v="x")
    body = "".join(CODE_PLACES[p.where].format(v=p.value) for p in code)
    files["t/model/model.py"] = head + body
    files["t/model/helper.py"] = "".join(
        CODE_PLACES[p.where].format(v=p.value) for p in reversed(code)
    )
    if config:
        store = config[0].value
        files["t/.truss/config.yaml"] = f"secrets:\n  k: {store}\n"
        files["store/.trussrc"] = f"[baseten]\napi_key = {store}\n"
    return files


def windows(value: str, size: int = 8) -> set[str]:
    """Every `size`-character piece of the value after its first 4 (which may be shown)."""
    return {value[i : i + size] for i in range(4, len(value) - size + 1)}


def leaks(values: list[str], text: str) -> list[str]:
    return _found_in(_pieces(tuple(values)), text)


@functools.lru_cache(maxsize=8)
def _pieces(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for value in values for w in windows(value))


def _found_in(pieces: frozenset[str], text: str, size: int = 8) -> list[str]:
    """The `size`-character pieces that occur in `text` (one pass over the text's own pieces,
    not one search of the text per piece: the outputs of a whole table are long)."""
    return sorted(pieces.intersection(text[i : i + size] for i in range(len(text) - size + 1)))


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}


def _main(root: Path, argv: list[str]) -> tuple[int, str]:
    """One in-process run in `root`, its default cache home inside `root` (so that what it writes
    there is searched too); the exit status and stdout + stderr."""
    result = run_cli(*argv, cwd=root, env={"TRUSS_SECRET_LINT_CACHE_DIR": str(root / "home")})
    return result.returncode, result.stdout + result.stderr


def _runs() -> list[list[str]]:
    runs = [["--format", fmt, "--cache-dir", "cache", "."] for fmt in FORMATS]
    runs.append(["--diff", "."])
    runs.append(["--write-baseline", "baseline.json", "."])
    runs.append(["--statistics", "--no-cache", "."])
    return runs


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    config=st.lists(placements(CONFIG_PLACES), min_size=0, max_size=4),
    code=st.lists(placements(CODE_PLACES), min_size=0, max_size=4),
)
def test_no_output_or_written_file_holds_a_planted_credential(
    tmp_path_factory: pytest.TempPathFactory, config: list[Placement], code: list[Placement]
) -> None:
    root = tmp_path_factory.mktemp("leak")
    write_tree(root, _tree(config, code))
    values = [p.value for p in config + code]
    before = _snapshot(root)
    for argv in _runs():
        status, output = _main(root, argv)
        assert status in (0, 1), (argv, output[-500:])
        assert not leaks(values, output), (argv, leaks(values, output)[:3])
    after = _snapshot(root)
    assert (root / "baseline.json") in after
    assert (root / "cache").is_dir()
    for path, data in after.items():
        if before.get(path) != data:
            assert path not in before, f"{path} was changed by a run that must not write it"
            text = data.decode("utf-8", errors="replace")
            assert not leaks(values, text), (path, leaks(values, text)[:3])


def _recognised(where: str, kind: str, seed: int) -> Placement:
    """The placement of the first credential of `kind` from `seed` on that the detectors know."""
    while not is_credential(Placement(where, kind, seed).value):
        seed += 1000
    return Placement(where, kind, seed)


BREAKS_CONFIG = ("unterminated-quote", "bad-indent", "tab", "colon-in-value")
BREAKS_CODE = ("syntax-error", "py2-print")


def _every_shape_everywhere(kinds: tuple[str, ...] = KINDS) -> tuple[dict[str, str], list[str]]:
    """For every shape, a Truss (and local stores) holding a credential of it in every place
    at once, and one Truss per place that breaks its file; the files and the values."""
    files: dict[str, str] = {}
    values: list[str] = []
    for kind in kinds:
        places = sorted(CONFIG_PLACES) + sorted(CODE_PLACES)
        placed = {where: _recognised(where, kind, 500 + i) for i, where in enumerate(places)}
        config = [placed[w] for w in sorted(CONFIG_PLACES) if w not in BREAKS_CONFIG]
        code = [placed[w] for w in sorted(CODE_PLACES) if w not in BREAKS_CODE]
        files |= {f"{kind}/{path}": text for path, text in _tree(config, code).items()}
        for where in BREAKS_CONFIG:
            text = CONFIG_PLACES[where].format(v=placed[where].value)
            files[f"{kind}/{where}/config.yaml"] = "model_name: b\n" + text
        for where in BREAKS_CODE:
            files[f"{kind}/{where}/config.yaml"] = "model_name: b\n"
            files[f"{kind}/{where}/model/model.py"] = CODE_PLACES[where].format(
                v=placed[where].value
            )
        values += [p.value for p in placed.values()]
    return files, values


def test_every_shape_in_every_place_through_every_output(tmp_path: Path) -> None:
    """The table the property samples from, all of it: every format, `--diff`, the baseline,
    `--statistics`, the cache directory and the cache home, for every shape in every place."""
    files, values = _every_shape_everywhere()
    write_tree(tmp_path, files)
    before = _snapshot(tmp_path)
    found: set[tuple[str, str]] = set()
    for argv in _runs():  # one process: --jobs 2 gives the same output (tests/test_determinism.py)
        status, output = _main(tmp_path, ["--jobs", "1", *argv])
        assert status == (0 if "--write-baseline" in argv else 1), (argv, output[-500:])
        assert not leaks(values, output), (argv, leaks(values, output)[:3])
        if argv[:2] == ["--format", "json"]:
            found = {(d["path"], d["code"]) for d in json.loads(output)}
    for kind in KINDS:  # each shape is recognised where it is planted
        assert {(f"{kind}/t/config.yaml", "TSL201"), (f"{kind}/store/.trussrc", "TSL205")} <= found
    after = _snapshot(tmp_path)
    written = [path for path, data in after.items() if before.get(path) != data]
    assert tmp_path / "baseline.json" in written
    assert any("home" in path.parts and path.suffix == ".entry" for path in written)
    assert any("cache" in path.parts and path.suffix == ".entry" for path in written)
    for path in written:
        assert path not in before, f"{path} was changed by a run that must not write it"
        text = after[path].decode("utf-8", errors="replace")
        assert not leaks(values, text), (path, leaks(values, text)[:3])


def test_every_shape_through_the_real_command_line(tmp_path: Path) -> None:
    """The same places through the subprocess: stdout and stderr as a user sees them."""
    files, values = _every_shape_everywhere(("huggingface", "github_fine_grained"))
    write_tree(tmp_path, files)
    result = run_cli_process(".", cwd=tmp_path, env={"TSL_DEBUG": "0"})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    output = result.stdout + result.stderr
    assert "TSL201" in output and "TSL205" in output
    assert not leaks(values, output), leaks(values, output)[:3]


# ------------------------------------------------------------------------------------------
# Internal failures: exit 2, one line on stderr naming an internal error, no value, no traceback
# ------------------------------------------------------------------------------------------

VALUE = credential_samples(seed=77)["huggingface"]
SHIMS = {
    # The YAML parser raises mid-run with the credential (twice, on two lines) in its message.
    "parser": (
        "import os\n"
        "import truss_secret_lint.config_facts.compose as target\n"
        "def compose(source):\n"
        "    value = os.environ['TSL_TEST_VALUE']\n"
        "    raise RuntimeError('parser exploded on ' + value + '\\nsecond line ' + value)\n"
        "target.compose = compose\n"
    ),
    # A detector raises on the text that holds the credential, quoting it.
    "detector": (
        "import os\n"
        "import truss_secret_lint.detectors as package\n"
        "import truss_secret_lint.detectors.adapter as adapter\n"
        "real = adapter.find_credentials\n"
        "def find_credentials(text):\n"
        "    value = os.environ['TSL_TEST_VALUE']\n"
        "    if value in text:\n"
        "        raise ValueError('detector failed on ' + value)\n"
        "    return real(text)\n"
        "adapter.find_credentials = package.find_credentials = find_credentials\n"
    ),
    # The parser raises with the value on one line: the contract holds today.
    "parser-one-line": (
        "import os\n"
        "import truss_secret_lint.config_facts.compose as target\n"
        "def compose(source):\n"
        "    raise RuntimeError('parser exploded on ' + os.environ['TSL_TEST_VALUE'])\n"
        "target.compose = compose\n"
    ),
}


def _failing_run(
    tmp_path: Path, shim: str, *args: str, debug: str = "0", trusses: int = 1
) -> subprocess.CompletedProcess[str]:
    """Run the CLI with a `sitecustomize` shim (in the test's temp dir, first on PYTHONPATH)
    that makes part of the linter raise mid-run, on `trusses` Trusses holding the value."""
    files = {"shim/sitecustomize.py": SHIMS[shim]}
    for index in range(trusses):
        files[f"tree/t{index}/config.yaml"] = f"model_name: m\nsecrets:\n  k: {VALUE}\n"
        files[f"tree/t{index}/model/model.py"] = f"K = '{VALUE}'\n"
    write_tree(tmp_path, files)
    return run_cli_process(
        *args,
        ".",
        cwd=tmp_path / "tree",
        env={
            "PYTHONPATH": f"{tmp_path / 'shim'}{os.pathsep}{REPO}",
            "TSL_TEST_VALUE": VALUE,
            "TSL_TEST_PLAIN": PLAIN,
            "TSL_DEBUG": debug,
        },
    )


def _assert_internal_error_contract(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-1500:]
    assert not leaks([VALUE], result.stdout + result.stderr), result.stderr[-500:]
    assert result.returncode == 2, (result.returncode, result.stderr[-500:])
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "internal error" in lines[0]


def test_internal_error_in_a_worker_process_ends_in_one_line(tmp_path: Path) -> None:
    """Enough Trusses for `--jobs 2` to use the process pool: the failure comes from a worker."""
    from truss_secret_lint.engine import PARALLEL_THRESHOLD

    result = _failing_run(
        tmp_path, "parser", "--no-cache", "--jobs", "2", trusses=PARALLEL_THRESHOLD + 2
    )
    _assert_internal_error_contract(result)


# ------------------------------------------------------------------------------------------
# Values in value positions that no detector knows (SPEC §6, second paragraph)
# ------------------------------------------------------------------------------------------
# Each shape puts `{v}` where truss reads a VALUE, or where a parser quotes the file; none of
# them is a credential shape, so only the one rule "text from a value position is shown
# redacted" keeps them out of the output. Each shape is a whole Truss of its own (a shape that
# breaks the YAML must not hide the others), with a model that reads `hf_access_token`.

VALUE_SHAPES = {
    # an undefined alias: the parser's message quotes its name
    "undefined-alias": "secrets:\n  hf_access_token: null\n  db_password: *{v}\n",
    # a tag: TSL102 named the tag
    "tag": "secrets:\n  hf_access_token: null\n  db_password: !{v} x\n",
    # an undefined tag handle: the parser's message quotes it
    "tag-handle": "secrets:\n  hf_access_token: null\n  db_password: !{v}!x y\n",
    # a missing space: `db_password:VALUE` is one key, printed as a secret NAME
    "key-value-typo": "secrets: {{hf_access_token: null, db_password:{v}}}\n",
    # a credential suppressed with noqa next to a fixable default: `--diff` context
    "noqa-in-diff-context": (
        "secrets:\n  hf_access_token: some-default\n  db_password: {v}  # noqa\n"
    ),
    # a value under a key that is not a secret, next to a fix: `--diff` context
    "value-in-diff-context": (
        "environment_variables:\n  DB_URL: {v}\nsecrets:\n  hf_access_token: some-default\n"
    ),
}
VALUE_MODEL = (
    "class Model:\n"
    "    def __init__(self, **kwargs):\n"
    "        self._token = kwargs['secrets']['hf_access_token']\n"
)

# A plain value no detector recognises: a capital, a lowercase letter, a digit, then 6-18
# letters and digits; it can be an alias name, a tag and a plain scalar alike.
plain_values = st.from_regex(r"[A-Z][a-z][0-9][A-Za-z0-9]{6,18}", fullmatch=True)


def value_leaks(values: list[str], text: str) -> list[str]:
    """Pieces of 8 characters of a value, from its second character on (the redacted form
    shows at most the first 4): any one in the text is a leak."""
    return _found_in(frozenset(v[i : i + 8] for v in values for i in range(1, len(v) - 7)), text)


def _value_tree(shapes: list[str], value: str) -> dict[str, str]:
    files: dict[str, str] = {}
    for shape in shapes:
        files[f"{shape}/config.yaml"] = "model_name: m\n" + VALUE_SHAPES[shape].format(v=value)
        files[f"{shape}/model/model.py"] = VALUE_MODEL
    return files


def _assert_no_value_in_runs(root: Path, values: list[str]) -> None:
    before = _snapshot(root)
    for argv in _runs():
        status, output = _main(root, argv)
        assert status in (0, 1), (argv, output[-500:])
        assert not value_leaks(values, output), (argv, value_leaks(values, output)[:3])
    for path, data in _snapshot(root).items():
        if before.get(path) != data:
            text = data.decode("utf-8", errors="replace")
            assert not value_leaks(values, text), (path, value_leaks(values, text)[:3])


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    shapes=st.lists(st.sampled_from(sorted(VALUE_SHAPES)), min_size=1, max_size=3, unique=True),
    value=plain_values,
)
def test_no_output_holds_a_value_from_a_value_position(
    tmp_path_factory: pytest.TempPathFactory, shapes: list[str], value: str
) -> None:
    root = tmp_path_factory.mktemp("values")
    write_tree(root, _value_tree(shapes, value))
    _assert_no_value_in_runs(root, [value])


@pytest.mark.parametrize("shape", sorted(VALUE_SHAPES))
def test_each_value_shape_through_every_output(tmp_path: Path, shape: str) -> None:
    """Every shape on its own, deterministically: the table the property samples from."""
    value = "Xk7" + "vQ2mWz9pLr"
    write_tree(tmp_path, _value_tree([shape], value))
    _assert_no_value_in_runs(tmp_path, [value])


def test_short_pin_never_shown(tmp_path: Path) -> None:
    """A 6-digit PIN: too short for 8-character pieces, so the PIN itself (not inside a hex
    digest) must not appear — as a default, a noqa-suppressed line in `--diff` context, an int
    in a committed local store."""
    import re

    pin = "748391"
    write_tree(
        tmp_path,
        {
            "t/config.yaml": (
                "model_name: m\nsecrets:\n  hf_access_token: some-default\n"
                f'  db_pin: "{pin}"  # noqa: TSL202\n  other_pin: "{pin}"\n'
            ),
            "t/model/model.py": VALUE_MODEL,
            "t/.truss/config.yaml": f"secrets: {{db_pin: {pin}}}\n",
        },
    )
    shown = re.compile(rf"(?<![0-9a-f]){pin}(?![0-9a-f])")
    for argv in _runs():
        status, output = _main(tmp_path, argv)
        assert status in (0, 1), (argv, output[-500:])
        assert not shown.search(output), (argv, output)
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.name not in ("config.yaml", "model.py"):
            assert not shown.search(path.read_text(errors="replace")), path


def test_value_shapes_through_the_real_command_line_and_a_terminal(tmp_path: Path) -> None:
    """The shapes through the subprocess, with stderr on a pseudo-terminal so the progress line
    is drawn, and with `TSL_DEBUG=1` (which changes nothing when nothing fails)."""
    from tests.real_tools import run_with_stderr_on_a_terminal

    value = "Qm4" + "tR8kLz2wXp"
    write_tree(tmp_path, _value_tree(sorted(VALUE_SHAPES), value))
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "CI")}
    environment.update(PYTHONPATH=str(REPO), TSL_PROGRESS_AFTER="0", TSL_DEBUG="1")
    result, terminal = run_with_stderr_on_a_terminal(
        [sys.executable, "-m", "truss_secret_lint", "--no-cache", "."],
        cwd=tmp_path,
        env=environment,
        timeout=120,
    )
    output = result.stdout.decode() + terminal.decode(errors="replace")
    assert result.returncode == 1, output[-1000:]
    assert "checked " in terminal.decode(errors="replace"), terminal[-300:]
    assert not value_leaks([value], output), value_leaks([value], output)


# An internal error quoting a plain value (not a credential shape), with and without TSL_DEBUG.
SHIMS["parser-plain"] = (
    "import os\n"
    "import truss_secret_lint.config_facts.compose as target\n"
    "def compose(source):\n"
    "    raise KeyError(os.environ['TSL_TEST_PLAIN'])\n"
    "target.compose = compose\n"
)
PLAIN = "Wd5" + "hN3qTz8vKc"


@pytest.mark.parametrize("debug", ["0", "1"])
@pytest.mark.parametrize("shim", ["parser", "parser-one-line", "detector", "parser-plain"])
def test_internal_error_and_debug_traceback_hold_no_value(
    tmp_path: Path, shim: str, debug: str
) -> None:
    """Without TSL_DEBUG: exit 2 and one line naming an internal error; with it, the traceback;
    never the value (a credential, or a plain value the shim quotes)."""
    result = _failing_run(tmp_path, shim, "--no-cache", debug=debug)
    output = result.stdout + result.stderr
    assert result.returncode == 2, (result.returncode, result.stderr[-800:])
    if debug == "1":
        assert "Traceback (most recent call last)" in result.stderr, result.stderr[-800:]
    else:
        _assert_internal_error_contract(result)
    assert not leaks([VALUE], output), result.stderr[-800:]
    assert not value_leaks([PLAIN], output), result.stderr[-800:]
