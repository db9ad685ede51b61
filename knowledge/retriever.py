"""The hybrid index as a LangChain retriever: `Document`s with the section metadata citations need."""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from knowledge.index import KnowledgeIndex, SearchHit

__all__ = ["GuideRetriever", "hit_to_document"]


def hit_to_document(hit: SearchHit, rank: int) -> Document:
    """A retrieved section as a Document: the chunk text, its metadata, and how it was ranked."""
    return Document(
        page_content=hit.text,
        id=hit.chunk_id,
        metadata={
            **hit.metadata,
            "chunk_id": hit.chunk_id,
            "rank": rank,
            "score": hit.score,
            "lexical_rank": hit.lexical_rank,
            "dense_rank": hit.dense_rank,
            "lexical_score": hit.lexical_score,
            "dense_similarity": hit.dense_similarity,
            "best_sentence": hit.best_sentence,
        },
    )


class GuideRetriever(BaseRetriever):
    """Top-k guide sections for a question, best first, one Document per section."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: KnowledgeIndex
    k: int = Field(default=5, ge=1, le=100)
    max_query_chars: int = 2000

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.index.search(query, self.k, max_query_chars=self.max_query_chars)
        return [hit_to_document(hit, rank) for rank, hit in enumerate(hits, start=1)]
