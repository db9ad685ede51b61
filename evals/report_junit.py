"""The cases as JUnit XML, which CI systems show as a test report: one test case per evaluation case, a failure
with its problems, an error when the product did not answer."""

from __future__ import annotations

import xml.etree.ElementTree as ET

__all__ = ["to_junit"]


def to_junit(report: dict) -> str:
    cases = report["cases"]
    failed = [c for c in cases if not c["passed"] and not c["answer_type"]]
    suite = ET.Element(
        "testsuite",
        name=f"answer-eval {report['manifest']['dataset'].rsplit('/', 1)[-1]}",
        tests=str(len(cases)),
        failures=str(sum(not c["passed"] for c in cases) - len(failed)),
        errors=str(len(failed)),
        time=f"{sum(c['ms'] for c in cases) / 1000:.3f}",
    )
    for case in cases:
        element = ET.SubElement(
            suite,
            "testcase",
            classname=f"{case['category']}.{case['language']}",
            name=case["id"],
            time=f"{case['ms'] / 1000:.3f}",
        )
        if case["passed"]:
            continue
        kind = "failure" if case["answer_type"] else "error"
        problem = ET.SubElement(element, kind, message="; ".join(case["problems"])[:500])
        problem.text = "\n".join(case["problems"]) + "\n\nanswer:\n" + case["answer"]
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
