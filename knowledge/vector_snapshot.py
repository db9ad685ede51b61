"""Exact nearest-neighbour search over a small collection's vectors, held in memory.

Chroma stays the store of record (and the ANN index for large corpora, and the shared source when it runs as a
server); a loaded index of the guide in the embedded store holds 197 vectors, where Chroma's query path costs
1.6–1.9 ms of a 6.7 ms chat turn and a matrix product over them 0.03 ms. The snapshot is taken when the index
is loaded, like the BM25 index beside it, so both signals come from the same build.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from knowledge.vector_store import VectorHit, VectorStore

__all__ = ["EXACT_SEARCH_LIMIT", "VectorSnapshot"]

EXACT_SEARCH_LIMIT = 20_000
"""Collections up to this many vectors are searched exactly in memory (at most 40 MB of 512-d float32)."""


class VectorSnapshot:
    """The vectors of one collection as a normalised matrix; `query` gives what Chroma's cosine query gives."""

    def __init__(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        if len(ids) != len(vectors):
            raise ValueError(f"{len(ids)} ids for {len(vectors)} vectors")
        matrix = np.asarray(vectors, dtype=np.float32)
        matrix = matrix.reshape(len(ids), -1) if len(ids) else np.zeros((0, 1), dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self._matrix = matrix / np.where(norms == 0, 1.0, norms)
        self._ids = list(ids)

    @classmethod
    def load(cls, store: VectorStore) -> VectorSnapshot:
        ids, vectors = store.all_vectors()
        return cls(ids, vectors)

    def __len__(self) -> int:
        return len(self._ids)

    def count(self) -> int:
        return len(self._ids)

    def query(self, vector: Sequence[float], n: int) -> list[VectorHit]:
        """The `n` nearest vectors, nearest first, with cosine distance (1 − cosine similarity)."""
        n = min(n, len(self._ids))
        if n <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32)
        norm = float(np.linalg.norm(query))
        similarities = self._matrix @ (query / norm if norm else query)
        top = np.argpartition(-similarities, n - 1)[:n] if n < len(self._ids) else np.arange(len(self._ids))
        top = top[np.argsort(-similarities[top], kind="stable")]
        return [VectorHit(self._ids[i], 1.0 - float(similarities[i])) for i in top]
