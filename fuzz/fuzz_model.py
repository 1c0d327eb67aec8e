"""Coverage-guided fuzzing of model.py (the nesting guard, libcst parsing, the code facts
interpreter, the code rules and the formats). See fuzz/README.md.

    /tmp/venv/bin/python fuzz/fuzz_model.py fuzz/corpus/model -dict=fuzz/python.dict -timeout=10
    /tmp/venv/bin/python fuzz/fuzz_model.py --replay tests/fuzz_regressions/*.model
"""

from __future__ import annotations

import sys

from harness import CONFIG, check, replay


def test_one_input(data: bytes) -> None:
    check(CONFIG, data)


def main() -> None:
    if sys.argv[1:2] == ["--replay"]:
        sys.exit(replay(sys.argv[2:], "model"))
    import atheris

    with atheris.instrument_imports(include=["truss_secret_lint"]):
        import truss_secret_lint.engine  # noqa: F401 - instrumented for coverage
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
