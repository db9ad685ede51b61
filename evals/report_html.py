"""The HTML report: the scorecard as tables with each metric's definition and count, the thresholds, a chart that
fits the page, and every case — its question(s), what was expected, the answer, citations and the failed checks —
filterable by status, language, category and tag. One static file, no emoji, nothing loaded from elsewhere."""

from __future__ import annotations

import base64
import html
import io
import json

from evals.answer_report import FIGURES, HEADLINE, METRIC_DEFINITIONS

__all__ = ["REPORT_STYLE", "to_html"]

REPORT_STYLE = """
*{box-sizing:border-box}body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;padding:1rem 1.5rem;max-width:1200px;
color:#1f2937}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.6rem}table{border-collapse:collapse;width:100%;
table-layout:fixed}td,th{border:1px solid #d1d5db;padding:.3rem .45rem;text-align:left;vertical-align:top;
overflow-wrap:anywhere}th{background:#f3f4f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:0 .4rem;border-radius:.25rem;font-size:.8rem;font-weight:600}
.pass{background:#dcfce7;color:#166534}.fail{background:#fee2e2;color:#991b1b}img{max-width:100%;height:auto}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f9fafb;border:1px solid #e5e7eb;padding:.5rem;
margin:.3rem 0}
details summary{cursor:pointer}.filters{display:flex;flex-wrap:wrap;gap:.75rem;margin:.5rem 0}.muted{color:#6b7280}
col.id{width:11rem}col.small{width:6.5rem}col.type{width:8rem}
"""
_FILTER_SCRIPT = """
const selects=[...document.querySelectorAll('.filters select')];
function apply(){for(const row of document.querySelectorAll('tbody.cases tr.case')){
 const show=selects.every(s=>!s.value||(s.dataset.key==='tag'?row.dataset.tag.split(' ').includes(s.value)
 :row.dataset[s.dataset.key]===s.value));row.hidden=!show;row.nextElementSibling.hidden=!show;}
 document.getElementById('shown').textContent=document.querySelectorAll('tbody.cases tr.case:not([hidden])').length;}
selects.forEach(s=>s.addEventListener('change',apply));
"""


def _e(value: object) -> str:
    return html.escape(str(value))


def _number(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else _e(value)


def _badge(ok: bool) -> str:
    return f"<span class='badge {'pass' if ok else 'fail'}'>{'PASS' if ok else 'FAIL'}</span>"


def _chart(report: dict) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    product = report["product"]
    categories = sorted(k.split("=", 1)[1] for k in product if k.startswith("category=") and "&" not in k)
    figure, axis = pyplot.subplots(figsize=(9.6, 3.4))
    width = 0.38
    for offset, language in ((-width / 2, "ko"), (width / 2, "en")):
        values = [product.get(f"category={c}&language={language}", {}).get("pass_rate", 0) for c in categories]
        axis.bar([i + offset for i in range(len(categories))], values, width, label=language)
    axis.set_xticks(range(len(categories)), categories, rotation=20, ha="right")
    axis.set_ylim(0, 1.0)
    axis.set_ylabel("pass rate")
    axis.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)  # above the bars
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    pyplot.close(figure)
    return base64.b64encode(buffer.getvalue()).decode()


def _metrics(report: dict) -> str:
    product, baseline = report["product"], report.get("baseline", {}).get("all", {})
    rows = []
    for metric in (*HEADLINE, *FIGURES):
        if metric not in product["all"]:
            continue
        cells = [product.get(f"language={lang}", {}).get(metric, "–") for lang in ("ko", "en")]
        count = product["all"].get(f"{metric.removesuffix('_p50')}_n" if metric in FIGURES else f"{metric}_n")
        cells += [product["all"][metric], count or product["all"]["cases"]]
        cells.append(baseline.get(metric, "–"))
        numbers = "".join(f"<td class=num>{_number(c)}</td>" for c in cells)
        rows.append(f"<tr><th>{_e(metric)}</th>{numbers}<td class=muted>{_e(METRIC_DEFINITIONS[metric])}</td></tr>")
    return (
        "<table><colgroup><col style='width:11rem'><col span=5 style='width:5.7rem'><col></colgroup>"
        "<tr><th>metric</th><th>ko</th><th>en</th><th>all</th><th>n</th><th>baseline</th><th>definition</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _thresholds(report: dict) -> str:
    if not report.get("thresholds"):
        subset = report["manifest"].get("selection")
        return f"<p class=muted>{'Thresholds are not checked for a subset.' if subset else 'No thresholds given.'}</p>"
    rows = "".join(
        f"<tr><td>{_badge(t['ok'])}</td><td>{_e(t['metric'])}</td><td>{_e(t['op'])} {_e(t['limit'])}</td>"
        f"<td class=num>{_number(t['value'])}</td></tr>"
        for t in report["thresholds"]
    )
    return f"<table><tr><th style='width:5rem'>gate</th><th>metric</th><th>limit</th><th>value</th></tr>{rows}</table>"


def _case_rows(report: dict) -> str:
    rows = []
    for case in report["cases"]:
        tags = " ".join(case.get("tags", []))
        data = (
            f"data-status={'pass' if case['passed'] else 'fail'} data-language={_e(case['language'])} "
            f"data-category={_e(case['category'])} data-tag='{_e(tags)}'"
        )
        problems = "<br>".join(_e(p) for p in case["problems"]) or "<span class=muted>none</span>"
        turns = "".join(f"<pre>{_e(turn)}</pre>" for turn in case.get("turns", []))
        expected = json.dumps(case.get("expect", {}), ensure_ascii=False, indent=1)
        details = (
            f"<details><summary>question, expected, answer, citations</summary><b>Turns</b>{turns}"
            f"<b>Expected</b><pre>{_e(expected)}</pre><b>Answer ({_e(case['answer_type'])})</b>"
            f"<pre>{_e(case['answer'])}</pre><b>Citations</b><pre>{_e(', '.join(case['citations']) or '-')}</pre>"
            f"<b>Checks</b><pre>{_e(json.dumps(case['checks']))}</pre></details>"
        )
        rows.append(
            f"<tr class=case {data}><td>{_e(case['id'])}</td><td>{_badge(case['passed'])}</td>"
            f"<td>{_e(case['language'])}</td><td>{_e(case['category'])}</td><td>{_e(tags)}</td><td>{problems}</td></tr>"
            f"<tr class=more><td colspan=6>{details}</td></tr>"
        )
    return "".join(rows)


def _filters(report: dict) -> str:
    cases = report["cases"]
    options = {
        "status": ["pass", "fail"],
        "language": sorted({c["language"] for c in cases}),
        "category": sorted({c["category"] for c in cases}),
        "tag": sorted({t for c in cases for t in c.get("tags", [])}),
    }
    selects = "".join(
        f"<label>{key} <select data-key={key}><option value=''>all</option>"
        + "".join(f"<option>{_e(value)}</option>" for value in values)
        + "</select></label>"
        for key, values in options.items()
        if values
    )
    return f"<div class=filters>{selects}<span class=muted><span id=shown>{len(cases)}</span> shown</span></div>"


def to_html(report: dict) -> str:
    meta = report["manifest"]
    server = meta.get("server", {})
    summary = (
        f"{_e(meta['dataset'].rsplit('/', 1)[-1])} ({report['product']['all']['cases']} cases), target "
        f"{_e(meta['target'])}, product {_e(server.get('version', '?'))} at {_e(str(server.get('commit', '?'))[:12])}, "
        f"created {_e(meta['created_at'])}"
    )
    return (
        "<!doctype html><html lang=en><head><meta charset='utf-8'><meta name=viewport content='width=device-width'>"
        f"<title>Answer accuracy</title><style>{REPORT_STYLE}</style></head><body><h1>Answer accuracy</h1>"
        f"<p class=muted>{summary}</p><h2>Thresholds</h2>{_thresholds(report)}<h2>Metrics</h2>{_metrics(report)}"
        f"<h2>Pass rate by category</h2><img alt='pass rate by category and language' "
        f"src='data:image/png;base64,{_chart(report)}'>"
        f"<h2>Cases</h2>{_filters(report)}<table><colgroup><col class=id><col class=small><col class=small>"
        "<col class=type><col class=type><col></colgroup><tr><th>id</th><th>result</th><th>language</th>"
        "<th>category</th><th>tags</th><th>failed checks</th></tr>"
        f"<tbody class=cases>{_case_rows(report)}</tbody></table>"
        f"<h2>Run manifest</h2><pre>{_e(json.dumps(meta, ensure_ascii=False, indent=2))}</pre>"
        f"<script>{_FILTER_SCRIPT}</script></body></html>"
    )
