"""The in-memory exact search gives what Chroma's cosine query gives, and the index uses it for small collections."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from knowledge.vector_snapshot import EXACT_SEARCH_LIMIT, VectorSnapshot
from knowledge.vector_store import VectorStore, open_chroma_client

finite = st.one_of(st.floats(0.125, 1, width=32), st.floats(-1, -0.125, width=32))


@settings(max_examples=60, deadline=None)
@given(
    matrix=arrays(np.float32, (12, 6), elements=finite),
    query=arrays(np.float32, 6, elements=finite),
    n=st.integers(1, 15),
)
def test_nearest_first_by_cosine_distance(matrix, query, n):
    ids = [f"v{i}" for i in range(len(matrix))]
    hits = VectorSnapshot(ids, matrix).query(query.tolist(), n)
    cosine = matrix @ query / (np.linalg.norm(matrix, axis=1) * np.linalg.norm(query))
    assert len(hits) == min(n, len(ids))
    assert [h.distance for h in hits] == sorted(h.distance for h in hits)
    for hit in hits:
        assert hit.distance == pytest.approx(1 - cosine[ids.index(hit.chunk_id)], abs=1e-5)
    kept = {h.chunk_id for h in hits}
    worst_kept = max(h.distance for h in hits)
    assert all(1 - cosine[i] >= worst_kept - 1e-5 for i, vid in enumerate(ids) if vid not in kept)


def test_same_neighbours_and_distances_as_chroma(tmp_path):
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(300, 32)).astype(np.float32)
    ids = [f"c{i}" for i in range(len(vectors))]
    store = VectorStore(open_chroma_client(path=tmp_path), "snapshot-check")
    store.upsert(ids, vectors.tolist(), [{"content_hash": "x"}] * len(ids))
    snapshot = VectorSnapshot.load(store)
    assert len(snapshot) == 300
    for query in rng.normal(size=(10, 32)):
        from_chroma = store.query(query.tolist(), 20)
        exact = snapshot.query(query.tolist(), 20)
        assert [h.chunk_id for h in exact] == [h.chunk_id for h in from_chroma]
        assert [h.distance for h in exact] == pytest.approx([h.distance for h in from_chroma], abs=1e-4)


def test_the_guide_index_is_searched_in_memory_and_large_ones_in_chroma(guide_index):
    searcher = guide_index._loaded()
    assert isinstance(searcher._vectors, VectorSnapshot)
    assert len(searcher._vectors) < EXACT_SEARCH_LIMIT


def test_empty_and_zero_vectors_do_not_break_the_search():
    assert VectorSnapshot([], np.zeros((0, 4))).query([1, 0, 0, 0], 5) == []
    hits = VectorSnapshot(["a", "b"], np.array([[0, 0, 0, 0], [1, 0, 0, 0]], dtype=np.float32)).query([1, 0, 0, 0], 2)
    assert [h.chunk_id for h in hits] == ["b", "a"]
