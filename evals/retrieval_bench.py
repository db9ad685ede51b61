"""Retrieval speed: full index build of the guide, query embedding, and retrieval excluding the embedding.

Bounded: a fixed number of passes over a fixed question list, in a throwaway data dir.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from assistant.knowledge_base import make_index
from assistant.settings import Settings
from evals.retrieval_dataset import RetrievalCase
from evals.stats import percentile
from knowledge.index import KnowledgeIndex

__all__ = ["run_retrieval_bench", "time_queries"]


def time_queries(index: KnowledgeIndex, questions: Sequence[str], repeat: int = 1) -> tuple[list[float], list[float]]:
    """Per query, the ms spent embedding it and the ms spent searching with that vector (top 5)."""
    embed_ms, search_ms = [], []
    for _ in range(repeat):
        for question in questions:
            t0 = time.perf_counter()
            vector = index.embeddings.embed_query(question)
            t1 = time.perf_counter()
            index.search(question, 5, query_vector=vector)
            t2 = time.perf_counter()
            embed_ms.append((t1 - t0) * 1000)
            search_ms.append((t2 - t1) * 1000)
    return embed_ms, search_ms


def run_retrieval_bench(cases: Sequence[RetrievalCase], settings: Settings, repeat: int = 3) -> dict[str, float | str]:
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        bench_settings = settings.model_copy(update={"data_dir": Path(tmp), "chroma_url": None})
        index = make_index(bench_settings)
        index.embeddings.embed_query("model load is not part of the build")
        started = time.perf_counter()
        report = index.build()
        build_s = time.perf_counter() - started
        embed_ms, search_ms = time_queries(index, [case.question for case in cases], repeat)
    return {
        "embedding": f"{settings.embedding_backend}"
        + (f" ({settings.embedding_model})" if settings.embedding_backend == "sentence-transformers" else ""),
        "chunks": report.total,
        "index_build_s": round(build_s, 2),
        "queries": len(search_ms),
        "query_embedding_p50_ms": round(statistics.median(embed_ms), 2),
        "query_embedding_p95_ms": round(percentile(embed_ms, 0.95), 2),
        "retrieval_excl_embedding_p50_ms": round(statistics.median(search_ms), 2),
        "retrieval_excl_embedding_p95_ms": round(percentile(search_ms, 0.95), 2),
    }
