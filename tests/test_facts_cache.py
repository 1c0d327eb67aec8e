"""Code facts cached per Python file (issue 15, item 1): same output, no libcst for config-only
changes, and a changed model.py re-parses only itself."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, run_cli, write_tree
from tests.samples import credential_samples

TOKEN = credential_samples(seed=57)["openai_project"]
HELPERS = 8
_MODEL = """\
import logging

from . import helper0, helper1
from .helper2 import load_three


class Model:
    def __init__(self, **kwargs):
        self._secrets = kwargs["secrets"]
        self.a = helper0.load(self._secrets)
        self.b = helper1.load(secrets=self._secrets)
        self.c = load_three(self._secrets)
        for key in self._secrets:
            logging.info(key)

    def predict(self, request):
        token = self._secrets.get("missing_token")
        print(token)
        return {"ok": self._secrets["hf_access_token"]}
"""


def _helper(index: int) -> str:
    name = "load_three" if index == 2 else "load"
    return (
        f"import os\n\n\ndef {name}(secrets):\n"
        f"    return secrets['helper_secret_{index}'], os.environ['TRUSS_SECRET_env_{index}']\n"
    )


def _tree(root: Path) -> Path:
    files: dict[str, str] = {}
    for t in range(3):
        files[f"t{t}/config.yaml"] = (
            f"model_name: m{t}\nsecrets:\n  hf_access_token: null\n  unused_{t}: null\n"
        )
        files[f"t{t}/model/model.py"] = _MODEL
        for index in range(HELPERS):
            files[f"t{t}/model/helper{index}.py"] = _helper(index)
    files["t0/model/broken.py"] = "def f(:\n    secret = 1\n"
    files["t1/model/keys.py"] = f"API_KEY = '{TOKEN}'\nNOTE = 'a secret-free sentence here'\n"
    files["chain/app.py"] = (
        "import truss_chains as chains\n\n\nclass A(chains.ChainletBase):\n"
        "    remote_config = chains.RemoteConfig(assets=chains.Assets(secret_keys=['k']))\n\n"
        "    def __init__(self, context=chains.depends_context()):\n"
        "        self.k = context.secrets['other']\n"
    )
    return write_tree(root, files)


def _touch_configs(tree: Path) -> None:
    """A config-only edit that changes no finding: every unit-level entry misses."""
    for config in sorted(tree.glob("t*/config.yaml")):
        config.write_text(config.read_text() + "# edited\n")


def test_output_is_identical_with_and_without_the_facts_cache(tmp_path: Path) -> None:
    """Four Trusses, below the pool's threshold (a `--jobs 2` run here would be serial too): the
    facts cache in pool workers, cold, warm and after a config-only edit, is
    tests/test_determinism.py's."""
    tree, cache, jobs = _tree(tmp_path / "tree"), str(tmp_path / "cache"), "1"
    for fmt in ("json", "text", "sarif"):
        reference = run_cli("--format", fmt, "--no-cache", cwd=tree)
        assert reference.returncode == 1 and reference.stdout
        cold = run_cli("--format", fmt, "--jobs", jobs, "--cache-dir", cache, cwd=tree)
        assert (cold.returncode, cold.stdout) == (reference.returncode, reference.stdout), fmt
    findings = json.loads(run_cli("--format", "json", "--no-cache", cwd=tree).stdout)
    codes = {d["code"] for d in findings}
    assert {"TSL002", "TSL301", "TSL303", "TSL304", "TSL307"} <= codes, codes
    _touch_configs(tree)
    for fmt in ("json", "text", "sarif"):
        reference = run_cli("--format", fmt, "--no-cache", cwd=tree)
        warm = run_cli("--format", fmt, "--jobs", jobs, "--cache-dir", cache, cwd=tree)
        assert (warm.returncode, warm.stdout) == (reference.returncode, reference.stdout), fmt
    assert any((tmp_path / "cache").rglob("facts/*/*.entry"))


_PROBE = """\
import sys
from truss_secret_lint.cli import main
code = main(sys.argv[1:])
sys.stderr.write("LIBCST-LOADED=%s\\n" % ("libcst" in sys.modules))
sys.exit(code)
"""


def _libcst_loaded(tree: Path, *args: str) -> bool:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, "--format", "json", *args],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**__import__("os").environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode in (0, 1), result.stderr
    return "LIBCST-LOADED=True" in result.stderr


def test_a_config_only_change_never_imports_libcst(tmp_path: Path) -> None:
    tree = _tree(tmp_path / "tree")
    cache = ("--cache-dir", str(tmp_path / "cache"))
    assert _libcst_loaded(tree, "t0", *cache), "a cold run parses"
    _touch_configs(tree)
    assert not _libcst_loaded(tree, "t0", *cache), "config-only change imported libcst"
    (tree / "t0/model/model.py").write_text(_MODEL + "\n# edited\n")
    assert _libcst_loaded(tree, "t0", *cache), "a changed model.py is parsed again"


def test_a_changed_model_re_parses_only_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from truss_secret_lint import code_facts
    from truss_secret_lint.cli import main

    tree = _tree(tmp_path / "tree")
    monkeypatch.chdir(tree)
    original = code_facts.parse_module
    parsed: list[str] = []

    def counting(source: str | bytes, path: str) -> Any:
        parsed.append(path)
        return original(source, path)

    monkeypatch.setattr(code_facts, "parse_module", counting)
    args = ["--format", "json", "--jobs", "1", "--cache-dir", str(tmp_path / "cache"), "t2"]
    assert main(args) == 1
    assert len(parsed) > HELPERS, parsed
    parsed.clear()
    (tree / "t2/model/model.py").write_text(_MODEL + "\n# edited\n")
    assert main(args) == 1
    assert parsed == ["t2/model/model.py"], parsed


def test_the_facts_cache_holds_no_literal(tmp_path: Path) -> None:
    tree, cache = _tree(tmp_path / "tree"), tmp_path / "cache"
    assert run_cli("--cache-dir", str(cache), cwd=tree).returncode == 1
    entries = list(cache.rglob("facts/*/*.entry"))
    assert entries
    for entry in entries:
        text = entry.read_bytes().decode("utf-8", "replace")
        assert TOKEN[4:16] not in text and "secret-free sentence" not in text, entry


def test_every_code_fact_survives_the_cache_round_trip() -> None:
    """An entry holds every field of CodeFacts but the literals (never stored): a field added to
    the analysis without the cache learning it would silently change cached results."""
    from dataclasses import fields, replace

    from truss_secret_lint.cache.facts import _decode, _encode
    from truss_secret_lint.code_facts.facts import (
        ChainletSecrets,
        CodeFacts,
        Comment,
        Escape,
        HeldAttribute,
        Leak,
        OutgoingSecrets,
        SecretRead,
        SecretsMisuse,
        StringLiteral,
    )
    from truss_secret_lint.diagnostic import Span

    span = Span(3, 5, 3, 9)
    facts = CodeFacts(
        reads=(
            SecretRead("hf_access_token", span, "subscript"),
            SecretRead(None, span, "get", "Transcribe", ("constants", "HF_SECRET_NAME")),
        ),
        misuses=(SecretsMisuse("items", span),),
        escapes=(Escape(span, "passed to json.dumps"),),
        outgoing=(
            OutgoingSecrets(".helpers", "load", 0, span),
            OutgoingSecrets("m", "f", "s", span),
        ),
        literals=(StringLiteral("not stored", span, "x"),),
        leaks=(Leak("hf_access_token", "warning", span),),
        chainlets=(ChainletSecrets("Transcribe", ("a", "b"), span, (span, span)),),
        imports_truss_chains=True,
        constants=(("HF_SECRET_NAME", "hf_token"),),
        aliases=(("KEY", ".constants", "HF_SECRET_NAME"),),
        bases=((".base", "BaseModel"),),
        attributes=(HeldAttribute("BaseModel", "_secrets"), HeldAttribute("M", "_ctx", "secrets")),
        comments=(Comment("# see the docs", span),),
    )
    assert all(getattr(facts, f.name) for f in fields(CodeFacts)), "populate every field"
    entry = _encode(facts)
    assert entry is not None
    assert _decode(json.loads(json.dumps(entry)), "m.py") == replace(facts, literals=())


def test_syntax_verdicts_of_unparsed_modules_are_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Modules checked only for syntax (a vendored package) are checked once: a run after a
    config-only change reuses the verdicts, and a broken module is still TSL002."""
    from truss_secret_lint.cli import main
    from truss_secret_lint.code_facts import syntax

    files = {
        "config.yaml": "model_name: m\nsecrets:\n  hf_access_token: null\n",
        "model/model.py": "class Model:\n    def __init__(self, **kw):\n"
        "        self.t = kw['secrets']['hf_access_token']\n",
        "packages/vendored/broken.py": "def f(:\n    pass\n",
    }
    files.update({f"packages/vendored/m{i}.py": f"def f{i}():\n    return {i}\n" for i in range(6)})
    write_tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    real = syntax.syntax_failure
    checked: list[str] = []

    def counting(source: str | bytes, path: str) -> Any:
        checked.append(path)
        return real(source, path)

    monkeypatch.setattr(syntax, "syntax_failure", counting)
    cache = ["--cache-dir", str(tmp_path / "cache"), "--format", "json", "."]
    for round_ in range(2):
        checked.clear()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(cache) == 1
        codes = {(f["path"], f["code"]) for f in json.loads(out.getvalue())}
        assert ("packages/vendored/broken.py", "TSL002") in codes
        if round_ == 0:
            assert len(checked) == 7, checked
            (tmp_path / "config.yaml").write_text(files["config.yaml"] + "# edited\n")
    assert checked == []
