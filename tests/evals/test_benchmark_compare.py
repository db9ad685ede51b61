"""The benchmark report shows its figures beside the previous report's (before → after)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import typer

from cli.bench_commands import _previous_report
from evals.benchmark.compare import compare_reports
from evals.benchmark.report import write_report

CHECKED_IN = Path(__file__).resolve().parents[2] / "docs" / "benchmarks.json"


@pytest.fixture
def previous() -> dict:
    """The checked-in report, as a run that did not measure the retrieval sets."""
    report = json.loads(CHECKED_IN.read_text(encoding="utf-8"))
    report.get("quality", {}).pop("retrieval", None)
    return report


def _faster(report: dict) -> dict:
    now = copy.deepcopy(report)
    now["product"]["servers"]["1"]["cold_start_s"] = report["product"]["servers"]["1"]["cold_start_s"] / 2
    for row in now["scale"]:
        row["build_s"] = row["build_s"] * 1.5
    scores = {"n": 100, "hit@1": 0.95, "hit@3": 0.99, "mrr": 0.97}
    now["quality"] = {**report.get("quality", {}), "retrieval": {"dev": {"all": scores, "ko": scores, "en": scores}}}
    return now


def test_each_figure_sits_beside_the_previous_one_with_its_change(previous):
    figures = {f.name: f for f in compare_reports(previous, _faster(previous))}
    cold = figures["cold start, 1 worker"]
    assert cold.now == pytest.approx(cold.previous / 2) and cold.change == "−50 % (better)"
    build = figures["index build, 50,000 synthetic chunks"]
    assert build.change == "+50 % (worse)"
    assert figures["turns/s at 16 clients (best)"].change == "same"
    dev = figures["retrieval hit@1, dev set"]  # measured now, not by the earlier run
    assert dev.previous is None and dev.now == 0.95 and dev.change == "–"
    assert "retrieval hit@1, holdout set" not in figures  # measured by neither


def test_the_written_report_has_the_comparison_table(previous, tmp_path):
    paths = write_report(_faster(previous), tmp_path, previous=previous)
    markdown = paths["markdown"].read_text(encoding="utf-8")
    assert "## Against the previous report" in markdown
    assert f"commit `{previous['manifest']['git_commit'][:12]}`" in markdown
    row = next(line for line in markdown.splitlines() if line.startswith("| cold start, 1 worker |"))
    assert "−50 % (better)" in row
    saved = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert saved["previous"]["manifest"]["git_commit"] == previous["manifest"]["git_commit"]
    assert "The workloads differ" not in markdown  # the same conversations: nothing to warn about


def test_a_comparison_over_other_conversations_says_so(previous, tmp_path):
    now = _faster(previous)
    now["options"]["turns"] = previous["options"]["turns"] + 72
    markdown = write_report(now, tmp_path, previous=previous)["markdown"].read_text(encoding="utf-8")
    assert f"The workloads differ ({previous['options']['turns']} → {now['options']['turns']} turns" in markdown


def test_a_named_previous_report_must_be_readable_and_a_default_one_may_be_missing(tmp_path):
    assert _previous_report(tmp_path / "benchmarks.json", explicit=False) is None
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert _previous_report(broken, explicit=False) is None  # a warning, and no comparison
    with pytest.raises(typer.Exit):
        _previous_report(broken, explicit=True)
    other_shape = tmp_path / "other.json"
    other_shape.write_text(json.dumps({"scale": [{"rows": 3}], "product": {"servers": {"1": {}}}}), encoding="utf-8")
    with pytest.raises(typer.Exit):  # refused before the run, not after it
        _previous_report(other_shape, explicit=True)
