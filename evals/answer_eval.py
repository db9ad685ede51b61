"""One evaluation run: the dataset (validated, optionally a subset) through the product — in process or over HTTP —
and the naive baseline, scored the same way, aggregated, gated by the checked-in thresholds, with a run manifest."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from assistant.build_info import build_info
from assistant.settings import Settings
from evals.answer_cases import AnswerCase
from evals.answer_checks import CaseScore
from evals.answer_report import manifest
from evals.answer_run import oos_confusion, run_baseline, run_cases, sliced
from evals.answer_targets import HttpTarget, InProcessTarget
from evals.answer_validation import DatasetInvalid, Problem, dataset_path, load_answer_cases, validate_thresholds
from knowledge.guide import load_guide
from knowledge.text_analysis import TextAnalyzer

__all__ = ["THRESHOLDS", "Selection", "check_thresholds", "default_thresholds", "evaluate", "select_cases"]

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"
CHECKED_IN_THRESHOLDS = {"answers": THRESHOLDS, "blind": THRESHOLDS.with_name("thresholds_blind.toml")}
"""The checked-in datasets with gates of their own (the blind tuning set has none: it is tuned on)."""


@dataclass(frozen=True, slots=True)
class Selection:
    """A subset of the dataset; an empty field selects everything."""

    ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    splits: tuple[str, ...] = ()

    def keeps(self, case: AnswerCase) -> bool:
        return (
            (not self.ids or case.id in self.ids)
            and (not self.categories or case.category in self.categories)
            and (not self.tags or bool(set(self.tags) & set(case.tags)))
            and (not self.languages or case.language in self.languages)
            and (not self.splits or case.split in self.splits)
        )


def select_cases(cases: Sequence[AnswerCase], selection: Selection, path: Path) -> list[AnswerCase]:
    """The selected cases; an id that names no case, or a selection that keeps none, is an error."""
    known = {case.id for case in cases}
    unknown = [Problem(path, 0, "--ids", f"no case has the id {i!r}") for i in selection.ids if i not in known]
    chosen = [case for case in cases if selection.keeps(case)]
    if not unknown and not chosen:
        unknown.append(Problem(path, 0, "", "the selection keeps no case"))
    if unknown:
        raise DatasetInvalid(unknown)
    return chosen


def _section_texts() -> dict[str, str]:
    """Section id → its text in every language (the guide's own files: the same for a remote server)."""
    texts: dict[str, list[str]] = {}
    for section in load_guide():
        texts.setdefault(section.section_id, []).append(f"{section.heading}\n{section.body}")
    return {section_id: "\n".join(parts) for section_id, parts in texts.items()}


def default_thresholds(dataset: str | Path) -> Path | None:
    """The checked-in gates belong to their checked-in dataset; another dataset has none unless it names a file."""
    path = dataset_path(dataset)
    return next((gates for name, gates in CHECKED_IN_THRESHOLDS.items() if dataset_path(name) == path), None)


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


def _case_json(score: CaseScore, case: AnswerCase) -> dict:
    return {
        "id": score.case_id,
        "language": score.language,
        "category": score.category,
        "split": score.split,
        "tags": list(case.tags),
        "mode": case.mode,
        "turns": list(case.turns),
        "expect": case.expect.model_dump(mode="json", exclude_defaults=True),
        "answer_type": score.answer_type,
        "passed": score.passed,
        "problems": score.problems,
        "checks": score.checks,
        "details": score.details,
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
    thresholds: Path | Literal["default"] | None = "default",
    selection: Selection = Selection(),
    concurrency: int = 1,
    engine=None,
) -> dict:
    """The full report (JSON-ready). Raises `DatasetInvalid` (every problem of the dataset, the thresholds or the
    selection) and `TargetUnavailable` for infrastructure faults. Thresholds gate whole runs only: none for a subset
    or when `thresholds` is None; "default" is the checked-in file for the checked-in dataset, none for others."""
    path = dataset_path(dataset)
    all_cases = load_answer_cases(path)
    if thresholds == "default":
        thresholds = default_thresholds(path)
    gated = thresholds is not None and selection == Selection()
    if gated and (problems := validate_thresholds(thresholds, all_cases)):
        raise DatasetInvalid(problems)
    cases: Sequence[AnswerCase] = select_cases(all_cases, selection, path)
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
        scores = run_cases(target, cases, concurrency=concurrency if url else 1, **scoring)
        server = target.server_info() if url else build_info(settings)
    finally:
        target.close()
    by_id = {case.id: case for case in cases}
    report = {
        "manifest": manifest(
            dataset=path,
            target=url or "in-process",
            settings=settings.model_dump(mode="json", exclude={"llm"}),
            server=server,
            selection={name: list(values) for name, values in asdict(selection).items() if values},
        ),
        "product": sliced(scores),
        "out_of_scope": oos_confusion(scores, by_id),
        "cases": [_case_json(score, by_id[score.case_id]) for score in scores],
    }
    if baseline:
        from evals.naive_baseline import NaiveDenseRag

        baseline_scores = run_baseline(NaiveDenseRag(), cases, **scoring)
        report["baseline"] = sliced(baseline_scores)
        report["baseline_out_of_scope"] = oos_confusion(baseline_scores, by_id)
    report["thresholds"] = check_thresholds(report["product"], thresholds) if gated else []
    return report
