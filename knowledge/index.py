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

from langchain_core.embeddings import Embeddings

from knowledge.chunking import Chunk
from knowledge.corpus import collect_chunks
from knowledge.errors import DocumentError, IndexNotBuilt, StorageError, VectorStoreUnavailable
from knowledge.glossary import Glossary
from knowledge.hybrid_search import HybridSearcher, SearchHit, SearchTuning
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
from knowledge.text_analysis import ANALYZER_VERSION, TextAnalyzer
from knowledge.vector_snapshot import EXACT_SEARCH_LIMIT, VectorSnapshot
from knowledge.vector_store import VectorStore, open_chroma_client

__all__ = ["BuildReport", "KnowledgeIndex", "SearchHit", "SearchTuning"]

log = logging.getLogger(__name__)


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
        tuning: SearchTuning | None = None,
        chroma_timeout_s: float = 10.0,
    ) -> None:
        if not INDEX_NAME_PATTERN.match(index_name):
            raise ValueError(f"index name '{index_name}' must be lowercase letters, digits, '-' or '_'")
        self.directory = directory
        self.embeddings = embeddings
        self.embedding_id = embedding_id
        self.chroma_url = chroma_url
        self.chroma_timeout_s = chroma_timeout_s
        self.index_name = index_name
        self.glossary = glossary or Glossary.load()
        self.analyzer = TextAnalyzer(user_words=self.glossary.korean_words())
        self.tuning = tuning or SearchTuning()
        self.manifest: Manifest | None = None
        self._searcher: HybridSearcher | None = None
        self._vectors: VectorStore | None = None

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
            self._vectors = VectorStore(
                open_chroma_client(url=self.chroma_url, timeout_s=self.chroma_timeout_s),
                self.collection_name,
                self.chroma_url,
            )
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
        lexical = LexicalIndex([r.terms for r in records])
        query_terms = QueryTerms(self.analyzer, self.glossary, lexical.vocabulary)
        vectors = self._open_vectors()
        # The embedded store is this process's own copy: a small one is searched exactly in memory. A Chroma
        # server stays the one source of every replica's vectors (and its outages are reported, not hidden).
        small = not self.chroma_url and vectors.count() <= EXACT_SEARCH_LIMIT
        searchable = VectorSnapshot.load(vectors) if small else vectors
        self._searcher = HybridSearcher(records, query_terms, searchable, self.embeddings, self.tuning, lexical)
        # Both models load now, at index load, not inside the first user requests (several at once on a server).
        self.analyzer.warm_up()
        self.embeddings.embed_query("warm up")

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
        docs = [
            d for d in dict.fromkeys([*remembered, *(str(Path(p).resolve()) for p in extra_docs)]) if d not in forgotten
        ]
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
            if {c.chunk_id: c.content_hash for c in current} != {r.chunk_id: r.content_hash for r in self.records}:
                return self._build((), forget=(), progress=progress, reason="sources changed")
            return None

    @property
    def records(self) -> list[ChunkRecord]:
        return self._searcher.records if self._searcher else []

    @property
    def query_terms(self) -> QueryTerms:
        """How queries are turned into weighted terms against this index's vocabulary."""
        return self._loaded().query_terms

    def _loaded(self) -> HybridSearcher:
        if self._searcher is None:
            raise IndexNotBuilt("the index is not loaded: call ensure() or load() first")
        return self._searcher

    def search(
        self, query: str, k: int = 5, *, max_query_chars: int = 2000, query_vector: Sequence[float] | None = None
    ) -> list[SearchHit]:
        """The `k` best sections for `query`, best first; see `HybridSearcher.search`."""
        searcher = self._loaded()
        searcher.tuning = self.tuning  # tuning may be changed between searches (the evals compare settings)
        return searcher.search(query, k, max_query_chars=max_query_chars, query_vector=query_vector)
