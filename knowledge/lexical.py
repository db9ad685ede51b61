"""BM25 over analyzed terms (see `text_analysis`), held in memory and rebuilt from stored terms at load."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["LexicalIndex"]


class LexicalIndex:
    """Okapi BM25 (bm25s) over pre-analyzed documents; scores come back aligned with the input order."""

    def __init__(self, documents_terms: Sequence[Sequence[str]]) -> None:
        import bm25s

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
