"""The evaluation's outputs: a run manifest, JSON (everything, per case), a Markdown summary fit for a pull
request, the HTML report (`report_html`) and JUnit XML for CI (`report_junit`)."""

from __future__ import annotations

import json
import platform
from datetime import UTC, datetime
from pathlib import Path

from assistant.build_info import file_sha256, git_commit

__all__ = ["FIGURES", "HEADLINE", "METRIC_DEFINITIONS", "manifest", "to_markdown", "write_reports"]

HEADLINE = ("pass_rate", "answer_type", "hit@1", "hit@3", "mrr", "ndcg@5", "citation_precision", "citation_recall",
            "fact_recall", "answer_lead", "language", "tool", "missing", "assertions")  # fmt: skip
FIGURES = ("knowledge_chars_p50",)
"""Figures that are not rates (shown beside the rates; lower is better, so not compared as rates)."""
METRIC_DEFINITIONS = {
    "pass_rate": "share of cases with every check right (no problem, leak, grounding violation or error)",
    "answer_type": "share of cases answered with the expected type (knowledge, tool, clarification, …)",
    "hit@1": "cases with gold sections: the first citation is one of them",
    "hit@3": "cases with gold sections: one of them is among the first three citations",
    "mrr": "cases with gold sections: mean of 1 / rank of the first gold citation (0 when none)",
    "ndcg@5": "cases with gold sections: binary-relevance nDCG of the first five citations",
    "citation_precision": "cases with gold sections: share of cited sections that are gold",
    "citation_recall": "cases with gold sections: share of gold sections cited",
    "fact_recall": "cases with facts: share of the case's facts found (exact, or by morphemes where the case allows), "
    "averaged over those cases",
    "answer_lead": "knowledge cases with facts: the first fact (the one that answers the question) is in the "
    "answer's first sentence (two when the first is a bare yes/no)",
    "knowledge_chars_p50": "median length in characters of the knowledge answers given (without folded details)",
    "language": "share of cases answered in the question's language",
    "tool": "cases expecting a tool: called without error, with the expected inputs, commands (in the part the "
    "answer leads with) and form fields",
    "missing": "clarification cases: asked for exactly the expected values, in order",
    "assertions": "cases with assertions: share of the case's assertions that hold, averaged over those cases",
}


def manifest(*, dataset: Path, target: str, settings: dict, server: dict, selection: dict) -> dict:
    """Which data, code and product produced the report; `server` is what the evaluated product says it runs."""
    return {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "dataset": str(dataset),
        "dataset_sha256": file_sha256(dataset),
        "index_manifest_sha256": server.get("index_manifest_sha256", "unknown"),
        "embedding": server.get("embedding", "unknown"),
        "server": server,
        "target": target,
        "selection": selection,
        "settings": settings,
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
    }


def _cell(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def to_markdown(report: dict) -> str:
    product, baseline = report["product"], report.get("baseline", {})
    selection = report["manifest"].get("selection") or {}
    lines = [
        f"## Answer accuracy — {report['manifest']['dataset'].rsplit('/', 1)[-1]} "
        f"({product['all']['cases']} cases, commit `{report['manifest']['git_commit'][:12]}`)",
        *([f"Subset: {selection}", ""] if selection else [""]),
        "| metric | ko | en | all | n | baseline (all) |",
        "|---|---|---|---|---|---|",
    ]
    for metric in (*HEADLINE, *FIGURES):
        if metric not in product["all"]:
            continue
        row = [product.get(f"language={lang}", {}).get(metric, "–") for lang in ("ko", "en")]
        count = product["all"].get(f"{metric.removesuffix('_p50')}_n" if metric in FIGURES else f"{metric}_n")
        row += [product["all"][metric], count or product["all"]["cases"]]
        row.append(baseline.get("all", {}).get(metric, "–"))
        lines.append(f"| {metric} | " + " | ".join(_cell(v) for v in row) + " |")
    a = product["all"]
    lines += [
        "",
        f"Secret leaks **{a['secret_leaks']}**, grounding violations **{a['grounding_violations']}**, invalid quotes "
        f"{a['invalid_quotes']}, errors {a['errors']}, timeouts {a['timeouts']}; latency p50 {a['latency_p50_ms']} ms, "
        f"p95 {a['latency_p95_ms']} ms. n = the cases a metric applies to (see the HTML report for definitions).",
        "",
        f"Out of scope: {report['out_of_scope']}",
        "",
        "| category | ko pass | en pass | cases |",
        "|---|---|---|---|",
    ]
    for category in sorted(k.split("=", 1)[1] for k in product if k.startswith("category=") and "&" not in k):
        ko = product.get(f"category={category}&language=ko", {}).get("pass_rate", "–")
        en = product.get(f"category={category}&language=en", {}).get("pass_rate", "–")
        lines.append(f"| {category} | {_cell(ko)} | {_cell(en)} | {product[f'category={category}']['cases']} |")
    failures = [c for c in report["cases"] if not c["passed"]]
    if failures:
        lines += ["", f"### Failures ({len(failures)})", ""]
        lines += [f"- `{c['id']}` ({c['category']}, {c['language']}): {'; '.join(c['problems'])}" for c in failures]
    if report.get("thresholds"):
        lines += ["", "### Thresholds", ""]
        lines += [f"- {'PASS' if t['ok'] else 'FAIL'} {t['metric']} {t['op']} {t['limit']} (got {t['value']})"
                  for t in report["thresholds"]]  # fmt: skip
    elif selection:
        lines += ["", "Thresholds are not checked for a subset."]
    else:
        lines += ["", "No thresholds for this dataset (give a file with --thresholds to gate on it)."]
    return "\n".join(lines) + "\n"


def write_reports(report: dict, out_dir: Path) -> dict[str, Path]:
    """report.json, report.md, report.html and report.junit.xml in `out_dir`."""
    from evals.report_html import to_html
    from evals.report_junit import to_junit

    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "json": out_dir / "report.json",
        "markdown": out_dir / "report.md",
        "html": out_dir / "report.html",
        "junit": out_dir / "report.junit.xml",
    }
    paths["json"].write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    paths["markdown"].write_text(to_markdown(report), encoding="utf-8")
    paths["html"].write_text(to_html(report), encoding="utf-8")
    paths["junit"].write_text(to_junit(report), encoding="utf-8")
    return paths
