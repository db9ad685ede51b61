"""Running the answer dataset through a target (and the naive baseline) and aggregating the per-case scores.

Aggregates are computed overall, per language and per category, from the cases where a check applies; errors
and timeouts count as failed cases, never as skipped ones.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from tqdm import tqdm

from assistant.responses import ChatResponse, Citation
from evals.answer_cases import AnswerCase
from evals.answer_checks import CaseScore, score_case
from evals.stats import percentile

__all__ = ["BaselineAnswerer", "aggregate", "oos_confusion", "run_baseline", "run_cases"]

METRICS = (
    "answer_type", "language", "hit@1", "hit@3", "mrr", "ndcg@5", "citation_precision", "citation_recall",
    "fact_recall", "answer_lead", "tool", "missing", "assertions",
)  # fmt: skip


def _score(target, case: AnswerCase, section_text: Callable[[str], str], terms_of) -> CaseScore:
    exchange = target.converse(case)
    if exchange.error is not None or not exchange.responses:
        failed = CaseScore(case.id, case.language, case.category, case.split, None, "", ms=exchange.ms, tags=case.tags)
        failed.error = exchange.error or "no response"
        failed.problems.append(failed.error)
        return failed
    return score_case(
        case,
        exchange.responses,
        section_text=section_text,
        terms_of=terms_of,
        stored=exchange.stored,
        logs=exchange.logs,
        ms=exchange.ms,
    )


def run_cases(
    target,
    cases: Sequence[AnswerCase],
    *,
    section_text: Callable[[str], str],
    terms_of: Callable[[str], list[str]],
    progress: bool = True,
    concurrency: int = 1,
) -> list[CaseScore]:
    """Every case in a fresh conversation, `concurrency` at a time (a server target only: the in-process target
    reads each case's logs, which concurrent cases would mix), in the dataset's order."""
    bar = tqdm(total=len(cases), desc=f"eval ({target.name})", unit="case", disable=not progress)
    with bar, ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        futures = [pool.submit(_score, target, case, section_text, terms_of) for case in cases]
        for _ in as_completed(futures):
            bar.update(1)
        return [future.result() for future in futures]


class BaselineAnswerer:
    """The naive RAG as a chat system: the top fixed-size chunk is the answer, its section the only citation."""

    name = "naive baseline"

    def __init__(self, naive) -> None:
        self.naive = naive

    def converse(self, case: AnswerCase):
        from evals.answer_targets import Exchange

        top = self.naive.top_chunks(case.turns[-1], 3)
        top_text = top[0][0]
        ranked = list(dict.fromkeys(section for _, section in top))
        response = ChatResponse(
            answer=top_text,
            answer_type="knowledge",
            language=case.language,
            session_id="baseline",
            citations=[Citation(section_id=s, title=s, url=f"/guide#{s}", quote="") for s in ranked],
        )
        return Exchange([response], "", "", 0.0)


def run_baseline(naive, cases: Sequence[AnswerCase], **kwargs) -> list[CaseScore]:
    return run_cases(BaselineAnswerer(naive), cases, **kwargs)


def oos_confusion(scores: Iterable[CaseScore], cases: dict[str, AnswerCase]) -> dict:
    """Out-of-scope as a binary classifier: expected vs answered."""
    tp = fp = fn = tn = 0
    for score in scores:
        expected = cases[score.case_id].expect.answer_type == "out_of_scope"
        predicted = score.answer_type == "out_of_scope"
        tp += expected and predicted
        fp += predicted and not expected
        fn += expected and not predicted
        tn += not expected and not predicted
    precision = round(tp / (tp + fp), 3) if tp + fp else None  # None: nothing was (or should be) refused
    recall = round(tp / (tp + fn), 3) if tp + fn else None
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall}


@dataclass(frozen=True)
class Slice:
    name: str
    keep: Callable[[CaseScore], bool]


def aggregate(scores: Sequence[CaseScore]) -> dict:
    """Metric → value over the cases where it applies, plus counts, leaks, violations, errors and latency."""
    summary: dict = {"cases": len(scores), "pass_rate": _mean([float(s.passed) for s in scores])}
    for metric in METRICS:
        values = [s.checks[metric] for s in scores if metric in s.checks]
        if values:
            summary[metric] = _mean(values)
            summary[f"{metric}_n"] = len(values)
    summary["invalid_quotes"] = sum(s.invalid_quotes for s in scores)
    summary["secret_leaks"] = sum(s.leaks for s in scores)
    summary["grounding_violations"] = sum(s.grounding_violations for s in scores)
    summary["errors"] = sum(s.error is not None and s.error != "timeout" for s in scores)
    summary["timeouts"] = sum(s.error == "timeout" for s in scores)
    lengths = [s.knowledge_chars for s in scores if s.knowledge_chars is not None]
    if lengths:
        summary["knowledge_chars_p50"] = round(statistics.median(lengths))
        summary["knowledge_chars_n"] = len(lengths)
    timings = [s.ms for s in scores if s.ms]
    summary["latency_p50_ms"] = round(percentile(timings, 0.5), 1)
    summary["latency_p95_ms"] = round(percentile(timings, 0.95), 1)
    return summary


def _mean(values: Sequence[float]) -> float:
    return round(statistics.fmean(values), 4) if values else 0.0


def sliced(scores: Sequence[CaseScore]) -> dict:
    """Aggregates overall, per language, category, split and tag, and per category and tag × language."""
    out = {"all": aggregate(scores)}
    for key in ("language", "category", "split"):
        for value in sorted({getattr(s, key) for s in scores}):
            out[f"{key}={value}"] = aggregate([s for s in scores if getattr(s, key) == value])
    for tag in sorted({t for s in scores for t in s.tags}):
        out[f"tag={tag}"] = aggregate([s for s in scores if tag in s.tags])
    groups = [("category", c, lambda s, c=c: s.category == c) for c in sorted({s.category for s in scores})]
    groups += [("tag", t, lambda s, t=t: t in s.tags) for t in sorted({t for s in scores for t in s.tags})]
    for key, value, keep in groups:
        for language in ("ko", "en"):
            chosen = [s for s in scores if keep(s) and s.language == language]
            if chosen:
                out[f"{key}={value}&language={language}"] = aggregate(chosen)
    return out
