"""What a front-end asks the engine for, as one input model each: the HTTP API, the MCP server and the OpenAI-style
endpoint take the same fields with the same rules, so none of them can drift from the others."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.redaction import redact_secrets
from assistant.responses import Language
from assistant.sessions import SESSION_ID
from knowledge.hybrid_search import SearchHit

__all__ = ["ChatRequest", "SearchRequest", "search_hits_json"]


class ChatRequest(BaseModel):
    message: str = Field(min_length=1, description="The customer's (or agent's) message, Korean or English.")
    session_id: str | None = Field(None, pattern=SESSION_ID.pattern, description="Continue this conversation.")
    mode: Literal["customer", "agent"] = Field("customer", description="'agent': a draft reply plus an internal note.")
    language: Language | None = Field(
        None,
        description="The reader's language (the page's UI language): the answer's language when the message has no "
        "words ('10.21.7.0/26', '22'); a message with words is answered in its own language.",
    )
    answer_language: Language | None = Field(
        None,
        description="Answer in this language whatever the message's: a support agent drafting for a customer who "
        "writes in the other language ('regenerate in English').",
    )


class SearchRequest(BaseModel):
    query: str = Field(min_length=1, description="A question or keywords, Korean or English.")
    k: int = Field(5, ge=1, le=20, description="How many guide sections to return.")


def search_hits_json(query: str, hits: list[SearchHit]) -> dict[str, Any]:
    """The sections found for `query`, best first; a secret in the query is masked here too."""
    return {
        "query": redact_secrets(query).text,
        "hits": [
            {
                "section_id": hit.section_id,
                "title": hit.title,
                "heading": hit.metadata.get("heading"),
                "url": hit.metadata.get("url"),
                "language": hit.metadata.get("language"),
                "score": round(hit.score, 6),
                "snippet": hit.best_sentence,
            }
            for hit in hits
        ],
    }
