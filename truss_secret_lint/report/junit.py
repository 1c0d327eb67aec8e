"""JUnit XML, for CI systems that show test reports: one failing test case per finding.

A clean run is one passing test case, so the report always shows the linter ran.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from truss_secret_lint.report.context import ReportContext

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can hold: forbidden characters become `\\xNN` escapes."""
    return _NOT_XML.sub(lambda m: ascii(m.group())[1:-1], text)


def render(context: ReportContext) -> str:
    """A <testsuites> document with one <testsuite>."""
    found = context.diagnostics
    suites = ET.Element("testsuites", name="truss-secret-lint")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="truss-secret-lint",
        tests=str(max(1, len(found))),
        failures=str(len(found)),
        errors="0",
        skipped="0",
    )
    if not found:
        ET.SubElement(suite, "testcase", classname="truss-secret-lint", name="no findings")
    for diagnostic in found:
        span = diagnostic.span
        case = ET.SubElement(
            suite,
            "testcase",
            classname=_xml(diagnostic.path),
            name=f"{diagnostic.code} {diagnostic.name} at {span.line}:{span.column}",
            file=_xml(diagnostic.path),
            line=str(span.line),
        )
        failure = ET.SubElement(
            case, "failure", message=_xml(diagnostic.message), type=diagnostic.severity.value
        )
        failure.text = _xml(f"{diagnostic.path}:{span.line}:{span.column}: {diagnostic.message}")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"
