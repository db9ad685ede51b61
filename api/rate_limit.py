"""A per-client request limit on the API (`/v1/...`): over it, 429 with `Retry-After`, before any work is done.

The client is the connection's peer address; behind a proxy, uvicorn puts the forwarded address there for the
proxies it trusts (`FORWARDED_ALLOW_IPS`). Counts are kept by the `limits` library, in this process by default
or in a shared store (e.g. `redis://`) so replicas count together.
"""

from __future__ import annotations

import json
import math
import time

__all__ = ["RateLimitMiddleware"]


class RateLimitMiddleware:
    """Pure ASGI; paths outside `/v1/` (the page, static files, health checks) are never limited."""

    def __init__(self, app, rate: str, storage_uri: str = "memory://") -> None:
        from limits import parse
        from limits.storage import storage_from_string
        from limits.strategies import MovingWindowRateLimiter

        self.app = app
        self.item = parse(rate)  # checked when the settings were read
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("unknown", 0))[0]
        if self.limiter.hit(self.item, client):
            return await self.app(scope, receive, send)
        reset_at = self.limiter.get_window_stats(self.item, client).reset_time
        retry_after = max(1, math.ceil(reset_at - time.time()))
        message = (
            f"too many requests: the limit is {self.item.amount} per {self.item.multiples} "
            f"{self.item.GRANULARITY.name}(s); retry in {retry_after} s"
        )
        request_id = scope.get("state", {}).get("request_id", "")
        body = json.dumps({"error": {"code": "rate_limited", "message": message}, "request_id": request_id}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(retry_after).encode()),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})
