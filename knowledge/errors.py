"""Errors raised by the knowledge layer.

Every message is one line and quotes the offending input, so the CLI and the API can show it as is:

    KnowledgeError
    ├── QueryError              the search query is empty or too long
    ├── DocumentError           a document cannot be read or is of an unsupported type
    ├── EmbeddingModelError     the embedding model is missing or misconfigured
    ├── VectorStoreUnavailable  the configured Chroma server cannot be reached
    ├── StorageError            the data dir cannot be used (a file, not writable, disk full)
    ├── IndexNotBuilt           no usable index exists yet (build it first)
    └── IndexCorrupted          the index files exist but cannot be used (the index rebuilds itself)
"""

from __future__ import annotations

__all__ = [
    "DocumentError",
    "EmbeddingModelError",
    "IndexCorrupted",
    "IndexNotBuilt",
    "KnowledgeError",
    "QueryError",
    "StorageError",
    "VectorStoreUnavailable",
]


class KnowledgeError(Exception):
    """Base of every error the knowledge layer raises on purpose."""


class QueryError(KnowledgeError, ValueError):
    """The query cannot be searched as given."""


class DocumentError(KnowledgeError, ValueError):
    """A source document is unreadable, empty or of an unsupported type."""


class EmbeddingModelError(KnowledgeError):
    """The configured embedding model cannot be loaded offline."""


class VectorStoreUnavailable(KnowledgeError):
    """The configured Chroma server does not answer."""


class IndexNotBuilt(KnowledgeError):
    """The index is missing; it must be built before searching."""


class StorageError(KnowledgeError):
    """The index cannot be read or written where it is kept."""


class IndexCorrupted(KnowledgeError):
    """The index files exist but cannot be read or belong to another build; `ensure()` rebuilds instead."""
