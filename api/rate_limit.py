"""A per-client request limit on the API (`/v1/...` and `/mcp`): over it, 429 with `Retry-After`, before any work
is done.

The client is the connection's peer address; behind a proxy, uvicorn puts the forwarded address there for the
proxies it trusts (`FORWARDED_ALLOW_IPS`). Counts are kept by the `limits` library, in this process by default
or in a shared store (`redis://host:6379`) so replicas count together. The store is called with `limits`' async
API, so a slow store never stalls the event loop; a store that does not answer (Redis down) fails open: requests
are served without a limit, with one warning, the store is tried again every 5 s, and the limit resumes when it
answers.
"""

from __future__ import annotations

import json
import logging
import math
import time

from api.errors import error_body

__all__ = ["RateLimitMiddleware"]

log = logging.getLogger("api")
STORE_TIMEOUT_S = 0.5
"""How long a request waits for the shared store before it is served without the limit."""
RETRY_STORE_AFTER_S = 5.0
"""After the store failed, how long requests skip it (so a hanging Redis does not cost every request 0.5 s)."""
LIMITED_PREFIXES = ("/v1/", "/mcp")


def _async_storage(uri: str):
    from limits.storage import storage_from_string

    if uri.startswith(("redis://", "rediss://", "redis+unix://")):
        # redis-py's asyncio client; short timeouts, so an unreachable Redis costs a request half a second at most
        return storage_from_string(
            f"async+{uri}",
            wrap_exceptions=True,
            implementation="redispy",
            socket_timeout=STORE_TIMEOUT_S,
            socket_connect_timeout=STORE_TIMEOUT_S,
        )
    return storage_from_string(uri if uri.startswith("async+") else f"async+{uri}", wrap_exceptions=True)


class RateLimitMiddleware:
    """Pure ASGI; other paths (the page, static files, health checks) are never limited."""

    def __init__(self, app, rate: str, storage_uri: str = "memory://") -> None:
        from limits import parse
        from limits.aio.strategies import MovingWindowRateLimiter

        self.app = app
        self.item = parse(rate)  # checked when the settings were read
        self.limiter = MovingWindowRateLimiter(_async_storage(storage_uri))
        self.store_down = False
        self._skip_store_until = 0.0

    async def _allowed(self, client: str) -> tuple[bool, float]:
        """Whether the request may go on, and when the client's window resets; True while the store is down."""
        from limits.errors import StorageError

        if time.monotonic() < self._skip_store_until:
            return True, 0.0
        try:
            if await self.limiter.hit(self.item, client):
                allowed, reset_at = True, 0.0
            else:
                allowed, reset_at = False, (await self.limiter.get_window_stats(self.item, client)).reset_time
        except (StorageError, OSError, TimeoutError) as exc:
            if not self.store_down:
                log.warning("the rate-limit store does not answer (%s): serving without a limit until it does", exc)
            self.store_down = True
            self._skip_store_until = time.monotonic() + RETRY_STORE_AFTER_S
            return True, 0.0
        if self.store_down:
            log.info("the rate-limit store answers again: the limit applies")
            self.store_down = False
        self._skip_store_until = 0.0
        return allowed, reset_at

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(LIMITED_PREFIXES):
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("unknown", 0))[0]
        allowed, reset_at = await self._allowed(client)
        if allowed:
            return await self.app(scope, receive, send)
        retry_after = max(1, math.ceil(reset_at - time.time()))
        message = (
            f"too many requests: the limit is {self.item.amount} per {self.item.multiples} "
            f"{self.item.GRANULARITY.name}(s); retry in {retry_after} s"
        )
        request_id = scope.get("state", {}).get("request_id", "")
        body = json.dumps(error_body(scope["path"], 429, "rate_limited", message, request_id)).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(retry_after).encode()),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})
