"""The index through LangChain's retriever interface."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from knowledge.errors import QueryError
from knowledge.retriever import GuideRetriever


def test_retriever_returns_documents_with_section_metadata(guide_index):
    retriever = GuideRetriever(index=guide_index, k=3)
    assert isinstance(retriever, BaseRetriever)
    documents = retriever.invoke("How do I request a firewall policy?")
    assert len(documents) == 3 and all(isinstance(d, Document) for d in documents)
    top = documents[0]
    assert top.metadata["section_id"] == "vm-firewall-policy"
    assert top.metadata["title"] == "VM 방화벽 정책 설정 요청"
    assert top.metadata["rank"] == 1 and top.metadata["score"] > documents[1].metadata["score"]
    for key in ("doc", "language", "url", "content_hash", "chunk_id"):
        assert top.metadata[key]


def test_retriever_passes_query_errors_through(guide_index):
    with pytest.raises(QueryError):
        GuideRetriever(index=guide_index).invoke("   ")
