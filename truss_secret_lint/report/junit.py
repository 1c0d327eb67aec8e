"""JUnit XML, for CI systems that show test reports: one failing test case per finding.

A clean run is one passing test case, so the report always shows the linter ran. Text from the
checked tree is escaped as in the text format (`report.escape`): that also removes every
character XML 1.0 cannot hold, and no name can start a line of its own (the document is often
printed into a CI log) or carry a log command.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from truss_secret_lint.report.context import ReportContext
from truss_secret_lint.report.escape import printable


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
        path, message = printable(diagnostic.path), printable(diagnostic.message)
        case = ET.SubElement(
            suite,
            "testcase",
            classname=path,
            name=f"{diagnostic.code} {diagnostic.name} at {span.line}:{span.column}",
            file=path,
            line=str(span.line),
        )
        failure = ET.SubElement(case, "failure", message=message, type=diagnostic.severity.value)
        failure.text = f"{path}:{span.line}:{span.column}: {message}"
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"
