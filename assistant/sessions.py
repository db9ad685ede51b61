"""Conversation state behind a session id, kept by a store interface (in memory here; a database in the API).

Only redacted text is ever put in a session: the engine strips secrets before it builds a turn.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any, Protocol

from pydantic import BaseModel, Field

from assistant.responses import ChatResponse, Citation, ToolCall

__all__ = [
    "SESSION_ID",
    "InMemorySessionStore",
    "InvalidSessionId",
    "Session",
    "SessionConflict",
    "SessionStore",
    "ToolState",
    "Turn",
    "check_session_id",
    "new_session_id",
]

SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class InvalidSessionId(ValueError):
    """A session id that is not 1-64 letters, digits, '-' or '_'."""


class SessionConflict(RuntimeError):
    """The session was saved by someone else (another replica's turn) since it was read: read it again and redo."""


def new_session_id() -> str:
    return uuid.uuid4().hex


def check_session_id(session_id: str) -> str:
    if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
        raise InvalidSessionId("a session id is 1-64 letters, digits, '-' or '_'")
    return session_id


class Turn(BaseModel):
    """One exchange, as stored: the redacted message and the answer as it was shown (its folded details,
    citations, tool runs, follow-ups and internal note), so a page reloaded later shows the same conversation."""

    message: str
    answer: str
    answer_type: str
    language: str
    mode: str = "customer"
    section_ids: list[str] = Field(default_factory=list)
    tool: str | None = None
    tool_failed: bool = False
    """The tool refused a value (its error was the answer)."""
    confidence: str = "high"
    """'low' when the guide did not clearly answer: with out-of-scope answers, what the guide's owners look at."""
    replayed: bool = False
    """Asked before, in a conversation a client kept itself and sent again (OpenAI-style APIs)."""
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    details: str = ""
    citations: list[Citation] = Field(default_factory=list)
    tool_calls: list[ToolCall] = Field(default_factory=list)
    """The tools' runs with their output: a firewall form downloads again from it."""
    follow_ups: list[str] = Field(default_factory=list)
    internal_note: str | None = None

    @classmethod
    def of(cls, response: ChatResponse, message: str, language: str, mode: str, *, replayed: bool = False) -> Turn:
        """The turn as stored: the (redacted) message and what the reports need of the answer."""
        last_call = response.tool_calls[-1] if response.tool_calls else None
        return cls(
            message=message,
            answer=response.answer,
            answer_type=response.answer_type,
            language=language,
            mode=mode,
            section_ids=[c.section_id for c in response.citations],
            tool=last_call.tool if last_call else None,
            tool_failed=last_call is not None and "error" in last_call.output,
            confidence=response.confidence,
            replayed=replayed,
            details=response.details,
            citations=response.citations,
            tool_calls=response.tool_calls,
            follow_ups=response.follow_ups,
            internal_note=response.internal_note,
        )


class ToolState(BaseModel):
    """A tool's parameters so far: what a clarification waits to complete, or what a follow-up changes."""

    tool: str
    params: dict[str, Any] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)
    focus: str | None = None


class Session(BaseModel):
    id: str
    version: int = 0
    """How many times it was saved when it was read (0: new); a save over a newer version is a conflict."""
    turns: list[Turn] = Field(default_factory=list)
    pending: ToolState | None = None
    last_tool: ToolState | None = None
    language: str | None = None
    topic: str | None = None
    """The question that opened the current guide topic: what a follow-up ("전화번호는?", "and on Windows?")
    is about."""


class SessionStore(Protocol):
    """Where sessions live between turns."""

    def get(self, session_id: str) -> Session | None: ...

    def save(self, session: Session) -> None:
        """Stores `session` and bumps its version; raises `SessionConflict` when the stored version is newer."""
        ...

    def delete(self, session_id: str) -> bool: ...

    def ratings(self, session_id: str) -> dict[int, str]:
        """Each rated turn's latest rating ('up' or 'down'); empty where the store keeps no feedback."""
        ...

    def close(self) -> None: ...


class InMemorySessionStore:
    """Sessions in this process, least recently used dropped beyond `max_sessions` so memory stays bounded."""

    def __init__(self, max_sessions: int = 10_000, max_turns: int = 200) -> None:
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()
        self.max_sessions = max_sessions
        self.max_turns = max_turns

    def get(self, session_id: str) -> Session | None:
        with self._lock:
            session = self._sessions.get(session_id)
            if session is not None:
                self._sessions.move_to_end(session_id)
            return session.model_copy(deep=True) if session else None

    def save(self, session: Session) -> None:
        stored = session.model_copy(deep=True)
        stored.turns = stored.turns[-self.max_turns :]
        stored.version += 1
        with self._lock:
            current = self._sessions.get(session.id)
            if (current.version if current else 0) != session.version:
                raise SessionConflict(f"session '{session.id}' was saved meanwhile")
            self._sessions[session.id] = stored
            self._sessions.move_to_end(session.id)
            while len(self._sessions) > self.max_sessions:
                self._sessions.popitem(last=False)
        session.version = stored.version

    def delete(self, session_id: str) -> bool:
        with self._lock:
            return self._sessions.pop(session_id, None) is not None

    def ratings(self, session_id: str) -> dict[int, str]:
        """Always empty: ratings are stored only by a database store (the API's); a process-local one keeps none."""
        return {}

    def close(self) -> None:
        """Nothing to release: the sessions go with the process."""
