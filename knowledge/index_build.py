"""Building the index incrementally: only chunks whose content hash changed are re-analyzed and re-embedded.

What survives what:
- a bad document or a model that will not load fails the build before anything is changed;
- a build that dies while changing vectors leaves its manifest marked incomplete, and the next load re-checks
  every vector against the records (content hashes) and repairs what differs;
- unreadable records or manifest are rebuilt from the sources, keeping the list of added documents when the
  manifest can still be read.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from langchain_core.embeddings import Embeddings

from knowledge.chunking import Chunk
from knowledge.corpus import collect_chunks
from knowledge.errors import DocumentError, IndexCorrupted
from knowledge.index_files import (
    ChunkRecord,
    Manifest,
    read_manifest,
    read_records,
    salvage_extra_docs,
    write_index_files,
    write_manifest,
)
from knowledge.index_storage import write_or_fail
from knowledge.text_analysis import TextAnalyzer
from knowledge.vector_store import VectorStore

__all__ = ["BuildReport", "BuiltIndex", "IndexBuilder"]

log = logging.getLogger("knowledge.index")
EMBEDDING_BATCH = 256
"""Chunks per step (about 1 100 texts): enough 64-text batches to keep every embedding lane busy."""


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


@dataclass(frozen=True, slots=True)
class BuiltIndex:
    """What a build leaves on disk and in the vector store, ready to be searched."""

    manifest: Manifest
    records: list[ChunkRecord]
    report: BuildReport


class IndexBuilder:
    """Writes the records and manifest under `directory` and the vectors into a store, redoing only changes."""

    def __init__(
        self,
        directory: Path,
        analyzer: TextAnalyzer,
        analyzer_version: str,
        embeddings: Embeddings,
        embedding_id: str,
    ) -> None:
        self.directory = directory
        self.analyzer = analyzer
        self.analyzer_version = analyzer_version
        self.embeddings = embeddings
        self.embedding_id = embedding_id

    def build(
        self,
        vectors: VectorStore,
        extra_docs: Sequence[Path] = (),
        *,
        forget: Sequence[Path] = (),
        progress: bool = False,
        reason: str = "requested",
    ) -> BuiltIndex:
        """Index the guide, the documents added earlier and `extra_docs`, minus `forget` (caller holds the lock)."""
        started = time.perf_counter()
        manifest, previous = self._stored_state()
        docs = self._documents(manifest.extra_docs if manifest else [], extra_docs, forget)
        chunks = collect_chunks([Path(d) for d in docs])  # raises on a bad document before anything changes
        records = [self._record(chunk, previous.get(chunk.chunk_id)) for chunk in chunks]

        if manifest is not None:  # from here on the vectors change: a crash must not look like a finished index
            manifest.complete = False
            write_or_fail(self.directory, lambda: write_manifest(self.directory, manifest))
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
        write_or_fail(self.directory, lambda: write_index_files(self.directory, records, new_manifest))
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
        return BuiltIndex(new_manifest, records, report)

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

    def _chunk_terms(self, chunk: Chunk) -> tuple[str, ...]:
        # The heading counts twice: it names the topic that the body only describes.
        return tuple(self.analyzer.terms(chunk.section.heading) + self.analyzer.terms(chunk.text))

    def _record(self, chunk: Chunk, previous: ChunkRecord | None) -> ChunkRecord:
        """The chunk's record, reusing the stored terms when the content is unchanged."""
        if previous is not None and previous.content_hash == chunk.content_hash:
            return previous
        return ChunkRecord(
            chunk.chunk_id, chunk.content_hash, chunk.text, chunk.metadata, self._chunk_terms(chunk), chunk.sentences
        )

    def _embed_and_store(self, vectors: VectorStore, records: list[ChunkRecord], progress: bool) -> None:
        """Embed and write batch by batch; a batch is written while the next one is embedded.

        Measured on 2 030 synthetic chunks (8 938 texts): the vector store's writes took 2.9 s of a 21 s build
        when they waited for each other; one write in flight at a time keeps the order and bounds memory.
        """
        from tqdm import tqdm

        with (
            tqdm(total=len(records), desc="embedding chunks", unit="chunk", disable=not progress or not records) as bar,
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="index-write") as writer,
        ):
            writing: Future[None] | None = None
            for start in range(0, len(records), EMBEDDING_BATCH):
                part = records[start : start + EMBEDDING_BATCH]
                ids, texts, metadatas = _vector_rows(part)
                embedded = self.embeddings.embed_documents(texts)
                if writing is not None:
                    writing.result()  # raises the previous write's error before anything else is written
                writing = writer.submit(vectors.upsert, ids, embedded, metadatas)
                bar.update(len(part))
            if writing is not None:
                writing.result()


def _vector_rows(records: list[ChunkRecord]) -> tuple[list[str], list[str], list[dict]]:
    """Ids, texts and metadata of the records' vectors: the chunk itself, then each sentence view."""
    ids, texts, metadatas = [], [], []
    for record in records:
        ids += record.vector_ids
        texts += [record.text, *record.sentences]
        view = {"chunk_id": record.chunk_id, "content_hash": record.content_hash}
        metadatas += [{**view, "view": "chunk"}] + [{**view, "view": "sentence"}] * len(record.sentences)
    return ids, texts, metadatas
