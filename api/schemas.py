"""Request bodies of the HTTP API (responses are the engine's own models)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from assistant.requests import ChatRequest
from assistant.sessions import SESSION_ID, Session, Turn

__all__ = [
    "ERROR_RESPONSES",
    "ChatRequest",
    "ErrorResponse",
    "FeedbackRequest",
    "SessionLookup",
    "SessionSummary",
    "SessionView",
    "TurnView",
]

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

    @classmethod
    def of(cls, session: Session, ratings: dict[int, str]) -> SessionView:
        """`ratings`: each rated turn's index and its latest rating."""
        turns = [TurnView(**turn.model_dump(), rating=ratings.get(i)) for i, turn in enumerate(session.turns)]
        return cls(session_id=session.id, language=session.language, turns=turns)


class SessionLookup(BaseModel):
    session_ids: list[Annotated[str, Field(pattern=SESSION_ID_PATTERN)]] = Field(max_length=50)


class SessionSummary(BaseModel):
    """One conversation in a list of recent ones."""

    session_id: str
    first_message: str = Field(description="The first (redacted) message, as stored.")
    turns: int
    last_at: datetime | None

    @classmethod
    def of(cls, session: Session) -> SessionSummary:
        first = session.turns[0].message if session.turns else ""
        last = session.turns[-1].at if session.turns else None
        return cls(session_id=session.id, first_message=first, turns=len(session.turns), last_at=last)
