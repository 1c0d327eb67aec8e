"""The pygls wiring: document events → checks → published diagnostics; code actions; hover.

A document is checked when it is opened or saved, and after `debounce` seconds without a change
while it is edited. A check lints the document's whole unit with every open buffer standing in
for its file, and publishes diagnostics to every open document that unit contains: editing
config.yaml re-checks the open model files of that Truss and the other way round.

Checks run one at a time on the event loop (they take milliseconds), so nothing else observes
the working directory they change to. Every handler catches its own failures: a check that
fails becomes a diagnostic on the document, any other failure one scrubbed log line.
"""

from __future__ import annotations

import asyncio
import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from truss_secret_lint import __version__
from truss_secret_lint.diagnostic import Diagnostic
from truss_secret_lint.server import convert, quiet_logs
from truss_secret_lint.server.actions import FileChange, fix_change, noqa_change
from truss_secret_lint.server.checking import CheckOutcome, WorkspaceChecker

F = TypeVar("F", bound=Callable[..., Any])
_SETTINGS_FILES = ("pyproject.toml",)
_DRIVE_LETTER = re.compile(r"/[A-Za-z]:")


@dataclass
class Finding:
    """A published diagnostic and the engine's diagnostic it came from."""

    lsp: types.Diagnostic
    engine: Diagnostic


@dataclass
class Published:
    """What was last published for one open document."""

    outcome: CheckOutcome
    findings: list[Finding] = field(default_factory=list)


class TrussSecretLintServer(LanguageServer):
    """pygls' server, quiet about errors: pygls would show the exception's text to the user."""

    def report_server_error(self, error: Exception, source: Any) -> None:
        quiet_logs.log_error("server", error)


def guarded(default: Any = None) -> Callable[[F], F]:
    """A handler that never raises: a failure is one scrubbed log line and `default`."""

    def decorate(handler: F) -> F:
        @functools.wraps(handler)
        def run(*args: Any) -> Any:
            try:
                return handler(*args)
            except Exception as error:
                quiet_logs.log_error(handler.__name__, error)
                return default

        return run  # type: ignore[return-value]

    return decorate


class Session:
    """The server's state: open documents' last results and pending checks."""

    def __init__(self, server: LanguageServer, debounce: float) -> None:
        self.server = server
        self.debounce = debounce
        self.published: dict[str, Published] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.checker = WorkspaceChecker([])  # keeps parsed settings and baselines

    # -- documents -------------------------------------------------------------------------

    def open_documents(self) -> dict[Path, TextDocument]:
        """Absolute path → every open `file:` document.

        The path comes from the URI the editor sent (`document.uri`), not from pygls' key for
        the document, which is that URI percent-decoded already: decoding it again would misread
        a name holding `%41`, and a `#` in it would end the path."""
        found = {}
        for document in list(self.server.workspace.text_documents.values()):
            path = _path_of(document.uri)
            if path is not None:
                found[path] = document
        return found

    def roots(self) -> list[Path]:
        """The workspace folders (the root URI when the client sent no folders)."""
        workspace = self.server.workspace
        uris = [folder.uri for folder in workspace.folders.values()]
        if not uris and workspace.root_uri:
            uris = [workspace.root_uri]
        return [p for p in (_path_of(uri) for uri in uris) if p is not None]

    @property
    def encoding(self) -> str:
        return str(self.server.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    # -- events ----------------------------------------------------------------------------

    @guarded()
    def did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        self.check_now(params.text_document.uri)

    @guarded()
    def did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        self.schedule(params.text_document.uri, self.debounce)

    @guarded()
    def did_save(self, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = _path_of(uri)
        if path is not None and path.name in _SETTINGS_FILES:
            for other in list(self.published):  # new settings: everything may change
                self.schedule(other, 0)
        self.check_now(uri)

    @guarded()
    def did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        self._cancel(uri)
        published = self.published.pop(uri, None)
        self._publish(uri, None, [])
        path = _path_of(uri)
        if published is None or path is None:
            return
        # The closed buffer's unsaved text no longer counts: re-check what read it.
        for other, state in list(self.published.items()):
            if path in state.outcome.diagnostics:
                self.schedule(other, 0)

    @guarded()
    def shutdown(self, *args: Any) -> None:
        for uri in list(self.pending):
            self._cancel(uri)

    # -- checking --------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Check `uri` after `delay` seconds unless it changes again before."""
        self._cancel(uri)
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(delay, self._scheduled, uri)

    def _scheduled(self, uri: str) -> None:
        self.pending.pop(uri, None)
        try:
            self.check_now(uri)
        except Exception as error:
            quiet_logs.log_error("check", error)

    def _cancel(self, uri: str) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def flush(self) -> None:
        """Run the pending checks now (before answering a request about their results)."""
        for uri in list(self.pending):
            self._cancel(uri)
            self.check_now(uri)

    def check_now(self, uri: str) -> None:
        """Check the unit of `uri` and publish to every open document it contains (each at the
        URI the editor opened it with)."""
        self._cancel(uri)
        path = _path_of(uri)
        open_documents = self.open_documents()
        document = open_documents.get(path) if path is not None else None
        if path is None or document is None:
            return
        self.checker.set_roots(self.roots())
        outcome = self.checker.check(path, {p: d.source for p, d in open_documents.items()})
        if outcome is None:  # outside the workspace: say nothing, read nothing
            return
        if outcome.failure is not None:
            failure = convert.failure_diagnostic(outcome.failure)
            self.published[document.uri] = Published(outcome)
            self._publish(document.uri, document.version, [failure])
            return
        targets = {path: document}
        targets.update({p: open_documents[p] for p in outcome.diagnostics if p in open_documents})
        for target_path, document in targets.items():
            findings = self._findings(outcome, outcome.diagnostics.get(target_path, []))
            self.published[document.uri] = Published(outcome, findings)
            self._publish(document.uri, document.version, [f.lsp for f in findings])

    def _findings(self, outcome: CheckOutcome, diagnostics: list[Diagnostic]) -> list[Finding]:
        encoding = self.encoding
        return [
            Finding(convert.to_lsp_diagnostic(d, outcome.sources.get(d.path), encoding), d)
            for d in diagnostics
        ]

    def _publish(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    # -- requests --------------------------------------------------------------------------

    def _findings_at(self, uri: str, selection: types.Range) -> tuple[Published, list[Finding]]:
        self.flush()
        published = self.published.get(uri)
        if published is None:
            return Published(CheckOutcome(Path())), []
        hits = [
            f
            for f in published.findings
            if _overlaps(f.lsp.range, selection) or _overlaps(selection, f.lsp.range)
        ]
        return published, hits

    @guarded(default=None)
    def code_action(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        only = params.context.only
        if only and not any(types.CodeActionKind.QuickFix.startswith(kind) for kind in only):
            return None
        published, findings = self._findings_at(params.text_document.uri, params.range)
        outcome = published.outcome
        actions: list[types.CodeAction | None] = []
        for finding in findings:
            engine = finding.engine
            change = fix_change(engine, outcome.sources)
            if change is not None:
                where = f" in {Path(change.path).name}" if change.path != engine.path else ""
                title = f"Fix {engine.code} ({engine.name}){where}"
                if engine.fix is not None and engine.fix.note:
                    title += f" — {engine.fix.note}"
                actions.append(self._action(title, finding, outcome, change, preferred=True))
            source = outcome.sources.get(engine.path)
            if source is not None and not outcome.no_inline_ignores:
                suppress = noqa_change(engine, source)
                if suppress is not None:
                    title = f"Suppress {engine.code} with `# noqa: {engine.code}`"
                    actions.append(self._action(title, finding, outcome, suppress))
        return [a for a in actions if a is not None]

    def _action(
        self,
        title: str,
        finding: Finding,
        outcome: CheckOutcome,
        change: FileChange,
        *,
        preferred: bool = False,
    ) -> types.CodeAction | None:
        """A quick fix applying `change`, versioned so that the editor refuses it once the
        file has changed; None when its new text would hold a credential (such as declaring a
        "secret name" that is a pasted token): that text would cross the wire."""
        source = change.source
        edits = convert.text_edits(source.text, change.new_text, source, self.encoding)
        if not edits or any(convert.holds_credential(e.new_text) for e in edits):
            return None
        path = outcome.absolute(change.path)
        document = self.open_documents().get(path)
        uri = document.uri if document is not None else path.as_uri()
        version = document.version if document is not None else None
        if self._client_supports_document_changes():
            identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
            edit = types.WorkspaceEdit(
                document_changes=[types.TextDocumentEdit(text_document=identifier, edits=edits)]
            )
        else:
            edit = types.WorkspaceEdit(changes={uri: edits})
        return types.CodeAction(
            title=title,
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[finding.lsp],
            is_preferred=preferred or None,
            edit=edit,
        )

    def _client_supports_document_changes(self) -> bool:
        capabilities = self.server.client_capabilities
        workspace = capabilities.workspace if capabilities is not None else None
        workspace_edit = workspace.workspace_edit if workspace is not None else None
        return bool(workspace_edit is not None and workspace_edit.document_changes)

    @guarded(default=None)
    def hover(self, params: types.HoverParams) -> types.Hover | None:
        point = types.Range(start=params.position, end=params.position)
        _, findings = self._findings_at(params.text_document.uri, point)
        if not findings:
            return None
        markdown = convert.rule_markdown(f.engine.code for f in findings)
        if not markdown:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown),
            range=findings[0].lsp.range,
        )


def _overlaps(a: types.Range, b: types.Range) -> bool:
    """Whether range `b` starts inside `a` (ends included) — or `a` is empty and at `b`."""
    start = (a.start.line, a.start.character)
    end = (a.end.line, a.end.character)
    return start <= (b.start.line, b.start.character) <= end


def _path_of(uri: str) -> Path | None:
    """The absolute path of a `file:` URI, else None (untitled buffers, other schemes).

    The path is percent-decoded once, after it is split from the rest of the URI (`my%20models`,
    `%23` for a `#` in a name; bytes that are not UTF-8 as the file system names them).
    pygls' `to_fs_path` does not decode, so it named files that do not exist. UNC hosts and
    drive letters as pygls handles them."""
    parts = urlsplit(uri)
    if parts.scheme != "file":
        return None
    path = unquote(parts.path, errors="surrogateescape")
    if not path:
        return None
    if parts.netloc and parts.netloc != "localhost":
        path = f"//{parts.netloc}{path}"
    elif _DRIVE_LETTER.match(path):
        path = path[1].lower() + path[2:]
    return Path(os.path.abspath(path))


def _plain(method: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A plain function calling `method` (pygls marks its handlers with attributes, which a
    bound method cannot take)."""

    def handler(params: Any) -> Any:
        return method(params)

    return handler


def build_server(debounce: float) -> TrussSecretLintServer:
    """The server with its handlers registered."""
    server = TrussSecretLintServer(
        "truss-secret-lint",
        __version__,
        text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
    )
    session = Session(server, debounce)
    features: list[tuple[str, Callable[[Any], Any], Any]] = [
        (types.TEXT_DOCUMENT_DID_OPEN, session.did_open, None),
        (types.TEXT_DOCUMENT_DID_CHANGE, session.did_change, None),
        (types.TEXT_DOCUMENT_DID_SAVE, session.did_save, None),
        (types.TEXT_DOCUMENT_DID_CLOSE, session.did_close, None),
        (types.SHUTDOWN, session.shutdown, None),
        (
            types.TEXT_DOCUMENT_CODE_ACTION,
            session.code_action,
            types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
        ),
        (types.TEXT_DOCUMENT_HOVER, session.hover, None),
    ]
    for name, method, options in features:
        server.feature(name, options)(_plain(method))
    return server


def serve(debounce: float) -> int:
    """Serve one editor over stdin/stdout; returns 0 after a clean exit."""
    quiet_logs.install()
    server = build_server(debounce)
    server.start_io()
    return 0
