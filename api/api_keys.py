"""The API keys a request presents: `Authorization: Bearer <key>` or `X-API-Key`, compared in constant time."""

from __future__ import annotations

import secrets

from pydantic import SecretStr
from starlette.requests import Request

__all__ = ["key_matches"]


def key_matches(request: Request, expected: SecretStr) -> bool:
    header = request.headers.get("authorization", "")
    given = header[7:].strip() if header[:7].lower() == "bearer " else request.headers.get("x-api-key", "")
    return secrets.compare_digest(given.encode(), expected.get_secret_value().encode())
