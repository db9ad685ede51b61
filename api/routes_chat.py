"""Chat, streamed chat and sessions: HTTP in, engine calls, the engine's response out."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import partial

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse

from api.dependencies import AppSettings, EngineCalls, EngineLane, ReadyEngine
from api.errors import ApiError
from api.schemas import ChatRequest, SessionLookup, SessionSummary, SessionView
from assistant.engine import ChatEngine
from assistant.responses import ChatResponse
from assistant.sessions import InvalidSessionId, check_session_id
from assistant.settings import Settings
from knowledge.text_analysis import normalize_text

__all__ = ["check_message", "router", "text_pieces"]

router = APIRouter(tags=["chat"])


def check_message(body: ChatRequest, limit: int) -> None:
    """Empty or too long as the engine will see it (normalised: invisible characters gone, NFKC applied)."""
    normalised = normalize_text(body.message)
    size = max(len(body.message), len(normalised))
    if size > limit:
        raise ApiError(413, "message_too_long", f"the message is {size:,} characters; the limit is {limit:,}")
    if not normalised:
        raise ApiError(422, "empty_message", "the message is empty: type a question")


async def _answer(
    body: ChatRequest, request: Request, engine: ChatEngine, settings: Settings, lane: EngineLane
) -> ChatResponse:
    check_message(body, settings.max_message_chars)
    return await lane(partial(engine.chat_request, public_url=str(request.base_url)), body)


@router.post("/v1/chat", response_model=ChatResponse, summary="Answer one message")
async def chat(
    body: ChatRequest, request: Request, engine: ReadyEngine, settings: AppSettings, lane: EngineCalls
) -> ChatResponse:
    """The engine's answer: type, Markdown answer, citations, tool calls, commands, warnings, follow-ups."""
    return await _answer(body, request, engine, settings, lane)


SSE_EVENT_SCHEMA = {
    "type": "object",
    "properties": {"event": {"type": "string", "enum": ["token", "meta", "done"]}, "data": {"type": "string"}},
    "required": ["event", "data"],
}


def text_pieces(text: str, size: int = 48) -> Iterator[str]:
    """The answer in pieces that end at whitespace, so the page can show it as it arrives."""
    for match in re.finditer(rf"[\s\S]{{1,{size}}}(?:\s|$)|[\s\S]{{1,{size}}}", text):
        yield match.group()


def _event(name: str, data: object) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post(
    "/v1/chat/stream",
    summary="Answer one message as Server-Sent Events",
    response_description="`token` events (text pieces), then `meta` (citations, tool calls, commands, "
    "warnings, follow-ups), then `done` (the whole response).",
    responses={200: {"content": {"text/event-stream": {"schema": SSE_EVENT_SCHEMA}}}},
)
async def chat_stream(
    body: ChatRequest, request: Request, engine: ReadyEngine, settings: AppSettings, lane: EngineCalls
) -> StreamingResponse:
    response = await _answer(body, request, engine, settings, lane)

    def events() -> Iterator[str]:
        for piece in text_pieces(response.answer):
            yield _event("token", {"text": piece})
        meta = response.model_dump(include={"citations", "tool_calls", "commands", "warnings", "follow_ups"})
        yield _event("meta", meta)
        yield _event("done", response.model_dump(mode="json"))

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})


def _session_id(session_id: str) -> str:
    try:
        return check_session_id(session_id)
    except InvalidSessionId as exc:
        raise ApiError(422, "invalid_session_id", str(exc)) from None


@router.get("/v1/sessions/{session_id}", summary="A conversation's history")
async def get_session(session_id: str, engine: ReadyEngine, lane: EngineCalls) -> SessionView:
    """Every turn as it was shown (answer, folded details, citations, tool runs, follow-ups, internal note) with
    its rating, so a page reloaded later shows the same conversation."""

    def view() -> SessionView | None:
        session = engine.store.get(_session_id(session_id))
        return SessionView.of(session, engine.store.ratings(session.id)) if session is not None else None

    found = await lane(view)
    if found is None:
        raise ApiError(404, "session_not_found", f"no session '{session_id}'")
    return found


@router.post("/v1/session-summaries", summary="What several conversations are about, in one call")
async def look_up_sessions(body: SessionLookup, engine: ReadyEngine, lane: EngineCalls) -> list[SessionSummary]:
    """For a list of recent conversations (the page keeps only their ids): each one's first message, number of
    turns and last time, in the order asked; ids the server does not know are left out."""

    def summaries() -> list[SessionSummary]:
        found = []
        for session_id in dict.fromkeys(body.session_ids):
            session = engine.store.get(session_id)
            if session is not None:
                found.append(SessionSummary.of(session))
        return found

    return await lane(summaries)


@router.delete("/v1/sessions/{session_id}", status_code=204, summary="Forget a conversation")
async def delete_session(session_id: str, engine: ReadyEngine, lane: EngineCalls) -> Response:
    if not await lane(engine.store.delete, _session_id(session_id)):
        raise ApiError(404, "session_not_found", f"no session '{session_id}'")
    return Response(status_code=204)
