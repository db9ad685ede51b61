"""Rank fusion: combining the lexical and the dense ranking into one (reciprocal rank fusion, weighted)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["reciprocal_rank_fusion"]


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], weights: Sequence[float], k: float = 60.0
) -> dict[str, float]:
    """Score(d) = Σ weight_i / (k + rank_i(d)), ranks from 1; a list that misses d adds nothing.

    RRF needs no score calibration between BM25 and cosine, which differ in scale per query.
    """
    if len(rankings) != len(weights):
        raise ValueError("one weight per ranking is needed")
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


def best_per_group(scores: Mapping[str, float], group_of: Mapping[str, str]) -> list[tuple[str, str, float]]:
    """(group, best item, its score) for each group, best first; ties keep the lexicographic item order."""
    best: dict[str, tuple[str, float]] = {}
    for item, score in scores.items():
        group = group_of[item]
        if group not in best or score > best[group][1]:
            best[group] = (item, score)
    ordered = sorted(best.items(), key=lambda kv: (-kv[1][1], kv[1][0]))
    return [(group, item, score) for group, (item, score) in ordered]
