"""The naive RAG baseline: dense-only all-MiniLM-L6-v2 + Chroma over fixed-size chunks of the Korean guide.

No Korean tokenization, no English companion, no glossary, no headings: what a first LangChain tutorial
would build. Each fixed chunk is labelled with the section its middle falls in, so it is scored on the same
section ids as the product.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from langchain_core.embeddings import Embeddings

from knowledge.embeddings import SentenceTransformerEmbeddings
from knowledge.guide import load_guide
from knowledge.vector_store import VectorStore, open_chroma_client

__all__ = ["NaiveDenseRag"]

CHUNK_CHARS = 500
OVERLAP_CHARS = 100


def fixed_chunks(chunk_chars: int = CHUNK_CHARS, overlap: int = OVERLAP_CHARS) -> list[tuple[str, str]]:
    """(text, section id) windows over the Korean guide's running text."""
    text, spans = "", []
    for section in (s for s in load_guide() if s.language == "ko"):
        start = len(text)
        text += f"{section.heading}\n{section.body}\n\n"
        spans.append((start, len(text), section.section_id))
    windows = []
    for start in range(0, len(text), chunk_chars - overlap):
        middle = start + min(chunk_chars, len(text) - start) // 2
        section_id = next(sid for a, b, sid in spans if a <= middle < b)
        windows.append((text[start : start + chunk_chars], section_id))
        if start + chunk_chars >= len(text):
            break
    return windows


class NaiveDenseRag:
    """Builds its own throwaway Chroma collection; `rank(question)` gives section ids, best first."""

    def __init__(self, directory: Path | None = None, embeddings: Embeddings | None = None) -> None:
        """`embeddings`: an already loaded all-MiniLM-L6-v2 (the benchmark times the model load apart)."""
        self._tmp = None if directory else tempfile.TemporaryDirectory(prefix="naive-rag-")
        path = directory or Path(self._tmp.name)
        self.embeddings = embeddings or SentenceTransformerEmbeddings("all-MiniLM-L6-v2")
        self.chunks = fixed_chunks()
        self.store = VectorStore(open_chroma_client(path=path), "naive-minilm")
        ids = [f"c{i}" for i in range(len(self.chunks))]
        if self.store.count() != len(self.chunks):  # a kept directory is reused, as an app would on restart
            vectors = self.embeddings.embed_documents([t for t, _ in self.chunks])
            self.store.upsert(ids, vectors, [{"section_id": s} for _, s in self.chunks])
        self._section_of = dict(zip(ids, (s for _, s in self.chunks), strict=True))

    def top_chunks(self, question: str, n: int = 3) -> list[tuple[str, str]]:
        """The `n` nearest fixed-size chunks as (text, section id): what a naive RAG would show."""
        hits = self.store.query(self.embeddings.embed_query(question), min(n, len(self.chunks)))
        return [self.chunks[int(h.chunk_id[1:])] for h in hits]

    def rank(self, question: str, k: int = 10) -> list[str]:
        hits = self.store.query(self.embeddings.embed_query(question), min(k * 3, len(self.chunks)))
        return list(dict.fromkeys(self._section_of[h.chunk_id] for h in hits))[:k]
