"""Fuzzing the whole pipeline in-process: structured YAML and Python, and byte-level mutations.

Hypothesis generates config.yaml files around the secrets block (keys, values of every YAML
type, block and flow styles, anchors, aliases and merge keys, tags, comments, odd indentation,
CRLF, BOMs, several documents) and model code around secret reads, then mutates valid seeds
byte by byte. Each input goes through `engine.lint([dir], Settings(), jobs=1)`, the fix planner
and every formatter in `report.FORMATS`. The oracles: no exception escapes; every position is
inside the file (1 <= line <= lines + 1, column >= 1, the end not before the start); the
machine formats parse (JSON, JSON lines, SARIF, GitLab, JUnit XML); no output (any format, the
redacted `--diff`) shows the planted value `fuzz_oracles.MARKER`, which the generators put in
value positions, alias names, tags, comments, secret names and `key:value` typos.

`fuzz/` holds the coverage-guided harness for longer runs; the inputs it found crashes with
live in tests/fuzz_regressions/ and are replayed here.
"""

from __future__ import annotations

import contextlib
import json
import os
import string
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from tests.fuzz_oracles import MARKER, check_result
from tests.samples import credential_samples
from truss_secret_lint.config_facts import TRUSS_CONFIG_FIELDS

REGRESSIONS = Path(__file__).parent / "fuzz_regressions"
CREDENTIALS = sorted(credential_samples(5).values())


def fuzz(examples: int) -> settings:
    """A bounded budget: the whole file runs in well under a minute."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# ------------------------------------------------------------------------------------------
# The harness: lint a tree in-process, render everything, check the oracles
# ------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _tree(files: Mapping[str, str | bytes]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="tsl-fuzz-") as name:
        root = Path(name)
        for relative, content in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
            path.write_bytes(data)
        previous = Path.cwd()
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(previous)


def check_files(files: Mapping[str, str | bytes]) -> None:
    """Lint `files` as one tree and assert the fuzz oracles (tests/fuzz_oracles.py)."""
    from truss_secret_lint.engine import lint
    from truss_secret_lint.settings import Settings

    with _tree(files) as root:
        result = lint(["."], Settings(), jobs=1, keep_sources=True)
        checked = {
            path.relative_to(root).as_posix(): path.read_bytes()
            for path in root.rglob("*")
            if path.is_file()
        }
        check_result(checked, result)


# ------------------------------------------------------------------------------------------
# Structured YAML
# ------------------------------------------------------------------------------------------

KEYWORDS = (
    "null", "~", "Null", "NULL", "yes", "no", "on", "off", "y", "n", "true", "False", "0", "-1",
    "0x1F", "0o17", "017", "1e3", "1_000", ".inf", "-.Inf", ".nan", "2001-12-14",
    "2001-12-14t21:59:43.10-05:00", "None", "***", "''", '""', "12:30:00", "<<", "=", "!", "&",
)  # fmt: skip
TAGS = (
    "!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!timestamp", "!!seq",
    "!!map", "!!set", "!!omap", "!!pairs", "!custom", "!<tag:example.com,2024:x>",
    "!!python/object/apply:os.system", "!!python/name:os.system", "!!python/object:os.x",
    f"!{MARKER}", f"!{MARKER}!x",
)  # fmt: skip
SECRET_NAMES = (
    "hf_access_token", "HF_TOKEN", "api-key", "openai.api_key", "a b", "", ".", "..", "x" * 300,
    "naïve", "hf_access_token ", "secrets", "TRUSS_SECRET_x", "0", "null", "k:v", "#",
    MARKER, f"db_password:{MARKER}", f"'{MARKER}'",
)  # fmt: skip
TOP_KEYS = (*sorted(TRUSS_CONFIG_FIELDS), "secret", "Secrets", "secrets_", "hf_access_token")

words = st.text(alphabet=string.ascii_letters + string.digits + "_-./", min_size=1, max_size=10)
any_text = st.text(max_size=12)


@st.composite
def scalar(draw: st.DrawFn) -> str:
    """An inline scalar, valid in block and flow context."""
    kind = draw(st.integers(0, 9))
    if kind == 9:  # the planted value: plain, quoted, as an (undefined) alias, glued to a key
        return draw(
            st.sampled_from(
                [MARKER, f"'{MARKER}'", f"*{MARKER}", f"{{db_password:{MARKER}}}", f"x {MARKER}"]
            )
        )
    if kind == 0:
        return draw(words).lstrip("-.") or "w"
    if kind == 1:
        return draw(st.sampled_from(KEYWORDS))
    if kind == 2:
        return json.dumps(draw(any_text), ensure_ascii=draw(st.booleans()))
    if kind == 3:
        return "'" + draw(any_text).replace("'", "''").replace("\n", " ") + "'"
    if kind == 4:
        return f"{draw(st.sampled_from(TAGS))} {draw(st.sampled_from(['x', '1', '[a]', '{}']))}"
    if kind == 5:
        return draw(st.sampled_from(CREDENTIALS))
    if kind == 6:
        return f"'{draw(st.sampled_from(CREDENTIALS))}'"
    if kind == 7:
        url = "git+https://{}@github.com/a/b.git"
        return url.format(draw(st.sampled_from(["u:p4ssw0rd!", "x", *CREDENTIALS[:4]])))
    return str(draw(st.integers() | st.floats(allow_nan=False)))


def collection(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    keys = st.sampled_from(SECRET_NAMES) | words | scalar()
    return st.one_of(
        st.tuples(st.just("seq"), st.lists(children, max_size=4)),
        st.tuples(st.just("map"), st.lists(st.tuples(keys, children), max_size=4)),
    )


nodes = st.recursive(
    scalar().map(lambda text: ("scalar", text)),
    collection,
    max_leaves=10,
)


class Renderer:
    """Turns a node tree into YAML text with styles, anchors and comments chosen by Hypothesis."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.step = draw(st.sampled_from([2, 2, 4, 1, 3]))
        self.anchors: list[str] = []

    def _properties(self) -> str:
        parts = []
        if self.draw(st.integers(0, 6)) == 0:
            name = f"a{len(self.anchors)}"
            self.anchors.append(name)
            parts.append(f"&{name} ")
        return "".join(parts)

    def _comment(self) -> str:
        if self.draw(st.integers(0, 5)) != 0:
            return ""
        return "  # " + self.draw(words | st.just(MARKER) | st.just(f"noqa {MARKER}"))

    def flow(self, node: Any) -> str:
        kind = node[0]
        if kind == "scalar":
            return self._alias_or(node[1])
        if kind == "seq":
            return self._properties() + "[" + ", ".join(self.flow(c) for c in node[1]) + "]"
        items = ", ".join(f"{k}: {self.flow(v)}" for k, v in node[1])
        return self._properties() + "{" + items + "}"

    def _alias_or(self, text: str) -> str:
        if self.anchors and self.draw(st.integers(0, 8)) == 0:
            return "*" + self.draw(st.sampled_from(self.anchors))
        if self.draw(st.integers(0, 20)) == 0:
            return f"*{MARKER}"  # an alias that names no anchor: the parser quotes it
        return text

    def value(self, node: Any, indent: int) -> str:
        """The text after `key:` or `-`, including its line break."""
        kind = node[0]
        if kind == "scalar":
            if self.draw(st.integers(0, 10)) == 0:
                body = "".join(
                    " " * (indent + self.step) + line + "\n"
                    for line in self.draw(st.lists(words, min_size=1, max_size=3))
                )
                return f" {self.draw(st.sampled_from(['|', '>', '|-', '>+']))}\n{body}"
            return f" {self._alias_or(node[1])}{self._comment()}\n"
        if not node[1] or self.draw(st.integers(0, 3)) == 0:
            return f" {self.flow(node)}{self._comment()}\n"
        properties = self._properties().rstrip()
        head = f" {properties}\n" if properties else "\n"
        inner = indent + self.step
        if kind == "seq":
            return head + "".join(" " * inner + "-" + self.value(c, inner) for c in node[1])
        return head + self.mapping(node[1], inner)

    def mapping(self, items: list[tuple[str, Any]], indent: int) -> str:
        out = []
        for key, child in items:
            if self.draw(st.integers(0, 12)) == 0 and self.anchors:
                out.append(" " * indent + "<<: *" + self.draw(st.sampled_from(self.anchors)) + "\n")
            out.append(" " * indent + key + ":" + self.value(child, indent))
        return "".join(out)


@st.composite
def config_yaml(draw: st.DrawFn) -> bytes:
    renderer = Renderer(draw)
    secrets = draw(
        st.lists(st.tuples(st.sampled_from(SECRET_NAMES) | words, nodes), min_size=0, max_size=6)
    )
    top = draw(st.lists(st.tuples(st.sampled_from(TOP_KEYS), nodes), max_size=6))
    position = draw(st.integers(0, len(top)))
    secrets_value: Any = ("map", secrets)
    shape = draw(st.integers(0, 9))
    if shape == 0:
        secrets_value = ("scalar", draw(st.sampled_from(["", "null", "[]", "{}", "x"])))
    elif shape == 1:
        secrets_value = ("seq", [("scalar", name) for name, _ in secrets])
    top.insert(position, ("secrets", secrets_value))
    text = renderer.mapping([("model_name", ("scalar", "fuzz")), *top], 0)
    if draw(st.integers(0, 8)) == 0:
        text = "---\n" + text + draw(st.sampled_from(["...\n", "---\nx: 1\n", ""]))
    if draw(st.integers(0, 10)) == 0:
        lines = text.split("\n")
        at = draw(st.integers(0, len(lines) - 1))
        lines[at] = lines[at].replace("  ", "\t", 1)
        text = "\n".join(lines)
    if draw(st.booleans()):
        text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r", "\n"])))
    data = text.encode("utf-8", "surrogatepass")
    return draw(st.sampled_from([b"", b"\xef\xbb\xbf"])) + data


@fuzz(120)
@given(config=config_yaml(), with_model=st.booleans())
def test_fuzz_structured_config(config: bytes, with_model: bool) -> None:
    files: dict[str, str | bytes] = {"t/config.yaml": config}
    if with_model:
        files["t/model/model.py"] = (
            "class Model:\n    def __init__(self, **kwargs):\n"
            "        self._s = kwargs['secrets']\n        self._t = self._s['hf_access_token']\n"
        )
    files["t/.truss/config.yaml"] = config
    check_files(files)


# ------------------------------------------------------------------------------------------
# Structured Python
# ------------------------------------------------------------------------------------------

identifiers = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda s: s not in {"if", "in", "is", "or", "as", "def", "del", "for", "not", "and", "try"}
)
KEY_EXPRESSIONS = (
    "'hf_access_token'", "'API-KEY'", "''", "'a b'", "f'k_{x}'", "'k' + x", "x", "KEY",
    "'x' * 300", "b'bytes'", "('tuple',)", "0", "None", "\"dq\"", "'''tri'''", "r'\\raw'",
)  # fmt: skip
KEY_EXPRESSIONS = (*KEY_EXPRESSIONS, f"'{MARKER}'")
STATEMENTS = (
    "x = self._s[{k}]",
    "x = kwargs['secrets'][{k}]",
    "x = self._s.get({k})",
    "x = self._s.get({k}, 'default')",
    "y = {k} in self._s",
    "for name in self._s: pass",
    "x = os.environ['TRUSS_SECRET_' + {k}]",
    "x = os.environ.get({k})",
    "x = os.getenv({k}, 'd')",
    "x = open('/secrets/' + {k}).read()",
    "x = Path('/secrets/hf_access_token').read_text()",
    "print(self._s[{k}])",
    "logging.info('%s', self._s[{k}])",
    "logger.warning(f'{{self._s[{k}]}}')",
    "raise ValueError(self._s[{k}])",
    "return self._s[{k}]",
    "helper(self._s)",
    "self.client = Client(api_key=self._s[{k}])",
    "secrets = self._s; token = secrets[{k}]",
    "global G; G = self._s",
    "del self._s",
    "x = lambda s=self._s: s[{k}]",
    "x = [self._s[k] for k in ({k},)]",
    "x = {{k: self._s[k] for k in [{k}]}}",
    "if (t := self._s.get({k})): print(t)",
    "with open('/secrets/' + {k}) as f: x = f.read()",
    "try:\n    x = self._s[{k}]\nexcept KeyError:\n    x = None",
    "match self._s:\n    case {{'a': v}}: print(v)\n    case _: pass",
    "x = self._s[{k}][0:4]",
    "x = self._s[{k}] or os.environ[{k}]",
    "token = '{cred}'",
    "self.api_key = '{cred}'",
    "os.environ['HF_TOKEN'] = '{cred}'",
    "x = {k}",
)
SIGNATURES = (
    "def __init__(self, **kwargs):",
    "def __init__(self, config, data_dir, secrets, **kwargs):",
    "def __init__(self, *args, secrets=None, **kwargs):",
    "def __init__(self, *, secrets):",
    "async def predict(self, request):",
    "def load(self):",
    "@staticmethod\n    def helper(s):",
)


@st.composite
def python_model(draw: st.DrawFn) -> str:
    def statement() -> str:
        template = draw(st.sampled_from(STATEMENTS))
        return template.format(
            k=draw(st.sampled_from(KEY_EXPRESSIONS)), cred=draw(st.sampled_from(CREDENTIALS))
        )

    def block(indent: str, count: int) -> str:
        lines = []
        for _ in range(count):
            for line in statement().split("\n"):
                lines.append(indent + line)
        return "\n".join(lines) + "\n"

    header = "import os\nimport logging\nfrom pathlib import Path\nfrom .helpers import helper\n"
    header += "logger = logging.getLogger(__name__)\nKEY = 'hf_access_token'\n"
    name = draw(st.sampled_from(["Model", "Model", "Other", "model"]))
    body = f"class {name}:\n"
    for _ in range(draw(st.integers(1, 3))):
        signature = draw(st.sampled_from(SIGNATURES))
        body += f"    {signature}\n"
        body += "        self._s = kwargs.get('secrets') if 'kwargs' in dir() else {}\n"
        body += block("        ", draw(st.integers(1, 5)))
    tail = block("", draw(st.integers(0, 3)))
    return header + body + tail


@fuzz(100)
@given(model=python_model(), helper=python_model(), crlf=st.booleans())
def test_fuzz_structured_model(model: str, helper: str, crlf: bool) -> None:
    if crlf:
        model = model.replace("\n", "\r\n")
    check_files(
        {
            "t/config.yaml": "model_name: m\nsecrets:\n  hf_access_token: null\n  api_key: null\n",
            "t/model/model.py": model,
            "t/model/helpers.py": helper.replace("from .helpers import helper\n", ""),
            "chain.py": "import truss_chains as chains\n" + helper,
        }
    )


# ------------------------------------------------------------------------------------------
# Byte-level mutations of valid seeds
# ------------------------------------------------------------------------------------------


def _seeds(suffix: str) -> list[bytes]:
    found = sorted((REPO / "examples").rglob(f"*{suffix}"))
    return [path.read_bytes() for path in found]


YAML_SEEDS = _seeds("config.yaml")
PYTHON_SEEDS = _seeds(".py")
INTERESTING = (
    b"\x00", b"\r", b"\n", b"\r\n", b"\t", b"\xef\xbb\xbf", b"\xff\xfe", b"\xc2\x85",
    b"\xe2\x80\xa8", b"\x0c", b"\x1b[2J", b"\xed\xa0\x80", b"\xff", b"'", b'"', b"\\", b"[",
    b"{", b"}", b"(", b":", b"- ", b"&a ", b"*a", b"<<: *a", b"!!python/object/apply:os.system",
    b"# noqa", b"# pragma: allowlist secret", b"---\n", b"secrets:", b"\n  ", b"%YAML 1.1\n",
    MARKER.encode(), b"*" + MARKER.encode(), b"!" + MARKER.encode() + b" ", b":" + MARKER.encode(),
)  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.integers(0, 5))
        at = draw(st.integers(0, len(data)))
        if op == 0:
            data[at:at] = draw(st.sampled_from(INTERESTING))
        elif op == 1:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == 2:
            data[at : at + draw(st.integers(1, 40))] = b""
        elif op == 3 and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif op == 4:
            end = min(len(data), at + draw(st.integers(1, 80)))
            data[at:at] = data[at:end] * draw(st.integers(1, 3))
        else:
            other = draw(st.sampled_from(seeds))
            start = draw(st.integers(0, len(other)))
            data[at:at] = other[start : start + draw(st.integers(1, 120))]
    return bytes(data)


@fuzz(120)
@given(config=mutated(YAML_SEEDS), model=mutated(PYTHON_SEEDS))
def test_fuzz_mutated_seeds(config: bytes, model: bytes) -> None:
    check_files(
        {
            "t/config.yaml": config,
            "t/model/model.py": model,
            "s/.truss/config.yaml": config,
            "s/.trussrc": config,
        }
    )


# ------------------------------------------------------------------------------------------
# Crashes the long-running harness (fuzz/) found, replayed
# ------------------------------------------------------------------------------------------


KNOWN_BUGS: dict[str, str] = {}  # all fixed; kept for the next bug found elsewhere
"""Regression inputs whose bug lives in a module this suite's owner may not change."""


def _regressions() -> list[Any]:
    """Every saved input: `*.config` is a config.yaml, `*.model` a model.py."""
    if not REGRESSIONS.is_dir():
        return []
    params = []
    for path in sorted(REGRESSIONS.iterdir()):
        if path.suffix not in (".config", ".model"):
            continue
        reason = KNOWN_BUGS.get(path.name)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(path, id=path.name, marks=marks))
    return params


@pytest.mark.parametrize("path", _regressions())
def test_fuzz_regression(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix == ".config":  # with the model fuzz/harness.py pairs every config with
        model = (
            b"class Model:\n    def __init__(self, **kwargs):\n"
            b"        self._s = kwargs['secrets']\n        self._t = self._s['hf_access_token']\n"
        )
        check_files({"t/config.yaml": data, "t/model/model.py": model})
    else:
        config = b"model_name: m\nsecrets:\n  hf_access_token: null\n"
        check_files({"t/config.yaml": config, "t/model/model.py": data})
