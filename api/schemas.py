"""Request bodies of the HTTP API (responses are the engine's own models)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.requests import ChatRequest
from assistant.sessions import SESSION_ID, Turn

__all__ = ["ERROR_RESPONSES", "ChatRequest", "ErrorResponse", "FeedbackRequest", "SessionView", "TurnView"]

SESSION_ID_PATTERN = SESSION_ID.pattern  # the engine's own rule, so the API cannot drift from it


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. 'invalid_request', 'rate_limited'.")
    message: str = Field(description="What to change, for a person.")
    details: list[dict] | None = Field(None, description="Per-field problems, when there are several.")


class ErrorResponse(BaseModel):
    """The body of every error answer."""

    error: ErrorDetail
    request_id: str


ERROR_STATUSES = {
    400: "The body is not valid JSON.",
    401: "The admin API key is missing or wrong.",
    403: "The admin endpoints are off (no key configured).",
    404: "Unknown path or session.",
    405: "Method not allowed on this path.",
    413: "The body or the message is too large.",
    422: "Invalid or missing fields, or a tool value the tool refuses.",
    429: "Too many requests from this client; see Retry-After.",
    503: "Not ready yet, or the search or storage service is briefly unavailable.",
}
ERROR_RESPONSES: dict[int | str, dict] = {
    status: {"model": ErrorResponse, "description": text} for status, text in ERROR_STATUSES.items()
}


class FeedbackRequest(BaseModel):
    session_id: str = Field(pattern=SESSION_ID_PATTERN)
    turn: int = Field(-1, ge=-10_000, le=10_000, description="Index of the rated answer in the session (-1: last).")
    rating: Literal["up", "down"]
    comment: str = Field("", max_length=2000)


class TurnView(Turn):
    """A stored turn as a page shows it again: the answer with its citations, tool runs and notes, and the rating
    given to it (None: not rated)."""

    rating: Literal["up", "down"] | None = None


class SessionView(BaseModel):
    """A conversation's history, enough to show it again after a reload."""

    session_id: str
    language: str | None
    turns: list[TurnView]
