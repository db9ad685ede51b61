"""Comparing two evaluation reports as a gate: what regressed (a case that now fails, a metric that dropped beyond
the tolerance, any new leak, grounding violation or error), what improved, which failures changed their reason,
which expectations changed, and whether the two runs even used the same dataset and index. The comparison is kept
as data so the Markdown (for a pull request) and the HTML page (answers side by side) say the same thing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from evals.answer_report import FIGURES, HEADLINE

__all__ = ["FLIP_KINDS", "Comparison", "MetricChange", "compare_reports"]

COUNTS = ("secret_leaks", "grounding_violations", "errors", "timeouts", "invalid_quotes")
SLICES = ("all", "language=ko", "language=en")
FLIP_KINDS = ("pass → fail", "fail → pass", "fail → fail, new reason")
CasePair = tuple[dict, dict]


@dataclass(frozen=True)
class MetricChange:
    metric: str
    slice_name: str
    before: float | int | None
    after: float | int | None

    @property
    def delta(self) -> float:
        return (self.after or 0) - (self.before or 0)


@dataclass
class Comparison:
    metrics: list[MetricChange] = field(default_factory=list)
    flips: dict[str, list[CasePair]] = field(default_factory=lambda: {kind: [] for kind in FLIP_KINDS})
    changed_expectations: list[CasePair] = field(default_factory=list)
    only_old: list[str] = field(default_factory=list)
    only_new: list[str] = field(default_factory=list)
    regressions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return "no regression" if not self.regressions else f"{len(self.regressions)} regression(s)"

    @property
    def markdown(self) -> str:
        return _markdown(self)


def _fenced(text: str) -> list[str]:
    """The text as a code block whose fence is longer than any backtick run inside it (answers hold code blocks)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", text.rstrip(), fence]


def _metric_changes(old: dict, new: dict, tolerance: float, regressions: list[str]) -> list[MetricChange]:
    changes = []
    for slice_name in SLICES:
        for metric in (*HEADLINE, *FIGURES, *COUNTS, "latency_p50_ms"):
            change = MetricChange(
                metric,
                slice_name,
                old["product"].get(slice_name, {}).get(metric),
                new["product"].get(slice_name, {}).get(metric),
            )
            if change.before is None and change.after is None:
                continue
            if change.delta or slice_name == "all":
                changes.append(change)
            if change.before is None or change.after is None:
                continue
            if metric in HEADLINE and change.delta < -tolerance:
                regressions.append(f"{metric} ({slice_name}) dropped {change.before} → {change.after} "
                                   f"(tolerance {tolerance})")  # fmt: skip
            elif metric in COUNTS and change.delta > 0:
                regressions.append(f"{metric} ({slice_name}) rose {change.before} → {change.after}")
    return changes


def compare_reports(old: dict, new: dict, tolerance: float = 0.0) -> Comparison:
    """What changed between two runs, and the reasons the gate fails (none: no regression)."""
    result = Comparison()
    for key, name in (("dataset_sha256", "dataset"), ("index_manifest_sha256", "index")):
        before, after = old["manifest"].get(key), new["manifest"].get(key)
        if before != after:
            result.warnings.append(f"the {name} differs ({before} → {after}): the runs may not be comparable")
    result.metrics = _metric_changes(old, new, tolerance, result.regressions)
    before_cases = {c["id"]: c for c in old["cases"]}
    for case in new["cases"]:
        previous = before_cases.get(case["id"])
        if previous is None:
            continue
        if "expect" in previous and (previous["expect"], previous.get("turns")) != (case["expect"], case.get("turns")):
            result.changed_expectations.append((previous, case))
        if previous["passed"] != case["passed"]:
            result.flips["fail → pass" if case["passed"] else "pass → fail"].append((previous, case))
        elif not case["passed"] and previous["problems"] != case["problems"]:
            result.flips["fail → fail, new reason"].append((previous, case))
    result.regressions += [f"case {case['id']} now fails: {'; '.join(case['problems'])}"
                           for _, case in result.flips["pass → fail"]]  # fmt: skip
    new_ids = {c["id"] for c in new["cases"]}
    result.only_old, result.only_new = sorted(set(before_cases) - new_ids), sorted(new_ids - set(before_cases))
    return result


def _markdown(result: Comparison) -> str:
    lines = ["## Evaluation changes", ""]
    lines += [f"> warning: {w}" for w in result.warnings] + ([""] if result.warnings else [])
    lines += ["| metric | slice | old | new | Δ |", "|---|---|---|---|---|"]
    lines += [f"| {m.metric} | {m.slice_name} | {m.before} | {m.after} | {m.delta:+.3f} |" for m in result.metrics]
    for title, pairs in result.flips.items():
        lines += ["", f"### {title} ({len(pairs)})"]
        for previous, case in pairs:
            lines += ["", f"**{case['id']}** ({case['category']}, {case['language']})"]
            if title != "fail → pass":
                lines.append(f"- now: {'; '.join(case['problems'])}")
            if previous["problems"]:
                lines.append(f"- before: {'; '.join(previous['problems'])}")
            lines += ["", "old answer:", *_fenced(previous["answer"]), "new answer:", *_fenced(case["answer"])]
    if result.changed_expectations:
        lines += ["", f"### Expectations changed ({len(result.changed_expectations)})"]
        for previous, case in result.changed_expectations:
            lines += ["", f"**{case['id']}**: {previous['expect']} → {case['expect']}"]
            if previous.get("turns") != case.get("turns"):
                lines.append(f"- turns: {previous.get('turns')} → {case.get('turns')}")
    if result.only_old:
        lines += ["", f"Cases only in the old report: {', '.join(result.only_old)}"]
    if result.only_new:
        lines += ["", f"Cases only in the new report: {', '.join(result.only_new)}"]
    lines += ["", f"**Gate: {result.verdict}**", *(f"- {r}" for r in result.regressions)]
    return "\n".join(lines) + "\n"
