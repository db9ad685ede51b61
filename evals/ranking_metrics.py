"""Ranking metrics over section ids: a case is a hit at k when any gold section is among the first k."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["hit_at", "reciprocal_rank"]


def hit_at(ranked: Sequence[str], gold: Sequence[str], k: int) -> float:
    return 1.0 if set(ranked[:k]) & set(gold) else 0.0


def reciprocal_rank(ranked: Sequence[str], gold: Sequence[str]) -> float:
    """1 / rank of the first gold section, 0 when none was retrieved."""
    for rank, section_id in enumerate(ranked, start=1):
        if section_id in gold:
            return 1.0 / rank
    return 0.0
