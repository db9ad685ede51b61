"""Builds the knowledge index from settings: the one place settings turn into knowledge-layer objects."""

from __future__ import annotations

from assistant.settings import Settings
from knowledge.embeddings import embedding_id, make_embeddings
from knowledge.index import KnowledgeIndex

__all__ = ["make_index"]


def make_index(settings: Settings) -> KnowledgeIndex:
    """An unloaded index for these settings; call `ensure()` to load or build it."""
    embeddings = make_embeddings(
        settings.embedding_backend,
        settings.embedding_model,
        threads=settings.embedding_threads,
        allow_download=settings.allow_model_download,
    )
    return KnowledgeIndex(
        settings.index_dir,
        embeddings,
        embedding_id(settings.embedding_backend, settings.embedding_model),
        chroma_url=settings.chroma_url or None,
        chroma_timeout_s=settings.chroma_timeout_s,
        index_name=settings.index_name,
    )
