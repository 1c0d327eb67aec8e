"""`--fix` never loses an edit or writes where it should not (issue 9, item 10), and the breakages
listed in issue 10 are fixed or declined. Real CLI on real files."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from tests.conftest import run_cli, write_tree
from tests.samples import credential_samples
from truss_secret_lint import fixes
from truss_secret_lint.cli import main

MODEL = (
    "class Model:\n    def __init__(self, **kw):\n        self.s = kw['secrets']\n"
    "    def load(self):\n"
)


def model_reading(*names: str) -> str:
    return MODEL + "".join(f"        self.s[{n!r}]\n" for n in names)


def fix(root: Path) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        main(["--fix", "--no-cache", str(root)])
    return out.getvalue()


def test_a_file_saved_meanwhile_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(
        tmp_path,
        {
            "config.yaml": "model_name: m\nsecrets:\n  a: None\n",
            "model/model.py": model_reading("a"),
        },
    )
    config = tmp_path / "config.yaml"
    real = fixes.plan_fixes

    def editor_saves_while_planning(*args, **kwargs):  # type: ignore[no-untyped-def]
        planned = real(*args, **kwargs)
        config.write_text("model_name: m\nsecrets:\n  a: None\n  b: null  # my edit\n")
        return planned

    monkeypatch.setattr(fixes, "plan_fixes", editor_saves_while_planning)
    output = fix(tmp_path)
    assert config.read_text() == "model_name: m\nsecrets:\n  a: None\n  b: null  # my edit\n"
    assert "changed while it was being checked" in output


def test_a_fix_does_not_write_through_a_linked_config(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "config.yaml").write_text("model_name: m\nsecrets:\n  a: None\n")
    checked = tmp_path / "checked"
    write_tree(checked, {"model/model.py": model_reading("a", "b")})
    (checked / "config.yaml").symlink_to(outside / "config.yaml")
    for args in (["."], ["config.yaml", "model/model.py"]):
        run_cli("--fix", "--no-cache", *args, cwd=checked)
    assert (outside / "config.yaml").read_text() == "model_name: m\nsecrets:\n  a: None\n"
    assert (checked / "config.yaml").is_symlink()


def test_added_lines_keep_crlf(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "config.yaml": "model_name: m\r\nsecrets:\r\n  a: null\r\n",
            "model/model.py": model_reading("a", "b", "c"),
        },
    )
    fix(tmp_path)
    data = (tmp_path / "config.yaml").read_bytes()
    assert data == b"model_name: m\r\nsecrets:\r\n  a: null\r\n  b: null\r\n  c: null\r\n"


@pytest.mark.parametrize(
    ("config", "reads", "expected"),
    [
        pytest.param(
            "model_name: m\n",
            ("a", "b"),
            "model_name: m\nsecrets:\n  a: null\n  b: null\n",
            id="one-block-for-several-names",
        ),
        pytest.param(
            "model_name: m\n",
            ("true", "123", "y"),
            "model_name: m\nsecrets:\n  'true': null\n  '123': null\n  y: null\n",
            id="quoted-when-yaml-needs-it",
        ),
        pytest.param(
            "model_name: m\n",
            ("a: b", "db #1", "x\nbase_image: evil", "*star", "'q"),
            "model_name: m\n",
            id="unportable-names-not-inserted",
        ),
        pytest.param(
            "model_name: m\n...\n", ("a",), "model_name: m\n...\n", id="not-after-document-end"
        ),
        pytest.param("{model_name: m}\n", ("a",), "{model_name: m}\n", id="not-after-flow-root"),
        pytest.param(
            "  model_name: m\n", ("a",), "  model_name: m\n", id="not-after-indented-root"
        ),
        pytest.param(
            "model_name: m\nsecrets: !!set {a}\n",
            ("b",),
            "model_name: m\nsecrets: !!set {a}\n",
            id="not-into-a-set",
        ),
        pytest.param("model_name: m\nsecret:\n", (), "model_name: m\nsecret:\n", id="bare-secret"),
        pytest.param(
            "model_name: m\nsecrets: {a: null, }\n",
            ("a", "b"),
            "model_name: m\nsecrets: {a: null, }\n",
            id="flow-trailing-comma",
        ),
        pytest.param(
            "model_name: m\nenvironment_variables:\n  hf_access_token: null\n  HF_TOKEN: null\n",
            (),
            "model_name: m\nenvironment_variables: {}\n"
            "secrets:\n  hf_access_token: null\n  HF_TOKEN: null\n",
            id="emptied-env-stays-a-mapping",
        ),
        pytest.param(
            "model_name: m\nsecrets:\n  hf_access_token: null\nsecrets: {}\n",
            ("hf_access_token",),
            None,
            id="trailing-empty-block",
        ),
    ],
)
def test_issue_10_fix_breakages(
    tmp_path: Path, config: str, reads: tuple[str, ...], expected: str | None
) -> None:
    write_tree(tmp_path, {"config.yaml": config, "model/model.py": model_reading(*reads)})
    fix(tmp_path)
    text = (tmp_path / "config.yaml").read_text()
    if expected is not None:
        assert text == expected
    before = text
    fix(tmp_path)
    assert (tmp_path / "config.yaml").read_text() == before, "a second --fix changed the file"


def test_block_scalar_default_becomes_null(tmp_path: Path) -> None:
    token = "hf_U8JZpDE0iGXlD6gNCFbaEPFjbD0kH8Oool"
    config = f"model_name: m\nsecrets:\n  a: |\n    {token}\nresources: {{}}\n"
    write_tree(tmp_path, {"config.yaml": config, "model/model.py": model_reading("a")})
    fix(tmp_path)
    assert (tmp_path / "config.yaml").read_text() == (
        "model_name: m\nsecrets:\n  a: null\nresources: {}\n"
    )


@pytest.mark.parametrize(
    "config",
    [
        pytest.param("model_name: m\nsecrets:\n  a: &t {token}\nother: *t\n", id="anchored"),
        pytest.param("t: &t {token}\nmodel_name: m\nsecrets:\n  a: *t\n", id="alias"),
    ],
)
def test_anchored_credential_default_is_fixed_only_where_it_is_safe(
    tmp_path: Path, config: str
) -> None:
    import yaml

    text = config.format(token="hf_U8JZpDE0iGXlD6gNCFbaEPFjbD0kH8Oool")
    write_tree(tmp_path, {"config.yaml": text, "model/model.py": model_reading("a")})
    fix(tmp_path)
    before, after = yaml.safe_load(text), yaml.safe_load((tmp_path / "config.yaml").read_text())
    # Another field never changes through the alias, and nothing dangles.
    assert {k: v for k, v in after.items() if k != "secrets"} == {
        k: v for k, v in before.items() if k != "secrets"
    }


def test_a_token_read_as_a_secret_name_is_never_written_into_config(tmp_path: Path) -> None:
    """`kwargs["secrets"]["hf_..."]` (a token pasted where the name belongs) is TSL301, but
    `--fix` must not copy the token into config.yaml, nor show it in `--diff`."""
    token = credential_samples(seed=9)["huggingface"]
    write_tree(
        tmp_path,
        {"config.yaml": "model_name: m\nsecrets: {}\n", "model/model.py": model_reading(token)},
    )
    diff = io.StringIO()
    with contextlib.redirect_stdout(diff), contextlib.redirect_stderr(diff):
        main(["--diff", "--no-cache", str(tmp_path)])
    output = fix(tmp_path)
    assert (tmp_path / "config.yaml").read_text() == "model_name: m\nsecrets: {}\n"
    assert token not in output + diff.getvalue()
    assert token[4:12] not in output + diff.getvalue()
