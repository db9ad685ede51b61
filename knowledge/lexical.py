"""BM25 over analyzed terms (see `text_analysis`), held in memory and rebuilt from stored terms at load."""

from __future__ import annotations

import logging
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["LexicalIndex"]


def _import_bm25s():
    """bm25s, imported without numba.

    bm25s imports numba whenever it is installed (the test extras bring it in through ranx), for a JIT backend
    this index does not use: 63 MB of every server worker and 220 ms of its start. Hiding numba during that one
    import makes bm25s take its numpy path; numba stays importable for everything else afterwards.
    """
    if "bm25s" in sys.modules or "numba" in sys.modules:
        import bm25s

        return bm25s
    sys.modules["numba"] = None  # `import numba` now raises ImportError
    try:
        import bm25s
    finally:
        del sys.modules["numba"]
    return bm25s


class LexicalIndex:
    """Okapi BM25 (bm25s) over pre-analyzed documents; scores come back aligned with the input order."""

    def __init__(self, documents_terms: Sequence[Sequence[str]]) -> None:
        bm25s = _import_bm25s()
        logging.getLogger("bm25s").setLevel(logging.ERROR)
        self._size = len(documents_terms)
        self._bm25 = bm25s.BM25(k1=1.2, b=0.75)
        if self._size:
            self._bm25.index([list(t) or [""] for t in documents_terms], show_progress=False)
        self.vocabulary = frozenset(self._bm25.vocab_dict) - {""} if self._size else frozenset()

    def __len__(self) -> int:
        return self._size

    def scores(self, query_terms: Sequence[str]) -> np.ndarray:
        """One BM25 score per document; terms the index has never seen contribute nothing."""
        known = [t for t in query_terms if t in self.vocabulary]
        if not known or not self._size:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def weighted_scores(self, term_weights: Mapping[str, float]) -> np.ndarray:
        """Σ weight × BM25 contribution of each term (terms of equal weight are scored in one pass)."""
        by_weight: dict[float, list[str]] = defaultdict(list)
        for term, weight in term_weights.items():
            by_weight[weight].append(term)
        total = np.zeros(self._size, dtype=np.float32)
        for weight, terms in by_weight.items():
            total += weight * self.scores(terms)
        return total
