"""MCP over streamable HTTP at `/mcp`, behind a key: `ASSISTANT_MCP_API_KEY` when set, else the admin key; with
neither, the endpoint is off (403), as the admin endpoints are.

Stateless (each request stands alone, no MCP session kept in memory), so any worker or replica can answer any
request. DNS-rebinding protection is off because every request must carry the key anyway, and it would refuse
every host name but localhost behind a proxy.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from mcp.server import Server
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from api.api_keys import key_matches
from api.errors import error_response
from assistant.settings import Settings

__all__ = ["McpEndpoint"]


class McpEndpoint:
    """The ASGI endpoint for `/mcp`; `running()` must be entered for the app's lifetime (its lifespan)."""

    def __init__(self, server: Server, settings: Settings) -> None:
        self._settings = settings
        self._manager = StreamableHTTPSessionManager(
            app=server,
            stateless=True,
            security_settings=TransportSecuritySettings(enable_dns_rebinding_protection=False),
        )

    def running(self) -> AbstractAsyncContextManager[None]:
        return self._manager.run()

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
        else:
            await self._manager.handle_request(scope, receive, send)
            return
        await refusal(scope, receive, send)
