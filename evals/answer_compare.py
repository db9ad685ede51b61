"""Comparing two evaluation reports: which cases flipped (with both answers) and how each metric moved."""

from __future__ import annotations

from evals.answer_report import HEADLINE

__all__ = ["compare_reports"]


def _short(text: str, limit: int = 300) -> str:
    """One table cell: on one line, at most `limit` characters, pipes escaped."""
    text = " ".join(text.split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("|", "\\|")


def compare_reports(old: dict, new: dict) -> str:
    """Markdown: metric deltas overall and per language, then pass→fail and fail→pass cases side by side."""
    lines = ["## Evaluation changes", "", "| metric | slice | old | new | Δ |", "|---|---|---|---|---|"]
    for slice_name in ("all", "language=ko", "language=en"):
        for metric in (*HEADLINE, "secret_leaks", "grounding_violations", "errors", "latency_p50_ms"):
            before = old["product"].get(slice_name, {}).get(metric)
            after = new["product"].get(slice_name, {}).get(metric)
            if before is None and after is None:
                continue
            delta = (after or 0) - (before or 0)
            if delta or slice_name == "all":
                lines.append(f"| {metric} | {slice_name} | {before} | {after} | {delta:+.3f} |")
    before_cases = {c["id"]: c for c in old["cases"]}
    flips = {"pass → fail": [], "fail → pass": []}
    for case in new["cases"]:
        previous = before_cases.get(case["id"])
        if previous is None or previous["passed"] == case["passed"]:
            continue
        flips["fail → pass" if case["passed"] else "pass → fail"].append((previous, case))
    for title, pairs in flips.items():
        lines += ["", f"### {title} ({len(pairs)})"]
        for previous, case in pairs:
            lines += [
                "",
                f"**{case['id']}** ({case['category']}, {case['language']}): {'; '.join(case['problems']) or 'ok'}",
                "",
                "| old | new |",
                "|---|---|",
                f"| {_short(previous['answer'])} | {_short(case['answer'])} |",
            ]
    new_ids = {c["id"] for c in new["cases"]}
    gone = sorted(set(before_cases) - new_ids)
    if gone:
        lines += ["", f"Cases only in the old report: {', '.join(gone)}"]
    return "\n".join(lines) + "\n"
