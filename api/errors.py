"""Every error is JSON with a request id: `{"error": {"code", "message", "details"?}, "request_id"}` (OpenAI's
`{"error": {"message", "type", "param", "code"}}` on the OpenAI-compatible paths), never a traceback. Messages go
to users, so they say what to change."""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.redaction import redact_secrets
from assistant.redaction.redactor import redact_values
from assistant.sessions import SessionConflict
from knowledge.errors import StorageError, VectorStoreUnavailable

__all__ = ["OPENAI_STYLE_PATHS", "ApiError", "error_body", "error_response", "install_error_handlers"]

log = logging.getLogger("api")


class ApiError(Exception):
    """An error to answer with: HTTP status, a stable code and a message for the user."""

    def __init__(self, status: int, code: str, message: str, details: list | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


OPENAI_STYLE_PATHS = ("/v1/chat/completions", "/v1/models")
"""Paths whose errors take OpenAI's shape, so an OpenAI client reads them as it reads OpenAI's own."""
_OPENAI_TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "invalid_request_error",
                 429: "rate_limit_error", 503: "server_error", 500: "server_error"}  # fmt: skip


def error_response(
    request: Request, status: int, code: str, message: str, details: list | None = None, headers: dict | None = None
):
    # Error messages may quote what was sent (a bad network, an unknown session id): never a pasted secret.
    message = redact_secrets(message).text
    details = [redact_values(item) if isinstance(item, dict) else item for item in details or []]
    path = request.url.path
    if path.startswith(OPENAI_STYLE_PATHS) and status == 422:
        status = 400  # OpenAI answers a bad request body with 400
    body = error_body(path, status, code, message, getattr(request.state, "request_id", ""), details)
    return JSONResponse(body, status_code=status, headers=headers)


def error_body(path: str, status: int, code: str, message: str, request_id: str, details: list | None = None) -> dict:
    """The JSON of an error answer to a request for `path` (also for the middlewares, which answer before any
    route): OpenAI's shape on the OpenAI-compatible paths, ours elsewhere."""
    if path.startswith(OPENAI_STYLE_PATHS):
        return _openai_body(status, code, message, details or [], request_id)
    body: dict = {"error": {"code": code, "message": message}, "request_id": request_id}
    if details:
        body["error"]["details"] = details
    return body


def _openai_body(status: int, code: str, message: str, details: list, request_id: str) -> dict:
    problems = [item for item in details if isinstance(item, dict)]
    if problems:
        message += ": " + "; ".join(f"{item.get('field')}: {item.get('problem')}" for item in problems)
    kind = _OPENAI_TYPES.get(status, "invalid_request_error" if status < 500 else "server_error")
    param = problems[0].get("field") if problems else None
    return {"error": {"message": message, "type": kind, "param": param, "code": code}, "request_id": request_id}


def _validation_details(exc: RequestValidationError) -> list[dict]:
    details = []
    for error in exc.errors():
        location = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        details.append({"field": location or "body", "problem": error.get("msg", "invalid")})
    return details


def _allowed_methods(request: Request) -> list[str]:
    """The methods the OpenAPI description lists for this path (one path may have several routes)."""
    table = getattr(request.app.state, "allowed_methods", None)
    if table is None:
        table = []
        for template, operations in request.app.openapi()["paths"].items():
            pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
            table.append((re.compile(pattern), sorted(method.upper() for method in operations)))
        request.app.state.allowed_methods = table
    for pattern, methods in table:
        if pattern.match(request.url.path):
            return methods
    return ["GET"]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        return error_response(request, exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        details = _validation_details(exc)
        if any("JSON" in d["problem"] for d in details):
            return error_response(request, 400, "malformed_json", "the request body is not valid JSON", details)
        if any(d["field"] == "body" and "dictionary" in d["problem"] for d in details):
            message = "the body must be a JSON object, sent with Content-Type: application/json"
            return error_response(request, 422, "invalid_request", message, details)
        return error_response(request, 422, "invalid_request", "the request has invalid or missing fields", details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(exc.status_code, "http_error")
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:  # every method of the path, not only those of the first route that matched it
            headers = {**(headers or {}), "Allow": ", ".join(_allowed_methods(request))}
        return error_response(request, exc.status_code, code, str(exc.detail), headers=headers)

    @app.exception_handler(VectorStoreUnavailable)
    async def vector_store_down(request: Request, exc: VectorStoreUnavailable):
        # The Chroma server is down or unreachable: the service is degraded, not broken; retrying later works.
        log.warning("vector store unavailable", extra={"request_id": request.state.request_id})
        message = "the search service is unavailable for a moment; please retry shortly"
        return error_response(request, 503, "search_unavailable", message, headers={"Retry-After": "5"})

    @app.exception_handler(StorageError)
    async def storage_failed(request: Request, exc: StorageError):
        log.error("storage failed: %s", exc, extra={"request_id": request.state.request_id})
        return error_response(request, 503, "storage_unavailable", "storage is unavailable; please retry shortly")

    @app.exception_handler(SessionConflict)
    async def session_busy(request: Request, exc: SessionConflict):
        message = "the conversation is being answered elsewhere at this moment; please retry"
        return error_response(request, 503, "session_busy", message, headers={"Retry-After": "1"})

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.error("unexpected error", extra={"request_id": request.state.request_id}, exc_info=exc)
        return error_response(request, 500, "internal_error", "something went wrong on our side; please retry")
