"""Issue #6: hostile input and trust — never crash, never hang, never execute, never leak.

Every input class runs the real command line and holds it to the contract: exit 0 or 1 (2 is a
usage error or an internal failure, neither of which a file's content may cause), no traceback,
bounded wall time, and the expected finding where there is one. Inputs that could crash the
interpreter or hang in native code (bombs, deep nesting, huge files, FIFOs) and code that must
never run go through a subprocess with a timeout (`run`, `lint_json`); the others run
in-process under a hang guard (`lint_here`, `run_here`). Then the filesystem (symlinks, FIFOs,
files that vanish mid-run) and code that must never run. (Byte-identical output across runs
and worker counts is tests/test_determinism.py's; leaks, including through internal errors,
tests/test_never_leak_property.py's; fuzzing tests/test_fuzz.py's.)

Known bugs in modules this file does not own are pinned by `xfail(strict=True)` tests: they
fail loudly (XPASS) once the bug is fixed, so the marker is removed with the fix.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, hang_guard, run_cli, write_tree
from tests.samples import credential_samples

SAMPLES = credential_samples(seed=66)
HF = SAMPLES["huggingface"]
GHP = SAMPLES["github_classic"]
TIMEOUT = 300.0
"""Seconds after which a run counts as hung: each hostile input finishes in about one second on an
idle machine, so this is a hang guard far above normal, never a speed assertion (speed is measured
in bench/)."""
HANG_TIMEOUT = 60.0
"""For the pinned hang bugs (a FIFO read blocks forever): still far above a normal run."""
FORMATS = ("text", "json", "sarif", "github", "json-lines", "junit", "gitlab", "pylint")
CONFIG = "model_name: m\nsecrets:\n  hf_access_token: null\n"
READS = (
    "class Model:\n"
    "    def __init__(self, **kwargs):\n"
    "        self._token = kwargs['secrets']['hf_access_token']\n"
)


@dataclass
class Run:
    """One finished command-line run."""

    returncode: int
    stdout: str
    stderr: str
    findings: list[dict[str, Any]] = field(default_factory=list)

    def codes(self, path: str | None = None) -> set[str]:
        return {f["code"] for f in self.findings if path is None or f["path"] == path}

    def at(self, path: str) -> list[tuple[int, int, str]]:
        return sorted(
            (f["line"], f["column"], f["code"]) for f in self.findings if f["path"] == path
        )


def _environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GITHUB_ACTIONS", "FORCE_COLOR", "TSL_DEBUG")
    }
    environment["PYTHONPATH"] = str(REPO)
    environment.update(extra or {})
    return environment


def run(
    cwd: Path,
    *args: str,
    timeout: float = TIMEOUT,
    env: Mapping[str, str] | None = None,
    command: list[str] | None = None,
) -> Run:
    """Run the command line (`python -m truss_secret_lint` unless `command` is given); a run that
    does not finish within `timeout` fails the test instead of hanging the suite."""
    argv = [*(command or [sys.executable, "-m", "truss_secret_lint"]), *args]
    try:
        result = subprocess.run(
            argv,
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=_environment(env),
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"hung: no result after {timeout:.0f} s: {' '.join(args)}")
    outcome = Run(result.returncode, result.stdout, result.stderr)
    if "--format" in args and args[args.index("--format") + 1] == "json" and result.stdout:
        outcome.findings = json.loads(result.stdout)
    return outcome


def lint_json(cwd: Path, *args: str, **kwargs: Any) -> Run:
    """A JSON-format run held to the hostile-input contract."""
    outcome = run(cwd, "--format", "json", *args, **kwargs)
    assert_sane(outcome)
    return outcome


def run_here(cwd: Path, *args: str) -> Run:
    """`run` in-process (tests/conftest.py `run_cli`, under its hang guard): for inputs that
    cannot take the interpreter down nor hang outside Python."""
    result = run_cli(*args, cwd=cwd, env={"TSL_DEBUG": ""})
    outcome = Run(result.returncode, result.stdout, result.stderr)
    if "--format" in args and args[args.index("--format") + 1] == "json" and result.stdout:
        outcome.findings = json.loads(result.stdout)
    return outcome


def lint_here(cwd: Path, *args: str) -> Run:
    """`lint_json` in-process."""
    outcome = run_here(cwd, "--format", "json", *args)
    assert_sane(outcome)
    return outcome


def assert_sane(outcome: Run) -> None:
    assert outcome.returncode in (0, 1), (outcome.returncode, outcome.stderr[-2000:])
    assert "Traceback" not in outcome.stderr, outcome.stderr[-2000:]


def messages(outcome: Run, path: str, code: str) -> list[str]:
    return [f["message"] for f in outcome.findings if f["path"] == path and f["code"] == code]


# ------------------------------------------------------------------------------------------
# 1. Bounded work on any input
# ------------------------------------------------------------------------------------------


def _billion_laughs() -> str:
    lines = ["model_name: laughs", f"lol0: &a0 [{', '.join([GHP] + ['lol'] * 8)}]"]
    for level in range(1, 10):
        lines.append(f"lol{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
    lines += [
        "secrets:",
        "  hf_access_token: *a9",
        "  other: *a9",
        "environment_variables: {HF_TOKEN: *a9, OTHER: *a9}",
        "model_metadata: *a9",
        "build_commands: *a9",
        "requirements: *a9",
        "docker_server: {start_command: *a9}",
        "external_data: *a9",
        "model_cache: *a9",
    ]
    return "\n".join(lines) + "\n"


def _merge_key_bomb() -> str:
    lines = ["model_name: merges", f"m0: &m0 {{k0: {GHP}}}"]
    for level in range(1, 12):
        merged = ", ".join([f"*m{level - 1}"] * 9)
        lines.append(f"m{level}: &m{level} {{<<: [{merged}], k{level}: v}}")
    lines += [
        "secrets:",
        "  <<: *m11",
        "environment_variables:",
        "  <<: [*m11, *m10]",
        "model_metadata: {<<: *m11}",
        "docker_server: {<<: *m11}",
    ]
    return "\n".join(lines) + "\n"


def test_yaml_alias_bomb_costs_what_its_text_costs(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "t/config.yaml": _billion_laughs(),
            "t/model/model.py": READS,
            "store/.truss/config.yaml": _billion_laughs(),
        },
    )
    outcome = lint_json(tmp_path, ".")
    # The credential inside the innermost anchor is one finding, not 9**9 of them.
    assert len(outcome.findings) < 50, len(outcome.findings)
    assert ("TSL102", "hf_access_token") in {(f["code"], f["secret"]) for f in outcome.findings}
    assert "TSL203" in outcome.codes("t/config.yaml")


def test_yaml_merge_key_bomb_costs_what_its_text_costs(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {"t/config.yaml": _merge_key_bomb(), "t/model/model.py": "class Model: ...\n"}
    )
    outcome = lint_json(tmp_path, ".")
    assert len(outcome.findings) < 50, len(outcome.findings)
    assert "TSL203" in outcome.codes("t/config.yaml")


def test_secrets_block_of_only_a_merge_key(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "config.yaml": "model_name: m\nbase: &b {x: null}\nsecrets:\n  <<: *b\n",
            "model/model.py": READS,
        },
    )
    lint_here(tmp_path, ".")


DEEP = 50_000


@pytest.mark.parametrize(
    ("shape", "text"),
    [
        pytest.param("flow-sequences", "secrets: " + "[" * DEEP + "\n", id="flow-sequences"),
        pytest.param("flow-mappings", "secrets: " + "{a: " * DEEP + "\n", id="flow-mappings"),
        pytest.param("mixed", "model_metadata: " + "[{" * DEEP + "\n", id="flow-mixed"),
        pytest.param(
            "block-sequences", "secrets:\n  x:\n    " + "- " * DEEP + "x\n", id="block-sequences"
        ),
        pytest.param("complex-keys", "secrets:\n  " + "? " * DEEP + "x\n", id="complex-keys"),
    ],
)
def test_yaml_deep_nesting_is_a_finding(tmp_path: Path, shape: str, text: str) -> None:
    write_tree(tmp_path, {"config.yaml": "model_name: deep\n" + text})
    outcome = lint_json(tmp_path, ".")
    assert outcome.codes() == {"TSL001"}, (shape, outcome.findings)
    assert outcome.returncode == 1


def test_yaml_with_too_many_nodes_is_skipped_quickly(tmp_path: Path) -> None:
    """Skipped, and still searched as text: the credential after the 450,000 nodes of the block
    file is reported where it is (this was also a case of tests/test_text_scan.py)."""
    items = ",".join(["1"] * 900_000)  # 1.8 MB: under the size cap, but 900k nodes
    write_tree(
        tmp_path,
        {
            "flow/config.yaml": f"model_name: flow\nmodel_metadata: [{items}]\n",
            "block/config.yaml": "model_name: block\nmodel_metadata:\n"
            + "- 1\n" * 450_000
            + f"- {HF}\n",
        },
    )
    outcome = lint_json(tmp_path, ".")
    assert outcome.codes("flow/config.yaml") == {"TSL001"}, outcome.findings
    assert outcome.codes("block/config.yaml") == {"TSL001", "TSL203"}, outcome.findings
    assert (450_003, 3, "TSL203") in outcome.at("block/config.yaml")
    for path in ("flow/config.yaml", "block/config.yaml"):
        assert "skipped" in messages(outcome, path, "TSL001")[0]
    assert HF[6:] not in outcome.stdout + outcome.stderr


def test_too_many_nodes_are_counted_without_the_pure_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal costs a libyaml pass, not ten seconds of pure parsing per file: the pure
    composer is never asked (speed itself is for bench/; this pins the path taken)."""
    from truss_secret_lint.config_facts import compose

    def no_pure_parse(source: Any) -> Any:
        raise AssertionError(f"the pure composer parsed {source.path}")

    monkeypatch.setattr(compose, "_compose_pure", no_pure_parse)
    aliases = ", ".join(["*a"] * 120_000)
    items = ",".join(["1"] * 300_000)  # 600 kB: the libyaml composer takes smaller files whole
    write_tree(
        tmp_path,
        {
            "flow/config.yaml": f"model_name: flow\nmodel_metadata: [{items}]\n",
            "block/config.yaml": "model_name: block\nmodel_metadata:\n" + "- 1\n" * 120_000,
            "aliases/config.yaml": f"model_name: bomb\nx: &a [1]\nmodel_metadata: [{aliases}]\n",
        },
    )
    outcome = lint_here(tmp_path, ".")
    for path, line, column in (
        ("flow/config.yaml", 2, 17 + 2 * 99_995 + 1),  # the first 4 nodes are outside the list
        ("block/config.yaml", 2 + 99_996, 3),
        ("aliases/config.yaml", 3, 17 + 4 * 99_992 + 1),  # 8 nodes outside the aliases
    ):
        assert outcome.at(path) == [(line, column, "TSL001")], outcome.findings
        assert (
            f"more than {compose.MAX_COMPOSED_NODES} YAML nodes"
            in messages(outcome, path, "TSL001")[0]
        )


# Shapes on which libyaml and ruamel's pure parser are known to read differently (tabs, NEL,
# U+2028, a BOM, empty values, tags, `*x:`, directives, several documents) next to ordinary ones.
PRESCAN_SHAPES = [
    "a: &x [1, 2]\nb: *x\nc: *y\nd: [1, 2, 3]\n",
    "- 1\n- 2\n---\n- *a\n- 3\n",
    "a: &a 1\n---\nb: *a\n---\nc: 1\n",
    "\ufeffa: 1\nb: [1, 2, 3]\nc: {d: e}\n",
    "a: 1\nb: 2\nc: 3\n\td: 4\ne: 5\n",
    "a: 1\nb: [2, 3]\x85c: 3\nd: 4\n",
    "a: 1\nb: [2, 3]\u2028c: 3\nd: 4\n",
    "a:\nb:\nc: 1\nd:\n  -\n  - x\n",
    "[[[[[[1, 2]]]]]]\n",
    "- - - - - 1\n- 2\n",
    "a: |\n  x\n  y\nb: 'q\n  r'\nc: \"s\"\nd: >-\n  f\n",
    "a: 1 # c\n# d\nb: [1, {c: d}, e]\nf: g\n",
    "%YAML 1.1\n---\na: 1\nb: 2\n",
    "a: !!str 1\nb: !x {c: 1}\nc: !!st!!str r\n",
    "!t &y <<: *x\nb: 1\n",
    "['-', ?!<x>  &d  1, 2]\n",
    "? a\n: b\n? c\n? d\n",
    "{a: 1, b, c: , d: [e, f]}\n",
    "k: 'caf\u00e9 \u20ac \U0001f600'\nnext: [\u00e9, 2, 3]\n",
    "a: 1\r\nb: [1,\r\n 2]\r\nc: 3\r\n",
    "x: &anchor {a: 1, b: [1, 2]}\ny: *anchor\nz:\n  <<: *anchor\n  c: 3\n",
    "k1: [*x:]\nk2: 1\nk3: [1, 2]\n",
    "a: [1, 2\nb: 3\n",
    "- &a 1\n- *a\n- *a\n- *b\n- 1\n",
]


@pytest.mark.parametrize("text", PRESCAN_SHAPES)
def test_counting_libyaml_events_refuses_where_the_pure_composer_does(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the limits made small, every refusal found from libyaml's events (too many nodes, too
    deep, an undefined alias) is exactly the pure composer's: same message, same position; where
    the parsers may disagree no refusal is made early."""
    from truss_secret_lint.config_facts import compose
    from truss_secret_lint.sources.text import SourceText

    source = SourceText(Path("config.yaml"), text)
    for nodes in range(1, 25):
        for depth in (1, 2, 3, 100):
            monkeypatch.setattr(compose, "MAX_COMPOSED_NODES", nodes)
            monkeypatch.setattr(compose, "MAX_DEPTH", depth)
            early = compose._refused_early(source)
            if early is not None:
                pure = compose._compose_pure(source)
                assert (early.root, early.problem) == (None, pure.problem), (nodes, depth)
                assert pure.root is None, (nodes, depth)


def test_config_over_the_size_cap_is_skipped_with_the_reason(tmp_path: Path) -> None:
    filler = "".join(f"  key_{i}: value number {i}\n" for i in range(120_000))  # about 3.5 MB
    write_tree(
        tmp_path,
        {
            "many-lines/config.yaml": "model_name: big\nmodel_metadata:\n" + filler,
            "one-line/config.yaml": "model_name: big\nmodel_metadata: {blob: "
            + "a" * (5 * 1024 * 1024)
            + f" {GHP}}}\n",
        },
    )
    outcome = lint_json(tmp_path, ".")
    for path in ("many-lines/config.yaml", "one-line/config.yaml"):
        assert outcome.at(path) == [(1, 1, "TSL001")], outcome.findings
        (message,) = messages(outcome, path, "TSL001")
        assert "skipped" in message and "MiB" in message and "limit" in message, message


def test_five_megabyte_lines_under_and_over_the_cap(tmp_path: Path) -> None:
    under = 1_900_000
    write_tree(
        tmp_path,
        {
            "yaml-under/config.yaml": (
                "model_name: m\nmodel_metadata:\n  blob: " + "ab" * (under // 2) + f" {GHP}\n"
            ),
            "py-under/config.yaml": CONFIG,
            "py-under/model/model.py": READS + 'BLOB = "' + "ab " * (under // 3) + f'{GHP}"\n',
            "py-over/config.yaml": CONFIG,
            "py-over/model/model.py": READS + 'BLOB = "' + "a" * (5 * 1024 * 1024) + '"\n',
            "py-dense/config.yaml": CONFIG,
            "py-dense/model/model.py": READS + "X = [" + "1," * 950_000 + f'"{GHP}"]\n',
        },
    )
    outcome = lint_json(tmp_path, ".")
    assert ("TSL203", 3) in {
        (f["code"], f["line"]) for f in outcome.findings if f["path"] == "yaml-under/config.yaml"
    }
    assert ("TSL304", 4) in {
        (f["code"], f["line"]) for f in outcome.findings if f["path"] == "py-under/model/model.py"
    }
    assert outcome.codes("py-over/model/model.py") == {"TSL002"}
    assert "skipped" in messages(outcome, "py-over/model/model.py", "TSL002")[0]
    # A million tokens would keep libcst busy for a minute: reported, not parsed -- and its
    # text still searched, so the token in it is found (TSL304).
    assert outcome.codes("py-dense/model/model.py") == {"TSL002", "TSL304"}


def test_twenty_thousand_secrets_are_each_checked(tmp_path: Path) -> None:
    count = 20_000
    entries = "".join(f"  secret_{i}: {HF[:-6]}{i:06d}\n" for i in range(count))
    write_tree(tmp_path, {"config.yaml": "model_name: many\nsecrets:\n" + entries})
    outcome = lint_json(tmp_path, ".", "--select", "TSL201")
    named = {f["secret"] for f in outcome.findings if f["code"] == "TSL201"}
    assert named == {f"secret_{i}" for i in range(count)}
    assert HF[4:12] not in outcome.stdout


def test_multi_document_yaml(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "config.yaml": (
                f"model_name: a\nsecrets:\n  k: {HF}\n---\nmodel_name: b\n---\nx: 1\n"
                + "---\n" * 10_000
            )
        },
    )
    outcome = lint_here(tmp_path, ".")
    assert ("TSL001", 4) in {(f["code"], f["line"]) for f in outcome.findings}
    assert "TSL201" in outcome.codes()


def test_tabs_bom_crlf_positions(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "tabs/config.yaml": "model_name: m\nsecrets:\n\thf_access_token: null\n",
            "bom/config.yaml": b"\xef\xbb\xbfmodel_name: m\nsecrets:\n  k: " + HF.encode() + b"\n",
            "crlf/config.yaml": (
                f"model_name: m\r\nsecrets:\r\n  k: {HF}\r\n  hf_access_token: None\r\n"
                f"  noqa_me: {GHP}  # noqa: TSL201\r\n"
            ),
            "crlf/model/model.py": (
                "import os\r\n"
                "class Model:\r\n"
                "    def __init__(self, **kwargs):\r\n"
                "        self._s = kwargs['secrets']['missing']\r\n"
                f"        self._k = '{GHP}'\r\n"
            ),
            "cr/config.yaml": CONFIG,
            "cr/model/model.py": "x = a + b\r" * 500 + f"K = '{GHP}'\r",
            "formfeed/config.yaml": CONFIG,
            "formfeed/model/model.py": (
                READS + "\x0c\n" + f"K = '{GHP}'  # noqa: TSL304\n" + f"J = '{GHP}'\n"
            ),
        },
    )
    outcome = lint_here(tmp_path, ".")
    assert outcome.at("tabs/config.yaml") == [(3, 1, "TSL001")]
    assert outcome.at("bom/config.yaml") == [(3, 6, "TSL201")]
    assert (3, 6, "TSL201") in outcome.at("crlf/config.yaml")
    assert (4, 20, "TSL202") in outcome.at("crlf/config.yaml")
    assert (5, 12, "TSL201") not in outcome.at("crlf/config.yaml")  # its noqa is on line 5
    assert (5, 3, "TSL303") in outcome.at("crlf/config.yaml")
    assert (4, 19, "TSL301") in outcome.at("crlf/model/model.py")
    assert (5, 19, "TSL304") in outcome.at("crlf/model/model.py")
    # Old-Mac line ends are line ends: no "too deeply nested", and the position is right.
    assert outcome.at("cr/model/model.py") == [(501, 5, "TSL304")]
    # A form feed is not a line end in Python: the noqa sits on the line the parser names.
    assert outcome.at("formfeed/model/model.py") == [(6, 5, "TSL304")]


def test_fix_keeps_the_byte_order_mark(tmp_path: Path) -> None:
    original = b"\xef\xbb\xbfmodel_name: m\r\nsecrets:\r\n  hf_access_token: None\r\n"
    write_tree(tmp_path, {"config.yaml": original})
    assert_sane(run_here(tmp_path, "--fix", "."))
    assert (tmp_path / "config.yaml").read_bytes() == original.replace(b"None", b"null")


def test_other_encodings_are_still_checked(tmp_path: Path) -> None:
    text = f"model_name: caf\u00e9\nsecrets:\n  k: {HF}\n"
    write_tree(
        tmp_path,
        {
            "utf16/config.yaml": text.encode("utf-16"),
            "utf16/model/model.py": READS,
            "latin1/config.yaml": text.encode("latin-1"),
            "nul/config.yaml": b"model_name: m\nsecrets:\n  k: null\x00\n",
            "nul-py/config.yaml": CONFIG,
            "nul-py/model/model.py": b"import os\nsecrets = 1\x00\x01\x02\n",
        },
    )
    outcome = lint_here(tmp_path, ".")
    for path in ("utf16/config.yaml", "latin1/config.yaml"):
        assert {(1, 1, "TSL001"), (3, 6, "TSL201")} <= set(outcome.at(path)), path
    assert outcome.at("nul/config.yaml") == [(1, 1, "TSL001")]
    assert outcome.at("nul-py/model/model.py") == [(1, 1, "TSL002")]


def test_utf16_config_without_model_dir_is_found(tmp_path: Path) -> None:
    write_tree(tmp_path, {"config.yaml": f"model_name: m\nsecrets:\n  k: {HF}\n".encode("utf-16")})
    outcome = lint_here(tmp_path, ".")
    assert "TSL201" in outcome.codes()


def test_python_in_another_encoding_is_reported(tmp_path: Path) -> None:
    source = READS + "X = 'caf\u00e9'\n"
    write_tree(
        tmp_path,
        {
            "utf16/config.yaml": CONFIG,
            "utf16/model/model.py": source.encode("utf-16"),
            "latin1/config.yaml": CONFIG,
            "latin1/model/model.py": source.encode("latin-1"),
        },
    )
    outcome = lint_here(tmp_path, ".")
    assert "TSL002" in outcome.codes("utf16/model/model.py")
    assert "TSL002" in outcome.codes("latin1/model/model.py")


def test_python_coding_line_is_honoured(tmp_path: Path) -> None:
    source = "# -*- coding: latin-1 -*-\n" + READS + f"X = 'caf\u00e9 {GHP}'\n"
    write_tree(tmp_path, {"config.yaml": CONFIG, "model/model.py": source.encode("latin-1")})
    outcome = lint_here(tmp_path, ".")
    assert outcome.at("model/model.py") == [(5, 5, "TSL304")]


def _nested(depth: int) -> dict[str, str]:
    return {
        "parens": "secrets = " + "(" * depth + ")" * depth + "\n",
        "sum": "secrets = " + "1+" * depth + "1\n",
        "lists": "secrets = " + "[" * depth + "]" * depth + "\n",
        "attributes": "secrets = x" + ".a" * depth + "\n",
        "calls": "secrets = f" + "()" * depth + "\n",
        "not": "secrets = " + "not " * depth + "x\n",
        "strings": "secrets = " + "'s' " * depth + "\n",
        "lambdas": "secrets = " + "lambda: " * depth + "1\n",
        "elif": "if x:\n    pass\n" + "elif x:\n    pass\n" * (depth // 20) + "secrets = 1\n",
        "indent": "".join(" " * i + "if x:\n" for i in range(1000)) + " " * 1000 + "secrets\n",
        # An f-string's replacement fields are code that libcst nests like any other: taken for
        # one opaque string by the lexical guard, they crashed the interpreter (exit 139).
        "f-string-parens": 'secrets = f"{' + "(" * depth + "1" + ")" * depth + '}"\n',
        "f-string-sum": "secrets = rf'''\n{" + "1+" * depth + "1}'''\n",
    }


def test_deeply_nested_python_is_a_parse_finding(tmp_path: Path) -> None:
    cases = _nested(100_000)
    files: dict[str, str] = {}
    for name, source in cases.items():
        files[f"{name}/config.yaml"] = CONFIG
        files[f"{name}/model/model.py"] = source
    write_tree(tmp_path, files)
    outcome = lint_json(tmp_path, ".")
    for name in cases:
        assert outcome.codes(f"{name}/model/model.py") == {"TSL002"}, (name, outcome.findings)


def test_python_2_source(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "config.yaml": CONFIG,
            "model/model.py": READS + "        print 'loaded', self._token\n",
            "model/helper.py": "exec 'secret = 1'\nraise ValueError, 'secret'\n",
        },
    )
    outcome = lint_here(tmp_path, ".")
    assert outcome.at("model/model.py") == [(4, 9, "TSL002")]
    assert outcome.codes("model/helper.py") == {"TSL002"}


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({"config.yaml": "", "model/model.py": ""}, {}, id="empty-config-and-model"),
        pytest.param(
            {"config.yaml": "# nothing\n", "model/model.py": "# nothing\n"}, {}, id="comments-only"
        ),
        pytest.param(
            {"config.yaml": "- model_name\n- secrets\n", "model/model.py": READS},
            {"config.yaml": {(1, 1, "TSL001")}},
            id="config-is-a-list",
        ),
        pytest.param(
            {"config.yaml": "just a scalar\n", "model/model.py": READS},
            {"config.yaml": {(1, 1, "TSL001")}},
            id="config-is-a-scalar",
        ),
        pytest.param(
            {"config.yaml": "model_name: m\n...\n", "model/model.py": ""},
            {},
            id="document-end-marker",
        ),
        pytest.param(
            {
                "config.yaml": CONFIG,
                "model/model.py": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)),
            },
            {"model/model.py": {(1, 1, "TSL002")}},
            id="binary-model",
        ),
        pytest.param(
            {"config.yaml": CONFIG, "model/model.py": b"\xff\xfe\xfd secrets \x80\x81\n"},
            {},
            id="undecodable-model",
        ),
    ],
)
def test_degenerate_files(
    tmp_path: Path,
    files: dict[str, str | bytes],
    expected: dict[str, set[tuple[int, int, str]]],
) -> None:
    write_tree(tmp_path, files)
    outcome = lint_here(tmp_path, ".")
    for path, wanted in expected.items():
        assert wanted <= set(outcome.at(path)), outcome.findings


def test_surrogate_escapes_in_yaml_names_and_values(tmp_path: Path) -> None:
    """`"\\ud800\\udc00"` composes to lone UTF-16 surrogates, which no output can encode."""
    write_tree(
        tmp_path,
        {"config.yaml": 'model_name: m\nsecrets:\n  "\\ud800\\udc00x": 1\n  k: "\\udfff"\n'},
    )
    for fmt in FORMATS:
        outcome = run_here(tmp_path, "--format", fmt, ".")
        assert_sane(outcome)
        assert outcome.returncode == 1, fmt


def test_surrogate_escapes_in_python_secret_keys(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "config.yaml": CONFIG,
            "model/model.py": READS + "        self._x = kwargs['secrets']['\\ud800']\n",
        },
    )
    for fmt in ("text", "sarif"):
        assert_sane(run_here(tmp_path, "--format", fmt, "."))


def test_duplicate_anchor_named_like_a_credential_prints_nothing(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"config.yaml": f"model_name: m\nsecrets:\n  a: &{GHP} null\n  b: &{GHP} null\n"},
    )
    outcome = lint_here(tmp_path, ".")
    assert outcome.stderr == ""
    assert GHP[4:12] not in outcome.stdout


def test_names_cannot_forge_output_lines(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "config.yaml": (
                'model_name: m\nsecrets:\n  "a\\nFAKE.yaml:1:1: TSL999 injected": 1\n'
                '  "b\\e[2J\\rc": 1\n'
            )
        },
    )
    for fmt in ("text", "pylint"):
        outcome = run_here(tmp_path, "--format", fmt, "--quiet", ".")
        assert_sane(outcome)
        assert "\x1b" not in outcome.stdout and "\r" not in outcome.stdout, fmt
        assert all(line.startswith("config.yaml:") for line in outcome.stdout.splitlines()), fmt


# ------------------------------------------------------------------------------------------
# 2. The filesystem
# ------------------------------------------------------------------------------------------

OUTSIDE_NAME = "only_outside_secret_name"


def _plant_outside(outside: Path) -> None:
    write_tree(
        outside,
        {
            "config.yaml": f"model_name: outside\nsecrets:\n  {OUTSIDE_NAME}: {GHP}\n",
            "model/model.py": (
                f"K = '{GHP}'\nimport os\nx = os.environ['TRUSS_SECRET_{OUTSIDE_NAME}']\n"
            ),
            ".trussrc": f"[baseten]\napi_key = {GHP}\n",
            "data/fetch.sh": f"cat /secrets/{OUTSIDE_NAME}\n",
            "requirements.txt": f"git+https://{GHP}@github.com/a/b.git\n",
        },
    )


def _assert_outside_not_read(outcome: Run, outside: Path) -> None:
    everything = outcome.stdout + outcome.stderr
    assert OUTSIDE_NAME not in everything
    assert GHP[:4] not in everything  # not even the redacted prefix: nothing outside was read
    assert str(outside) not in everything
    assert all(not f["path"].startswith(("..", "/")) for f in outcome.findings)


def test_symlinks_are_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _plant_outside(outside)
    tree = tmp_path / "tree"
    write_tree(
        tree,
        {
            "model-file-link/config.yaml": CONFIG,
            "model-dir-link/config.yaml": CONFIG,
            "config-link/model/model.py": READS,
            "loops/config.yaml": CONFIG,
            "loops/model/model.py": READS,
            "data-link/config.yaml": CONFIG,
            "requirements-link/config.yaml": CONFIG + "requirements_file: requirements.txt\n",
        },
    )
    (tree / "model-file-link/model").mkdir()
    (tree / "model-file-link/model/model.py").symlink_to(outside / "model/model.py")
    (tree / "model-dir-link/model").symlink_to(outside / "model")
    (tree / "config-link/config.yaml").symlink_to(outside / "config.yaml")
    (tree / "store-link").mkdir()
    (tree / "store-link/.trussrc").symlink_to(outside / ".trussrc")
    (tree / "data-link/data").symlink_to(outside / "data")
    (tree / "requirements-link/requirements.txt").symlink_to(outside / "requirements.txt")
    (tree / "whole-tree-link").symlink_to(outside)
    loops = tree / "loops"
    (loops / "model/self").symlink_to(loops / "model")
    (loops / "model/up").symlink_to(loops)
    (loops / "a").symlink_to(loops / "b")
    (loops / "b").symlink_to(loops / "a")
    (loops / "model/dangling.py").symlink_to(loops / "nowhere.py")
    (loops / "model/helper.py").symlink_to(loops / "model/helper.py")
    (tree / "dangling-config").mkdir()
    (tree / "dangling-config/config.yaml").symlink_to(tree / "nowhere.yaml")
    outcome = lint_here(tree, ".")
    _assert_outside_not_read(outcome, outside)
    # Explicit file arguments that are links are not followed either.
    links = ["store-link/.trussrc", "config-link/config.yaml", "model-file-link/model/model.py"]
    outcome = lint_here(tree, *links)
    _assert_outside_not_read(outcome, outside)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("../outside/model", id="climbs-out"),
        pytest.param("ABSOLUTE", id="absolute"),
        pytest.param("model/../../outside/model", id="climbs-out-through-model"),
        pytest.param("[../outside/model]", id="a-list"),
        pytest.param("{dir: ../outside/model}", id="a-map"),
        pytest.param("link", id="a-link-inside-pointing-out"),
        pytest.param('"model\\0"', id="nul"),
    ],
)
def test_model_module_dir_cannot_leave_the_truss(tmp_path: Path, value: str) -> None:
    outside = tmp_path / "outside"
    _plant_outside(outside)
    value = value.replace("ABSOLUTE", str(outside / "model"))
    write_tree(
        tmp_path,
        {
            "t/config.yaml": (
                f"model_name: m\nmodel_module_dir: {value}\n"
                f"bundled_packages_dir: {value}\ndata_dir: {value}\n"
                f"requirements_file: {value}\n"
                f"model_class_filename: {outside / 'model/model.py'}\n"
                "secrets:\n  declared: null\n"
            ),
            "t/model/model.py": (
                "class Model:\n    def __init__(self, **kwargs):\n"
                "        self._s = kwargs['secrets']['declared']\n"
                "        self._u = kwargs['secrets']['undeclared']\n"
            ),
        },
    )
    (tmp_path / "t/link").symlink_to(outside / "model")
    outcome = lint_here(tmp_path / "t", ".")
    _assert_outside_not_read(outcome, outside)
    # The hostile value is ignored and the default layout is checked instead.
    assert "TSL301" in outcome.codes("model/model.py"), outcome.findings


def test_layout_values_too_long_for_the_filesystem(tmp_path: Path) -> None:
    value = "x" * 5000
    fields = ("model_module_dir", "bundled_packages_dir", "data_dir", "requirements_file")
    write_tree(
        tmp_path,
        {
            "config.yaml": "model_name: m\n"
            + "".join(f"{name}: {value}\n" for name in fields)
            + f"model_class_filename: {value}/{value}.py\n",
            "model/model.py": READS,
        },
    )
    outcome = lint_here(tmp_path, ".")
    assert len(outcome.stdout) < 10_000


def test_model_path_that_is_a_file_or_a_directory(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "file/config.yaml": CONFIG,
            "file/model": "not a directory\n",
            "dir/config.yaml": CONFIG,
            "dir/model/model.py/inner.py": READS,
            "config-dir/config.yaml/model.py": READS,
            "config-dir/model/model.py": READS,
        },
    )
    outcome = lint_here(tmp_path, ".")
    assert "TSL002" not in outcome.codes()


def test_unreadable_files(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "py/config.yaml": CONFIG,
            "py/model/model.py": READS,
            "yaml/config.yaml": CONFIG,
            "yaml/model/model.py": READS,
        },
    )
    locked = [tmp_path / "py/model/model.py", tmp_path / "yaml/config.yaml"]
    for path in locked:
        path.chmod(0)
    try:
        outcome = lint_here(tmp_path, ".")
        if all(os.access(path, os.R_OK) for path in locked):
            pytest.skip("running as root: chmod 000 does not stop reads (the run itself passed)")
        assert "TSL002" in outcome.codes("py/model/model.py")
        assert "TSL001" in outcome.codes("yaml/config.yaml")
    finally:
        for path in locked:
            path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_fifo_store_files_do_not_hang(tmp_path: Path) -> None:
    (tmp_path / "store/.truss").mkdir(parents=True)
    os.mkfifo(tmp_path / "store/.trussrc")
    os.mkfifo(tmp_path / "store/.truss/config.yaml")
    write_tree(tmp_path, {"t/config.yaml": CONFIG + "requirements_file: req.txt\n"})
    os.mkfifo(tmp_path / "t/req.txt")
    outcome = lint_json(tmp_path, "--no-cache", ".", timeout=HANG_TIMEOUT * 2)
    assert "not a regular file" in messages(outcome, "store/.truss/config.yaml", "TSL001")[0]


def test_fifo_store_does_not_hang_with_the_cache(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    os.mkfifo(tmp_path / "store/.trussrc")
    lint_json(tmp_path, ".", timeout=HANG_TIMEOUT)


def test_fifo_config_and_python_do_not_hang_discovery(tmp_path: Path) -> None:
    write_tree(tmp_path, {"py/config.yaml": CONFIG})
    (tmp_path / "py/model").mkdir()
    os.mkfifo(tmp_path / "py/model/helper.py")
    (tmp_path / "yaml").mkdir()
    os.mkfifo(tmp_path / "yaml/config.yaml")
    lint_json(tmp_path, "--no-cache", ".", timeout=HANG_TIMEOUT)


def test_files_vanishing_between_discovery_and_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deterministic races, in-process: files disappear or change kind after discovery saw them."""
    from truss_secret_lint import engine
    from truss_secret_lint.settings import Settings

    write_tree(
        tmp_path,
        {
            "gone-config/config.yaml": CONFIG,
            "gone-config/model/model.py": READS,
            "gone-model/config.yaml": CONFIG,
            "gone-model/model/model.py": READS,
            "gone-model/model/helper.py": "secret = 1\n",
            "gone-store/.trussrc": f"[baseten]\napi_key = {GHP}\n",
            "now-a-dir/config.yaml": CONFIG,
            "now-a-dir/model/model.py": READS,
            "now-a-fifo/config.yaml": CONFIG,
            "now-a-fifo/model/model.py": READS,
        },
    )
    real_discover, real_layout = engine.discover, engine.layout_of

    def discover_then_delete(paths: Any) -> Any:
        found = real_discover(paths)
        (tmp_path / "gone-config/config.yaml").unlink()
        (tmp_path / "gone-store/.trussrc").unlink()
        return found

    def layout_then_delete(root: Path, config: Any) -> Any:
        layout = real_layout(root, config)
        if root.name == "gone-model":
            (root / "model/model.py").unlink()
            (root / "model/helper.py").unlink()
        elif root.name == "now-a-dir":
            (root / "model/model.py").unlink()
            (root / "model/model.py").mkdir()
        elif root.name == "now-a-fifo":
            (root / "model/model.py").unlink()
            os.mkfifo(root / "model/model.py")
        return layout

    monkeypatch.setattr(engine, "discover", discover_then_delete)
    monkeypatch.setattr(engine, "layout_of", layout_then_delete)
    monkeypatch.chdir(tmp_path)
    with hang_guard(TIMEOUT):  # opening a FIFO for reading blocks: fail instead of hanging
        result = engine.lint(["."], Settings(), jobs=1)
    found = {(d.path, d.code) for d in result.diagnostics}
    assert ("gone-config/config.yaml", "TSL001") in found
    assert ("gone-model/model/model.py", "TSL002") in found
    assert ("now-a-dir/model/model.py", "TSL002") in found
    assert ("now-a-fifo/model/model.py", "TSL002") in found
    assert not any(d.path.startswith("gone-store") for d in result.diagnostics)


def test_file_growing_past_the_cap_while_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from truss_secret_lint.sources import text as text_source

    path = tmp_path / "config.yaml"
    path.write_bytes(b"model_name: m\n" + b"#" * (text_source.MAX_BYTES + 10) + b"\n")
    real_fstat = os.fstat

    def stale_fstat(descriptor: int) -> os.stat_result:  # the size before the file grew
        values = list(real_fstat(descriptor))
        values[stat.ST_SIZE] = 14
        return os.stat_result(values)

    monkeypatch.setattr(os, "fstat", stale_fstat)
    source = text_source.read_source(path)
    assert source.problem is not None and source.problem.fatal
    assert "skipped" in source.problem.message
    assert source.text == ""


# ------------------------------------------------------------------------------------------
# 3. Never execute
# ------------------------------------------------------------------------------------------


def _marker_code(marker: Path) -> str:
    return f"open({str(marker)!r}, 'w').write('ran')\n"


def test_nothing_in_the_tree_is_executed(tmp_path: Path) -> None:
    markers = tmp_path / "markers"
    markers.mkdir()
    tree = tmp_path / "tree"
    code = {name: _marker_code(markers / name) for name in ("model", "init", "setup", "conftest")}
    write_tree(
        tree,
        {
            "t/config.yaml": (
                "model_name: m\n"
                f"build_commands: !!python/object/apply:os.system ['touch {markers}/os-system']\n"
                "model_metadata: !!python/object/apply:builtins.exec "
                f"[{json.dumps(_marker_code(markers / 'exec'))}]\n"
                "environment_variables: !!python/object/new:builtins.open "
                f"['{markers}/new', 'w']\n"
                "external_data: !!python/object:os.system {}\n"
                "requirements: !<tag:yaml.org,2002:python/object/apply:os.system> "
                f"['touch {markers}/long-tag']\n"
                "secrets:\n"
                "  hf_access_token: !!python/name:os.system\n"
                "  other: !custom_tag {x: 1}\n"
            ),
            "t/model/model.py": code["model"] + READS,
            "t/model/__init__.py": code["init"],
            "t/setup.py": code["setup"],
            "t/conftest.py": code["conftest"],
            "t/model/sitecustomize.py": _marker_code(markers / "sitecustomize"),
            "chain.py": "import truss_chains\n" + _marker_code(markers / "chain"),
            "sitecustomize.py": _marker_code(markers / "cwd-sitecustomize"),
            "usercustomize.py": _marker_code(markers / "cwd-usercustomize"),
        },
    )
    for fmt in ("text", "json"):
        assert_sane(run(tree, "--format", fmt, "."))
    assert_sane(run(tree, "--diff", "."))
    assert list(markers.iterdir()) == []


CONSOLE_SCRIPT = "from truss_secret_lint.cli import console_main\nconsole_main()\n"
"""What the `truss-secret-lint` console script runs (pip writes the same two lines)."""


def test_entry_point_never_imports_modules_from_the_checked_tree(tmp_path: Path) -> None:
    """Run as the console script does (`sys.path[0]` is the script's folder, not the working
    directory), in a tree that shadows every library the linter imports."""
    markers = tmp_path / "markers"
    markers.mkdir()
    tree = tmp_path / "tree"
    shadows = ("libcst", "ruamel", "detect_secrets", "yaml", "requests", "tomllib", "json")
    files: dict[str, str] = {f"{name}.py": _marker_code(markers / name) for name in shadows}
    files["ruamel/__init__.py"] = _marker_code(markers / "ruamel-package")
    files["truss_secret_lint/__init__.py"] = _marker_code(markers / "self")
    files["t/config.yaml"] = f"model_name: m\nsecrets:\n  k: {HF}\n"
    files["t/model/model.py"] = READS + "import libcst, ruamel\n"
    write_tree(tree, files)
    script = tmp_path / "bin/truss-secret-lint"
    write_tree(
        tmp_path,
        {"bin/truss-secret-lint": CONSOLE_SCRIPT},
    )
    outcome = run(tree, "--format", "json", ".", command=[sys.executable, str(script)])
    assert_sane(outcome)
    assert "TSL201" in {f["code"] for f in json.loads(outcome.stdout)}
    assert list(markers.iterdir()) == []
