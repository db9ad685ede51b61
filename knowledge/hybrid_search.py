"""Searching a loaded index: lexical and dense signals, fused per section, with a snippet per hit.

Sections are ranked by each signal (BM25 summed over a section's languages, similarities maxed), then fused;
a section is shown by its best chunk by the same fusion, in the question's language when the section has one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from knowledge.errors import QueryError
from knowledge.fusion import best_per_group, reciprocal_rank_fusion, weighted_score_fusion
from knowledge.index_files import ChunkRecord
from knowledge.lexical import LexicalIndex
from knowledge.query_terms import QueryTerms
from knowledge.text_analysis import detect_language, normalize_text
from knowledge.vector_store import NearestVectors

__all__ = ["HybridSearcher", "SearchHit", "SearchTuning", "prepare_query"]


@dataclass(frozen=True, slots=True)
class SearchTuning:
    """Fusion settings, chosen by measurement on the retrieval dev set (see evals)."""

    fusion: Literal["score", "rrf"] = "score"
    rrf_k: float = 60.0
    lexical_weight: float = 0.5
    chunk_dense_weight: float = 0.125
    sentence_dense_weight: float = 0.375
    unknown_word_weight: float = 1.0
    synonym_weight: float = 0.3
    candidates: int = 200
    typo_cutoff: float = 0.8


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One retrieved section: the best-matching chunk of it, with how each retriever ranked that chunk."""

    chunk_id: str
    section_id: str
    title: str
    text: str
    score: float
    metadata: dict
    lexical_rank: int | None
    dense_rank: int | None
    lexical_score: float
    dense_similarity: float | None
    best_sentence: str = ""
    """The chunk's sentence closest to the query (heading prefix removed): a snippet and a quote candidate."""
    sentence_similarities: tuple[float, ...] = ()
    """Dense similarity of the query to each of the chunk's sentence views (`ChunkRecord.sentences` order; 0.0 when
    not among the candidates): lets an answer pick the sentence that answers, not only the section."""


def prepare_query(query: str, max_chars: int) -> str:
    """The query with control characters removed and whitespace folded; empty or oversized is an error."""
    if not isinstance(query, str):
        raise QueryError(f"query must be text, not {type(query).__name__}")
    if len(query) > max_chars:
        raise QueryError(f"query is too long ({len(query):,} characters; the limit is {max_chars:,})")
    cleaned = normalize_text(query)
    if len(cleaned) > max_chars:  # NFKC can lengthen text ("ﷺ" is 18 letters)
        raise QueryError(f"query is too long ({len(cleaned):,} characters once normalised; the limit is {max_chars:,})")
    if not cleaned:
        raise QueryError("query is empty: type a question or keywords")
    return cleaned


def _per_section(scores: dict[str, float], section_of: dict[str, str], combine) -> dict[str, float]:
    grouped: dict[str, list[float]] = {}
    for chunk_id, score in scores.items():
        grouped.setdefault(section_of[chunk_id], []).append(score)
    return {section: combine(values) for section, values in grouped.items()}


def _rank(scores: dict[str, float]) -> list[str]:
    """Keys by descending score; equal scores keep a stable (alphabetical) order."""
    return [key for key, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))]


class HybridSearcher:
    """Search over one snapshot of the index: its records, BM25 over their terms, and their vectors."""

    def __init__(
        self,
        records: list[ChunkRecord],
        query_terms: QueryTerms,
        vectors: NearestVectors,
        embeddings: Embeddings,
        tuning: SearchTuning,
        lexical: LexicalIndex,
    ) -> None:
        self.records = records
        self.tuning = tuning
        self.embeddings = embeddings
        self.query_terms = query_terms
        self._vectors = vectors
        self._lexical = lexical
        self._position = {r.chunk_id: i for i, r in enumerate(records)}
        self._section_key = {r.chunk_id: f"{r.metadata['doc']}#{r.metadata['section_id']}" for r in records}
        self._vector_count = sum(len(r.vector_ids) for r in records)

    def _fuse(self, lexical: dict[str, float], chunk: dict[str, float], sentence: dict[str, float]) -> dict[str, float]:
        tuning = self.tuning
        weights = [tuning.lexical_weight, tuning.chunk_dense_weight, tuning.sentence_dense_weight]
        if tuning.fusion == "rrf":
            return reciprocal_rank_fusion([_rank(lexical), _rank(chunk), _rank(sentence)], weights, k=tuning.rrf_k)
        return weighted_score_fusion(lexical, [chunk, sentence], weights)

    def search(
        self, query: str, k: int = 5, *, max_query_chars: int = 2000, query_vector: Sequence[float] | None = None
    ) -> list[SearchHit]:
        """The `k` best sections for `query`, best first (sections of the same id in two languages count once)."""
        if not 1 <= k <= 100:
            raise QueryError(f"k must be between 1 and 100, not {k}")
        text = prepare_query(query, max_query_chars)
        if not self.records:
            return []
        tuning = self.tuning
        term_weights = self.query_terms.weights(
            text,
            unknown_word_weight=tuning.unknown_word_weight,
            synonym_weight=tuning.synonym_weight,
            typo_cutoff=tuning.typo_cutoff,
        )
        lexical = self._lexical.weighted_scores(term_weights)
        lexical_by_chunk = self._top_lexical(lexical)
        vector = query_vector if query_vector is not None else self.embeddings.embed_query(text)
        chunk_similarity, sentence_similarity, view_similarity = self._dense_signals(vector)

        # Sections are ranked by each signal (BM25 summed over a section's languages, similarities maxed),
        # then fused; a section is shown by its best chunk by the same fusion, in the question's language
        # when the section has one.
        section_scores = self._fuse(
            _per_section(lexical_by_chunk, self._section_key, sum),
            _per_section(chunk_similarity, self._section_key, max),
            _per_section(sentence_similarity, self._section_key, max),
        )
        chunk_scores = self._fuse(lexical_by_chunk, chunk_similarity, sentence_similarity)
        language = detect_language(text)
        in_language = {
            c: v for c, v in chunk_scores.items() if self.records[self._position[c]].metadata["language"] == language
        }
        best_chunk = {section: chunk for section, chunk, _ in best_per_group(chunk_scores, self._section_key)}
        best_chunk |= {section: chunk for section, chunk, _ in best_per_group(in_language, self._section_key)}
        lexical_rank = {cid: rank for rank, cid in enumerate(_rank(lexical_by_chunk), start=1)}
        dense_rank = {cid: rank for rank, cid in enumerate(_rank(sentence_similarity), start=1)}
        hits = []
        for section, score in sorted(section_scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]:
            chunk_id = best_chunk[section]
            record = self.records[self._position[chunk_id]]
            similarity = max(chunk_similarity.get(chunk_id, -1.0), sentence_similarity.get(chunk_id, -1.0))
            hits.append(
                SearchHit(
                    chunk_id=chunk_id,
                    section_id=str(record.metadata["section_id"]),
                    title=str(record.metadata["title"]),
                    text=record.text,
                    score=score,
                    metadata=record.metadata,
                    lexical_rank=lexical_rank.get(chunk_id),
                    dense_rank=dense_rank.get(chunk_id),
                    lexical_score=lexical_by_chunk.get(chunk_id, 0.0),
                    dense_similarity=similarity if similarity > -1.0 else None,
                    best_sentence=self._best_sentence(record, term_weights, view_similarity),
                    sentence_similarities=tuple(
                        view_similarity.get((chunk_id, i), 0.0) for i in range(len(record.sentences))
                    ),
                )
            )
        return hits

    def _top_lexical(self, scores: np.ndarray) -> dict[str, float]:
        """The best-scoring chunks by BM25 (at most `candidates`, as for the dense side), by chunk id.

        Everything after this point is per-candidate Python; over 10 000 chunks, keeping every chunk with a
        shared term made a search take 49 ms. The guide (30 chunks) is never cut.
        """
        matched = np.flatnonzero(scores > 0)
        limit = self.tuning.candidates
        if len(matched) > limit:
            matched = matched[np.argpartition(-scores[matched], limit - 1)[:limit]]
        return {self.records[i].chunk_id: float(scores[i]) for i in matched}

    def _dense_signals(
        self, vector: Sequence[float]
    ) -> tuple[dict[str, float], dict[str, float], dict[tuple[str, int], float]]:
        """Whole-chunk similarity and best sentence similarity per chunk, and the similarity of each view."""
        hits = self._vectors.query(vector, min(self.tuning.candidates, self._vector_count))
        chunk: dict[str, float] = {}
        sentence: dict[str, float] = {}
        views: dict[tuple[str, int], float] = {}
        for hit in hits:
            chunk_id, _, view = hit.chunk_id.partition("#")
            if chunk_id not in self._position:  # a shared Chroma server re-indexed by another replica since load
                continue
            similarity = 1.0 - hit.distance
            if view:
                sentence[chunk_id] = max(sentence.get(chunk_id, -1.0), similarity)
                views[(chunk_id, int(view[1:]))] = similarity
            else:
                chunk[chunk_id] = similarity
        return chunk, sentence, views

    def _best_sentence(
        self, record: ChunkRecord, term_weights: dict[str, float], view_similarity: dict[tuple[str, int], float]
    ) -> str:
        """The chunk's sentence that best answers the query: shared query terms first, then similarity."""
        if not record.sentences:
            return record.text.split("\n", 1)[-1].strip()[:300]
        prefix = f"{record.metadata['heading']}: "
        overlaps = [
            sum(term_weights.get(t, 0.0) for t in set(self.query_terms.terms_of(s.removeprefix(prefix))))
            for s in record.sentences
        ]
        top = max(overlaps) or 1.0
        scores = [overlap / top + view_similarity.get((record.chunk_id, i), 0.0) for i, overlap in enumerate(overlaps)]
        best = max(range(len(scores)), key=scores.__getitem__)
        return record.sentences[best].removeprefix(prefix)
