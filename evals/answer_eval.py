"""One evaluation run: the dataset through the product (in process or over HTTP) and the naive baseline, scored
the same way, aggregated, gated by the checked-in thresholds, with a run manifest."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Sequence
from pathlib import Path

from assistant.settings import Settings
from evals.answer_cases import ANSWER_DATASETS, AnswerCase, load_answer_cases
from evals.answer_checks import CaseScore
from evals.answer_report import manifest
from evals.answer_run import oos_confusion, run_baseline, run_cases, sliced
from evals.answer_targets import HttpTarget, InProcessTarget
from knowledge.embeddings import embedding_id
from knowledge.guide import load_guide
from knowledge.text_analysis import TextAnalyzer

__all__ = ["THRESHOLDS", "check_thresholds", "evaluate"]

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"


def _section_texts() -> dict[str, str]:
    """Section id → its text in every language (the guide's own files: the same for a remote server)."""
    texts: dict[str, list[str]] = {}
    for section in load_guide():
        texts.setdefault(section.section_id, []).append(f"{section.heading}\n{section.body}")
    return {section_id: "\n".join(parts) for section_id, parts in texts.items()}


def check_thresholds(product: dict, path: Path = THRESHOLDS) -> list[dict]:
    """Each gate of the thresholds file with the measured value and whether it holds."""
    config = tomllib.loads(path.read_text(encoding="utf-8"))
    results = []
    for op, gates in (("min", config.get("min", {})), ("max", config.get("max", {}))):
        for key, limit in gates.items():
            slice_name, metric = key.rsplit(".", 1)
            value = product.get(slice_name, {}).get(metric)
            ok = value is not None and (value >= limit if op == "min" else value <= limit)
            results.append(
                {"metric": key, "op": ">=" if op == "min" else "<=", "limit": limit, "value": value, "ok": ok}
            )
    return results


def _case_json(score: CaseScore) -> dict:
    return {
        "id": score.case_id,
        "language": score.language,
        "category": score.category,
        "split": score.split,
        "answer_type": score.answer_type,
        "passed": score.passed,
        "problems": score.problems,
        "checks": score.checks,
        "citations": score.ranked,
        "answer": score.answer,
        "ms": round(score.ms, 1),
    }


def evaluate(
    settings: Settings,
    *,
    dataset: str | Path = "answers",
    url: str | None = None,
    mode: str | None = None,
    baseline: bool = True,
    progress: bool = True,
    thresholds: Path = THRESHOLDS,
    engine=None,
) -> dict:
    """The full report (JSON-ready). Raises TargetUnavailable / ValueError for infrastructure or dataset faults."""
    path = ANSWER_DATASETS.get(str(dataset), Path(dataset))
    cases: Sequence[AnswerCase] = load_answer_cases(path)
    if mode is not None:
        cases = [case.model_copy(update={"mode": mode}) for case in cases]
    texts = _section_texts()
    analyzer = TextAnalyzer()
    scoring = {
        "section_text": lambda section_id: texts.get(section_id, ""),
        "terms_of": functools.lru_cache(maxsize=4096)(analyzer.terms),
        "progress": progress,
    }
    target = HttpTarget(url) if url else InProcessTarget(settings, engine)
    try:
        scores = run_cases(target, cases, **scoring)
    finally:
        target.close()
    by_id = {case.id: case for case in cases}
    report = {
        "manifest": manifest(
            dataset=path,
            target=url or "in-process",
            settings=settings.model_dump(mode="json", exclude={"llm"}),
            index_manifest=None if url else settings.index_dir / "manifest.json",
            embedding_id=embedding_id(settings.embedding_backend, settings.embedding_model),
        ),
        "product": sliced(scores),
        "out_of_scope": oos_confusion(scores, by_id),
        "cases": [_case_json(score) for score in scores],
    }
    if baseline:
        from evals.naive_baseline import NaiveDenseRag

        baseline_scores = run_baseline(NaiveDenseRag(), cases, **scoring)
        report["baseline"] = sliced(baseline_scores)
        report["baseline_out_of_scope"] = oos_confusion(baseline_scores, by_id)
    report["thresholds"] = check_thresholds(report["product"], thresholds)
    return report
