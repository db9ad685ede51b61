"""Comparing two evaluation reports as a gate: what regressed (a case that now fails, a metric that dropped beyond
the tolerance, any new leak, grounding violation or error), what improved, which failures changed their reason,
which expectations changed, and whether the two runs even used the same dataset and index."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from evals.answer_report import HEADLINE

__all__ = ["Comparison", "compare_reports"]

COUNTS = ("secret_leaks", "grounding_violations", "errors", "timeouts", "invalid_quotes")
SLICES = ("all", "language=ko", "language=en")


@dataclass
class Comparison:
    markdown: str
    regressions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _fenced(text: str) -> list[str]:
    """The text as a code block whose fence is longer than any backtick run inside it (answers hold code blocks)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", text.rstrip(), fence]


def _answers(previous: dict, case: dict) -> list[str]:
    return ["", "old answer:", *_fenced(previous["answer"]), "new answer:", *_fenced(case["answer"])]


def _metric_lines(old: dict, new: dict, tolerance: float, regressions: list[str]) -> list[str]:
    lines = ["| metric | slice | old | new | Δ |", "|---|---|---|---|---|"]
    for slice_name in SLICES:
        for metric in (*HEADLINE, *COUNTS, "latency_p50_ms"):
            before = old["product"].get(slice_name, {}).get(metric)
            after = new["product"].get(slice_name, {}).get(metric)
            if before is None and after is None:
                continue
            delta = (after or 0) - (before or 0)
            if delta or slice_name == "all":
                lines.append(f"| {metric} | {slice_name} | {before} | {after} | {delta:+.3f} |")
            if before is None or after is None:
                continue
            if metric in HEADLINE and delta < -tolerance:
                regressions.append(f"{metric} ({slice_name}) dropped {before} → {after} (tolerance {tolerance})")
            elif metric in COUNTS and delta > 0:
                regressions.append(f"{metric} ({slice_name}) rose {before} → {after}")
    return lines


def compare_reports(old: dict, new: dict, tolerance: float = 0.0) -> Comparison:
    """Markdown for a pull request, and the reasons the gate fails (none: no regression)."""
    result = Comparison("")
    for key, name in (("dataset_sha256", "dataset"), ("index_manifest_sha256", "index")):
        before, after = old["manifest"].get(key), new["manifest"].get(key)
        if before != after:
            result.warnings.append(f"the {name} differs ({before} → {after}): the runs may not be comparable")
    lines = ["## Evaluation changes", ""]
    lines += [f"> warning: {w}" for w in result.warnings] + ([""] if result.warnings else [])
    lines += _metric_lines(old, new, tolerance, result.regressions)
    before_cases = {c["id"]: c for c in old["cases"]}
    flips: dict[str, list[tuple[dict, dict]]] = {"pass → fail": [], "fail → pass": [], "fail → fail, new reason": []}
    changed_expectations = []
    for case in new["cases"]:
        previous = before_cases.get(case["id"])
        if previous is None:
            continue
        if "expect" in previous and (previous["expect"], previous.get("turns")) != (case["expect"], case.get("turns")):
            changed_expectations.append((previous, case))
        if previous["passed"] != case["passed"]:
            flips["fail → pass" if case["passed"] else "pass → fail"].append((previous, case))
        elif not case["passed"] and previous["problems"] != case["problems"]:
            flips["fail → fail, new reason"].append((previous, case))
    result.regressions += [f"case {case['id']} now fails: {'; '.join(case['problems'])}"
                           for _, case in flips["pass → fail"]]  # fmt: skip
    for title, pairs in flips.items():
        lines += ["", f"### {title} ({len(pairs)})"]
        for previous, case in pairs:
            lines += ["", f"**{case['id']}** ({case['category']}, {case['language']})"]
            if title != "fail → pass":
                lines.append(f"- now: {'; '.join(case['problems'])}")
            if previous["problems"]:
                lines.append(f"- before: {'; '.join(previous['problems'])}")
            lines += _answers(previous, case)
    if changed_expectations:
        lines += ["", f"### Expectations changed ({len(changed_expectations)})"]
        for previous, case in changed_expectations:
            lines += ["", f"**{case['id']}**: {previous['expect']} → {case['expect']}"]
            if previous.get("turns") != case.get("turns"):
                lines.append(f"- turns: {previous.get('turns')} → {case.get('turns')}")
    new_ids = {c["id"] for c in new["cases"]}
    gone, added = sorted(set(before_cases) - new_ids), sorted(new_ids - set(before_cases))
    if gone:
        lines += ["", f"Cases only in the old report: {', '.join(gone)}"]
    if added:
        lines += ["", f"Cases only in the new report: {', '.join(added)}"]
    verdict = "no regression" if not result.regressions else f"{len(result.regressions)} regression(s)"
    lines += ["", f"**Gate: {verdict}**", *(f"- {r}" for r in result.regressions)]
    result.markdown = "\n".join(lines) + "\n"
    return result
