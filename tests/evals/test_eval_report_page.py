"""The HTML report in a real browser (Debian's Chromium) at 1 280 px: no horizontal scroll even with every case
opened, and the filters show exactly the cases asked for."""

from __future__ import annotations

import json

from evals.answer_eval import evaluate
from evals.answer_report import write_reports
from tests.evals.test_answer_eval import MINI

WRONG = {"id": "w", "language": "en", "category": "tool", "tags": ["planted"], "turns": ["hello " * 60],
         "expect": {"answer_type": "tool", "tool": "route_commands"}}  # fmt: skip


def test_the_report_fits_1280_pixels_and_filters_cases(engine, browser, tmp_path):
    dataset = tmp_path / "d.jsonl"
    dataset.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in [*MINI, WRONG]) + "\n", encoding="utf-8")
    report = evaluate(engine.settings, dataset=dataset, engine=engine, baseline=False, progress=False)
    html_path = write_reports(report, tmp_path / "out")["html"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(html_path.as_uri())
        assert page.locator("h1").inner_text() == "Answer accuracy"
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # long answers wrap too
        assert page.locator("tr.case").count() == 6
        page.select_option("select[data-key=status]", "fail")
        assert page.locator("tr.case:visible").count() == 1
        assert page.locator("tr.case:visible td").first.inner_text() == "w"
        page.select_option("select[data-key=status]", "")
        page.select_option("select[data-key=tag]", "planted")
        assert page.locator("#shown").inner_text() == "1"
        assert "tool route_commands not called" in page.locator("tr.case:visible").inner_text()
        assert "definition" in page.locator("h2:has-text('Metrics') + table").inner_text()
    finally:
        page.close()
