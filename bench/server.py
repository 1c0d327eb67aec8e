"""Measures the language server as an editor sees it: start time, edit latency, memory.

Starts `python -m truss_secret_lint server` over stdio with pygls' client, opens a typical Truss
from the benchmark corpus (`corpus.write_corpus`: a ~40-line config.yaml and a ~80-line
model.py), then edits one file at a time and times each `didChange` until the
`publishDiagnostics` for that version arrives. Reported:

- start: process spawn → `initialize` answered, and → the first diagnostics of config.yaml
  (the cold check, which imports the parsers);
- warm latency (median, p90, max) of model.py and config.yaml edits, with no debounce and with
  the default one (the debounce is waiting by design);
- the server's resident memory (VmRSS) after the warm-up and after every 250 edits, up to
  `--edits` (default 1,000).

    python bench/server.py [--edits 1000]

Needs the `server` extra; every number is wall-clock time on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus


class Client:
    def __init__(self) -> None:
        self.client = LanguageClient("bench", "1")
        self.arrived: dict[tuple[str, int | None], float] = {}
        self.versions: dict[str, int] = {}

        def received(params: types.PublishDiagnosticsParams) -> None:
            self.arrived[(params.uri, params.version)] = time.perf_counter()

        self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(received)

    async def wait(self, uri: str, version: int) -> float:
        while (uri, version) not in self.arrived:
            await asyncio.sleep(0.0005)
        return self.arrived[(uri, version)]

    def open(self, uri: str, text: str) -> None:
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="yaml", version=1, text=text
                )
            )
        )

    def change(self, uri: str, text: str) -> int:
        self.versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=self.versions[uri]
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return self.versions[uri]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def measure(root: Path, debounce_ms: int, edits: int, memory: bool) -> dict[str, object]:
    truss = next(p.parent for p in sorted(root.rglob("config.yaml")))
    config_uri = (truss / "config.yaml").as_uri()
    model_uri = (truss / "model" / "model.py").as_uri()
    config_text = (truss / "config.yaml").read_text()
    model_text = (truss / "model" / "model.py").read_text()
    bench = Client()
    started = time.perf_counter()
    await bench.client.start_io(
        sys.executable, "-m", "truss_secret_lint", "server", "--debounce-ms", str(debounce_ms)
    )
    await bench.client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="bench")],
        )
    )
    initialized = time.perf_counter()
    bench.client.initialized(types.InitializedParams())
    bench.open(config_uri, config_text)
    await bench.wait(config_uri, 1)
    first = time.perf_counter()
    bench.open(model_uri, model_text)
    await bench.wait(model_uri, 1)
    server = bench.client._server
    assert server is not None
    latencies: dict[str, list[float]] = {"model.py": [], "config.yaml": []}
    memory_at: list[tuple[int, float]] = []
    for index in range(edits):
        if index % 2 == 0:
            uri, text = model_uri, model_text + f"# edit {index}\n"
            name = "model.py"
        else:
            uri, text = (
                config_uri,
                config_text.replace("model_name:", f"# edit {index}\nmodel_name:"),
            )
            name = "config.yaml"
        sent = time.perf_counter()
        version = bench.change(uri, text)
        arrived = await bench.wait(uri, version)
        latencies[name].append((arrived - sent) * 1000)
        bench.arrived.clear()
        if memory and (index + 1 in (10, 100) or (index + 1) % 250 == 0):
            memory_at.append((index + 1, rss_mib(server.pid)))
    await bench.client.shutdown_async(None)
    bench.client.exit(None)
    await asyncio.wait_for(server.wait(), 30)
    await bench.client.stop()
    return {
        "start_initialize_ms": (initialized - started) * 1000,
        "start_first_diagnostics_ms": (first - started) * 1000,
        "latency": latencies,
        "memory": memory_at,
    }


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[int(len(ordered) * 0.9)]
    return (
        f"median {statistics.median(ordered):.1f} ms, p90 {p90:.1f} ms, "
        f"max {ordered[-1]:.1f} ms (n={len(ordered)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=1000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        write_corpus(root, 1)
        for debounce, edits, memory in ((0, options.edits, True), (25, 100, False)):
            result = asyncio.run(measure(root, debounce, edits, memory))
            print(f"## debounce {debounce} ms")
            print(f"start → initialize answered: {result['start_initialize_ms']:.0f} ms")
            print(
                f"start → first diagnostics (cold): {result['start_first_diagnostics_ms']:.0f} ms"
            )
            latency = result["latency"]
            assert isinstance(latency, dict)
            for name, values in latency.items():
                print(f"didChange → publishDiagnostics, {name}: {summary(values)}")
            for count, mib in result["memory"]:  # type: ignore[attr-defined]
                print(f"RSS after {count} edits: {mib:.1f} MiB")


if __name__ == "__main__":
    main()
