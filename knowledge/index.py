"""The hybrid index: BM25 over Korean-aware terms plus dense vectors in Chroma, fused per section.

`KnowledgeIndex` loads and searches; building is `index_build.IndexBuilder` (incremental by content hash) and
where the index lives is `index_storage` (a locked data dir, an embedded or server vector store). Builds, and
loads that must check the vector store, are serialised by a file lock, so several processes may start on one
data dir at once; a current build with saved vectors is only read, without the lock, and the models warm up
outside it, side by side.

Vectors of another embedding model, or of another index name on a shared Chroma server, live in their own
collection and are never touched; switching models back re-checks that model's collection.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from langchain_core.embeddings import Embeddings

from knowledge.corpus import collect_chunks
from knowledge.errors import DocumentError, IndexCorrupted, IndexNotBuilt
from knowledge.glossary import Glossary
from knowledge.hybrid_search import HybridSearcher, SearchHit, SearchTuning
from knowledge.index_build import BuildReport, IndexBuilder
from knowledge.index_files import (
    RECORDS_FILE,
    ChunkRecord,
    Manifest,
    read_manifest,
    read_records,
    write_raw_index_files,
)
from knowledge.index_storage import (
    data_dir_busy,
    embedded_store_state,
    locked_data_dir,
    open_vector_store,
    write_or_fail,
)
from knowledge.lexical import LexicalIndex
from knowledge.query_terms import QueryTerms
from knowledge.text_analysis import ANALYZER_VERSION, TextAnalyzer
from knowledge.vector_snapshot import EXACT_SEARCH_LIMIT, SNAPSHOT_FILE, VectorSnapshot, vectors_stamp
from knowledge.vector_store import VectorStore, import_chroma

__all__ = ["BuildReport", "KnowledgeIndex", "SearchHit", "SearchTuning"]

log = logging.getLogger(__name__)


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

    def _open_vectors(self) -> VectorStore:
        if self._vectors is None:
            self._vectors = open_vector_store(
                self.directory, self.collection_name, self.chroma_url, timeout_s=self.chroma_timeout_s
            )
        return self._vectors

    def _activate(self, manifest: Manifest, records: list[ChunkRecord], saved: VectorSnapshot | None = None) -> None:
        self.manifest = manifest
        lexical = LexicalIndex([r.terms for r in records])
        query_terms = QueryTerms(self.analyzer, self.glossary, lexical.vocabulary)
        searchable: VectorSnapshot | VectorStore | None = saved
        if searchable is None:
            vectors = self._open_vectors()
            # The embedded store is this process's own copy: a small one is searched exactly in memory. A Chroma
            # server stays the one source of every replica's vectors (and its outages are reported, not hidden).
            small = not self.chroma_url and vectors.count() <= EXACT_SEARCH_LIMIT
            searchable = VectorSnapshot.load(vectors) if small else vectors
            if small:
                searchable.save(self.directory / SNAPSHOT_FILE, self._vectors_stamp(records))
        self._searcher = HybridSearcher(records, query_terms, searchable, self.embeddings, self.tuning, lexical)

    def _vectors_stamp(self, records: list[ChunkRecord]) -> str | None:
        """The records' vectors in this store as it is on disk now (a store written, deleted or damaged since the
        snapshot was saved no longer matches it, and is opened and checked as before); None if it cannot be
        listed."""
        store = embedded_store_state(self.directory)
        if store is None:
            return None
        pairs = ((vid, r.content_hash) for r in records for vid in r.vector_ids)
        return vectors_stamp(f"{self.collection_name}\x00{store}", pairs)

    def _saved_snapshot(self, records: list[ChunkRecord]) -> VectorSnapshot | None:
        """The saved in-memory vectors of exactly these records (embedded store only), else None."""
        if self.chroma_url:
            return None
        return VectorSnapshot.read(self.directory / SNAPSHOT_FILE, self._vectors_stamp(records))

    def _warm_up(self) -> None:
        """Load both models now, at index load, not inside the first user requests (several at once on a server).
        Outside the data-dir lock: they are most of a load (Kiwi 0.7 s, USE 0.45 s), so the workers of one server
        warm up side by side (cheap when the models are already loaded)."""
        self.analyzer.warm_up()
        self.embeddings.embed_query("warm up")

    # ------------------------------------------------------------------ build

    def build(
        self,
        extra_docs: Sequence[Path] = (),
        *,
        forget: Sequence[Path] = (),
        progress: bool = False,
        reason: str = "requested",
    ) -> BuildReport:
        """Index the guide, the documents added earlier and `extra_docs`, minus `forget`; only changes are redone."""
        with locked_data_dir(self.directory):
            report = self._build(extra_docs, forget=forget, progress=progress, reason=reason)
        self._warm_up()
        return report

    def _build(self, extra_docs: Sequence[Path], *, forget: Sequence[Path], progress: bool, reason: str) -> BuildReport:
        builder = IndexBuilder(self.directory, self.analyzer, self.analyzer_version, self.embeddings, self.embedding_id)
        built = builder.build(self._open_vectors(), extra_docs, forget=forget, progress=progress, reason=reason)
        self._activate(built.manifest, built.records)
        return built.report

    # ------------------------------------------------------------------ load

    def _usable_manifest(self) -> Manifest:
        manifest = read_manifest(self.directory)
        if manifest is None:
            raise IndexNotBuilt(f"no index in '{self.directory}': run `python -m assistant index build`")
        if not manifest.complete:
            raise IndexCorrupted("the last index build did not finish")
        if manifest.analyzer_version != self.analyzer_version:
            raise IndexCorrupted("the index was analyzed by another analyzer version")
        if manifest.embedding_id != self.embedding_id:
            raise IndexCorrupted(f"the index was last built with '{manifest.embedding_id}' embeddings")
        return manifest

    def _read_build(self) -> tuple[Manifest, list[ChunkRecord], VectorSnapshot | None]:
        """The built index's manifest, its records and their saved vectors when current (raises like `load`)."""
        manifest = self._usable_manifest()
        records = read_records(self.directory, manifest)
        return manifest, records, self._saved_snapshot(records)

    def load(self, *, warm: bool = True) -> None:
        """Load a built index; raises `IndexNotBuilt` when there is none and `IndexCorrupted` when unusable."""
        manifest, records, saved = self._read_build()
        if saved is None:
            vectors = self._open_vectors()
            expected = sum(len(r.vector_ids) for r in records)
            if vectors.count() != expected:
                raise IndexCorrupted(f"the vector store holds {vectors.count()} vectors where {expected} are expected")
        self._activate(manifest, records, saved)
        if warm:
            self._warm_up()

    def ensure(self, *, progress: bool = False) -> BuildReport | None:
        """Load the index, or build it when missing, stale, corrupted or behind the sources; None if loaded.

        A remembered document that has become unreadable does not take the service down: the index is served
        as last built, with a warning saying how to fix or forget the document.
        """
        if self._load_saved():
            report = None
        else:
            import_chroma()  # outside the lock: the workers of one server import it side by side
            report = self._ensure_locked(progress)
        self._warm_up()
        return report

    def _load_saved(self) -> bool:
        """Load without the lock when that only reads files: a complete build with current saved vectors and
        unchanged sources, while no other process holds the lock (files are replaced atomically, the manifest
        last, so a build starting meanwhile shows as a mismatch). Anything else — no index, a build or a store
        check under way, sources to re-index — goes through the lock; so the workers of one server load side
        by side, and the lock guards building and checking only."""
        if self.chroma_url:
            return False
        try:
            manifest, records, saved = self._read_build()
        except (IndexNotBuilt, IndexCorrupted):
            return False
        if saved is None or data_dir_busy(self.directory) or not self._sources_unchanged(manifest, records):
            return False
        self._activate(manifest, records, saved)
        return True

    def _sources_unchanged(self, manifest: Manifest, records: list[ChunkRecord]) -> bool:
        """True when `records` are those of the current sources (or an unreadable document keeps the index as
        last built, with a warning)."""
        if manifest.adopted:  # the replica that published it owns the sources
            return True
        try:
            current = collect_chunks([Path(d) for d in manifest.extra_docs if Path(d).exists()])
        except DocumentError as exc:
            log.warning("%s; serving the index as last built (fix it, or `index build --forget` it)", exc)
            return True
        return {c.chunk_id: c.content_hash for c in current} == {r.chunk_id: r.content_hash for r in records}

    def _ensure_locked(self, progress: bool) -> BuildReport | None:
        with locked_data_dir(self.directory):
            try:
                self.load(warm=False)
            except IndexNotBuilt:
                return self._build((), forget=(), progress=progress, reason="no index yet")
            except IndexCorrupted as exc:
                log.warning("%s; rebuilding", exc)
                return self._build((), forget=(), progress=progress, reason=str(exc))
            if not self._sources_unchanged(self.manifest, self.records):
                return self._build((), forget=(), progress=progress, reason="sources changed")
            return None

    # ------------------------------------------------------------------ sharing between replicas

    def exported(self) -> tuple[str, bytes]:
        """The loaded build as (manifest JSON, gzip of the chunk records): what a replica publishes so the others
        sharing its Chroma server can serve the same records."""
        manifest = self._loaded_manifest()
        records = (self.directory / RECORDS_FILE).read_bytes()
        return json.dumps(asdict(manifest), ensure_ascii=False), gzip.compress(records, compresslevel=6)

    def adopt(self, manifest_json: str, records_gzip: bytes) -> None:
        """Serve another replica's published build: its records and manifest replace this data dir's, and the
        vectors are the shared Chroma server's. Raises `IndexCorrupted` when they do not fit together."""
        try:
            manifest = Manifest(**{**json.loads(manifest_json), "adopted": True, "complete": True})
            records = gzip.decompress(records_gzip).decode("utf-8")
        except (ValueError, TypeError, OSError) as exc:
            raise IndexCorrupted(f"the published index cannot be read ({type(exc).__name__})") from None
        with locked_data_dir(self.directory):
            write_or_fail(self.directory, lambda: write_raw_index_files(self.directory, records, manifest))
            self.load()

    def _loaded_manifest(self) -> Manifest:
        if self.manifest is None:
            raise IndexNotBuilt("the index is not loaded: call ensure() or load() first")
        return self.manifest

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
