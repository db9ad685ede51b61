"""Request bodies of the HTTP API (responses are the engine's own models)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.sessions import SESSION_ID

__all__ = ["ChatRequest", "FeedbackRequest"]

SESSION_ID_PATTERN = SESSION_ID.pattern  # the engine's own rule, so the API cannot drift from it


class ChatRequest(BaseModel):
    message: str = Field(description="The customer's (or agent's) message, Korean or English.")
    session_id: str | None = Field(None, pattern=SESSION_ID_PATTERN, description="Continue this conversation.")
    mode: Literal["customer", "agent"] = Field("customer", description="'agent': a draft reply plus an internal note.")


class FeedbackRequest(BaseModel):
    session_id: str = Field(pattern=SESSION_ID_PATTERN)
    turn: int = Field(-1, ge=-10_000, le=10_000, description="Index of the rated answer in the session (-1: last).")
    rating: Literal["up", "down"]
    comment: str = Field("", max_length=2000)
