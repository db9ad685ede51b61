"""An OpenAI-compatible chat API, so any OpenAI client or chat front-end (Open WebUI, LibreChat, LiteLLM) can use the
assistant: `POST /v1/chat/completions` (plain or `stream: true`) and `GET /v1/models`.

The client keeps the conversation: the last user message is the question and the earlier user messages (the
last 10) are answered again in a new session first (`ChatEngine.chat(history=...)`), so a follow-up such as
"그럼 반대 방향은?" means what it meant.
System messages and sampling options are accepted and ignored: the answers come from the guide and the tools, not
from a prompt. The engine's whole response rides along in the `assistant` field (and in the stream's last chunk).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from functools import partial
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from api.dependencies import AppSettings, EngineCalls, ReadyEngine
from api.errors import ApiError
from api.routes_chat import check_message, text_pieces
from assistant.requests import ChatRequest
from assistant.responses import ChatResponse, Mode, absolute_guide_links

__all__ = ["router"]

router = APIRouter(tags=["openai"])
MODELS: dict[str, Mode] = {"enterprise-cloud-assistant": "customer", "enterprise-cloud-assistant-agent": "agent"}
CREATED = 1_767_225_600  # 2026-01-01, when these model ids were first served
HISTORY_TURNS = 10
"""Earlier user messages answered again before the question: a follow-up leans on the last few, and a long chat
must not cost a turn per message forever."""


class TextPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[TextPart] | None = None

    @property
    def text(self) -> str:
        if isinstance(self.content, list):
            return "\n".join(part.text for part in self.content if part.type == "text" and part.text)
        return self.content or ""


class CompletionRequest(BaseModel):
    """OpenAI's request body; fields this assistant has no use for (temperature, tools, ...) are accepted."""

    model_config = ConfigDict(extra="allow")
    model: str = Field(description=f"One of: {', '.join(MODELS)} (the agent's draft replies).")
    messages: list[Message] = Field(min_length=1)
    stream: bool = False


def _question(body: CompletionRequest) -> tuple[Mode, str, list[str]]:
    mode = MODELS.get(body.model)
    if mode is None:
        known = ", ".join(MODELS)
        raise ApiError(404, "model_not_found", f"the model '{body.model}' does not exist; use one of: {known}")
    last = body.messages[-1]
    if last.role != "user" or not last.text.strip():
        raise ApiError(400, "last_message_not_user", "the last message must be the user's question, as text")
    said = [message.text for message in body.messages[:-1] if message.role == "user" and message.text.strip()]
    return mode, last.text, said[-HISTORY_TURNS:]


def _envelope(kind: str, model: str, completion_id: str) -> dict[str, Any]:
    return {"id": completion_id, "object": kind, "created": int(time.time()), "model": model}


def _chunk(model: str, completion_id: str, delta: dict, finish: str | None = None, **extra: Any) -> str:
    choice = {"index": 0, "delta": delta, "finish_reason": finish}
    payload = {**_envelope("chat.completion.chunk", model, completion_id), "choices": [choice], **extra}
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"


@router.get("/v1/models", summary="The assistant as OpenAI model ids (customer answers and agent drafts)")
async def models() -> dict:
    return {
        "object": "list",
        "data": [{"id": model, "object": "model", "created": CREATED, "owned_by": "kt-cloud"} for model in MODELS],
    }


@router.post(
    "/v1/chat/completions",
    summary="OpenAI-compatible chat (plain or streamed)",
    response_description="A `chat.completion`, or with `stream: true` Server-Sent Events of `chat.completion.chunk` "
    "ending with `data: [DONE]`; the engine's whole response is in `assistant`.",
)
async def chat_completions(
    body: CompletionRequest, request: Request, engine: ReadyEngine, settings: AppSettings, lane: EngineCalls
):
    mode, question, history = _question(body)
    for message in (*history, question):
        check_message(ChatRequest(message=message), settings.max_message_chars)
    base_url = settings.public_url or str(request.base_url).rstrip("/")
    answer = partial(engine.chat, public_url=base_url, history=history)
    response: ChatResponse = await lane(answer, question, None, mode)
    content = absolute_guide_links(response.answer, base_url)
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    extension = response.model_dump(mode="json")
    if not body.stream:
        return {
            **_envelope("chat.completion", body.model, completion_id),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "assistant": extension,
        }

    def events() -> Iterator[str]:
        yield _chunk(body.model, completion_id, {"role": "assistant", "content": ""})
        for piece in text_pieces(content):
            yield _chunk(body.model, completion_id, {"content": piece})
        yield _chunk(body.model, completion_id, {}, "stop", assistant=extension)
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})
