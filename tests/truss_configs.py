"""Hypothesis strategies for config.yaml texts around `secrets:` and `environment_variables`:
values of every YAML type and style, tags, anchors and merge keys, tabs, duplicates, flow /
block / indented / JSON roots, `...`, CRLF and a BOM. Shared by the truss differential tests."""

from __future__ import annotations

from hypothesis import strategies as st

# Names a model reads (tests/test_truss_oracle.py): any of them may or may not get declared.
READ_NAMES = ("hf_access_token", "wandb_api_key", "a", "y", "db-pass")

NAMES = (
    *READ_NAMES,
    "'hf_access_token'",
    '"a"',
    "123",
    "true",
    "null",
    "'123'",
    "!!str 123",
    "!!binary aGk=",
    "<<x",
)

SCALARS = (
    "null",
    "~",
    "",
    '""',
    "''",
    '"x"',
    "'x'",
    "x",
    "None",
    '"null"',
    "y",
    "n",
    "Y",
    "yes",
    "No",
    "on",
    "OFF",
    "1e3",
    "1.0e3",
    "1.0e+3",
    "7e123456",
    "0x1F",
    "0o17",
    "017",
    "1_000",
    "1:30",
    "0",
    "1.5",
    ".inf",
    "._",
    "2024-01-01",
    "2024-02-30",
    "2001-12-14t21:59:43.10-05:00",
    "!!binary aGk=",
    "!!binary /w==",
    "!!str 1",
    "!!int 1",
    "!!null x",
    "!!bool yes",
    "!vault x",
    "!!float 1",
    "[]",
    "[a]",
    "{}",
    "{a: b}",
    "x #c",
    "x \t#c",
    "x\t",
    "a\tb",
    "'a\tb'",
    "=",
    "<<",
    "hf_U8JZpDE0iGXlD6gNCFbaEPFjbD0kH8Oool",
    "ENTER TOKEN HERE",
    '"***"',
    "|\n    block",
    ">-\n    folded",
    "*anc",
    "&anc2 v",
)


@st.composite
def entry_lines(draw: st.DrawFn, indent: str) -> list[str]:
    """Block mapping lines `name: value` (a block-scalar value continues on the next line)."""
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.sampled_from(NAMES))
        value = draw(st.sampled_from(SCALARS))
        value = value.replace("\n    ", "\n" + indent + "  ")
        lines.append(f"{indent}{name}:{' ' if value else ''}{value}")
    return lines


@st.composite
def secrets_block(draw: st.DrawFn) -> list[str]:
    shape = draw(
        st.sampled_from(
            [
                "block",
                "block",
                "block",
                "null",
                "empty",
                "flow",
                "list",
                "flowlist",
                "scalar",
                "tagged",
                "merge",
                "mergelist",
                "alias",
                "anchored",
            ]
        )
    )
    if shape == "block":
        return ["secrets:", *draw(entry_lines("  "))]
    if shape == "null":
        return [
            draw(st.sampled_from(["secrets:", "secrets: null", "secrets: ~", "secrets: !!null"]))
        ]
    if shape == "empty":
        return ["secrets: {}"]
    if shape == "flow":
        names = draw(st.lists(st.sampled_from(NAMES[:8]), max_size=3))
        values = [draw(st.sampled_from(["null", '""', "y", "1", "x"])) for _ in names]
        trailing = draw(st.sampled_from(["", ", "]))
        inner = ", ".join(f"{n}: {v}" for n, v in zip(names, values, strict=True))
        return ["secrets: {" + inner + (trailing if inner else "") + "}"]
    if shape == "list":
        items = draw(
            st.lists(
                st.sampled_from(
                    [
                        "a",
                        "hf_access_token",
                        "123",
                        "yes",
                        "null",
                        "&x a",
                        "*x",
                        "|\n    b",
                        "a: null",
                    ]
                ),
                max_size=3,
            )
        )
        return ["secrets:", *[f"  - {i}".replace("\n    ", "\n    ") for i in items]]
    if shape == "flowlist":
        return ["secrets: [hf_access_token, a]"]
    if shape == "scalar":
        scalar = draw(st.sampled_from(["hf_access_token", "1", "yes", "|\n  a"]))
        return ["secrets: " + scalar]
    if shape == "tagged":
        return [
            draw(
                st.sampled_from(
                    [
                        "secrets: !!set {a}",
                        "secrets: !!omap [{a: null}]",
                        "secrets: !!map {a: null}",
                        "secrets: !!pairs [{a: b}]",
                        "secrets: !x {a: null}",
                    ]
                )
            )
        ]
    if shape == "merge":
        return [
            "base: &base",
            "  a: null",
            "  hf_access_token: null",
            "secrets:",
            "  <<: *base",
            *draw(entry_lines("  ")),
        ]
    if shape == "mergelist":
        return [
            "one: &one {a: null}",
            "two: &two {a: 1, wandb_api_key: null}",
            "secrets:",
            "  <<: [*one, *two]",
        ]
    if shape == "alias":
        return ["defaults: &d", "  hf_access_token: null", "secrets: *d"]
    return ["secrets: &s", *draw(entry_lines("  ")), "other: *s"]


@st.composite
def env_block(draw: st.DrawFn) -> list[str]:
    shape = draw(st.sampled_from(["none", "block", "block", "null", "empty", "merge"]))
    if shape == "none":
        return []
    if shape == "null":
        return ["environment_variables:"]
    if shape == "empty":
        return ["environment_variables: {}"]
    env_names = ("hf_access_token", "HF_TOKEN", "PORT", "OPENAI_API_KEY", "wandb_api_key")
    lines = ["environment_variables:"]
    if shape == "merge":
        lines = ["envbase: &eb {HF_TOKEN: null}", "environment_variables:", "  <<: *eb"]
    for _ in range(draw(st.integers(1, 3))):
        value = draw(
            st.sampled_from(
                [
                    "null",
                    "~",
                    "",
                    '""',
                    "'1'",
                    "yes",
                    "x",
                    "ENTER TOKEN HERE",
                    "1e3",
                    "*anc",
                    "|\n    v",
                ]
            )
        )
        value = value.replace("\n    ", "\n    ")
        lines.append(f"  {draw(st.sampled_from(env_names))}:{' ' if value else ''}{value}")
    return lines


@st.composite
def config_texts(draw: st.DrawFn) -> str:
    """A whole config.yaml text."""
    parts: list[list[str]] = [["model_name: m"], ["anchors: &anc value"]]
    for _ in range(draw(st.integers(0, 2))):
        parts.append(draw(secrets_block()))
    parts.append(draw(env_block()))
    if draw(st.booleans()):
        parts.append([draw(st.sampled_from(["secret:", "Secrets:", "secerts: {}"])), "  b: null"])
    if draw(st.booleans()):
        parts.append(
            ["<<: {secrets: null}"] if draw(st.booleans()) else ["<<: {secrets: {a: null}}"]
        )
    order = draw(st.permutations(range(len(parts))))
    lines = [line for i in order for line in parts[i]]
    style = draw(
        st.sampled_from(["block"] * 6 + ["indented", "doc", "end", "json", "flow", "comment"])
    )
    text = "\n".join(lines) + "\n"
    if style == "indented":
        text = "".join("  " + line + "\n" for line in text.splitlines())
    elif style == "doc":
        text = "---\n" + text
    elif style == "end":
        text = text + "...\n"
    elif style == "comment":
        text = "# config\n" + text + "# end"
    elif style in ("json", "flow"):
        secrets = draw(st.sampled_from(['{"a": null}', "{}", "null", "[a]", '{"a": 1}', "{a: y}"]))
        q = '"' if style == "json" else ""
        text = f"{{{q}model_name{q}: {q}m{q}, {q}secrets{q}: {secrets}}}\n"
    if draw(st.integers(0, 5)) == 0:
        text = text.replace("\n", "\r\n")
    if draw(st.integers(0, 7)) == 0:
        text = "\ufeff" + text
    return text
