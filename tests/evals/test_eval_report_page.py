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


def test_compare_shows_old_and_new_answers_side_by_side(engine, browser, tmp_path):
    from evals.answer_compare import compare_reports
    from evals.compare_html import comparison_html

    dataset = tmp_path / "d.jsonl"
    dataset.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in MINI) + "\n", encoding="utf-8")
    old = evaluate(engine.settings, dataset=dataset, engine=engine, baseline=False, progress=False)
    new = json.loads(json.dumps(old))
    new["cases"][0] |= {"passed": False, "problems": ["planted"], "answer": "route add " * 200}
    page_path = tmp_path / "compare.html"
    page_path.write_text(comparison_html(compare_reports(old, new)), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(page_path.as_uri())
        assert "Gate: 1 regression(s)" in page.locator("body").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        old_side, new_side = (page.locator(".sides > div").nth(i).bounding_box() for i in (0, 1))
        assert old_side["y"] == new_side["y"] and old_side["x"] + old_side["width"] <= new_side["x"]
        assert old["cases"][0]["answer"].strip().splitlines()[0] in page.locator(".sides > div").first.inner_text()
    finally:
        page.close()
