"""Where an evaluation sends its conversations: the engine in this process, or a running server over HTTP.

Both give the same thing back per case — the responses, the stored session and (in process) the logs — so the
scoring is the same. Failures are reported per case, never dropped.
"""

from __future__ import annotations

import io
import logging
import random
import time
from dataclasses import dataclass

import httpx

from assistant.engine import ChatEngine
from assistant.responses import ChatResponse
from assistant.settings import Settings
from evals.answer_cases import AnswerCase

__all__ = ["Exchange", "HttpTarget", "InProcessTarget", "TargetUnavailable"]


RATE_LIMIT_PATIENCE_S = 60.0  # give up only when no request of this run got through for this long
MAX_RETRY_AFTER_S = 60.0


def _retry_after(reply: httpx.Response) -> float:
    try:
        return max(0.0, float(reply.headers.get("Retry-After", "1")))
    except ValueError:
        return 1.0


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


class _TurnFailed(Exception):
    """One turn got no answer (HTTP error, timeout): the case is counted as failed with this reason."""


class _Target:
    """One conversation per case, in a fresh session; subclasses send a turn and read the stored session."""

    name = "target"

    def _send(self, message: str, session_id: str | None, mode: str) -> ChatResponse:
        raise NotImplementedError

    def _stored(self, session_id: str) -> str:
        """The session as the product stored it; raises `_TurnFailed` when it cannot be read."""
        raise NotImplementedError

    def _logs(self) -> str:
        return ""

    def converse(self, case: AnswerCase) -> Exchange:
        started = time.perf_counter()
        responses: list[ChatResponse] = []
        error = None
        try:
            session_id = None
            for turn in case.turns:
                response = self._send(turn, session_id, case.mode)
                session_id = response.session_id
                responses.append(response)
        except _TurnFailed as exc:
            error = str(exc)
        except TargetUnavailable:
            raise
        except Exception as exc:  # counted as this case's error, the run goes on
            error = f"{type(exc).__name__}: {exc}"
        ms = (time.perf_counter() - started) * 1000
        stored = ""
        try:
            stored = self._stored(responses[-1].session_id) if responses else ""
        except _TurnFailed as exc:
            error = error or str(exc)
        return Exchange(responses, stored, self._logs(), ms, error)

    def close(self) -> None:
        pass


class InProcessTarget(_Target):
    name = "in-process"

    def __init__(self, settings: Settings, engine: ChatEngine | None = None) -> None:
        self.engine = engine or ChatEngine(settings)
        self.engine.ensure_ready()
        self.engine.chat("warm up")  # first-call costs (tokenizer, model) are not a case's latency
        self._capture = _LogCapture()

    def _send(self, message: str, session_id: str | None, mode: str) -> ChatResponse:
        return self.engine.chat(message, session_id, mode)

    def _stored(self, session_id: str) -> str:
        stored = self.engine.store.get(session_id)
        return stored.model_dump_json() if stored else ""

    def _logs(self) -> str:
        return self._capture.take()

    def converse(self, case: AnswerCase) -> Exchange:
        root = logging.getLogger()
        previous = root.level
        root.addHandler(self._capture)
        root.setLevel(logging.DEBUG)
        try:
            return super().converse(case)
        finally:
            root.removeHandler(self._capture)
            root.setLevel(previous)


class HttpTarget(_Target):
    name = "http"

    def __init__(
        self,
        url: str,
        timeout_s: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        rate_limit_patience_s: float = RATE_LIMIT_PATIENCE_S,
    ) -> None:
        self.url = url.rstrip("/")
        self.rate_limit_patience_s = rate_limit_patience_s
        self.client = httpx.Client(base_url=self.url, timeout=timeout_s, transport=transport)
        self._last_through = time.monotonic()  # when a request of this run last got past the rate limit
        try:
            ready = self.client.get("/readyz")
            self.client.post("/v1/chat", json={"message": "warm up"})
        except httpx.HTTPError as exc:
            raise TargetUnavailable(f"{self.url} cannot be reached: {exc}") from None
        if ready.status_code != 200:
            raise TargetUnavailable(f"{self.url} is not ready ({ready.status_code}): {ready.text[:200]}")

    def _request(self, method: str, path: str, **options) -> httpx.Response:
        """One request, waiting as told on 429 (every `/v1/` call counts against the server's limit).

        Concurrent workers share one limit, so a worker may lose the race several times in a row; the run gives
        up only when no worker got through for `rate_limit_patience_s`, not after a fixed count of tries.
        """
        while True:
            try:
                reply = self.client.request(method, path, **options)
            except httpx.TimeoutException:
                raise _TurnFailed("timeout") from None
            except httpx.HTTPError as exc:
                raise _TurnFailed(f"{type(exc).__name__}: {exc}") from None
            if reply.status_code != 429:
                self._last_through = time.monotonic()
                return reply
            if time.monotonic() - self._last_through > self.rate_limit_patience_s:
                # still limited after waiting as told: every later case would fail the same way
                raise TargetUnavailable(
                    f"{self.url} keeps limiting requests (HTTP 429): start it with ASSISTANT_RATE_LIMIT=off or a "
                    "higher rate, or lower --concurrency"
                )
            # wait as the server said, plus a little jitter so workers woken together do not collide again
            time.sleep(min(_retry_after(reply), MAX_RETRY_AFTER_S) + random.uniform(0.0, 0.5))

    def _send(self, message: str, session_id: str | None, mode: str) -> ChatResponse:
        body = {"message": message, "session_id": session_id, "mode": mode}
        reply = self._request("POST", "/v1/chat", json=body)
        if reply.status_code != 200:
            raise _TurnFailed(f"HTTP {reply.status_code}: {reply.text[:200]}")
        return ChatResponse.model_validate(reply.json())

    def server_info(self) -> dict:
        """What the server says it runs (`/v1/version`), or why that is unknown."""
        try:
            reply = self._request("GET", "/v1/version")
        except _TurnFailed as exc:
            return {"error": str(exc)}
        return reply.json() if reply.status_code == 200 else {"error": f"HTTP {reply.status_code}"}

    def _stored(self, session_id: str) -> str:
        history = self._request("GET", f"/v1/sessions/{session_id}")
        if history.status_code != 200:  # the stored-session leak check could not run: say so, do not pass silently
            raise _TurnFailed(f"stored session unreadable: HTTP {history.status_code}")
        return history.text

    def close(self) -> None:
        self.client.close()
