"""Where an evaluation sends its conversations: the engine in this process, or a running server over HTTP.

Both give the same thing back per case — the responses, the stored session and (in process) the logs — so the
scoring is the same. Failures are reported per case, never dropped.
"""

from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass

import httpx

from assistant.engine import ChatEngine
from assistant.responses import ChatResponse
from assistant.settings import Settings
from evals.answer_cases import AnswerCase

__all__ = ["Exchange", "HttpTarget", "InProcessTarget", "TargetUnavailable"]


class TargetUnavailable(RuntimeError):
    """The server cannot be reached or is not ready: an infrastructure failure, not a wrong answer."""


@dataclass
class Exchange:
    responses: list[ChatResponse]
    stored: str
    logs: str
    ms: float
    error: str | None = None


class _LogCapture(logging.Handler):
    """Every log record as text, extras included, so a leak into logs is found."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.buffer = io.StringIO()

    def emit(self, record: logging.LogRecord) -> None:
        self.buffer.write(f"{record.getMessage()} {record.__dict__}\n")

    def take(self) -> str:
        text = self.buffer.getvalue()
        self.buffer = io.StringIO()
        return text


class InProcessTarget:
    name = "in-process"

    def __init__(self, settings: Settings, engine: ChatEngine | None = None) -> None:
        self.engine = engine or ChatEngine(settings)
        self.engine.ensure_ready()
        self.engine.chat("warm up")  # first-call costs (tokenizer, model) are not a case's latency
        self._capture = _LogCapture()

    def converse(self, case: AnswerCase) -> Exchange:
        root = logging.getLogger()
        root.addHandler(self._capture)
        previous = root.level
        root.setLevel(logging.DEBUG)
        started = time.perf_counter()
        responses: list[ChatResponse] = []
        error = None
        try:
            session_id = None
            for turn in case.turns:
                response = self.engine.chat(turn, session_id, case.mode)
                session_id = response.session_id
                responses.append(response)
        except Exception as exc:  # counted as this case's error, the run goes on
            error = f"{type(exc).__name__}: {exc}"
        finally:
            root.removeHandler(self._capture)
            root.setLevel(previous)
        ms = (time.perf_counter() - started) * 1000
        stored = self.engine.store.get(responses[-1].session_id) if responses else None
        return Exchange(responses, stored.model_dump_json() if stored else "", self._capture.take(), ms, error)

    def close(self) -> None:
        pass


class HttpTarget:
    name = "http"

    def __init__(self, url: str, timeout_s: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.client = httpx.Client(base_url=self.url, timeout=timeout_s)
        try:
            ready = self.client.get("/readyz")
            self.client.post("/v1/chat", json={"message": "warm up"})
        except httpx.HTTPError as exc:
            raise TargetUnavailable(f"{self.url} cannot be reached: {exc}") from None
        if ready.status_code != 200:
            raise TargetUnavailable(f"{self.url} is not ready ({ready.status_code}): {ready.text[:200]}")

    def converse(self, case: AnswerCase) -> Exchange:
        started = time.perf_counter()
        responses: list[ChatResponse] = []
        error = None
        try:
            session_id = None
            for turn in case.turns:
                reply = self.client.post(
                    "/v1/chat", json={"message": turn, "session_id": session_id, "mode": case.mode}
                )
                if reply.status_code != 200:
                    error = f"HTTP {reply.status_code}: {reply.text[:200]}"
                    break
                response = ChatResponse.model_validate(reply.json())
                session_id = response.session_id
                responses.append(response)
        except httpx.TimeoutException:
            error = "timeout"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        ms = (time.perf_counter() - started) * 1000
        stored = ""
        if responses:
            history = self.client.get(f"/v1/sessions/{responses[-1].session_id}")
            stored = history.text if history.status_code == 200 else ""
        return Exchange(responses, stored, "", ms, error)

    def close(self) -> None:
        self.client.close()
