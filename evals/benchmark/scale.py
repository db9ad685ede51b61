"""Cost curve of the index: build time and retrieval latency over synthetic corpora of growing size."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from assistant.knowledge_base import make_index
from assistant.settings import Settings
from evals.benchmark.synthetic_corpus import write_corpus
from evals.retrieval_bench import time_queries
from evals.stats import percentile

__all__ = ["measure_scale"]


def measure_scale(
    settings: Settings,
    sizes: Sequence[int],
    questions: Sequence[str],
    *,
    work_dir: Path | None = None,
    say: Callable[[str], None] = print,
) -> list[dict]:
    """One row per size: chunks, vectors, build seconds, retrieval p50/p95 with and without the query embedding."""
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-scale-{size}-", dir=work_dir) as tmp:
            root = Path(tmp)
            files = write_corpus(root / "corpus", size)
            index = make_index(settings.model_copy(update={"data_dir": root / "data", "chroma_url": None}))
            index.embeddings.embed_query("the model load is not part of the build")
            say(f"scale: building an index of {size:,} synthetic chunks (plus the guide)")
            started = time.perf_counter()
            report = index.build(files)
            build_s = time.perf_counter() - started
            vectors = sum(len(r.vector_ids) for r in index.records)
            embed_ms, search_ms = time_queries(index, questions, repeat=2)
            total_ms = [embed + search for embed, search in zip(embed_ms, search_ms, strict=True)]
            rows.append(
                {
                    "synthetic_chunks": size,
                    "chunks": report.total,
                    "vectors": vectors,
                    "build_s": round(build_s, 1),
                    "queries": len(total_ms),
                    "retrieval_p50_ms": round(percentile(total_ms, 0.50), 1),
                    "retrieval_p95_ms": round(percentile(total_ms, 0.95), 1),
                    "search_excl_embedding_p50_ms": round(percentile(search_ms, 0.50), 1),
                    "search_excl_embedding_p95_ms": round(percentile(search_ms, 0.95), 1),
                }
            )
            say(f"scale: {rows[-1]}")
    return rows
