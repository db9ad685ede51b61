"""The hybrid index: BM25 over Korean-aware terms plus dense vectors in Chroma, fused per section.

Building is incremental by content hash: unchanged chunks keep their terms and vectors, changed ones are
re-analyzed and re-embedded, removed ones are deleted. Builds and loads of one data dir are serialised by a
file lock, so several processes may start on it at once.

What survives what:
- a bad document or a model that will not load fails the build before anything is changed;
- a build that dies while changing vectors leaves its manifest marked incomplete, and the next `ensure()`
  re-checks every vector against the records (content hashes) and repairs what differs;
- vectors of another embedding model, or of another index name on a shared Chroma server, live in their own
  collection and are never touched; switching models back re-checks that model's collection the same way;
- unreadable records or manifest are rebuilt from the sources, keeping the list of added documents when the
  manifest can still be read.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from knowledge.chunking import Chunk
from knowledge.corpus import collect_chunks
from knowledge.errors import DocumentError, IndexNotBuilt, QueryError, StorageError, VectorStoreUnavailable
from knowledge.fusion import best_per_group, reciprocal_rank_fusion, weighted_score_fusion
from knowledge.glossary import Glossary
from knowledge.index_store import (
    ChunkRecord,
    IndexCorrupted,
    Manifest,
    read_manifest,
    read_records,
    salvage_extra_docs,
    write_index_files,
    write_manifest,
)
from knowledge.lexical import LexicalIndex
from knowledge.query_terms import QueryTerms
from knowledge.text_analysis import ANALYZER_VERSION, TextAnalyzer, detect_language, normalize_text
from knowledge.vector_store import VectorStore, open_chroma_client

__all__ = ["BuildReport", "KnowledgeIndex", "SearchHit", "SearchTuning", "prepare_query"]

log = logging.getLogger(__name__)


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


@dataclass(frozen=True, slots=True)
class BuildReport:
    total: int
    added: int
    updated: int
    removed: int
    unchanged: int
    seconds: float
    reason: str = "requested"
    extra_docs: tuple[str, ...] = field(default_factory=tuple)


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


INDEX_NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class KnowledgeIndex:
    """Build, load and search the hybrid index kept under `directory` (vectors there too, or on a server)."""

    def __init__(
        self,
        directory: Path,
        embeddings: Embeddings,
        embedding_id: str,
        *,
        chroma_url: str | None = None,
        index_name: str = "guide",
        glossary: Glossary | None = None,
        tuning: SearchTuning = SearchTuning(),
    ) -> None:
        if not INDEX_NAME_PATTERN.match(index_name):
            raise ValueError(f"index name '{index_name}' must be lowercase letters, digits, '-' or '_'")
        self.directory = directory
        self.embeddings = embeddings
        self.embedding_id = embedding_id
        self.chroma_url = chroma_url
        self.index_name = index_name
        self.glossary = glossary or Glossary.load()
        self.analyzer = TextAnalyzer(user_words=self.glossary.korean_words())
        self.tuning = tuning
        self.manifest: Manifest | None = None
        self._records: list[ChunkRecord] = []
        self._lexical: LexicalIndex | None = None
        self._query_terms = QueryTerms(self.analyzer, self.glossary, ())
        self._vectors: VectorStore | None = None
        self._position: dict[str, int] = {}
        self._section_key: dict[str, str] = {}
        self._vector_count = 0

    # ------------------------------------------------------------------ storage

    @property
    def analyzer_version(self) -> str:
        glossary_hash = hashlib.sha256(repr(self.glossary.entries).encode()).hexdigest()[:8]
        return f"{ANALYZER_VERSION}+glossary-{glossary_hash}"

    @property
    def collection_name(self) -> str:
        return f"{self.index_name}-{self.embedding_id}"

    @property
    def _chroma_dir(self) -> Path:
        return self.directory / "chroma"

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """The data dir, created if needed and locked against other processes building or loading it."""
        from filelock import FileLock

        existing = next((p for p in (self.directory, *self.directory.parents) if p.exists()), None)
        if existing is not None and not existing.is_dir():
            raise StorageError(f"data dir '{self.directory}' cannot be used: '{existing}' is a file")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(self.directory / ".lock"), timeout=900)
            with lock:
                yield
        except OSError as exc:
            raise StorageError(f"data dir '{self.directory}' cannot be used: {exc.strerror or exc}") from None

    def _open_vectors(self) -> VectorStore:
        if self._vectors is not None:
            return self._vectors
        if self.chroma_url:
            self._vectors = VectorStore(open_chroma_client(url=self.chroma_url), self.collection_name, self.chroma_url)
            return self._vectors
        try:
            store = VectorStore(open_chroma_client(path=self._chroma_dir), self.collection_name)
            store.count()
        except (VectorStoreUnavailable, StorageError):
            raise
        except Exception as exc:  # a damaged sqlite or segment file: keep it for inspection, start afresh
            aside = self._chroma_dir.with_name(f"chroma.corrupt-{int(time.time())}")
            log.warning(
                "vector store in '%s' is unreadable (%s); moved to '%s' and rebuilding",
                self._chroma_dir,
                type(exc).__name__,
                aside.name,
            )
            shutil.move(str(self._chroma_dir), aside)
            store = VectorStore(open_chroma_client(path=self._chroma_dir), self.collection_name)
        self._vectors = store
        return store

    def _activate(self, manifest: Manifest, records: list[ChunkRecord]) -> None:
        self.manifest = manifest
        self._records = records
        self._lexical = LexicalIndex([r.terms for r in records])
        self._query_terms = QueryTerms(
            self.analyzer,
            self.glossary,
            self._lexical.vocabulary,
            unknown_word_weight=self.tuning.unknown_word_weight,
            synonym_weight=self.tuning.synonym_weight,
            typo_cutoff=self.tuning.typo_cutoff,
        )
        self._position = {r.chunk_id: i for i, r in enumerate(records)}
        self._section_key = {r.chunk_id: f"{r.metadata['doc']}#{r.metadata['section_id']}" for r in records}
        self._vector_count = sum(len(r.vector_ids) for r in records)
        self.analyzer.warm_up()

    # ------------------------------------------------------------------ build

    def _chunk_terms(self, chunk: Chunk) -> tuple[str, ...]:
        # The heading counts twice: it names the topic that the body only describes.
        return tuple(self.analyzer.terms(chunk.section.heading) + self.analyzer.terms(chunk.text))

    def build(
        self,
        extra_docs: Sequence[Path] = (),
        *,
        forget: Sequence[Path] = (),
        progress: bool = False,
        reason: str = "requested",
    ) -> BuildReport:
        """Index the guide, the documents added earlier and `extra_docs`, minus `forget`; only changes are redone."""
        with self._exclusive():
            return self._build(extra_docs, forget=forget, progress=progress, reason=reason)

    def _stored_state(self) -> tuple[Manifest | None, dict[str, ChunkRecord]]:
        """The last manifest (if readable) and its records that can be reused (if readable and compatible).

        An unusable manifest still gives back its list of added documents when it can, so they stay indexed.
        """
        try:
            manifest = read_manifest(self.directory)
        except IndexCorrupted as exc:
            log.warning("%s; rebuilding from the sources", exc)
            salvaged = Manifest(self.embedding_id, "", extra_docs=salvage_extra_docs(self.directory))
            return salvaged, {}
        if manifest is None or manifest.analyzer_version != self.analyzer_version:
            return manifest, {}
        try:
            return manifest, {r.chunk_id: r for r in read_records(self.directory, manifest)}
        except IndexCorrupted as exc:
            log.warning("%s; re-analyzing the sources", exc)
            return manifest, {}

    def _documents(self, remembered: Sequence[str], extra_docs: Sequence[Path], forget: Sequence[Path]) -> list[str]:
        """Absolute paths of the documents to index: remembered + new − forgotten − vanished."""
        for path in extra_docs:  # documents named now must exist; remembered ones may have gone away
            if not Path(path).exists():
                raise DocumentError(f"document '{path}' does not exist")
        forgotten = {str(Path(p).resolve()) for p in forget}
        for path in forgotten - set(remembered):
            log.warning("document '%s' was not in the index; nothing to forget", path)
        docs = [d for d in dict.fromkeys([*remembered, *(str(Path(p).resolve()) for p in extra_docs)])]
        docs = [d for d in docs if d not in forgotten]
        for doc in [d for d in docs if not Path(d).exists()]:
            log.warning("added document '%s' no longer exists; its sections leave the index", doc)
        return [d for d in docs if Path(d).exists()]

    def _build(self, extra_docs: Sequence[Path], *, forget: Sequence[Path], progress: bool, reason: str) -> BuildReport:
        started = time.perf_counter()
        manifest, previous = self._stored_state()
        docs = self._documents(manifest.extra_docs if manifest else [], extra_docs, forget)
        chunks = collect_chunks([Path(d) for d in docs])  # raises on a bad document before anything changes
        records = [self._record(chunk, previous.get(chunk.chunk_id)) for chunk in chunks]

        if manifest is not None:  # from here on the vectors change: a crash must not look like a finished index
            manifest.complete = False
            self._write(lambda: write_manifest(self.directory, manifest))
        vectors = self._open_vectors()
        stored_hashes = vectors.stored_hashes()
        wanted = {vid for r in records for vid in r.vector_ids}
        stale = [i for i in stored_hashes if i not in wanted]
        to_embed = [r for r in records if any(stored_hashes.get(v) != r.content_hash for v in r.vector_ids)]
        self._embed_and_store(vectors, to_embed, progress)
        vectors.delete(stale)

        new_manifest = Manifest(
            embedding_id=self.embedding_id,
            analyzer_version=self.analyzer_version,
            extra_docs=docs,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        self._write(lambda: write_index_files(self.directory, records, new_manifest))
        self._activate(new_manifest, records)
        updated = sum(1 for r in to_embed if r.chunk_id in stored_hashes)
        report = BuildReport(
            total=len(records),
            added=len(to_embed) - updated,
            updated=updated,
            removed=sum(1 for i in stale if "#" not in i),  # chunks, not their sentence views
            unchanged=len(records) - len(to_embed),
            seconds=time.perf_counter() - started,
            reason=reason,
            extra_docs=tuple(docs),
        )
        log.info(
            "index ready: %d chunks (%d added, %d updated, %d removed) in %.1f s",
            report.total,
            report.added,
            report.updated,
            report.removed,
            report.seconds,
        )
        return report

    def _record(self, chunk: Chunk, previous: ChunkRecord | None) -> ChunkRecord:
        """The chunk's record, reusing the stored terms when the content is unchanged."""
        if previous is not None and previous.content_hash == chunk.content_hash:
            return previous
        return ChunkRecord(
            chunk.chunk_id, chunk.content_hash, chunk.text, chunk.metadata, self._chunk_terms(chunk), chunk.sentences
        )

    def _write(self, write) -> None:
        try:
            write()
        except OSError as exc:
            raise StorageError(f"cannot write the index in '{self.directory}': {exc.strerror or exc}") from None

    def _embed_and_store(self, vectors: VectorStore, records: list[ChunkRecord], progress: bool) -> None:
        from tqdm import tqdm

        batch = 32
        with tqdm(
            total=len(records), desc="embedding chunks", unit="chunk", disable=not progress or not records
        ) as bar:
            for start in range(0, len(records), batch):
                part = records[start : start + batch]
                ids, texts, metadatas = [], [], []
                for record in part:
                    ids += record.vector_ids
                    texts += [record.text, *record.sentences]
                    view = {"chunk_id": record.chunk_id, "content_hash": record.content_hash}
                    metadatas += [{**view, "view": "chunk"}] + [{**view, "view": "sentence"}] * len(record.sentences)
                vectors.upsert(ids, self.embeddings.embed_documents(texts), metadatas)
                bar.update(len(part))

    # ------------------------------------------------------------------ load

    def load(self) -> None:
        """Load a built index; raises `IndexNotBuilt` when there is none and `IndexCorrupted` when unusable."""
        manifest = read_manifest(self.directory)
        if manifest is None:
            raise IndexNotBuilt(f"no index in '{self.directory}': run `python -m assistant index build`")
        if not manifest.complete:
            raise IndexCorrupted("the last index build did not finish")
        if manifest.analyzer_version != self.analyzer_version:
            raise IndexCorrupted("the index was analyzed by another analyzer version")
        if manifest.embedding_id != self.embedding_id:
            raise IndexCorrupted(f"the index was last built with '{manifest.embedding_id}' embeddings")
        records = read_records(self.directory, manifest)
        vectors = self._open_vectors()
        expected = sum(len(r.vector_ids) for r in records)
        if vectors.count() != expected:
            raise IndexCorrupted(f"the vector store holds {vectors.count()} vectors where {expected} are expected")
        self._activate(manifest, records)

    def ensure(self, *, progress: bool = False) -> BuildReport | None:
        """Load the index, or build it when missing, stale, corrupted or behind the sources; None if loaded.

        A remembered document that has become unreadable does not take the service down: the index is served
        as last built, with a warning saying how to fix or forget the document.
        """
        with self._exclusive():
            try:
                self.load()
            except IndexNotBuilt:
                return self._build((), forget=(), progress=progress, reason="no index yet")
            except IndexCorrupted as exc:
                log.warning("%s; rebuilding", exc)
                return self._build((), forget=(), progress=progress, reason=str(exc))
            try:
                current = collect_chunks([Path(d) for d in self.manifest.extra_docs if Path(d).exists()])
            except DocumentError as exc:
                log.warning("%s; serving the index as last built (fix it, or `index build --forget` it)", exc)
                return None
            if {c.chunk_id: c.content_hash for c in current} != {r.chunk_id: r.content_hash for r in self._records}:
                return self._build((), forget=(), progress=progress, reason="sources changed")
            return None

    @property
    def records(self) -> list[ChunkRecord]:
        return self._records

    @property
    def query_terms(self) -> QueryTerms:
        """How queries are turned into weighted terms against this index's vocabulary."""
        return self._query_terms

    # ------------------------------------------------------------------ search

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
        if self._lexical is None:
            raise IndexNotBuilt("the index is not loaded: call ensure() or load() first")
        if not 1 <= k <= 100:
            raise QueryError(f"k must be between 1 and 100, not {k}")
        text = prepare_query(query, max_query_chars)
        if not self._records:
            return []
        term_weights = self._query_terms.weights(text)
        lexical = self._lexical.weighted_scores(term_weights)
        vector = query_vector if query_vector is not None else self.embeddings.embed_query(text)
        chunk_similarity, sentence_similarity, view_similarity = self._dense_signals(vector)
        lexical_by_chunk = {self._records[i].chunk_id: float(lexical[i]) for i in np.flatnonzero(lexical > 0)}

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
            c: v for c, v in chunk_scores.items() if self._records[self._position[c]].metadata["language"] == language
        }
        best_chunk = {section: chunk for section, chunk, _ in best_per_group(chunk_scores, self._section_key)}
        best_chunk |= {section: chunk for section, chunk, _ in best_per_group(in_language, self._section_key)}
        lexical_rank = {cid: rank for rank, cid in enumerate(_rank(lexical_by_chunk), start=1)}
        dense_rank = {cid: rank for rank, cid in enumerate(_rank(sentence_similarity), start=1)}
        hits = []
        for section, score in sorted(section_scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]:
            chunk_id = best_chunk[section]
            record = self._records[self._position[chunk_id]]
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
                )
            )
        return hits

    def _dense_signals(
        self, vector: Sequence[float]
    ) -> tuple[dict[str, float], dict[str, float], dict[tuple[str, int], float]]:
        """Whole-chunk similarity and best sentence similarity per chunk, and the similarity of each view."""
        hits = self._open_vectors().query(vector, min(self.tuning.candidates, self._vector_count))
        chunk: dict[str, float] = {}
        sentence: dict[str, float] = {}
        views: dict[tuple[str, int], float] = {}
        for hit in hits:
            chunk_id, _, view = hit.chunk_id.partition("#")
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
            sum(term_weights.get(t, 0.0) for t in set(self._query_terms.terms_of(s.removeprefix(prefix))))
            for s in record.sentences
        ]
        top = max(overlaps) or 1.0
        scores = [overlap / top + view_similarity.get((record.chunk_id, i), 0.0) for i, overlap in enumerate(overlaps)]
        best = max(range(len(scores)), key=scores.__getitem__)
        return record.sentences[best].removeprefix(prefix)
