"""The comparison as a page a reviewer reads: the gate verdict, metric deltas, and each case that changed with the
old and the new answer side by side (answers are long and hold code; a diff view of two columns is what people use).
Same content as the Markdown, from the same `Comparison`."""

from __future__ import annotations

import html
import json

from evals.answer_compare import Comparison
from evals.report_html import REPORT_STYLE

__all__ = ["comparison_html"]

_SIDES = ".sides{display:grid;grid-template-columns:1fr 1fr;gap:.6rem}.sides>div{min-width:0}h3{font-size:1rem}"


def _e(value: object) -> str:
    return html.escape(str(value))


def _problems(case: dict) -> str:
    return "<br>".join(_e(p) for p in case["problems"]) or "<span class=muted>all checks pass</span>"


def _side(title: str, case: dict) -> str:
    citations = ", ".join(case.get("citations", [])) or "-"
    return (
        f"<div><b>{title}</b> <span class='badge {'pass' if case['passed'] else 'fail'}'>"
        f"{'PASS' if case['passed'] else 'FAIL'}</span><p>{_problems(case)}</p>"
        f"<pre>{_e(case['answer'])}</pre><span class=muted>citations: {_e(citations)}</span></div>"
    )


def _pairs(comparison: Comparison) -> str:
    parts = []
    for title, pairs in comparison.flips.items():
        parts.append(f"<h2>{_e(title)} ({len(pairs)})</h2>")
        for previous, case in pairs:
            turns = "".join(f"<pre>{_e(turn)}</pre>" for turn in case.get("turns", []))
            parts.append(
                f"<h3>{_e(case['id'])} <span class=muted>({_e(case['category'])}, {_e(case['language'])})</span></h3>"
                f"<details><summary>question(s)</summary>{turns}</details>"
                f"<div class=sides>{_side('old', previous)}{_side('new', case)}</div>"
            )
    return "".join(parts)


def _expectations(comparison: Comparison) -> str:
    if not comparison.changed_expectations:
        return ""
    rows = "".join(
        f"<tr><td>{_e(case['id'])}</td><td><pre>{_e(json.dumps(old['expect'], ensure_ascii=False, indent=1))}</pre>"
        f"</td><td><pre>{_e(json.dumps(case['expect'], ensure_ascii=False, indent=1))}</pre></td></tr>"
        for old, case in comparison.changed_expectations
    )
    return (
        f"<h2>Expectations changed ({len(comparison.changed_expectations)})</h2><table><colgroup>"
        f"<col style='width:11rem'><col><col></colgroup><tr><th>id</th><th>old</th><th>new</th></tr>{rows}</table>"
    )


def comparison_html(comparison: Comparison) -> str:
    warnings = "".join(f"<p class='badge fail'>warning: {_e(w)}</p>" for w in comparison.warnings)
    metric_rows = "".join(
        f"<tr><td>{_e(m.metric)}</td><td>{_e(m.slice_name)}</td><td class=num>{_e(m.before)}</td>"
        f"<td class=num>{_e(m.after)}</td><td class=num>{m.delta:+.3f}</td></tr>"
        for m in comparison.metrics
    )
    regressions = "".join(f"<li>{_e(r)}</li>" for r in comparison.regressions)
    only = [f"Cases only in the {side} report: {_e(', '.join(ids))}"
            for side, ids in (("old", comparison.only_old), ("new", comparison.only_new)) if ids]  # fmt: skip
    ok = not comparison.regressions
    return (
        "<!doctype html><html lang=en><head><meta charset='utf-8'><meta name=viewport content='width=device-width'>"
        f"<title>Evaluation changes</title><style>{REPORT_STYLE}{_SIDES}</style></head><body>"
        f"<h1>Evaluation changes</h1>{warnings}<p><span class='badge {'pass' if ok else 'fail'}'>Gate: "
        f"{_e(comparison.verdict)}</span></p><ul>{regressions}</ul><h2>Metrics</h2><table><tr><th>metric</th>"
        f"<th>slice</th><th>old</th><th>new</th><th>Δ</th></tr>{metric_rows}</table>{_pairs(comparison)}"
        f"{_expectations(comparison)}{''.join(f'<p>{line}</p>' for line in only)}</body></html>"
    )
