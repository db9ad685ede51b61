"""Small statistics shared by the reports and benchmarks."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["percentile"]


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank value at `share` (0.5 = median) of `values`; 0.0 for none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0
