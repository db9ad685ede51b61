"""Request plumbing: a request id on every response, one structured log line per request (no bodies), and a
cap on body size enforced while reading (a lying or absent Content-Length does not get past it)."""

from __future__ import annotations

import json
import logging
import time
import uuid

from starlette.exceptions import HTTPException

from api.errors import error_body
from assistant.redaction import redact_secrets

__all__ = ["RequestContextMiddleware"]

log = logging.getLogger("api.access")


class _TooLarge(HTTPException):
    """Raised while the body is read: an HTTPException, so FastAPI's body parser lets it through as a 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit:,} bytes")


def _logged_path(scope) -> str:
    """The route's template ("/v1/sessions/{session_id}") when one matched, so ids and anything pasted into a URL
    stay out of the log; otherwise the path with secrets redacted, cut to 200 characters."""
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return template or redact_secrets(scope["path"]).text[:200]


class RequestContextMiddleware:
    """Pure ASGI, so streaming responses pass through untouched."""

    def __init__(self, app, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if given and len(given) <= 64 and given.isascii() else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = {"code": 500}
        limit = self.max_body_bytes

        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return await self._reject(send, request_id, limit, scope["path"])

        received = 0

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge(limit)
            return message

        async def tagged_send(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, counted_receive, tagged_send)
        except _TooLarge:
            await self._reject(send, request_id, limit, scope["path"])
            status["code"] = 413
        finally:
            log.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": scope["method"],
                    "path": _logged_path(scope),
                    "status": status["code"],
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )

    @staticmethod
    async def _reject(send, request_id: str, limit: int, path: str) -> None:
        message = f"the request body is larger than {limit:,} bytes"
        body = json.dumps(error_body(path, 413, "too_large", message, request_id)).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"x-request-id", request_id.encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
