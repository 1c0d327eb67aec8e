"""Nothing the tool writes gives a guessable value back (issue 9, item 6).

A 6-digit PIN default (`secrets: {db_pin: "483920"}`, the same PIN in an environment variable,
and as an int) is linted with every writer: baseline, the cache, and all output formats. Then an
attacker who knows the code tries all 10^6 PINs against every 64-hex-digit string in those files,
with the constructions old and current versions of the tool use: a digest of the value, of the
whitespace-folded source line, and the baseline/SARIF/GitLab fingerprints built over either.
The PIN is "recovered" when it matches and fewer than 1,000 candidates do.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import run_cli, write_tree

PIN = "483920"
CANDIDATES = [f"{n:06d}" for n in range(1_000_000)]
FORMATS = ("text", "json", "json-lines", "sarif", "github", "gitlab", "pylint", "junit")
_HEX64 = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")
_MODEL = (
    "class Model:\n    def __init__(self, **kwargs):\n"
    "        self.p = kwargs['secrets']['db_pin']\n"
)
FILES = {
    "t1/config.yaml": f'model_name: m\nenvironment_variables:\n  DB_PIN: "{PIN}"\n'
    f'secrets:\n  db_pin: "{PIN}"\n',
    "t1/model/model.py": _MODEL,
    "t2/config.yaml": f"model_name: m\nsecrets:\n  db_pin: {PIN}\n",
    "t2/model/model.py": _MODEL,
}


def _written(tree: Path, home: Path) -> tuple[str, list[dict[str, Any]]]:
    """Everything the tool writes for the tree, concatenated, and its JSON findings."""
    env = {"TRUSS_SECRET_LINT_CACHE_DIR": str(home)}
    texts = []
    findings: list[dict[str, Any]] = []
    for fmt in FORMATS:
        result = run_cli("--format", fmt, cwd=tree, env=env)
        assert result.returncode == 1, result.stderr
        texts.append(result.stdout)
        if fmt == "json":
            findings = json.loads(result.stdout)
    assert run_cli("--write-baseline", "baseline.json", cwd=tree, env=env).returncode == 0
    texts.append((tree / "baseline.json").read_text())
    cache_files = [
        p
        for root in (home, tree / ".truss-secret-lint-cache")
        for p in (sorted(root.rglob("*")) if root.is_dir() else [])
        if p.is_file() and p.name != "key"  # the key is a secret of the user, not output
    ]
    assert any(p.stat().st_size > 100 for p in cache_files), "the runs wrote cache entries"
    texts += [p.read_bytes().decode("utf-8", "replace") for p in cache_files]
    return "\n".join(texts), findings


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _inner_digests(line: str) -> list[Callable[[str], str]]:
    """How old versions turned a candidate into a digest: the value, and the folded line."""
    folded = " ".join(line.split())
    constructions = [lambda c: _sha(c.encode())]
    if PIN in folded:
        before, _, after = folded.partition(PIN)
        constructions.append(lambda c: _sha(f"{before}{c}{after}".encode()))
    return constructions


def _old_wrappers(finding: dict[str, Any]) -> list[Callable[[str], str]]:
    """A digest as stored (cache), in a baseline entry, and in SARIF/GitLab (version 1)."""
    code, path, secret = finding["code"], finding["path"], finding["secret"] or ""
    baseline = hashlib.sha256(f"{code}\0{path}\0".encode())
    sarif = hashlib.sha256(f"{code}\0{path}\0{secret}\0".encode())

    def wrap(base: Any) -> Callable[[str], str]:
        def apply(digest: str) -> str:
            h = base.copy()
            h.update(digest.encode())
            return str(h.hexdigest())

        return apply

    return [lambda d: d, wrap(baseline), wrap(sarif)]


def _chained(
    inner: Callable[[str], str], wrappers: list[Callable[[str], str]]
) -> Callable[[str], list[str]]:
    def make(candidate: str) -> list[str]:
        digest = inner(candidate)
        return [wrap(digest) for wrap in wrappers]

    return make


def _recovered(tree: Path, home: Path) -> set[str]:
    """The candidates an attacker is left with, over all constructions (empty: none fit).

    The attacker's answer is "recovered" exactly when the PIN fits and fewer than 1,000
    candidates do: so the PIN is tried first (if it fits nothing, no candidate list can recover
    it), and the other candidates are tried only until 1,000 fit."""
    written, findings = _written(tree, home)
    assert PIN not in written
    seen = set(_HEX64.findall(written))
    assert seen, "fingerprints were written"
    lines = {p: (tree / p).read_text().splitlines() for p in FILES}
    old_schemes = [
        _chained(inner, _old_wrappers(finding))
        for finding in findings
        for inner in _inner_digests(lines[finding["path"]][finding["line"] - 1])
    ]

    def fits(candidate: str) -> bool:
        return any(h in seen for make in old_schemes for h in make(candidate))

    current = _current_scheme_fits(findings, seen)
    if not (fits(PIN) or current(PIN)):
        return set()
    found: set[str] = set()
    for candidate in CANDIDATES:
        if current(candidate) or fits(candidate):
            found.add(candidate)
            if len(found) >= 1_000:
                break
    return found


def _current_scheme_fits(findings: list[dict[str, Any]], seen: set[str]) -> Callable[[str], bool]:
    """Whether a candidate fits the tool's own fingerprint function (if this version has one)."""
    try:
        from truss_secret_lint import fingerprint
    except ImportError:
        return lambda candidate: False

    @functools.cache
    def digest_fits(digest: str) -> bool:
        return digest in seen or any(
            fingerprint.finding_fingerprint(f["code"], f["path"], f["secret"], digest, f["message"])
            in seen
            for f in findings
        )

    return lambda candidate: digest_fits(fingerprint.value_digest(candidate))


def test_a_six_digit_pin_is_not_recovered_from_anything_written(tmp_path: Path) -> None:
    tree = write_tree(tmp_path / "tree", FILES)
    fits = _recovered(tree, tmp_path / "home")
    recovered = PIN in fits and len(fits) < 1_000
    assert not recovered, f"the PIN was recovered ({len(fits)} candidate(s) fit)"


def test_fingerprints_are_the_same_on_another_machine(tmp_path: Path) -> None:
    """A committed baseline matches in CI: nothing per-machine (cache key, home) enters it."""
    first = write_tree(tmp_path / "a", FILES)
    second = write_tree(tmp_path / "b", FILES)
    for tree, home in ((first, tmp_path / "home-a"), (second, tmp_path / "home-b")):
        env = {"TRUSS_SECRET_LINT_CACHE_DIR": str(home)}
        assert run_cli("--write-baseline", "b.json", cwd=tree, env=env).returncode == 0
        sarif = run_cli("--format", "sarif", cwd=tree, env=env).stdout
        (tree / "fingerprints").write_text(
            json.dumps([r["partialFingerprints"] for r in json.loads(sarif)["runs"][0]["results"]])
        )
    assert (first / "b.json").read_text() == (second / "b.json").read_text()
    assert (first / "fingerprints").read_text() == (second / "fingerprints").read_text()
    clean = run_cli(
        "--baseline",
        "b.json",
        cwd=second,
        env={"TRUSS_SECRET_LINT_CACHE_DIR": str(tmp_path / "h3")},
    )
    assert clean.returncode == 0, clean.stdout


def test_a_changed_token_is_a_new_finding_a_changed_pin_of_the_same_length_is_not(
    tmp_path: Path,
) -> None:
    """What the README promises about changed values under a baseline."""
    from tests.samples import credential_samples

    first, second = (
        credential_samples(seed=3)["huggingface"],
        credential_samples(seed=4)["huggingface"],
    )
    tree = write_tree(
        tmp_path,
        {
            "t/config.yaml": f'model_name: m\nsecrets:\n  hf_token: {first}\n  db_pin: "{PIN}"\n',
            "t/model/model.py": "class Model:\n    def __init__(self, **kwargs):\n"
            "        s = kwargs['secrets']\n        self.a, self.b = s['hf_token'], s['db_pin']\n",
        },
    )
    assert run_cli("--write-baseline", "b.json", cwd=tree).returncode == 0
    assert run_cli("--baseline", "b.json", cwd=tree).returncode == 0
    config = tree / "t/config.yaml"
    config.write_text(config.read_text().replace(first, second).replace(PIN, "111111"))
    result = run_cli("--format", "json", "--baseline", "b.json", cwd=tree)
    reported = {(d["code"], d["secret"]) for d in json.loads(result.stdout)}
    assert reported == {("TSL201", "hf_token")}, reported
