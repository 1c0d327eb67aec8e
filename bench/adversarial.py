"""Throughput of the text scans on adversarial lines next to ordinary ones (issue #9 item 7).

    python bench/adversarial.py [--size BYTES] [--repeat N] [--output FILE]

Every regex the linter applies to checked text must run in time linear in the text; a checked
file may be up to 2 MiB (`text_source.MAX_BYTES`). For each input below — ordinary model code,
config lines and base64 data, then the crafted lines that made a regex backtrack quadratically
before the fix (tests/test_trust_regex.py) — this times, in-process, the scans that see a whole
file's text: `find_credentials` (every detector), `find_url_credentials`, the parse
prefilter's `may_hold_credential_literal` and discovery's `imports_truss_chains`, and prints
MB/s (best of N, CPU time). A linear scan keeps adversarial throughput within a small factor of
the ordinary rows; a quadratic one falls by the size ratio (about 200x from 10 KB to 2 MiB).
The Markdown table goes to stdout.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from truss_secret_lint.detectors import find_credentials, find_url_credentials
from truss_secret_lint.discovery import imports_truss_chains
from truss_secret_lint.sources.text import MAX_BYTES
from truss_secret_lint.target.python_pass import may_hold_credential_literal

_MODEL_LINES = [
    "class Model:",
    "    def __init__(self, **kwargs):",
    '        self._secrets = kwargs["secrets"]',
    '        self._model_id = "meta-llama/Meta-Llama-3-8B-Instruct"',
    "    def load(self):",
    '        token = self._secrets["hf_access_token"]',
    "        self._pipe = pipeline(model=self._model_id, token=token, device_map='auto')",
    "    def predict(self, request: dict) -> dict:",
    '        logger.info("predicting %d tokens", request.get("max_tokens", 256))',
    '        return {"output": self._pipe(request["prompt"])}',
]
_CONFIG_LINES = [
    "model_name: llama-3-8b",
    "requirements:",
    "  - torch==2.3.0",
    "  - git+https://github.com/huggingface/transformers.git@v4.41.0",
    "resources: {accelerator: A100, use_gpu: true}",
    "secrets:",
    "  hf_access_token: null",
    "environment_variables: {HF_HUB_ENABLE_HF_TRANSFER: '1', WANDB_PROJECT: demo}",
]


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * ((size - len(head) - len(tail)) // len(unit)) + tail


def _base64(size: int) -> str:
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits + "+/"
    line = "".join(rng.choice(alphabet) for _ in range(76))
    return _repeat(line + "\n", size)


# (row, kind, text of `size` characters)
INPUTS: list[tuple[str, str, Callable[[int], str]]] = [
    ("model code", "ordinary", lambda n: _repeat("\n".join(_MODEL_LINES) + "\n", n)),
    ("config.yaml lines", "ordinary", lambda n: _repeat("\n".join(_CONFIG_LINES) + "\n", n)),
    ("base64 data (76-char lines)", "ordinary", _base64),
    ("`eyJ` repeated (JWT)", "adversarial", lambda n: _repeat("eyJ", n, tail=".")),
    ("`eyJ-` repeated (JWT)", "adversarial", lambda n: _repeat("eyJ-", n, tail=".")),
    ("`_authToken=` + `/`… (npm)", "adversarial", lambda n: _repeat("/", n, "_authToken=")),
    (
        "private-key headers, no END",
        "adversarial",
        lambda n: _repeat("-----BEGIN RSA PRIVATE KEY-----\n", n),
    ),
    ("`token` repeated (parse prefilter)", "adversarial", lambda n: _repeat("token", n)),
    ("`truss_chains` + blank lines", "adversarial", lambda n: _repeat("\n", n, "truss_chains")),
    ("`xoxb-` + `1-`… (Slack)", "adversarial", lambda n: _repeat("1-", n, "xoxb-", "!")),
    ("`sk-` + letters (OpenAI marker)", "adversarial", lambda n: _repeat("a", n, "sk-", "!")),
    ("URL with a 2 MiB user", "adversarial", lambda n: _repeat("aB3x", n, "https://", "@h")),
]


def _scan(text: str) -> None:
    find_credentials(text)
    find_url_credentials(text)
    may_hold_credential_literal(text)
    imports_truss_chains(text)


def _best_seconds(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        _scan(text)
        best = min(best, time.process_time() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/adversarial.py", description=__doc__)
    parser.add_argument("--size", type=int, default=MAX_BYTES, help="bytes per input (2 MiB)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N (default 3)")
    parser.add_argument("--output", metavar="FILE", help="also write the table here")
    args = parser.parse_args(argv)
    _scan("warm up: load the detectors " + "hf" + "_" + "aB3" * 12)
    rows = [
        f"| input ({args.size / 1024 / 1024:.1f} MiB) | kind | CPU s | MB/s |",
        "|---|---|---|---|",
    ]
    for name, kind, build in INPUTS:
        text = build(args.size)
        seconds = _best_seconds(text, args.repeat)
        rate = len(text) / 1e6 / seconds if seconds > 0 else float("inf")
        rows.append(f"| {name} | {kind} | {seconds:.3f} | {rate:.1f} |")
        print(f"measured: {name}", file=sys.stderr)
    report = "\n".join(rows) + "\n"
    sys.stdout.write(report)
    if args.output:
        Path(args.output).write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
