"""The cache cannot hide a finding or write outside itself (issue 9, item 2), through the real CLI.

An attacker controls the checked tree: they can commit a `.truss-secret-lint-cache/`, copy real
entries from their own runs and edit them, craft `null` fields, and plant symlinks. The tests
find cache entries by content (the JSON body, after a MAC line where there is one), so each
attack is the same against the old in-tree, unauthenticated cache (where it succeeds) and the
current one (where it must not).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli, write_tree
from tests.samples import credential_samples

TOKEN = credential_samples(seed=91)["huggingface"]
IN_TREE = ".truss-secret-lint-cache"
MANY_DIRS = 2_050  # above cache.MAX_DIRS (2,000)

Edit = Callable[[dict[str, Any]], dict[str, Any]]


def _leaky_truss(root: Path) -> Path:
    return write_tree(
        root,
        {
            "t/config.yaml": f"model_name: m\nsecrets:\n  hf_access_token: {TOKEN}\n",
            "t/model/model.py": "class Model:\n    def __init__(self, **kwargs):\n"
            "        self.t = kwargs['secrets']['hf_access_token']\n",
        },
    )


def _lint(tree: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "--format", "json", *args, cwd=tree, env={"TRUSS_SECRET_LINT_CACHE_DIR": str(home)}
    )


def _reports_token(result: subprocess.CompletedProcess[str]) -> bool:
    assert result.returncode in (0, 1), result.stderr
    return any(d["code"] == "TSL201" for d in json.loads(result.stdout))


def _split(raw: bytes) -> tuple[bytes, Any]:
    """(MAC line or b"", the entry's JSON) — for the old plain-JSON and the new format alike."""
    head, _, rest = raw.partition(b"\n")
    if len(head) == 64 and rest:
        try:
            return head + b"\n", json.loads(rest)
        except ValueError:
            pass
    return b"", json.loads(raw)


def _entries(*roots: Path) -> Iterator[tuple[Path, bytes, dict[str, Any]]]:
    """Every unit-result entry under `roots`: (file, its MAC prefix, its JSON)."""
    for root in roots:
        for path in sorted(root.rglob("*")) if root.is_dir() else ():
            if not path.is_file() or path.is_symlink():
                continue
            try:
                prefix, entry = _split(path.read_bytes())
            except ValueError:
                continue
            if isinstance(entry, dict) and "diagnostics" in entry:
                yield path, prefix, entry


def _forge(path: Path, prefix: bytes, entry: dict[str, Any], edit: Edit) -> None:
    """Rewrite an entry as an attacker can: the body edited, the MAC line (if any) kept."""
    path.write_bytes(prefix + json.dumps(edit(dict(entry))).encode())


def _no_findings(entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "diagnostics": [], "suppressed": []}


FORGERIES: dict[str, Edit] = {
    "no-findings": _no_findings,
    "no-inputs": lambda e: {**_no_findings(e), "inputs": {}},
    "null-inputs": lambda e: {**_no_findings(e), "inputs": None},
    "null-everything": lambda e: {k: None for k in e},
}


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
def test_an_edited_entry_in_the_cache_never_hides_a_token(tmp_path: Path, forgery: str) -> None:
    """A real entry, edited to say "no findings" (or with null fields), where the tool looks."""
    tree, home = _leaky_truss(tmp_path / "tree"), tmp_path / "home"
    assert _reports_token(_lint(tree, home))
    entries = list(_entries(tree / IN_TREE, home))
    assert entries, "the first run wrote a cache entry"
    for path, prefix, entry in entries:
        _forge(path, prefix, entry, FORGERIES[forgery])
    assert _reports_token(_lint(tree, home)), f"{forgery}: the token was hidden by the cache"


def test_a_committed_cache_dir_is_never_read_nor_written(tmp_path: Path) -> None:
    """The attacker runs the tool on their copy, edits the entries to say "no findings", and
    commits them as `.truss-secret-lint-cache/`; the victim checks the same path fresh."""
    tree, attacker_home = _leaky_truss(tmp_path / "tree"), tmp_path / "attacker-home"
    assert _reports_token(_lint(tree, attacker_home))
    planted = tree / IN_TREE
    if attacker_home.is_dir():
        shutil.copytree(attacker_home, planted, dirs_exist_ok=True)
    entries = list(_entries(planted))
    assert entries
    for path, prefix, entry in entries:
        _forge(path, prefix, entry, _no_findings)

    def contents() -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in planted.rglob("*") if p.is_file()}

    before = contents()
    victim_home = tmp_path / "victim-home"
    assert _reports_token(_lint(tree, victim_home)), "default run trusted the committed cache"
    assert contents() == before, "the default run wrote into the committed cache folder"
    assert _reports_token(_lint(tree, victim_home, "--cache-dir", str(planted))), (
        "an explicit --cache-dir holding forged entries was trusted"
    )
    after = contents()
    assert all(after.get(p) == data for p, data in before.items()), "a planted file was rewritten"


def test_an_entry_of_another_unit_cannot_be_moved_into_place(tmp_path: Path) -> None:
    """Two chain files in one directory: the clean one's entry copied over the leaky one's."""
    tree, home = tmp_path / "tree", tmp_path / "home"
    chains = "import truss_chains as chains\n\n\nclass A(chains.ChainletBase):\n    pass\n"
    write_tree(
        tree,
        {"app/clean.py": chains, "app/leaky.py": chains + f"\nAPI_KEY = '{TOKEN}'\n"},
    )
    first = _lint(tree, home)
    assert any(d["code"] == "TSL304" for d in json.loads(first.stdout))
    entries = list(_entries(tree / IN_TREE, home))
    clean = next(p for p, _, e in entries if any("clean.py" in k for k in e["inputs"]))
    leaky = next(p for p, _, e in entries if any("leaky.py" in k for k in e["inputs"]))
    leaky.write_bytes(clean.read_bytes())
    again = _lint(tree, home)
    assert any(d["code"] == "TSL304" for d in json.loads(again.stdout)), "moved entry trusted"


def test_the_many_directories_shape_never_hides_a_token(tmp_path: Path) -> None:
    """A Truss with more than 2,000 directories is never cached, so its recorded directory
    times are `null`: a planted entry with `directories: null` must not match that."""
    tree, home = _leaky_truss(tmp_path / "tree"), tmp_path / "home"
    assert _reports_token(_lint(tree, home))
    entries = list(_entries(tree / IN_TREE, home))
    assert entries
    for index in range(MANY_DIRS):
        (tree / "t" / "data" / f"d{index:04d}").mkdir(parents=True)

    def shape(entry: dict[str, Any]) -> dict[str, Any]:
        return {**_no_findings(entry), "directories": None}

    for path, prefix, entry in entries:
        _forge(path, prefix, entry, shape)
    assert _reports_token(_lint(tree, home)), "the >2,000-directories entry hid the token"


def test_a_correctly_signed_entry_with_null_fields_is_a_miss(tmp_path: Path) -> None:
    """Defence in depth behind the MAC: even an entry signed with the user's own key (a bug, a
    half-written format) is used only when every field has the right type."""
    from truss_secret_lint.cache import UnitCache, open_store, settings_fingerprint
    from truss_secret_lint.settings import Settings
    from truss_secret_lint.units import Unit

    tree, home = _leaky_truss(tmp_path / "tree"), tmp_path / "home"
    assert _reports_token(_lint(tree, home))
    [(_path, _prefix, real)] = list(_entries(home))
    shapes: list[Any] = [
        {**_no_findings(real), "directories": None},
        {**_no_findings(real), "inputs": None},
        {**real, "diagnostics": [{k: None for k in d} for d in real["diagnostics"]]},
        {**real, "diagnostics": [None]},
        {**real, "files": None},
        [],
        None,
    ]
    previous_cwd, previous_home = os.getcwd(), os.environ["TRUSS_SECRET_LINT_CACHE_DIR"]
    os.chdir(tree)
    os.environ["TRUSS_SECRET_LINT_CACHE_DIR"] = str(home)
    try:
        from truss_secret_lint.cache import store as cache_store

        cache_store._key_of.cache_clear()
        store = open_store(None)
        assert store is not None
        unit = Unit("truss", Path("t"), Path("t/config.yaml"))
        cache = UnitCache(store, settings_fingerprint(Settings()))
        assert cache.load(unit) is not None, "the real entry is found through the API"
        for shape in shapes:
            body = json.dumps(shape).encode()
            store.write("units", cache._slot(unit), body)
            assert cache.load(unit) is None, shape
            result = _lint(tree, home)
            assert _reports_token(result), shape
    finally:
        os.chdir(previous_cwd)
        os.environ["TRUSS_SECRET_LINT_CACHE_DIR"] = previous_home
        cache_store._key_of.cache_clear()


def _layout(root: Path) -> list[Path]:
    """Every path a run created under `root`, relative, parents first."""
    return sorted((p.relative_to(root) for p in root.rglob("*")), key=lambda p: len(p.parts))


def _snapshot(directory: Path) -> set[str]:
    return {str(p.relative_to(directory)) for p in directory.rglob("*")}


@pytest.mark.parametrize("how", ["cache-dir", "cache-home"])
def test_symlinks_in_the_cache_dir_never_lead_outside(tmp_path: Path, how: str) -> None:
    """Whatever a run creates in its cache folder, planted as symlinks (level by level: one
    level real folders, the next symlinks to folders and files outside): nothing is written
    outside, and the token is still reported."""
    tree = _leaky_truss(tmp_path / "tree")
    learn_home = tmp_path / "learn-home"
    learned = tmp_path / "learn-cache" if how == "cache-dir" else learn_home
    learn_args = ("--cache-dir", str(learned)) if how == "cache-dir" else ()
    assert _reports_token(_lint(tree, learn_home, *learn_args))
    layout = _layout(learned)
    assert layout
    depths = sorted({len(p.parts) for p in layout})
    for depth in depths:
        outside = tmp_path / f"outside-{depth}"
        outside.mkdir()
        cache = tmp_path / f"planted-{depth}"
        cache.mkdir()
        for index, relative in enumerate(layout):
            if len(relative.parts) < depth and (learned / relative).is_dir():
                (cache / relative).mkdir(parents=True, exist_ok=True)
            elif len(relative.parts) == depth:
                if (learned / relative).is_dir():
                    target = outside / f"dir{index}"
                    target.mkdir()
                else:
                    target = outside / f"file{index}"  # dangling: following it creates it
                (cache / relative).symlink_to(target)
        before = _snapshot(outside)
        if how == "cache-dir":
            result = _lint(tree, tmp_path / "victim-home", "--cache-dir", str(cache))
        else:
            result = _lint(tree, cache)
        assert _reports_token(result), depth
        again = _lint(tree, cache) if how == "cache-home" else result
        assert _reports_token(again), depth
        assert _snapshot(outside) == before, f"written outside through a symlink at depth {depth}"
