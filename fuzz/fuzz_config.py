"""Coverage-guided fuzzing of config.yaml (ruamel.yaml composition, the config facts, the rules,
the fixes and the formats). See fuzz/README.md.

    /tmp/venv/bin/python fuzz/fuzz_config.py fuzz/corpus/config -dict=fuzz/yaml.dict -timeout=10
    /tmp/venv/bin/python fuzz/fuzz_config.py --replay tests/fuzz_regressions/*.config
"""

from __future__ import annotations

import sys

from harness import MODEL, check, replay


def test_one_input(data: bytes) -> None:
    check(data, MODEL)


def main() -> None:
    if sys.argv[1:2] == ["--replay"]:
        sys.exit(replay(sys.argv[2:], "config"))
    import atheris

    with atheris.instrument_imports(include=["truss_secret_lint", "ruamel"]):
        import ruamel.yaml  # noqa: F401 - instrumented for coverage

        import truss_secret_lint.engine  # noqa: F401
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
