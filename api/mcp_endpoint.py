"""MCP over streamable HTTP at `/mcp`, behind a key: `ASSISTANT_MCP_API_KEY` when set, else the admin key; with
neither, the endpoint is off (403), as the admin endpoints are.

The MCP SDK is imported and the endpoint started only once chat is ready (`McpGate.serve_when_ready`): importing
it takes 0.4 s that would otherwise delay every start; until then an authorised request gets 503 with
Retry-After. Stateless (each request stands alone, no MCP session kept in memory), so any worker or replica can
answer any request. DNS-rebinding protection is off because every request must carry the key anyway, and it would
refuse every host name but localhost behind a proxy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import anyio
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from api.api_keys import key_matches
from api.errors import error_response
from assistant.settings import Settings

__all__ = ["McpGate"]

log = logging.getLogger("api")

ServerFactory = Callable[[], Any]
"""Builds the MCP `Server` (and imports the SDK): called in a worker thread once chat is ready."""


class McpGate:
    """The ASGI endpoint for `/mcp`: checks the key, then hands the request to the SDK's transport."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._handle: Callable[[Scope, Receive, Send], Any] | None = None

    async def serve_when_ready(self, ready: Callable[[], bool | None], build: ServerFactory) -> None:
        """Run for the app's lifetime (a task of its lifespan): wait until `ready()` is True (None: start-up
        failed, MCP stays off), build the server off the event loop, then serve until cancelled."""
        while not (state := ready()):
            if state is None:
                return
            await anyio.sleep(0.05)
        try:
            manager = await anyio.to_thread.run_sync(_session_manager, build)
        except Exception:  # MCP stays off (503); the rest of the server is not taken down with it
            log.exception("the MCP endpoint could not start")
            return
        async with manager.run():
            self._handle = manager.handle_request
            try:
                await anyio.sleep_forever()
            finally:
                self._handle = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        key = self._settings.mcp_api_key or self._settings.admin_api_key
        if key is None:
            refusal = error_response(
                request, 403, "mcp_disabled", "the MCP endpoint is off: set ASSISTANT_MCP_API_KEY to use it"
            )
        elif not key_matches(request, key):
            refusal = error_response(
                request, 401, "unauthorized", "a valid MCP API key is needed (Authorization: Bearer <key>)"
            )
        elif self._handle is None:
            message = "the MCP endpoint is starting; retry in a moment"
            refusal = error_response(request, 503, "starting", message, headers={"Retry-After": "1"})
        else:
            await self._handle(scope, receive, send)
            return
        await refusal(scope, receive, send)


def _session_manager(build: ServerFactory):
    from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
    from mcp.server.transport_security import TransportSecuritySettings

    return StreamableHTTPSessionManager(
        app=build(),
        stateless=True,
        security_settings=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )
