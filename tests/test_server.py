"""The language server, driven over stdio by pygls' client exactly as an editor drives it.

Every test starts the real `python -m truss_secret_lint server` in a subprocess, opens and edits
real files of a workspace folder, and reads what the server sends. Every message the server
sends, and its stderr, are recorded: no credential value may appear in any of them.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.protocol import LanguageServerProtocol

from tests.conftest import REPO, run_cli, write_tree
from tests.samples import credential_samples

TOKENS = credential_samples(seed=14)
HF = TOKENS["huggingface"]
GITHUB = TOKENS["github_classic"]
TIMEOUT = 60.0  # a hang guard, far above the milliseconds a check takes
T = TypeVar("T")

CONFIG = f"""\
model_name: demo
python_version: py311
secrets:
  hf_access_token: {HF}
"""
MODEL = """\
class Model:
    def __init__(self, **kwargs):
        self._secrets = kwargs["secrets"]

    def load(self):
        self.token = self._secrets["hf_access_token"]
"""


class RecordingProtocol(LanguageServerProtocol):
    """The client's protocol, keeping the JSON of every message the server sends."""

    sent_by_server: list[str]

    def structure_message(self, data: dict[str, Any]) -> Any:
        if "jsonrpc" in data:
            self.sent_by_server.append(json.dumps(data))
        return super().structure_message(data)


class Editor:
    """An editor session: one server process, one workspace folder, open documents."""

    def __init__(
        self, root: Path, *, command: list[str] | None = None, cwd: Path | None = None
    ) -> None:
        self.root = root
        self.cwd = cwd or root
        self.command = command or [sys.executable, "-m", "truss_secret_lint", "server"]
        RecordingProtocol.sent_by_server = []
        self.client = LanguageClient("test-editor", "1", protocol_cls=RecordingProtocol)
        self.published: list[types.PublishDiagnosticsParams] = []
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}

        def received(params: types.PublishDiagnosticsParams) -> None:
            self.published.append(params)

        self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(received)

    @property
    def messages(self) -> list[str]:
        return RecordingProtocol.sent_by_server

    async def start(self, *, encodings: list[str] | None = None) -> types.InitializeResult:
        env = dict(os.environ, PYTHONPATH=str(REPO))
        await self.client.start_io(*self.command, cwd=str(self.cwd), env=env)
        result = await within(
            self.client.initialize_async(
                types.InitializeParams(
                    capabilities=types.ClientCapabilities(
                        workspace=types.WorkspaceClientCapabilities(
                            workspace_edit=types.WorkspaceEditClientCapabilities(
                                document_changes=True
                            )
                        ),
                        general=types.GeneralClientCapabilities(position_encodings=encodings)
                        if encodings
                        else None,
                    ),
                    root_uri=self.root.as_uri(),
                    workspace_folders=[types.WorkspaceFolder(uri=self.root.as_uri(), name="ws")],
                )
            )
        )
        self.client.initialized(types.InitializedParams())
        return result

    def uri(self, relative: str) -> str:
        return (self.root / relative).as_uri()

    def open(self, relative: str, text: str | None = None) -> str:
        uri = self.uri(relative)
        if text is None:
            text = (self.root / relative).read_text(encoding="utf-8")
        self.texts[uri] = text
        self.versions[uri] = 1
        language = "python" if relative.endswith(".py") else "yaml"
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language, version=1, text=text
                )
            )
        )
        return uri

    def replace_all(self, uri: str, text: str) -> int:
        """Send a whole-document change; returns the new version."""
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=self.versions[uri]
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return self.versions[uri]

    def apply(self, edit: types.WorkspaceEdit) -> list[str]:
        """Apply a workspace edit as an editor does (to open buffers); returns changed URIs."""
        changed = []
        for change in edit.document_changes or []:
            assert isinstance(change, types.TextDocumentEdit)
            uri = change.text_document.uri
            if change.text_document.version is not None:
                assert change.text_document.version == self.versions[uri], "stale edit"
            text = self.texts[uri]
            for text_edit in sorted(
                change.edits,
                key=lambda e: (e.range.start.line, e.range.start.character),  # type: ignore[union-attr]
                reverse=True,
            ):
                start = utf16_offset(text, text_edit.range.start)
                end = utf16_offset(text, text_edit.range.end)
                text = text[:start] + text_edit.new_text + text[end:]
            self.replace_all(uri, text)
            changed.append(uri)
        return changed

    async def diagnostics(
        self, uri: str, version: int | None = None, *, after: int = 0
    ) -> list[types.Diagnostic]:
        """The first diagnostics published for `uri` (at `version`) after message `after`."""

        async def wait() -> list[types.Diagnostic]:
            while True:
                for params in self.published[after:]:
                    if params.uri == uri and (version is None or params.version == version):
                        return list(params.diagnostics)
                await asyncio.sleep(0.002)

        return await within(wait())

    async def actions(self, uri: str, where: types.Range) -> list[types.CodeAction]:
        result = await within(
            self.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    range=where,
                    context=types.CodeActionContext(diagnostics=[]),
                )
            )
        )
        return [a for a in result or [] if isinstance(a, types.CodeAction)]

    async def stop(self) -> int:
        await within(self.client.shutdown_async(None))
        self.client.exit(None)
        server = self.client._server
        assert server is not None
        code = await within(server.wait())
        await self.client.stop()
        return code

    async def stderr(self) -> str:
        server = self.client._server
        assert server is not None and server.stderr is not None
        return (await within(server.stderr.read())).decode("utf-8", "replace")


async def within(awaitable: Awaitable[T]) -> T:
    return await asyncio.wait_for(awaitable, TIMEOUT)


def utf16_offset(text: str, position: types.Position) -> int:
    """The character offset of an LSP (UTF-16) position in `text`."""
    lines = text.splitlines(keepends=True)
    offset = sum(len(line) for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for index, char in enumerate(line):
        if units >= position.character:
            return offset + index
        units += 2 if ord(char) > 0xFFFF else 1
    return offset + len(line)


def utf16_range(text: str, needle: str) -> types.Range:
    """The LSP range of the first `needle` in `text`, counted independently of the server."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset)
    line_start = text.rfind("\n", 0, offset) + 1

    def units(chunk: str) -> int:
        return len(chunk.encode("utf-16-le")) // 2

    start = units(text[line_start:offset])
    return types.Range(
        start=types.Position(line=line, character=start),
        end=types.Position(line=line, character=start + units(needle)),
    )


def by_code(diagnostics: list[types.Diagnostic], code: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == code]


def session(root: Path, body: Callable[[Editor], Awaitable[None]], **kwargs: Any) -> Editor:
    """Run `body` against a started server, stop it cleanly, check nothing leaked."""
    editor = Editor(root, **kwargs)

    async def main() -> None:
        await editor.start()
        try:
            await body(editor)
        finally:
            if not editor.client.stopped:
                assert await editor.stop() == 0
        editor.stderr_text = await editor.stderr()  # type: ignore[attr-defined]

    asyncio.run(main())
    assert_no_value_sent(editor)
    return editor


def assert_no_value_sent(editor: Editor) -> None:
    wire = "\n".join(editor.messages)
    stderr = editor.stderr_text  # type: ignore[attr-defined]
    assert editor.messages, "nothing recorded"
    for token in TOKENS.values():
        secret_part = token[4:]
        assert secret_part not in wire, "a value crossed the wire"
        assert secret_part not in stderr, "a value reached the server's stderr"
    methods = {json.loads(m).get("method") for m in editor.messages}
    assert not methods & {"window/logMessage", "window/showMessage"}, methods


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    write_tree(root, {"demo/config.yaml": CONFIG, "demo/model/model.py": MODEL})
    return root


def test_editor_session_diagnostics_fix_and_cleared(workspace: Path) -> None:
    """Open a leaky config.yaml and its model, fix the leak with the code action, see the
    diagnostics cleared; read an undeclared secret, see TSL301, fix it in config.yaml."""

    async def body(editor: Editor) -> None:
        config = editor.open("demo/config.yaml")
        found = await editor.diagnostics(config, 1)
        [leak] = by_code(found, "TSL201")
        assert leak.range == utf16_range(CONFIG, HF)
        assert leak.severity == types.DiagnosticSeverity.Error
        assert leak.source == "truss-secret-lint"
        assert leak.message.endswith("[credential-default]")
        assert leak.code_description is not None
        assert leak.code_description.href.endswith("/rules/credential_default.py")
        assert Path(leak.code_description.href.removeprefix("file://")).is_file()

        model = editor.open("demo/model/model.py")
        assert await editor.diagnostics(model, 1) == []

        actions = await editor.actions(config, leak.range)
        titles = [a.title for a in actions]
        fix = next(a for a in actions if a.title.startswith("Fix TSL201"))
        assert fix.is_preferred and fix.kind == types.CodeActionKind.QuickFix
        assert any(t.startswith("Suppress TSL201") for t in titles)
        mark = len(editor.published)
        assert fix.edit is not None
        [changed] = editor.apply(fix.edit)
        assert changed == config
        assert "hf_access_token: null" in editor.texts[config]
        after = await editor.diagnostics(config, editor.versions[config], after=mark)
        assert by_code(after, "TSL201") == []

        # Read an undeclared secret in the unsaved model: TSL301 there, fixed in config.yaml.
        edited = MODEL + '        self.key = self._secrets["wandb_api_key"]\n'
        mark = len(editor.published)
        version = editor.replace_all(model, edited)
        found = await editor.diagnostics(model, version, after=mark)
        [undeclared] = by_code(found, "TSL301")
        assert undeclared.range == utf16_range(edited, 'self._secrets["wandb_api_key"]')
        actions = await editor.actions(model, undeclared.range)
        fix = next(a for a in actions if a.title.startswith("Fix TSL301"))
        assert fix.edit is not None and fix.edit.document_changes
        assert fix.edit.document_changes[0].text_document.uri == config  # type: ignore[union-attr]
        mark = len(editor.published)
        editor.apply(fix.edit)
        assert "wandb_api_key: null" in editor.texts[config]
        # Editing config.yaml re-checks the open model.py of the same Truss.
        cleared = await editor.diagnostics(model, editor.versions[model], after=mark)
        assert by_code(cleared, "TSL301") == []

    session(workspace, body)


def test_noqa_action_and_hover(workspace: Path) -> None:
    async def body(editor: Editor) -> None:
        config = editor.open("demo/config.yaml")
        [leak] = by_code(await editor.diagnostics(config, 1), "TSL201")

        hover = await within(
            editor.client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=config),
                    position=leak.range.start,
                )
            )
        )
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        assert hover.contents.kind == types.MarkupKind.Markdown
        assert "TSL201 credential-default" in hover.contents.value
        assert "## What it does" in hover.contents.value

        actions = await editor.actions(config, leak.range)
        suppress = next(a for a in actions if a.title.startswith("Suppress TSL201"))
        mark = len(editor.published)
        assert suppress.edit is not None
        editor.apply(suppress.edit)
        assert editor.texts[config].splitlines()[3].endswith("  # noqa: TSL201")
        after = await editor.diagnostics(config, editor.versions[config], after=mark)
        assert by_code(after, "TSL201") == []

    session(workspace, body)


def test_non_ascii_text_before_the_finding_gives_utf16_ranges(tmp_path: Path) -> None:
    """Emoji (two UTF-16 units) and CJK text before the finding, in YAML and Python."""
    config = (
        "model_name: démo\n"
        "environment_variables:\n"
        f'  説明🚀: "{GITHUB}"\n'
        "secrets:\n"
        "  hf_access_token: null\n"
    )
    model = (
        "class Model:\n"
        "    def __init__(self, **kwargs):\n"
        '        self._secrets = kwargs["secrets"]\n'
        "\n"
        "    def load(self):\n"
        '        self.t = self._secrets["hf_access_token"]\n'
        f'        note = "🤗 模型"; key = "{GITHUB}"\n'
    )
    root = write_tree(tmp_path / "ws", {"t/config.yaml": config, "t/model/model.py": model})

    async def body(editor: Editor) -> None:
        uri = editor.open("t/config.yaml")
        [found] = by_code(await editor.diagnostics(uri, 1), "TSL203")
        assert found.range == utf16_range(config, f'"{GITHUB}"')
        uri = editor.open("t/model/model.py")
        [found] = by_code(await editor.diagnostics(uri, 1), "TSL304")
        assert found.range == utf16_range(model, f'"{GITHUB}"')

    session(root, body)


def test_utf8_position_encoding_when_the_client_asks(tmp_path: Path) -> None:
    config = f'model_name: x\nenvironment_variables:\n  説明🚀: "{GITHUB}"\nsecrets: {{}}\n'
    root = write_tree(tmp_path / "ws", {"t/config.yaml": config})
    editor = Editor(root)

    async def main() -> None:
        result = await editor.start(encodings=[types.PositionEncodingKind.Utf8])
        assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
        uri = editor.open("t/config.yaml")
        [found] = by_code(await editor.diagnostics(uri, 1), "TSL203")
        prefix = "  説明🚀: "
        assert found.range.start.character == len(prefix.encode("utf-8"))
        assert found.range.end.character == len(prefix.encode("utf-8")) + len(GITHUB) + 2
        assert await editor.stop() == 0

    asyncio.run(main())


def test_unsaved_buffers_win_over_the_disk(workspace: Path) -> None:
    """The disk holds the leak, the buffer does not (and the other way round)."""
    clean = CONFIG.replace(HF, "null")

    async def body(editor: Editor) -> None:
        config = editor.open("demo/config.yaml", clean)
        assert by_code(await editor.diagnostics(config, 1), "TSL201") == []
        # A model read of a name only the unsaved config declares is not TSL301.
        model_text = MODEL + '        self.x = self._secrets["only_in_buffer"]\n'
        mark = len(editor.published)
        editor.replace_all(config, clean + "  only_in_buffer: null\n")
        await editor.diagnostics(config, 2, after=mark)
        model = editor.open("demo/model/model.py", model_text)
        assert by_code(await editor.diagnostics(model, 1), "TSL301") == []

    session(workspace, body)


def test_settings_per_file_ignores_noqa_and_baseline_as_the_cli(tmp_path: Path) -> None:
    """The nearest pyproject's settings and the baseline apply exactly as on the command line."""
    root = write_tree(
        tmp_path / "ws",
        {
            "pyproject.toml": (
                "[tool.truss-secret-lint]\n"
                'per-file-ignores = { "legacy/*" = ["TSL303"] }\n'
                'baseline = "baseline.json"\n'
            ),
            "legacy/config.yaml": "model_name: a\nsecrets:\n  unused_one: null\n",
            "old/config.yaml": CONFIG.replace("model_name: demo", "model_name: old"),
            "new/config.yaml": CONFIG.replace("model_name: demo", "model_name: new"),
        },
    )
    (root / "new" / "config.yaml").write_text(
        CONFIG.replace(HF, TOKENS["huggingface_org"]), encoding="utf-8"
    )
    written = run_cli("--write-baseline", "baseline.json", "old", cwd=root)
    assert written.returncode == 0, written.stderr
    cli = run_cli("--format", "json", "legacy", "old", "new", cwd=root)
    expected = {(d["path"], d["code"]) for d in json.loads(cli.stdout)}

    async def body(editor: Editor) -> None:
        seen = set()
        for relative in ("legacy/config.yaml", "old/config.yaml", "new/config.yaml"):
            uri = editor.open(relative)
            seen |= {(relative, d.code) for d in await editor.diagnostics(uri, 1)}
        assert seen == expected
        assert ("new/config.yaml", "TSL201") in seen
        assert not any(path == "old/config.yaml" for path, _ in seen)  # baselined
        assert not any(path == "legacy/config.yaml" for path, _ in seen)  # per-file-ignores

    session(root, body)


def test_nothing_outside_the_workspace_is_read(tmp_path: Path) -> None:
    """A document outside the folder, or reached through a symlink out of it, gets nothing."""
    outside = write_tree(tmp_path / "outside", {"t/config.yaml": CONFIG})
    root = write_tree(tmp_path / "ws", {"t/config.yaml": CONFIG})
    (root / "linked").symlink_to(outside / "t", target_is_directory=True)

    async def body(editor: Editor) -> None:
        mark = len(editor.published)
        editor.open("linked/config.yaml")
        stray = (outside / "t" / "config.yaml").as_uri()
        editor.texts[stray] = CONFIG
        editor.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=stray, language_id="yaml", version=1, text=CONFIG
                )
            )
        )
        inside = editor.open("t/config.yaml")
        assert by_code(await editor.diagnostics(inside, 1, after=mark), "TSL201")
        uris = {p.uri for p in editor.published[mark:]}
        assert uris == {inside}

    session(root, body)


def test_checks_run_after_the_start_directory_is_removed(tmp_path: Path, workspace: Path) -> None:
    """The editor started the server in a directory removed since (a deleted checkout): checks
    still run. (Each check changes into the settings directory and back; `contextlib.chdir`
    asks for the directory to go back to first, which failed, so every check failed.)"""
    started_in = tmp_path / "deleted-checkout"
    started_in.mkdir()

    async def body(editor: Editor) -> None:
        started_in.rmdir()
        config = editor.open("demo/config.yaml")
        found = await editor.diagnostics(config, 1)
        assert by_code(found, "TSL201"), [d.message for d in found]
        model = editor.open("demo/model/model.py")
        assert await editor.diagnostics(model, 1) == []

    session(workspace, body, cwd=started_in)


def test_paths_whose_uris_are_percent_encoded(tmp_path: Path) -> None:
    """A Truss under `my models/naïve #1 100%41/`: the editor's URIs are percent-encoded
    (`%20`, `%C3%AF`, `%23`, `%2541`). Both documents are checked, the fix of a TSL301 in the
    model edits config.yaml at the URI the editor opened, and every publication goes to the
    editor's URIs. Before, the server looked the encoded URI up among pygls' decoded keys and
    never checked such a file; and it took the path undecoded (`my%20models/...`)."""
    folder = "my models/naïve #1 100%41"
    root = write_tree(
        tmp_path / "ws", {f"{folder}/config.yaml": CONFIG, f"{folder}/model/model.py": MODEL}
    )

    async def body(editor: Editor) -> None:
        config = editor.open(f"{folder}/config.yaml")
        assert all(part in config for part in ("%20", "%C3%AF", "%23", "%2541"))
        [leak] = by_code(await editor.diagnostics(config, 1), "TSL201")
        assert leak.range == utf16_range(CONFIG, HF)
        model = editor.open(f"{folder}/model/model.py")
        assert await editor.diagnostics(model, 1) == []

        edited = MODEL + '        self.key = self._secrets["wandb_api_key"]\n'
        mark = len(editor.published)
        version = editor.replace_all(model, edited)
        [undeclared] = by_code(await editor.diagnostics(model, version, after=mark), "TSL301")
        actions = await editor.actions(model, undeclared.range)
        fix = next(a for a in actions if a.title.startswith("Fix TSL301"))
        assert fix.edit is not None
        mark = len(editor.published)
        assert editor.apply(fix.edit) == [config]
        assert "wandb_api_key: null" in editor.texts[config]
        cleared = await editor.diagnostics(model, editor.versions[model], after=mark)
        assert by_code(cleared, "TSL301") == []
        assert {p.uri for p in editor.published} == {config, model}

    session(root, body)


CRASHING_SERVER = """
import sys
from truss_secret_lint.rules.credential_default import CredentialDefault

def explode(self, target):
    raise RuntimeError("boom near " + {token!r})

CredentialDefault.check = explode
from truss_secret_lint.cli import main
sys.exit(main(["server"]))
"""


def test_a_crash_in_a_check_is_a_diagnostic_not_a_dead_server(workspace: Path) -> None:
    """A rule that raises (with a value in its message) becomes one diagnostic on the file;
    the server keeps answering and shuts down cleanly."""
    command = [sys.executable, "-c", CRASHING_SERVER.format(token=HF)]

    async def body(editor: Editor) -> None:
        config = editor.open("demo/config.yaml")
        [failure] = await editor.diagnostics(config, 1)
        assert failure.severity == types.DiagnosticSeverity.Error
        assert "could not check" in failure.message
        assert "RuntimeError" in failure.message
        hover = await within(
            editor.client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=config),
                    position=types.Position(line=0, character=0),
                )
            )
        )
        assert hover is None

    session(workspace, body, command=command)


def test_without_the_extra_one_line_and_exit_2(tmp_path: Path) -> None:
    """`server` without pygls installed: one line naming the extra, exit 2, no traceback."""
    code = (
        "import sys; sys.modules['pygls'] = None; "
        "from truss_secret_lint.cli import main; sys.exit(main(['server']))"
    )
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "truss-secret-lint[server]" in done.stderr
    assert "Traceback" not in done.stderr


def test_every_placement_of_every_shape_stays_off_the_wire(tmp_path: Path) -> None:
    """SPEC §6 for the server: the never-leak tree (every placement, every detector's shape,
    broken YAML that the parser quotes, local stores) opened in an editor, with a code action
    and a hover requested for every diagnostic; no 8-character piece of any value after its
    first 4 characters is in any message the server sent or on its stderr."""
    from tests.test_never_leak_property import (
        CODE_PLACES,
        CONFIG_PLACES,
        KINDS,
        _recognised,
        _tree,
        windows,
    )

    broken_places = ("unterminated-quote", "bad-indent", "tab", "colon-in-value")
    config = [
        _recognised(where, KINDS[i % len(KINDS)], 500 + i)
        for i, where in enumerate(sorted(CONFIG_PLACES))
        if where not in broken_places
    ]
    code = [
        _recognised(where, KINDS[(i + 3) % len(KINDS)], 900 + i)
        for i, where in enumerate(sorted(CODE_PLACES))
        if where not in ("syntax-error", "py2-print")
    ]
    files = _tree(config, code)
    broken = [_recognised(where, KINDS[i], 700 + i) for i, where in enumerate(broken_places)]
    for placement in broken:
        files[f"{placement.where}/config.yaml"] = "model_name: b\n" + CONFIG_PLACES[
            placement.where
        ].format(v=placement.value)
    syntax = _recognised("syntax-error", KINDS[2], 800)
    files["chain/chain.py"] = "import truss_chains as chains\n" + CODE_PLACES[
        "syntax-error"
    ].format(v=syntax.value)
    root = write_tree(tmp_path / "ws", files)
    values = [p.value for p in [*config, *code, *broken, syntax]]

    async def body(editor: Editor) -> None:
        total = 0
        for relative in sorted(files):
            uri = editor.open(relative)
            found = await editor.diagnostics(uri, 1)
            total += len(found)
            for diagnostic in found:
                await editor.actions(uri, diagnostic.range)
                await within(
                    editor.client.text_document_hover_async(
                        types.HoverParams(
                            text_document=types.TextDocumentIdentifier(uri=uri),
                            position=diagnostic.range.start,
                        )
                    )
                )
        assert total > len(values)

    editor = session(root, body)
    wire = "\n".join(editor.messages) + editor.stderr_text  # type: ignore[attr-defined]
    for value in values:
        assert not [piece for piece in windows(value) if piece in wire], value[:4]


def test_local_stores_chain_files_close_and_incremental_edits(tmp_path: Path) -> None:
    """`.trussrc`, `.truss/config.yaml` and a chain file get diagnostics; an incremental edit
    is applied to the buffer; closing a document clears its diagnostics."""
    chain = (
        "import truss_chains as chains\n\n"
        "class Hello(chains.ChainletBase):\n"
        "    remote_config = chains.RemoteConfig(\n"
        "        assets=chains.Assets(secret_keys=['hf_access_token'])\n"
        "    )\n\n"
        "    def __init__(self, context=chains.depends_context()):\n"
        "        self._token = context.secrets['hf_access_token']\n"
    )
    root = write_tree(
        tmp_path / "ws",
        {
            "home/.trussrc": f"[baseten]\nremote_provider = baseten\napi_key = {HF}\n",
            "proj/.truss/config.yaml": f"secrets:\n  hf_access_token: {HF}\n",
            "chains/hello.py": chain,
        },
    )

    async def body(editor: Editor) -> None:
        trussrc = editor.open("home/.trussrc")
        assert by_code(await editor.diagnostics(trussrc, 1), "TSL205")
        store = editor.open("proj/.truss/config.yaml")
        assert by_code(await editor.diagnostics(store, 1), "TSL205")
        hello = editor.open("chains/hello.py")
        assert await editor.diagnostics(hello, 1) == []

        # An incremental edit: replace the read key with an undeclared one.
        line = chain.splitlines().index("        self._token = context.secrets['hf_access_token']")
        start = chain.splitlines()[line].index("hf_access_token")
        mark = len(editor.published)
        editor.versions[hello] = 2
        editor.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=hello, version=2),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=types.Position(line=line, character=start),
                            end=types.Position(line=line, character=start + len("hf_access")),
                        ),
                        text="wandb_api",
                    )
                ],
            )
        )
        found = await editor.diagnostics(hello, 2, after=mark)
        assert by_code(found, "TSL301")

        mark = len(editor.published)
        editor.client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=hello))
        )
        assert await editor.diagnostics(hello, after=mark) == []

    session(root, body)


def test_save_rechecks_against_files_on_disk(workspace: Path) -> None:
    """A file that is not open is read from disk at every check: after config.yaml loses the
    declaration on disk, saving model.py publishes TSL301."""

    async def body(editor: Editor) -> None:
        model = editor.open("demo/model/model.py")
        assert by_code(await editor.diagnostics(model, 1), "TSL301") == []
        config = workspace / "demo" / "config.yaml"
        config.write_text("model_name: demo\nsecrets: {}\n", encoding="utf-8")
        mark = len(editor.published)
        editor.client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=model))
        )
        assert by_code(await editor.diagnostics(model, 1, after=mark), "TSL301")

    session(workspace, body)
