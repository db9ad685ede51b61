"""The evaluation's outputs: a run manifest, JSON (everything, per case), a Markdown summary fit for a pull
request, and a static HTML report with charts per category and language."""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["manifest", "to_markdown", "write_reports"]

HEADLINE = ("pass_rate", "answer_type", "hit@1", "hit@3", "mrr", "ndcg@5", "citation_precision", "citation_recall",
            "fact_recall", "language", "tool")  # fmt: skip


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else "missing"


def _git_commit(repo: Path) -> str:
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (result.stdout.strip() or "unknown") + ("-dirty" if dirty.stdout.strip() else "")


def manifest(*, dataset: Path, target: str, settings: dict, index_manifest: Path | None, embedding_id: str) -> dict:
    repo = Path(__file__).resolve().parents[1]
    return {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": _git_commit(repo),
        "dataset": str(dataset),
        "dataset_sha256": _sha256(dataset),
        "index_manifest_sha256": _sha256(index_manifest) if index_manifest else "n/a (remote)",
        "embedding": embedding_id,
        "target": target,
        "settings": settings,
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
    }


def _cell(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def to_markdown(report: dict) -> str:
    product, baseline = report["product"], report.get("baseline", {})
    lines = [
        f"## Answer accuracy — {report['manifest']['dataset'].rsplit('/', 1)[-1]} "
        f"({product['all']['cases']} cases, commit `{report['manifest']['git_commit'][:12]}`)",
        "",
        "| metric | ko | en | all | baseline (all) |",
        "|---|---|---|---|---|",
    ]
    for metric in HEADLINE:
        row = [product.get(f"language={lang}", {}).get(metric, "–") for lang in ("ko", "en")]
        row.append(product["all"].get(metric, "–"))
        row.append(baseline.get("all", {}).get(metric, "–"))
        lines.append(f"| {metric} | " + " | ".join(_cell(v) for v in row) + " |")
    a = product["all"]
    lines += [
        "",
        f"Secret leaks **{a['secret_leaks']}**, grounding violations **{a['grounding_violations']}**, invalid quotes "
        f"{a['invalid_quotes']}, errors {a['errors']}, timeouts {a['timeouts']}; latency p50 {a['latency_p50_ms']} ms, "
        f"p95 {a['latency_p95_ms']} ms.",
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
        lines += [f"- {'✅' if t['ok'] else '❌'} {t['metric']} {t['op']} {t['limit']} (got {t['value']})"
                  for t in report["thresholds"]]  # fmt: skip
    return "\n".join(lines) + "\n"


def _chart(report: dict) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    product = report["product"]
    categories = sorted(k.split("=", 1)[1] for k in product if k.startswith("category=") and "&" not in k)
    figure, (left, right) = pyplot.subplots(1, 2, figsize=(12, 4.2))
    width = 0.38
    for offset, language in ((-width / 2, "ko"), (width / 2, "en")):
        values = [product.get(f"category={c}&language={language}", {}).get("pass_rate", 0) for c in categories]
        left.bar([i + offset for i in range(len(categories))], values, width, label=language)
    left.set_xticks(range(len(categories)), categories, rotation=30, ha="right")
    left.set_ylim(0, 1.05)
    left.set_title("pass rate by category and language")
    left.legend()
    metrics = ["hit@1", "fact_recall", "answer_type"]
    systems = [("product", product)] + ([("naive baseline", report["baseline"])] if "baseline" in report else [])
    for offset, (name, block) in zip((-width / 2, width / 2), systems, strict=False):
        right.bar(
            [i + offset for i in range(len(metrics))], [block["all"].get(m, 0) for m in metrics], width, label=name
        )
    right.set_xticks(range(len(metrics)), metrics)
    right.set_ylim(0, 1.05)
    right.set_title("product vs naive baseline" if len(systems) > 1 else "product")
    right.legend()
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    pyplot.close(figure)
    return base64.b64encode(buffer.getvalue()).decode()


def _html(report: dict) -> str:
    rows = "".join(
        f"<tr class={'pass' if c['passed'] else 'fail'}><td>{html.escape(c['id'])}</td><td>{c['language']}</td>"
        f"<td>{c['category']}</td><td>{c['answer_type']}</td><td>{'✔' if c['passed'] else '✘'}</td>"
        f"<td>{html.escape('; '.join(c['problems']))}</td></tr>"
        for c in report["cases"]
    )
    summary = html.escape(to_markdown(report))
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Answer accuracy</title><style>"
        "body{font:14px system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:.2rem .4rem;text-align:left}tr.fail{background:#fff1f2}pre{white-space:pre-wrap}</style></head><body>"
        f"<h1>Answer accuracy</h1><img alt='charts' src='data:image/png;base64,{_chart(report)}'>"
        f"<pre>{summary}</pre><h2>Run manifest</h2><pre>{html.escape(json.dumps(report['manifest'], indent=2))}</pre>"
        "<h2>Cases</h2><table><tr><th>id</th><th>lang</th><th>category</th><th>type</th><th>ok</th><th>problems</th>"
        f"</tr>{rows}</table></body></html>"
    )


def write_reports(report: dict, out_dir: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"json": out_dir / "report.json", "markdown": out_dir / "report.md", "html": out_dir / "report.html"}
    paths["json"].write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    paths["markdown"].write_text(to_markdown(report), encoding="utf-8")
    paths["html"].write_text(_html(report), encoding="utf-8")
    return paths
