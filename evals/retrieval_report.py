"""Scores a ranking function on a retrieval dataset: hit@1, hit@3 and MRR, overall and per language."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from evals.ranking_metrics import hit_at, reciprocal_rank
from evals.retrieval_dataset import RetrievalCase

if TYPE_CHECKING:
    from knowledge.index import KnowledgeIndex

__all__ = ["CaseResult", "RetrievalScores", "score_system", "section_ranker"]


@dataclass(frozen=True, slots=True)
class CaseResult:
    case_id: str
    language: str
    question: str
    gold: tuple[str, ...]
    ranked: tuple[str, ...]

    @property
    def rank(self) -> int | None:
        return next((i for i, s in enumerate(self.ranked, start=1) if s in self.gold), None)


@dataclass(frozen=True, slots=True)
class RetrievalScores:
    system: str
    results: tuple[CaseResult, ...] = field(repr=False)

    def metrics(self, language: str | None = None) -> dict[str, float]:
        rows = [r for r in self.results if language in (None, r.language)]
        if not rows:
            return {"n": 0, "hit@1": 0.0, "hit@3": 0.0, "mrr": 0.0}
        return {
            "n": len(rows),
            "hit@1": statistics.fmean(hit_at(r.ranked, r.gold, 1) for r in rows),
            "hit@3": statistics.fmean(hit_at(r.ranked, r.gold, 3) for r in rows),
            "mrr": statistics.fmean(reciprocal_rank(r.ranked, r.gold) for r in rows),
        }

    def summary(self) -> dict:
        return {
            "system": self.system,
            "all": self.metrics(),
            "ko": self.metrics("ko"),
            "en": self.metrics("en"),
            "misses_at_1": [asdict(r) | {"rank": r.rank} for r in self.results if r.rank != 1],
        }


def score_system(name: str, rank: Callable[[str], Sequence[str]], cases: Sequence[RetrievalCase]) -> RetrievalScores:
    """Runs `rank` on every question; a question that raises is an error, never a silent skip."""
    results = tuple(CaseResult(c.id, c.language, c.question, c.section_ids, tuple(rank(c.question))) for c in cases)
    return RetrievalScores(name, results)


def section_ranker(index: KnowledgeIndex, k: int = 10) -> Callable[[str], list[str]]:
    """The product's ranking: section ids of the index's top `k` hits for a question."""
    return lambda question: [hit.section_id for hit in index.search(question, k)]
